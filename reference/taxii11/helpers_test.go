package taxii11

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/taxii-conform/taxii-conform/schemas/schematest"

	"github.com/google/uuid"

	"github.com/taxii-conform/taxii-conform/reference/config"
	"github.com/taxii-conform/taxii-conform/reference/faults"
	"github.com/taxii-conform/taxii-conform/reference/taxii11/message"
	"github.com/taxii-conform/taxii-conform/schemas/xsd11"
)

var (
	officialOnce sync.Once
	official     *xsd11.Validator
	officialErr  error
	projectOnce  sync.Once
	project      *xsd11.Validator
	projectErr   error
)

// validate checks a message the server sent against the official TAXII schema of its family
// (taxii-1.1/ or taxii-1.1.1-draft/) and the project's schema with its extra rules.
func validate(t testing.TB, body []byte) {
	t.Helper()
	if err := validationError(t, body); err != nil {
		t.Fatal(err)
	}
}

// validationError is validate for goroutines other than the test's (it does not stop the test).
func validationError(t testing.TB, body []byte) error {
	dir := schematest.SharedDir(t, "spec", "xsd")
	officialOnce.Do(func() { official, officialErr = xsd11.LoadOfficial(dir) })
	if officialErr != nil {
		return fmt.Errorf("loading official schemas: %v", officialErr)
	}
	res, err := official.Validate(body)
	if err != nil {
		return fmt.Errorf("validator: %v", err)
	}
	if !res.Valid() {
		return fmt.Errorf("message invalid against the official TAXII %s schema: %v\n%s", res.Family, res.Violations, body)
	}
	projectOnce.Do(func() { project, projectErr = xsd11.New() })
	if projectErr != nil {
		return fmt.Errorf("loading the project's schemas: %v", projectErr)
	}
	if res, err = project.Validate(body); err != nil {
		return fmt.Errorf("validator: %v", err)
	}
	if !res.Valid() {
		return fmt.Errorf("message breaks the project's TAXII %s schema and rules: %v\n%s", res.Family, res.Violations, body)
	}
	return nil
}

// tserver is a reference server on a loopback listener.
type tserver struct {
	t      testing.TB
	srv    *Server
	hs     *httptest.Server
	client *http.Client
}

func defaultTestConfig() *config.Config {
	c := config.Default()
	c.TAXII11.Limits.AsyncDelay = 300 * time.Millisecond
	c.TAXII11.Limits.PushRetry = 200 * time.Millisecond
	c.TAXII11.Limits.PushTimeout = 5 * time.Second
	return c
}

func start(t testing.TB, c *config.Config, fs faults.Set, dataDir string) *tserver {
	t.Helper()
	if c == nil {
		c = defaultTestConfig()
	}
	srv, err := New(Options{Config: c, Faults: fs, DataDir: dataDir})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(func() {
		hs.Close()
		if err := srv.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return &tserver{t: t, srv: srv, hs: hs, client: hs.Client()}
}

func startTLS(t testing.TB) *tserver {
	t.Helper()
	srv, err := New(Options{Config: defaultTestConfig()})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewTLSServer(srv)
	t.Cleanup(func() { hs.Close(); _ = srv.Close() })
	return &tserver{t: t, srv: srv, hs: hs, client: hs.Client()}
}

func (ts *tserver) url(path string) string { return ts.hs.URL + path }

// taxiiHeaders sets the headers of a well-formed request in family f.
func taxiiHeaders(h http.Header, f *message.Family, tls bool) {
	h.Set("Content-Type", "application/xml")
	h.Set("Accept", "application/xml")
	h.Set(headerContentType, f.MessageBinding)
	h.Set(headerAccept, f.MessageBinding)
	h.Set(headerServices, f.Services)
	h.Set(headerProtocol, f.Protocol(tls))
}

// raw posts a body; edit may change the headers. It returns the response and its body.
func (ts *tserver) raw(path string, f *message.Family, user string, body []byte, edit func(http.Header)) (*http.Response, []byte) {
	ts.t.Helper()
	req, err := http.NewRequest(http.MethodPost, ts.url(path), bytes.NewReader(body))
	if err != nil {
		ts.t.Fatal(err)
	}
	taxiiHeaders(req.Header, f, strings.HasPrefix(ts.hs.URL, "https"))
	if user != "" {
		req.SetBasicAuth(user, user+"-pw")
	}
	if edit != nil {
		edit(req.Header)
	}
	resp, err := ts.client.Do(req)
	if err != nil {
		ts.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		ts.t.Fatal(err)
	}
	return resp, out
}

// exchange sends m in family f as user (password = user name; "" for anonymous), checks the
// HTTP binding of the answer, validates it against the schema and returns it parsed.
func (ts *tserver) exchange(path string, f *message.Family, user string, m message.Message) message.Message {
	ts.t.Helper()
	if m.Head().MessageID == "" {
		m.Head().MessageID = uuid.NewString()
	}
	resp, body := ts.raw(path, f, user, message.Marshal(f, m), nil)
	if resp.StatusCode != http.StatusOK {
		ts.t.Fatalf("HTTP %d: %s", resp.StatusCode, body)
	}
	checkResponseHeaders(ts.t, resp, f, strings.HasPrefix(ts.hs.URL, "https"))
	got := parseResponse(ts.t, body, f)
	if got.Head().InResponseTo != m.Head().MessageID {
		ts.t.Fatalf("in_response_to %q, want %q", got.Head().InResponseTo, m.Head().MessageID)
	}
	return got
}

func checkResponseHeaders(t testing.TB, resp *http.Response, f *message.Family, tls bool) {
	t.Helper()
	for h, want := range map[string]string{
		"Content-Type":    "application/xml",
		headerContentType: f.MessageBinding,
		headerServices:    f.Services,
		headerProtocol:    f.Protocol(tls),
	} {
		if got := resp.Header.Get(h); got != want {
			t.Errorf("response header %s = %q, want %q", h, got, want)
		}
	}
	if resp.Header.Get(headerAccept) != "" {
		t.Errorf("response carries %s", headerAccept)
	}
}

func parseResponse(t testing.TB, body []byte, f *message.Family) message.Message {
	t.Helper()
	validate(t, body)
	got, gf, err := message.Parse(body)
	if err != nil {
		t.Fatalf("parsing response: %v\n%s", err, body)
	}
	if gf != f {
		t.Fatalf("response in TAXII %s, want %s", gf.Name, f.Name)
	}
	return got
}

// status asserts that m is a Status Message of the given type and returns it.
func status(t testing.TB, m message.Message, typ string) *message.Status {
	t.Helper()
	st, ok := m.(*message.Status)
	if !ok {
		t.Fatalf("got %s, want a %s Status Message", m.Kind(), typ)
	}
	if st.Type != typ {
		t.Fatalf("status %s (%s), want %s", st.Type, st.Message, typ)
	}
	return st
}

func as[T message.Message](t testing.TB, m message.Message) T {
	t.Helper()
	v, ok := m.(T)
	if !ok {
		if st, isSt := m.(*message.Status); isSt {
			t.Fatalf("got Status Message %s: %s", st.Type, st.Message)
		}
		t.Fatalf("got %s", m.Kind())
	}
	return v
}

// both runs f once per version family.
func both(t *testing.T, f func(t *testing.T, fam *message.Family)) {
	for _, fam := range message.Families {
		t.Run(fam.Name, func(t *testing.T) { f(t, fam) })
	}
}

func pollReq(coll string) *message.PollRequest {
	return &message.PollRequest{Collection: coll, Params: &message.PollParams{}}
}

// stixBlock is a small STIX 1.2 content block with a marker in its title.
func stixBlock(binding, title string) message.ContentBlock {
	content := `<stix:STIX_Package xmlns:stix="http://stix.mitre.org/stix-1" id="example:Package-` + uuid.NewString() +
		`" version="1.2" xmlns:example="http://example.com"><stix:STIX_Header><stix:Title>` + title + `</stix:Title></stix:STIX_Header></stix:STIX_Package>`
	return message.ContentBlock{Binding: binding, Content: []byte(content)}
}

// consumer is a TAXII client's Inbox Service on loopback: it records the Inbox Messages pushed
// to it (after checking their HTTP binding and schema) and answers SUCCESS, or FAILURE while
// refuse is set.
type consumer struct {
	t      testing.TB
	hs     *httptest.Server
	mu     sync.Mutex
	got    []*message.Inbox
	fams   []*message.Family
	refuse atomic.Bool
	note   chan struct{}
}

func newConsumer(t testing.TB) *consumer {
	c := &consumer{t: t, note: make(chan struct{}, 1000)}
	c.hs = httptest.NewServer(http.HandlerFunc(c.serve))
	t.Cleanup(c.hs.Close)
	return c
}

func (c *consumer) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	fam := message.ByMessageBinding(r.Header.Get(headerContentType))
	if fam == nil || r.Method != http.MethodPost || r.Header.Get(headerServices) != fam.Services ||
		r.Header.Get(headerProtocol) != fam.ProtocolHTTP || r.Header.Get("Content-Type") != "application/xml" {
		c.t.Errorf("push with bad HTTP binding: %s %v", r.Method, r.Header)
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	if err := validationError(c.t, body); err != nil {
		c.t.Error(err)
	}
	m, mf, err := message.Parse(body)
	in, ok := m.(*message.Inbox)
	if err != nil || !ok || mf != fam {
		c.t.Errorf("pushed message: %v %T", err, m)
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	st := &message.Status{Header: message.Header{MessageID: uuid.NewString(), InResponseTo: in.MessageID}, Type: message.StatusSuccess}
	if c.refuse.Load() {
		st.Type = message.StatusFailure
	} else {
		c.mu.Lock()
		c.got = append(c.got, in)
		c.fams = append(c.fams, fam)
		c.mu.Unlock()
		c.note <- struct{}{}
	}
	taxiiHeaders(w.Header(), fam, false)
	w.Header().Del(headerAccept)
	_, _ = w.Write(message.Marshal(fam, st))
}

// address is the consumer's Inbox Service URL.
func (c *consumer) address() string { return c.hs.URL + "/inbox/" }

// wait returns the messages received once there are at least n, failing after timeout.
func (c *consumer) wait(n int, timeout time.Duration) []*message.Inbox {
	c.t.Helper()
	deadline := time.After(timeout)
	for {
		c.mu.Lock()
		if len(c.got) >= n {
			out := append([]*message.Inbox(nil), c.got...)
			c.mu.Unlock()
			return out
		}
		c.mu.Unlock()
		select {
		case <-c.note:
		case <-deadline:
			c.t.Fatalf("consumer received %d Inbox Messages within %s, want %d", c.count(), timeout, n)
		}
	}
}

func (c *consumer) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.got)
}
