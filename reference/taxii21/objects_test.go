package taxii21

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/taxii-conform/taxii-conform/reference/config"
)

// The seeded intel collection (fixtures/stix21/intel.json) holds, among others, an indicator
// with three versions, and a malware with 2.0 copies of two versions and a 2.1 copy of the
// later one.
type intelSeed struct {
	indicator, malware, campaign, ipv4, marking, attackPattern string
}

func intelIDs(t *testing.T) intelSeed {
	var s intelSeed
	for _, h := range seedObjects(t, "intel") {
		switch h.Type {
		case "indicator":
			s.indicator = h.ID
		case "malware":
			s.malware = h.ID
		case "campaign":
			s.campaign = h.ID
		case "ipv4-addr":
			s.ipv4 = h.ID
		case "marking-definition":
			s.marking = h.ID
		case "attack-pattern":
			s.attackPattern = h.ID
		}
	}
	return s
}

func versionsOf(hs []stixHead, id string) []string {
	var out []string
	for _, h := range hs {
		if h.ID == id {
			out = append(out, h.Modified+"/"+h.SpecVersion)
		}
	}
	return out
}

func TestGetObjectsFilters(t *testing.T) {
	s := start(t)
	ids := intelIDs(t)
	get := func(q string) []stixHead {
		t.Helper()
		r := s.get(intel+"objects/"+q, "reader")
		expect(t, r, http.StatusOK)
		return heads(t, r)
	}
	all := get("")
	if len(all) != 10 { // 10 distinct objects in intel.json
		t.Errorf("default GET objects: %d objects", len(all))
	}
	if v := versionsOf(all, ids.indicator); !slices.Equal(v, []string{"2020-03-01T00:00:00.000Z/2.1"}) {
		t.Errorf("default indicator versions %v", v)
	}
	if v := versionsOf(all, ids.malware); !slices.Equal(v, []string{"2020-01-15T00:00:00.000Z/2.1"}) {
		t.Errorf("default malware versions %v", v)
	}
	if v := versionsOf(all, ids.campaign); !slices.Equal(v, []string{"2020-06-01T00:00:00.000Z/2.1"}) {
		t.Errorf("default campaign versions %v", v)
	}
	cases := []struct {
		q    string
		id   string
		want []string
	}{
		{"?match[version]=all", ids.indicator, []string{"2020-01-01T00:00:00.000Z/2.1", "2020-02-01T00:00:00.000Z/2.1", "2020-03-01T00:00:00.000Z/2.1"}},
		{"?match[version]=first", ids.indicator, []string{"2020-01-01T00:00:00.000Z/2.1"}},
		{"?match[version]=first,last", ids.indicator, []string{"2020-01-01T00:00:00.000Z/2.1", "2020-03-01T00:00:00.000Z/2.1"}},
		{"?match[version]=2020-02-01T00:00:00Z", ids.indicator, []string{"2020-02-01T00:00:00.000Z/2.1"}},
		{"?match[version]=2020-02-01T00:00:00.000Z,2020-03-01T00:00:00.000Z", ids.indicator, []string{"2020-02-01T00:00:00.000Z/2.1", "2020-03-01T00:00:00.000Z/2.1"}},
		{"?match[version]=2021-01-01T00:00:00.000Z", ids.indicator, nil},
		{"?match[spec_version]=2.0", ids.malware, []string{"2020-01-15T00:00:00.000Z/2.0"}},
		{"?match[spec_version]=2.0&match[version]=all", ids.malware, []string{"2019-12-01T00:00:00.000Z/2.0", "2020-01-15T00:00:00.000Z/2.0"}},
		{"?match[spec_version]=2.0,2.1&match[version]=all", ids.malware, []string{"2019-12-01T00:00:00.000Z/2.0", "2020-01-15T00:00:00.000Z/2.0", "2020-01-15T00:00:00.000Z/2.1"}},
		{"?match[spec_version]=2.0", ids.campaign, []string{"2018-06-01T00:00:00.000Z/2.0"}},
		// Without match[spec_version] only the newest spec_version counts, also for "all".
		{"?match[version]=all", ids.campaign, []string{"2020-06-01T00:00:00.000Z/2.1"}},
		{"?match[version]=2018-06-01T00:00:00.000Z", ids.campaign, nil},
		{"?match[spec_version]=3.0", ids.indicator, nil},
		// The marking definition has no modified: its version is created.
		{"?match[version]=2019-01-01T00:00:00.000Z&match[type]=marking-definition", ids.marking, []string{"/2.1"}},
	}
	for _, c := range cases {
		if got := versionsOf(get(c.q), c.id); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.q, got, c.want)
		}
	}
	if got := get("?match[type]=malware,campaign"); len(got) != 2 || got[0].Type == got[1].Type {
		t.Errorf("match[type]=malware,campaign: %v", ids)
	}
	if got := get("?match[type]=indicator&match[id]=" + ids.malware); len(got) != 0 {
		t.Errorf("type AND id: %v", got)
	}
	if got := get("?match[id]=" + ids.malware + "," + ids.indicator); len(got) != 2 {
		t.Errorf("two ids: %d objects", len(got))
	}
	if got := get("?match[type]=grouping"); len(got) != 0 {
		t.Errorf("absent STIX type: %v", got)
	}
	// Unknown match fields and parameters are ignored.
	if got := get("?match[color]=red&foo=bar"); len(got) != 10 {
		t.Errorf("unknown match field: %d objects", len(got))
	}
	// The SCO has no created or modified: its version is the server's date_added for it.
	r := s.get(intel+"objects/"+ids.ipv4+"/versions/", "reader")
	expect(t, r, http.StatusOK)
	var v page21
	r.json(&v)
	if len(v.Versions) != 1 || !taxiiTimestamp.MatchString(v.Versions[0]) {
		t.Errorf("SCO versions %v", v.Versions)
	}
}

func TestBadFilters(t *testing.T) {
	s := start(t)
	ids := intelIDs(t)
	bad := []string{"limit=0", "limit=abc", "limit=-3", "limit=1&limit=2", "added_after=yesterday",
		"added_after=2020-01-01T00:00:00Z&added_after=2020-01-01T00:00:00Z", "match[version]=last,last",
		"match[version]=all,first", "match[version]=nope", "match[spec_version]=x", "next=bogus", "added_after=",
		"match[id]=notanid", "match[type]=Indicator", "match[type]=a,,b"}
	for _, q := range bad {
		expect(t, s.get(intel+"objects/?"+q, "reader"), http.StatusBadRequest)
		expect(t, s.get(intel+"manifest/?"+q, "reader"), http.StatusBadRequest)
	}
	for _, q := range []string{"limit=0", "match[version]=all,last", "next=x", "match[spec_version]=2"} {
		expect(t, s.get(intel+"objects/"+ids.indicator+"/?"+q, "reader"), http.StatusBadRequest)
	}
	// DELETE reads only match[version] and match[spec_version]; the object does not exist.
	for q, want := range map[string]int{"match[version]=all,last": 400, "match[spec_version]=2": 400, "limit=0": 404, "next=x": 404} {
		expect(t, s.call(http.MethodDelete, intel+"objects/"+newID("indicator")+"/?"+q, "admin", nil), want)
	}
	expect(t, s.get(intel+"objects/"+ids.indicator+"/versions/?limit=x", "reader"), http.StatusBadRequest)
	// Parameters an endpoint does not define are ignored, even when malformed.
	expect(t, s.get(intel+"objects/"+ids.attackPattern+"/versions/?match[version]=zzz", "reader"), http.StatusOK)
	expect(t, s.get(intel+"objects/"+ids.attackPattern+"/?match[type]=BAD", "reader"), http.StatusOK)
}

func TestGetObjectAndVersions(t *testing.T) {
	s := start(t)
	ids := intelIDs(t)
	r := s.get(intel+"objects/"+ids.indicator+"/", "reader")
	expect(t, r, http.StatusOK)
	if got := versionsOf(heads(t, r), ids.indicator); !slices.Equal(got, []string{"2020-03-01T00:00:00.000Z/2.1"}) {
		t.Errorf("GET object: %v", got)
	}
	r = s.get(intel+"objects/"+ids.indicator+"/?match[version]=all&limit=2", "reader")
	expect(t, r, http.StatusOK)
	var e page21
	r.json(&e)
	if len(e.Objects) != 2 || !e.More || e.Next == "" {
		t.Fatalf("paged GET object: %s", r.body)
	}
	r = s.get(intel+"objects/"+ids.indicator+"/?match[version]=all&limit=2&next="+e.Next, "reader")
	expect(t, r, http.StatusOK)
	if got := versionsOf(heads(t, r), ids.indicator); !slices.Equal(got, []string{"2020-03-01T00:00:00.000Z/2.1"}) {
		t.Errorf("second page of GET object: %v", got)
	}
	// An object that exists but no version passes the filters: an empty envelope.
	r = s.get(intel+"objects/"+ids.indicator+"/?match[version]=1999-01-01T00:00:00Z", "reader")
	expect(t, r, http.StatusOK)
	if string(r.body) != "{}" {
		t.Errorf("empty GET object: %s", r.body)
	}
	for _, p := range []string{"objects/" + newID("indicator") + "/", "objects/nonsense/", "objects/" + newID("indicator") + "/versions/"} {
		expect(t, s.get(intel+p, "reader"), http.StatusNotFound)
	}

	r = s.get(intel+"objects/"+ids.malware+"/versions/", "reader")
	expect(t, r, http.StatusOK)
	r.json(&e)
	if !slices.Equal(e.Versions, []string{"2020-01-15T00:00:00.000Z"}) {
		t.Errorf("malware versions (latest spec_version): %v", e.Versions)
	}
	r = s.get(intel+"objects/"+ids.malware+"/versions/?match[spec_version]=2.0,2.1", "reader")
	expect(t, r, http.StatusOK)
	e = page21{}
	r.json(&e)
	// The 2.0 and 2.1 copies of one version are one version.
	if !slices.Equal(e.Versions, []string{"2019-12-01T00:00:00.000Z", "2020-01-15T00:00:00.000Z"}) {
		t.Errorf("malware versions (both spec_versions): %v", e.Versions)
	}
	r = s.get(intel+"objects/"+ids.indicator+"/versions/?limit=2", "reader")
	expect(t, r, http.StatusOK)
	e = page21{}
	r.json(&e)
	if len(e.Versions) != 2 || !e.More || e.Next == "" {
		t.Errorf("paged versions: %s", r.body)
	}
	r = s.get(intel+"objects/"+ids.indicator+"/versions/?limit=2&next="+e.Next, "reader")
	e = page21{}
	r.json(&e)
	if !slices.Equal(e.Versions, []string{"2020-03-01T00:00:00.000Z"}) || e.More {
		t.Errorf("versions page 2: %s", r.body)
	}
}

func TestManifest(t *testing.T) {
	s := start(t)
	ids := intelIDs(t)
	r := s.get(intel+"manifest/?match[id]="+ids.malware+"&match[version]=all&match[spec_version]=2.0,2.1", "reader")
	expect(t, r, http.StatusOK)
	recs := heads(t, r)
	if len(recs) != 3 {
		t.Fatalf("manifest: %s", r.body)
	}
	var got []string
	for i, m := range recs {
		if m.ID != ids.malware || !taxiiTimestamp.MatchString(m.DateAdded) || (i > 0 && m.DateAdded <= recs[i-1].DateAdded) {
			t.Errorf("manifest record %+v", m)
		}
		got = append(got, m.Version+" "+m.MediaType)
	}
	want := []string{"2019-12-01T00:00:00.000Z application/stix+json;version=2.0", "2020-01-15T00:00:00.000Z application/stix+json;version=2.0",
		"2020-01-15T00:00:00.000Z application/stix+json;version=2.1"}
	if !slices.Equal(got, want) {
		t.Errorf("manifest %v", got)
	}
	if r.Header.Get("X-TAXII-Date-Added-First") != recs[0].DateAdded || r.Header.Get("X-TAXII-Date-Added-Last") != recs[2].DateAdded {
		t.Errorf("headers %q %q vs %s", r.Header.Get("X-TAXII-Date-Added-First"), r.Header.Get("X-TAXII-Date-Added-Last"), r.body)
	}
	// The manifest filters like GET objects: same objects, same order.
	objs := heads(t, s.get(intel+"objects/", "reader"))
	man := heads(t, s.get(intel+"manifest/", "reader"))
	if len(objs) != len(man) {
		t.Fatalf("%d objects, %d manifest records", len(objs), len(man))
	}
	for i := range objs {
		v := objs[i].Modified
		if v == "" {
			v = objs[i].Created
		}
		if objs[i].ID != man[i].ID || (v != "" && v != man[i].Version) {
			t.Errorf("object %d: %s@%s vs manifest %s@%s", i, objs[i].ID, v, man[i].ID, man[i].Version)
		}
	}
	r = s.get(intel+"manifest/?match[type]=grouping", "reader")
	expect(t, r, http.StatusOK)
	if string(r.body) != "{}" || r.Header.Get("X-TAXII-Date-Added-First") != "1970-01-01T00:00:00.000000Z" {
		t.Errorf("empty manifest %s %v", r.body, r.Header)
	}
}

func TestAddObjectsStatus(t *testing.T) {
	s := start(t)
	a, b := newID("indicator"), newID("indicator")
	first := indicator(a, "2020-01-01T00:00:00.000Z", "2.1")
	r := s.post(intel, "writer", first)
	expect(t, r, http.StatusAccepted)
	conflicting := indicator(a, "2020-01-01T00:00:00.000Z", "2.1")
	conflicting["name"] = "different"
	r = s.post(intel, "writer",
		indicator(b, "2020-01-01T00:00:00.000Z", "2.1"), // 0 new
		first,       // 1 exact duplicate: success
		conflicting, // 2 same version, other content: failure
		42,          // 3 not an object
		map[string]any{"type": "indicator", "id": newID("indicator"), "spec_version": "2.1", "created": "2020-01-01T00:00:00.000Z"}, // 4 no modified
		indicator(b, "2020-01-02T00:00:00.000Z", "2.1"),                  // 5 new version
		indicator(b, "2020-01-02T00:00:00.000Z", "2.0"),                  // 6 2.0 copy
		indicator(newID("indicator"), "2020-01-02T00:00:00.000Z", "1.0"), // 7 unsupported spec_version
	)
	expect(t, r, http.StatusAccepted)
	var st statusResource
	r.json(&st)
	if st.Status != "complete" || st.TotalCount != 8 || st.SuccessCount != 4 || st.FailureCount != 4 || st.PendingCount != 0 ||
		len(st.Successes) != 4 || len(st.Failures) != 4 || st.Pendings != nil || !taxiiTimestamp.MatchString(st.RequestTimestamp) {
		t.Fatalf("status %s", r.body)
	}
	if st.Successes[0].ID != b || st.Successes[1].ID != a || !strings.Contains(st.Successes[1].Message, "already") ||
		st.Successes[2].Version != "2020-01-02T00:00:00.000Z" {
		t.Errorf("successes %+v", st.Successes)
	}
	if st.Failures[0].ID != a || st.Failures[1].ID != "" || !strings.Contains(st.Failures[2].Message, "modified") ||
		!strings.Contains(st.Failures[3].Message, "not supported") || st.Failures[3].Version != "2020-01-02T00:00:00.000Z" {
		t.Errorf("failures %+v", st.Failures)
	}
	got := heads(t, s.get(intel+"objects/?match[id]="+a+","+b+"&match[version]=all&match[spec_version]=2.0,2.1", "reader"))
	if len(got) != 4 {
		t.Errorf("stored %v", got)
	}
	// The same envelope again: nothing new, nothing fails but the refused ones.
	r = s.post(intel, "writer", first)
	r.json(&st)
	if st.SuccessCount != 1 || st.FailureCount != 0 {
		t.Errorf("re-sent: %s", r.body)
	}
}

func TestAddObjectsRefused(t *testing.T) {
	s := start(t)
	for body, want := range map[string]int{
		``:                              http.StatusUnprocessableEntity,
		`not json`:                      http.StatusUnprocessableEntity,
		`[]`:                            http.StatusUnprocessableEntity,
		`{}`:                            http.StatusUnprocessableEntity,
		`{"objects":[]}`:                http.StatusUnprocessableEntity,
		`{"objects":{}}`:                http.StatusUnprocessableEntity,
		`{"objects":[1],"more":1}`:      http.StatusUnprocessableEntity,
		`{"objects":[1],"objects":[2]}`: http.StatusUnprocessableEntity,
		"{\"objects\":[\"\xff\"]}":      http.StatusUnprocessableEntity,
	} {
		expect(t, s.call(http.MethodPost, intel+"objects/", "writer", []byte(body)), want)
	}
	if n := s.srv.store.Collection(config.C21Intel).Len(); n != 16 {
		t.Errorf("refused requests changed the collection: %d records", n)
	}
}

// TestMaxContentLength checks 413 both from Content-Length, before reading, and for chunked
// bodies, at the limit; bodies under the limit are accepted.
func TestMaxContentLength(t *testing.T) {
	s := start(t, withConfig(func(c *config.Config) { c.TAXII21.APIRoots[0].MaxContentLength = 2000 }))
	pad := func(n int) []byte {
		o := indicator(newID("indicator"), "2020-01-01T00:00:00.000Z", "2.1")
		body := fmt.Appendf(nil, `{"objects":[%s]}`, mustJSON(o))
		return append(body, bytes.Repeat([]byte(" "), n-len(body))...)
	}
	expect(t, s.call(http.MethodPost, intel+"objects/", "writer", pad(2000)), http.StatusAccepted)
	expect(t, s.call(http.MethodPost, intel+"objects/", "writer", pad(2001)), http.StatusRequestEntityTooLarge)

	// Chunked: no Content-Length, so the server finds out while reading.
	for n, want := range map[int]int{1999: http.StatusAccepted, 5000: http.StatusRequestEntityTooLarge} {
		req, _ := http.NewRequest(http.MethodPost, s.url+intel+"objects/", io.MultiReader(bytes.NewReader(pad(n))))
		req.ContentLength = -1
		req.Header.Set("Accept", taxiiCT)
		req.Header.Set("Content-Type", taxiiCT)
		req.SetBasicAuth("writer", "writer-pw")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want || resp.Header.Get("Content-Type") != taxiiCT {
			t.Errorf("chunked %d bytes: %d", n, resp.StatusCode)
		}
	}
	// A huge declared length is refused without the body being sent.
	req, _ := http.NewRequest(http.MethodPost, s.url+intel+"objects/", &endless{})
	req.ContentLength = 1 << 40
	req.Header.Set("Accept", taxiiCT)
	req.Header.Set("Content-Type", taxiiCT)
	req.SetBasicAuth("writer", "writer-pw")
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("declared 1 TiB: %d", resp.StatusCode)
		}
	} // an error is fine too: the server may close the connection while the client still sends
}

// endless is a body that never ends.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

func TestDelete(t *testing.T) {
	s := start(t)
	id := newID("indicator")
	expect(t, s.post(intel, "writer",
		indicator(id, "2020-01-01T00:00:00.000Z", "2.1"), indicator(id, "2020-01-02T00:00:00.000Z", "2.1"),
		indicator(id, "2020-01-03T00:00:00.000Z", "2.1"), indicator(id, "2020-01-03T00:00:00.000Z", "2.0")), http.StatusAccepted)
	obj := intel + "objects/" + id + "/"
	versions := func() []string {
		r := s.get(intel+"manifest/?match[id]="+id+"&match[version]=all&match[spec_version]=2.0,2.1", "reader")
		var out []string
		for _, m := range heads(t, r) {
			out = append(out, m.Version[:10]+"/"+m.MediaType[len(m.MediaType)-3:])
		}
		return out
	}
	r := s.call(http.MethodDelete, obj+"?match[version]=first", "writer", nil)
	expect(t, r, http.StatusOK)
	if len(r.body) != 0 {
		t.Errorf("DELETE body %q", r.body)
	}
	if v := versions(); !slices.Equal(v, []string{"2020-01-02/2.1", "2020-01-03/2.1", "2020-01-03/2.0"}) {
		t.Errorf("after deleting the first version: %v", v)
	}
	expect(t, s.call(http.MethodDelete, obj+"?match[version]=2020-01-01T00:00:00.000Z", "writer", nil), http.StatusNotFound)
	expect(t, s.call(http.MethodDelete, obj+"?match[spec_version]=2.0", "writer", nil), http.StatusOK)
	if v := versions(); !slices.Equal(v, []string{"2020-01-02/2.1", "2020-01-03/2.1"}) {
		t.Errorf("after deleting the 2.0 copy: %v", v)
	}
	expect(t, s.call(http.MethodDelete, obj, "writer", nil), http.StatusOK)
	expect(t, s.get(obj, "reader"), http.StatusNotFound)
	expect(t, s.get(obj+"versions/", "reader"), http.StatusNotFound)
	expect(t, s.call(http.MethodDelete, obj, "writer", nil), http.StatusNotFound)
	if got := heads(t, s.get(intel+"objects/?match[id]="+id+"&match[version]=all", "reader")); len(got) != 0 {
		t.Errorf("deleted object still listed: %v", got)
	}
	if v := versions(); len(v) != 0 {
		t.Errorf("deleted object still in the manifest: %v", v)
	}
}

// TestPaging pages through 1200 objects with a server page size of 100: by next and by
// X-TAXII-Date-Added-Last, with and without a client limit, checking order, completeness,
// the more flag and the date headers.
func TestPaging(t *testing.T) {
	s := start(t, withConfig(func(c *config.Config) { c.TAXII21.MaxPageSize = 100 }))
	var want []string
	for b := range 12 {
		var objs []any
		for range 100 {
			id := newID("indicator")
			want = append(want, id)
			objs = append(objs, indicator(id, "2020-01-01T00:00:00.000Z", "2.1"))
		}
		if b%2 == 1 {
			objs = append(objs, 7) // refused: does not disturb anything
		}
		expect(t, s.post(dropBox, "writer", objs...), http.StatusAccepted)
	}
	want = append(ids(seedObjects(t, "drop-box")[:0]), want...)
	seed := map[string]bool{}
	for _, h := range seedObjects(t, "drop-box") {
		seed[h.ID] = true
	}
	for _, mode := range []string{"next", "added_after", "next+limit", "manifest"} {
		var got []string
		q := url.Values{}
		if mode == "next+limit" {
			q.Set("limit", "70")
		}
		path := dropBox + "objects/"
		if mode == "manifest" {
			path = dropBox + "manifest/"
		}
		pages := 0
		for {
			r := s.get(path+"?"+q.Encode(), "admin")
			expect(t, r, http.StatusOK)
			pages++
			var e page21
			r.json(&e)
			hs := heads(t, r)
			for i, h := range hs {
				if !seed[h.ID] {
					got = append(got, h.ID)
				}
				if h.DateAdded != "" && i > 0 && h.DateAdded <= hs[i-1].DateAdded {
					t.Fatalf("%s: page out of order", mode)
				}
			}
			first, last := r.Header.Get("X-TAXII-Date-Added-First"), r.Header.Get("X-TAXII-Date-Added-Last")
			if !taxiiTimestamp.MatchString(first) || !taxiiTimestamp.MatchString(last) || first > last {
				t.Fatalf("%s: headers %q %q", mode, first, last)
			}
			if mode == "manifest" && (hs[0].DateAdded != first || hs[len(hs)-1].DateAdded != last) {
				t.Fatalf("headers %q..%q do not match the records %q..%q", first, last, hs[0].DateAdded, hs[len(hs)-1].DateAdded)
			}
			limit := 100
			if mode == "next+limit" {
				limit = 70
			}
			if len(hs) > limit || (e.More && len(hs) != limit) {
				t.Fatalf("%s: page of %d, more %v", mode, len(hs), e.More)
			}
			if !e.More {
				if e.Next != "" {
					t.Fatalf("next without more")
				}
				break
			}
			if e.Next == "" {
				t.Fatal("more without next")
			}
			if mode == "added_after" {
				q.Set("added_after", last)
			} else {
				q.Set("next", e.Next)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: paged %d objects in %d pages, want %d", mode, len(got), pages, len(want))
		}
	}
	// next carries only a position: with other filters it yields only what they select.
	r := s.get(dropBox+"objects/?limit=10", "admin")
	var e page21
	r.json(&e)
	if got := heads(t, s.get(dropBox+"objects/?match[type]=tool&next="+e.Next, "admin")); len(got) != 0 {
		t.Errorf("next with another filter returned %v", ids(got))
	}
	expect(t, s.get(dropBox+"objects/?next="+e.Next, "reader"), http.StatusNotFound)
}

// TestPagingWhileAdding has writers POST while readers page through by next; no reader may
// see an object twice or out of order, and a final pass sees every object.
func TestPagingWhileAdding(t *testing.T) {
	s := start(t, withConfig(func(c *config.Config) { c.TAXII21.MaxPageSize = 25 }))
	const writers, batches, size = 3, 20, 10
	var wg sync.WaitGroup
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range batches {
				var objs []any
				for range size {
					objs = append(objs, indicator(newID("indicator"), "2020-01-01T00:00:00.000Z", "2.1"))
				}
				if r := s.post(shared, "writer", objs...); r.StatusCode != http.StatusAccepted {
					t.Errorf("POST: %d", r.StatusCode)
				}
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	// read pages by next while there is more, then by added_after from the last page's
	// X-TAXII-Date-Added-Last; with untilDone it keeps polling until the writers are done.
	read := func(untilDone bool) map[string]bool {
		seen := map[string]bool{}
		next, after, lastAdded := "", "", ""
		for {
			finished := false
			select {
			case <-done:
				finished = true
			default:
			}
			q := url.Values{"match[type]": {"indicator"}}
			if next != "" {
				q.Set("next", next)
			} else if after != "" {
				q.Set("added_after", after)
			}
			r := s.get(shared+"manifest/?"+q.Encode(), "reader")
			expect(t, r, http.StatusOK)
			var e page21
			r.json(&e)
			for _, m := range heads(t, r) {
				if seen[m.ID] {
					t.Fatalf("%s seen twice", m.ID)
				}
				if m.DateAdded <= lastAdded {
					t.Fatal("out of order")
				}
				seen[m.ID], lastAdded = true, m.DateAdded
			}
			next, after = e.Next, r.Header.Get("X-TAXII-Date-Added-Last")
			if !e.More && (finished || !untilDone) {
				return seen
			}
		}
	}
	during := read(true)
	after := read(false)
	if len(after) != writers*batches*size || len(during) != len(after) {
		t.Errorf("read %d objects while adding, %d after; %d were added", len(during), len(after), writers*batches*size)
	}
}

func TestTimestampsOnTheWire(t *testing.T) {
	s := start(t)
	r := s.get(intel+"manifest/", "reader")
	for _, m := range heads(t, r) {
		if !taxiiTimestamp.MatchString(m.DateAdded) {
			t.Errorf("date_added %q", m.DateAdded)
		}
	}
	for _, h := range []string{"X-TAXII-Date-Added-First", "X-TAXII-Date-Added-Last"} {
		if !taxiiTimestamp.MatchString(r.Header.Get(h)) {
			t.Errorf("%s %q", h, r.Header.Get(h))
		}
	}
	// added_after accepts other precisions and excludes the instant itself.
	recs := heads(t, r)
	last := recs[len(recs)-1].DateAdded
	if got := heads(t, s.get(intel+"manifest/?added_after="+last, "reader")); len(got) != 0 {
		t.Errorf("added_after=last record: %v", got)
	}
	if got := heads(t, s.get(intel+"manifest/?added_after="+last[:19]+"Z", "reader")); len(got) == 0 {
		t.Error("added_after truncated to seconds found nothing")
	}
}

// TestDurable restarts a server on the same data directory: objects, deletions and statuses
// persist, and seeds are not applied again.
func TestDurable(t *testing.T) {
	dir := t.TempDir()
	ids := intelIDs(t)
	id := newID("indicator")
	var statusID string
	func() {
		s := start(t, withDataDir(dir))
		r := s.post(intel, "writer", indicator(id, "2020-01-01T00:00:00.000Z", "2.1"))
		expect(t, r, http.StatusAccepted)
		statusID = r.obj()["id"].(string)
		expect(t, s.call(http.MethodDelete, intel+"objects/"+ids.indicator+"/", "writer", nil), http.StatusOK)
		s.srv.Close()
		if _, err := os.Stat(filepath.Join(dir, StoreFile)); err != nil {
			t.Fatal(err)
		}
	}()
	s, err := New(Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c := s.store.Collection(config.C21Intel)
	if !c.Has(id) || c.Has(ids.indicator) || !c.Has(ids.malware) {
		t.Error("state lost across a restart")
	}
	if _, ok := s.store.Status(statusID); !ok {
		t.Error("status lost across a restart")
	}
}

func TestSeedFromConfigFile(t *testing.T) {
	dir := t.TempDir()
	id := newID("indicator")
	env, _ := json.Marshal(map[string]any{"objects": []any{indicator(id, "2020-01-01T00:00:00.000Z", "2.1")}})
	if err := os.WriteFile(filepath.Join(dir, "seed.json"), env, 0o600); err != nil {
		t.Fatal(err)
	}
	yaml := `
taxii21:
  title: Custom
  api_roots:
    - name: only
      title: Only root
      collections:
        - id: 3b4d6a2c-6f0e-4e8e-9c5e-2b9f0c7d1a10
          title: Custom collection
          seed: [seed.json]
accounts:
  - username: u
    password: p
    permissions: {3b4d6a2c-6f0e-4e8e-9c5e-2b9f0c7d1a10: read}
`
	path := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	s := start(t, func(o *Options) { o.Config = cfg })
	req, _ := http.NewRequest(http.MethodGet, s.url+"/only/collections/3b4d6a2c-6f0e-4e8e-9c5e-2b9f0c7d1a10/objects/", nil)
	req.Header.Set("Accept", taxiiCT)
	req.SetBasicAuth("u", "p")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), id) {
		t.Errorf("seeded from file: %d %s", resp.StatusCode, body)
	}
	if cfg.TAXII21.MaxPageSize != config.DefaultMaxPageSize || cfg.TAXII21.APIRoots[0].MaxContentLength != config.DefaultMaxContentLength {
		t.Errorf("defaults not filled in: %+v", cfg.TAXII21)
	}
}

// With status_pending_for, a status reads pending (successes listed as pendings, failures
// already known) until the time has passed, then complete; the counts add up either way.
func TestStatusPendingFor(t *testing.T) {
	const wait = 300 * time.Millisecond
	s := start(t, withConfig(func(c *config.Config) { c.TAXII21.StatusPendingFor = wait }))
	a := newID("indicator")
	r := s.post(intel, "writer", indicator(a, "2020-01-01T00:00:00.000Z", "2.1"), 42)
	expect(t, r, http.StatusAccepted)
	var st statusResource
	r.json(&st)
	check := func(what string, st statusResource, status string, success, pending int) {
		t.Helper()
		if st.Status != status || st.TotalCount != 2 || st.SuccessCount != success || st.PendingCount != pending || st.FailureCount != 1 ||
			len(st.Successes) != success || len(st.Pendings) != pending || len(st.Failures) != 1 ||
			st.SuccessCount+st.PendingCount+st.FailureCount != st.TotalCount {
			t.Errorf("%s: %+v", what, st)
		}
	}
	check("POST answer", st, "pending", 0, 1)
	if st.Pendings[0].ID != a {
		t.Errorf("pendings %+v", st.Pendings)
	}
	var again statusResource
	s.get("/api1/status/"+st.ID+"/", "writer").json(&again)
	check("status read at once", again, "pending", 0, 1)
	time.Sleep(wait + 50*time.Millisecond)
	var done statusResource
	s.get("/api1/status/"+st.ID+"/", "writer").json(&done)
	check("status read later", done, "complete", 1, 0)
}
