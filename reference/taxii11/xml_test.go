package taxii11

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/taxii-conform/taxii-conform/reference/config"
	"github.com/taxii-conform/taxii-conform/reference/taxii11/message"
)

// badMessage posts body and expects HTTP 200 with BAD_MESSAGE answering inResponseTo.
func badMessage(t *testing.T, ts *tserver, path string, fam *message.Family, user, body, inResponseTo string) *message.Status {
	t.Helper()
	resp, out := ts.raw(path, fam, user, []byte(body), nil)
	st := statusAnswer(t, resp, out, 200, fam, message.StatusBadMessage)
	if st.InResponseTo != inResponseTo {
		t.Errorf("in_response_to %q, want %q", st.InResponseTo, inResponseTo)
	}
	if st.Message == "" {
		t.Error("BAD_MESSAGE without an explanation")
	}
	return st
}

func TestMalformedRequests(t *testing.T) {
	ts := start(t, nil, nil, "")
	both(t, func(t *testing.T, fam *message.Family) {
		ns := fam.Namespace
		poll := func(inner string) string {
			return `<Poll_Request xmlns="` + ns + `" message_id="p1" collection_name="default">` + inner + `</Poll_Request>`
		}
		cases := []struct{ name, path, body, irt string }{
			{"empty", "/taxii11/discovery/", "", "0"},
			{"not XML", "/taxii11/discovery/", "hello", "0"},
			{"truncated", "/taxii11/discovery/", `<Discovery_Request xmlns="` + ns + `" message_id="d1">`, "d1"},
			{"TAXII 1.0 namespace", "/taxii11/discovery/", `<Discovery_Request xmlns="http://taxii.mitre.org/messages/taxii_xml_binding-1" message_id="d2"/>`, "d2"},
			{"no namespace", "/taxii11/discovery/", `<Discovery_Request message_id="d3"/>`, "d3"},
			{"unknown message type", "/taxii11/discovery/", `<Discovery_Requests xmlns="` + ns + `" message_id="d4"/>`, "d4"},
			{"no message_id", "/taxii11/discovery/", `<Discovery_Request xmlns="` + ns + `"/>`, "0"},
			{"message_id not a URI", "/taxii11/discovery/", `<Discovery_Request xmlns="` + ns + `" message_id="a b"/>`, "0"},
			{"unknown attribute", "/taxii11/discovery/", `<Discovery_Request xmlns="` + ns + `" message_id="d5" colour="red"/>`, "d5"},
			{"unknown child", "/taxii11/discovery/", `<Discovery_Request xmlns="` + ns + `" message_id="d6"><Extra/></Discovery_Request>`, "d6"},
			{"child in another namespace", "/taxii11/poll/", `<Poll_Request xmlns="` + ns + `" message_id="p0" collection_name="default"><Poll_Parameters xmlns="urn:other"/></Poll_Request>`, "p0"},
			{"two roots", "/taxii11/discovery/", `<Discovery_Request xmlns="` + ns + `" message_id="d7"/><Discovery_Request xmlns="` + ns + `" message_id="d8"/>`, "d7"},
			{"mismatched tags", "/taxii11/discovery/", `<Discovery_Request xmlns="` + ns + `" message_id="d9"><a></b></Discovery_Request>`, "d9"},
			{"undeclared prefix", "/taxii11/discovery/", `<t:Discovery_Request xmlns="` + ns + `" message_id="d10"/>`, "d10"},
			{"latin-1 declaration", "/taxii11/discovery/", `<?xml version="1.0" encoding="ISO-8859-1"?><Discovery_Request xmlns="` + ns + `" message_id="d11"/>`, "d11"},
			{"invalid UTF-8", "/taxii11/discovery/", "<Discovery_Request xmlns=\"" + ns + "\" message_id=\"d12\">\xff\xfe</Discovery_Request>", "d12"},
			{"undefined entity", "/taxii11/discovery/", `<Discovery_Request xmlns="` + ns + `" message_id="d13">&nbsp;</Discovery_Request>`, "d13"},
			{"poll without parameters", "/taxii11/poll/", poll(""), "p1"},
			{"poll elements out of order", "/taxii11/poll/", poll(`<Poll_Parameters/><Exclusive_Begin_Timestamp>2025-01-01T00:00:00Z</Exclusive_Begin_Timestamp>`), "p1"},
			{"timestamp without zone", "/taxii11/poll/", poll(`<Exclusive_Begin_Timestamp>2025-01-01T00:00:00</Exclusive_Begin_Timestamp><Poll_Parameters/>`), "p1"},
			{"timestamp with 7 digits", "/taxii11/poll/", poll(`<Exclusive_Begin_Timestamp>2025-01-01T00:00:00.1234567Z</Exclusive_Begin_Timestamp><Poll_Parameters/>`), "p1"},
			{"timestamp not a date", "/taxii11/poll/", poll(`<Inclusive_End_Timestamp>yesterday</Inclusive_End_Timestamp><Poll_Parameters/>`), "p1"},
			{"end before begin", "/taxii11/poll/", poll(`<Exclusive_Begin_Timestamp>2025-01-02T00:00:00Z</Exclusive_Begin_Timestamp><Inclusive_End_Timestamp>2025-01-01T00:00:00Z</Inclusive_End_Timestamp><Poll_Parameters/>`), "p1"},
			{"bad response type", "/taxii11/poll/", poll(`<Poll_Parameters><Response_Type>SOME</Response_Type></Poll_Parameters>`), "p1"},
			{"bad boolean", "/taxii11/poll/", poll(`<Poll_Parameters allow_asynch="maybe"/>`), "p1"},
			{"both subscription and parameters", "/taxii11/poll/", poll(`<Subscription_ID>s</Subscription_ID><Poll_Parameters/>`), "p1"},
			{"bad part number", "/taxii11/poll/", `<Poll_Fulfillment xmlns="` + ns + `" message_id="f1" collection_name="default" result_id="r" result_part_number="0"/>`, "f1"},
			{"bad action", "/taxii11/collection-management/", `<Subscription_Management_Request xmlns="` + ns + `" message_id="s1" action="DELETE" collection_name="default"/>`, "s1"},
			{"content block without content", "/taxii11/inbox/", `<Inbox_Message xmlns="` + ns + `" message_id="i1"><Destination_Collection_Name>default</Destination_Collection_Name><Content_Block><Content_Binding binding_id="urn:stix.mitre.org:xml:1.2"/></Content_Block></Inbox_Message>`, "i1"},
			{"text in element content", "/taxii11/discovery/", `<Discovery_Request xmlns="` + ns + `" message_id="d14">text</Discovery_Request>`, "d14"},
			{"deep nesting", "/taxii11/discovery/", `<Discovery_Request xmlns="` + ns + `" message_id="d15"><Extended_Headers><Extended_Header name="urn:x:y">` +
				strings.Repeat("<a>", 600) + strings.Repeat("</a>", 600) + `</Extended_Header></Extended_Headers></Discovery_Request>`, "d15"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				user := "admin"
				if c.path == "/taxii11/discovery/" {
					user = ""
				}
				badMessage(t, ts, c.path, fam, user, c.body, c.irt)
			})
		}
	})
}

// Documents that try to make the parser read files or contact hosts, or expand entities,
// are refused without any access.
func TestNoEntityExpansionOrFetching(t *testing.T) {
	var hits atomic.Int32
	canary := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		_, _ = w.Write([]byte(`<!ENTITY leak "leaked">`))
	}))
	defer canary.Close()
	secret := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(secret, []byte("TOP-SECRET-CANARY"), 0o600); err != nil {
		t.Fatal(err)
	}
	ts := start(t, nil, nil, "")
	both(t, func(t *testing.T, fam *message.Family) {
		root := func(inner string) string {
			return `<Discovery_Request xmlns="` + fam.Namespace + `" message_id="x1">` + inner + `</Discovery_Request>`
		}
		attacks := map[string]string{
			"external entity (http)": `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "` + canary.URL + `/e">]>` + root("&x;"),
			"external entity (file)": `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://` + secret + `">]>` + root("&x;"),
			"parameter entity":       `<!DOCTYPE d [<!ENTITY % p SYSTEM "` + canary.URL + `/p"> %p;]>` + root("&leak;"),
			"external DTD":           `<!DOCTYPE d SYSTEM "` + canary.URL + `/dtd">` + root(""),
			"billion laughs": `<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">` +
				`<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>` + root("&d;"),
		}
		for name, body := range attacks {
			t.Run(name, func(t *testing.T) {
				st := badMessage(t, ts, "/taxii11/discovery/", fam, "", body, "x1")
				if strings.Contains(st.Message, "TOP-SECRET") || strings.Contains(st.Message, "leaked") {
					t.Errorf("answer leaks: %s", st.Message)
				}
			})
		}
		// XInclude and schemaLocation hints inside content are stored as data, never followed.
		inbox := &message.Inbox{Destinations: []string{config.C11Default}, Blocks: []message.ContentBlock{{
			Binding: "urn:example.com:xml",
			Content: []byte(`<doc xmlns:xi="http://www.w3.org/2001/XInclude" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:x ` +
				canary.URL + `/xsd"><xi:include href="` + canary.URL + `/inc" parse="text"/><xi:include href="file://` + secret + `" parse="text"/></doc>`),
		}}}
		status(t, ts.exchange("/taxii11/inbox/", fam, "writer", inbox), message.StatusSuccess)
		resp := as[*message.PollResponse](t, ts.exchange("/taxii11/poll/", fam, "reader", pollReq(config.C11Default)))
		last := resp.Blocks[len(resp.Blocks)-1]
		if !strings.Contains(string(last.Content), "xi:include") || strings.Contains(string(last.Content), "TOP-SECRET") {
			t.Errorf("content changed: %s", last.Content)
		}
	})
	if n := hits.Load(); n != 0 {
		t.Fatalf("the canary server was contacted %d times", n)
	}
}

// Namespace prefixes declared outside Content stay bound when the content is served again,
// in a document of either family.
func TestContentKeepsNamespaces(t *testing.T) {
	ts := start(t, nil, nil, "")
	body := `<taxii_11:Inbox_Message xmlns:taxii_11="` + message.V11.Namespace + `" xmlns:stix="http://stix.mitre.org/stix-1"` +
		` xmlns:indicator="http://stix.mitre.org/Indicator-2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" message_id="ns1">` +
		`<taxii_11:Destination_Collection_Name>default</taxii_11:Destination_Collection_Name>` +
		`<taxii_11:Content_Block><taxii_11:Content_Binding binding_id="urn:stix.mitre.org:xml:1.2"/><taxii_11:Content>` +
		`<stix:STIX_Package version="1.2"><stix:Indicators><stix:Indicator xsi:type="indicator:IndicatorType"><indicator:Title>marker-ns</indicator:Title></stix:Indicator></stix:Indicators></stix:STIX_Package>` +
		`</taxii_11:Content></taxii_11:Content_Block></taxii_11:Inbox_Message>`
	resp, out := ts.raw("/taxii11/inbox/", message.V11, "writer", []byte(body), nil)
	statusAnswer(t, resp, out, 200, message.V11, message.StatusSuccess)
	for _, fam := range message.Families {
		pr := as[*message.PollResponse](t, ts.exchange("/taxii11/poll/", fam, "reader", pollReq(config.C11Default)))
		content := pr.Blocks[len(pr.Blocks)-1].Content
		frag, err := message.Fragment(content)
		if err != nil {
			t.Fatalf("%s: served content is not self-contained: %v\n%s", fam.Name, err, content)
		}
		for _, want := range []string{`xmlns:indicator="http://stix.mitre.org/Indicator-2"`, `xsi:type="indicator:IndicatorType"`, "marker-ns"} {
			if !strings.Contains(string(frag), want) {
				t.Errorf("%s: %q lost: %s", fam.Name, want, frag)
			}
		}
	}
}

func TestSignaturesAndExtendedHeadersAccepted(t *testing.T) {
	ts := start(t, nil, nil, "")
	both(t, func(t *testing.T, fam *message.Family) {
		body := fmt.Sprintf(`<Discovery_Request xmlns="%s" message_id="sig1"><Extended_Headers><Extended_Header name="urn:example.com:hdr">v<x:y xmlns:x="urn:x"/></Extended_Header></Extended_Headers>`+
			`<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/></ds:Signature></Discovery_Request>`, fam.Namespace)
		resp, out := ts.raw("/taxii11/discovery/", fam, "", []byte(body), nil)
		if resp.StatusCode != 200 {
			t.Fatalf("HTTP %d", resp.StatusCode)
		}
		as[*message.DiscoveryResponse](t, parseResponse(t, out, fam))
	})
}
