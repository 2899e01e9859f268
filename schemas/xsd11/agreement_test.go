package xsd11

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/taxii-conform/taxii-conform/fixtures/taxii11"
	"github.com/taxii-conform/taxii-conform/schemas"
)

// deliberate is a known difference between the project's validator and the official
// schemas, with its reason. A stricter one is a rule the project enforces and the
// official schema leaves open: it matches the project's violation. A looser one is a
// structure the spec text allows and the official schema refuses: it matches the
// official schema's violation.
type deliberate struct {
	id       string
	reason   string
	stricter bool
	match    func(v schemas.Violation) bool
	used     int
}

func byRequirement(id string) func(schemas.Violation) bool {
	return func(v schemas.Violation) bool { return v.Requirement == id }
}

func byRule(rule string) func(schemas.Violation) bool {
	return func(v schemas.Violation) bool { return v.Rule == "taxii-conform:"+rule }
}

func deliberateDifferences() []*deliberate {
	list := []*deliberate{
		{
			id:       "authority-ids",
			stricter: true,
			reason: "Part 4 §2.2.3 and Part 2 §4.1.6/§4.1.7: version, content binding, subtype and query format IDs " +
				"carry an authority, so they are absolute URIs (scheme and colon at least); the official schema types " +
				"them as bare xs:anyURI, which takes any token such as 'STIX' or '1.1'.",
			match: byRequirement(reqIDAuthority),
		},
		{
			id:       "status-type-values",
			stricter: true,
			reason: "Part 4 Table 2 and Part 2 §4.4.1.1: a status type is a canonical value or a third party's URI " +
				"with an authority; the official schema's union with xs:anyURI takes any token, so its enumeration " +
				"restricts nothing.",
			match: byRequirement("T11X-3.1-08"),
		},
		{
			id:       "fulfillment-part-number",
			stricter: true,
			reason: "Part 4 Table 15 (# 1) and Part 2 §4.4.11 (Required: Yes): a Poll Fulfillment Request names " +
				"the part it wants; the official schema makes @result_part_number optional.",
			match: func(v schemas.Violation) bool {
				return v.Requirement == "T11X-3.11-01" && strings.Contains(v.Message, "result_part_number")
			},
		},
		{
			id:       "timestamp-year-sign",
			stricter: true,
			reason: "Part 4 §2.2.1 and Part 2 §4.1.4: Timestamp Labels are RFC 3339 date-times, whose year is " +
				"four digits without a sign; the official pattern allows a leading minus.",
			match: func(v schemas.Violation) bool {
				return v.Requirement == reqTimestampZone && strings.Contains(v.Message, "The value '-")
			},
		},
		{
			id:       "query-criteria-order",
			stricter: true,
			reason: "Part 5 §3.1 (table) and §3.1.1: child Criteria come before every Criterion; the official " +
				"schema takes them in any order.",
			match: byRequirement("T11Q-3.1.1-03"),
		},
		{
			id:       "query-info-scope",
			stricter: true,
			reason: "Part 5 §3.2 and §3.2.1: each Targeting_Expression_Info names its vocabulary " +
				"(@targeting_expression_id, # 1) and has at least one Preferred_Scope or Allowed_Scope, preferred " +
				"first; the official schema makes the attribute and both scopes optional.",
			match: byRequirement("T11Q-3.2.2-01"),
		},
		{
			id:       "query-info-several-vocabularies",
			stricter: false,
			reason: "Part 5 §3.2 (Required Yes, Multiple Yes) and §3.2.1 (# 1-n): a query information structure " +
				"may describe several targeting expression vocabularies; the official schema allows one.",
			match: func(v schemas.Violation) bool {
				return strings.Contains(v.Message, "Targeting_Expression_Info': This element is not expected")
			},
		},
	}
	// Co-occurrence rules (rules.go): XML Schema 1.0 cannot express them, so the official
	// schema leaves all of them open.
	ruleReasons := map[string]string{
		"status-detail-present":  "Part 4 Table 1/Table 2: INVALID_RESPONSE_PART and PENDING require a Status_Detail.",
		"status-detail-names":    "Part 4 Table 2: the required Detail names of INVALID_RESPONSE_PART and PENDING.",
		"status-detail-values":   "Part 4 Table 3: MAX_PART_NUMBER and ESTIMATED_WAIT are integers, WILL_PUSH is a boolean.",
		"scope-detail-present":   "Part 5 §2: UNSUPPORTED_TARGETING_EXPRESSION carries a PREFERRED_SCOPE or ALLOWED_SCOPE detail.",
		"distinct-bindings-si":   "Part 4 §3.3: the Message_Binding values of a Service_Instance differ.",
		"distinct-bindings-pm":   "Part 4 §3.5: the Message_Binding values of a Push_Method differ.",
		"distinct-bindings-ps":   "Part 4 §3.5: the Message_Binding values of a Polling_Service differ.",
		"distinct-bindings-ss":   "Part 4 §3.5: the Message_Binding values of a Subscription_Service differ.",
		"distinct-bindings-ris":  "Part 4 §3.5: the Message_Binding values of a Receiving_Inbox_Service differ.",
		"subscription-id-action": "Part 4 §3.6: UNSUBSCRIBE, PAUSE and RESUME name the subscription.",
		"parameters-action":      "Part 4 §3.6: Subscription_Parameters is present exactly when the action is SUBSCRIBE.",
		"poll-range-order":       "Part 4 §3.8: the end of a poll range is later than its beginning.",
		"delivery-needs-asynch":  "Part 2 §4.4.8: Delivery_Parameters only with allow_asynch true.",
		"more-needs-result-id":   "Part 4 §3.9: more=\"true\" needs a result_id.",
		"record-count-poll":      "Part 2 §4.4.9: Record_Count is at least the number of Content_Blocks.",
		"record-count-inbox":     "Part 2 §4.4.10: Record_Count is at least the number of Content_Blocks.",
		"query-format-poll":      "Part 4 §3.8: a Default Query format_id means a Default_Query body in the family's namespace.",
		"query-format-subscribe": "Part 4 §3.6: a Default Query format_id means a Default_Query body in the family's namespace.",
		"query-format-supported": "Part 4 §3.3: a Default Query format_id means a Default_Query_Info body in the family's namespace.",
	}
	for rule := range ruleRequirements {
		reason, ok := ruleReasons[rule]
		if !ok {
			reason = "(no reason written for this rule)"
		}
		list = append(list, &deliberate{id: "rule " + rule, stricter: true, reason: reason, match: byRule(rule)})
	}
	return list
}

// to111 moves a TAXII 1.1 document to the 1.1.1 namespaces and Default Query format ID.
func to111(doc []byte) []byte {
	doc = bytes.ReplaceAll(doc, []byte(NSBinding11), []byte(NSBinding111))
	doc = bytes.ReplaceAll(doc, []byte(NSQuery11), []byte(NSQuery111))
	return bytes.ReplaceAll(doc, []byte(defaultQueryFormat[Family11]), []byte(defaultQueryFormat[Family111]))
}

// explained reports whether every violation of the stricter side is one of the listed
// differences, and counts the uses.
func explained(list []*deliberate, stricter bool, vs []schemas.Violation) bool {
	var hit []*deliberate
	for _, v := range vs {
		found := false
		for _, d := range list {
			if d.stricter == stricter && d.match(v) {
				hit = append(hit, d)
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	for _, d := range hit {
		d.used++
	}
	return true
}

// TestAgreementWithOfficialSchemas validates every corpus file, its TAXII 1.1.1 twin and
// mutations generated from the valid ones with both the project's validator and the
// official schemas (1.1 against xsd/taxii-1.1, 1.1.1 against xsd/taxii-1.1.1-draft), and
// fails on any difference in verdict that deliberateDifferences does not explain, and on
// any listed difference that no document shows.
func TestAgreementWithOfficialSchemas(t *testing.T) {
	o := official(t)
	p := project(t)
	samples, err := taxii11.Samples()
	if err != nil {
		t.Fatal(err)
	}
	type doc struct {
		name string
		body []byte
	}
	var docs []doc
	seen := map[[32]byte]bool{}
	add := func(name string, body []byte) {
		h := sha256.Sum256(body)
		if !seen[h] {
			seen[h] = true
			docs = append(docs, doc{name, body})
		}
	}
	for _, s := range samples {
		add(s.Name, s.Body)
		if s.Family == Family11 {
			add(s.Name+" (as 1.1.1)", to111(s.Body))
		}
		if !s.Valid {
			continue
		}
		ms, err := mutations(s.Body)
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		for _, m := range ms {
			add(s.Name+": "+m.name, m.doc)
			if s.Family == Family11 && !testing.Short() {
				add(s.Name+" (as 1.1.1): "+m.name, to111(m.doc))
			}
		}
	}

	list := deliberateDifferences()
	var unexplained []string
	agree, differ := 0, 0
	for _, d := range docs {
		rp, err := p.Validate(d.body)
		if err != nil {
			t.Fatalf("%s: project: %v", d.name, err)
		}
		ro, err := o.Validate(d.body)
		if err != nil {
			t.Fatalf("%s: official: %v", d.name, err)
		}
		if strings.Contains(d.name, ": ") && hasRequirement(rp.Violations, reqWellFormed) {
			t.Errorf("%s: the mutation is not well-formed XML:%s", d.name, dump(rp.Violations))
		}
		if rp.Valid() == ro.Valid() {
			agree++
			continue
		}
		differ++
		if !rp.Valid() && explained(list, true, rp.Violations) {
			continue
		}
		if rp.Valid() && explained(list, false, ro.Violations) {
			continue
		}
		side, vs := "project rejects, official accepts", rp.Violations
		if rp.Valid() {
			side, vs = "official rejects, project accepts", ro.Violations
		}
		unexplained = append(unexplained, fmt.Sprintf("%s: %s:%s", d.name, side, dump(vs)))
	}
	t.Logf("%d documents: %d verdicts agree, %d differ (all listed unless reported below)", len(docs), agree, differ)
	sort.Slice(list, func(i, j int) bool { return list[i].id < list[j].id })
	for _, d := range list {
		t.Logf("  %-32s %5d documents", d.id, d.used)
	}
	for i, u := range unexplained {
		if i == 25 {
			t.Errorf("… and %d more", len(unexplained)-25)
			break
		}
		t.Errorf("unlisted disagreement: %s", u)
	}
	for _, d := range list {
		if d.used == 0 {
			t.Errorf("listed difference %q is shown by no document: add a corpus file that shows it, or remove the entry", d.id)
		}
	}
	if len(docs) < 5000 && !testing.Short() {
		t.Errorf("only %d documents compared", len(docs))
	}
}
