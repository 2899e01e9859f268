package taxii11

// Checks that each fault of faults_binding.go makes the server misbehave as its description
// says; TestFaults (faults_test.go) runs them. The conformance suite proves that it notices.

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/taxii-conform/taxii-conform/reference/config"
	"github.com/taxii-conform/taxii-conform/reference/faults"
	"github.com/taxii-conform/taxii-conform/reference/taxii11/message"
)

const (
	pollPath  = "/taxii11/poll/"
	inboxPath = "/taxii11/inbox/"
)

// bfHeader posts a Discovery Request and returns the answer's header.
func bfHeader(t *testing.T, ts *tserver) http.Header {
	t.Helper()
	resp, _ := ts.raw(disc, sfFam, "", message.Marshal(sfFam, &message.DiscoveryRequest{Header: message.Header{MessageID: uuid.NewString()}}), nil)
	return resp.Header
}

// bfStatus posts m and returns the Status Message it gets.
func bfStatus(t *testing.T, ts *tserver, path, user string, m message.Message) *message.Status {
	t.Helper()
	return as[*message.Status](t, sfParse(t, sfPost(t, ts, path, user, m)))
}

// bfAdd adds one STIX package to a collection.
func bfAdd(t *testing.T, ts *tserver, coll, title string) {
	t.Helper()
	status(t, sfParse(t, sfPost(t, ts, inboxPath, "writer", inboxTo([]message.ContentBlock{stixBlock(config.ContentSTIX12, title)}, coll))), message.StatusSuccess)
}

// bfMultiPart adds enough content for a result in several parts and returns part 1.
func bfMultiPart(t *testing.T, ts *tserver) *message.PollResponse {
	t.Helper()
	var blocks []message.ContentBlock
	for i := 0; i < 25; i++ {
		blocks = append(blocks, stixBlock(config.ContentSTIX12, "part "+uuid.NewString()))
	}
	status(t, sfParse(t, sfPost(t, ts, inboxPath, "writer", inboxTo(blocks, config.C11Default))), message.StatusSuccess)
	r := sfPoll(t, ts, "writer", sfPollFrom(config.C11Default))
	if !r.More {
		t.Fatal("the result is not split")
	}
	return r
}

func bfAsync() *message.PollRequest {
	r := pollReq(config.C11Default)
	r.Params.AllowAsynch = true
	return r
}

var bindingFaultChecks = map[string]func(t *testing.T, ts *tserver){
	faults.T11NoAllowOn405: func(t *testing.T, ts *tserver) {
		resp, err := ts.client.Get(ts.url(disc))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "" {
			t.Errorf("HTTP %d, Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
		}
	},
	faults.T11ContentTypeTextXML: func(t *testing.T, ts *tserver) {
		if ct := bfHeader(t, ts).Get("Content-Type"); ct != "text/xml" {
			t.Errorf("Content-Type %q", ct)
		}
	},
	faults.T11ContentTypeUnknown: func(t *testing.T, ts *tserver) {
		if ct := bfHeader(t, ts).Get("Content-Type"); ct != "application/taxii-xml" {
			t.Errorf("Content-Type %q", ct)
		}
	},
	faults.T11NoProtocolHeader: func(t *testing.T, ts *tserver) {
		if v := bfHeader(t, ts).Get(headerProtocol); v != "" {
			t.Errorf("X-TAXII-Protocol %q", v)
		}
	},
	faults.T11ProtocolHeaderUnknown: func(t *testing.T, ts *tserver) {
		if f, _ := message.ByProtocol(bfHeader(t, ts).Get(headerProtocol)); f != nil {
			t.Error("X-TAXII-Protocol names a known binding")
		}
	},
	faults.T11ProtocolOtherTransport: func(t *testing.T, ts *tserver) {
		if v := bfHeader(t, ts).Get(headerProtocol); v != sfFam.ProtocolHTTPS {
			t.Errorf("X-TAXII-Protocol %q over plain HTTP", v)
		}
	},
	faults.T11NoServicesHeader: func(t *testing.T, ts *tserver) {
		if v := bfHeader(t, ts).Get(headerServices); v != "" {
			t.Errorf("X-TAXII-Services %q", v)
		}
	},
	faults.T11ServicesHeaderUnknown: func(t *testing.T, ts *tserver) {
		if message.ByServices(bfHeader(t, ts).Get(headerServices)) != nil {
			t.Error("X-TAXII-Services names a known version")
		}
	},
	faults.T11GetAnsweredHTML: func(t *testing.T, ts *tserver) {
		resp, err := ts.client.Get(ts.url(disc))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/html" {
			t.Errorf("HTTP %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	},
	faults.T11ErrorsAsHTTP400: func(t *testing.T, ts *tserver) {
		req := pollReq("no-such-collection")
		req.MessageID = uuid.NewString()
		resp, _ := ts.raw(pollPath, sfFam, "reader", message.Marshal(sfFam, req), nil)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("HTTP %d", resp.StatusCode)
		}
	},
	faults.T11ManagementRefusesAll: func(t *testing.T, ts *tserver) {
		bfStatus(t, ts, cm, "writer", &message.CollectionInfoRequest{})
	},
	faults.T11InboxEmptyAnswer: func(t *testing.T, ts *tserver) {
		if body := sfPost(t, ts, inboxPath, "writer", inboxTo([]message.ContentBlock{stixBlock(config.ContentSTIX12, "x")}, config.C11Default)); len(body) != 0 {
			t.Errorf("body %s", body)
		}
	},
	faults.T11PollRefusesAll: func(t *testing.T, ts *tserver) {
		status(t, bfStatus(t, ts, pollPath, "reader", pollReq(config.C11Default)), message.StatusDenied)
	},
	faults.T11BadMessageAsSuccess: func(t *testing.T, ts *tserver) {
		_, body := ts.raw(pollPath, sfFam, "reader", []byte("<not-taxii/>"), nil)
		status(t, sfParse(t, body), message.StatusSuccess)
	},
	faults.T11RefusalsEmpty200: func(t *testing.T, ts *tserver) {
		req := pollReq("no-such-collection")
		req.MessageID = uuid.NewString()
		resp, body := ts.raw(pollPath, sfFam, "reader", message.Marshal(sfFam, req), nil)
		if resp.StatusCode != http.StatusOK || len(body) != 0 {
			t.Errorf("HTTP %d, %d bytes", resp.StatusCode, len(body))
		}
	},
	faults.T11NoCollectionsAsStatus: func(t *testing.T, ts *tserver) {
		status(t, bfStatus(t, ts, cm, "nobody", &message.CollectionInfoRequest{}), message.StatusSuccess)
	},
	faults.T11ResumeActiveAsStatus: func(t *testing.T, ts *tserver) {
		sub := sfSubscribe(t, ts, "writer", config.C11Default, nil)
		status(t, bfStatus(t, ts, cm, "writer", manage(message.ActionResume, config.C11Default, sub.ID)), message.StatusSuccess)
		// Only RESUME of an active subscription is affected.
		as[*message.SubscriptionResponse](t, sfParse(t, sfPost(t, ts, cm, "writer", manage(message.ActionPause, config.C11Default, sub.ID))))
		as[*message.SubscriptionResponse](t, sfParse(t, sfPost(t, ts, cm, "writer", manage(message.ActionResume, config.C11Default, sub.ID))))
	},
	faults.T11RefusedChangeApplies: func(t *testing.T, ts *tserver) {
		sub := sfSubscribe(t, ts, "writer", config.C11Default, nil)
		bfStatus(t, ts, cm, "writer", manage(message.ActionUnsubscribe, "no-such-collection", sub.ID))
		r := as[*message.SubscriptionResponse](t, sfParse(t, sfPost(t, ts, cm, "writer", manage(message.ActionStatus, config.C11Default, ""))))
		if len(r.Subscriptions) != 0 {
			t.Errorf("%d subscriptions left", len(r.Subscriptions))
		}
	},
	faults.T11UnknownResultNotFound: func(t *testing.T, ts *tserver) {
		pf := &message.PollFulfillment{Collection: config.C11Default, ResultID: "no-such-result", PartNumber: 1}
		status(t, bfStatus(t, ts, pollPath, "reader", pf), message.StatusNotFound)
	},
	faults.T11EarlyFulfillmentEmpty: func(t *testing.T, ts *tserver) {
		st := status(t, bfStatus(t, ts, pollPath, "reader", bfAsync()), message.StatusPending)
		pf := &message.PollFulfillment{Collection: config.C11Default, ResultID: st.Detail(message.DetailResultID)[0], PartNumber: 1}
		if r := as[*message.PollResponse](t, sfParse(t, sfPost(t, ts, pollPath, "reader", pf))); len(r.Blocks) != 0 {
			t.Errorf("%d blocks", len(r.Blocks))
		}
	},
	faults.T11PartsCutRecords: func(t *testing.T, ts *tserver) {
		r := bfMultiPart(t, ts)
		if last := r.Blocks[len(r.Blocks)-1].Content; !bytes.HasPrefix(bytes.TrimSpace(last), []byte("&lt;")) {
			t.Errorf("the last record is whole: %.60s", last)
		}
	},
	faults.T11CustomMessageType: func(t *testing.T, ts *tserver) {
		sfContains(t, sfPost(t, ts, pollPath, "reader", pollReq("no-such-collection")), ":Not_Found_Message")
	},
	faults.T11MessageIDNotURI: func(t *testing.T, ts *tserver) {
		sfContains(t, sfPost(t, ts, disc, "", &message.DiscoveryRequest{}), `message_id="message `)
	},
	faults.T11CollectionNameNotURI: func(t *testing.T, ts *tserver) {
		body := sfPost(t, ts, cm, "writer", &message.CollectionInfoRequest{})
		sfContains(t, body, `collection_name="default (copy)"`)
		sfContains(t, body, `collection_name="default"`)
	},
	faults.T11SubscriptionIDReused: func(t *testing.T, ts *tserver) {
		a := sfSubscribe(t, ts, "writer", config.C11Default, nil)
		b := sfOne(t, ts, "writer", subscribeReq(config.C11Default, nil, config.ContentSTIX12))
		if a.ID != b.ID {
			t.Errorf("IDs %s and %s differ", a.ID, b.ID)
		}
	},
	faults.T11ResultIDReused: func(t *testing.T, ts *tserver) {
		a := status(t, bfStatus(t, ts, pollPath, "reader", bfAsync()), message.StatusPending).Detail(message.DetailResultID)
		b := status(t, bfStatus(t, ts, pollPath, "reader", bfAsync()), message.StatusPending).Detail(message.DetailResultID)
		if a[0] != b[0] {
			t.Errorf("IDs %s and %s differ", a[0], b[0])
		}
	},
	faults.T11ResultIDNotURI: func(t *testing.T, ts *tserver) {
		id := status(t, bfStatus(t, ts, pollPath, "reader", bfAsync()), message.StatusPending).Detail(message.DetailResultID)[0]
		if !strings.Contains(id, " ") {
			t.Errorf("result ID %q", id)
		}
	},
	faults.T11LabelsSecondPrecision: func(t *testing.T, ts *tserver) {
		bfAdd(t, ts, config.C11Default, "a")
		for _, b := range sfPoll(t, ts, "reader", pollReq(config.C11Default)).Blocks {
			if b.Label.Nanosecond() != 0 {
				t.Errorf("label %v has a fraction", b.Label)
			}
		}
	},
	faults.T11TimestampWithoutZone: func(t *testing.T, ts *tserver) {
		body := sfPost(t, ts, pollPath, "reader", pollReq(config.C11Default))
		if labelZone.Match(body) {
			t.Error("a label still has its zone")
		}
	},
	faults.T11LabelsNotIncreasing: func(t *testing.T, ts *tserver) {
		for _, b := range sfPoll(t, ts, "reader", pollReq(config.C11Default)).Blocks {
			if b.Label.After(mirrorAround) {
				t.Errorf("label %v is not mirrored", b.Label)
			}
		}
	},
	faults.T11NamesNotURIs: func(t *testing.T, ts *tserver) {
		sfContains(t, sfPost(t, ts, disc, "", &message.DiscoveryRequest{}), `name="trace id"`)
	},
	faults.T11UnqualifiedNames: func(t *testing.T, ts *tserver) {
		sfContains(t, sfPost(t, ts, pollPath, "reader", pollReq("no-such-collection")), `status_type="no-such-thing"`)
	},
	faults.T11CustomServicesVersion: func(t *testing.T, ts *tserver) {
		sfContains(t, sfPost(t, ts, disc, "", &message.DiscoveryRequest{}), "urn:example.com:taxii:services:9.9")
	},
	faults.T11NoMessageID: func(t *testing.T, ts *tserver) {
		if bytes.Contains(sfPost(t, ts, disc, "", &message.DiscoveryRequest{}), []byte("message_id=")) {
			t.Error("message_id present")
		}
	},
	faults.T11Doctype: func(t *testing.T, ts *tserver) {
		sfContains(t, sfPost(t, ts, disc, "", &message.DiscoveryRequest{}), "<!DOCTYPE")
	},
	faults.T11ExtendedHeaderRefused: func(t *testing.T, ts *tserver) {
		req := &message.DiscoveryRequest{Header: message.Header{Extended: []message.ExtendedHeader{{Name: "urn:example.com:h", Value: []byte("x")}}}}
		status(t, bfStatus(t, ts, disc, "", req), message.StatusBadMessage)
	},
	faults.T11StatusWithoutType: func(t *testing.T, ts *tserver) {
		if bytes.Contains(sfPost(t, ts, pollPath, "reader", pollReq("no-such-collection")), []byte("status_type=")) {
			t.Error("status_type present")
		}
	},
	faults.T11StatusWithoutMessage: func(t *testing.T, ts *tserver) {
		if st := bfStatus(t, ts, pollPath, "reader", pollReq("no-such-collection")); st.Message != "" {
			t.Errorf("message %q", st.Message)
		}
	},
	faults.T11StatusWithoutDetails: func(t *testing.T, ts *tserver) {
		if st := bfStatus(t, ts, pollPath, "reader", pollReq("no-such-collection")); len(st.Details) != 0 {
			t.Errorf("details %+v", st.Details)
		}
	},
	faults.T11InvalidPartNoMax: func(t *testing.T, ts *tserver) {
		r := bfMultiPart(t, ts)
		st := bfStatus(t, ts, pollPath, "writer", &message.PollFulfillment{Collection: config.C11Default, ResultID: r.ResultID, PartNumber: 99})
		if status(t, st, message.StatusInvalidResponsePart); len(st.Details) != 0 {
			t.Errorf("details %+v", st.Details)
		}
	},
	faults.T11BlockWithoutBinding: func(t *testing.T, ts *tserver) {
		if bytes.Contains(sfPost(t, ts, pollPath, "reader", pollReq(config.C11Default)), []byte(":Content_Binding")) {
			t.Error("Content_Binding present")
		}
	},
	faults.T11PaddingKept: func(t *testing.T, ts *tserver) {
		b := stixBlock(config.ContentSTIX12, "padded")
		b.Padding = "taxii-conform-padding"
		status(t, sfParse(t, sfPost(t, ts, inboxPath, "writer", inboxTo([]message.ContentBlock{b}, config.C11Default))), message.StatusSuccess)
		sfContains(t, sfPost(t, ts, pollPath, "reader", pollReq(config.C11Default)), "taxii-conform-padding")
	},
	faults.T11NoPushOnAdd: func(t *testing.T, ts *tserver) {
		in := newRawInbox(t)
		sfSubscribe(t, ts, "writer", config.C11Default, &message.DeliveryParams{Protocol: sfFam.ProtocolHTTP, Address: in.hs.URL + "/inbox/", MessageBinding: sfFam.MessageBinding})
		bfAdd(t, ts, config.C11Default, "not pushed")
		select {
		case <-in.note:
			t.Error("content was pushed")
		case <-time.After(500 * time.Millisecond):
		}
	},
	faults.T11PollStatesReturned: func(t *testing.T, ts *tserver) {
		r := sfPoll(t, ts, "reader", sfPollFrom(config.C11Default))
		if r.Begin == nil || !r.Begin.Equal(*r.Blocks[0].Label) {
			t.Errorf("begin %v, first label %v", r.Begin, r.Blocks[0].Label)
		}
	},
	faults.T11FeedEndBeforeNewest: func(t *testing.T, ts *tserver) {
		bfAdd(t, ts, config.C11Default, "newest")
		r := sfPoll(t, ts, "reader", pollReq(config.C11Default))
		if !r.End.Before(*r.Blocks[len(r.Blocks)-1].Label) {
			t.Errorf("end %v after the newest label", r.End)
		}
	},
	faults.T11FeedEndInFuture: func(t *testing.T, ts *tserver) {
		if r := sfPoll(t, ts, "reader", pollReq(config.C11Default)); !r.End.After(time.Now().Add(30 * time.Minute)) {
			t.Errorf("end %v", r.End)
		}
	},
	faults.T11PartsNotContiguous: func(t *testing.T, ts *tserver) {
		r := bfMultiPart(t, ts)
		p2 := as[*message.PollResponse](t, sfParse(t, sfPost(t, ts, pollPath, "writer", &message.PollFulfillment{Collection: config.C11Default, ResultID: r.ResultID, PartNumber: 2})))
		if !p2.Begin.After(*r.End) {
			t.Errorf("part 2 begins at %v, part 1 ends at %v", p2.Begin, r.End)
		}
	},
	faults.T11PartEndTooEarly: func(t *testing.T, ts *tserver) {
		r := bfMultiPart(t, ts)
		if !r.End.Before(*r.Blocks[len(r.Blocks)-1].Label) {
			t.Errorf("end %v", r.End)
		}
	},
	faults.T11FeedContentChanges: func(t *testing.T, ts *tserver) {
		a := sfPoll(t, ts, "reader", pollReq(config.C11Default))
		b := sfPoll(t, ts, "reader", pollReq(config.C11Default))
		if bytes.Equal(a.Blocks[0].Content, b.Blocks[0].Content) {
			t.Error("the content is the same")
		}
	},
	faults.T11SubtypeOnNested: func(t *testing.T, ts *tserver) {
		b := stixBlock(config.ContentSTIX12, "nested")
		b.Binding = "urn:example.com:wrapper|" + config.ContentSTIX12
		status(t, sfParse(t, sfPost(t, ts, inboxPath, "writer", inboxTo([]message.ContentBlock{b}, config.C11Default))), message.StatusSuccess)
		sfContains(t, sfPost(t, ts, pollPath, "reader", pollReq(config.C11Default)), "urn:example.com:taxii-refserver:subtype")
	},
	faults.T11NestingOutsideBlocks: func(t *testing.T, ts *tserver) {
		sfContains(t, sfPost(t, ts, cm, "writer", &message.CollectionInfoRequest{}), "1.2|urn:")
	},
	faults.T11PollIgnoresBindings: func(t *testing.T, ts *tserver) {
		req := pollReq(config.C11Default)
		req.Params.ContentBindings = []message.ContentBinding{{ID: "urn:example.com:none"}}
		if r := sfPoll(t, ts, "reader", req); len(r.Blocks) == 0 {
			t.Error("no content")
		}
	},
	faults.T11PollIgnoresQuery: func(t *testing.T, ts *tserver) {
		req := pollReq(config.C11Default)
		req.Params.Query = sfQuery("AND", sfCore("", titleNode, "equals", "value", "no such title", "match_type", "case_sensitive_string"))
		if r := sfPoll(t, ts, "reader", req); len(r.Blocks) == 0 {
			t.Error("no content")
		}
	},
	faults.T11UnreadableWithheld: func(t *testing.T, ts *tserver) {
		b := message.ContentBlock{Binding: "urn:example.com:opaque", Content: []byte("b3BhcXVlLXRlc3Q=")}
		status(t, sfParse(t, sfPost(t, ts, inboxPath, "writer", inboxTo([]message.ContentBlock{b}, config.C11Default))), message.StatusSuccess)
		if bytes.Contains(sfPost(t, ts, pollPath, "reader", pollReq(config.C11Default)), []byte("b3BhcXVlLXRlc3Q=")) {
			t.Error("the opaque content was returned")
		}
	},
	faults.T11InboxRefusesNonSTIX: func(t *testing.T, ts *tserver) {
		b := message.ContentBlock{Binding: config.ContentSTIX12, Content: []byte(`<junk xmlns="urn:example.com"/>`)}
		status(t, sfParse(t, sfPost(t, ts, inboxPath, "writer", inboxTo([]message.ContentBlock{b}, config.C11Default))), message.StatusUnsupportedContent)
	},
	faults.T11PushWhilePaused: func(t *testing.T, ts *tserver) {
		in := newRawInbox(t)
		sub := sfSubscribe(t, ts, "writer", config.C11Default, &message.DeliveryParams{Protocol: sfFam.ProtocolHTTP, Address: in.hs.URL + "/inbox/", MessageBinding: sfFam.MessageBinding})
		sfOne(t, ts, "writer", manage(message.ActionPause, config.C11Default, sub.ID))
		bfAdd(t, ts, config.C11Default, "paused")
		in.first(t, 5*time.Second)
	},
	faults.T11ResumeDropsMissed: func(t *testing.T, ts *tserver) {
		in := newRawInbox(t)
		sub := sfSubscribe(t, ts, "writer", config.C11Default, &message.DeliveryParams{Protocol: sfFam.ProtocolHTTP, Address: in.hs.URL + "/inbox/", MessageBinding: sfFam.MessageBinding})
		sfOne(t, ts, "writer", manage(message.ActionPause, config.C11Default, sub.ID))
		bfAdd(t, ts, config.C11Default, "missed")
		sfOne(t, ts, "writer", manage(message.ActionResume, config.C11Default, sub.ID))
		select {
		case <-in.note:
			t.Error("the content added during the pause was pushed")
		case <-time.After(500 * time.Millisecond):
		}
	},
	faults.T11UnknownQueryFormatUsed: func(t *testing.T, ts *tserver) {
		req := pollReq(config.C11Default)
		req.Params.Query = &message.Query{Format: "urn:example.com:no-such-format", Body: []byte("<q/>")}
		sfPoll(t, ts, "reader", req)
	},
	faults.T11ElementsOutOfOrder: func(t *testing.T, ts *tserver) {
		if validationError(t, sfPost(t, ts, disc, "", &message.DiscoveryRequest{})) == nil {
			t.Error("the out-of-order Discovery Response passed the schema")
		}
	},
	faults.T11ExtendedHeaderUnnamed: func(t *testing.T, ts *tserver) {
		sfContains(t, sfPost(t, ts, disc, "", &message.DiscoveryRequest{}), ":Extended_Header>x<")
	},
	faults.T11DetailUnnamed: func(t *testing.T, ts *tserver) {
		sfContains(t, sfPost(t, ts, pollPath, "reader", pollReq("no-such-collection")), ":Detail>")
	},
	faults.T11EstimatedWaitNotInteger: func(t *testing.T, ts *tserver) {
		st := status(t, bfStatus(t, ts, pollPath, "reader", bfAsync()), message.StatusPending)
		if w := st.Detail(message.DetailEstimatedWait); len(w) != 1 || w[0] != "soon" {
			t.Errorf("ESTIMATED_WAIT %v", w)
		}
	},
	faults.T11DiscoveryIncomplete: func(t *testing.T, ts *tserver) {
		sfContains(t, sfPost(t, ts, disc, "", &message.DiscoveryRequest{}), `service_type="FEED"`)
	},
	faults.T11CollectionInfoBroken: func(t *testing.T, ts *tserver) {
		sfContains(t, sfPost(t, ts, cm, "writer", &message.CollectionInfoRequest{}), `collection_name="broken-no-description"`)
	},
	faults.T11SubscribeUsesGivenID: func(t *testing.T, ts *tserver) {
		req := subscribeReq(config.C11Default, nil)
		req.SubscriptionID = "given-" + uuid.NewString()
		if got := sfOne(t, ts, "writer", req); got.ID != req.SubscriptionID {
			t.Errorf("ID %s", got.ID)
		}
	},
	faults.T11PushParamsOnOtherAction: func(t *testing.T, ts *tserver) {
		sub := sfSubscribe(t, ts, "writer", config.C11Default, nil)
		req := manage(message.ActionStatus, config.C11Default, sub.ID)
		req.Push = &message.DeliveryParams{Protocol: sfFam.ProtocolHTTP, Address: "http://127.0.0.1:9/inbox/", MessageBinding: sfFam.MessageBinding}
		sfOne(t, ts, "writer", req)
		if got := sfOne(t, ts, "writer", manage(message.ActionStatus, config.C11Default, sub.ID)); got.Push == nil {
			t.Error("no Push_Parameters")
		}
	},
	faults.T11SubscriptionRespBroken: func(t *testing.T, ts *tserver) {
		sfContains(t, sfPost(t, ts, cm, "writer", subscribeReq(config.C11Default, nil)), `status="RUNNING"`)
	},
	faults.T11SubscriptionListedTwice: func(t *testing.T, ts *tserver) {
		r := as[*message.SubscriptionResponse](t, sfParse(t, sfPost(t, ts, cm, "writer", subscribeReq(config.C11Default, nil))))
		if len(r.Subscriptions) != 2 {
			t.Errorf("%d subscriptions", len(r.Subscriptions))
		}
	},
	faults.T11SubscriptionParamsLost: func(t *testing.T, ts *tserver) {
		got := sfOne(t, ts, "writer", subscribeReq(config.C11Default, nil, config.ContentSTIX12))
		if got.Params == nil || len(got.Params.ContentBindings) != 0 {
			t.Errorf("parameters %+v", got.Params)
		}
	},
	faults.T11PushParamsEchoWrong: func(t *testing.T, ts *tserver) {
		in := newRawInbox(t)
		addr := in.hs.URL + "/inbox/"
		got := sfSubscribe(t, ts, "writer", config.C11Default, &message.DeliveryParams{Protocol: sfFam.ProtocolHTTP, Address: addr, MessageBinding: sfFam.MessageBinding})
		if got.Push == nil || got.Push.Address == addr {
			t.Errorf("Push_Parameters %+v", got.Push)
		}
	},
	faults.T11PushIncomplete: func(t *testing.T, ts *tserver) {
		if body := sfPushed(t, ts, "writer", config.C11Default); bytes.Contains(body, []byte("message_id=")) {
			t.Errorf("pushed message has a message_id:\n%s", body)
		}
	},
}
