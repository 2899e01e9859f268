package taxii11

import (
	"strings"
	"testing"
	"time"

	"github.com/taxii-conform/taxii-conform/reference/config"
	"github.com/taxii-conform/taxii-conform/reference/taxii11/message"
)

const cm = "/taxii11/collection-management/"

func manage(action, coll, id string) *message.SubscriptionRequest {
	return &message.SubscriptionRequest{Action: action, Collection: coll, SubscriptionID: id}
}

func subscribeReq(coll string, push *message.DeliveryParams, bindings ...string) *message.SubscriptionRequest {
	r := manage(message.ActionSubscribe, coll, "")
	r.Params = &message.SubscriptionParams{}
	for _, b := range bindings {
		r.Params.ContentBindings = append(r.Params.ContentBindings, message.ContentBinding{ID: b})
	}
	r.Push = push
	return r
}

func one(t *testing.T, m message.Message, collection string) message.SubscriptionRecord {
	t.Helper()
	r := as[*message.SubscriptionResponse](t, m)
	if r.Collection != collection || len(r.Subscriptions) != 1 {
		t.Fatalf("response for %q with %d subscriptions", r.Collection, len(r.Subscriptions))
	}
	return r.Subscriptions[0]
}

func TestCollectionInformation(t *testing.T) {
	ts := start(t, nil, nil, "")
	both(t, func(t *testing.T, fam *message.Family) {
		names := func(user string) map[string]message.CollectionRecord {
			r := as[*message.CollectionInfoResponse](t, ts.exchange(cm, fam, user, &message.CollectionInfoRequest{}))
			out := map[string]message.CollectionRecord{}
			for _, c := range r.Collections {
				out[c.Name] = c
			}
			return out
		}
		admin := names("admin")
		if len(admin) != 5 {
			t.Fatalf("admin sees %d collections", len(admin))
		}
		d, p, box := admin[config.C11Default], admin[config.C11Public], admin[config.C11DropBox]
		if d.Type != message.DataFeed || box.Type != message.DataSet || len(d.ContentBindings) != 0 || len(p.ContentBindings) != 3 {
			t.Errorf("records %+v %+v", d, box)
		}
		if len(d.PollingServices) != 1 || d.PollingServices[0].Protocol != fam.ProtocolHTTP || !strings.HasSuffix(d.PollingServices[0].Address, "/taxii11/poll/") ||
			len(d.SubscriptionServices) != 1 || len(d.InboxServices) != 1 || len(box.InboxServices) != 2 || len(d.PushMethods) != 2 {
			t.Errorf("default record services %+v", d)
		}
		if len(box.InboxServices[1].ContentBindings) != 2 {
			t.Errorf("drop-box inbox bindings %+v", box.InboxServices[1])
		}
		push, subs := admin[config.C11PushOnly], admin[config.C11Subscribers]
		if len(push.PollingServices) != 0 || len(push.SubscriptionServices) != 1 || len(push.PushMethods) == 0 {
			t.Errorf("push-only record %+v", push)
		}
		if len(subs.PollingServices) != 1 || !strings.HasSuffix(subs.PollingServices[0].Address, "/taxii11/poll/subscribers/") {
			t.Errorf("subscribers-only record %+v", subs)
		}
		reader := names("reader")
		if len(reader) != 4 || !*reader[config.C11Default].Available {
			t.Errorf("reader sees %v", reader)
		}
		writer := names("writer")
		if len(writer) != 5 || *writer[config.C11DropBox].Available {
			t.Errorf("writer: drop-box must be listed as not available for polling: %+v", writer[config.C11DropBox])
		}
		if len(names("nobody")) != 0 {
			t.Error("nobody sees collections")
		}
		status(t, ts.exchange(cm, fam, "", &message.CollectionInfoRequest{}), message.StatusUnauthorized)
	})
}

func TestSubscriptionLifecycle(t *testing.T) {
	ts := start(t, nil, nil, "")
	both(t, func(t *testing.T, fam *message.Family) {
		rec := one(t, ts.exchange(cm, fam, "reader", subscribeReq(config.C11Default, nil, config.ContentSTIX12)), config.C11Default)
		id := rec.ID
		if id == "" || (rec.Status != "" && rec.Status != message.SubscriptionActive) || rec.Push != nil || len(rec.PollInstances) != 1 ||
			rec.Params == nil || len(rec.Params.ContentBindings) != 1 {
			t.Fatalf("SUBSCRIBE record %+v", rec)
		}
		// An identical request returns the same subscription.
		if again := one(t, ts.exchange(cm, fam, "reader", subscribeReq(config.C11Default, nil, config.ContentSTIX12)), config.C11Default); again.ID != id {
			t.Errorf("duplicate subscription %q created", again.ID)
		}
		other := one(t, ts.exchange(cm, fam, "reader", subscribeReq(config.C11Default, nil)), config.C11Default)
		if other.ID == id {
			t.Error("different parameters, same subscription id")
		}
		st := as[*message.SubscriptionResponse](t, ts.exchange(cm, fam, "reader", manage(message.ActionStatus, config.C11Default, "")))
		if len(st.Subscriptions) != 2 {
			t.Fatalf("STATUS lists %d subscriptions", len(st.Subscriptions))
		}
		for _, s := range st.Subscriptions {
			if s.Params == nil {
				t.Error("STATUS record without Subscription_Parameters")
			}
		}
		if n := len(as[*message.SubscriptionResponse](t, ts.exchange(cm, fam, "admin", manage(message.ActionStatus, config.C11Default, ""))).Subscriptions); n != 0 {
			t.Errorf("admin sees %d of reader's subscriptions", n)
		}
		if r := one(t, ts.exchange(cm, fam, "reader", manage(message.ActionPause, config.C11Default, id)), config.C11Default); r.Status != message.SubscriptionPaused {
			t.Errorf("PAUSE status %q", r.Status)
		}
		if r := one(t, ts.exchange(cm, fam, "reader", manage(message.ActionPause, config.C11Default, id)), config.C11Default); r.Status != message.SubscriptionPaused {
			t.Errorf("second PAUSE status %q", r.Status)
		}
		if r := one(t, ts.exchange(cm, fam, "reader", manage(message.ActionStatus, config.C11Default, id)), config.C11Default); r.Status != message.SubscriptionPaused || r.ID != id {
			t.Errorf("STATUS of one: %+v", r)
		}
		if r := one(t, ts.exchange(cm, fam, "reader", manage(message.ActionResume, config.C11Default, id)), config.C11Default); r.Status == message.SubscriptionPaused {
			t.Errorf("RESUME status %q", r.Status)
		}
		if r := one(t, ts.exchange(cm, fam, "reader", manage(message.ActionUnsubscribe, config.C11Default, id)), config.C11Default); r.Status != message.SubscriptionUnsubscribed || r.ID != id {
			t.Errorf("UNSUBSCRIBE %+v", r)
		}
		// Unsubscribing an unknown subscription succeeds (Part 2 §4.4.6 criterion 3) …
		if r := one(t, ts.exchange(cm, fam, "reader", manage(message.ActionUnsubscribe, config.C11Default, id)), config.C11Default); r.Status != message.SubscriptionUnsubscribed {
			t.Errorf("second UNSUBSCRIBE %+v", r)
		}
		// … pausing, resuming or asking about one does not (criterion 7).
		for _, a := range []string{message.ActionPause, message.ActionResume, message.ActionStatus} {
			st := status(t, ts.exchange(cm, fam, "reader", manage(a, config.C11Default, id)), message.StatusNotFound)
			if d := st.Detail(message.DetailItem); len(d) != 1 || d[0] != id {
				t.Errorf("%s: ITEM %v", a, d)
			}
		}
		status(t, ts.exchange(cm, fam, "reader", manage(message.ActionPause, config.C11Default, "")), message.StatusBadMessage)
		status(t, ts.exchange(cm, fam, "reader", manage(message.ActionSubscribe, config.C11Default, "")), message.StatusBadMessage)
		ts.exchange(cm, fam, "reader", manage(message.ActionUnsubscribe, config.C11Default, other.ID))
	})
}

func TestSubscriptionErrors(t *testing.T) {
	c := defaultTestConfig()
	c.TAXII11.Limits.MaxSubscriptions = 2
	ts := start(t, c, nil, "")
	both(t, func(t *testing.T, fam *message.Family) {
		countSubs := func() int { return len(ts.srv.store.Subscriptions(nil)) }
		before := countSubs()
		status(t, ts.exchange(cm, fam, "", subscribeReq(config.C11Default, nil)), message.StatusUnauthorized)
		status(t, ts.exchange(cm, fam, "reader", subscribeReq("nowhere", nil)), message.StatusNotFound)
		status(t, ts.exchange(cm, fam, "nobody", subscribeReq(config.C11Default, nil)), message.StatusNotFound)
		status(t, ts.exchange(cm, fam, "writer", subscribeReq(config.C11DropBox, nil)), message.StatusUnauthorized)
		st := status(t, ts.exchange(cm, fam, "reader", subscribeReq(config.C11Public, nil, "urn:example.com:json")), message.StatusUnsupportedContent)
		if len(st.Detail(message.DetailSupportedContent)) != 3 {
			t.Errorf("details %+v", st.Details)
		}
		st = status(t, ts.exchange(cm, fam, "reader", subscribeReq(config.C11Default,
			&message.DeliveryParams{Protocol: "urn:example.com:ftp", Address: "ftp://127.0.0.1/", MessageBinding: fam.MessageBinding})), message.StatusUnsupportedProtocol)
		if len(st.Detail(message.DetailSupportedProtocol)) != 4 {
			t.Errorf("details %+v", st.Details)
		}
		st = status(t, ts.exchange(cm, fam, "reader", subscribeReq(config.C11Default,
			&message.DeliveryParams{Protocol: fam.ProtocolHTTP, Address: "http://127.0.0.1/", MessageBinding: "urn:example.com:json"})), message.StatusUnsupportedMessage)
		if len(st.Detail(message.DetailSupportedBinding)) != 2 {
			t.Errorf("details %+v", st.Details)
		}
		status(t, ts.exchange(cm, fam, "reader", subscribeReq(config.C11Default,
			&message.DeliveryParams{Protocol: fam.ProtocolHTTP, Address: "http://198.51.100.7/inbox/", MessageBinding: fam.MessageBinding})), message.StatusDenied)
		status(t, ts.exchange(cm, fam, "reader", subscribeReq(config.C11Default,
			&message.DeliveryParams{Protocol: fam.ProtocolHTTPS, Address: "http://127.0.0.1/inbox/", MessageBinding: fam.MessageBinding})), message.StatusBadMessage)
		q := subscribeReq(config.C11Default, nil)
		q.Params.Query = &message.Query{Format: "urn:example.com:q", Body: []byte("<q/>")}
		status(t, ts.exchange(cm, fam, "reader", q), message.StatusUnsupportedQuery)
		if countSubs() != before {
			t.Fatal("a refused SUBSCRIBE created a subscription")
		}
		// The third subscription to a collection is denied (limit 2).
		one(t, ts.exchange(cm, fam, "admin", subscribeReq(config.C11Default, nil)), config.C11Default)
		one(t, ts.exchange(cm, fam, "admin", subscribeReq(config.C11Default, nil, config.ContentSTIX12)), config.C11Default)
		status(t, ts.exchange(cm, fam, "admin", subscribeReq(config.C11Default, nil, config.ContentSTIX111)), message.StatusDenied)
		for _, s := range ts.srv.store.Subscriptions(nil) {
			ts.exchange(cm, fam, s.Owner, manage(message.ActionUnsubscribe, s.Collection, s.ID))
		}
	})
}

// The default push-only collection has no Poll Service: a SUBSCRIBE without delivery
// parameters gets POLLING_UNSUPPORTED, one with them a subscription.
func TestPollingUnsupported(t *testing.T) {
	ts := start(t, nil, nil, "")
	status(t, ts.exchange(cm, message.V111, "writer", subscribeReq(config.C11PushOnly, nil)), message.StatusPollingUnsupported)
	cons := newConsumer(t)
	one(t, ts.exchange(cm, message.V111, "writer", subscribeReq(config.C11PushOnly,
		&message.DeliveryParams{Protocol: message.V111.ProtocolHTTP, Address: cons.address(), MessageBinding: message.V111.MessageBinding})), config.C11PushOnly)
}

// Content added to a collection is pushed to its push subscriptions; a paused subscription gets
// nothing until it is resumed, and then gets what it missed.
func TestSubscriptionPush(t *testing.T) {
	ts := start(t, nil, nil, "")
	both(t, func(t *testing.T, fam *message.Family) {
		cons := newConsumer(t)
		push := &message.DeliveryParams{Protocol: fam.ProtocolHTTP, Address: cons.address(), MessageBinding: fam.MessageBinding}
		rec := one(t, ts.exchange(cm, fam, "reader", subscribeReq(config.C11Default, push, config.ContentSTIX12)), config.C11Default)
		if rec.Push == nil || rec.Push.Address != push.Address {
			t.Fatalf("push subscription record %+v", rec.Push)
		}
		send := func(title, binding string) {
			in := &message.Inbox{Destinations: []string{config.C11Default}, Blocks: []message.ContentBlock{stixBlock(binding, title)}}
			status(t, ts.exchange("/taxii11/inbox/", fam, "writer", in), message.StatusSuccess)
		}
		send("push-1", config.ContentSTIX12)
		send("not-for-me", config.ContentSTIX111) // filtered out by the subscription's binding
		got := cons.wait(1, 5*time.Second)
		m := got[0]
		if m.Source == nil || m.Source.SubscriptionID != rec.ID || m.Source.Collection != config.C11Default || m.Source.End == nil || m.Source.Begin == nil {
			t.Fatalf("Source_Subscription %+v", m.Source)
		}
		if len(m.Blocks) != 1 || !strings.Contains(string(m.Blocks[0].Content), "push-1") || m.Blocks[0].Label == nil {
			t.Fatalf("pushed blocks %+v", m.Blocks)
		}
		if m.Blocks[0].Label.After(*m.Source.End) || !m.Blocks[0].Label.After(*m.Source.Begin) {
			t.Error("pushed block outside the Source_Subscription range")
		}
		one(t, ts.exchange(cm, fam, "reader", manage(message.ActionPause, config.C11Default, rec.ID)), config.C11Default)
		send("while-paused", config.ContentSTIX12)
		time.Sleep(300 * time.Millisecond)
		if n := cons.count(); n != 1 {
			t.Fatalf("paused subscription received %d messages", n)
		}
		one(t, ts.exchange(cm, fam, "reader", manage(message.ActionResume, config.C11Default, rec.ID)), config.C11Default)
		got = cons.wait(2, 5*time.Second)
		if len(got[1].Blocks) != 1 || !strings.Contains(string(got[1].Blocks[0].Content), "while-paused") {
			t.Errorf("after RESUME: %+v", got[1].Blocks)
		}
		if !got[1].Source.Begin.Equal(*got[0].Source.End) {
			t.Errorf("deliveries not contiguous: %s then %s", got[0].Source.End, got[1].Source.Begin)
		}
		// A failing consumer is retried until it accepts.
		cons.refuse.Store(true)
		send("retried", config.ContentSTIX12)
		time.Sleep(400 * time.Millisecond)
		cons.refuse.Store(false)
		got = cons.wait(3, 5*time.Second)
		if !strings.Contains(string(got[2].Blocks[0].Content), "retried") {
			t.Errorf("retried delivery %+v", got[2].Blocks)
		}
		one(t, ts.exchange(cm, fam, "reader", manage(message.ActionUnsubscribe, config.C11Default, rec.ID)), config.C11Default)
		send("after-unsubscribe", config.ContentSTIX12)
		time.Sleep(300 * time.Millisecond)
		if n := cons.count(); n != 3 {
			t.Errorf("unsubscribed consumer received %d messages", n)
		}
	})
}

func TestSubscriptionPushCountOnlyAndDataSet(t *testing.T) {
	ts := start(t, nil, nil, "")
	fam := message.V11
	cons := newConsumer(t)
	push := &message.DeliveryParams{Protocol: fam.ProtocolHTTP, Address: cons.address(), MessageBinding: message.V111.MessageBinding}
	req := subscribeReq(config.C11DropBox, push)
	req.Params.ResponseType = message.ResponseCountOnly
	one(t, ts.exchange(cm, fam, "admin", req), config.C11DropBox)
	in := &message.Inbox{Destinations: []string{config.C11DropBox}, Blocks: []message.ContentBlock{stixBlock(config.ContentSTIX12, "a"), stixBlock(config.ContentSTIX12, "b")}}
	status(t, ts.exchange("/taxii11/inbox/", fam, "writer", in), message.StatusSuccess)
	m := cons.wait(1, 5*time.Second)[0]
	if len(m.Blocks) != 0 || m.RecordCount == nil || m.RecordCount.Count != 2 {
		t.Errorf("COUNT_ONLY delivery: %d blocks, count %+v", len(m.Blocks), m.RecordCount)
	}
	if m.Source == nil || m.Source.Begin != nil || m.Source.End != nil {
		t.Errorf("Data Set delivery with timestamp labels: %+v", m.Source)
	}
	cons.mu.Lock()
	f := cons.fams[0]
	cons.mu.Unlock()
	if f != message.V111 {
		t.Errorf("pushed in TAXII %s, the subscription asked for the 1.1.1 binding", f.Name)
	}
}
