package taxii11

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/taxii-conform/taxii-conform/reference/config"
	"github.com/taxii-conform/taxii-conform/reference/taxii11/message"
)

// FuzzServe posts arbitrary bodies to every service: the answer is always a TAXII message the
// server's own parser accepts, never a panic or an HTTP 5xx.
func FuzzServe(f *testing.F) {
	c := defaultTestConfig()
	// Keep background deliveries out of the way: results stay pending, pushes give up fast.
	c.TAXII11.Limits.AsyncDelay = time.Hour
	c.TAXII11.Limits.PushTimeout = 100 * time.Millisecond
	srv, err := New(Options{Config: c})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = srv.Close() })
	for _, fam := range message.Families {
		for _, m := range []message.Message{
			&message.DiscoveryRequest{Header: message.Header{MessageID: "1"}},
			&message.CollectionInfoRequest{Header: message.Header{MessageID: "2"}},
			&message.PollRequest{Header: message.Header{MessageID: "3"}, Collection: config.C11Default, Params: &message.PollParams{}},
			&message.PollFulfillment{Header: message.Header{MessageID: "4"}, Collection: config.C11Default, ResultID: "r", PartNumber: 2},
			&message.SubscriptionRequest{Header: message.Header{MessageID: "5"}, Action: message.ActionStatus, Collection: config.C11Default},
			inboxTo([]message.ContentBlock{stixBlock(config.ContentSTIX12, "fuzz")}, config.C11Default),
		} {
			if m.Head().MessageID == "" {
				m.Head().MessageID = "6"
			}
			f.Add(uint8(0), true, message.Marshal(fam, m))
		}
	}
	paths := []string{"/taxii11/discovery/", "/taxii11/collection-management/", "/taxii11/poll/", "/taxii11/inbox/", "/taxii11/inbox/drop-box/"}
	f.Fuzz(func(t *testing.T, which uint8, v11 bool, body []byte) {
		fam := message.V111
		if v11 {
			fam = message.V11
		}
		req := httptest.NewRequest(http.MethodPost, paths[int(which)%len(paths)], bytes.NewReader(body))
		taxiiHeaders(req.Header, fam, false)
		req.SetBasicAuth("admin", "admin-pw")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("HTTP %d", rec.Code)
		}
		m, gf, err := message.Parse(rec.Body.Bytes())
		if err != nil {
			t.Fatalf("answer is not a TAXII message: %v\n%s", err, rec.Body.Bytes())
		}
		if gf != fam {
			t.Fatalf("answer in TAXII %s", gf.Name)
		}
		if m.Kind().IsRequest() {
			t.Fatalf("answered with a request (%s)", m.Kind())
		}
	})
}
