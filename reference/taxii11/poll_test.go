package taxii11

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/taxii-conform/taxii-conform/reference/config"
	"github.com/taxii-conform/taxii-conform/reference/taxii11/message"
)

func seedLabel(i int) time.Time { return SeedBase.Add(time.Duration(i) * time.Hour) }

// checkFeedResponse verifies the Data Feed rules of a Poll Response: an upper bound, every
// block labelled inside (begin, end], labels increasing, Record_Count at least the blocks.
func checkFeedResponse(t *testing.T, r *message.PollResponse) {
	t.Helper()
	if r.End == nil {
		t.Fatal("Poll Response for a Data Feed without Inclusive_End_Timestamp")
	}
	var prev time.Time
	for i, b := range r.Blocks {
		if b.Label == nil {
			t.Fatalf("block %d without Timestamp_Label", i)
		}
		if r.Begin != nil && !b.Label.After(*r.Begin) || b.Label.After(*r.End) {
			t.Errorf("block %d label %s outside (%v, %s]", i, b.Label, r.Begin, r.End)
		}
		if !b.Label.After(prev) {
			t.Errorf("labels not increasing at block %d", i)
		}
		prev = *b.Label
	}
	if r.RecordCount == nil || r.RecordCount.Count < uint64(len(r.Blocks)) {
		t.Errorf("Record_Count %+v for %d blocks", r.RecordCount, len(r.Blocks))
	}
}

func TestPoll(t *testing.T) {
	ts := start(t, nil, nil, "")
	both(t, func(t *testing.T, fam *message.Family) {
		t.Run("whole feed", func(t *testing.T) {
			r := as[*message.PollResponse](t, ts.exchange("/taxii11/poll/", fam, "reader", pollReq(config.C11Default)))
			checkFeedResponse(t, r)
			if len(r.Blocks) != 6 || r.RecordCount.Count != 6 || r.RecordCount.Partial || r.More || r.ResultID != "" || r.Begin != nil {
				t.Errorf("response %d blocks, count %+v, more %v, result %q, begin %v", len(r.Blocks), r.RecordCount, r.More, r.ResultID, r.Begin)
			}
			if r.Collection != config.C11Default {
				t.Errorf("collection_name %q", r.Collection)
			}
			if !r.End.After(time.Now().Add(-time.Minute)) {
				t.Errorf("upper bound %s is not the time of the poll", r.End)
			}
		})
		t.Run("time bounds", func(t *testing.T) {
			b, e := seedLabel(1), seedLabel(3)
			req := pollReq(config.C11Default)
			req.Begin, req.End = &b, &e
			r := as[*message.PollResponse](t, ts.exchange("/taxii11/poll/", fam, "reader", req))
			checkFeedResponse(t, r)
			if len(r.Blocks) != 2 || !r.Blocks[0].Label.Equal(seedLabel(2)) || !r.Blocks[1].Label.Equal(seedLabel(3)) {
				t.Errorf("blocks %v", labels(r))
			}
			if !r.Begin.Equal(b) || !r.End.Equal(e) {
				t.Errorf("bounds %s %s, want the requested ones", r.Begin, r.End)
			}
		})
		t.Run("data set", func(t *testing.T) {
			b := seedLabel(100)
			req := pollReq(config.C11DropBox)
			req.Begin = &b // ignored for a Data Set
			r := as[*message.PollResponse](t, ts.exchange("/taxii11/poll/", fam, "admin", req))
			if len(r.Blocks) != 3 || r.Begin != nil || r.End != nil {
				t.Errorf("data set: %d blocks, bounds %v %v", len(r.Blocks), r.Begin, r.End)
			}
			for _, b := range r.Blocks {
				if b.Label != nil || b.Binding != config.ContentSTIX12 {
					t.Errorf("data set block %+v", b)
				}
			}
		})
		t.Run("content binding filter", func(t *testing.T) {
			req := pollReq(config.C11Public)
			req.Params.ContentBindings = []message.ContentBinding{{ID: config.ContentSTIX111}}
			r := as[*message.PollResponse](t, ts.exchange("/taxii11/poll/", fam, "reader", req))
			if len(r.Blocks) != 3 || r.RecordCount.Count != 3 {
				t.Fatalf("%d blocks", len(r.Blocks))
			}
			for _, b := range r.Blocks {
				if b.Binding != config.ContentSTIX111 {
					t.Errorf("binding %s", b.Binding)
				}
			}
		})
		t.Run("unsupported content binding", func(t *testing.T) {
			req := pollReq(config.C11Public)
			req.Params.ContentBindings = []message.ContentBinding{{ID: "urn:example.com:json:1"}}
			st := status(t, ts.exchange("/taxii11/poll/", fam, "reader", req), message.StatusUnsupportedContent)
			if d := st.Detail(message.DetailSupportedContent); len(d) != 3 || d[0] != config.ContentSTIX111 {
				t.Errorf("SUPPORTED_CONTENT %v", d)
			}
		})
		t.Run("count only", func(t *testing.T) {
			req := pollReq(config.C11Default)
			req.Params.ResponseType = message.ResponseCountOnly
			r := as[*message.PollResponse](t, ts.exchange("/taxii11/poll/", fam, "reader", req))
			if len(r.Blocks) != 0 || r.RecordCount == nil || r.RecordCount.Count != 6 || r.End == nil {
				t.Errorf("count only: %d blocks, %+v", len(r.Blocks), r.RecordCount)
			}
		})
		t.Run("errors", func(t *testing.T) {
			st := status(t, ts.exchange("/taxii11/poll/", fam, "reader", pollReq("no-such-collection")), message.StatusNotFound)
			if d := st.Detail(message.DetailItem); len(d) != 1 || d[0] != "no-such-collection" {
				t.Errorf("ITEM %v", d)
			}
			status(t, ts.exchange("/taxii11/poll/", fam, "nobody", pollReq(config.C11Default)), message.StatusNotFound)
			status(t, ts.exchange("/taxii11/poll/", fam, "writer", pollReq(config.C11DropBox)), message.StatusUnauthorized)
			status(t, ts.exchange("/taxii11/poll/", fam, "", pollReq(config.C11Default)), message.StatusUnauthorized)
			sub := &message.PollRequest{Collection: config.C11Default, SubscriptionID: "no-such-subscription"}
			st = status(t, ts.exchange("/taxii11/poll/", fam, "reader", sub), message.StatusNotFound)
			if d := st.Detail(message.DetailItem); len(d) != 1 || d[0] != "no-such-subscription" {
				t.Errorf("ITEM %v", d)
			}
		})
	})
}

func labels(r *message.PollResponse) []string {
	var out []string
	for _, b := range r.Blocks {
		if b.Label != nil {
			out = append(out, b.Label.Format(time.RFC3339Nano))
		}
	}
	return out
}

// The upper bound of a response is later than every label returned and earlier than every
// label assigned afterwards (Part 2 §5.2.2.2), so polling from it misses nothing.
func TestPollUpperBoundContinuity(t *testing.T) {
	ts := start(t, nil, nil, "")
	fam := message.V111
	r := as[*message.PollResponse](t, ts.exchange("/taxii11/poll/", fam, "reader", pollReq(config.C11Default)))
	end := *r.End
	inbox := &message.Inbox{Destinations: []string{config.C11Default}, Blocks: []message.ContentBlock{stixBlock(config.ContentSTIX12, "after-the-bound")}}
	status(t, ts.exchange("/taxii11/inbox/", fam, "writer", inbox), message.StatusSuccess)
	req := pollReq(config.C11Default)
	req.Begin = &end
	r2 := as[*message.PollResponse](t, ts.exchange("/taxii11/poll/", fam, "reader", req))
	checkFeedResponse(t, r2)
	if len(r2.Blocks) != 1 || !strings.Contains(string(r2.Blocks[0].Content), "after-the-bound") {
		t.Fatalf("poll after the previous bound returned %d blocks", len(r2.Blocks))
	}
}

func TestResultParts(t *testing.T) {
	ts := start(t, nil, nil, "")
	both(t, func(t *testing.T, fam *message.Family) {
		fillDefault(t, ts, fam, 50)
		total := ts.srv.store.Count(config.C11Default)
		size := ts.srv.cfg.Service("poll").PartSize()
		parts := (total + size - 1) / size
		first := as[*message.PollResponse](t, ts.exchange("/taxii11/poll/", fam, "reader", pollReq(config.C11Default)))
		if !first.More || first.ResultID == "" || first.PartNumber != 1 || len(first.Blocks) != size {
			t.Fatalf("first part: more=%v result=%q part=%d blocks=%d", first.More, first.ResultID, first.PartNumber, len(first.Blocks))
		}
		seen := len(first.Blocks)
		prev := first
		checkFeedResponse(t, first)
		for n := 2; n <= parts; n++ {
			r := as[*message.PollResponse](t, ts.exchange("/taxii11/poll/", fam, "reader",
				&message.PollFulfillment{Collection: config.C11Default, ResultID: first.ResultID, PartNumber: n}))
			checkFeedResponse(t, r)
			if r.PartNumber != n || r.ResultID != first.ResultID || r.More != (n < parts) {
				t.Errorf("part %d: number %d result %q more %v", n, r.PartNumber, r.ResultID, r.More)
			}
			if r.Begin == nil || !r.Begin.Equal(*prev.End) {
				t.Errorf("part %d begins at %v, previous part ended at %s: parts must be contiguous", n, r.Begin, prev.End)
			}
			if r.RecordCount.Count != uint64(total) {
				t.Errorf("part %d Record_Count %d, want %d", n, r.RecordCount.Count, total)
			}
			seen += len(r.Blocks)
			prev = r
		}
		if seen != total {
			t.Errorf("parts carried %d blocks, collection holds %d", seen, total)
		}
		again := as[*message.PollResponse](t, ts.exchange("/taxii11/poll/", fam, "reader",
			&message.PollFulfillment{Collection: config.C11Default, ResultID: first.ResultID, PartNumber: 1}))
		if len(again.Blocks) != size || string(again.Blocks[0].Content) != string(first.Blocks[0].Content) {
			t.Error("re-requesting part 1 gave different content")
		}
		st := status(t, ts.exchange("/taxii11/poll/", fam, "reader",
			&message.PollFulfillment{Collection: config.C11Default, ResultID: first.ResultID, PartNumber: parts + 1}), message.StatusInvalidResponsePart)
		if d := st.Detail(message.DetailMaxPartNumber); len(d) != 1 || d[0] != strconv.Itoa(parts) {
			t.Errorf("MAX_PART_NUMBER %v, want %d", d, parts)
		}
		status(t, ts.exchange("/taxii11/poll/", fam, "reader",
			&message.PollFulfillment{Collection: config.C11Default, ResultID: "no-such-result", PartNumber: 1}), message.StatusAsynchronousPollError)
		status(t, ts.exchange("/taxii11/poll/", fam, "admin",
			&message.PollFulfillment{Collection: config.C11Default, ResultID: first.ResultID, PartNumber: 2}), message.StatusAsynchronousPollError)
		status(t, ts.exchange("/taxii11/poll/", fam, "reader",
			&message.PollFulfillment{Collection: config.C11Public, ResultID: first.ResultID, PartNumber: 2}), message.StatusAsynchronousPollError)
	})
}

// fillDefault adds n blocks to the default collection.
func fillDefault(t *testing.T, ts *tserver, fam *message.Family, n int) {
	t.Helper()
	in := &message.Inbox{Destinations: []string{config.C11Default}}
	for i := range n {
		in.Blocks = append(in.Blocks, stixBlock(config.ContentSTIX12, fmt.Sprintf("fill-%d", i)))
	}
	status(t, ts.exchange("/taxii11/inbox/", fam, "writer", in), message.StatusSuccess)
}

func defaultQuery(fam *message.Family, target, relationship string, params ...string) *message.Query {
	var b strings.Builder
	fmt.Fprintf(&b, `<tdq:Default_Query xmlns:tdq="%s" targeting_expression_id="%s"><tdq:Criteria operator="AND"><tdq:Criterion><tdq:Target>%s</tdq:Target><tdq:Test capability_id="%s" relationship="%s">`,
		fam.QueryNamespace, config.ContentSTIX12, target, fam.CapabilityCore, relationship)
	for i := 0; i+1 < len(params); i += 2 {
		fmt.Fprintf(&b, `<tdq:Parameter name="%s">%s</tdq:Parameter>`, params[i], params[i+1])
	}
	b.WriteString(`</tdq:Test></tdq:Criterion></tdq:Criteria></tdq:Default_Query>`)
	return &message.Query{Format: fam.QueryFormat, Body: []byte(b.String())}
}

func TestPollQuery(t *testing.T) {
	ts := start(t, nil, nil, "")
	both(t, func(t *testing.T, fam *message.Family) {
		for _, qf := range message.Families { // both query formats are accepted in either family
			req := pollReq(config.C11Default)
			req.Params.Query = defaultQuery(qf, "STIX_Package/STIX_Header/Title", "equals", "value", "GreenLoader dropper hashes", "match_type", "case_sensitive_string")
			r := as[*message.PollResponse](t, ts.exchange("/taxii11/poll/", fam, "reader", req))
			if len(r.Blocks) != 1 || !strings.Contains(string(r.Blocks[0].Content), "0b6e8f5c-1a0d-4d6e-8e1f-5a2b7c3d0002") || r.RecordCount.Count != 1 {
				t.Errorf("query in format %s: %d blocks", qf.QueryFormat, len(r.Blocks))
			}
		}
		req := pollReq(config.C11Default)
		req.Params.Query = &message.Query{Format: "urn:example.com:query:sql", Body: []byte("<q/>")}
		st := status(t, ts.exchange("/taxii11/poll/", fam, "reader", req), message.StatusUnsupportedQuery)
		if d := st.Detail(message.DetailSupportedQuery); len(d) != 2 || d[0] != fam.QueryFormat {
			t.Errorf("SUPPORTED_QUERY %v", d)
		}
		q := defaultQuery(fam, "**/@id", "equals", "value", "x", "match_type", "case_sensitive_string")
		q.Body = []byte(strings.Replace(string(q.Body), fam.CapabilityCore, "urn:example.com:capability:fuzzy", 1))
		req.Params.Query = q
		st = status(t, ts.exchange("/taxii11/poll/", fam, "reader", req), "UNSUPPORTED_CAPABILITY_MODULE")
		if len(st.Details) == 0 {
			t.Error("UNSUPPORTED_CAPABILITY_MODULE without details")
		}
		req.Params.Query = defaultQuery(fam, "**/@id", "equals", "value", "x") // no match_type
		status(t, ts.exchange("/taxii11/poll/", fam, "reader", req), message.StatusBadMessage)
		mixed := defaultQuery(fam, "**/@id", "exists")
		mixed.Format = fam.Other().QueryFormat
		req.Params.Query = mixed
		status(t, ts.exchange("/taxii11/poll/", fam, "reader", req), message.StatusBadMessage)
	})
}

func TestPollSubscriptionRequired(t *testing.T) {
	c := defaultTestConfig()
	c.TAXII11.Service("poll").SubscriptionRequired = true
	ts := start(t, c, nil, "")
	both(t, func(t *testing.T, fam *message.Family) {
		status(t, ts.exchange("/taxii11/poll/", fam, "reader", pollReq(config.C11Default)), message.StatusDenied)
		sub := as[*message.SubscriptionResponse](t, ts.exchange("/taxii11/collection-management/", fam, "reader",
			&message.SubscriptionRequest{Action: message.ActionSubscribe, Collection: config.C11Default,
				Params: &message.SubscriptionParams{ContentBindings: []message.ContentBinding{{ID: config.ContentSTIX12}}}}))
		id := sub.Subscriptions[0].ID
		r := as[*message.PollResponse](t, ts.exchange("/taxii11/poll/", fam, "reader",
			&message.PollRequest{Collection: config.C11Default, SubscriptionID: id}))
		if r.SubscriptionID != id || len(r.Blocks) != 3 {
			t.Errorf("poll by subscription: id %q, %d blocks", r.SubscriptionID, len(r.Blocks))
		}
		for _, b := range r.Blocks {
			if b.Binding != config.ContentSTIX12 {
				t.Errorf("subscription's binding filter not applied: %s", b.Binding)
			}
		}
		status(t, ts.exchange("/taxii11/poll/", fam, "writer",
			&message.PollRequest{Collection: config.C11Default, SubscriptionID: id}), message.StatusNotFound)
	})
}

// The default subscribers-only collection is polled through a Poll Service that denies polls
// without a subscription and serves those that name one.
func TestDefaultSubscribersOnly(t *testing.T) {
	ts := start(t, nil, nil, "")
	const path = "/taxii11/poll/subscribers/"
	both(t, func(t *testing.T, fam *message.Family) {
		status(t, ts.exchange(path, fam, "writer", pollReq(config.C11Subscribers)), message.StatusDenied)
		sub := as[*message.SubscriptionResponse](t, ts.exchange("/taxii11/collection-management/", fam, "writer",
			&message.SubscriptionRequest{Action: message.ActionSubscribe, Collection: config.C11Subscribers, Params: &message.SubscriptionParams{}}))
		r := as[*message.PollResponse](t, ts.exchange(path, fam, "writer",
			&message.PollRequest{Collection: config.C11Subscribers, SubscriptionID: sub.Subscriptions[0].ID}))
		if r.Collection != config.C11Subscribers {
			t.Errorf("poll by subscription answered for %q", r.Collection)
		}
		// The general Poll Service does not serve the collection at all.
		status(t, ts.exchange("/taxii11/poll/", fam, "writer", pollReq(config.C11Subscribers)), message.StatusNotFound)
	})
}
