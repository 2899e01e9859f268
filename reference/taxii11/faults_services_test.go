package taxii11

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/taxii-conform/taxii-conform/reference/config"
	"github.com/taxii-conform/taxii-conform/reference/faults"
	"github.com/taxii-conform/taxii-conform/reference/taxii11/message"
)

// serviceFaultChecks show that each fault of reference/faults/taxii11_services.go changes what
// the server sends as it says (TestFaults runs them; the suites' kill matrix shows that the
// specs catch them). The answers are read as bytes where the fault makes them invalid.
var serviceFaultChecks = map[string]func(t *testing.T, ts *tserver){
	faults.T11DiscoveryInstanceIncomplete: func(t *testing.T, ts *tserver) {
		if validationError(t, sfPost(t, ts, disc, "", &message.DiscoveryRequest{})) == nil {
			t.Error("a Service_Instance without Message_Binding passed the schema")
		}
	},
	faults.T11DiscoveryInstanceBadIDs: func(t *testing.T, ts *tserver) {
		sfContains(t, sfPost(t, ts, disc, "", &message.DiscoveryRequest{}), "urn:example.com:taxii-conform:services:9")
	},
	faults.T11RelativeAddresses: func(t *testing.T, ts *tserver) {
		sfContains(t, sfPost(t, ts, disc, "", &message.DiscoveryRequest{}), ":Address>/taxii11/poll/<")
		sfContains(t, sfPost(t, ts, cm, "writer", &message.CollectionInfoRequest{}), ":Address>/taxii11/poll/<")
	},
	faults.T11QueryOnDiscoveryInstance: func(t *testing.T, ts *tserver) {
		for _, si := range sfDiscovery(t, ts).Services {
			if si.Type == message.ServiceDiscovery && len(si.Queries) == 0 {
				t.Error("the Discovery instance lists no Supported_Query")
			}
		}
	},
	faults.T11SupportedQueryRepeated: func(t *testing.T, ts *tserver) {
		sfContains(t, sfPost(t, ts, disc, "", &message.DiscoveryRequest{}), "<"+sfFam.Prefix+":Supported_Query>")
	},
	faults.T11ContentBindingOnPoll: func(t *testing.T, ts *tserver) {
		for _, si := range sfDiscovery(t, ts).Services {
			if si.Type == message.ServicePoll && len(si.ContentBindings) == 0 {
				t.Error("a Poll instance lists no Content_Binding")
			}
		}
	},
	faults.T11InboxAcceptedNotIDs: func(t *testing.T, ts *tserver) {
		sfContains(t, sfPost(t, ts, disc, "", &message.DiscoveryRequest{}), `binding_id="STIX"`)
	},
	faults.T11CollectionNoDescription: func(t *testing.T, ts *tserver) {
		if bytes.Contains(sfPost(t, ts, cm, "writer", &message.CollectionInfoRequest{}), []byte(":Description")) {
			t.Error("Description present")
		}
	},
	faults.T11CollectionBindingsNotIDs: func(t *testing.T, ts *tserver) {
		sfContains(t, sfPost(t, ts, cm, "writer", &message.CollectionInfoRequest{}), `binding_id="stix"`)
	},
	faults.T11CollectionEndpointsBare: func(t *testing.T, ts *tserver) {
		if validationError(t, sfPost(t, ts, cm, "writer", &message.CollectionInfoRequest{})) == nil {
			t.Error("endpoints without Message_Binding passed the schema")
		}
	},
	faults.T11CollectionEndpointIDsBad: func(t *testing.T, ts *tserver) {
		sfContains(t, sfPost(t, ts, cm, "writer", &message.CollectionInfoRequest{}), ":Protocol_Binding>HTTP<")
	},

	faults.T11SubscribeTakesID: func(t *testing.T, ts *tserver) {
		first := sfSubscribe(t, ts, "writer", config.C11Default, nil)
		again := subscribeReq(config.C11Default, nil)
		again.SubscriptionID, again.Params.ResponseType = first.ID, message.ResponseCountOnly
		if got := sfOne(t, ts, "writer", again); got.ID != first.ID {
			t.Errorf("a new subscription %s was created", got.ID)
		}
	},
	faults.T11ManageAppliesParameters: func(t *testing.T, ts *tserver) {
		sub := sfSubscribe(t, ts, "writer", config.C11Default, nil)
		pause := manage(message.ActionPause, config.C11Default, sub.ID)
		pause.Params = &message.SubscriptionParams{ResponseType: message.ResponseCountOnly}
		sfOne(t, ts, "writer", pause)
		if got := sfOne(t, ts, "writer", manage(message.ActionStatus, config.C11Default, sub.ID)); got.Params.ResponseType != message.ResponseCountOnly {
			t.Errorf("response type %q", got.Params.ResponseType)
		}
	},
	faults.T11SubscribeIgnoresContent: func(t *testing.T, ts *tserver) {
		sfOne(t, ts, "writer", subscribeReq(config.C11Public, nil, "urn:example.com:taxii-conform:none"))
	},
	faults.T11SubscribeAcceptsBadPush: func(t *testing.T, ts *tserver) {
		sfOne(t, ts, "writer", subscribeReq(config.C11Default, &message.DeliveryParams{Protocol: "urn:example.com:p", Address: "http://127.0.0.1:9/", MessageBinding: sfFam.MessageBinding}))
	},
	faults.T11SubscriptionChecksOrder: func(t *testing.T, ts *tserver) {
		m := sfParse(t, sfPost(t, ts, cm, "writer", subscribeReq("nowhere", &message.DeliveryParams{Protocol: "urn:example.com:p", Address: "http://127.0.0.1:9/", MessageBinding: sfFam.MessageBinding})))
		status(t, m, message.StatusUnsupportedProtocol)
	},
	faults.T11UnauthenticatedUnsub: func(t *testing.T, ts *tserver) {
		sub := sfSubscribe(t, ts, "writer", config.C11Default, nil)
		status(t, sfParse(t, sfPost(t, ts, cm, "", manage(message.ActionUnsubscribe, config.C11Default, sub.ID))), message.StatusUnauthorized)
		if _, ok := ts.srv.store.Subscription(sub.ID); ok {
			t.Error("the subscription survived")
		}
	},
	faults.T11UnsubscribeUnknownMissing: func(t *testing.T, ts *tserver) {
		status(t, sfParse(t, sfPost(t, ts, cm, "writer", manage(message.ActionUnsubscribe, config.C11Default, "urn:uuid:"+uuid.NewString()))), message.StatusNotFound)
	},
	faults.T11SubscribeDuplicates: func(t *testing.T, ts *tserver) {
		a, b := sfSubscribe(t, ts, "writer", config.C11Default, nil), sfSubscribe(t, ts, "writer", config.C11Default, nil)
		if a.ID == b.ID {
			t.Error("the identical subscription was returned")
		}
	},
	faults.T11SubscribeRepeatRefused: func(t *testing.T, ts *tserver) {
		sfSubscribe(t, ts, "writer", config.C11Default, nil)
		status(t, sfParse(t, sfPost(t, ts, cm, "writer", subscribeReq(config.C11Default, nil))), message.StatusDenied)
	},
	faults.T11RepeatStateRefused: func(t *testing.T, ts *tserver) {
		sub := sfSubscribe(t, ts, "writer", config.C11Default, nil)
		status(t, sfParse(t, sfPost(t, ts, cm, "writer", manage(message.ActionResume, config.C11Default, sub.ID))), message.StatusDenied)
	},
	faults.T11UnknownSubscriptionOK: func(t *testing.T, ts *tserver) {
		sfOne(t, ts, "writer", manage(message.ActionPause, config.C11Default, "urn:uuid:"+uuid.NewString()))
	},
	faults.T11UnpollableSubscribeOK: func(t *testing.T, ts *tserver) {
		sfSubscribe(t, ts, "writer", config.C11PushOnly, nil)
	},
	faults.T11UnsubscribeResponseBare: func(t *testing.T, ts *tserver) {
		sub := sfSubscribe(t, ts, "writer", config.C11Default, nil)
		if validationError(t, sfPost(t, ts, cm, "writer", manage(message.ActionUnsubscribe, config.C11Default, sub.ID))) == nil {
			t.Error("the answer without collection_name passed the schema")
		}
	},
	faults.T11ResponseExtraInstance: func(t *testing.T, ts *tserver) {
		sub := sfSubscribe(t, ts, "writer", config.C11Default, nil)
		r := as[*message.SubscriptionResponse](t, sfParse(t, sfPost(t, ts, cm, "writer", manage(message.ActionPause, config.C11Default, sub.ID))))
		if len(r.Subscriptions) != 2 {
			t.Errorf("%d subscriptions", len(r.Subscriptions))
		}
	},
	faults.T11StatusNoParameters: func(t *testing.T, ts *tserver) {
		sub := sfSubscribe(t, ts, "writer", config.C11Default, nil)
		if got := sfOne(t, ts, "writer", manage(message.ActionStatus, config.C11Default, sub.ID)); got.Params != nil {
			t.Error("Subscription_Parameters present")
		}
	},
	faults.T11PollInstanceMalformed: func(t *testing.T, ts *tserver) {
		sfContains(t, sfPost(t, ts, cm, "writer", subscribeReq(config.C11Default, nil)), ":Protocol_Binding>HTTP<")
	},

	faults.T11SubscribersOnlyNoDenial: func(t *testing.T, ts *tserver) {
		status(t, sfParse(t, sfPost(t, ts, "/taxii11/poll/subscribers/", "writer", pollReq(config.C11Subscribers))), message.StatusUnauthorized)
	},
	faults.T11DataSetHonoursRange: func(t *testing.T, ts *tserver) {
		late := time.Date(2999, 1, 1, 0, 0, 0, 0, time.UTC)
		req := pollReq(config.C11DropBox)
		req.Begin = &late
		if r := sfPoll(t, ts, "admin", req); len(r.Blocks) != 0 {
			t.Errorf("%d blocks after %s", len(r.Blocks), late)
		}
	},
	faults.T11PollIgnoresContent: func(t *testing.T, ts *tserver) {
		req := pollReq(config.C11Public)
		req.Params.ContentBindings = []message.ContentBinding{{ID: "urn:example.com:taxii-conform:none"}}
		sfPoll(t, ts, "writer", req)
	},
	faults.T11PollResponseWrongName: func(t *testing.T, ts *tserver) {
		if r := sfPoll(t, ts, "reader", pollReq(config.C11Default)); r.Collection == config.C11Default {
			t.Error("the right collection name")
		}
	},
	faults.T11PollResponseTwoBegins: func(t *testing.T, ts *tserver) {
		body := sfPost(t, ts, "/taxii11/poll/", "reader", sfPollFrom(config.C11Default))
		sfContains(t, body, ":Inclusive_Begin_Timestamp>")
		sfContains(t, body, ":Exclusive_Begin_Timestamp>")
	},
	faults.T11PollResponseInclusive: func(t *testing.T, ts *tserver) {
		body := sfPost(t, ts, "/taxii11/poll/", "reader", sfPollFrom(config.C11Default))
		sfContains(t, body, ":Inclusive_Begin_Timestamp>")
		if bytes.Contains(body, []byte(":Exclusive_Begin_Timestamp>")) {
			t.Error("Exclusive_Begin_Timestamp present")
		}
	},
	faults.T11DataSetResponseLabels: func(t *testing.T, ts *tserver) {
		if r := sfPoll(t, ts, "admin", pollReq(config.C11DropBox)); r.End == nil || r.Begin == nil {
			t.Error("labels absent")
		}
	},
	faults.T11PollResponseNoCount: func(t *testing.T, ts *tserver) {
		if r := sfPoll(t, ts, "reader", pollReq(config.C11Default)); r.RecordCount != nil {
			t.Error("Record_Count present")
		}
	},
	faults.T11PushNoSubscriptionID: func(t *testing.T, ts *tserver) {
		sfContains(t, sfPushed(t, ts, "writer", config.C11Default), ":Subscription_ID></")
	},
	faults.T11PushTwoBegins: func(t *testing.T, ts *tserver) {
		body := sfPushed(t, ts, "writer", config.C11Default)
		sfContains(t, body, ":Inclusive_Begin_Timestamp>")
		sfContains(t, body, ":Exclusive_Begin_Timestamp>")
	},
	faults.T11PushDataSetLabels: func(t *testing.T, ts *tserver) {
		sfContains(t, sfPushed(t, ts, "admin", config.C11DropBox), ":Inclusive_End_Timestamp>")
	},
	faults.T11PushFeedNoEnd: func(t *testing.T, ts *tserver) {
		if bytes.Contains(sfPushed(t, ts, "writer", config.C11Default), []byte(":Inclusive_End_Timestamp>")) {
			t.Error("Inclusive_End_Timestamp present")
		}
	},
	faults.T11PushRecordCountTooSmall: func(t *testing.T, ts *tserver) {
		if validationError(t, sfPushed(t, ts, "writer", config.C11Default)) == nil {
			t.Error("the project's rules did not flag the short Record_Count")
		}
	},
	faults.T11PushNoRecordCount: func(t *testing.T, ts *tserver) {
		if bytes.Contains(sfPushed(t, ts, "writer", config.C11Default), []byte(":Record_Count")) {
			t.Error("Record_Count present")
		}
	},
	faults.T11PushInclusiveBegin: func(t *testing.T, ts *tserver) {
		body := sfPushed(t, ts, "writer", config.C11Default)
		sfContains(t, body, ":Inclusive_Begin_Timestamp>")
		if bytes.Contains(body, []byte(":Exclusive_Begin_Timestamp>")) {
			t.Error("Exclusive_Begin_Timestamp present")
		}
	},

	faults.T11QueryAndAsOr: func(t *testing.T, ts *tserver) {
		sfMatches(t, ts, "AND", sfCore("", titleNode, "contains", "value", "no-such-word"))
	},
	faults.T11QueryIgnoresNegate: func(t *testing.T, ts *tserver) {
		sfMatches(t, ts, "AND", sfCore("true", titleNode, "exists"))
	},
	faults.T11QueryEqualsAsContains: func(t *testing.T, ts *tserver) {
		sfMatches(t, ts, "AND", sfCore("", titleNode, "equals", "match_type", "case_sensitive_string", "value", "red"))
	},
	faults.T11QueryNotEqualsInverted: func(t *testing.T, ts *tserver) {
		sfMatches(t, ts, "AND", sfCore("", sizeNode, "not_equals", "match_type", "number", "value", "1024"))
	},
	faults.T11QueryNumericBounds: func(t *testing.T, ts *tserver) {
		sfMatches(t, ts, "AND", sfCore("", sizeNode, "greater_than", "value", "1024"))
	},
	faults.T11QueryExistsInverted: func(t *testing.T, ts *tserver) {
		sfMatches(t, ts, "AND", sfCore("", "STIX_Package/STIX_Header/Description", "exists"))
	},
	faults.T11QueryCaseDefaultFalse: func(t *testing.T, ts *tserver) {
		sfMatches(t, ts, "AND", sfCore("", titleNode, "contains", "value", "RED"))
	},
	faults.T11QueryRegexIgnoresCase: func(t *testing.T, ts *tserver) {
		sfMatches(t, ts, "AND", sfCriterion("", titleNode, sfFam.CapabilityRegex, "matches", "case_sensitive", "true", "value", "RED$"))
	},
	faults.T11QueryTimestampAsText: func(t *testing.T, ts *tserver) {
		// The same instant written otherwise: equal, so the negated test is false unless the
		// texts are compared.
		sfMatches(t, ts, "AND", sfCriterion("true", "STIX_Package/@timestamp", sfFam.CapabilityTimestamp, "equals", "value", "2024-03-01T12:00:00Z"))
	},
	faults.T11QueryTimestampBounds: func(t *testing.T, ts *tserver) {
		sfMatches(t, ts, "AND", sfCriterion("", "STIX_Package/@timestamp", sfFam.CapabilityTimestamp, "greater_than", "value", "2024-03-01T14:00:00+02:00"))
	},
	faults.T11QueryStarAsGlobstar: func(t *testing.T, ts *tserver) {
		sfMatches(t, ts, "AND", sfCore("", "STIX_Package/*/Size_In_Bytes", "exists"))
	},
	faults.T11QueryUnrootedTargets: func(t *testing.T, ts *tserver) {
		sfMatches(t, ts, "AND", sfCore("", "STIX_Header/Title", "exists"))
	},
	faults.T11QueryAcceptsUnsupported: func(t *testing.T, ts *tserver) {
		req := pollReq(config.C11Default)
		req.Params.Query = sfQuery("AND", sfCriterion("", titleNode, "urn:example.com:capability:none", "equals", "value", "x"))
		sfPoll(t, ts, "reader", req)
	},
	faults.T11QueryErrorDetailNames: func(t *testing.T, ts *tserver) {
		req := pollReq(config.C11Default)
		req.Params.Query = sfQuery("AND", sfCriterion("", titleNode, "urn:example.com:capability:none", "equals", "value", "x"))
		st := status(t, sfParse(t, sfPost(t, ts, "/taxii11/poll/", "reader", req)), "UNSUPPORTED_CAPABILITY_MODULE")
		if len(st.Detail("SUPPORTED_CAPABILITY_MODULE")) == 0 || len(st.Detail("CAPABILITY_MODULE")) != 0 {
			t.Errorf("details %+v", st.Details)
		}
	},
	faults.T11QueryNoScopeDetails: func(t *testing.T, ts *tserver) {
		if st := sfBadTarget(t, ts); len(st.Details) != 0 {
			t.Errorf("details %+v", st.Details)
		}
	},
	faults.T11QueryScopeDetailOrder: func(t *testing.T, ts *tserver) {
		if st := sfBadTarget(t, ts); len(st.Details) < 2 || st.Details[0].Name != "ALLOWED_SCOPE" {
			t.Errorf("details %+v", st.Details)
		}
	},
	faults.T11QueryInfoMalformed: func(t *testing.T, ts *tserver) {
		sfContains(t, sfPost(t, ts, disc, "", &message.DiscoveryRequest{}), `targeting_expression_id="stix xml"`)
	},
	faults.T11StatusQueryMalformed: func(t *testing.T, ts *tserver) {
		req := subscribeReq(config.C11Default, nil)
		req.Params.Query = sfQuery("AND", sfCore("", titleNode, "exists"))
		sub := sfOne(t, ts, "writer", req)
		sfContains(t, sfPost(t, ts, cm, "writer", manage(message.ActionStatus, config.C11Default, sub.ID)), "taxii-conform-extra")
	},
}

// The family and paths the checks use.
var sfFam = message.V111

const (
	disc      = "/taxii11/discovery/"
	titleNode = "STIX_Package/STIX_Header/Title"
	sizeNode  = "STIX_Package/Observables/Observable/Object/Properties/Size_In_Bytes"
)

func sfPost(t *testing.T, ts *tserver, path, user string, m message.Message) []byte {
	t.Helper()
	m.Head().MessageID = uuid.NewString()
	_, body := ts.raw(path, sfFam, user, message.Marshal(sfFam, m), nil)
	return body
}

func sfParse(t *testing.T, body []byte) message.Message {
	t.Helper()
	m, _, err := message.Parse(body)
	if err != nil {
		t.Fatalf("%v\n%s", err, body)
	}
	return m
}

func sfContains(t *testing.T, body []byte, s string) {
	t.Helper()
	if !bytes.Contains(body, []byte(s)) {
		t.Errorf("%q not in the answer:\n%s", s, body)
	}
}

func sfDiscovery(t *testing.T, ts *tserver) *message.DiscoveryResponse {
	t.Helper()
	return as[*message.DiscoveryResponse](t, sfParse(t, sfPost(t, ts, disc, "", &message.DiscoveryRequest{})))
}

func sfOne(t *testing.T, ts *tserver, user string, m message.Message) message.SubscriptionRecord {
	t.Helper()
	r := as[*message.SubscriptionResponse](t, sfParse(t, sfPost(t, ts, cm, user, m)))
	if len(r.Subscriptions) == 0 {
		t.Fatal("no subscription in the answer")
	}
	return r.Subscriptions[0]
}

func sfSubscribe(t *testing.T, ts *tserver, user, coll string, push *message.DeliveryParams) message.SubscriptionRecord {
	t.Helper()
	return sfOne(t, ts, user, subscribeReq(coll, push))
}

func sfPoll(t *testing.T, ts *tserver, user string, req *message.PollRequest) *message.PollResponse {
	t.Helper()
	return as[*message.PollResponse](t, sfParse(t, sfPost(t, ts, "/taxii11/poll/", user, req)))
}

// sfPollFrom polls a feed from a lower bound, so that the answer states one.
func sfPollFrom(coll string) *message.PollRequest {
	req := pollReq(coll)
	begin := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	req.Begin = &begin
	return req
}

// sfPushed subscribes the user to a collection with delivery to a loopback inbox, has content
// added, and returns the first Inbox Message pushed, as bytes.
func sfPushed(t *testing.T, ts *tserver, user, coll string) []byte {
	t.Helper()
	in := newRawInbox(t)
	sfSubscribe(t, ts, user, coll, &message.DeliveryParams{Protocol: sfFam.ProtocolHTTP, Address: in.hs.URL + "/inbox/", MessageBinding: sfFam.MessageBinding})
	status(t, sfParse(t, sfPost(t, ts, "/taxii11/inbox/", "writer", inboxTo([]message.ContentBlock{stixBlock(config.ContentSTIX12, "pushed")}, coll))), message.StatusSuccess)
	return in.first(t, 5*time.Second)
}

// rawInbox records the bodies pushed to it, whatever they hold, and answers SUCCESS.
type rawInbox struct {
	hs     *httptest.Server
	mu     sync.Mutex
	bodies [][]byte
	note   chan struct{}
}

func newRawInbox(t *testing.T) *rawInbox {
	in := &rawInbox{note: make(chan struct{}, 100)}
	in.hs = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		in.mu.Lock()
		in.bodies = append(in.bodies, body)
		in.mu.Unlock()
		in.note <- struct{}{}
		taxiiHeaders(w.Header(), sfFam, false)
		w.Header().Del(headerAccept)
		_, _ = w.Write(message.Marshal(sfFam, &message.Status{Header: message.Header{MessageID: uuid.NewString(), InResponseTo: "0"}, Type: message.StatusSuccess}))
	}))
	t.Cleanup(in.hs.Close)
	return in
}

func (in *rawInbox) first(t *testing.T, timeout time.Duration) []byte {
	t.Helper()
	select {
	case <-in.note:
	case <-time.After(timeout):
		t.Fatalf("nothing pushed within %v", timeout)
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.bodies[0]
}

// sfCriterion writes a Criterion; params are name, value pairs.
func sfCriterion(negate, target, capability, relationship string, params ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<tdq:Criterion negate="%s"><tdq:Target>%s</tdq:Target><tdq:Test capability_id="%s" relationship="%s">`,
		map[bool]string{true: negate, false: "false"}[negate != ""], target, capability, relationship)
	for i := 0; i+1 < len(params); i += 2 {
		fmt.Fprintf(&b, `<tdq:Parameter name="%s">%s</tdq:Parameter>`, params[i], params[i+1])
	}
	b.WriteString(`</tdq:Test></tdq:Criterion>`)
	return b.String()
}

func sfCore(negate, target, relationship string, params ...string) string {
	return sfCriterion(negate, target, sfFam.CapabilityCore, relationship, params...)
}

func sfQuery(op string, criteria ...string) *message.Query {
	return &message.Query{Format: sfFam.QueryFormat, Body: []byte(fmt.Sprintf(
		`<tdq:Default_Query xmlns:tdq="%s" targeting_expression_id="%s"><tdq:Criteria operator="%s">%s</tdq:Criteria></tdq:Default_Query>`,
		sfFam.QueryNamespace, config.ContentSTIX12, op, strings.Join(criteria, "")))}
}

// sfMatches adds a package (title "… red", size 1024, timestamp 12:00 UTC written at +02:00,
// no description) and requires that a query made of a criterion on its id and the given
// criteria under op — which it must not match without the fault — matches it.
func sfMatches(t *testing.T, ts *tserver, op string, criteria ...string) {
	t.Helper()
	id := "example:Package-" + uuid.NewString()
	content := `<stix:STIX_Package xmlns:stix="http://stix.mitre.org/stix-1" xmlns:cybox="http://cybox.mitre.org/cybox-2" xmlns:example="http://example.com" id="` + id +
		`" version="1.2" timestamp="2024-03-01T14:00:00+02:00"><stix:STIX_Header><stix:Title>fault check red</stix:Title></stix:STIX_Header>` +
		`<stix:Observables><cybox:Observable><cybox:Object><cybox:Properties><cybox:Size_In_Bytes>1024</cybox:Size_In_Bytes></cybox:Properties></cybox:Object></cybox:Observable></stix:Observables></stix:STIX_Package>`
	status(t, sfParse(t, sfPost(t, ts, "/taxii11/inbox/", "writer", inboxTo([]message.ContentBlock{{Binding: config.ContentSTIX12, Content: []byte(content)}}, config.C11Default))), message.StatusSuccess)
	inner := sfQuery(op, criteria...).Body
	mine := sfCore("", "STIX_Package/@id", "equals", "match_type", "case_sensitive_string", "value", id)
	body := fmt.Sprintf(`<tdq:Default_Query xmlns:tdq="%s" targeting_expression_id="%s"><tdq:Criteria operator="AND">%s%s</tdq:Criteria></tdq:Default_Query>`,
		sfFam.QueryNamespace, config.ContentSTIX12, inner[bytes.Index(inner, []byte("<tdq:Criteria ")):bytes.LastIndex(inner, []byte("</tdq:Default_Query>"))], mine)
	req := pollReq(config.C11Default)
	req.Params.Query = &message.Query{Format: sfFam.QueryFormat, Body: []byte(body)}
	if r := sfPoll(t, ts, "reader", req); len(r.Blocks) != 1 {
		t.Errorf("the query matched %d blocks, want the one added", len(r.Blocks))
	}
}

// sfBadTarget polls with a malformed targeting expression and returns the status.
func sfBadTarget(t *testing.T, ts *tserver) *message.Status {
	t.Helper()
	req := pollReq(config.C11Default)
	req.Params.Query = sfQuery("AND", sfCore("", "STIX_Package//Title", "exists"))
	return status(t, sfParse(t, sfPost(t, ts, "/taxii11/poll/", "reader", req)), "UNSUPPORTED_TARGETING_EXPRESSION")
}
