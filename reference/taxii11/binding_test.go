package taxii11

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/taxii-conform/taxii-conform/reference/config"
	"github.com/taxii-conform/taxii-conform/reference/taxii11/message"
)

// statusAnswer checks an error answer of the HTTP binding: the HTTP code, a Status Message of
// the given type in the body (schema-valid) and the TAXII headers of family f.
func statusAnswer(t *testing.T, resp *http.Response, body []byte, code int, f *message.Family, typ string) *message.Status {
	t.Helper()
	if resp.StatusCode != code {
		t.Fatalf("HTTP %d, want %d: %s", resp.StatusCode, code, body)
	}
	checkResponseHeaders(t, resp, f, false)
	return status(t, parseResponse(t, body, f), typ)
}

func TestHTTPBinding(t *testing.T) {
	ts := start(t, nil, nil, "")
	both(t, func(t *testing.T, fam *message.Family) {
		disc := message.Marshal(fam, &message.DiscoveryRequest{Header: message.Header{MessageID: "m-1"}})
		cases := []struct {
			name string
			edit func(http.Header)
			code int
			typ  string
		}{
			{"no X-TAXII-Content-Type", func(h http.Header) { h.Del(headerContentType) }, 200, message.StatusBadMessage},
			{"no X-TAXII-Services", func(h http.Header) { h.Del(headerServices) }, 200, message.StatusBadMessage},
			{"no X-TAXII-Protocol", func(h http.Header) { h.Del(headerProtocol) }, 200, message.StatusBadMessage},
			{"unknown message binding", func(h http.Header) { h.Set(headerContentType, "urn:taxii.mitre.org:message:xml:1.0") }, 200, message.StatusUnsupportedMessage},
			{"unknown protocol", func(h http.Header) { h.Set(headerProtocol, "urn:example.com:protocol:carrier-pigeon") }, 200, message.StatusUnsupportedProtocol},
			{"https protocol over http", func(h http.Header) { h.Set(headerProtocol, fam.ProtocolHTTPS) }, 200, message.StatusUnsupportedProtocol},
			{"unknown services", func(h http.Header) { h.Set(headerServices, "urn:taxii.mitre.org:services:1.0") }, 200, message.StatusBadMessage},
			{"services of the other family", func(h http.Header) { h.Set(headerServices, fam.Other().Services) }, 200, message.StatusBadMessage},
			{"protocol of the other family", func(h http.Header) { h.Set(headerProtocol, fam.Other().ProtocolHTTP) }, 200, message.StatusBadMessage},
			{"text/xml", func(h http.Header) { h.Set("Content-Type", "text/xml") }, 200, message.StatusUnsupportedMessage},
			{"application/json", func(h http.Header) { h.Set("Content-Type", "application/json") }, 200, message.StatusUnsupportedMessage},
			{"X-TAXII-Accept other binding only", func(h http.Header) { h.Set(headerAccept, fam.Other().MessageBinding) }, 406, message.StatusUnsupportedMessage},
			{"Accept json only", func(h http.Header) { h.Set("Accept", "application/json") }, 406, message.StatusUnsupportedMessage},
			{"repeated header", func(h http.Header) { h.Add(headerContentType, fam.MessageBinding) }, 200, message.StatusBadMessage},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				resp, body := ts.raw("/taxii11/discovery/", fam, "", disc, c.edit)
				// The answer's family is the one the headers name when they name one.
				want := guessFamily(&http.Request{Header: editHeaders(fam, c.edit)})
				statusAnswer(t, resp, body, c.code, want, c.typ)
			})
		}
		t.Run("accepted variants", func(t *testing.T) {
			for _, edit := range []func(http.Header){
				func(h http.Header) { h.Del("Content-Type"); h.Del("Accept"); h.Del(headerAccept) },
				func(h http.Header) { h.Set("Accept", "application/*;q=0.5, text/html") },
				func(h http.Header) { h.Set(headerAccept, fam.Other().MessageBinding+" "+fam.MessageBinding) },
				func(h http.Header) { h.Set("Content-Type", "application/xml; charset=utf-8") },
			} {
				resp, body := ts.raw("/taxii11/discovery/", fam, "", disc, edit)
				if resp.StatusCode != 200 {
					t.Fatalf("HTTP %d: %s", resp.StatusCode, body)
				}
				as[*message.DiscoveryResponse](t, parseResponse(t, body, fam))
			}
		})
		t.Run("GET", func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, ts.url("/taxii11/poll/"), nil)
			taxiiHeaders(req.Header, fam, false)
			resp, err := ts.client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var buf bytes.Buffer
			_, _ = buf.ReadFrom(resp.Body)
			statusAnswer(t, resp, buf.Bytes(), http.StatusMethodNotAllowed, fam, message.StatusBadMessage)
			if resp.Header.Get("Allow") != "POST" {
				t.Errorf("Allow %q", resp.Header.Get("Allow"))
			}
		})
		t.Run("unknown path", func(t *testing.T) {
			resp, body := ts.raw("/taxii11/nowhere/", fam, "", disc, nil)
			st := statusAnswer(t, resp, body, http.StatusNotFound, fam, message.StatusNotFound)
			if d := st.Detail(message.DetailItem); len(d) != 1 || d[0] != "/taxii11/nowhere/" {
				t.Errorf("ITEM %v", d)
			}
		})
		t.Run("path without slash", func(t *testing.T) {
			resp, body := ts.raw("/taxii11/discovery", fam, "", disc, nil)
			if resp.StatusCode != 200 {
				t.Fatalf("HTTP %d", resp.StatusCode)
			}
			as[*message.DiscoveryResponse](t, parseResponse(t, body, fam))
		})
		t.Run("body namespace of the other family", func(t *testing.T) {
			other := message.Marshal(fam.Other(), &message.DiscoveryRequest{Header: message.Header{MessageID: "m-2"}})
			resp, body := ts.raw("/taxii11/discovery/", fam, "", other, nil)
			st := statusAnswer(t, resp, body, 200, fam, message.StatusBadMessage)
			if st.InResponseTo != "m-2" {
				t.Errorf("in_response_to %q", st.InResponseTo)
			}
		})
		t.Run("message for another service", func(t *testing.T) {
			m := ts.exchange("/taxii11/discovery/", fam, "", pollReq(config.C11Default))
			st := status(t, m, message.StatusBadMessage)
			if !strings.Contains(st.Message, "Discovery_Request") {
				t.Errorf("message %q", st.Message)
			}
		})
		t.Run("response message as request", func(t *testing.T) {
			m := ts.exchange("/taxii11/discovery/", fam, "", &message.DiscoveryResponse{Header: message.Header{InResponseTo: "x"}})
			status(t, m, message.StatusBadMessage)
		})
	})
}

func editHeaders(fam *message.Family, edit func(http.Header)) http.Header {
	h := http.Header{}
	taxiiHeaders(h, fam, false)
	edit(h)
	return h
}

func TestOversizedBody(t *testing.T) {
	c := defaultTestConfig()
	c.TAXII11.Limits.MaxBodyBytes = 4096
	ts := start(t, c, nil, "")
	big := &message.Inbox{Header: message.Header{MessageID: "big"}, Destinations: []string{config.C11Default}}
	for range 20 {
		big.Blocks = append(big.Blocks, stixBlock(config.ContentSTIX12, strings.Repeat("x", 300)))
	}
	resp, body := ts.raw("/taxii11/inbox/", message.V111, "writer", message.Marshal(message.V111, big), nil)
	statusAnswer(t, resp, body, http.StatusOK, message.V111, message.StatusBadMessage)
	if n := ts.srv.store.Count(config.C11Default); n != 6 {
		t.Errorf("collection holds %d blocks after the refused message", n)
	}
}

func TestHTTPS(t *testing.T) {
	ts := startTLS(t)
	both(t, func(t *testing.T, fam *message.Family) {
		resp := as[*message.DiscoveryResponse](t, ts.exchange("/taxii11/discovery/", fam, "", &message.DiscoveryRequest{}))
		for _, si := range resp.Services {
			f := message.ByServices(si.Version)
			if si.Protocol != f.ProtocolHTTPS || !strings.HasPrefix(si.Address, "https://") {
				t.Errorf("over HTTPS: %s %s", si.Protocol, si.Address)
			}
		}
		r, body := ts.raw("/taxii11/discovery/", fam, "", message.Marshal(fam, &message.DiscoveryRequest{Header: message.Header{MessageID: "1"}}),
			func(h http.Header) { h.Set(headerProtocol, fam.ProtocolHTTP) })
		if r.StatusCode != 200 {
			t.Fatalf("HTTP %d", r.StatusCode)
		}
		checkResponseHeaders(t, r, fam, true)
		status(t, parseResponse(t, body, fam), message.StatusUnsupportedProtocol)
	})
}
