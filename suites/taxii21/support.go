package taxii21

// What every TAXII 2.1 spec needs: the media types, the target's API root and collections
// (learnt once per run from discovery and the profile), requests with the right headers,
// and fresh STIX objects with unique identifiers.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// Media types of TAXII 2.1 (§1.6.8).
const (
	MediaTAXII            = "application/taxii+json;version=2.1"
	MediaTAXIIUnversioned = "application/taxii+json"
	MediaSTIX             = "application/stix+json;version=2.1"
)

// Identities the specs use (harness names).
const (
	writer   = harness.WriterIdentity
	reader   = harness.ReaderIdentity
	nobody   = harness.NoAccessIdentity
	anon     = harness.AnonymousIdentity
	standard = harness.DefaultIdentity
)

// server is what the harness learnt about the target, once per run.
type server struct {
	// discoveryURL is where the discovery resource was found ("" when the target is an API root).
	discoveryURL string
	// apiRoot is the absolute URL of the API root under test, with a trailing slash.
	apiRoot string
	// apiRoots are every API root discovery lists (absolute, trailing slash) plus apiRoot; the
	// validator routes exchanges under any of them.
	apiRoots []string
}

// target returns what discovery learnt; a target that answers neither as a discovery
// endpoint nor as an API root ends the spec as an error (nothing can be tested).
func target() *server {
	run := harness.Current()
	v, err := run.Memo("taxii21.server", func() (any, error) { return learn(run) })
	if err != nil {
		harness.Errorf("%v", err)
	}
	return v.(*server)
}

// bgctx is the context of requests made outside a spec (discovery before the first spec); each
// is bounded by the run's request timeout.
func bgctx() context.Context { return context.Background() }

func learn(run *harness.Run) (*server, error) {
	s, err := learnRoot(run)
	if err != nil {
		return nil, err
	}
	s.apiRoots = appendRoot(s.apiRoots, s.apiRoot)
	return s, nil
}

// appendRoot adds an API root URL to a list unless it is already there.
func appendRoot(list []string, root string) []string {
	for _, r := range list {
		if r == root {
			return list
		}
	}
	return append(list, root)
}

func learnRoot(run *harness.Run) (*server, error) {
	t := run.Target()
	x, err := run.Fetch(bgctx(), http.MethodGet, t.String(), http.Header{"Accept": {MediaTAXII}}, nil)
	if err != nil {
		return nil, fmt.Errorf("fetching the target: %v", err)
	}
	// Any success will do here: the specs of §4.1 hold the answer to its exact status.
	if x.Status/100 != 2 {
		return nil, fmt.Errorf("GET %s answered %d, so neither discovery nor an API root can be read with the given credentials", t, x.Status)
	}
	body, err := x.Object()
	if err != nil {
		return nil, fmt.Errorf("GET %s: the body is not a JSON object: %v", t, err)
	}
	s := &server{}
	if p := run.Profile().TAXII21; p != nil && p.APIRoot != "" {
		u, err := run.Resolve(p.APIRoot)
		if err != nil {
			return nil, fmt.Errorf("profile api_root: %v", err)
		}
		s.apiRoot = withSlash(u.String())
	}
	if _, isRoot := body["versions"]; isRoot {
		if s.apiRoot == "" {
			s.apiRoot = withSlash(t.String())
		}
		return s, nil
	}
	s.discoveryURL = t.String()
	if roots, ok := body["api_roots"].([]any); ok {
		for _, r := range roots {
			rs, _ := r.(string)
			if ref, err := url.Parse(rs); err == nil && rs != "" {
				s.apiRoots = appendRoot(s.apiRoots, withSlash(t.ResolveReference(ref).String()))
			}
		}
	}
	if s.apiRoot != "" {
		return s, nil
	}
	var pick string
	if d, ok := body["default"].(string); ok && d != "" {
		pick = d
	} else if roots, ok := body["api_roots"].([]any); ok && len(roots) > 0 {
		pick, _ = roots[0].(string)
	}
	if pick == "" {
		return nil, fmt.Errorf("the discovery resource at %s names no API root; give one with the profile's taxii21.api_root", t)
	}
	ref, err := url.Parse(pick)
	if err != nil {
		return nil, fmt.Errorf("the discovery resource names an unparseable API root %q", pick)
	}
	s.apiRoot = withSlash(t.ResolveReference(ref).String())
	return s, nil
}

func withSlash(s string) string {
	if strings.HasSuffix(s, "/") {
		return s
	}
	return s + "/"
}

// needDiscovery disables a spec when the target is an API root rather than a discovery URL.
func needDiscovery() string {
	s := target()
	if s.discoveryURL == "" {
		harness.Disable("the target is an API root, not a discovery endpoint")
	}
	return s.discoveryURL
}

// URLs of the endpoints (§3.1), absolute, with the trailing slash §3.1 requires.
func apiRootURL() string { return target().apiRoot }
func statusURL(id string) string {
	return apiRootURL() + "status/" + url.PathEscape(id) + "/"
}
func collectionsURL() string { return apiRootURL() + "collections/" }
func collectionURL(c string) string {
	return collectionsURL() + url.PathEscape(c) + "/"
}
func objectsURL(c string) string  { return collectionURL(c) + "objects/" }
func manifestURL(c string) string { return collectionURL(c) + "manifest/" }
func objectURL(c, id string) string {
	return objectsURL(c) + url.PathEscape(id) + "/"
}
func versionsURL(c, id string) string { return objectURL(c, id) + "versions/" }

// withQuery appends query parameters given as name, value pairs. Names like match[type] are
// sent with their brackets percent-encoded, as url.Values does; servers must decode them.
func withQuery(u string, kv ...string) string {
	if len(kv) == 0 {
		return u
	}
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Add(kv[i], kv[i+1])
	}
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	return u + sep + q.Encode()
}

// as returns a client for a named identity ("" is the default one).
func as(identity string) *harness.Client { return harness.Current().Client(identity) }

// get fetches a TAXII resource with the versioned TAXII Accept header.
func get(c *harness.Client, u string) *harness.Exchange { return c.Do(getReq(u)) }

// getWith fetches with explicit headers (name, value pairs).
func getWith(c *harness.Client, u string, kv ...string) *harness.Exchange {
	return c.Do(harness.Request{Method: http.MethodGet, URL: u, Header: headers(kv...)})
}

func headers(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}

// postEnvelope sends objects to a collection as an envelope.
func postEnvelope(c *harness.Client, coll string, objs ...map[string]any) *harness.Exchange {
	return c.Do(postReq(coll, envelopeBody(objs...)))
}

// collectionInfo is the part of a collection resource the specs use.
type collectionInfo struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	CanRead    bool     `json:"can_read"`
	CanWrite   bool     `json:"can_write"`
	MediaTypes []string `json:"media_types"`
}

// listCollections reads the collections the identity can see; setup failures are errors.
func listCollections(identity string) []collectionInfo {
	x := get(as(identity), collectionsURL())
	harness.Setup().Expect(x.Status).To(gomega.Equal(http.StatusOK), "listing collections as %s", identity)
	var body struct {
		Collections []collectionInfo `json:"collections"`
	}
	harness.Setup().Expect(x.Decode(&body)).To(gomega.Succeed(), "decoding the collections resource")
	return body.Collections
}

// Which collection a spec works in. The profile names them; without it the harness looks for
// one with the right rights for the identity, and disables the spec when there is none.
func writableCollection() string {
	return pickCollection("read_write", func(p *harness.Profile21) string { return p.Collections.ReadWrite },
		writer, func(c collectionInfo) bool { return c.CanRead && c.CanWrite })
}

func readOnlyCollection() string {
	return pickCollection("read_only", func(p *harness.Profile21) string { return p.Collections.ReadOnly },
		writer, func(c collectionInfo) bool { return c.CanRead && !c.CanWrite })
}

func writeOnlyCollection() string {
	return pickCollection("write_only", func(p *harness.Profile21) string { return p.Collections.WriteOnly },
		writer, func(c collectionInfo) bool { return !c.CanRead && c.CanWrite })
}

// readableCollection is any collection the default identity can read.
func readableCollection() string {
	return pickCollection("read_write", func(p *harness.Profile21) string {
		if p.Collections.ReadWrite != "" {
			return p.Collections.ReadWrite
		}
		return p.Collections.ReadOnly
	}, standard, func(c collectionInfo) bool { return c.CanRead })
}

func pickCollection(kind string, fromProfile func(*harness.Profile21) string, identity string, ok func(collectionInfo) bool) string {
	run := harness.Current()
	if p := run.Profile().TAXII21; p != nil {
		if id := fromProfile(p); id != "" {
			return id
		}
	}
	if !run.HasIdentity(identity) {
		identity = standard
	}
	v, err := run.Memo("taxii21.collection."+kind+"."+identity, func() (any, error) {
		for _, c := range listCollections(identity) {
			if ok(c) {
				return c.ID, nil
			}
		}
		return "", nil
	})
	if err != nil || v.(string) == "" {
		harness.Disable(fmt.Sprintf("no %s collection: name one in the profile (taxii21.collections.%s)", strings.ReplaceAll(kind, "_", "-"), kind))
	}
	return v.(string)
}

// STIX data. Every spec makes its own objects with fresh identifiers so that specs never
// depend on each other or on what the server already holds.

// newID returns a fresh STIX identifier of the given type.
func newID(typ string) string { return typ + "--" + uuid.NewString() }

// stamp renders a time as a STIX/TAXII timestamp with millisecond precision in UTC.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// indicator returns a minimal valid STIX 2.1 indicator with the given id and modified time.
func indicator(id string, created, modified time.Time) map[string]any {
	return map[string]any{
		"type":            "indicator",
		"spec_version":    "2.1",
		"id":              id,
		"created":         stamp(created),
		"modified":        stamp(modified),
		"name":            "taxii-conform test indicator",
		"pattern":         "[ipv4-addr:value = '198.51.100.7']",
		"pattern_type":    "stix",
		"valid_from":      stamp(created),
		"indicator_types": []string{"malicious-activity"},
	}
}

// versionsOf returns n versions of one new indicator, oldest first, one minute apart.
func versionsOf(n int) (string, []map[string]any) {
	id := newID("indicator")
	created := time.Now().UTC().Add(-time.Duration(n) * time.Hour).Truncate(time.Millisecond)
	out := make([]map[string]any, n)
	for i := range out {
		out[i] = indicator(id, created, created.Add(time.Duration(i)*time.Minute))
	}
	return id, out
}

// ---- the resource model of sections 2, 3.8 and 7 ----
//
// The specs of the data types (§2), property names (§3.8) and custom properties (§7.1.1) walk
// every TAXII resource the run has seen with this model of the property tables, so that each
// rule is checked explicitly, whatever the schemas also report.

// Property types of the tables (§2), plus "list:<kind>" for a list of nested resources.
const (
	tString     = "string"
	tBoolean    = "boolean"
	tInteger    = "integer"
	tTimestamp  = "timestamp"
	tIdentifier = "identifier"
	tDictionary = "dictionary"
	tStrings    = "list:string"
)

// prop is one row of a property table.
type prop struct {
	typ      string
	required bool
}

// resourceModel maps each resource (and nested type) to its properties. "list:stix" marks the
// STIX objects of an envelope, which are STIX's business, not TAXII's.
var resourceModel = map[string]map[string]prop{
	"discovery": {"title": {tString, true}, "description": {tString, false}, "contact": {tString, false},
		"default": {tString, false}, "api_roots": {tStrings, false}},
	"api-root": {"title": {tString, true}, "description": {tString, false},
		"versions": {tStrings, true}, "max_content_length": {tInteger, true}},
	"status": {"id": {tIdentifier, true}, "status": {tString, true}, "request_timestamp": {tTimestamp, false},
		"total_count": {tInteger, true}, "success_count": {tInteger, true}, "successes": {"list:status-details", false},
		"failure_count": {tInteger, true}, "failures": {"list:status-details", false},
		"pending_count": {tInteger, true}, "pendings": {"list:status-details", false}},
	"status-details": {"id": {tString, true}, "version": {tString, true}, "message": {tString, false}},
	"collections":    {"collections": {"list:collection", false}},
	"collection": {"id": {tIdentifier, true}, "title": {tString, true}, "description": {tString, false},
		"alias": {tString, false}, "can_read": {tBoolean, true}, "can_write": {tBoolean, true},
		"media_types": {tStrings, false}},
	// next is not in the manifest and versions tables, but §3.5 pages them with it (a known
	// erratum, oasis-tcs/cti-taxii2 issue 110), so servers send it.
	"manifest":        {"more": {tBoolean, false}, "next": {tString, false}, "objects": {"list:manifest-record", false}},
	"manifest-record": {"id": {tString, true}, "date_added": {tTimestamp, true}, "version": {tString, true}, "media_type": {tString, false}},
	"envelope":        {"more": {tBoolean, false}, "next": {tString, false}, "objects": {"list:stix", false}},
	"versions":        {"more": {tBoolean, false}, "next": {tString, false}, "versions": {tStrings, false}},
	"error": {"title": {tString, true}, "description": {tString, false}, "error_id": {tString, false},
		"error_code": {tString, false}, "http_status": {tString, false}, "external_details": {tString, false},
		"details": {tDictionary, false}},
}

// field is one property met while walking a resource.
type field struct {
	kind  string // the resource (or nested type) that holds it
	name  string
	path  string // JSON pointer within the body
	value any
	// known is false for a property the table does not define (a custom property).
	known bool
	prop  prop
}

// walkResource visits every property of a TAXII resource of the given kind and of the TAXII
// types nested in it (not the STIX objects of an envelope). A value that is not a JSON object
// where one is expected is left to the type checks of the caller's field.
func walkResource(kind string, v any, path string, visit func(field)) {
	m, ok := v.(map[string]any)
	if !ok {
		return
	}
	model := resourceModel[kind]
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		p, known := model[k]
		f := field{kind: kind, name: k, path: path + "/" + k, value: m[k], known: known, prop: p}
		visit(f)
		if sub, ok := strings.CutPrefix(p.typ, "list:"); ok && sub != "string" && sub != "stix" {
			if list, ok := m[k].([]any); ok {
				for i, e := range list {
					walkResource(sub, e, fmt.Sprintf("%s/%d", f.path, i), visit)
				}
			}
		}
	}
}

// doc is one TAXII resource the run received.
type doc struct {
	kind string
	x    *harness.Exchange
	body any
}

func (d doc) String() string { return fmt.Sprintf("the %s of answer #%d", d.kind, d.x.Seq) }

// corpus gathers one of each TAXII resource from the target: discovery (when the target is a
// discovery URL), the API root, the collections and a collection, an error, and, unless the run
// is read-only, a status, a manifest, envelopes (one paged, one empty) and a versions resource about
// objects the spec adds itself. Read-only runs read the first records of a readable collection
// instead. Failing to gather is a setup error.
func corpus() []doc {
	var out []doc
	keep := func(kind string, x *harness.Exchange, status int) {
		harness.Setup().Expect(x.Status).To(gomega.Equal(status), "%s %s for the %s resource", x.Request.Method, x.URL, kind)
		v, err := x.JSON()
		harness.Setup().Expect(err).NotTo(gomega.HaveOccurred(), "the %s body of answer #%d", kind, x.Seq)
		out = append(out, doc{kind: kind, x: x, body: v})
	}
	c := as(standard)
	if d := target().discoveryURL; d != "" {
		keep("discovery", get(c, d), http.StatusOK)
	}
	keep("api-root", get(c, apiRootURL()), http.StatusOK)
	keep("collections", get(c, collectionsURL()), http.StatusOK)
	coll := readableCollection()
	keep("collection", get(c, collectionURL(coll)), http.StatusOK)
	if x := get(c, collectionURL(uuid.NewString())); x.Status >= 400 && len(bytes.TrimSpace(x.Body)) > 0 {
		// An error body that is not JSON is the error specs' business; keep it as nothing.
		v, _ := x.JSON()
		out = append(out, doc{kind: "error", x: x, body: v})
	}
	if harness.Current().Config().ReadOnly {
		keep("manifest", get(c, withQuery(manifestURL(coll), "limit", "3")), http.StatusOK)
		keep("envelope", get(c, withQuery(objectsURL(coll), "limit", "3")), http.StatusOK)
		return out
	}
	coll = writableCollection()
	w := as(writerName())
	id, vs := versionsOf(2)
	md := map[string]any{
		"type": "marking-definition", "spec_version": "2.1", "id": newID("marking-definition"),
		"created": stamp(time.Now().Add(-time.Hour)), "definition_type": "statement",
		"definition": map[string]any{"statement": "taxii-conform corpus"},
	}
	x, st := submit(w, coll, append(vs, md)...)
	keep("status", x, http.StatusAccepted)
	waitComplete(w, st)
	keep("status", get(w, statusURL(st.ID)), http.StatusOK)
	both := id + "," + md["id"].(string)
	keep("manifest", get(w, withQuery(manifestURL(coll), "match[id]", both, "match[version]", "all")), http.StatusOK)
	keep("envelope", get(w, withQuery(objectsURL(coll), "match[id]", both, "match[version]", "all")), http.StatusOK)
	keep("envelope", get(w, withQuery(objectsURL(coll), "match[id]", both, "match[version]", "all", "limit", "1")), http.StatusOK)
	keep("envelope", get(w, withQuery(objectsURL(coll), "match[id]", newID("indicator"))), http.StatusOK)
	keep("envelope", get(w, objectURL(coll, id)), http.StatusOK)
	keep("versions", get(w, versionsURL(coll, id)), http.StatusOK)
	return out
}

// submit posts objects as an envelope and reads the status resource of the 202 answer; any
// other answer is a setup error.
func submit(c *harness.Client, coll string, objs ...map[string]any) (*harness.Exchange, taxiiStatus) {
	x := postEnvelope(c, coll, objs...)
	harness.Setup().Expect(x.Status).To(gomega.Equal(http.StatusAccepted), "adding %d objects to collection %s", len(objs), coll)
	var st taxiiStatus
	harness.Setup().Expect(x.Decode(&st)).To(gomega.Succeed(), "decoding the status of an add")
	harness.Setup().Expect(st.ID).NotTo(gomega.BeEmpty(), "the status of an add has no id")
	return x, st
}

// waitComplete polls a status until it is complete and requires that every object succeeded.
func waitComplete(c *harness.Client, st taxiiStatus) taxiiStatus {
	st = awaitStatus(c, st)
	harness.Setup().Expect(st.Status).To(gomega.Equal("complete"), "status %s", st.ID)
	harness.Setup().Expect(st.FailureCount).To(gomega.BeZero(), "objects refused by the server: %v", st.Failures)
	return st
}

// ---- values of section 2 ----

var (
	uuid4RE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$`)
	// rfc3339RE is the shape of an RFC 3339 date-time (section 5.6 of RFC 3339).
	rfc3339RE  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$`)
	fraction6  = regexp.MustCompile(`:\d{2}\.\d{6}([Zz]|[+-]\d{2}:\d{2})$`)
	maxInteger = big.NewInt(1<<53 - 1)
	minInteger = big.NewInt(-(1<<53 - 1))
)

// stampRule is one rule of the TAXII timestamp type (§2), with the requirement it encodes.
type stampRule struct {
	req  string
	says string
	ok   func(string) bool
}

// stampRules are the §2 timestamp rules, one per requirement, so that a server that breaks one
// (e.g. sends milliseconds) fails only that one.
var stampRules = []stampRule{
	{"T21-2-12", "an RFC 3339 date-time laid out YYYY-MM-DDTHH:MM:SS[.s]Z", func(s string) bool {
		if !rfc3339RE.MatchString(s) {
			return false
		}
		_, err := time.Parse(time.RFC3339Nano, strings.ToUpper(s))
		return err == nil
	}},
	{"T21-2-13", "six fractional-second digits", fraction6.MatchString},
	{"T21-2-14", "in UTC", func(s string) bool {
		t, err := time.Parse(time.RFC3339Nano, strings.ToUpper(s))
		if err != nil {
			return true // not a timestamp at all: T21-2-12's business
		}
		_, off := t.Zone()
		return off == 0
	}},
	{"T21-2-15", "marked with Z", func(s string) bool { return strings.HasSuffix(s, "Z") }},
}

// stampProblems lists the §2 timestamp rules a value breaks ("" when it is a TAXII timestamp).
func stampProblems(v string) string {
	var bad []string
	for _, r := range stampRules {
		if !r.ok(v) {
			bad = append(bad, r.says)
		}
	}
	return strings.Join(bad, "; ")
}

// isInteger reports whether a decoded JSON number is a whole number in the I-JSON range.
func isInteger(v any) (whole, inRange bool) {
	n, ok := v.(json.Number)
	if !ok {
		return false, false
	}
	i, ok := new(big.Int).SetString(n.String(), 10)
	if !ok {
		return false, false
	}
	return true, i.Cmp(maxInteger) <= 0 && i.Cmp(minInteger) >= 0
}

// ---- media types ----

// contentType parses a response's Content-Type.
func contentType(x *harness.Exchange) (string, map[string]string) {
	mt, params, err := mime.ParseMediaType(x.Header.Get("Content-Type"))
	if err != nil {
		return "", nil
	}
	return mt, params
}

// checkMediaType checks, each under its own requirement, that a response names the TAXII media
// type and version 2.1 in its Content-Type (§3.1).
func checkMediaType(typeReq, versionReq string, x *harness.Exchange) {
	mt, params := contentType(x)
	harness.Soft(typeReq).Expect(mt).To(gomega.Equal(MediaTAXIIUnversioned),
		"answer #%d (%d to %s %s) has Content-Type %q", x.Seq, x.Status, x.Request.Method, x.URL.Path, x.Header.Get("Content-Type"))
	if mt == MediaTAXIIUnversioned {
		harness.Soft(versionReq).Expect(params).To(gomega.HaveKeyWithValue("version", "2.1"),
			"answer #%d (%d to %s %s) has Content-Type %q", x.Seq, x.Status, x.Request.Method, x.URL.Path, x.Header.Get("Content-Type"))
	}
}

// ---- reading what the server holds ----

// records reads the manifest records of the given objects (all versions) in a collection, as
// preparation: the date_added values the server gave are what several specs compare against.
func records(coll string, objIDs ...string) []item {
	x := get(as(writerName()), withQuery(manifestURL(coll), "match[id]", strings.Join(objIDs, ","), "match[version]", "all"))
	harness.Setup().Expect(x.Status).To(gomega.Equal(http.StatusOK), "reading the manifest of %v", objIDs)
	l, err := parseListing(x, "objects", manifestItem)
	harness.Setup().Expect(err).NotTo(gomega.HaveOccurred(), "reading the manifest of %v", objIDs)
	harness.Setup().Expect(l.More).To(gomega.BeFalse(), "the manifest of %d objects does not fit one page", len(objIDs))
	for _, it := range l.Items {
		harness.Setup().Expect(objIDs).To(gomega.ContainElement(it.ID), "the manifest of %v lists a record of %q", objIDs, it.ID)
		harness.Setup().Expect(it.Version != "" && it.DateAdded != "").To(gomega.BeTrue(),
			"the manifest record of %s gives version %q and date_added %q", it.ID, it.Version, it.DateAdded)
	}
	return l.Items
}

// addedAt maps id@version (item.key) of every version of the objects to the date_added the
// manifest gives it, as preparation.
func addedAt(coll string, objIDs ...string) map[string]time.Time {
	var ids []string
	for _, id := range objIDs {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	out := map[string]time.Time{}
	for _, r := range records(coll, ids...) {
		out[r.key()] = parseStamp("date_added", r.DateAdded)
	}
	return out
}

// addOneByOne adds each object to the writable collection in a request of its own, as the
// writer, and returns the date_added of each version (by item key) from the manifest.
func addOneByOne(objs ...map[string]any) map[string]time.Time {
	w, coll := as(writerName()), writableCollection()
	for _, o := range objs {
		_, st := submit(w, coll, o)
		waitComplete(w, st)
	}
	return addedAt(coll, idsOf(objs...)...)
}

// dateAdded returns the date_added of one object version, from the manifest.
func dateAdded(coll, id, version string) time.Time {
	for _, it := range records(coll, id) {
		if sameInstant(it.Version, version) {
			return parseStamp("date_added", it.DateAdded)
		}
	}
	harness.Errorf("setup: the manifest has no record of %s version %s", id, version)
	return time.Time{}
}

// taxiiStamp renders a time as a TAXII timestamp (§2: microseconds, UTC, Z).
func taxiiStamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }

// page reads one page of a listing endpoint as the writer; anything but a 200 answer that
// reads as a listing is a setup error (other specs hold the endpoint to its table).
func page(u, key string, parse func(any) (item, error)) listing {
	x := get(as(writerName()), u)
	harness.Setup().Expect(x.Status).To(gomega.Equal(http.StatusOK), "GET %s", x.URL)
	l, err := parseListing(x, key, parse)
	harness.Setup().Expect(err).NotTo(gomega.HaveOccurred(), "reading the answer to GET %s", x.URL)
	return l
}

// mustJSON encodes a value the spec built itself; failing to is a harness error.
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		harness.Errorf("encoding JSON: %v", err)
	}
	return b
}

// requireAuth disables a spec about refusing clients when the profile says the server runs
// without authentication (§8.2.2 allows it).
func requireAuth() {
	if harness.Current().Profile().HasFeature21(featureNoAuth) {
		harness.Disable("the profile says the server runs without authentication (feature " + featureNoAuth + ")")
	}
}
