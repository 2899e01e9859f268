package taxii11

import (
	"fmt"
	"testing"

	"github.com/taxii-conform/taxii-conform/reference/config"
	"github.com/taxii-conform/taxii-conform/reference/store/blocks"
	"github.com/taxii-conform/taxii-conform/reference/taxii11/message"
)

// BenchmarkPoll100k polls a Data Feed of 100,000 content blocks over HTTP and collects every
// result part with Poll Fulfillment Requests; one iteration is the whole collection.
func BenchmarkPoll100k(b *testing.B) {
	const total, part = 100_000, 1000
	c := config.Default()
	c.TAXII11.Seed = false
	c.TAXII11.Service("poll").MaxResultCount = part
	ts := start(b, c, nil, "")
	batch := make([]blocks.NewBlock, 0, 10_000)
	for i := range total {
		batch = append(batch, blocks.NewBlock{Collection: config.C11Default, Binding: config.ContentSTIX12, Content: stixBlock(config.ContentSTIX12, fmt.Sprint(i)).Content})
		if len(batch) == cap(batch) {
			if _, err := ts.srv.store.Add(batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	fam := message.V111
	b.ResetTimer()
	for b.Loop() {
		r := as[*message.PollResponse](b, ts.exchangeFast("/taxii11/poll/", fam, "reader", pollReq(config.C11Default)))
		got := len(r.Blocks)
		for n := 2; r.More; n++ {
			r = as[*message.PollResponse](b, ts.exchangeFast("/taxii11/poll/", fam, "reader",
				&message.PollFulfillment{Collection: config.C11Default, ResultID: r.ResultID, PartNumber: n}))
			got += len(r.Blocks)
		}
		if got != total {
			b.Fatalf("collected %d blocks, want %d", got, total)
		}
	}
	b.ReportMetric(float64(total)*float64(b.N)/b.Elapsed().Seconds(), "blocks/s")
}

// BenchmarkInbox10k sends 10,000 content blocks in Inbox Messages of 100; one iteration is all
// of them. The durable variant commits every message to disk before answering.
func BenchmarkInbox10k(b *testing.B) {
	const total, per = 10_000, 100
	for _, durable := range []bool{false, true} {
		b.Run(map[bool]string{false: "memory", true: "durable"}[durable], func(b *testing.B) {
			dir := ""
			if durable {
				dir = b.TempDir()
			}
			ts := start(b, nil, nil, dir)
			fam := message.V11
			msgs := make([]*message.Inbox, 0, total/per)
			for i := 0; i < total; i += per {
				in := inboxTo(nil, config.C11Default)
				for j := range per {
					in.Blocks = append(in.Blocks, stixBlock(config.ContentSTIX12, fmt.Sprint(i+j)))
				}
				msgs = append(msgs, in)
			}
			b.ResetTimer()
			for b.Loop() {
				before := ts.srv.store.Count(config.C11Default)
				for _, in := range msgs {
					in.MessageID = ""
					status(b, ts.exchangeFast("/taxii11/inbox/", fam, "writer", in), message.StatusSuccess)
				}
				if got := ts.srv.store.Count(config.C11Default) - before; got != total {
					b.Fatalf("stored %d blocks, want %d", got, total)
				}
			}
			b.ReportMetric(float64(total)*float64(b.N)/b.Elapsed().Seconds(), "blocks/s")
		})
	}
}

// exchangeFast is exchange without schema validation (measured loops).
func (ts *tserver) exchangeFast(path string, f *message.Family, user string, m message.Message) message.Message {
	ts.t.Helper()
	if m.Head().MessageID == "" {
		m.Head().MessageID = "bench"
	}
	resp, body := ts.raw(path, f, user, message.Marshal(f, m), nil)
	if resp.StatusCode != 200 {
		ts.t.Fatalf("HTTP %d", resp.StatusCode)
	}
	got, _, err := message.Parse(body)
	if err != nil {
		ts.t.Fatal(err)
	}
	return got
}
