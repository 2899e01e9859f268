package xsd11

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/taxii-conform/taxii-conform/schemas"
)

// Rules of the spec text that tie one field to another field's value. XML Schema 1.0 (all
// libxml2 implements) has no conditional content, so these are checked in Go on the parsed
// document, after the schema. Only MUST and MUST NOT statements that a single message
// shows are here; rules needing the exchange around the message (e.g. whether the
// collection is a Data Feed) belong to the suites.
//
// ruleRequirements names the requirement each rule checks (and is listed for the catalog
// test).
var ruleRequirements = map[string]string{
	"status-detail-present":  "T11X-3.1-03",
	"status-detail-names":    "T11X-3.1-05",
	"status-detail-values":   "T11X-3.1-09",
	"scope-detail-present":   "T11Q-2-04",
	"distinct-bindings-si":   "T11X-3.3-05",
	"distinct-bindings-pm":   "T11X-3.5-05",
	"distinct-bindings-ps":   "T11X-3.5-06",
	"distinct-bindings-ss":   "T11X-3.5-07",
	"distinct-bindings-ris":  "T11X-3.5-08",
	"subscription-id-action": "T11X-3.6-03",
	"parameters-action":      "T11X-3.6-07",
	"poll-range-order":       "T11X-3.8-07",
	"delivery-needs-asynch":  "T11S-4.4.8-13",
	"more-needs-result-id":   "T11X-3.9-02",
	"record-count-poll":      "T11S-4.4.9-08",
	"record-count-inbox":     "T11S-4.4.10-06",
	"query-format-poll":      "T11X-3.8-05",
	"query-format-subscribe": "T11X-3.6-10",
	"query-format-supported": "T11X-3.3-07",
}

// Default Query format IDs (Part 5 §1.1.1 for 1.1.1; the TAXII 1.1 Default Query for 1.1).
var defaultQueryFormat = map[string]string{
	Family11:  "urn:taxii.mitre.org:query:default:1.0",
	Family111: "urn:oasis:cti:taxii:query:1.1.1",
}

// Status Detail entries Table 2 requires, by status type.
var requiredDetails = map[string][]string{
	"INVALID_RESPONSE_PART": {"MAX_PART_NUMBER"},
	"PENDING":               {"ESTIMATED_WAIT", "RESULT_ID", "WILL_PUSH"},
}

// Value types of Table 3 that have a lexical form to check (URI values are not checked:
// xs:anyURI accepts almost any string).
var detailTypes = map[string]map[string]string{
	"INVALID_RESPONSE_PART": {"MAX_PART_NUMBER": "integer"},
	"PENDING":               {"ESTIMATED_WAIT": "integer", "WILL_PUSH": "boolean"},
	"RETRY":                 {"ESTIMATED_WAIT": "integer"},
}

var (
	xsInteger = regexp.MustCompile(`^[+-]?[0-9]+$`)
	xsBoolean = regexp.MustCompile(`^(true|false|1|0)$`)
)

// ruleCheck collects the violations of one document.
type ruleCheck struct {
	v   *Validator
	res Result
	fam family
	out []schemas.Violation
}

func (r *ruleCheck) report(rule string, e *element, path, format string, args ...any) {
	loc := fmt.Sprintf("line %d %s", e.Line, path)
	r.out = append(r.out, r.v.violation(r.res, ruleRequirements[rule], loc, "taxii-conform:"+rule, fmt.Sprintf(format, args...)))
}

// ruleViolations runs the rules on a document whose root is a TAXII message.
func (v *Validator) ruleViolations(res Result, f family, p *parsed) []schemas.Violation {
	root := p.tree(func(e *element) bool {
		// Third-party bodies are not needed, and may be large.
		switch e.Name {
		case "Content", "Extended_Header", "Padding", "Signature":
			return true
		}
		return e.NS != f.BindingNS && e.NS != f.QueryNS
	})
	if root == nil || root.NS != f.BindingNS {
		return nil
	}
	r := &ruleCheck{v: v, res: res, fam: f}
	top := "/" + root.Name
	switch root.Name {
	case "Status_Message":
		r.statusDetails(root, top)
	case "Discovery_Response":
		sis := root.children("Service_Instance")
		for i, si := range sis {
			path := indexed(top+"/Service_Instance", i, len(sis))
			r.distinctBindings("distinct-bindings-si", si, path)
			qs := si.children("Supported_Query")
			for j, q := range qs {
				r.queryFormat("query-format-supported", q, indexed(path+"/Supported_Query", j, len(qs)), "Default_Query_Info")
			}
		}
	case "Collection_Information_Response":
		cols := root.children("Collection")
		for i, c := range cols {
			path := indexed(top+"/Collection", i, len(cols))
			for _, kind := range []struct{ name, rule string }{
				{"Push_Method", "distinct-bindings-pm"},
				{"Polling_Service", "distinct-bindings-ps"},
				{"Subscription_Service", "distinct-bindings-ss"},
				{"Receiving_Inbox_Service", "distinct-bindings-ris"},
			} {
				list := c.children(kind.name)
				for j, s := range list {
					r.distinctBindings(kind.rule, s, indexed(path+"/"+kind.name, j, len(list)))
				}
			}
		}
	case "Subscription_Management_Request":
		r.subscriptionRequest(root, top)
	case "Poll_Request":
		r.pollRange(root, top)
		if pp := root.child("Poll_Parameters"); pp != nil {
			if pp.child("Delivery_Parameters") != nil && !isTrue(pp.Attrs["allow_asynch"]) {
				r.report("delivery-needs-asynch", pp.child("Delivery_Parameters"), top+"/Poll_Parameters/Delivery_Parameters",
					"Delivery_Parameters is present but allow_asynch is not true: results can only be pushed to a requester that allows asynchronous polling")
			}
			if q := pp.child("Query"); q != nil {
				r.queryFormat("query-format-poll", q, top+"/Poll_Parameters/Query", "Default_Query")
			}
		}
	case "Poll_Response":
		if isTrue(root.Attrs["more"]) && strings.TrimSpace(root.Attrs["result_id"]) == "" {
			r.report("more-needs-result-id", root, top, "more is true but result_id is missing: the remaining parts could not be requested")
		}
		r.recordCount("record-count-poll", root, top)
	case "Inbox_Message":
		r.recordCount("record-count-inbox", root, top)
	}
	return r.out
}

func indexed(path string, i, n int) string {
	if n > 1 {
		return fmt.Sprintf("%s[%d]", path, i+1)
	}
	return path
}

func isTrue(v string) bool {
	v = strings.TrimSpace(v)
	return v == "true" || v == "1"
}

// statusDetails checks Table 2's required details, Table 3's value types and Part 5
// §2's scope details.
func (r *ruleCheck) statusDetails(root *element, top string) {
	st := strings.TrimSpace(root.Attrs["status_type"])
	sd := root.child("Status_Detail")
	names := map[string][]*element{}
	if sd != nil {
		for _, d := range sd.children("Detail") {
			n := strings.TrimSpace(d.Attrs["name"])
			names[n] = append(names[n], d)
		}
	}
	if req := requiredDetails[st]; len(req) > 0 {
		if sd == nil {
			r.report("status-detail-present", root, top, "status_type %s requires a Status_Detail with %s", st, strings.Join(req, ", "))
		} else {
			var missing []string
			for _, n := range req {
				if len(names[n]) == 0 {
					missing = append(missing, n)
				}
			}
			if len(missing) > 0 {
				r.report("status-detail-names", sd, top+"/Status_Detail", "status_type %s requires the Detail entries %s; missing: %s",
					st, strings.Join(req, ", "), strings.Join(missing, ", "))
			}
		}
	}
	if sd != nil {
		for name, typ := range detailTypes[st] {
			for _, d := range names[name] {
				val := strings.TrimSpace(d.Text)
				ok := (typ == "integer" && xsInteger.MatchString(val)) || (typ == "boolean" && xsBoolean.MatchString(val))
				if !ok || len(d.Kids) > 0 {
					r.report("status-detail-values", d, top+"/Status_Detail/Detail", "Detail %s of a %s status must be an XML %s, got %q", name, st, typ, val)
				}
			}
		}
	}
	if st == "UNSUPPORTED_TARGETING_EXPRESSION" && len(names["PREFERRED_SCOPE"]) == 0 && len(names["ALLOWED_SCOPE"]) == 0 {
		r.report("scope-detail-present", root, top, "status_type UNSUPPORTED_TARGETING_EXPRESSION requires at least one PREFERRED_SCOPE or ALLOWED_SCOPE detail")
	}
}

// distinctBindings checks that the Message_Binding values of one service entry differ.
func (r *ruleCheck) distinctBindings(rule string, e *element, path string) {
	seen := map[string]bool{}
	for _, mb := range e.children("Message_Binding") {
		v := strings.TrimSpace(mb.Text)
		if seen[v] {
			r.report(rule, mb, path+"/Message_Binding", "Message_Binding %s is listed twice: each entry names a different binding", v)
		}
		seen[v] = true
	}
}

func (r *ruleCheck) subscriptionRequest(root *element, top string) {
	action := strings.TrimSpace(root.Attrs["action"])
	switch action {
	case "UNSUBSCRIBE", "PAUSE", "RESUME":
		if root.child("Subscription_ID") == nil {
			r.report("subscription-id-action", root, top, "action %s requires a Subscription_ID naming the subscription", action)
		}
	}
	params := root.child("Subscription_Parameters")
	switch {
	case action == "SUBSCRIBE" && params == nil:
		r.report("parameters-action", root, top, "action SUBSCRIBE requires Subscription_Parameters")
	case action != "SUBSCRIBE" && action != "" && params != nil:
		r.report("parameters-action", params, top+"/Subscription_Parameters", "Subscription_Parameters is present only when the action is SUBSCRIBE, not %s", action)
	}
	if params != nil {
		if q := params.child("Query"); q != nil {
			r.queryFormat("query-format-subscribe", q, top+"/Subscription_Parameters/Query", "Default_Query")
		}
	}
}

// pollRange checks that the requested range is not empty or reversed.
func (r *ruleCheck) pollRange(root *element, top string) {
	b, e := root.child("Exclusive_Begin_Timestamp"), root.child("Inclusive_End_Timestamp")
	if b == nil || e == nil {
		return
	}
	bt, err1 := time.Parse(time.RFC3339Nano, strings.TrimSpace(b.Text))
	et, err2 := time.Parse(time.RFC3339Nano, strings.TrimSpace(e.Text))
	if err1 != nil || err2 != nil {
		return // the schema has already reported the malformed label
	}
	if !et.After(bt) {
		r.report("poll-range-order", e, top+"/Inclusive_End_Timestamp", "Inclusive_End_Timestamp %s is not later than Exclusive_Begin_Timestamp %s",
			strings.TrimSpace(e.Text), strings.TrimSpace(b.Text))
	}
}

func (r *ruleCheck) recordCount(rule string, root *element, top string) {
	rc := root.child("Record_Count")
	if rc == nil {
		return
	}
	var n int
	if _, err := fmt.Sscan(strings.TrimSpace(rc.Text), &n); err != nil {
		return // not a number: the schema has reported it
	}
	if blocks := len(root.children("Content_Block")); n < blocks {
		r.report(rule, rc, top+"/Record_Count",
			"Record_Count %d is less than the %d Content_Block elements of the message", n, blocks)
	}
}

// queryFormat checks that a query whose format_id is the family's Default Query holds
// exactly the Default Query structure, in the family's namespace. The schema cannot:
// query bodies are a lax wildcard, so a misspelt or foreign element there passes it.
func (r *ruleCheck) queryFormat(rule string, q *element, path, want string) {
	if strings.TrimSpace(q.Attrs["format_id"]) != defaultQueryFormat[r.fam.Name] {
		return
	}
	// Foreign elements are in the tree too (without their children).
	found := q.Kids
	if len(found) == 1 && found[0].Name == want && found[0].NS == r.fam.QueryNS {
		return
	}
	r.report(rule, q, path, "format_id %s names the Default Query, so the body must be one %s element in namespace %s",
		defaultQueryFormat[r.fam.Name], want, r.fam.QueryNS)
}
