package taxii11

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
	"github.com/taxii-conform/taxii-conform/suites/requirements"
)

// Every TAXII 1.1.1 fault names requirements of the catalog that bind the server or its messages.
func TestFaultRequirementsExist(t *testing.T) {
	cat, err := requirements.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range faults.All() {
		if f.Protocol != "1.1.1" {
			continue
		}
		for _, id := range f.Requirements {
			r, ok := cat.Get(id)
			if !ok {
				t.Errorf("fault %s names %s, which the catalog lacks", f.Name, id)
				continue
			}
			if r.Subject == requirements.Client {
				t.Errorf("fault %s names %s, a client requirement", f.Name, id)
			}
		}
	}
}

// Each TAXII 1.1.1 fault makes the server break what it claims to break; without it the same
// exchange is correct (the other tests).
func TestFaults(t *testing.T) {
	type check func(t *testing.T, ts *tserver)
	fam := message.V111
	post := func(ts *tserver, path, user string, m message.Message) (*http.Response, []byte) {
		m.Head().MessageID = uuid.NewString()
		return ts.raw(path, fam, user, message.Marshal(fam, m), nil)
	}
	parse := func(t *testing.T, body []byte) message.Message {
		t.Helper()
		m, _, err := message.Parse(body)
		if err != nil {
			t.Fatalf("%v\n%s", err, body)
		}
		return m
	}
	checks := map[string]check{
		faults.T11NoInResponseTo: func(t *testing.T, ts *tserver) {
			_, body := post(ts, "/taxii11/poll/", "reader", pollReq(config.C11Default))
			if bytes.Contains(body, []byte("in_response_to")) {
				t.Error("in_response_to present")
			}
		},
		faults.T11PollErrorAsSuccess: func(t *testing.T, ts *tserver) {
			status(t, ts.exchange("/taxii11/poll/", fam, "reader", pollReq("nowhere")), message.StatusSuccess)
		},
		faults.T11NoContentTypeHeader: func(t *testing.T, ts *tserver) {
			resp, _ := post(ts, "/taxii11/discovery/", "", &message.DiscoveryRequest{})
			if resp.Header.Get(headerContentType) != "" {
				t.Error("X-TAXII-Content-Type present")
			}
		},
		faults.T11WrongNamespace: func(t *testing.T, ts *tserver) {
			_, body := post(ts, "/taxii11/discovery/", "", &message.DiscoveryRequest{})
			if _, f, err := message.Parse(body); err != nil || f != message.V11 {
				t.Errorf("family %v, err %v", f, err)
			}
		},
		faults.T11PartNumberOffByOne: func(t *testing.T, ts *tserver) {
			fillDefault(t, ts, fam, 30)
			r := as[*message.PollResponse](t, ts.exchange("/taxii11/poll/", fam, "reader", pollReq(config.C11Default)))
			if r.PartNumber != 2 {
				t.Errorf("first part numbered %d", r.PartNumber)
			}
		},
		faults.T11MoreWithoutResultID: func(t *testing.T, ts *tserver) {
			fillDefault(t, ts, fam, 30)
			_, body := post(ts, "/taxii11/poll/", "reader", pollReq(config.C11Default))
			r := parse(t, body).(*message.PollResponse)
			if !r.More || r.ResultID != "" {
				t.Errorf("more %v result_id %q", r.More, r.ResultID)
			}
		},
		faults.T11FeedNoEndTimestamp: func(t *testing.T, ts *tserver) {
			r := as[*message.PollResponse](t, ts.exchange("/taxii11/poll/", fam, "reader", pollReq(config.C11Default)))
			if r.End != nil {
				t.Error("Inclusive_End_Timestamp present")
			}
		},
		faults.T11InboxKeepsRejected: func(t *testing.T, ts *tserver) {
			n := ts.srv.store.Count(config.C11Public)
			in := inboxTo([]message.ContentBlock{stixBlock(config.ContentSTIX12, "kept"), {Binding: "urn:example.com:x", Content: []byte("x")}}, config.C11Public)
			status(t, ts.exchange("/taxii11/inbox/", fam, "admin", in), message.StatusUnsupportedContent)
			if ts.srv.store.Count(config.C11Public) != n+1 {
				t.Error("nothing kept")
			}
		},
		faults.T11PendingNoDetails: func(t *testing.T, ts *tserver) {
			_, body := post(ts, "/taxii11/poll/", "reader", asyncPoll(config.C11Default, nil))
			st := status(t, parse(t, body), message.StatusPending)
			if len(st.Details) != 0 {
				t.Error("details present")
			}
			if validationError(t, body) == nil {
				t.Error("the project's rules did not flag PENDING without details")
			}
		},
		faults.T11PendingNotAllowed: func(t *testing.T, ts *tserver) {
			// The encoder leaves allow_asynch out when it is false: the fault reads that as true.
			status(t, ts.exchange("/taxii11/poll/", fam, "reader", pollReq(config.C11Default)), message.StatusPending)
			// Stated explicitly, false is honoured.
			req := pollReq(config.C11Default)
			req.MessageID = uuid.NewString()
			explicit := bytes.Replace(message.Marshal(fam, req),
				[]byte(":Poll_Parameters>"), []byte(`:Poll_Parameters allow_asynch="false">`), 1)
			_, body := ts.raw("/taxii11/poll/", fam, "reader", explicit, nil)
			as[*message.PollResponse](t, parseResponse(t, body, fam))
		},
		faults.T11DiscoveryAnswersStatus: func(t *testing.T, ts *tserver) {
			status(t, ts.exchange("/taxii11/discovery/", fam, "", &message.DiscoveryRequest{}), message.StatusSuccess)
		},
		faults.T11TimestampSevenDigits: func(t *testing.T, ts *tserver) {
			_, body := post(ts, "/taxii11/poll/", "reader", pollReq(config.C11Default))
			if err := validationError(t, body); err == nil {
				t.Error("seven-digit labels passed the schema")
			}
			if _, _, err := message.Parse(body); err == nil || !strings.Contains(err.Error(), "6 fractional digits") {
				t.Errorf("parse error %v", err)
			}
		},
		faults.T11PollIgnoresBegin: func(t *testing.T, ts *tserver) {
			b := seedLabel(4)
			req := pollReq(config.C11Default)
			req.Begin = &b
			r := as[*message.PollResponse](t, ts.exchange("/taxii11/poll/", fam, "reader", req))
			if len(r.Blocks) != 6 {
				t.Errorf("%d blocks", len(r.Blocks))
			}
		},
		faults.T11RecordCountTooSmall: func(t *testing.T, ts *tserver) {
			_, body := post(ts, "/taxii11/poll/", "reader", pollReq(config.C11Default))
			r := as[*message.PollResponse](t, parse(t, body))
			if r.RecordCount.Count >= uint64(len(r.Blocks)) {
				t.Errorf("count %d for %d blocks", r.RecordCount.Count, len(r.Blocks))
			}
			if validationError(t, body) == nil {
				t.Error("the project's rules did not flag the short Record_Count")
			}
		},
		faults.T11AcceptInResponse: func(t *testing.T, ts *tserver) {
			resp, _ := post(ts, "/taxii11/discovery/", "", &message.DiscoveryRequest{})
			if resp.Header.Get(headerAccept) == "" {
				t.Error("X-TAXII-Accept absent")
			}
		},
	}
	for name, c := range serviceFaultChecks {
		checks[name] = c
	}
	for name, c := range bindingFaultChecks {
		checks[name] = c
	}
	for _, f := range faults.All() {
		if f.Protocol != "1.1.1" {
			continue
		}
		c, ok := checks[f.Name]
		if !ok {
			t.Errorf("fault %s has no check here", f.Name)
			continue
		}
		t.Run(f.Name, func(t *testing.T) {
			fs, err := faults.Parse(f.Name)
			if err != nil {
				t.Fatal(err)
			}
			cfg := defaultTestConfig()
			cfg.TAXII11.Limits.AsyncDelay = time.Minute
			c(t, start(t, cfg, fs, ""))
		})
	}
}
