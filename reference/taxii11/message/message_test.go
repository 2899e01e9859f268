package message

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// corpus returns the files of the project's message corpus (fixtures/taxii11/<kind>/<family>).
func corpus(t testing.TB, kind string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	root := filepath.Join("..", "..", "..", "fixtures", "taxii11", kind)
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".xml") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err == nil {
			out[p] = b
		}
		return nil
	})
	return out
}

func ts(s string) *time.Time {
	t, err := ParseTimestamp(s)
	if err != nil {
		panic(err)
	}
	return &t
}

// samples holds one value of every message type, with every optional field used.
func samples() []Message {
	yes, no := true, false
	vol := uint64(12)
	frag := []byte(`<stix:STIX_Package xmlns:stix="http://stix.mitre.org/stix-1" version="1.2">a &amp; b</stix:STIX_Package>`)
	cb := []ContentBinding{{ID: "urn:stix.mitre.org:xml:1.2", Subtypes: []string{"urn:example.com:s1", "urn:example.com:s2"}}, {ID: "urn:stix.mitre.org:xml:1.1.1"}}
	dp := &DeliveryParams{Protocol: V11.ProtocolHTTP, Address: "http://127.0.0.1:9/inbox/", MessageBinding: V11.MessageBinding}
	q := &Query{Format: V11.QueryFormat, Body: []byte(`<tdq:Default_Query xmlns:tdq="http://taxii.mitre.org/query/taxii_default_query-1" targeting_expression_id="urn:stix.mitre.org:xml:1.2"><tdq:Criteria operator="AND"><tdq:Criterion><tdq:Target>**/@id</tdq:Target><tdq:Test capability_id="urn:taxii.mitre.org:query:capability:core-1" relationship="exists"/></tdq:Criterion></tdq:Criteria></tdq:Default_Query>`)}
	blocks := []ContentBlock{
		{Binding: "urn:stix.mitre.org:xml:1.2", Subtype: "urn:example.com:s1", Content: frag, Label: ts("2025-01-02T03:04:05.123456Z"), Message: "m", Padding: "pad"},
		{Binding: "urn:example.com:enc|urn:stix.mitre.org:xml:1.2", Content: []byte("base64text")},
	}
	contact := ServiceContact{Protocol: V11.ProtocolHTTPS, Address: "https://example.com/poll/", MessageBindings: []string{V11.MessageBinding, V111.MessageBinding}}
	hdr := func(resp bool) Header {
		h := Header{MessageID: "msg-1", Extended: []ExtendedHeader{{Name: "urn:example.com:h", Value: []byte(`v<x:y xmlns:x="urn:x"/>`)}}}
		if resp {
			h.InResponseTo = "req-1"
		}
		return h
	}
	return []Message{
		&Status{Header: hdr(true), Type: StatusPending, Details: []Detail{{Name: DetailEstimatedWait, Value: "3"}, {Name: DetailResultID, Value: "r1"}, {Name: DetailWillPush, Value: "false"}}, Message: "wait"},
		&Status{Header: Header{MessageID: "s2", InResponseTo: "0"}, Type: "urn:example.com:status:busy"},
		&DiscoveryRequest{Header: hdr(false)},
		&DiscoveryResponse{Header: hdr(true), Services: []ServiceInstance{
			{Type: ServicePoll, Version: V11.Services, Available: &yes, Protocol: V11.ProtocolHTTP, Address: "http://example.com/poll/", MessageBindings: []string{V11.MessageBinding},
				Queries: []SupportedQuery{{Format: V11.QueryFormat, Body: []byte(`<tdq:Default_Query_Info xmlns:tdq="http://taxii.mitre.org/query/taxii_default_query-1"><tdq:Targeting_Expression_Info targeting_expression_id="urn:stix.mitre.org:xml:1.2"><tdq:Preferred_Scope>**</tdq:Preferred_Scope></tdq:Targeting_Expression_Info><tdq:Capability_Module>urn:taxii.mitre.org:query:capability:core-1</tdq:Capability_Module></tdq:Default_Query_Info>`)}},
				Message: "poll"},
			{Type: ServiceInbox, Version: V111.Services, Available: &no, Protocol: V111.ProtocolHTTP, Address: "http://example.com/inbox/", MessageBindings: []string{V111.MessageBinding}, ContentBindings: cb},
		}},
		&CollectionInfoRequest{Header: hdr(false)},
		&CollectionInfoResponse{Header: hdr(true), Collections: []CollectionRecord{{
			Name: "c1", Type: DataSet, Available: &yes, Description: "d", Volume: &vol, ContentBindings: cb,
			PushMethods:     []PushMethod{{Protocol: V11.ProtocolHTTP, MessageBindings: []string{V11.MessageBinding}}},
			PollingServices: []ServiceContact{contact}, SubscriptionServices: []ServiceContact{contact},
			InboxServices: []InboxService{{ServiceContact: contact, ContentBindings: cb}},
		}, {Name: "c2", Description: ""}}},
		&SubscriptionRequest{Header: hdr(false), Action: ActionSubscribe, Collection: "c1", Params: &SubscriptionParams{ResponseType: ResponseCountOnly, ContentBindings: cb, Query: q}, Push: dp},
		&SubscriptionRequest{Header: hdr(false), Action: ActionPause, Collection: "c1", SubscriptionID: "sub-1"},
		&SubscriptionResponse{Header: hdr(true), Collection: "c1", Message: "ok", Subscriptions: []SubscriptionRecord{
			{Status: SubscriptionPaused, ID: "sub-1", Params: &SubscriptionParams{ContentBindings: cb, Query: q}, Push: dp, PollInstances: []ServiceContact{contact}},
			{ID: "sub-2"},
		}},
		&PollRequest{Header: hdr(false), Collection: "c1", Begin: ts("2025-01-01T00:00:00Z"), End: ts("2025-01-02T00:00:00+02:00"), Params: &PollParams{AllowAsynch: true, ResponseType: ResponseFull, ContentBindings: cb, Query: q, Delivery: dp}},
		&PollRequest{Header: hdr(false), Collection: "c1", SubscriptionID: "sub-1"},
		&PollResponse{Header: hdr(true), Collection: "c1", More: true, ResultID: "r1", PartNumber: 2, SubscriptionID: "sub-1", Begin: ts("2025-01-01T00:00:00Z"), End: ts("2025-01-03T00:00:00Z"),
			RecordCount: &RecordCount{Count: 40, Partial: true}, Message: "m", Blocks: blocks},
		&Inbox{Header: hdr(false), ResultID: "r1", Destinations: []string{"c1", "c2"}, Message: "m",
			Source:      &SourceSubscription{Collection: "c1", SubscriptionID: "sub-1", Begin: ts("2025-01-01T00:00:00Z"), End: ts("2025-01-02T00:00:00Z")},
			RecordCount: &RecordCount{Count: 2}, Blocks: blocks},
		&PollFulfillment{Header: hdr(false), Collection: "c1", ResultID: "r1", PartNumber: 3},
	}
}

// Every message type survives encoding and parsing in both families. Fragments gain the
// declarations in scope where they were (here the message prefix), so values are compared with
// that declaration removed, and bytes from the second round on.
func TestRoundTrip(t *testing.T) {
	for _, f := range Families {
		for _, m := range samples() {
			body := Marshal(f, m)
			got, gf, err := Parse(body)
			if err != nil {
				t.Fatalf("%s %s: %v\n%s", f.Name, m.Kind(), err, body)
			}
			if gf != f || got.Kind() != m.Kind() {
				t.Fatalf("%s %s: parsed as %s %s", f.Name, m.Kind(), gf.Name, got.Kind())
			}
			second := Marshal(f, got)
			again, _, err := Parse(second)
			if err != nil {
				t.Fatalf("%s %s: second parse: %v", f.Name, m.Kind(), err)
			}
			if third := Marshal(f, again); !bytes.Equal(third, second) {
				t.Errorf("%s %s: encoding not stable:\n%s\n%s", f.Name, m.Kind(), second, third)
			}
			clearRaw(got)
			clearRaw(m)
			injected := ` xmlns:` + f.Prefix + `="` + f.Namespace + `"`
			stripInjected(reflect.ValueOf(got), injected)
			if !reflect.DeepEqual(normal(got), normal(m)) {
				t.Errorf("%s %s: value changed:\n got %+v\nwant %+v", f.Name, m.Kind(), got, m)
			}
		}
	}
}

// stripInjected removes a namespace declaration from every fragment ([]byte) in v.
func stripInjected(v reflect.Value, decl string) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			stripInjected(v.Elem(), decl)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			stripInjected(v.Field(i), decl)
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			if v.CanSet() && v.Len() > 0 {
				v.SetBytes(bytes.ReplaceAll(v.Bytes(), []byte(decl), nil))
			}
			return
		}
		for i := range v.Len() {
			stripInjected(v.Index(i), decl)
		}
	}
}

// clearRaw drops what the parser adds (detail fragments) before comparing values.
func clearRaw(m Message) {
	if s, ok := m.(*Status); ok {
		for i := range s.Details {
			s.Details[i].Raw = nil
		}
	}
}

// normal turns empty slices into nil so that DeepEqual compares content.
func normal(m Message) Message {
	v := reflect.ValueOf(m).Elem()
	zeroEmpty(v)
	return m
}

func zeroEmpty(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			zeroEmpty(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Field(i).CanSet() {
				zeroEmpty(v.Field(i))
			}
		}
	case reflect.Slice:
		if v.Len() == 0 && v.Type().Elem().Kind() != reflect.Uint8 {
			v.Set(reflect.Zero(v.Type()))
			return
		}
		for i := range v.Len() {
			zeroEmpty(v.Index(i))
		}
	}
}

// The project's corpus of valid messages parses, and what the encoder writes back parses too.
func TestCorpusValid(t *testing.T) {
	files := corpus(t, "valid")
	if len(files) == 0 {
		t.Skip("fixtures/taxii11/valid is empty")
	}
	for p, b := range files {
		if strings.Contains(filepath.Base(p), "default-query") {
			continue // Default Query structures, not messages
		}
		m, f, err := Parse(b)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if _, _, err := Parse(Marshal(f, m)); err != nil {
			t.Errorf("%s: re-encoded message does not parse: %v", p, err)
		}
	}
}

func TestFragment(t *testing.T) {
	doc := []byte(`<?xml version="1.0"?>
<!-- comment -->
<a:root xmlns:a="urn:a" xmlns="urn:d"><child x="1"/></a:root>`)
	frag, err := Fragment(doc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(bytes.TrimSpace(frag), []byte("<!-- comment -->")) || !bytes.Contains(frag, []byte(`xmlns="urn:d"`)) {
		t.Errorf("fragment %s", frag)
	}
	if _, err := Fragment([]byte(`<!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>`)); err == nil {
		t.Error("DTD accepted")
	}
	// Declarations from outside the fragment are copied onto its top-level elements, and only
	// where the element does not declare the prefix itself.
	body := []byte(`<Inbox_Message xmlns="` + V11.Namespace + `" xmlns:p="urn:p" xmlns:q="urn:q" message_id="1"><Content_Block><Content_Binding binding_id="b"/>` +
		`<Content>text <p:a q:attr="v"/> more <b xmlns:q="urn:other"><q:c/></b></Content></Content_Block></Inbox_Message>`)
	m, _, err := Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	c := string(m.(*Inbox).Blocks[0].Content)
	want := `text <p:a xmlns="` + V11.Namespace + `" xmlns:p="urn:p" xmlns:q="urn:q" q:attr="v"/> more <b xmlns="` + V11.Namespace + `" xmlns:p="urn:p" xmlns:q="urn:other"><q:c/></b>`
	if c != want {
		t.Errorf("content\n got %s\nwant %s", c, want)
	}
}

func TestTimestamps(t *testing.T) {
	for _, ok := range []string{"2025-01-01T00:00:00Z", "2025-01-01T00:00:00.123456+05:30", "2025-01-01T00:00:00.1-00:00"} {
		if _, err := ParseTimestamp(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"2025-01-01T00:00:00", "2025-01-01T00:00:00.1234567Z", "2025-01-01 00:00:00Z", "2025-13-01T00:00:00Z", "2025-01-01T00:00:00+0100", ""} {
		if _, err := ParseTimestamp(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestSniffMessageID(t *testing.T) {
	cases := map[string]string{
		`<a message_id="x1"><b>`:                                                     "x1",
		`<?xml version="1.0"?><a foo="1" message_id='x2'>`:                           "x2",
		`<!DOCTYPE a [<!ENTITY e "<a message_id='no'>">]><a message_id="x3">&e;</a>`: "x3",
		`<a message_id="with space">`:                                                "",
		`not xml`:                                                                    "",
	}
	for in, want := range cases {
		if got := sniffMessageID([]byte(in)); got != want {
			t.Errorf("%s: %q, want %q", in, got, want)
		}
	}
}

// Messages start with their root element: libtaxii before 1.1.112 on Python 3 cannot read a
// body whose XML declaration names an encoding.
func TestNoXMLDeclaration(t *testing.T) {
	for _, fam := range Families {
		for _, m := range samples() {
			if b := Marshal(fam, m); !bytes.HasPrefix(b, []byte("<"+fam.Prefix+":")) {
				t.Errorf("%s %s starts with %.40q", fam.Name, m.Kind(), b)
			}
		}
	}
}
