package taxii11

// Every exchange of a TAXII 1.1.1 run goes through validate:
//   - the request and the response bodies are checked against the project's XML Schemas and
//     co-occurrence rules (schemas/xsd11), whose violations name the Part 4 / Part 5 (and
//     some Part 2) requirements they encode;
//   - what XML Schema cannot say about one message is checked here in Go and named after the
//     Part 2 requirement (URI syntax and authorities, Timestamp Labels, required status
//     details, nesting expressions, in_response_to matching the request);
//   - the response's HTTP binding (Part 3 §2, §4): a TAXII message in every 200 answer and the
//     X-TAXII-* and Content-Type headers around every TAXII message.
// A violation fails the running spec when the spec carries its requirement; otherwise it is
// kept in the report. Violations in the harness's own requests are harness bugs.

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/taxii-conform/taxii-conform/schemas"
	"github.com/taxii-conform/taxii-conform/schemas/xsd11"
	"github.com/taxii-conform/taxii-conform/suites/harness"
	"github.com/taxii-conform/taxii-conform/suites/requirements"
)

func init() { harness.RegisterValidator(requirements.TAXII111, validate) }

var (
	xsdOnce sync.Once
	xsdVal  *xsd11.Validator
	xsdErr  error
)

// schemaValidator is the XSD validator, built once per process.
func schemaValidator() (*xsd11.Validator, error) {
	xsdOnce.Do(func() { xsdVal, xsdErr = xsd11.New() })
	return xsdVal, xsdErr
}

// Requirements the Go checks name.
const (
	reqHTTPConform      = "T11H-1.1.1-01"
	reqContentTypeApp   = "T11H-2.1.2-01"
	reqContentTypeIANA  = "T11H-2.1.2-02"
	reqContentTypeAgree = "T11H-2.1.2-03"
	reqNoAcceptInResp   = "T11H-2.1.3-04"
	reqXContentValue    = "T11H-2.1.4-01"
	reqXContentPresent  = "T11H-2.1.4-02"
	reqXProtocolValue   = "T11H-2.1.5-01"
	reqXProtocolPresent = "T11H-2.1.5-02"
	reqXProtocolAgree   = "T11H-2.1.5-03"
	reqXServicesValue   = "T11H-2.1.6-01"
	reqXServicesPresent = "T11H-2.1.6-02"
	reqMessageIn200     = "T11H-4-02"

	reqOnlyDefinedTypes  = "T11S-4-01"
	reqInResponseToValue = "T11S-4.1.1-01"
	reqMessageIDURI      = "T11S-4.1.1-03"
	reqCollectionURI     = "T11S-4.1.2-01"
	reqSubResultURI      = "T11S-4.1.3-03"
	reqLabelRFC3339      = "T11S-4.1.4-02"
	reqLabelSixDigits    = "T11S-4.1.4-07"
	reqHeaderNameURI     = "T11S-4.1.5-01"
	reqHeaderAuthority   = "T11S-4.1.5-02"
	reqDetailNameURI     = "T11S-4.1.5-03"
	reqDetailAuthority   = "T11S-4.1.5-04"
	reqQueryFormatURI    = "T11S-4.1.6-02"
	reqQueryFormatAuth   = "T11S-4.1.6-03"
	reqServicesVersion   = "T11S-4.1.7-01"
	reqIDsURI            = "T11S-4.1.7-02"
	reqIDsAuthority      = "T11S-4.1.7-04"
	reqRequiredFields    = "T11S-4.2-01"
	reqHasMessageID      = "T11S-4.3-01"
	reqHasInResponseTo   = "T11S-4.3-04"
	reqStatusType        = "T11S-4.4.1-01"
	reqRequiredDetails   = "T11S-4.4.1-05"
	reqMaxPartDetail     = "T11S-4.4.1-08"
	reqPendingDetails    = "T11S-4.4.1-09"
	reqCustomStatusURI   = "T11S-4.4.1.1-04"
	reqCustomStatusAuth  = "T11S-4.4.1.1-05"
	reqBlockFields       = "T11S-4.5-01"
	reqSubtypeID         = "T11S-4.5-02"
	reqNestingNoSubtype  = "T11S-5.3.2-01"
	reqNoNestingOutside  = "T11S-5.3.4-01"
	reqWrongFamily       = "T11X-3-02"
)

const schemaName = "taxii-conform/taxii11"

func validate(x *harness.Exchange) []harness.ExchangeViolation {
	v, err := schemaValidator()
	if err != nil {
		return []harness.ExchangeViolation{{InRequest: true, Violation: schemas.Violation{Schema: "xsd11", Rule: "load", Message: err.Error()}}}
	}
	var out []harness.ExchangeViolation
	reqRoot, _ := parseXML(x.Request.Body)
	if !x.Request.Deliberate && len(x.Request.Body) > 0 {
		res, err := v.Validate(x.Request.Body)
		if err != nil {
			out = append(out, harness.ExchangeViolation{InRequest: true, Violation: schemas.Violation{Schema: "xsd11", Message: "internal: " + err.Error()}})
		}
		for _, vi := range res.Violations {
			out = append(out, harness.ExchangeViolation{InRequest: true, Violation: vi})
		}
		for _, vi := range checkMessage(reqRoot, false, "") {
			out = append(out, harness.ExchangeViolation{InRequest: true, Violation: vi})
		}
	}
	for _, vi := range responseProblems(v, x, reqRoot) {
		out = append(out, harness.ExchangeViolation{Violation: vi})
	}
	return out
}

// responseProblems checks the answer: its body against the schemas and the Go rules, and the
// HTTP binding around it.
func responseProblems(v *xsd11.Validator, x *harness.Exchange, reqRoot *elem) []schemas.Violation {
	var out []schemas.Violation
	add := func(req, loc, format string, args ...any) {
		out = append(out, schemas.Violation{Requirement: req, Schema: schemaName, Location: loc, Rule: "taxii-conform", Message: fmt.Sprintf(format, args...)})
	}
	root, perr := parseXML(x.Body)
	taxiiNS := root != nil && (familyByNamespace(root.NS) != nil || root.NS == xsd11.NSBinding111Draft)
	message := taxiiNS && familyByNamespace(root.NS) != nil
	if x.Status == 200 && x.Request.Method != "HEAD" {
		switch {
		case root == nil:
			add(reqMessageIn200, "response.body", "the answer has HTTP status 200 but its body is not a TAXII message: %v", perr)
		case !taxiiNS:
			add(reqMessageIn200, "response.body", "the answer has HTTP status 200 but its body is a {%s}%s element, not a TAXII message", root.NS, root.Name)
		}
	}
	looksXML := len(bytes.TrimSpace(x.Body)) > 0 && bytes.TrimSpace(x.Body)[0] == '<'
	if (root != nil && (taxiiNS || x.Status == 200 || x.Header.Get("X-TAXII-Content-Type") != "")) || (root == nil && looksXML && x.Status == 200) {
		res, err := v.Validate(x.Body)
		if err != nil {
			add("", "response.body", "internal: %v", err)
		}
		for _, vi := range res.Violations {
			vi.Location = "response.body " + vi.Location
			out = append(out, vi)
			if xsd11.MissingField(vi) {
				add(reqRequiredFields, vi.Location, "a required field is missing: %s", vi.Message)
			}
		}
	}
	if !message {
		return out
	}
	// A request broken on purpose may be unreadable to the server, which then cannot know
	// the message_id to answer: in_response_to is only matched for requests made in earnest.
	// Nor can a server read a request in a family it does not speak.
	requestID := reqRoot.at("message_id")
	if x.Request.Deliberate || (reqRoot != nil && !spokenByTarget(familyByNamespace(reqRoot.NS))) {
		requestID = ""
	}
	for _, vi := range checkMessage(root, true, requestID) {
		vi.Location = "response.body " + vi.Location
		out = append(out, vi)
	}
	out = append(out, headerProblems(x, root, reqRoot)...)
	return out
}

// headerProblems checks the HTTP binding headers of an answer that carries a TAXII message
// (Part 3 §2.0.2-§2.0.6, §4).
func headerProblems(x *harness.Exchange, root, reqRoot *elem) []schemas.Violation {
	var out []schemas.Violation
	add := func(req, header, format string, args ...any) {
		out = append(out, schemas.Violation{Requirement: req, Schema: schemaName, Location: "response.header." + header, Rule: "part3", Message: fmt.Sprintf(format, args...)})
	}
	bodyFam := familyByNamespace(root.NS)
	https := strings.EqualFold(x.URL.Scheme, "https")

	// single is the trimmed value of a header the answer carries exactly once; a missing or
	// repeated one is reported.
	single := func(header, presentReq, valueReq, missing string) (string, bool) {
		vs := x.Header.Values(header)
		switch {
		case len(vs) == 0:
			add(presentReq, header, "%s", missing)
			return "", false
		case len(vs) > 1:
			add(valueReq, header, "%s appears %d times", header, len(vs))
			return "", false
		}
		return strings.TrimSpace(vs[0]), true
	}
	if v, ok := single("X-TAXII-Content-Type", reqXContentPresent, reqXContentValue,
		fmt.Sprintf("the answer carries a TAXII message (%s) but no X-TAXII-Content-Type header", root.Name)); ok {
		if f := familyByBinding(v); f == nil {
			add(reqXContentValue, "X-TAXII-Content-Type", "X-TAXII-Content-Type %q is not an XML Message Binding Version ID (%s or %s)", v, fam111.MessageBinding, fam11.MessageBinding)
		} else if f != bodyFam {
			add(reqXContentValue, "X-TAXII-Content-Type", "X-TAXII-Content-Type %q names the TAXII %s XML binding, but the message is in the TAXII %s namespace %s", v, f.Name, bodyFam.Name, root.NS)
		}
	}
	if v, ok := single("X-TAXII-Protocol", reqXProtocolPresent, reqXProtocolValue,
		"the answer carries a TAXII message but no X-TAXII-Protocol header"); ok {
		f, tls := familyByProtocol(v)
		switch {
		case f == nil:
			add(reqXProtocolValue, "X-TAXII-Protocol", "X-TAXII-Protocol %q is not a TAXII HTTP or HTTPS Protocol Binding Version ID", v)
		case tls != https:
			add(reqXProtocolAgree, "X-TAXII-Protocol", "X-TAXII-Protocol %q names %s but the answer came over %s", v,
				map[bool]string{true: "HTTPS", false: "plain HTTP"}[tls], map[bool]string{true: "HTTPS", false: "plain HTTP"}[https])
		}
	}
	if v, ok := single("X-TAXII-Services", reqXServicesPresent, reqXServicesValue,
		"the answer carries a TAXII message but no X-TAXII-Services header"); ok {
		if familyByServices(v) == nil && v != servicesTAXII10 {
			add(reqXServicesValue, "X-TAXII-Services", "X-TAXII-Services %q is not a TAXII Services Version ID", v)
		}
	}
	if ct := x.Header.Get("Content-Type"); ct != "" {
		mt, _ := contentType(x.Header)
		typ, sub, _ := strings.Cut(mt, "/")
		switch {
		case mt == "" || typ != "application":
			add(reqContentTypeApp, "Content-Type", "Content-Type %q is not of type application", ct)
		case bodyFam != nil && sub != "xml":
			add(reqContentTypeAgree, "Content-Type", "Content-Type %q does not agree with the XML message binding (application/xml)", ct)
		}
		if typ == "application" && !ianaApplication[sub] {
			add(reqContentTypeIANA, "Content-Type", "Content-Type %q is not an IANA-registered application subtype", ct)
		}
	}
	if len(x.Header.Values("X-TAXII-Accept")) > 0 {
		add(reqNoAcceptInResp, "X-TAXII-Accept", "the answer carries X-TAXII-Accept %q, which belongs in requests", x.Header.Get("X-TAXII-Accept"))
	}
	if reqRoot != nil && bodyFam != nil {
		// A server that does not speak the request's family can only answer in another.
		if want := familyByNamespace(reqRoot.NS); want != nil && want != bodyFam && acceptsOnly(x, want) && spokenByTarget(want) {
			out = append(out, schemas.Violation{Requirement: reqWrongFamily, Schema: schemaName, Location: "response.body /" + root.Name, Rule: "family",
				Message: fmt.Sprintf("the request was a TAXII %s message accepting only the %s binding, but the answer is in the TAXII %s namespace %s", want.Name, want.MessageBinding, bodyFam.Name, root.NS)})
		}
	}
	return out
}

// spokenByTarget reports whether the target answered a Discovery Request in f with a
// Discovery Response; true while that is not known (nil f, or before discovery).
func spokenByTarget(f *family) bool {
	v, ok := harness.Memoized(serverMemo)
	if f == nil || !ok {
		return true
	}
	return slices.Contains(v.(*server).spoken, f)
}

// acceptsOnly reports whether the request's X-TAXII-Accept named only the family's binding.
func acceptsOnly(x *harness.Exchange, f *family) bool {
	ids := strings.Fields(strings.Join(x.Request.Header.Values("X-TAXII-Accept"), " "))
	if len(ids) == 0 {
		return false
	}
	for _, id := range ids {
		if id != f.MessageBinding {
			return false
		}
	}
	return true
}

// ianaApplication lists application subtypes registered with IANA that a TAXII answer might
// plausibly carry (the XML binding uses xml).
var ianaApplication = map[string]bool{
	"xml": true, "xml-dtd": true, "xml-external-parsed-entity": true, "xhtml+xml": true, "soap+xml": true,
	"atom+xml": true, "rdf+xml": true, "json": true, "octet-stream": true, "zip": true, "gzip": true,
	"pdf": true, "problem+json": true, "problem+xml": true, "taxii+json": true, "stix+json": true,
}

// ---- rules on one message that XML Schema cannot state ----

var (
	uriChars  = regexp.MustCompile(`^([A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$`)
	uriScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.\-]*$`)
	// labelRE is the RFC 3339 date-time production (§5.6).
	labelRE  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.(\d+))?([Zz]|[+\-]\d{2}:\d{2})$`)
	integerR = regexp.MustCompile(`^\+?[0-9]+$`)
)

// uriProblem says why s is not an RFC 3986 URI reference ("" when it is one).
func uriProblem(s string) string {
	switch {
	case s == "":
		return "it is empty"
	case !uriChars.MatchString(s):
		return "it holds characters a URI may not (spaces, quotes, <, >, non-ASCII …) or a bad percent-escape"
	}
	if i := strings.IndexAny(s, ":/?#"); i >= 0 && s[i] == ':' && !uriScheme.MatchString(s[:i]) {
		return fmt.Sprintf("%q before the first colon is not a URI scheme", s[:i])
	}
	return ""
}

// hasAuthority reports whether an identifier names who controls it: a URI with a host
// (scheme://host/…), a URN with a namespace (urn:nid:…), or a tag URI (tag:authority,date:…).
func hasAuthority(s string) bool {
	scheme, rest, ok := strings.Cut(s, ":")
	if !ok || !uriScheme.MatchString(scheme) {
		return false
	}
	switch strings.ToLower(scheme) {
	case "urn":
		nid, nss, ok := strings.Cut(rest, ":")
		return ok && nid != "" && nss != ""
	case "tag":
		auth, _, ok := strings.Cut(rest, ":")
		return ok && strings.Contains(auth, ",")
	}
	if host, ok := strings.CutPrefix(rest, "//"); ok {
		host, _, _ = strings.Cut(host, "/")
		return host != ""
	}
	return false
}

var canonicalDetails = map[string]bool{
	dtAcceptableDestination: true, dtMaxPartNumber: true, dtItem: true, dtEstimatedWait: true, dtResultID: true,
	dtWillPush: true, dtSupportedBinding: true, dtSupportedContent: true, dtSupportedProtocol: true, dtSupportedQuery: true,
}

// messageProblems checks one message; reqRoot is the request it answers (nil when it answers
// none, e.g. a request or a pushed Inbox Message).
func messageProblems(root, reqRoot *elem) []schemas.Violation {
	return checkMessage(root, reqRoot != nil, reqRoot.at("message_id"))
}

// checkMessage checks one message. For an answer (reply), requestID is the message_id of the
// request it answers, "" when that cannot be held against the server.
func checkMessage(root *elem, reply bool, requestID string) []schemas.Violation {
	if root == nil || familyByNamespace(root.NS) == nil {
		return nil
	}
	var out []schemas.Violation
	add := func(req string, e *elem, format string, args ...any) {
		out = append(out, schemas.Violation{Requirement: req, Schema: schemaName, Location: fmt.Sprintf("line %d %s", e.Line, e.path()),
			Rule: "taxii-conform", Message: fmt.Sprintf(format, args...)})
	}
	uri := func(req string, e *elem, what, v string) {
		if p := uriProblem(strings.TrimSpace(v)); p != "" {
			add(req, e, "%s %q is not a URI reference: %s", what, v, p)
			// Part 4 §2.2.3 states the same for the XML binding (xs:anyURI, which libxml2
			// checks too leniently to catch it).
			if twin := uriTwins[req]; twin != "" {
				add(twin, e, "%s %q is not a URI (Part 4 §2.2.3): %s", what, v, p)
			}
		}
	}
	known := false
	for _, m := range xsd11.Messages {
		known = known || m == root.Name
	}
	if !known {
		add(reqOnlyDefinedTypes, root, "%s is not one of the message types TAXII defines", root.Name)
		return out
	}
	if id, ok := root.attr("message_id"); !ok {
		add(reqHasMessageID, root, "the message has no message_id")
	} else {
		uri(reqMessageIDURI, root, "message_id", id)
	}
	if reply {
		irt, ok := root.attr("in_response_to")
		want := requestID
		switch {
		case !ok:
			add(reqHasInResponseTo, root, "the %s answers a request but has no in_response_to", root.Name)
			if want != "" {
				add(reqInResponseToValue, root, "the %s has no in_response_to, so it does not name the request's message_id %q", root.Name, want)
			}
		case want != "" && strings.TrimSpace(irt) != want:
			add(reqInResponseToValue, root, "in_response_to is %q but the request's message_id was %q", irt, want)
		}
		if ok {
			uri(reqMessageIDURI, root, "in_response_to", irt)
		}
	}
	st := strings.TrimSpace(root.at("status_type"))
	if root.Name == "Status_Message" {
		if _, ok := root.attr("status_type"); !ok {
			add(reqStatusType, root, "the Status Message has no status_type")
		} else if !isCanonicalStatus(st) {
			if p := uriProblem(st); p != "" {
				add(reqCustomStatusURI, root, "status_type %q is neither a TAXII status type nor a URI: %s", st, p)
			} else if !hasAuthority(st) {
				add(reqCustomStatusAuth, root, "status_type %q is not a TAXII status type, and as a third-party one it names no authority", st)
			}
		}
		statusDetailProblems(root, st, add)
	}
	root.walk(func(e *elem) {
		if e.NS != root.NS {
			return
		}
		for _, name := range []string{"collection_name"} {
			if v, ok := e.attr(name); ok {
				uri(reqCollectionURI, e, name, v)
			}
		}
		if v, ok := e.attr("result_id"); ok {
			uri(reqSubResultURI, e, "result_id", v)
		}
		if v, ok := e.attr("format_id"); ok {
			v = strings.TrimSpace(v)
			uri(reqQueryFormatURI, e, "format_id", v)
			if uriProblem(v) == "" && !hasAuthority(v) {
				add(reqQueryFormatAuth, e, "Query Format ID %q names no authority (a domain or a URN namespace)", v)
			}
		}
		if v, ok := e.attr("service_version"); ok {
			v = strings.TrimSpace(v)
			if familyByServices(v) == nil && v != servicesTAXII10 {
				add(reqServicesVersion, e, "service_version %q is not a Services Version ID that TAXII defines", v)
			}
		}
		ids := map[string]string{}
		for _, a := range []string{"binding_id", "subtype_id", "service_version"} {
			if v, ok := e.attr(a); ok {
				ids["@"+a] = v
			}
		}
		if rp, ok := requiredParts[e.Name]; ok && (e.parent != nil || e == root) {
			for _, part := range rp.parts {
				if name, isAttr := strings.CutPrefix(part, "@"); isAttr {
					if _, ok := e.attr(name); !ok {
						add(rp.req, e, "%s has no %s attribute", e.Name, name)
					}
				} else if e.child(part) == nil {
					add(rp.req, e, "%s has no %s", e.Name, part)
				}
			}
		}
		if e.Name == "Subscription" && root.Name == "Subscription_Management_Response" {
			if st, ok := e.attr("status"); ok && !isOneOfStr(strings.TrimSpace(st), "ACTIVE", "PAUSED", "UNSUBSCRIBED") {
				add(reqSubscriptionFields, e, "Subscription status %q is not ACTIVE, PAUSED or UNSUBSCRIBED", st)
			}
		}
		switch e.Name {
		case "Destination_Collection_Name":
			uri(reqCollectionURI, e, e.Name, e.text())
		case "Subscription_ID":
			uri(reqSubResultURI, e, e.Name, e.text())
		case "Protocol_Binding", "Message_Binding":
			ids[e.Name] = e.text()
		case "Exclusive_Begin_Timestamp", "Inclusive_End_Timestamp", "Timestamp_Label":
			labelProblems(e, add)
		case "Extended_Header":
			n, named := e.attr("name")
			if !named {
				break // a missing name is a missing required field, which the schema reports
			}
			n = strings.TrimSpace(n)
			uri(reqHeaderNameURI, e, "Extended_Header name", n)
			if uriProblem(n) == "" && !hasAuthority(n) {
				add(reqHeaderAuthority, e, "Extended_Header name %q names no authority", n)
			}
		case "Content_Block":
			cb := e.child("Content_Binding")
			if cb == nil || e.child("Content") == nil {
				add(reqBlockFields, e, "a Content_Block needs both Content_Binding and Content")
				if req := blockRequirement[root.Name]; req != "" {
					add(req, e, "a Content_Block of a %s needs one Content_Binding and one Content", root.Name)
				}
			}
			if cb != nil {
				for _, s := range cb.children("Subtype") {
					uri(reqSubtypeID, s, "Subtype subtype_id", s.at("subtype_id"))
				}
				if isNesting(cb.at("binding_id")) && cb.child("Subtype") != nil {
					add(reqNestingNoSubtype, cb, "binding_id %q is a nesting expression, which may not carry a Subtype", cb.at("binding_id"))
				}
			}
		case "Content_Binding", "Subtype":
			if e.parent != nil && e.parent.Name != "Content_Block" && !(e.Name == "Subtype" && e.parent.parent != nil && e.parent.parent.Name == "Content_Block") {
				for _, a := range []string{"binding_id", "subtype_id"} {
					if v := e.at(a); isNesting(v) {
						add(reqNoNestingOutside, e, "%s %q is a nesting expression, which only a Content_Block may carry", a, v)
					}
				}
			}
		}
		for what, v := range ids {
			v = strings.TrimSpace(v)
			if isNesting(v) {
				continue // a nesting expression; its parts are checked below
			}
			uri(reqIDsURI, e, what, v)
			if uriProblem(v) == "" && !hasAuthority(v) {
				add(reqIDsAuthority, e, "%s %q names no authority (a domain or a URN namespace)", what, v)
			}
		}
		if e.Name == "Content_Binding" {
			if v := strings.TrimSpace(e.at("binding_id")); isNesting(v) {
				for _, part := range strings.FieldsFunc(v, isNestingSeparator) {
					uri(reqIDsURI, e, "binding_id part", part)
				}
			}
		}
	})
	return out
}

// Status types and detail names the Default Query adds (Part 5 §2): defined by TAXII, so
// they need no authority of their own.
var (
	queryStatusTypes    = []string{"UNSUPPORTED_CAPABILITY_MODULE", "UNSUPPORTED_TARGETING_EXPRESSION", "UNSUPPORTED_TARGETING_EXPRESSION_ID"}
	defaultQueryDetails = []string{"CAPABILITY_MODULE", "PREFERRED_SCOPE", "ALLOWED_SCOPE", "TARGETING_EXPRESSION_ID"}
)

// requiredParts lists, per element, the attributes ("@name") and children its Part 4 table
// requires, with the requirement stating them, so that a missing one is named after the
// table's own row whatever the schema reports.
var requiredParts = map[string]struct {
	req   string
	parts []string
}{
	"Service_Instance":                 {"T11X-3.3-03", []string{"@service_type", "@service_version", "Protocol_Binding", "Address", "Message_Binding"}},
	"Collection":                       {"T11X-3.5-02", []string{"@collection_name", "Description"}},
	"Push_Method":                      {"T11X-3.5-05", []string{"Protocol_Binding", "Message_Binding"}},
	"Polling_Service":                  {"T11X-3.5-06", []string{"Protocol_Binding", "Address", "Message_Binding"}},
	"Subscription_Service":             {"T11X-3.5-07", []string{"Protocol_Binding", "Address", "Message_Binding"}},
	"Receiving_Inbox_Service":          {"T11X-3.5-08", []string{"Protocol_Binding", "Address", "Message_Binding"}},
	"Subscription_Management_Response": {"T11X-3.7-01", []string{"@collection_name"}},
	"Subscription":                     {reqSubscriptionFields, []string{"Subscription_ID"}},
	"Poll_Instance":                    {"T11X-3.7-07", []string{"Protocol_Binding", "Address", "Message_Binding"}},
	"Poll_Response":                    {"T11X-3.9-01", []string{"@collection_name"}},
	"Source_Subscription":              {"T11X-3.10-02", []string{"@collection_name", "Subscription_ID"}},
}

// uriTwins maps each Part 2 rule that a kind of name is a URI to the Part 4 row saying the
// same for the XML binding.
var uriTwins = map[string]string{
	reqMessageIDURI: "T11X-2.2.3-03", reqCollectionURI: "T11X-2.2.3-03", reqSubResultURI: "T11X-2.2.3-03",
	reqHeaderNameURI: "T11X-2.2.3-01", reqDetailNameURI: "T11X-2.2.3-01", reqQueryFormatURI: "T11X-2.2.3-01",
	reqIDsURI: "T11X-2.2.3-01", reqSubtypeID: "T11X-2.2.3-01",
}

// reqSubscriptionFields is the row of Table 11 about each Subscription.
const reqSubscriptionFields = "T11X-3.7-03"

// blockRequirement names the row about content blocks of the messages that carry them.
var blockRequirement = map[string]string{"Poll_Response": "T11X-3.9-06", "Inbox_Message": "T11X-3.10-06"}

func isOneOfStr(s string, list ...string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// isNestingSeparator tells the characters that join Content Binding IDs into a nesting
// expression: '|' (Part 2 §5.3.2); '>' is taken as one too, since the project's TAXII 1.1
// message corpus (fixtures/taxii11) writes nesting that way.
func isNestingSeparator(r rune) bool { return r == '|' || r == '>' }

func isNesting(v string) bool { return strings.ContainsAny(v, "|>") }

func isCanonicalStatus(s string) bool {
	for _, t := range append(append([]string(nil), statusTypes...), queryStatusTypes...) {
		if t == s {
			return true
		}
	}
	return false
}

func isCanonicalDetail(n string) bool {
	if canonicalDetails[n] {
		return true
	}
	for _, d := range defaultQueryDetails {
		if d == n {
			return true
		}
	}
	return false
}

// statusDetailProblems checks Detail names and the entries some status types must carry
// (Part 2 §4.1.5, §4.4.1).
func statusDetailProblems(root *elem, st string, add func(string, *elem, string, ...any)) {
	names := map[string][]*elem{}
	for _, d := range root.find("Status_Detail").children("Detail") {
		n, named := d.attr("name")
		n = strings.TrimSpace(n)
		names[n] = append(names[n], d)
		if !named {
			continue // a missing name is a missing required field, which the schema reports
		}
		if p := uriProblem(n); p != "" {
			add(reqDetailNameURI, d, "Detail name %q is not a URI reference: %s", n, p)
			add(uriTwins[reqDetailNameURI], d, "Detail name %q is not a URI (Part 4 §2.2.3): %s", n, p)
		} else if !isCanonicalDetail(n) && !hasAuthority(n) {
			add(reqDetailAuthority, d, "Detail name %q is not a canonical one and names no authority", n)
		}
	}
	need := func(req string, list ...string) {
		var missing []string
		for _, n := range list {
			if len(names[n]) == 0 {
				missing = append(missing, n)
			}
		}
		if len(missing) > 0 {
			add(req, root, "a %s Status Message must carry the detail(s) %s; missing: %s", st, strings.Join(list, ", "), strings.Join(missing, ", "))
			add(reqRequiredDetails, root, "a %s Status Message lacks the required detail(s) %s", st, strings.Join(missing, ", "))
		}
	}
	switch st {
	case stPending:
		need(reqPendingDetails, dtEstimatedWait, dtResultID, dtWillPush)
		for _, d := range names[dtEstimatedWait] {
			if v := d.text(); !integerR.MatchString(v) || strings.Trim(v, "+0") == "" {
				add(reqPendingDetails, d, "ESTIMATED_WAIT %q is not a positive integer number of seconds", v)
			}
		}
		for _, d := range names[dtResultID] {
			if p := uriProblem(d.text()); p != "" {
				add(reqSubResultURI, d, "RESULT_ID %q is not a URI reference: %s", d.text(), p)
			}
		}
	case stInvalidResponsePart:
		need(reqMaxPartDetail, dtMaxPartNumber)
	}
}

// labelProblems checks a Timestamp Label (Part 2 §4.1.4).
func labelProblems(e *elem, add func(string, *elem, string, ...any)) {
	v := e.text()
	m := labelRE.FindStringSubmatch(v)
	if m == nil {
		add(reqLabelRFC3339, e, "%s %q is not an RFC 3339 date-time", e.Name, v)
		return
	}
	if _, err := time.Parse(time.RFC3339Nano, strings.ToUpper(v)); err != nil {
		add(reqLabelRFC3339, e, "%s %q is not an RFC 3339 date-time: %v", e.Name, v, err)
	}
	if len(m[2]) > 6 {
		add(reqLabelSixDigits, e, "%s %q has %d fractional-second digits; at most six are allowed", e.Name, v, len(m[2]))
	}
}
