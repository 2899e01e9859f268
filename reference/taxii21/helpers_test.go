package taxii21

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/taxii-conform/taxii-conform/fixtures"
	"github.com/taxii-conform/taxii-conform/reference/config"
	"github.com/taxii-conform/taxii-conform/reference/faults"
)

const (
	taxiiCT = "application/taxii+json;version=2.1"
	intel   = "/api1/collections/" + config.C21Intel + "/"
	public  = "/api1/collections/" + config.C21Public + "/"
	dropBox = "/api1/collections/" + config.C21DropBox + "/"
	shared  = "/trustgroup1/collections/" + config.C21Shared + "/"
)

// taxiiTimestamp is the exact form of section 2.
var taxiiTimestamp = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$`)

// testServer is a reference server on a loopback port.
type testServer struct {
	t   testing.TB
	srv *Server
	url string
}

type serverOption func(*Options)

func withFaults(names ...string) serverOption {
	return func(o *Options) {
		set, err := faults.Parse(strings.Join(names, ","))
		if err != nil {
			panic(err)
		}
		o.Faults = set
	}
}

func withDataDir(dir string) serverOption { return func(o *Options) { o.DataDir = dir } }

func withConfig(edit func(*config.Config)) serverOption {
	return func(o *Options) {
		if o.Config == nil {
			o.Config = config.Default()
		}
		edit(o.Config)
	}
}

func start(t testing.TB, opts ...serverOption) *testServer {
	t.Helper()
	o := Options{}
	for _, f := range opts {
		f(&o)
	}
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s)
	t.Cleanup(func() {
		hs.Close()
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return &testServer{t: t, srv: s, url: hs.URL}
}

// response is a finished exchange.
type response struct {
	*http.Response
	body []byte
}

func (r *response) json(v any) {
	if err := json.Unmarshal(r.body, v); err != nil {
		panic(fmt.Sprintf("body of %s %s is not JSON: %v\n%s", r.Request.Method, r.Request.URL, err, r.body))
	}
}

// obj decodes the body as a JSON object.
func (r *response) obj() map[string]any {
	var m map[string]any
	r.json(&m)
	return m
}

// call sends a request as user (password = user name; "" sends no credentials) with the
// standard TAXII Accept header unless hdr sets another. hdr is "Name: value" pairs; a value of
// "-" removes the header.
func (s *testServer) call(method, path, user string, body []byte, hdr ...string) *response {
	s.t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, s.url+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Accept", taxiiCT)
	if body != nil {
		req.Header.Set("Content-Type", taxiiCT)
	}
	if user != "" {
		req.SetBasicAuth(user, user+"-pw")
	}
	for _, h := range hdr {
		k, v, _ := strings.Cut(h, ":")
		v = strings.TrimSpace(v)
		if v == "-" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	return &response{Response: resp, body: b}
}

func (s *testServer) get(path, user string, hdr ...string) *response {
	s.t.Helper()
	return s.call(http.MethodGet, path, user, nil, hdr...)
}

// expect checks the status and, for every response, the TAXII Content-Type; error responses
// must carry an error resource whose http_status matches.
func expect(t testing.TB, r *response, status int) {
	t.Helper()
	if r.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d\n%s", r.Request.Method, r.Request.URL, r.StatusCode, status, r.body)
	}
	if status == http.StatusNoContent {
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != taxiiCT {
		t.Fatalf("%s %s: Content-Type %q", r.Request.Method, r.Request.URL, ct)
	}
	if status >= 400 && r.Request.Method != http.MethodHead {
		e := r.obj()
		if title, _ := e["title"].(string); title == "" || e["http_status"] != fmt.Sprint(status) {
			t.Fatalf("%s %s: error body %s", r.Request.Method, r.Request.URL, r.body)
		}
	}
}

// post sends an envelope of the given objects.
func (s *testServer) post(path, user string, objs ...any) *response {
	s.t.Helper()
	body, err := json.Marshal(map[string]any{"objects": objs})
	if err != nil {
		s.t.Fatal(err)
	}
	return s.call(http.MethodPost, path+"objects/", user, body)
}

var serial atomic.Int64

// newID makes a fresh STIX id of the given type.
func newID(typ string) string {
	return fmt.Sprintf("%s--00000000-0000-4000-8000-%012d", typ, serial.Add(1))
}

// indicator is a STIX 2.1 (or 2.0) indicator version.
func indicator(id, modified, spec string) map[string]any {
	return map[string]any{
		"type": "indicator", "spec_version": spec, "id": id,
		"created": "2020-01-01T00:00:00.000Z", "modified": modified,
		"pattern": "[ipv4-addr:value = '10.0.0.1']", "pattern_type": "stix", "valid_from": "2020-01-01T00:00:00Z",
	}
}

// envelope is the parts of an envelope (or manifest, or versions resource) tests look at.
type page21 struct {
	More     bool              `json:"more"`
	Next     string            `json:"next"`
	Objects  []json.RawMessage `json:"objects"`
	Versions []string          `json:"versions"`
}

type stixHead struct {
	ID          string `json:"id"`
	Type        string `json:"type"`
	SpecVersion string `json:"spec_version"`
	Modified    string `json:"modified"`
	Created     string `json:"created"`
	DateAdded   string `json:"date_added"` // manifest records
	Version     string `json:"version"`    // manifest records
	MediaType   string `json:"media_type"` // manifest records
}

func heads(t testing.TB, r *response) []stixHead {
	t.Helper()
	var e page21
	r.json(&e)
	out := make([]stixHead, len(e.Objects))
	for i, raw := range e.Objects {
		if err := json.Unmarshal(raw, &out[i]); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// seedObjects reads a built-in seed file.
func seedObjects(t testing.TB, name string) []stixHead {
	t.Helper()
	raw, err := fixtures.STIX21.ReadFile("stix21/" + name + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var e page21
	if err := json.Unmarshal(raw, &e); err != nil {
		t.Fatal(err)
	}
	out := make([]stixHead, len(e.Objects))
	for i, o := range e.Objects {
		_ = json.Unmarshal(o, &out[i])
	}
	return out
}

func ids(hs []stixHead) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.ID)
	}
	return out
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
