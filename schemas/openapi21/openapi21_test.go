package openapi21

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/taxii-conform/taxii-conform/schemas"
	"github.com/taxii-conform/taxii-conform/schemas/schematest"
)

// canned is one answer of the test server.
type canned struct {
	status int
	header map[string]string
	body   string
}

const (
	taxiiCT  = "application/taxii+json;version=2.1"
	collID   = "7b0e2b7c-4d1a-4f7e-9c52-3a8f6e1d2c40"
	statusID = "e3c1a9d2-58b6-4c0f-a1e7-92d4b6f30a18"
	objID    = "indicator--0f6a1c35-7d2e-4b9a-8e41-5c3d2b1a9f07"
	tsFirst  = "2024-03-18T09:15:42.104233Z"
	tsLast   = "2024-03-18T09:15:43.000001Z"
	indObj   = `{"type":"indicator","spec_version":"2.1","id":"` + objID + `","created":"2024-03-18T09:15:40.000Z","modified":"2024-03-18T09:15:40.000Z","pattern":"[ipv4-addr:value = '10.0.0.1']","pattern_type":"stix","valid_from":"2024-03-18T00:00:00Z"}`
)

func ok(status int, body string, extra ...string) canned {
	h := map[string]string{"Content-Type": taxiiCT}
	for i := 0; i+1 < len(extra); i += 2 {
		h[extra[i]] = extra[i+1]
	}
	return canned{status: status, header: h, body: body}
}

// conforming answers of a server with API roots /api1/ and /api1/deep/, keyed "METHOD path".
func conforming() map[string]canned {
	dates := []string{"X-TAXII-Date-Added-First", tsFirst, "X-TAXII-Date-Added-Last", tsLast}
	coll := `{"id":"` + collID + `","title":"Port indicators","can_read":true,"can_write":true}`
	st := `{"id":"` + statusID + `","status":"complete","total_count":1,"success_count":1,"successes":[{"id":"` + objID + `","version":"2024-03-18T09:15:40.000Z"}],"failure_count":0,"pending_count":0}`
	return map[string]canned{
		"GET /taxii2/":                                                         ok(200, `{"title":"Test server","default":"/api1/","api_roots":["/api1/","/api1/deep/"]}`),
		"GET /api1/":                                                           ok(200, `{"title":"Ops","versions":["application/taxii+json;version=2.1"],"max_content_length":1048576}`),
		"GET /api1/deep/":                                                      ok(200, `{"title":"Deep","versions":["application/taxii+json;version=2.1"],"max_content_length":1048576}`),
		"GET /api1/status/" + statusID + "/":                                   ok(200, st),
		"GET /api1/collections/":                                               ok(200, `{"collections":[`+coll+`]}`),
		"GET /api1/deep/collections/":                                          ok(200, `{}`),
		"GET /api1/collections/" + collID + "/":                                ok(200, coll),
		"GET /api1/collections/" + collID + "/manifest/":                       ok(200, `{"objects":[{"id":"`+objID+`","date_added":"`+tsFirst+`","version":"2024-03-18T09:15:40.000Z","media_type":"application/stix+json;version=2.1"}]}`, dates...),
		"GET /api1/collections/" + collID + "/objects/":                        ok(200, `{"more":false,"objects":[`+indObj+`]}`, dates...),
		"POST /api1/collections/" + collID + "/objects/":                       ok(202, st),
		"GET /api1/collections/" + collID + "/objects/" + objID + "/":          ok(200, `{"objects":[`+indObj+`]}`, dates...),
		"DELETE /api1/collections/" + collID + "/objects/" + objID + "/":       ok(200, ``),
		"GET /api1/collections/" + collID + "/objects/" + objID + "/versions/": ok(200, `{"versions":["2024-03-18T09:15:40.000Z"]}`, dates...),
	}
}

// server answers from routes; anything else is a TAXII 404.
func server(t testing.TB, routes map[string]canned) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		c, found := routes[r.Method+" "+r.URL.Path]
		if !found {
			c = ok(404, `{"title":"Not found","http_status":"404"}`)
		}
		for k, v := range c.header {
			if v == "" {
				continue
			}
			w.Header().Set(k, v)
		}
		w.WriteHeader(c.status)
		_, _ = io.WriteString(w, c.body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

var (
	sharedOnce sync.Once
	shared     *Validator
	sharedErr  error
)

func validator(t testing.TB) *Validator {
	sharedOnce.Do(func() { shared, sharedErr = New() })
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return shared
}

// call sends one request over real HTTP and returns the recorded exchange.
func call(t testing.TB, srv *httptest.Server, method, path string, header map[string]string, body string) Exchange {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", taxiiCT)
	if body != "" {
		req.Header.Set("Content-Type", taxiiCT)
	}
	for k, v := range header {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	client := srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	respBody, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return FromHTTP(req, []byte(body), resp, respBody, []string{"/api1/", "/api1/deep/"})
}

// pairs renders violations as "requirement at location", sorted.
func pairs(vs []schemas.Violation) []string {
	var out []string
	for _, v := range vs {
		out = append(out, v.Requirement+" at "+v.Location)
	}
	sort.Strings(out)
	return out
}

func expect(t *testing.T, what string, vs []schemas.Violation, want ...string) {
	t.Helper()
	sort.Strings(want)
	got := pairs(vs)
	if len(want) == 0 && len(got) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got: %v\nwant: %v", what, got, want)
		for _, v := range vs {
			t.Logf("  %s (rule %s)", v, v.Rule)
		}
	}
	for _, v := range vs {
		if v.Message == "" || v.Schema == "" {
			t.Errorf("%s: incomplete violation %+v", what, v)
		}
	}
}

func TestConformingExchangesPass(t *testing.T) {
	v := validator(t)
	routes := conforming()
	srv := server(t, routes)
	for key := range routes {
		method, path, _ := strings.Cut(key, " ")
		body := ""
		if method == http.MethodPost {
			body = `{"objects":[` + indObj + `]}`
		}
		x := call(t, srv, method, path, nil, body)
		expect(t, key, v.Exchange(x))
	}
	// Filters, error answers with and without bodies, and undocumented error codes.
	base := "/api1/collections/" + collID
	for _, c := range []struct{ method, path string }{
		{"GET", base + "/objects/?added_after=" + tsFirst + "&limit=10&next=abc&match[type]=indicator,malware&match[id]=" + objID + "&match[version]=first,last&match[spec_version]=2.0,2.1"},
		{"GET", base + "/manifest/?match[version]=all&limit=1"},
		{"GET", base + "/objects/" + objID + "/?match[version]=2024-03-18T09:15:40.000Z"},
		{"GET", "/api1/collections/unknown/"},
	} {
		x := call(t, srv, c.method, c.path, nil, "")
		expect(t, c.method+" "+c.path, v.Exchange(x))
	}
	errs := server(t, map[string]canned{
		"GET /api1/collections/":                         {status: 500},
		"GET /api1/":                                     {status: 503, header: map[string]string{"Retry-After": "5"}},
		"GET /taxii2/":                                   ok(401, `{"title":"Who are you?","http_status":"401"}`, "WWW-Authenticate", `Basic realm="taxii"`),
		"GET /api1/status/" + statusID + "/":             ok(404, ``),
		"POST /api1/collections/" + collID + "/objects/": ok(413, `{"title":"Too large"}`),
	})
	for _, key := range []string{"GET /api1/collections/", "GET /api1/", "GET /taxii2/", "GET /api1/status/" + statusID + "/", "POST /api1/collections/" + collID + "/objects/"} {
		method, path, _ := strings.Cut(key, " ")
		body := ""
		if method == http.MethodPost {
			body = `{"objects":[` + indObj + `]}`
		}
		expect(t, "error answer "+key, v.Exchange(call(t, errs, method, path, nil, body)))
	}
}

func TestEndpointsOutsideTheDocument(t *testing.T) {
	v := validator(t)
	srv := server(t, conforming())
	// No endpoint: nothing can be checked, and no requirement is blamed.
	for _, c := range []struct{ method, path string }{
		{"GET", "/api1/collections/" + collID + "/objects/" + objID + "/extra/"},
		{"PUT", "/api1/collections/"},
		{"GET", "/elsewhere/collections/"},
	} {
		vs := v.Exchange(call(t, srv, c.method, c.path, nil, ""))
		if len(vs) != 1 || vs[0].Requirement != "" || !strings.Contains(vs[0].Message, "not checked") {
			t.Errorf("%s %s: %v", c.method, c.path, vs)
		}
	}
	// A path without its trailing slash breaks a client requirement.
	expect(t, "no trailing slash", v.Exchange(call(t, srv, "GET", "/api1/collections", nil, "")), "T21-3.1-01 at request.url")
	expect(t, "API root without trailing slash", v.Exchange(call(t, srv, "GET", "/api1", nil, "")), "T21-3.1-01 at request.url")
}

func TestResponseRejections(t *testing.T) {
	v := validator(t)
	base := "/api1/collections/" + collID
	cases := []struct {
		name, method, path string
		answer             canned
		want               []string
	}{
		{"status the endpoint does not define", "POST", base + "/objects/", ok(201, `{}`), []string{"T21-5.5-07 at response.status"}},
		{"204 to DELETE", "DELETE", base + "/objects/" + objID + "/", canned{status: 204}, []string{"T21-5.7-11 at response.status"}},
		{"redirect to discovery", "GET", "/taxii2/", canned{status: 302, header: map[string]string{"Location": "/taxii2/"}}, []string{"T21-4.1-02 at response.status"}},
		{"date headers missing", "GET", base + "/objects/", ok(200, `{"objects":[{"type":"indicator","spec_version":"2.1","id":"indicator--b41e9c7a-2f63-4d58-a0c9-1e7f3b5d8a26","created":"2024-03-18T09:15:42.104000Z","modified":"2024-03-18T09:15:42.104000Z"}]}`), []string{"T21-3.2-05 at response.header.X-TAXII-Date-Added-First", "T21-3.2-08 at response.header.X-TAXII-Date-Added-Last"}},
		{"date headers missing on an empty page", "GET", base + "/objects/", ok(200, `{}`), nil},
		{"date header with milliseconds", "GET", base + "/manifest/", ok(200, `{}`, "X-TAXII-Date-Added-First", "2024-03-18T09:15:42.104Z", "X-TAXII-Date-Added-Last", tsLast), []string{"T21-3.2-04 at response.header.X-TAXII-Date-Added-First"}},
		{"date header not UTC", "GET", base + "/objects/" + objID + "/versions/", ok(200, `{}`, "X-TAXII-Date-Added-First", tsFirst, "X-TAXII-Date-Added-Last", "2024-03-18T10:15:43.000001+01:00"), []string{"T21-3.2-07 at response.header.X-TAXII-Date-Added-Last"}},
		{"application/json", "GET", "/taxii2/", canned{status: 200, header: map[string]string{"Content-Type": "application/json"}, body: `{"title":"t"}`}, []string{"T21-4.1-03 at response.header.Content-Type"}},
		{"no Content-Type", "GET", "/api1/collections/", canned{status: 200, body: `{}`}, []string{"T21-5.1-03 at response.header.Content-Type"}},
		{"version parameter missing", "GET", "/api1/", ok(200, `{"title":"Ops","versions":["application/taxii+json;version=2.1"],"max_content_length":1}`, "Content-Type", "application/taxii+json"), []string{"T21-3.1-09 at response.header.Content-Type"}},
		{"version 2.0", "GET", base + "/", ok(200, `{"id":"`+collID+`","title":"t","can_read":true,"can_write":false}`, "Content-Type", "application/taxii+json; version=2.0"), []string{"T21-3.1-09 at response.header.Content-Type"}},
		{"Content-Type of DELETE", "DELETE", base + "/objects/" + objID + "/", canned{status: 200, header: map[string]string{"Content-Type": "text/plain"}}, []string{"T21-5.7-12 at response.header.Content-Type"}},
		{"error answer as HTML", "GET", "/api1/status/" + statusID + "/", canned{status: 404, header: map[string]string{"Content-Type": "text/html"}, body: "<h1>404</h1>"}, []string{"T21-4.3-10 at response.header.Content-Type", "T21-4.3-10 at response.body#"}},
		{"server error as HTML", "GET", base + "/", canned{status: 502, header: map[string]string{"Content-Type": "text/html"}, body: "<h1>bad gateway</h1>"}, []string{"T21-5.2-07 at response.header.Content-Type", "T21-5.2-07 at response.body#"}},
		{"body not matching", "GET", "/taxii2/", ok(200, `{"description":"no title","api_roots":["http://insecure.example/a/"]}`), []string{"T21-4.1.1-01 at response.body#/title", "T21-4.1.1-05 at response.body#/api_roots/0"}},
		{"envelope with a bad object", "GET", base + "/objects/" + objID + "/", ok(200, `{"objects":[{"type":"indicator","id":"malware--b41e9c7a-2f63-4d58-a0c9-1e7f3b5d8a26"}]}`, "X-TAXII-Date-Added-First", tsFirst, "X-TAXII-Date-Added-Last", tsLast), []string{"T21-3.7-03 at response.body#/objects/0/id"}},
		{"no body", "GET", "/api1/collections/", ok(200, ``), []string{"T21-5.1-04 at response.body"}},
		{"body not JSON", "GET", "/api1/status/" + statusID + "/", ok(200, `status: complete`), []string{"T21-4.3-06 at response.body#"}},
		{"status body on POST without counts", "POST", base + "/objects/", ok(202, `{"id":"`+statusID+`","status":"pending"}`), []string{"T21-4.3.1-09 at response.body#/total_count", "T21-4.3.1-12 at response.body#/success_count", "T21-4.3.1-14 at response.body#/failure_count", "T21-4.3.1-16 at response.body#/pending_count"}},
		{"error http_status differs", "GET", base + "/manifest/", ok(403, `{"title":"No","http_status":"404"}`), []string{"T21-3.6.1-02 at response.body#/http_status"}},
		{"error without title", "GET", base + "/manifest/", ok(400, `{"description":"bad filter"}`), []string{"T21-3.6.1-01 at response.body#/title"}},
		{"401 without challenge", "GET", "/api1/collections/", ok(401, `{"title":"Who are you?"}`), []string{"T21-3.2-02 at response.header.WWW-Authenticate"}},
		{"one date header missing", "GET", base + "/objects/" + objID + "/versions/", canned{status: 200, header: map[string]string{"Content-Type": taxiiCT, "X-TAXII-Date-Added-Last": tsLast}, body: `{"versions":["2024-03-18T09:15:42.104000Z"]}`}, []string{"T21-3.2-05 at response.header.X-TAXII-Date-Added-First"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := server(t, map[string]canned{c.method + " " + strings.SplitN(c.path, "?", 2)[0]: c.answer})
			body := ""
			if c.method == http.MethodPost {
				body = `{"objects":[` + indObj + `]}`
			}
			x := call(t, srv, c.method, c.path, nil, body)
			expect(t, c.name, v.Exchange(x), c.want...)
			expect(t, c.name+" (response only)", v.Response(x), c.want...)
		})
	}
}

func TestRepeatedHeaderValue(t *testing.T) {
	v := validator(t)
	h := http.Header{}
	h.Set("Content-Type", taxiiCT)
	h.Add("X-TAXII-Date-Added-First", tsFirst)
	h.Add("X-TAXII-Date-Added-First", tsLast)
	h.Set("X-TAXII-Date-Added-Last", tsLast)
	x := Exchange{Method: "GET", URL: "http://127.0.0.1:9/api1/collections/" + collID + "/objects/", APIRoots: []string{"/api1/"},
		RequestHeader: http.Header{"Accept": {taxiiCT}}, Status: 200, ResponseHeader: h, ResponseBody: []byte(`{}`)}
	expect(t, "two First headers", v.Exchange(x), "T21-3.2-04 at response.header.X-TAXII-Date-Added-First")
}

func TestRequestRejections(t *testing.T) {
	v := validator(t)
	srv := server(t, conforming())
	base := "/api1/collections/" + collID
	env := `{"objects":[` + indObj + `]}`
	cases := []struct {
		name, method, path string
		header             map[string]string
		body               string
		want               []string
	}{
		{"no Accept", "GET", "/api1/", map[string]string{"Accept": ""}, "", []string{"T21-3.1-04 at request.header.Accept"}},
		{"Accept without TAXII", "GET", "/api1/", map[string]string{"Accept": "application/json, */*;q=0.1"}, "", []string{"T21-3.1-05 at request.header.Accept"}},
		{"Accept without version", "GET", "/api1/", map[string]string{"Accept": "application/taxii+json"}, "", []string{"T21-3.1-07 at request.header.Accept"}},
		{"bad added_after", "GET", base + "/objects/?added_after=2024-03-18", nil, "", []string{"T21-3.4-05 at request.query.added_after"}},
		{"added_after twice", "GET", base + "/objects/?added_after=" + tsFirst + "&added_after=" + tsLast, nil, "", []string{"T21-3.4-04 at request.query.added_after"}},
		{"limit zero", "GET", base + "/manifest/?limit=0", nil, "", []string{"T21-3.4-07 at request.query.limit"}},
		{"limit not a number", "GET", base + "/manifest/?limit=ten", nil, "", []string{"T21-3.4-07 at request.query.limit"}},
		{"match[type] twice", "GET", base + "/objects/?match[type]=indicator&match[type]=malware", nil, "", []string{"T21-3.4-15 at request.query.match[type]"}},
		{"all with last", "GET", base + "/objects/?match[version]=all,last", nil, "", []string{"T21-3.4.1-15 at request.query.match[version]"}},
		{"first twice", "GET", base + "/objects/?match[version]=first,first", nil, "", []string{"T21-3.4.1-09 at request.query.match[version]"}},
		{"same version twice", "GET", base + "/manifest/?match[version]=2024-03-18T09:15:40.000Z,2024-03-18T09:15:40.000Z", nil, "", []string{"T21-3.4.1-10 at request.query.match[version]"}},
		{"status id not a UUID", "GET", "/api1/status/42/", nil, "", []string{"T21-2-03 at request.path.status-id"}},
		{"POST without Content-Type", "POST", base + "/objects/", map[string]string{"Content-Type": ""}, env, []string{"T21-3.1-16 at request.body"}},
		{"POST as application/json", "POST", base + "/objects/", map[string]string{"Content-Type": "application/json"}, env, []string{"T21-3.1-16 at request.body"}},
		{"POST without body", "POST", base + "/objects/", nil, "", []string{"T21-5.5-06 at request.body"}},
		{"POST of a bare object", "POST", base + "/objects/", nil, indObj, []string{"T21-7.1.1-04 at request.body#/type", "T21-7.1.1-04 at request.body#/spec_version", "T21-7.1.1-04 at request.body#/created", "T21-7.1.1-04 at request.body#/modified", "T21-7.1.1-04 at request.body#/pattern", "T21-7.1.1-04 at request.body#/pattern_type", "T21-7.1.1-04 at request.body#/valid_from", "T21-7.1.1-05 at request.body#/id"}},
		{"POST of an empty envelope", "POST", base + "/objects/", nil, `{"objects":[]}`, []string{"T21-2-08 at request.body#/objects"}},
		{"POST of broken JSON", "POST", base + "/objects/", nil, `{"objects":[`, []string{"T21-5.5-06 at request.body"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x := call(t, srv, c.method, c.path, c.header, c.body)
			expect(t, c.name, v.Request(x), c.want...)
			expect(t, c.name+" (whole exchange)", v.Exchange(x), c.want...)
			expect(t, c.name+" (response only)", v.Response(x))
		})
	}
}

func TestURLMapping(t *testing.T) {
	cases := []struct {
		url, discovery string
		roots          []string
		want           string
		ok             bool
	}{
		{"https://h.example/taxii2/", "", nil, "/taxii2/", true},
		{"https://h.example/api1/collections/", "", []string{"/api1/"}, "/collections/", true},
		{"https://h.example/api1/", "", []string{"https://h.example/api1/"}, "/", true},
		{"https://h.example:443/api1/", "", []string{"https://H.EXAMPLE/api1/"}, "/", true},
		{"https://h.example/api1/deep/collections/", "", []string{"/api1/", "/api1/deep/"}, "/collections/", true},
		{"https://h.example/api1/deep/collections/", "", []string{"/api1/deep/", "/api1/"}, "/collections/", true},
		{"https://h.example/api1/collections/", "", []string{"https://other.example/api1/"}, "", false},
		{"https://h.example:8443/api1/collections/", "", []string{"https://h.example/api1/"}, "", false},
		{"http://h.example/api1/collections/", "", []string{"https://h.example/api1/"}, "", false},
		{"https://h.example/api1", "", []string{"/api1/"}, "", true},
		{"https://h.example/api10/collections/", "", []string{"/api1"}, "", false},
		{"https://h.example/root/taxii2/", "/root/taxii2/", nil, "/taxii2/", true},
		{"https://h.example/taxii2/", "/root/taxii2/", nil, "", false},
		{"https://h.example/", "", []string{"https://h.example/"}, "/", true},
		{"https://h.example/taxii2/", "", []string{"https://h.example/"}, "/taxii2/", true},
		{"https://h.example/api%2F1/collections/", "", []string{"/api/1/"}, "", false},
	}
	for _, c := range cases {
		u := mustParse(t, c.url)
		got, ok := mapPath(u, c.discovery, c.roots)
		if got != c.want || ok != c.ok {
			t.Errorf("%s (discovery %q, roots %v): got %q %v, want %q %v", c.url, c.discovery, c.roots, got, ok, c.want, c.ok)
		}
	}
}

func TestMediaTypeMatching(t *testing.T) {
	good := []string{
		"application/taxii+json;version=2.1",
		"application/taxii+json; version=2.1",
		"Application/TAXII+JSON;Version=2.1",
		`application/taxii+json;version="2.1"`,
		"application/taxii+json ; version=2.1",
		"application/taxii+json;charset=utf-8;version=2.1",
	}
	for _, ct := range good {
		if p, _ := mediaProblem(ct, MediaTAXII, Version); p != "" {
			t.Errorf("%q rejected: %s", ct, p)
		}
	}
	bad := map[string]bool{ // value: only the version is at fault
		"":                                               false,
		"application/json":                               false,
		"application/stix+json;version=2.1":              false,
		"application/taxii+json":                         true,
		"application/taxii+json;version=2.0":             true,
		"application/taxii+json;version=2.1.0":           true,
		"application/taxii+json;version=":                true,
		"application/taxii+json;version=2.1;version=2.0": false, // mime rejects the whole value
		"taxii+json":                                     false,
	}
	for ct, versionOnly := range bad {
		p, vo := mediaProblem(ct, MediaTAXII, Version)
		if p == "" || vo != versionOnly {
			t.Errorf("%q: problem %q, version only %v (want %v)", ct, p, vo, versionOnly)
		}
	}
	ranges := parseAccept([]string{`application/taxii+json;version=2.1, application/stix+json;version="2,1";q=0.5`, "*/*"})
	if len(ranges) != 3 || ranges[1].params["version"] != "2,1" || ranges[2].mediaType != "*/*" {
		t.Errorf("Accept ranges: %+v", ranges)
	}
}

func TestBadInputIsNotBlamedOnTheServer(t *testing.T) {
	v := validator(t)
	for _, x := range []Exchange{
		{URL: "https://h.example/taxii2/", Status: 200},
		{Method: "GET", URL: "::not a url", Status: 200},
		{Method: "GET", URL: "/taxii2/", Status: 200},
		{Method: "GET", URL: "https://h.example/taxii2/", Status: 42},
	} {
		vs := v.Exchange(x)
		if len(vs) != 1 || vs[0].Requirement != "" || !strings.Contains(vs[0].Message, "cannot check") {
			t.Errorf("%+v: %v", x, vs)
		}
		if _, err := v.Check(x, true, true); err == nil {
			t.Errorf("%+v: Check gave no error", x)
		}
	}
}

func TestValidatorIsSafeForConcurrentUse(t *testing.T) {
	v := validator(t)
	srv := server(t, conforming())
	good := call(t, srv, "GET", "/api1/collections/"+collID+"/objects/", nil, "")
	bad := call(t, srv, "GET", "/api1/collections/"+collID+"/objects/?limit=0", map[string]string{"Accept": "application/json"}, "")
	schematest.Concurrently(t, 16, 25, func(g, r int) string {
		x, want := good, 0
		if (g+r)%2 == 1 {
			x, want = bad, 2
		}
		if vs := v.Exchange(x); len(vs) != want {
			return fmt.Sprint(vs)
		}
		return ""
	})
}

func BenchmarkExchangeEnvelope1000(b *testing.B) {
	v := validator(b)
	body := []byte(`{"more":true,"next":"p2","objects":` + schematest.Indicators(1000) + `}`)
	h := http.Header{}
	h.Set("Content-Type", taxiiCT)
	h.Set("X-TAXII-Date-Added-First", tsFirst)
	h.Set("X-TAXII-Date-Added-Last", tsLast)
	x := Exchange{Method: "GET", URL: "https://h.example/api1/collections/" + collID + "/objects/?limit=1000&match[type]=indicator",
		APIRoots: []string{"/api1/"}, RequestHeader: http.Header{"Accept": {taxiiCT}}, Status: 200, ResponseHeader: h, ResponseBody: body}
	if vs := v.Exchange(x); len(vs) != 0 {
		b.Fatal(vs)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		v.Exchange(x)
	}
}
