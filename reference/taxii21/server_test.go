package taxii21

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/taxii-conform/taxii-conform/reference/config"
)

func TestDiscovery(t *testing.T) {
	s := start(t)
	r := s.get("/taxii2/", "reader")
	expect(t, r, http.StatusOK)
	d := r.obj()
	roots, _ := d["api_roots"].([]any)
	if d["title"] == "" || len(roots) != 2 || roots[0] != "/api1/" || roots[1] != "/trustgroup1/" || d["default"] != "/api1/" {
		t.Errorf("discovery %s", r.body)
	}
	// The trailing slash is optional, on every endpoint.
	expect(t, s.get("/taxii2", "reader"), http.StatusOK)
	// An account with no right anywhere has no API root to discover.
	expect(t, s.get("/taxii2/", "nobody"), http.StatusForbidden)
	// Each account sees the roots it may use; default only when among them.
	only := start(t, withConfig(func(c *config.Config) {
		c.Accounts = append(c.Accounts, config.Account{Username: "tg", Password: "tg-pw",
			Permissions: map[string]config.Permission{config.C21Shared: config.Read}})
	}))
	r = only.get("/taxii2/", "tg")
	expect(t, r, http.StatusOK)
	if string(r.body) != `{"title":"taxii-conform reference server","description":"TAXII 2.1 reference server of the taxii-conform harness.","contact":"https://github.com/taxii-conform/taxii-conform","api_roots":["/trustgroup1/"]}` {
		t.Errorf("filtered discovery %s", r.body)
	}
	expect(t, only.get("/api1/", "tg"), http.StatusForbidden)
	expect(t, only.get("/trustgroup1/", "tg"), http.StatusOK)
	// Discovery requires credentials unless configured public.
	expect(t, s.get("/taxii2/", ""), http.StatusUnauthorized)
	p := start(t, withConfig(func(c *config.Config) { c.TAXII21.PublicDiscovery = true }))
	expect(t, p.get("/taxii2/", ""), http.StatusOK)
	expect(t, p.get("/api1/", ""), http.StatusUnauthorized)
}

func TestAPIRoot(t *testing.T) {
	s := start(t)
	for root, limit := range map[string]float64{"/api1/": config.DefaultMaxContentLength, "/trustgroup1/": 1 << 20} {
		expect(t, s.get(root, "nobody"), http.StatusForbidden)
		r := s.get(root, "reader")
		expect(t, r, http.StatusOK)
		a := r.obj()
		vs, _ := a["versions"].([]any)
		if a["title"] == "" || len(vs) != 1 || vs[0] != taxiiCT || a["max_content_length"] != limit {
			t.Errorf("%s: %s", root, r.body)
		}
	}
}

func TestUnknownPaths(t *testing.T) {
	s := start(t)
	for _, p := range []string{
		"/", "/taxii2/x/", "/taxii/", "/nope/", "/api1/nope/", "/api1/collections/x/y/",
		"/api1/collections/" + config.C21Intel + "/objects/x/y/", "//taxii2/", "/api1//collections/",
		"/api1/status/", "/api1/status/a/b/", "/API1/",
	} {
		for _, user := range []string{"", "admin"} {
			expect(t, s.get(p, user), http.StatusNotFound)
		}
	}
}

func TestMethods(t *testing.T) {
	s := start(t)
	r := s.call(http.MethodPut, "/taxii2/", "admin", []byte("{}"))
	expect(t, r, http.StatusMethodNotAllowed)
	if r.Header.Get("Allow") != "GET, HEAD, OPTIONS" {
		t.Errorf("Allow %q", r.Header.Get("Allow"))
	}
	expect(t, s.call(http.MethodDelete, intel+"objects/", "admin", nil), http.StatusMethodNotAllowed)
	expect(t, s.call(http.MethodPost, intel+"manifest/", "admin", []byte("{}")), http.StatusMethodNotAllowed)
	expect(t, s.call("E", "/taxii2/", "admin", nil), http.StatusMethodNotAllowed)

	r = s.call(http.MethodOptions, intel+"objects/", "", nil)
	expect(t, r, http.StatusNoContent)
	if r.Header.Get("Allow") != "GET, HEAD, POST, OPTIONS" {
		t.Errorf("OPTIONS Allow %q", r.Header.Get("Allow"))
	}
	r = s.call(http.MethodHead, intel+"objects/", "reader", nil)
	expect(t, r, http.StatusOK)
	if len(r.body) != 0 || r.Header.Get("X-TAXII-Date-Added-Last") == "" {
		t.Errorf("HEAD: body %q, headers %v", r.body, r.Header)
	}
	expect(t, s.call(http.MethodHead, "/nope/", "reader", nil), http.StatusNotFound)
}

func TestAuthentication(t *testing.T) {
	s := start(t)
	paths := []string{"/api1/", "/api1/collections/", intel, intel + "objects/", intel + "manifest/",
		"/api1/status/2d086da7-4bdc-4f91-900e-d77486753710/"}
	for _, p := range paths {
		for _, creds := range [][2]string{{"", ""}, {"reader", "wrong"}, {"ghost", "ghost"}, {"reader", ""}} {
			req, _ := http.NewRequest(http.MethodGet, s.url+p, nil)
			req.Header.Set("Accept", taxiiCT)
			if creds[0] != "" {
				req.SetBasicAuth(creds[0], creds[1])
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Basic ") ||
				resp.Header.Get("Content-Type") != taxiiCT {
				t.Errorf("%s as %v: %d, challenge %q", p, creds, resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
			}
		}
	}
	r := s.call(http.MethodPost, intel+"objects/", "", []byte(`{"objects":[]}`))
	expect(t, r, http.StatusUnauthorized)
	expect(t, s.call(http.MethodDelete, intel+"objects/x/", "", nil), http.StatusUnauthorized)
	// A non-Basic scheme is no credential at all.
	expect(t, s.get("/api1/", "", "Authorization: Bearer abc"), http.StatusUnauthorized)
}

func TestAccept(t *testing.T) {
	s := start(t)
	ok := []string{taxiiCT, "application/taxii+json", "*/*", "application/*", "application/taxii+json;version=2.1,application/stix+json;version=2.1",
		"text/html;q=0.9, application/taxii+json;q=0.1", "APPLICATION/TAXII+JSON; VERSION=2.1"}
	bad := []string{"-", "application/json", "application/taxii+json;version=2.0", "application/stix+json;version=2.1",
		"text/plain", "application/taxii+json;q=0", "application/vnd.oasis.taxii+json;version=2.0"}
	for _, p := range []string{"/taxii2/", "/api1/", "/api1/collections/", intel, intel + "objects/", intel + "manifest/"} {
		for _, a := range ok {
			expect(t, s.get(p, "reader", "Accept: "+a), http.StatusOK)
		}
		for _, a := range bad {
			expect(t, s.get(p, "reader", "Accept: "+a), http.StatusNotAcceptable)
		}
	}
	// Authentication is checked first.
	expect(t, s.get("/api1/", "", "Accept: text/plain"), http.StatusUnauthorized)
}

func TestContentType(t *testing.T) {
	s := start(t)
	body := fmt.Appendf(nil, `{"objects":[%s]}`, mustJSON(indicator(newID("indicator"), "2020-01-01T00:00:00.000Z", "2.1")))
	for _, ct := range []string{taxiiCT, "application/taxii+json", "application/taxii+json; version=2.1; charset=utf-8"} {
		expect(t, s.call(http.MethodPost, intel+"objects/", "writer", body, "Content-Type: "+ct), http.StatusAccepted)
	}
	for _, ct := range []string{"-", "application/json", "application/stix+json;version=2.1", "application/taxii+json;version=2.0",
		"text/plain", "application/taxii+json;charset=latin1", "application/x-www-form-urlencoded"} {
		expect(t, s.call(http.MethodPost, intel+"objects/", "writer", body, "Content-Type: "+ct), http.StatusUnsupportedMediaType)
	}
	// A POST must accept TAXII too.
	expect(t, s.call(http.MethodPost, intel+"objects/", "writer", body, "Accept: application/json"), http.StatusNotAcceptable)
}

func TestCollectionsPerAccount(t *testing.T) {
	s := start(t)
	type view struct {
		id          string
		read, write bool
	}
	want := map[string][]view{
		"admin":  {{config.C21Intel, true, true}, {config.C21Public, true, true}, {config.C21DropBox, true, true}},
		"writer": {{config.C21Intel, true, true}, {config.C21Public, true, false}, {config.C21DropBox, false, true}},
		"reader": {{config.C21Intel, true, false}, {config.C21Public, true, false}},
		"nobody": nil,
	}
	for user, views := range want {
		for range 2 { // the order is the same every time
			r := s.get("/api1/collections/", user)
			expect(t, r, http.StatusOK)
			var list struct {
				Collections []collectionResource `json:"collections"`
			}
			r.json(&list)
			if views == nil && string(r.body) != "{}" {
				t.Errorf("%s: collections %s, want {}", user, r.body)
			}
			var got []view
			for _, c := range list.Collections {
				got = append(got, view{c.ID, c.CanRead, c.CanWrite})
				if !slices.Contains(c.MediaTypes, "application/stix+json;version=2.1") || c.Title == "" {
					t.Errorf("%s: collection %+v", user, c)
				}
				one := s.get("/api1/collections/"+c.ID+"/", user)
				expect(t, one, http.StatusOK)
				var single collectionResource
				one.json(&single)
				if fmt.Sprint(single) != fmt.Sprint(c) {
					t.Errorf("%s: GET collection %+v differs from the listed %+v", user, single, c)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(views) {
				t.Errorf("%s: collections %v, want %v", user, got, views)
			}
		}
	}
	// Aliases work as ids.
	r := s.get("/api1/collections/intel/", "reader")
	expect(t, r, http.StatusOK)
	if r.obj()["id"] != config.C21Intel {
		t.Errorf("alias: %s", r.body)
	}
	expect(t, s.get("/api1/collections/shared/", "reader"), http.StatusNotFound) // another root's alias
	expect(t, s.get("/api1/collections/"+config.C21Shared+"/", "admin"), http.StatusNotFound)
	expect(t, s.get("/trustgroup1/collections/"+config.C21Shared+"/", "admin"), http.StatusOK)
}

// TestAuthMatrix checks every account against every collection and endpoint: a collection
// without rights is 404, reading without can_read and writing without can_write 403, and
// DELETE as the table of section 5.7 says.
func TestAuthMatrix(t *testing.T) {
	s := start(t)
	cfg := config.Default()
	collections := map[string]string{config.C21Intel: intel, config.C21Public: public, config.C21DropBox: dropBox, config.C21Shared: shared}
	seeds := map[string]string{config.C21Intel: "intel", config.C21Public: "public", config.C21DropBox: "drop-box", config.C21Shared: "shared"}
	for _, a := range cfg.Accounts {
		for id, path := range collections {
			p := a.Can(id)
			read, write := p.CanRead(), p.CanWrite()
			visible := read || write
			code := func(allowed bool, ok int) int {
				switch {
				case !visible:
					return http.StatusNotFound
				case !allowed:
					return http.StatusForbidden
				}
				return ok
			}
			obj := seedObjects(t, seeds[id])[1].ID
			for _, c := range []struct {
				method, path string
				want         int
			}{
				{http.MethodGet, path, code(true, 200)},
				{http.MethodGet, path + "objects/", code(read, 200)},
				{http.MethodGet, path + "manifest/", code(read, 200)},
				{http.MethodGet, path + "objects/" + obj + "/", code(read, 200)},
				{http.MethodGet, path + "objects/" + obj + "/versions/", code(read, 200)},
			} {
				r := s.call(c.method, c.path, a.Username, nil)
				if r.StatusCode != c.want {
					t.Errorf("%s %s as %s: %d, want %d", c.method, c.path, a.Username, r.StatusCode, c.want)
				}
				expect(t, r, r.StatusCode)
			}
			r := s.post(path, a.Username, indicator(newID("indicator"), "2020-01-01T00:00:00.000Z", "2.1"))
			if want := code(write, http.StatusAccepted); r.StatusCode != want {
				t.Errorf("POST %s as %s: %d, want %d", path, a.Username, r.StatusCode, want)
			}
			// DELETE of an object that does not exist tells the rights apart without
			// destroying seed data: 404 from the table, 403, or 404 for the missing object.
			want := code(read && write, http.StatusNotFound)
			r = s.call(http.MethodDelete, path+"objects/"+newID("indicator")+"/", a.Username, nil)
			if r.StatusCode != want {
				t.Errorf("DELETE in %s as %s: %d, want %d", path, a.Username, r.StatusCode, want)
			}
			expect(t, r, r.StatusCode)
		}
	}
}

func TestStatusVisibility(t *testing.T) {
	s := start(t)
	r := s.post(intel, "writer", indicator(newID("indicator"), "2020-01-01T00:00:00.000Z", "2.1"))
	expect(t, r, http.StatusAccepted)
	id := r.obj()["id"].(string)
	got := s.get("/api1/status/"+id+"/", "writer")
	expect(t, got, http.StatusOK)
	if string(got.body) != string(r.body) {
		t.Errorf("status read back differs:\n%s\n%s", got.body, r.body)
	}
	expect(t, s.get("/api1/status/"+id+"/", "admin"), http.StatusOK)
	expect(t, s.get("/api1/status/"+id+"/", "reader"), http.StatusNotFound)
	expect(t, s.get("/trustgroup1/status/"+id+"/", "writer"), http.StatusNotFound)
	expect(t, s.get("/api1/status/2d086da7-4bdc-4f91-900e-d77486753710/", "writer"), http.StatusNotFound)
	expect(t, s.get("/api1/status/not-a-uuid/", "writer"), http.StatusNotFound)
	expect(t, s.get("/api1/status/"+id+"/", ""), http.StatusUnauthorized)
}

func TestConfigValidation(t *testing.T) {
	for name, edit := range map[string]func(*config.Config){
		"reserved root": func(c *config.Config) { c.TAXII21.APIRoots[0].Name = "taxii2" },
		"bad root":      func(c *config.Config) { c.TAXII21.APIRoots[0].Name = "a/b" },
		"dup root":      func(c *config.Config) { c.TAXII21.APIRoots[1].Name = "api1" },
		"no title":      func(c *config.Config) { c.TAXII21.APIRoots[0].Title = "" },
		"bad id":        func(c *config.Config) { c.TAXII21.APIRoots[0].Collections[0].ID = "intel" },
		"dup id":        func(c *config.Config) { c.TAXII21.APIRoots[1].Collections[0].ID = config.C21Intel },
		"dup alias":     func(c *config.Config) { c.TAXII21.APIRoots[0].Collections[1].Alias = "intel" },
		"uuid alias":    func(c *config.Config) { c.TAXII21.APIRoots[0].Collections[1].Alias = config.C21Shared },
		"default":       func(c *config.Config) { c.TAXII21.Default = "nope" },
		"page size":     func(c *config.Config) { c.TAXII21.MaxPageSize = -1 },
		"length":        func(c *config.Config) { c.TAXII21.APIRoots[0].MaxContentLength = -5 },
		"seed":          func(c *config.Config) { c.TAXII21.APIRoots[0].Collections[0].Seed = []string{"builtin:nope"} },
		"seed file":     func(c *config.Config) { c.TAXII21.APIRoots[0].Collections[0].Seed = []string{"/nonexistent.json"} },
	} {
		c := config.Default()
		edit(c)
		if s, err := New(Options{Config: c}); err == nil {
			_ = s.Close()
			t.Errorf("%s: accepted", name)
		}
	}
}
