package taxii21

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestTaxii2ClientUsage walks the server the way the OASIS Python client (taxii2-client 2.x,
// module taxii2client.v21) does with its defaults, and applies the checks that client applies to
// each answer: every request sends Accept application/taxii+json;version=2.1 and a User-Agent;
// a response is only taken when its Content-Type, split at ";" with spaces removed, holds every
// token of that Accept value; API roots are resolved against the discovery URL; a status must
// have its counts, list lengths matching them, and counts adding up to total_count; paging
// sends limit, then next from the previous page, for as long as more is true; the status URL
// is built without a trailing slash.
func TestTaxii2ClientUsage(t *testing.T) {
	s := start(t)
	ua := "User-Agent: taxii2-client/2.3.0"
	clientGet := func(u string, params url.Values) map[string]any {
		t.Helper()
		path := strings.TrimPrefix(u, s.url)
		if len(params) > 0 {
			path += "?" + params.Encode()
		}
		r := s.get(path, "writer", ua)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, r.StatusCode, r.body)
		}
		tokens := strings.Split(strings.ReplaceAll(r.Header.Get("Content-Type"), " ", ""), ";")
		for _, want := range strings.Split(taxiiCT, ";") {
			found := false
			for _, tok := range tokens {
				found = found || tok == want
			}
			if !found || tokens[0] != "application/taxii+json" {
				t.Fatalf("GET %s: Content-Type %q would be refused", path, r.Header.Get("Content-Type"))
			}
		}
		return r.obj()
	}
	resolve := func(base, ref string) string {
		b, _ := url.Parse(base)
		r, _ := url.Parse(ref)
		return b.ResolveReference(r).String()
	}

	discoveryURL := s.url + "/taxii2/"
	d := clientGet(discoveryURL, nil)
	var roots []string
	for _, r := range d["api_roots"].([]any) {
		roots = append(roots, resolve(discoveryURL, r.(string)))
	}
	if d["title"] == "" || len(roots) != 2 || resolve(discoveryURL, d["default"].(string)) != roots[0] {
		t.Fatalf("discovery %v", d)
	}
	root := roots[0]
	info := clientGet(root, nil)
	if info["title"] == nil || info["versions"] == nil || info["max_content_length"] == nil {
		t.Fatalf("api root %v", info)
	}
	colls := clientGet(root+"collections/", nil)["collections"].([]any)
	var writable string
	for _, c := range colls {
		m := c.(map[string]any)
		if m["id"] == nil || m["title"] == nil || m["can_read"] == nil || m["can_write"] == nil {
			t.Fatalf("collection %v", m)
		}
		collURL := root + "collections/" + m["id"].(string) + "/"
		if one := clientGet(collURL, nil); one["id"] != m["id"] {
			t.Fatalf("collection %s: %v", collURL, one)
		}
		if m["can_read"] == true && m["can_write"] == true && writable == "" {
			writable = collURL
		}
	}

	// add_objects: POST, then the status the client builds from the answer.
	var objs []any
	for range 7 {
		objs = append(objs, indicator(newID("indicator"), "2020-01-01T00:00:00.000Z", "2.1"))
	}
	body, _ := json.Marshal(map[string]any{"objects": objs})
	r := s.call(http.MethodPost, strings.TrimPrefix(writable, s.url)+"objects/", "writer", body, ua)
	if r.StatusCode != http.StatusAccepted {
		t.Fatalf("add_objects: %d %s", r.StatusCode, r.body)
	}
	var st statusResource
	r.json(&st)
	checkStatus := func(st statusResource) {
		if st.ID == "" || st.Status == "" ||
			(st.Successes != nil && len(st.Successes) != st.SuccessCount) ||
			(st.Failures != nil && len(st.Failures) != st.FailureCount) ||
			(st.Pendings != nil && len(st.Pendings) != st.PendingCount) ||
			st.SuccessCount+st.FailureCount+st.PendingCount != st.TotalCount {
			t.Fatalf("status the client would reject: %+v", st)
		}
	}
	checkStatus(st)
	statusURL := resolve(writable, "../../status/"+st.ID) // no trailing slash
	again := clientGet(statusURL, nil)
	raw, _ := json.Marshal(again)
	var st2 statusResource
	_ = json.Unmarshal(raw, &st2)
	checkStatus(st2)

	// as_pages(get_objects, per_request=3) and as_pages(get_manifest, per_request=3).
	for _, endpoint := range []string{"objects/", "manifest/"} {
		seen := 0
		params := url.Values{"limit": {"3"}, "match[type]": {"indicator"}}
		for pages := 0; ; pages++ {
			if pages > 100 {
				t.Fatalf("%s: paging does not end", endpoint)
			}
			e := clientGet(writable+endpoint, params)
			list, _ := e["objects"].([]any)
			seen += len(list)
			if e["more"] != true {
				break
			}
			next, _ := e["next"].(string)
			if next == "" {
				t.Fatalf("%s: more without next; the client would ask for the first page again", endpoint)
			}
			params.Set("next", next)
		}
		if seen < 8 { // the seeded indicator and the seven just added
			t.Errorf("%s: paged %d records", endpoint, seen)
		}
	}

	// delete_object and object_versions.
	id := objs[0].(map[string]any)["id"].(string)
	if v := clientGet(writable+"objects/"+id+"/versions/", nil); len(v["versions"].([]any)) != 1 {
		t.Errorf("object_versions %v", v)
	}
	r = s.call(http.MethodDelete, strings.TrimPrefix(writable, s.url)+"objects/"+id+"/", "writer", nil, ua)
	if r.StatusCode != http.StatusOK {
		t.Errorf("delete_object: %d %s", r.StatusCode, r.body)
	}
}
