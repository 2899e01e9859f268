package taxii11

// The deliberate defects of reference/faults/taxii11_services.go, kept here so that the
// handlers carry one guarded call each. Most change a message before it is encoded; the few
// that need an element the message types cannot express rewrite the encoded bytes, and the
// Default Query ones rewrite a parsed query before it is compiled. None of this runs unless a
// fault is switched on.

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/taxii-conform/taxii-conform/reference/faults"
	"github.com/taxii-conform/taxii-conform/reference/store/blocks"
	"github.com/taxii-conform/taxii-conform/reference/taxii11/message"
	"github.com/taxii-conform/taxii-conform/reference/taxii11/query"
)

// on reports whether a fault is switched on.
func (s *Server) on(name string) bool { return s.o.Faults.On(name) }

// asynchUnstated reports whether a Poll Request's Poll_Parameters leave allow_asynch out, which
// T11PendingNotAllowed misreads as allowing asynchronous polling (the attribute's default is
// false, Part 4 §3.8).
func asynchUnstated(body []byte) bool {
	d := xml.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := d.Token()
		if err != nil {
			return false
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Poll_Parameters" {
			for _, a := range se.Attr {
				if a.Name.Space == "" && a.Name.Local == "allow_asynch" {
					return false
				}
			}
			return true
		}
	}
}

// discoveryFaults changes one advertised service instance.
func (s *Server) discoveryFaults(si *message.ServiceInstance, f *message.Family) {
	switch si.Type {
	case message.ServiceDiscovery:
		if s.on(faults.T11DiscoveryInstanceIncomplete) {
			si.MessageBindings = nil
		}
		if s.on(faults.T11DiscoveryInstanceBadIDs) {
			si.Version = "urn:example.com:taxii-conform:services:9"
			si.Protocol = "HTTP"
			si.MessageBindings = []string{"XML"}
		}
		if s.on(faults.T11QueryOnDiscoveryInstance) {
			si.Queries = s.queries.supported(f)
		}
	case message.ServiceCollectionManagement:
		if s.on(faults.T11SupportedQueryRepeated) && len(si.Queries) > 0 {
			si.Queries = append(si.Queries, si.Queries[0], message.SupportedQuery{Format: "", Body: si.Queries[0].Body})
		}
		if s.on(faults.T11QueryInfoMalformed) {
			si.Queries = []message.SupportedQuery{{Format: f.QueryFormat, Body: malformedQueryInfo(f)}}
		}
	case message.ServicePoll:
		if s.on(faults.T11ContentBindingOnPoll) {
			si.ContentBindings = append(si.ContentBindings, message.ContentBinding{ID: "urn:stix.mitre.org:xml:1.2"})
		}
	case message.ServiceInbox:
		if s.on(faults.T11InboxAcceptedNotIDs) && len(si.ContentBindings) > 0 {
			si.ContentBindings = append(si.ContentBindings, message.ContentBinding{ID: "STIX", Subtypes: []string{"indicators"}})
		}
	}
}

// malformedQueryInfo is a Default_Query_Info that breaks Part 5 §3.2 in several ways.
func malformedQueryInfo(f *message.Family) []byte {
	return []byte(`<tdq:Default_Query_Info xmlns:tdq="` + f.QueryNamespace + `">` +
		`<tdq:Targeting_Expression_Info targeting_expression_id="stix xml"></tdq:Targeting_Expression_Info>` +
		`<tdq:Targeting_Expression_Info targeting_expression_id="urn:stix.mitre.org:xml:1.2"><tdq:Preferred_Scope>STIX_Package//Title</tdq:Preferred_Scope></tdq:Targeting_Expression_Info>` +
		`<tdq:Note>no capability module</tdq:Note></tdq:Default_Query_Info>`)
}

// collectionFaults changes one collection record of a Collection Information Response.
func (s *Server) collectionFaults(rec *message.CollectionRecord) {
	if s.on(faults.T11CollectionNoDescription) {
		rec.Description = "" // the empty element is then cut from the encoded answer
	}
	bogus := message.ContentBinding{ID: "stix", Subtypes: []string{"any kind"}}
	if s.on(faults.T11CollectionBindingsNotIDs) {
		if len(rec.ContentBindings) > 0 {
			rec.ContentBindings = append(rec.ContentBindings, bogus)
		}
		for i := range rec.InboxServices {
			if len(rec.InboxServices[i].ContentBindings) > 0 {
				rec.InboxServices[i].ContentBindings = append(rec.InboxServices[i].ContentBindings, bogus)
			}
		}
	}
	bare := s.on(faults.T11CollectionEndpointsBare)
	bad := s.on(faults.T11CollectionEndpointIDsBad)
	if !bare && !bad {
		return
	}
	fix := func(c *message.ServiceContact) {
		if bad {
			c.Protocol, c.MessageBindings = "HTTP", []string{"XML"}
		}
		if bare {
			c.MessageBindings = nil
		}
	}
	for i := range rec.PushMethods {
		pm := &rec.PushMethods[i]
		c := message.ServiceContact{Protocol: pm.Protocol, MessageBindings: pm.MessageBindings}
		fix(&c)
		pm.Protocol, pm.MessageBindings = c.Protocol, c.MessageBindings
	}
	for _, list := range [][]message.ServiceContact{rec.PollingServices, rec.SubscriptionServices} {
		for i := range list {
			fix(&list[i])
		}
	}
	for i := range rec.InboxServices {
		fix(&rec.InboxServices[i].ServiceContact)
	}
}

// subscriptionRecordFaults changes a subscription as an answer reports it.
func (s *Server) subscriptionRecordFaults(rec *message.SubscriptionRecord) {
	if s.on(faults.T11PollInstanceMalformed) && len(rec.PollInstances) > 0 {
		first := rec.PollInstances[0]
		rec.PollInstances = []message.ServiceContact{
			{Protocol: "HTTP", Address: first.Address, MessageBindings: []string{"XML"}},
			{Protocol: first.Protocol, Address: first.Address},
		}
	}
	if s.on(faults.T11StatusQueryMalformed) && rec.Params != nil && rec.Params.Query != nil {
		if body, err := malformedQueryEcho(rec.Params.Query.Body); err == nil {
			rec.Params.Query = &message.Query{Format: rec.Params.Query.Format, Body: body}
		}
	}
}

// malformedQueryEcho writes a Default Query back with a stray attribute on Default_Query, a
// lower-case operator, Criterion before Criteria, Test before Target with a stray attribute
// on Criterion, and a stray attribute and element in Test.
func malformedQueryEcho(body []byte) ([]byte, error) {
	q, err := query.Parse(body)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, `<tdq:Default_Query xmlns:tdq="%s" targeting_expression_id="%s" taxii-conform-extra="1">`, q.Family.Namespace(), attrEscape(q.TargetingExpressionID))
	var criteria func(c query.Criteria)
	criteria = func(c query.Criteria) {
		fmt.Fprintf(&b, `<tdq:Criteria operator="%s">`, strings.ToLower(string(c.Operator)))
		for _, k := range c.Criterion {
			fmt.Fprintf(&b, `<tdq:Criterion negate="%t" weight="1">`, k.Negate)
			fmt.Fprintf(&b, `<tdq:Test capability_id="%s" relationship="%s" strict="true">`, attrEscape(k.Test.CapabilityID), attrEscape(k.Test.Relationship))
			for _, p := range k.Test.Parameters {
				fmt.Fprintf(&b, `<tdq:Parameter name="%s">%s</tdq:Parameter>`, attrEscape(p.Name), attrEscape(p.Value))
			}
			b.WriteString(`<tdq:Comment>none</tdq:Comment></tdq:Test>`)
			fmt.Fprintf(&b, `<tdq:Target>%s</tdq:Target></tdq:Criterion>`, attrEscape(k.Target))
		}
		for _, k := range c.Criteria {
			criteria(k)
		}
		b.WriteString(`</tdq:Criteria>`)
	}
	criteria(q.Criteria)
	b.WriteString(`</tdq:Default_Query>`)
	return b.Bytes(), nil
}

func attrEscape(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s)) // writing to a bytes.Buffer cannot fail
	return b.String()
}

// replyBytesFaults rewrites an encoded answer for the faults that need elements or
// omissions the message types cannot express.
func (s *Server) replyBytesFaults(m message.Message, body []byte, prefix string) []byte {
	switch m.Kind() {
	case message.KindPollResponse:
		if s.on(faults.T11PollResponseTwoBegins) {
			body = addInclusiveBegin(body, prefix)
		}
		if s.on(faults.T11PollResponseInclusive) {
			body = renameExclusiveBegin(body, prefix)
		}
	case message.KindCollectionInfoResponse:
		if s.on(faults.T11CollectionNoDescription) {
			body = bytes.ReplaceAll(body, []byte("<"+prefix+":Description></"+prefix+":Description>"), nil)
		}
	}
	return body
}

// pushBytesFaults rewrites an encoded Inbox Message the server pushes.
func (s *Server) pushBytesFaults(body []byte, prefix string) []byte {
	if s.on(faults.T11PushTwoBegins) {
		body = addInclusiveBegin(body, prefix)
	}
	if s.on(faults.T11PushInclusiveBegin) {
		body = renameExclusiveBegin(body, prefix)
	}
	return body
}

// addInclusiveBegin writes an Inclusive_Begin_Timestamp after each Exclusive_Begin_Timestamp.
func addInclusiveBegin(body []byte, prefix string) []byte {
	re := regexp.MustCompile(`<` + regexp.QuoteMeta(prefix) + `:Exclusive_Begin_Timestamp>([^<]*)</` + regexp.QuoteMeta(prefix) + `:Exclusive_Begin_Timestamp>`)
	return re.ReplaceAll(body, []byte(`$0<`+prefix+`:Inclusive_Begin_Timestamp>$1</`+prefix+`:Inclusive_Begin_Timestamp>`))
}

// renameExclusiveBegin turns Exclusive_Begin_Timestamp into Inclusive_Begin_Timestamp.
func renameExclusiveBegin(body []byte, prefix string) []byte {
	return bytes.ReplaceAll(body, []byte(prefix+":Exclusive_Begin_Timestamp>"), []byte(prefix+":Inclusive_Begin_Timestamp>"))
}

// rewriteQuery changes a parsed Default Query before it is compiled, for the evaluation faults.
func (s *Server) rewriteQuery(q *query.Query) {
	var criteria func(c *query.Criteria)
	criteria = func(c *query.Criteria) {
		if s.on(faults.T11QueryAndAsOr) {
			c.Operator = query.OperatorOr
		}
		for i := range c.Criteria {
			criteria(&c.Criteria[i])
		}
		for i := range c.Criterion {
			s.rewriteCriterion(&c.Criterion[i])
		}
	}
	criteria(&q.Criteria)
}

func (s *Server) rewriteCriterion(k *query.Criterion) {
	if s.on(faults.T11QueryIgnoresNegate) {
		k.Negate = false
	}
	nodes := strings.Split(strings.TrimSpace(k.Target), "/")
	if s.on(faults.T11QueryStarAsGlobstar) {
		for i, n := range nodes {
			if n == "*" {
				nodes[i] = "**"
			}
		}
	}
	if s.on(faults.T11QueryUnrootedTargets) && nodes[0] != "STIX_Package" && nodes[0] != "*" && nodes[0] != "**" {
		nodes = append([]string{"**"}, nodes...)
	}
	k.Target = strings.Join(nodes, "/")

	t := &k.Test
	param := func(name string) (int, string) {
		for i, p := range t.Parameters {
			if p.Name == name {
				return i, p.Value
			}
		}
		return -1, ""
	}
	swap := func(pairs map[string]string) {
		if r, ok := pairs[t.Relationship]; ok {
			t.Relationship = r
		}
	}
	switch {
	case strings.HasSuffix(t.CapabilityID, ":core-1"):
		switch {
		case t.Relationship == "equals" && s.on(faults.T11QueryEqualsAsContains):
			if _, mt := param("match_type"); mt == "case_sensitive_string" || mt == "case_insensitive_string" {
				_, v := param("value")
				t.Relationship = "contains"
				t.Parameters = []query.Parameter{{Name: "case_sensitive", Value: fmt.Sprint(mt == "case_sensitive_string")}, {Name: "value", Value: v}}
			}
		case t.Relationship == "not_equals" && s.on(faults.T11QueryNotEqualsInverted):
			t.Relationship = "equals"
		}
		if s.on(faults.T11QueryNumericBounds) {
			swap(map[string]string{"greater_than": "greater_than_or_equal", "greater_than_or_equal": "greater_than",
				"less_than": "less_than_or_equal", "less_than_or_equal": "less_than"})
		}
		if s.on(faults.T11QueryExistsInverted) {
			swap(map[string]string{"exists": "does_not_exist", "does_not_exist": "exists"})
		}
		switch t.Relationship {
		case "begins_with", "ends_with", "contains":
			if i, _ := param("case_sensitive"); i < 0 && s.on(faults.T11QueryCaseDefaultFalse) {
				t.Parameters = append(t.Parameters, query.Parameter{Name: "case_sensitive", Value: "false"})
			}
		}
	case strings.HasSuffix(t.CapabilityID, ":regex-1"):
		if s.on(faults.T11QueryRegexIgnoresCase) {
			if i, _ := param("case_sensitive"); i >= 0 {
				t.Parameters[i].Value = "false"
			}
		}
	case strings.HasSuffix(t.CapabilityID, ":timestamp-1"):
		if t.Relationship == "equals" && s.on(faults.T11QueryTimestampAsText) {
			_, v := param("value")
			t.CapabilityID = strings.TrimSuffix(t.CapabilityID, "timestamp-1") + "core-1"
			t.Parameters = []query.Parameter{{Name: "match_type", Value: "case_sensitive_string"}, {Name: "value", Value: v}}
		} else if s.on(faults.T11QueryTimestampBounds) {
			swap(map[string]string{"greater_than": "greater_than_or_equals", "greater_than_or_equals": "greater_than",
				"less_than": "less_than_or_equals", "less_than_or_equals": "less_than"})
		}
	}
}

// queryStatusFaults changes a Default Query error status.
func (s *Server) queryStatusFaults(st *message.Status) {
	out := st.Details[:0:0]
	for _, d := range st.Details {
		switch {
		case s.on(faults.T11QueryNoScopeDetails) && (d.Name == query.DetailPreferredScope || d.Name == query.DetailAllowedScope):
			continue
		case s.on(faults.T11QueryErrorDetailNames) && d.Name == query.DetailCapabilityModule:
			d.Name = "SUPPORTED_CAPABILITY_MODULE"
		case s.on(faults.T11QueryErrorDetailNames) && d.Name == query.DetailTargetingExpressionID:
			d.Name = "SUPPORTED_TARGETING_EXPRESSION_ID"
		}
		out = append(out, d)
	}
	if s.on(faults.T11QueryScopeDetailOrder) && st.Type == query.StatusUnsupportedTargetingExpression {
		out = append([]message.Detail{{Name: query.DetailAllowedScope, Value: "**"}}, out...)
	}
	st.Details = out
}

// pollResponseFaults changes a Poll Response (or a part of one).
func (s *Server) pollResponseFaults(rs *blocks.ResultSet, resp *message.PollResponse) {
	if s.on(faults.T11PollResponseWrongName) {
		resp.Collection = rs.Collection + "-elsewhere"
	}
	if !rs.Feed && s.on(faults.T11DataSetResponseLabels) {
		begin, end := rs.Created.Add(-time.Hour), rs.Created
		resp.Begin, resp.End = &begin, &end
	}
	if s.on(faults.T11PollResponseNoCount) {
		resp.RecordCount = nil
	}
}

// pushFaults changes an Inbox Message pushed for a subscription.
func (s *Server) pushFaults(m *message.Inbox, feed bool, begin, end time.Time) {
	if m.Source != nil {
		if s.on(faults.T11PushNoSubscriptionID) {
			m.Source.SubscriptionID = ""
		}
		if !feed && s.on(faults.T11PushDataSetLabels) {
			m.Source.Begin, m.Source.End = &begin, &end
		}
		if feed && s.on(faults.T11PushFeedNoEnd) {
			m.Source.End = nil
		}
	}
	if s.on(faults.T11PushRecordCountTooSmall) && m.RecordCount != nil && len(m.Blocks) > 0 {
		m.RecordCount = &message.RecordCount{Count: uint64(len(m.Blocks) - 1)}
	}
	if s.on(faults.T11PushNoRecordCount) {
		m.RecordCount = nil
	}
}

// unauthenticatedFaults acts on a request refused for lack of authentication.
func (s *Server) unauthenticatedFaults(msg message.Message) {
	if req, ok := msg.(*message.SubscriptionRequest); ok && req.Action == message.ActionUnsubscribe && s.on(faults.T11UnauthenticatedUnsub) {
		s.subMu.Lock()
		defer s.subMu.Unlock()
		if _, found := s.store.Subscription(req.SubscriptionID); found {
			_ = s.store.DeleteSubscription(req.SubscriptionID)
		}
	}
}
