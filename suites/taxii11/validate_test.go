package taxii11

// Unit tests of what the specs rest on: the XML tree, the Go rules of the validator and the
// HTTP binding checks, on hand-made exchanges and on the project's message corpus.

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	taxii11corpus "github.com/taxii-conform/taxii-conform/fixtures/taxii11"
	"github.com/taxii-conform/taxii-conform/suites/harness"
	"github.com/taxii-conform/taxii-conform/suites/requirements"
)

func TestParseXML(t *testing.T) {
	root, err := parseXML([]byte(`<?xml version="1.0"?><a:X xmlns:a="urn:a" k="v"><a:Y><b:Z xmlns:b="urn:b" id="1">t &amp; u</b:Z></a:Y><a:Y/></a:X>`))
	if err != nil {
		t.Fatal(err)
	}
	if root.NS != "urn:a" || root.Name != "X" || root.at("k") != "v" || len(root.children("Y")) != 2 {
		t.Fatalf("root %+v", root)
	}
	z := root.find("Y", "Z")
	if z.NS != "urn:b" || z.text() != "t & u" || z.path() != "/X/Y[1]/Z" {
		t.Errorf("Z: ns %q text %q path %q", z.NS, z.text(), z.path())
	}
	if got := string(root.child("Y").innerXML()); got != `<b:Z xmlns:b="urn:b" id="1">t &amp; u</b:Z>` {
		t.Errorf("inner %q", got)
	}
	for _, bad := range []string{
		"", "   ", "<a>", "<a></b>", "<a/><b/>", "text<a/>",
		`<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>`,
		strings.Repeat("<a>", maxXMLDepth+1) + strings.Repeat("</a>", maxXMLDepth+1),
	} {
		if _, err := parseXML([]byte(bad)); err == nil {
			t.Errorf("%.40q parsed", bad)
		}
	}
}

func TestURIRules(t *testing.T) {
	for _, ok := range []string{"urn:uuid:1", "abc", "http://x.example/p?q#f", "a%20b", "urn:oasis:cti:taxii:xml:1.1.1"} {
		if p := uriProblem(ok); p != "" {
			t.Errorf("%q: %s", ok, p)
		}
	}
	for _, bad := range []string{"", "a b", "a<b", "é", "1x:y", "a%zz"} {
		if uriProblem(bad) == "" {
			t.Errorf("%q accepted as a URI", bad)
		}
	}
	for id, want := range map[string]bool{
		"urn:stix.mitre.org:xml:1.2": true, "https://example.com/x": true, "tag:example.com,2024:x": true,
		"stix": false, "urn:x": false, "http:///x": false, "mailto:a@b": false,
	} {
		if hasAuthority(id) != want {
			t.Errorf("hasAuthority(%q) = %v", id, !want)
		}
	}
}

// reqs lists the requirements of violations.
func reqsOf(list []string) string { return strings.Join(list, " ") }

func messageReqs(t *testing.T, doc string, reply bool, requestID string) []string {
	t.Helper()
	root, err := parseXML([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, v := range checkMessage(root, reply, requestID) {
		out = append(out, v.Requirement)
	}
	return out
}

func TestMessageRules(t *testing.T) {
	ns := fam111.Namespace
	cases := []struct {
		name, doc string
		want      []string
	}{
		{"clean status", `<t:Status_Message xmlns:t="` + ns + `" message_id="m1" in_response_to="r1" status_type="SUCCESS"/>`, nil},
		{"reply to another message", `<t:Status_Message xmlns:t="` + ns + `" message_id="m1" in_response_to="r2" status_type="SUCCESS"/>`, []string{reqInResponseToValue}},
		{"no in_response_to", `<t:Status_Message xmlns:t="` + ns + `" message_id="m1" status_type="SUCCESS"/>`, []string{reqHasInResponseTo, reqInResponseToValue}},
		{"message id with a space", `<t:Status_Message xmlns:t="` + ns + `" message_id="m 1" in_response_to="r1" status_type="SUCCESS"/>`, []string{reqMessageIDURI, "T11X-2.2.3-03"}},
		{"pending without details", `<t:Status_Message xmlns:t="` + ns + `" message_id="m1" in_response_to="r1" status_type="PENDING"/>`, []string{reqPendingDetails, reqRequiredDetails}},
		{"third-party status without authority", `<t:Status_Message xmlns:t="` + ns + `" message_id="m1" in_response_to="r1" status_type="OOPS"/>`, []string{reqCustomStatusAuth}},
		{"unknown detail without authority", `<t:Status_Message xmlns:t="` + ns + `" message_id="m1" in_response_to="r1" status_type="FAILURE"><t:Status_Detail><t:Detail name="hint">x</t:Detail></t:Status_Detail></t:Status_Message>`, []string{reqDetailAuthority}},
		{"seven fractional digits", `<t:Poll_Response xmlns:t="` + ns + `" message_id="m1" in_response_to="r1" collection_name="c"><t:Inclusive_End_Timestamp>2024-01-01T00:00:00.1234567Z</t:Inclusive_End_Timestamp></t:Poll_Response>`, []string{reqLabelSixDigits}},
		{"label without zone", `<t:Poll_Response xmlns:t="` + ns + `" message_id="m1" in_response_to="r1" collection_name="c"><t:Inclusive_End_Timestamp>2024-01-01T00:00:00</t:Inclusive_End_Timestamp></t:Poll_Response>`, []string{reqLabelRFC3339}},
		{"block without binding", `<t:Poll_Response xmlns:t="` + ns + `" message_id="m1" in_response_to="r1" collection_name="c"><t:Content_Block><t:Content>x</t:Content></t:Content_Block></t:Poll_Response>`, []string{reqBlockFields, "T11X-3.9-06"}},
		{"nested binding with subtype", `<t:Poll_Response xmlns:t="` + ns + `" message_id="m1" in_response_to="r1" collection_name="c"><t:Content_Block><t:Content_Binding binding_id="urn:a:b|urn:c:d"><t:Subtype subtype_id="urn:e:f"/></t:Content_Binding><t:Content>x</t:Content></t:Content_Block></t:Poll_Response>`, []string{reqNestingNoSubtype}},
		{"unknown services version", `<t:Discovery_Response xmlns:t="` + ns + `" message_id="m1" in_response_to="r1"><t:Service_Instance service_type="POLL" service_version="urn:example.com:services:2"><t:Protocol_Binding>urn:oasis:cti:taxii:http:1.1.1</t:Protocol_Binding><t:Address>http://x/</t:Address><t:Message_Binding>urn:oasis:cti:taxii:xml:1.1.1</t:Message_Binding></t:Service_Instance></t:Discovery_Response>`, []string{reqServicesVersion}},
		{"service without address", `<t:Discovery_Response xmlns:t="` + ns + `" message_id="m1" in_response_to="r1"><t:Service_Instance service_type="POLL" service_version="urn:oasis:cti:taxii:services:1.1.1"><t:Protocol_Binding>urn:oasis:cti:taxii:http:1.1.1</t:Protocol_Binding><t:Message_Binding>urn:oasis:cti:taxii:xml:1.1.1</t:Message_Binding></t:Service_Instance></t:Discovery_Response>`, []string{"T11X-3.3-03"}},
		{"made-up message type", `<t:Hello xmlns:t="` + ns + `" message_id="m1"/>`, []string{reqOnlyDefinedTypes}},
		// A missing name is a missing required field (the schema says so), not a name that is no URI.
		{"detail without name", `<t:Status_Message xmlns:t="` + ns + `" message_id="m1" in_response_to="r1" status_type="FAILURE"><t:Status_Detail><t:Detail>x</t:Detail></t:Status_Detail></t:Status_Message>`, nil},
		{"extended header without name", `<t:Status_Message xmlns:t="` + ns + `" message_id="m1" in_response_to="r1" status_type="FAILURE"><t:Extended_Headers><t:Extended_Header>x</t:Extended_Header></t:Extended_Headers></t:Status_Message>`, nil},
	}
	for _, c := range cases {
		got := messageReqs(t, c.doc, true, "r1")
		if reqsOf(got) != reqsOf(c.want) {
			t.Errorf("%s: got [%s], want [%s]", c.name, reqsOf(got), reqsOf(c.want))
		}
	}
}

// The Go rules agree with the schema package's corpus: valid messages break none of them.
func TestMessageRulesOnCorpus(t *testing.T) {
	samples, err := taxii11corpus.Samples()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range samples {
		if !s.Valid {
			continue
		}
		root, err := parseXML(s.Body)
		if err != nil {
			t.Errorf("%s: %v", s.Name, err)
			continue
		}
		n++
		for _, v := range checkMessage(root, false, "") {
			t.Errorf("%s: %s", s.Name, v)
		}
	}
	if n == 0 {
		t.Fatal("no valid sample")
	}
}

func exchange(t *testing.T, scheme string, status int, h http.Header, body string, request string) *harness.Exchange {
	t.Helper()
	u, _ := url.Parse(scheme + "://127.0.0.1/taxii11/poll/")
	return &harness.Exchange{URL: u, Status: status, Header: h, Body: []byte(body),
		Request: harness.Request{Method: http.MethodPost, Header: headersFor(fam111, scheme == "https"), Body: []byte(request)}}
}

func TestResponseChecks(t *testing.T) {
	v, err := schemaValidator()
	if err != nil {
		t.Fatal(err)
	}
	req := string(fam111.marshal(el("Discovery_Request", at("message_id", "r1"))))
	ok := `<t:Status_Message xmlns:t="` + fam111.Namespace + `" message_id="m1" in_response_to="r1" status_type="SUCCESS"/>`
	good := func(https bool) http.Header {
		return http.Header{"Content-Type": {mediaXML}, "X-Taxii-Content-Type": {fam111.MessageBinding},
			"X-Taxii-Protocol": {fam111.protocol(https)}, "X-Taxii-Services": {fam111.Services}}
	}
	with := func(h http.Header, k, val string) http.Header {
		h = h.Clone()
		if val == "" {
			h.Del(k)
		} else {
			h.Set(k, val)
		}
		return h
	}
	cases := []struct {
		name   string
		x      *harness.Exchange
		want   string
		absent bool
	}{
		{"clean", exchange(t, "https", 200, good(true), ok, req), "", true},
		{"no TAXII message in 200", exchange(t, "http", 200, good(false), "<html/>", req), reqMessageIn200, false},
		{"empty 200", exchange(t, "http", 200, http.Header{}, "", req), reqMessageIn200, false},
		{"error page with 502 is fine", exchange(t, "http", 502, http.Header{"Content-Type": {"text/html"}}, "<html/>", req), "", true},
		{"no X-TAXII-Content-Type", exchange(t, "https", 200, with(good(true), "X-Taxii-Content-Type", ""), ok, req), reqXContentPresent, false},
		{"other family's binding", exchange(t, "https", 200, with(good(true), "X-Taxii-Content-Type", fam11.MessageBinding), ok, req), reqXContentValue, false},
		{"no X-TAXII-Protocol", exchange(t, "https", 200, with(good(true), "X-Taxii-Protocol", ""), ok, req), reqXProtocolPresent, false},
		{"HTTP protocol over HTTPS", exchange(t, "https", 200, good(false), ok, req), reqXProtocolAgree, false},
		{"unknown protocol", exchange(t, "https", 200, with(good(true), "X-Taxii-Protocol", "urn:x:y"), ok, req), reqXProtocolValue, false},
		{"no X-TAXII-Services", exchange(t, "https", 200, with(good(true), "X-Taxii-Services", ""), ok, req), reqXServicesPresent, false},
		{"unknown services", exchange(t, "https", 200, with(good(true), "X-Taxii-Services", "urn:x:y"), ok, req), reqXServicesValue, false},
		{"text/xml", exchange(t, "https", 200, with(good(true), "Content-Type", "text/xml"), ok, req), reqContentTypeApp, false},
		{"json subtype", exchange(t, "https", 200, with(good(true), "Content-Type", "application/json"), ok, req), reqContentTypeAgree, false},
		{"X-TAXII-Accept in a response", exchange(t, "https", 200, with(good(true), "X-Taxii-Accept", fam111.MessageBinding), ok, req), reqNoAcceptInResp, false},
		{"answer in the other family", exchange(t, "https", 200, with(good(true), "X-Taxii-Content-Type", fam11.MessageBinding),
			strings.Replace(ok, fam111.Namespace, fam11.Namespace, 1), req), reqWrongFamily, false},
	}
	for _, c := range cases {
		root, _ := parseXML(c.x.Request.Body)
		var got []string
		for _, vi := range responseProblems(v, c.x, root) {
			got = append(got, vi.Requirement)
		}
		has := strings.Contains(" "+reqsOf(got)+" ", " "+c.want+" ")
		switch {
		case c.absent && len(got) > 0:
			t.Errorf("%s: unexpected violations %v", c.name, got)
		case !c.absent && !has:
			t.Errorf("%s: no %s among %v", c.name, c.want, got)
		}
	}
}

func TestMessagesAreValid(t *testing.T) {
	v, err := schemaValidator()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		b, _ := stixBlock(bindingSTIX12)
		for _, m := range []node{
			discoveryRequest(), collectionInfoRequest(),
			subscriptionRequest("SUBSCRIBE", "c", el("Subscription_Parameters", el("Response_Type", "FULL"))),
			pollAll("c", nil, nil), pollFulfillment("c", "r", 2), inboxMessage([]string{"c"}, b),
		} {
			doc := f.marshal(m)
			res, err := v.Validate(doc)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Violations) > 0 || res.Family != f.Name {
				t.Errorf("TAXII %s %s: family %q, %v\n%s", f.Name, m.name, res.Family, res.Violations, doc)
			}
			root, _ := parseXML(doc)
			if vs := checkMessage(root, false, ""); len(vs) > 0 {
				t.Errorf("TAXII %s %s: %v", f.Name, m.name, vs)
			}
		}
	}
	if got := fmt.Sprint(len(statusTypes)); got != "17" {
		t.Errorf("%s canonical status types, Part 4 Table 2 has 17", got)
	}
}

// libxml2 reports a required element that is absent as its next sibling being unexpected; the
// schema validator names that a missing field (the parent's table row), this package adds
// T11S-4.2-01, and the order rule stays for elements that are there but out of place.
func TestMissingElementIsNotDisorder(t *testing.T) {
	const reqChildOrder = "T11X-3-01"
	v, err := schemaValidator()
	if err != nil {
		t.Fatal(err)
	}
	req := string(fam111.marshal(el("Discovery_Request", at("message_id", "r1"))))
	h := http.Header{"Content-Type": {mediaXML}, "X-Taxii-Content-Type": {fam111.MessageBinding},
		"X-Taxii-Protocol": {fam111.protocol(true)}, "X-Taxii-Services": {fam111.Services}}
	ns := fam111.Namespace
	instance := func(inner string) string {
		return `<t:Discovery_Response xmlns:t="` + ns + `" message_id="m1" in_response_to="r1"><t:Service_Instance service_type="POLL" service_version="` +
			fam111.Services + `">` + inner + `</t:Service_Instance></t:Discovery_Response>`
	}
	pb := `<t:Protocol_Binding>` + fam111.ProtocolHTTPS + `</t:Protocol_Binding>`
	addr := `<t:Address>https://example.com/poll/</t:Address>`
	mb := `<t:Message_Binding>` + fam111.MessageBinding + `</t:Message_Binding>`
	cases := []struct {
		name      string
		body      string
		want, not []string
	}{
		{"address missing", instance(pb + mb), []string{"T11X-3.3-03", reqRequiredFields}, []string{reqChildOrder}},
		{"address out of place", instance(addr + pb + mb), []string{reqChildOrder}, []string{reqRequiredFields}},
		{"block without binding", `<t:Poll_Response xmlns:t="` + ns + `" message_id="m1" in_response_to="r1" collection_name="c"><t:Content_Block><t:Content>x</t:Content></t:Content_Block></t:Poll_Response>`,
			[]string{"T11X-3.9-06", reqRequiredFields}, []string{reqChildOrder}},
	}
	for _, c := range cases {
		x := exchange(t, "https", 200, h, c.body, req)
		root, _ := parseXML(x.Request.Body)
		var got []string
		for _, vi := range responseProblems(v, x, root) {
			got = append(got, vi.Requirement)
		}
		all := " " + reqsOf(got) + " "
		for _, w := range c.want {
			if !strings.Contains(all, " "+w+" ") {
				t.Errorf("%s: no %s among %v", c.name, w, got)
			}
		}
		for _, n := range c.not {
			if strings.Contains(all, " "+n+" ") {
				t.Errorf("%s: %s among %v", c.name, n, got)
			}
		}
	}
}

// A server that speaks only TAXII 1.1 can answer a 1.1.1 request only in 1.1, and cannot read
// its message_id: neither is held against it. A server that speaks 1.1.1 is held to both.
func TestFamilyTheTargetDoesNotSpeak(t *testing.T) {
	v, err := schemaValidator()
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse("http://127.0.0.1/taxii11/discovery/")
	run, err := harness.Configure(harness.Config{Target: u, Protocol: requirements.TAXII111})
	if err != nil {
		t.Fatal(err)
	}
	req := string(fam111.marshal(el("Discovery_Request", at("message_id", "r1"))))
	answer := `<t:Status_Message xmlns:t="` + fam11.Namespace + `" message_id="m1" in_response_to="0" status_type="UNSUPPORTED_MESSAGE"/>`
	h := http.Header{"Content-Type": {mediaXML}, "X-Taxii-Content-Type": {fam11.MessageBinding},
		"X-Taxii-Protocol": {fam11.protocol(false)}, "X-Taxii-Services": {fam11.Services}}
	judged := func() string {
		x := exchange(t, "http", 200, h, answer, req)
		root, _ := parseXML(x.Request.Body)
		var got []string
		for _, vi := range responseProblems(v, x, root) {
			got = append(got, vi.Requirement)
		}
		return " " + reqsOf(got) + " "
	}
	for _, c := range []struct {
		spoken []*family
		want   bool
	}{{[]*family{fam11}, false}, {[]*family{fam111, fam11}, true}} {
		run.Memo(serverMemo, func() (any, error) { return &server{spoken: c.spoken}, nil })
		m, _ := harness.Memoized(serverMemo)
		m.(*server).spoken = c.spoken // Memo keeps the first value: set this case's
		got := judged()
		for _, r := range []string{reqWrongFamily, reqInResponseToValue} {
			if strings.Contains(got, " "+r+" ") != c.want {
				t.Errorf("server speaking %d families: %s judged %v in [%s]", len(c.spoken), r, c.want, got)
			}
		}
	}
}
