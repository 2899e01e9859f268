package taxii11

import (
	"strconv"
	"testing"
	"time"

	"github.com/taxii-conform/taxii-conform/reference/config"
	"github.com/taxii-conform/taxii-conform/reference/taxii11/message"
)

func asyncPoll(coll string, delivery *message.DeliveryParams) *message.PollRequest {
	r := pollReq(coll)
	r.Params.AllowAsynch = true
	r.Params.Delivery = delivery
	return r
}

// pendingDetails checks the details a PENDING status must carry (Part 4 Table 2).
func pendingDetails(t *testing.T, st *message.Status) (resultID string, willPush bool) {
	t.Helper()
	w, r, p := st.Detail(message.DetailEstimatedWait), st.Detail(message.DetailResultID), st.Detail(message.DetailWillPush)
	if len(w) != 1 || len(r) != 1 || len(p) != 1 {
		t.Fatalf("PENDING details: %+v", st.Details)
	}
	if n, err := strconv.Atoi(w[0]); err != nil || n < 1 {
		t.Errorf("ESTIMATED_WAIT %q is not a positive integer", w[0])
	}
	b, err := strconv.ParseBool(p[0])
	if err != nil {
		t.Errorf("WILL_PUSH %q", p[0])
	}
	return r[0], b
}

func TestAsynchronousPoll(t *testing.T) {
	ts := start(t, nil, nil, "")
	both(t, func(t *testing.T, fam *message.Family) {
		st := status(t, ts.exchange("/taxii11/poll/", fam, "reader", asyncPoll(config.C11Default, nil)), message.StatusPending)
		id, willPush := pendingDetails(t, st)
		if willPush {
			t.Error("WILL_PUSH true without delivery parameters")
		}
		ful := &message.PollFulfillment{Collection: config.C11Default, ResultID: id, PartNumber: 1}
		st = status(t, ts.exchange("/taxii11/poll/", fam, "reader", ful), message.StatusPending)
		if again, _ := pendingDetails(t, st); again != id {
			t.Errorf("RESULT_ID changed from %q to %q", id, again)
		}
		time.Sleep(ts.srv.limits.AsyncDelay + 50*time.Millisecond)
		r := as[*message.PollResponse](t, ts.exchange("/taxii11/poll/", fam, "reader", ful))
		checkFeedResponse(t, r)
		if r.ResultID != id || r.PartNumber != 1 || r.More || len(r.Blocks) != 6 {
			t.Errorf("async result: id %q part %d more %v blocks %d", r.ResultID, r.PartNumber, r.More, len(r.Blocks))
		}
		// Without allow_asynch the answer is immediate.
		as[*message.PollResponse](t, ts.exchange("/taxii11/poll/", fam, "reader", pollReq(config.C11Default)))
	})
}

func TestAsynchronousPollMultiPart(t *testing.T) {
	ts := start(t, nil, nil, "")
	fam := message.V11
	fillDefault(t, ts, fam, 30)
	st := status(t, ts.exchange("/taxii11/poll/", fam, "reader", asyncPoll(config.C11Default, nil)), message.StatusPending)
	id, _ := pendingDetails(t, st)
	time.Sleep(ts.srv.limits.AsyncDelay + 50*time.Millisecond)
	total := 0
	for n := 1; ; n++ {
		r := as[*message.PollResponse](t, ts.exchange("/taxii11/poll/", fam, "reader",
			&message.PollFulfillment{Collection: config.C11Default, ResultID: id, PartNumber: n}))
		total += len(r.Blocks)
		if !r.More {
			break
		}
	}
	if total != 36 {
		t.Errorf("async multi-part result carried %d blocks, want 36", total)
	}
}

func TestAsynchronousPollPushed(t *testing.T) {
	ts := start(t, nil, nil, "")
	both(t, func(t *testing.T, fam *message.Family) {
		cons := newConsumer(t)
		d := &message.DeliveryParams{Protocol: fam.ProtocolHTTP, Address: cons.address(), MessageBinding: fam.MessageBinding}
		st := status(t, ts.exchange("/taxii11/poll/", fam, "reader", asyncPoll(config.C11Public, d)), message.StatusPending)
		id, willPush := pendingDetails(t, st)
		if !willPush {
			t.Fatal("WILL_PUSH false although the delivery parameters are usable")
		}
		got := cons.wait(1, 5*time.Second)
		if got[0].ResultID != id || len(got[0].Blocks) != 6 || got[0].RecordCount == nil || got[0].RecordCount.Count != 6 {
			t.Errorf("pushed result: id %q, %d blocks, count %+v", got[0].ResultID, len(got[0].Blocks), got[0].RecordCount)
		}
		// The result can still be pulled.
		r := as[*message.PollResponse](t, ts.exchange("/taxii11/poll/", fam, "reader",
			&message.PollFulfillment{Collection: config.C11Public, ResultID: id, PartNumber: 1}))
		if len(r.Blocks) != 6 {
			t.Errorf("pulled %d blocks", len(r.Blocks))
		}
	})
	t.Run("unusable delivery parameters", func(t *testing.T) {
		fam := message.V111
		for _, d := range []*message.DeliveryParams{
			{Protocol: "urn:example.com:smtp", Address: "mailto:x@example.com", MessageBinding: fam.MessageBinding},
			{Protocol: fam.ProtocolHTTP, Address: "http://192.0.2.1/inbox/", MessageBinding: fam.MessageBinding},
			{Protocol: fam.ProtocolHTTP, Address: "http://127.0.0.1/inbox/", MessageBinding: "urn:example.com:json"},
		} {
			st := status(t, ts.exchange("/taxii11/poll/", fam, "reader", asyncPoll(config.C11Default, d)), message.StatusPending)
			if _, willPush := pendingDetails(t, st); willPush {
				t.Errorf("WILL_PUSH true for %+v", d)
			}
		}
	})
}

func TestAsynchronousPollRetry(t *testing.T) {
	c := defaultTestConfig()
	c.TAXII11.Limits.MaxPendingPolls = 1
	c.TAXII11.Limits.AsyncDelay = 3 * time.Second
	ts := start(t, c, nil, "")
	fam := message.V111
	status(t, ts.exchange("/taxii11/poll/", fam, "reader", asyncPoll(config.C11Default, nil)), message.StatusPending)
	st := status(t, ts.exchange("/taxii11/poll/", fam, "reader", asyncPoll(config.C11Default, nil)), message.StatusRetry)
	if w := st.Detail(message.DetailEstimatedWait); len(w) != 1 || w[0] == "0" {
		t.Errorf("RETRY ESTIMATED_WAIT %v", w)
	}
	// Another account is not held back.
	status(t, ts.exchange("/taxii11/poll/", fam, "admin", asyncPoll(config.C11Default, nil)), message.StatusPending)
}
