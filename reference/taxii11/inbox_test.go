package taxii11

import (
	"net/http"
	"strings"
	"testing"

	"github.com/taxii-conform/taxii-conform/reference/config"
	"github.com/taxii-conform/taxii-conform/reference/taxii11/message"
)

func inboxTo(blocksIn []message.ContentBlock, dests ...string) *message.Inbox {
	return &message.Inbox{Destinations: dests, Blocks: blocksIn}
}

func TestInbox(t *testing.T) {
	ts := start(t, nil, nil, "")
	count := func(c string) int { return ts.srv.store.Count(c) }
	both(t, func(t *testing.T, fam *message.Family) {
		b12 := stixBlock(config.ContentSTIX12, "inbox-12")
		b111 := stixBlock(config.ContentSTIX111, "inbox-111")
		odd := message.ContentBlock{Binding: "urn:example.com:json:1", Content: []byte("{}")}
		t.Run("stored", func(t *testing.T) {
			n := count(config.C11Default)
			status(t, ts.exchange("/taxii11/inbox/", fam, "writer", inboxTo([]message.ContentBlock{b12, odd}, config.C11Default)), message.StatusSuccess)
			if count(config.C11Default) != n+2 {
				t.Errorf("default holds %d blocks, want %d", count(config.C11Default), n+2)
			}
			r := as[*message.PollResponse](t, ts.exchange("/taxii11/poll/", fam, "reader", pollReq(config.C11Default)))
			last := r.Blocks[len(r.Blocks)-1]
			if last.Binding != odd.Binding || string(last.Content) != "{}" {
				t.Errorf("last block %+v", last)
			}
		})
		t.Run("several destinations", func(t *testing.T) {
			d, box := count(config.C11Default), count(config.C11DropBox)
			status(t, ts.exchange("/taxii11/inbox/", fam, "writer", inboxTo([]message.ContentBlock{b12}, config.C11Default, config.C11DropBox)), message.StatusSuccess)
			if count(config.C11Default) != d+1 || count(config.C11DropBox) != box+1 {
				t.Error("block not stored in both destinations")
			}
		})
		t.Run("empty message", func(t *testing.T) {
			status(t, ts.exchange("/taxii11/inbox/", fam, "writer", inboxTo(nil, config.C11Default)), message.StatusSuccess)
		})
		t.Run("destination required", func(t *testing.T) {
			st := status(t, ts.exchange("/taxii11/inbox/", fam, "writer", inboxTo([]message.ContentBlock{b12})), message.StatusDestinationCollection)
			if d := st.Detail(message.DetailAcceptableDestination); strings.Join(d, ",") != "default,drop-box,push-only,subscribers-only" {
				t.Errorf("ACCEPTABLE_DESTINATION %v", d)
			}
		})
		t.Run("unknown destination", func(t *testing.T) {
			st := status(t, ts.exchange("/taxii11/inbox/", fam, "writer", inboxTo([]message.ContentBlock{b12}, "nowhere")), message.StatusDestinationCollection)
			if len(st.Detail(message.DetailAcceptableDestination)) != 4 {
				t.Errorf("details %+v", st.Details)
			}
			status(t, ts.exchange("/taxii11/inbox/", fam, "nobody", inboxTo([]message.ContentBlock{b12}, config.C11Default)), message.StatusDestinationCollection)
		})
		t.Run("rights", func(t *testing.T) {
			n := count(config.C11Public)
			status(t, ts.exchange("/taxii11/inbox/", fam, "writer", inboxTo([]message.ContentBlock{b12}, config.C11Public)), message.StatusUnauthorized)
			status(t, ts.exchange("/taxii11/inbox/", fam, "reader", inboxTo([]message.ContentBlock{b12}, config.C11Default)), message.StatusUnauthorized)
			status(t, ts.exchange("/taxii11/inbox/", fam, "", inboxTo([]message.ContentBlock{b12}, config.C11Default)), message.StatusUnauthorized)
			if count(config.C11Public) != n {
				t.Error("refused content stored")
			}
		})
		t.Run("unsupported content is refused whole", func(t *testing.T) {
			n := count(config.C11Public)
			st := status(t, ts.exchange("/taxii11/inbox/", fam, "admin", inboxTo([]message.ContentBlock{b12, odd}, config.C11Public)), message.StatusUnsupportedContent)
			if d := st.Detail(message.DetailSupportedContent); len(d) != 3 {
				t.Errorf("SUPPORTED_CONTENT %v", d)
			}
			if count(config.C11Public) != n {
				t.Error("part of a refused Inbox Message was stored (Part 2 §3.2 requires discarding all of it)")
			}
		})
		t.Run("service bound to drop-box", func(t *testing.T) {
			n := count(config.C11DropBox)
			status(t, ts.exchange("/taxii11/inbox/drop-box/", fam, "writer", inboxTo([]message.ContentBlock{b12})), message.StatusSuccess)
			if count(config.C11DropBox) != n+1 {
				t.Error("implicit routing did not store into drop-box")
			}
			st := status(t, ts.exchange("/taxii11/inbox/drop-box/", fam, "writer", inboxTo([]message.ContentBlock{b111})), message.StatusUnsupportedContent)
			if !strings.Contains(st.Message, "Inbox Service") {
				t.Errorf("message %q", st.Message)
			}
			st = status(t, ts.exchange("/taxii11/inbox/drop-box/", fam, "writer", inboxTo([]message.ContentBlock{b12}, config.C11Default)), message.StatusDestinationCollection)
			if d := st.Detail(message.DetailAcceptableDestination); len(d) != 1 || d[0] != config.C11DropBox {
				t.Errorf("ACCEPTABLE_DESTINATION %v", d)
			}
			status(t, ts.exchange("/taxii11/inbox/drop-box/", fam, "reader", inboxTo([]message.ContentBlock{b12})), message.StatusUnauthorized)
		})
		t.Run("nesting expressions", func(t *testing.T) {
			nestedOK := message.ContentBlock{Binding: config.ContentSTIX12 + "|" + fam.MessageBinding, Content: []byte("<x/>")}
			nestedBad := message.ContentBlock{Binding: "urn:example.com:enc|" + config.ContentSTIX12, Content: []byte("<x/>")}
			status(t, ts.exchange("/taxii11/inbox/", fam, "writer", inboxTo([]message.ContentBlock{nestedOK}, config.C11DropBox)), message.StatusSuccess)
			status(t, ts.exchange("/taxii11/inbox/", fam, "writer", inboxTo([]message.ContentBlock{nestedBad}, config.C11DropBox)), message.StatusUnsupportedContent)
			status(t, ts.exchange("/taxii11/inbox/", fam, "writer", inboxTo([]message.ContentBlock{nestedBad}, config.C11Default)), message.StatusSuccess)
			withSubtype := nestedBad
			withSubtype.Subtype = "urn:example.com:subtype"
			status(t, ts.exchange("/taxii11/inbox/", fam, "writer", inboxTo([]message.ContentBlock{withSubtype}, config.C11Default)), message.StatusBadMessage)
		})
	})
}

func TestInboxSubtypes(t *testing.T) {
	c := defaultTestConfig()
	const sa, sb = "urn:example.com:subtype:a", "urn:example.com:subtype:b"
	c.TAXII11.Collections = append(c.TAXII11.Collections, config.Collection11{
		Name: "typed", Description: "STIX 1.2 of subtype a only", Type: config.DataFeed11,
		SupportedContent: []config.Binding11{{Binding: config.ContentSTIX12, Subtypes: []string{sa}}},
		ServiceIDs:       []string{"collection-management", "poll", "inbox"}})
	ts := start(t, c, nil, "")
	fam := message.V111
	blk := func(sub string) message.ContentBlock {
		b := stixBlock(config.ContentSTIX12, "typed-"+sub)
		b.Subtype = sub
		return b
	}
	status(t, ts.exchange("/taxii11/inbox/", fam, "admin", inboxTo([]message.ContentBlock{blk(sa)}, "typed")), message.StatusSuccess)
	st := status(t, ts.exchange("/taxii11/inbox/", fam, "admin", inboxTo([]message.ContentBlock{blk(sb)}, "typed")), message.StatusUnsupportedContent)
	if !strings.Contains(st.Message, sa) {
		t.Errorf("message does not name the supported subtype: %q", st.Message)
	}
	status(t, ts.exchange("/taxii11/inbox/", fam, "admin", inboxTo([]message.ContentBlock{blk("")}, "typed")), message.StatusUnsupportedContent)
	info := as[*message.CollectionInfoResponse](t, ts.exchange(cm, fam, "admin", &message.CollectionInfoRequest{}))
	for _, col := range info.Collections {
		if col.Name == "typed" && (len(col.ContentBindings) != 1 || len(col.ContentBindings[0].Subtypes) != 1 || col.ContentBindings[0].Subtypes[0] != sa) {
			t.Errorf("typed record bindings %+v", col.ContentBindings)
		}
	}
	req := pollReq("typed")
	req.Params.ContentBindings = []message.ContentBinding{{ID: config.ContentSTIX12, Subtypes: []string{sa}}}
	r := as[*message.PollResponse](t, ts.exchange("/taxii11/poll/", fam, "admin", req))
	if len(r.Blocks) != 1 || r.Blocks[0].Subtype != sa {
		t.Errorf("poll by subtype: %+v", r.Blocks)
	}
	req.Params.ContentBindings = []message.ContentBinding{{ID: config.ContentSTIX12, Subtypes: []string{sb}}}
	status(t, ts.exchange("/taxii11/poll/", fam, "admin", req), message.StatusUnsupportedContent)
}

// Who may do what, by account (password = user name), through each service.
func TestAuthorizationMatrix(t *testing.T) {
	ts := start(t, nil, nil, "")
	blk := []message.ContentBlock{stixBlock(config.ContentSTIX12, "matrix")}
	type op struct {
		name string
		path string
		msg  func() message.Message
	}
	ops := []op{
		{"discovery", "/taxii11/discovery/", func() message.Message { return &message.DiscoveryRequest{} }},
		{"collection info", cm, func() message.Message { return &message.CollectionInfoRequest{} }},
		{"poll default", "/taxii11/poll/", func() message.Message { return pollReq(config.C11Default) }},
		{"poll public", "/taxii11/poll/", func() message.Message { return pollReq(config.C11Public) }},
		{"poll drop-box", "/taxii11/poll/", func() message.Message { return pollReq(config.C11DropBox) }},
		{"inbox default", "/taxii11/inbox/", func() message.Message { return inboxTo(blk, config.C11Default) }},
		{"inbox public", "/taxii11/inbox/", func() message.Message { return inboxTo(blk, config.C11Public) }},
		{"inbox drop-box", "/taxii11/inbox/", func() message.Message { return inboxTo(blk, config.C11DropBox) }},
		{"subscribe public", cm, func() message.Message { return subscribeReq(config.C11Public, nil) }},
	}
	const ok = "ok"
	want := map[string][]string{ // per op, for "", admin, writer, reader, nobody
		"discovery":        {ok, ok, ok, ok, ok},
		"collection info":  {message.StatusUnauthorized, ok, ok, ok, ok},
		"poll default":     {message.StatusUnauthorized, ok, ok, ok, message.StatusNotFound},
		"poll public":      {message.StatusUnauthorized, ok, ok, ok, message.StatusNotFound},
		"poll drop-box":    {message.StatusUnauthorized, ok, message.StatusUnauthorized, message.StatusNotFound, message.StatusNotFound},
		"inbox default":    {message.StatusUnauthorized, message.StatusSuccess, message.StatusSuccess, message.StatusUnauthorized, message.StatusDestinationCollection},
		"inbox public":     {message.StatusUnauthorized, message.StatusSuccess, message.StatusUnauthorized, message.StatusUnauthorized, message.StatusDestinationCollection},
		"inbox drop-box":   {message.StatusUnauthorized, message.StatusSuccess, message.StatusSuccess, message.StatusDestinationCollection, message.StatusDestinationCollection},
		"subscribe public": {message.StatusUnauthorized, ok, ok, ok, message.StatusNotFound},
	}
	users := []string{"", "admin", "writer", "reader", "nobody"}
	both(t, func(t *testing.T, fam *message.Family) {
		for _, o := range ops {
			for i, u := range users {
				got := ts.exchange(o.path, fam, u, o.msg())
				res := ok
				if st, isSt := got.(*message.Status); isSt {
					res = st.Type
				}
				if res != want[o.name][i] {
					t.Errorf("%s as %q: %s, want %s", o.name, u, res, want[o.name][i])
				}
			}
		}
	})
	t.Run("wrong password", func(t *testing.T) {
		resp, body := ts.raw("/taxii11/discovery/", message.V111, "", message.Marshal(message.V111, &message.DiscoveryRequest{Header: message.Header{MessageID: "pw"}}),
			func(h http.Header) { h.Set("Authorization", "Basic "+basic("reader", "wrong")) })
		statusAnswer(t, resp, body, 200, message.V111, message.StatusUnauthorized)
		resp, body = ts.raw("/taxii11/discovery/", message.V111, "", message.Marshal(message.V111, &message.DiscoveryRequest{Header: message.Header{MessageID: "tok"}}),
			func(h http.Header) { h.Set("Authorization", "Bearer abc") })
		statusAnswer(t, resp, body, 200, message.V111, message.StatusUnauthorized)
	})
}

func basic(u, p string) string {
	r, _ := http.NewRequest(http.MethodGet, "http://x/", nil)
	r.SetBasicAuth(u, p)
	return strings.TrimPrefix(r.Header.Get("Authorization"), "Basic ")
}

// Services that do not require authentication serve anonymous requests with full rights on
// their own collections (OpenTAXII's authentication_required: no); credentials still count.
func TestOpenServices(t *testing.T) {
	c := defaultTestConfig()
	c.TAXII11.Service("poll").AuthenticationRequired = false
	c.TAXII11.Service("inbox").AuthenticationRequired = false
	ts := start(t, c, nil, "")
	fam := message.V11
	status(t, ts.exchange("/taxii11/inbox/", fam, "", inboxTo([]message.ContentBlock{stixBlock(config.ContentSTIX12, "anon")}, config.C11Public)), message.StatusSuccess)
	r := as[*message.PollResponse](t, ts.exchange("/taxii11/poll/", fam, "", pollReq(config.C11DropBox)))
	if len(r.Blocks) != 3 {
		t.Errorf("anonymous poll of drop-box: %d blocks", len(r.Blocks))
	}
	status(t, ts.exchange("/taxii11/poll/", fam, "reader", pollReq(config.C11DropBox)), message.StatusNotFound)
	d := as[*message.DiscoveryResponse](t, ts.exchange("/taxii11/discovery/", fam, "", &message.DiscoveryRequest{}))
	for _, si := range d.Services {
		if (si.Type == message.ServicePoll || si.Type == message.ServiceInbox) && strings.HasSuffix(si.Address, "/taxii11/poll/") && !*si.Available {
			t.Errorf("open poll service not available to anonymous requesters")
		}
	}
}
