package taxii21

// Helpers of the section 5 specs (collections, manifest, objects, versions): adding objects and
// waiting for their status, reading envelopes, manifests and versions resources into one shape,
// the checks every endpoint table repeats (media type, error answers, permissions), and the
// filter specs that §5.3, §5.4, §5.6 and §5.8 share.

import (
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"
	gtypes "github.com/onsi/gomega/types"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// Bounds of the section 5 specs.
const (
	// statusWait bounds how long a spec waits for a pending status to complete.
	statusWait = 10 * time.Second
	// maxPages bounds how many pages a paging spec follows.
	maxPages = 20
	// maxOversize is the largest body the 413 spec is willing to send.
	maxOversize = 64 << 20
)

// featureNoAuth is the profile feature of a server that runs without authentication
// (§8.2.2 allows it): the specs that expect 401 are then disabled.
const featureNoAuth = "no-authentication"

// ---- identities and clients ----

// writerName is the identity that writes the read-write collection: the profile's writer,
// else the default identity.
func writerName() string {
	if harness.Current().HasIdentity(writer) {
		return writer
	}
	return standard
}

// rw is a client of the identity that writes (and reads) the read-write collection.
func rw() *harness.Client { return as(writerName()) }

// unauthenticated returns a client whose credentials no server may accept, or disables the spec
// when the profile says the server does not authenticate at all.
// deniedClients are the clients a server must refuse: anonymous, and with wrong credentials
// unless the run's own identity is anonymous.
func deniedClients() []*harness.Client {
	requireAuth()
	clients := []*harness.Client{as(anon)}
	if !harness.Current().Config().Identity.Anonymous() {
		clients = append(clients, unauthenticated())
	}
	return clients
}

func unauthenticated() *harness.Client {
	requireAuth()
	return harness.Current().WrongCredentials()
}

// tryAuthFailure makes a request with credentials the server must reject and checks that the
// answer is 401 or 404. A server may also leave such a request unanswered (§8.2.2), so a
// closed connection or a timeout is noted rather than failed.
func tryAuthFailure(req string, r harness.Request) {
	x, err := unauthenticated().Try(r)
	if err != nil {
		harness.Note("the request with wrong credentials was left unanswered (%v); §8.2.2 allows it", err)
		return
	}
	harness.For(req).Expect(x.Status).To(gomega.BeElementOf(http.StatusUnauthorized, http.StatusNotFound),
		"%s with credentials the server must reject should be answered 401 or 404", r.Method)
}

// ---- requests ----

func getReq(u string) harness.Request {
	return harness.Request{Method: http.MethodGet, URL: u, Header: http.Header{"Accept": {MediaTAXII}}}
}

func deleteReq(u string) harness.Request {
	return harness.Request{Method: http.MethodDelete, URL: u, Header: http.Header{"Accept": {MediaTAXII}}}
}

func postReq(coll string, body []byte) harness.Request {
	return harness.Request{Method: http.MethodPost, URL: objectsURL(coll), Body: body, Header: postHeader()}
}

// postHeader is the header of POST objects: the TAXII media type both ways.
func postHeader() http.Header {
	return http.Header{"Accept": {MediaTAXII}, "Content-Type": {MediaTAXII}}
}

// envelopeBody encodes objects as an envelope.
func envelopeBody(objs ...map[string]any) []byte { return mustJSON(map[string]any{"objects": objs}) }

func del(c *harness.Client, u string) *harness.Exchange { return c.Do(deleteReq(u)) }

// missingAPIRoot is the URL of an API root the server cannot host: a fresh random path on the
// target's origin.
func missingAPIRoot() string {
	u, err := url.Parse(apiRootURL())
	if err != nil {
		harness.Errorf("the API root URL %q does not parse: %v", apiRootURL(), err)
	}
	u.Path, u.RawPath, u.RawQuery = "/taxii-conform-missing-"+uuid.NewString()+"/", "", ""
	return u.String()
}

// missingCollection is a collection id the server cannot hold.
func missingCollection() string { return uuid.NewString() }

// ---- media types and error answers ----

// isTAXII21 reports whether a Content-Type value names application/taxii+json;version=2.1.
func isTAXII21(ct string) bool {
	mt, params, err := mime.ParseMediaType(ct)
	return err == nil && mt == "application/taxii+json" && params["version"] == "2.1"
}

// expectTAXIIType checks that an answer's Content-Type is the TAXII 2.1 media type.
func expectTAXIIType(g gtypes.Gomega, x *harness.Exchange) {
	ct := x.Header.Get("Content-Type")
	g.Expect(isTAXII21(ct)).To(gomega.BeTrue(),
		"answer #%d (%d) has Content-Type %q, not application/taxii+json;version=2.1", x.Seq, x.Status, ct)
}

// expectErrorAnswer checks an error answer as every endpoint table of section 5 defines it: the
// TAXII media type and, when there is a body, an error resource (a JSON object with a string
// title). An answer without a body and without Content-Type is tolerated: §3.1 lets error
// answers go without a body, and there is then nothing to label.
func expectErrorAnswer(g gtypes.Gomega, x *harness.Exchange) {
	g.Expect(x.Status).To(gomega.BeNumerically(">=", 400), "answer #%d should be an error", x.Seq)
	if len(strings.TrimSpace(string(x.Body))) == 0 && x.Header.Get("Content-Type") == "" {
		harness.Note("error answer #%d (%d) has neither body nor Content-Type", x.Seq, x.Status)
		return
	}
	expectTAXIIType(g, x)
	if len(strings.TrimSpace(string(x.Body))) == 0 {
		return
	}
	body, err := x.Object()
	g.Expect(err).NotTo(gomega.HaveOccurred(), "the body of error answer #%d is not a JSON object", x.Seq)
	g.Expect(body).To(gomega.HaveKeyWithValue("title", gomega.BeAssignableToTypeOf("")),
		"the body of error answer #%d is not an error resource: it has no string title", x.Seq)
}

// expectOK checks that an answer has the given success status, then its TAXII media type,
// each under its own requirement.
func expectOK(statusReq, typeReq string, x *harness.Exchange, code int) {
	harness.For(statusReq).Expect(x.Status).To(gomega.Equal(code), "%s %s", x.Request.Method, x.URL)
	expectTAXIIType(harness.For(typeReq), x)
}

// ---- status resources ----

// taxiiStatus is the part of a status resource (§4.3.1) the specs read.
type taxiiStatus struct {
	ID           string         `json:"id"`
	Status       string         `json:"status"`
	TotalCount   int            `json:"total_count"`
	SuccessCount int            `json:"success_count"`
	FailureCount int            `json:"failure_count"`
	PendingCount int            `json:"pending_count"`
	Successes    []statusDetail `json:"successes"`
	Failures     []statusDetail `json:"failures"`
	Pendings     []statusDetail `json:"pendings"`
}

type statusDetail struct {
	ID      string `json:"id"`
	Version string `json:"version"`
	Message string `json:"message"`
}

func detailIDs(ds []statusDetail) []string {
	out := make([]string, 0, len(ds))
	for _, d := range ds {
		out = append(out, d.ID)
	}
	return out
}

// awaitStatus re-reads a pending status until it is complete, within statusWait; a status that
// cannot be read or stays pending ends the spec as an error.
func awaitStatus(c *harness.Client, st taxiiStatus) taxiiStatus {
	deadline := time.Now().Add(statusWait)
	pause := 10 * time.Millisecond
	for st.Status == "pending" {
		if time.Now().After(deadline) {
			harness.Errorf("status %s still pending after %v", st.ID, statusWait)
		}
		time.Sleep(pause)
		pause = min(2*pause, 250*time.Millisecond)
		x := get(c, statusURL(st.ID))
		setupOK(x, "reading status %s", st.ID)
		// Decode into a fresh value: a body without "status" must not keep reading "pending".
		var next taxiiStatus
		harness.Setup().Expect(x.Decode(&next)).To(gomega.Succeed(), "decoding status %s", st.ID)
		st = next
	}
	return st
}

// success matches a 2xx status code: where a spec needs a request to have worked but the exact
// code is another requirement's business.
func success() gtypes.GomegaMatcher {
	return gomega.SatisfyAll(gomega.BeNumerically(">=", 200), gomega.BeNumerically("<", 300))
}

// setupOK checks, as preparation, that a request succeeded: any 2xx will do, since the exact
// code is the business of the spec of that endpoint.
func setupOK(x *harness.Exchange, format string, args ...any) {
	harness.Setup().Expect(x.Status/100).To(gomega.Equal(2), "%s: answered %d", fmt.Sprintf(format, args...), x.Status)
}

// addAs adds objects to a collection as an identity, as preparation: the POST must succeed and
// every object must be stored once the status is complete.
func addAs(identity, coll string, objs ...map[string]any) taxiiStatus {
	c := as(identity)
	x := c.Do(postReq(coll, envelopeBody(objs...)))
	setupOK(x, "adding %d objects to %s", len(objs), coll)
	var st taxiiStatus
	harness.Setup().Expect(x.Decode(&st)).To(gomega.Succeed(), "decoding the status of an add")
	return waitComplete(c, st)
}

// add adds objects to the read-write collection as the writer.
func add(objs ...map[string]any) {
	addAs(writerName(), writableCollection(), objs...)
}

// ---- STIX objects ----

// past is a fresh timestamp a little in the past, at millisecond precision.
func past() time.Time { return time.Now().UTC().Add(-time.Hour).Truncate(time.Millisecond) }

// freshIndicator is one new indicator with a single version.
func freshIndicator() map[string]any {
	t := past()
	return indicator(newID("indicator"), t, t)
}

// malware returns a minimal valid STIX 2.1 malware object (a family, so it has a name).
func malware(id string, created, modified time.Time) map[string]any {
	return map[string]any{
		"type": "malware", "spec_version": "2.1", "id": id,
		"created": stamp(created), "modified": stamp(modified),
		"name": "taxii-conform test malware", "is_family": true,
	}
}

// markingDefinition returns a statement marking: a STIX object that has created but, being
// immutable, no modified.
func markingDefinition(id string, created time.Time) map[string]any {
	return map[string]any{
		"type": "marking-definition", "spec_version": "2.1", "id": id, "created": stamp(created),
		"definition_type": "statement",
		"definition":      map[string]any{"statement": "taxii-conform test marking"},
	}
}

// ipv4 returns an IPv4 address observable: a STIX object with neither created nor modified.
func ipv4(id, value string) map[string]any {
	return map[string]any{"type": "ipv4-addr", "spec_version": "2.1", "id": id, "value": value}
}

// versionOf is what TAXII takes as the version of a STIX object: modified, else created.
func versionOf(o map[string]any) string {
	if v, ok := o["modified"].(string); ok {
		return v
	}
	v, _ := o["created"].(string)
	return v
}

// sameInstant compares two timestamps as instants (servers may re-render them, e.g. with six
// fractional digits); values that are not timestamps are compared as strings.
func sameInstant(a, b string) bool { return canon(a) == canon(b) }

func canon(s string) string {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC().Format(time.RFC3339Nano)
	}
	return s
}

// parseStamp reads a timestamp, as preparation.
func parseStamp(what, s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	harness.Setup().Expect(err).NotTo(gomega.HaveOccurred(), "%s %q is not a timestamp", what, s)
	return t
}

// ---- listings: envelopes, manifests and versions in one shape ----

// item is one entry of a listing: an object version of an envelope, a manifest record, or a
// version of a versions resource (whose ID is then empty).
type item struct {
	ID        string
	Version   string
	DateAdded string
	MediaType string
}

func (i item) key() string { return i.ID + "@" + canon(i.Version) }

// listing is a page of an endpoint that lists things.
type listing struct {
	X     *harness.Exchange
	Body  map[string]any
	Items []item
	More  bool
	Next  string
}

// IDs lists the distinct ids of the items, sorted.
func (l listing) IDs() []string {
	seen := map[string]bool{}
	var out []string
	for _, it := range l.Items {
		if !seen[it.ID] {
			seen[it.ID] = true
			out = append(out, it.ID)
		}
	}
	sort.Strings(out)
	return out
}

// Versions lists the versions of the items, as canonical instants, sorted.
func (l listing) Versions() []string {
	out := make([]string, 0, len(l.Items))
	for _, it := range l.Items {
		out = append(out, canon(it.Version))
	}
	sort.Strings(out)
	return out
}

// Keys lists id@version of the items, sorted.
func (l listing) Keys() []string {
	out := make([]string, 0, len(l.Items))
	for _, it := range l.Items {
		out = append(out, it.key())
	}
	sort.Strings(out)
	return out
}

// keysOf lists id@version of STIX objects, sorted, to compare with listing.Keys.
func keysOf(objs ...map[string]any) []string {
	out := make([]string, 0, len(objs))
	for _, o := range objs {
		id, _ := o["id"].(string)
		out = append(out, item{ID: id, Version: versionOf(o)}.key())
	}
	sort.Strings(out)
	return out
}

// idsOf lists the ids of STIX objects, sorted.
func idsOf(objs ...map[string]any) []string {
	out := make([]string, 0, len(objs))
	for _, o := range objs {
		id, _ := o["id"].(string)
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// canonAll canonicalises timestamps, sorted.
func canonAll(vs ...string) []string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		out = append(out, canon(v))
	}
	sort.Strings(out)
	return out
}

// parseListing reads a 200 answer's body as a listing whose entries sit under key; toItem turns
// one entry into an item. Problems are reported as an error for the caller to attribute.
func parseListing(x *harness.Exchange, key string, toItem func(any) (item, error)) (listing, error) {
	l := listing{X: x}
	body, err := x.Object()
	if err != nil {
		return l, fmt.Errorf("answer #%d: %v", x.Seq, err)
	}
	l.Body = body
	if m, ok := body["more"]; ok {
		b, ok := m.(bool)
		if !ok {
			return l, fmt.Errorf("answer #%d: more is %T, not a boolean", x.Seq, m)
		}
		l.More = b
	}
	if n, ok := body["next"]; ok {
		s, ok := n.(string)
		if !ok {
			return l, fmt.Errorf("answer #%d: next is %T, not a string", x.Seq, n)
		}
		l.Next = s
	}
	raw, ok := body[key]
	if !ok {
		return l, nil
	}
	list, ok := raw.([]any)
	if !ok {
		return l, fmt.Errorf("answer #%d: %s is %T, not a list", x.Seq, key, raw)
	}
	for i, e := range list {
		it, err := toItem(e)
		if err != nil {
			return l, fmt.Errorf("answer #%d: %s[%d]: %v", x.Seq, key, i, err)
		}
		l.Items = append(l.Items, it)
	}
	return l, nil
}

func objectItem(e any) (item, error) {
	o, ok := e.(map[string]any)
	if !ok {
		return item{}, fmt.Errorf("a %T, not a STIX object", e)
	}
	id, ok := o["id"].(string)
	if !ok {
		return item{}, fmt.Errorf("no string id")
	}
	return item{ID: id, Version: versionOf(o)}, nil
}

func manifestItem(e any) (item, error) {
	o, ok := e.(map[string]any)
	if !ok {
		return item{}, fmt.Errorf("a %T, not a manifest-record", e)
	}
	var it item
	for k, dst := range map[string]*string{"id": &it.ID, "version": &it.Version, "date_added": &it.DateAdded, "media_type": &it.MediaType} {
		if v, present := o[k]; present {
			s, ok := v.(string)
			if !ok {
				return item{}, fmt.Errorf("%s is a %T, not a string", k, v)
			}
			*dst = s
		}
	}
	return it, nil
}

func versionItem(e any) (item, error) {
	s, ok := e.(string)
	if !ok {
		return item{}, fmt.Errorf("a %T, not a string", e)
	}
	return item{Version: s}, nil
}

// view is an endpoint that lists things and takes filters: GET objects, GET manifest, GET an
// object, GET object versions.
type view struct {
	name string
	// supports is the requirement that the endpoint supports its filters (T21-5.x-0y).
	supports string
	// perObject endpoints have the object id in their path.
	perObject bool
	// url builds the endpoint URL; id is only used by per-object endpoints.
	url   func(coll, id string) string
	key   string
	parse func(any) (item, error)
	// filters are the parameters its table lists.
	filters []string
	// resource is the requirement that its 200 answers carry its resource.
	resource string
}

var (
	objectsView = view{name: "GET objects", supports: "T21-5.4-03", resource: "T21-5.4-07", key: "objects", parse: objectItem,
		url:     func(c, _ string) string { return objectsURL(c) },
		filters: []string{"added_after", "limit", "next", "match[id]", "match[type]", "match[version]", "match[spec_version]"}}
	manifestView = view{name: "GET manifest", supports: "T21-5.3-04", resource: "T21-5.3-08", key: "objects", parse: manifestItem,
		url:     func(c, _ string) string { return manifestURL(c) },
		filters: []string{"added_after", "limit", "next", "match[id]", "match[type]", "match[version]", "match[spec_version]"}}
	objectView = view{name: "GET an object", supports: "T21-5.6-04", resource: "T21-5.6-08", perObject: true, key: "objects", parse: objectItem,
		url:     objectURL,
		filters: []string{"added_after", "limit", "next", "match[version]", "match[spec_version]"}}
	versionsView = view{name: "GET object versions", supports: "T21-5.8-04", resource: "T21-5.8-07", perObject: true, key: "versions", parse: versionItem,
		url:     versionsURL,
		filters: []string{"added_after", "limit", "next", "match[spec_version]"}}
)

// fetch reads one page of the view for the object ids given (the path's object for per-object
// views, match[id] otherwise, none for the whole collection) with further query parameters as name, value pairs. A refusal
// (an error other than 404) breaks req, the endpoint not supporting what was asked, or ends
// the spec in error when req is "" (a request made as preparation). What
// the specs of filters and paging cannot judge ends them in error instead: a 404 for a
// collection and objects the spec added (an empty result has requirements of its own,
// T21-5.4-04 and T21-5.6-05), a body that does not read as the view's resource (the
// endpoint's resource requirement), and items that do not name what they stand for (see
// identified).
func (v view) fetch(req, coll string, objIDs []string, kv ...string) listing {
	var u string
	switch {
	case v.perObject:
		u = v.url(coll, objIDs[0])
	case len(objIDs) == 0: // the whole collection, confined by kv if at all
		u = v.url(coll, "")
	default:
		u = v.url(coll, "")
		kv = append([]string{"match[id]", strings.Join(objIDs, ",")}, kv...)
	}
	x := get(rw(), withQuery(u, kv...))
	harness.Setup().Expect(x.Status).NotTo(gomega.Equal(http.StatusNotFound),
		"%s with %v answered 404 about a collection and objects the spec added", v.name, kv)
	// Which success code came back is the business of the endpoint's own status spec.
	refused := harness.Setup()
	if req != "" {
		refused = harness.For(req)
	}
	refused.Expect(x.Status/100).To(gomega.Equal(2), "%s with %v answered %d", v.name, kv, x.Status)
	l, err := parseListing(x, v.key, v.parse)
	harness.Setup().Expect(err).NotTo(gomega.HaveOccurred(), "reading the answer of %s (the resource is %s's business)", v.name, v.resource)
	v.identified(l, objIDs)
	return l
}

// identified requires, as preparation, that the items of a page say what they stand for: GET
// an object lists only its own object (T21-5.6-08), and manifest records carry a STIX id and a
// version (T21-5.3.1-03, -04, -07). A filter cannot be judged on items that do not.
func (v view) identified(l listing, objIDs []string) {
	for i, it := range l.Items {
		switch {
		case v.perObject && v.key == "objects":
			harness.Setup().Expect(it.ID).To(gomega.Equal(objIDs[0]),
				"%s (answer #%d) lists item %d of another object", v.name, l.X.Seq, i)
		case v.name == manifestView.name:
			harness.Setup().Expect(strings.Contains(it.ID, "--") && it.Version != "").To(gomega.BeTrue(),
				"%s (answer #%d): record %d has id %q and version %q, which name no STIX object version", v.name, l.X.Seq, i, it.ID, it.Version)
		}
	}
}

// settle reads the view for the objects with only the query kv and requires, as preparation,
// that it lists exactly want. A filter or paging spec narrows down, or pages through, a
// listing that must first show what the spec added; when it does not, other requirements
// are broken (those of match[id], match[version], the records, …) and this spec cannot judge
// its own.
func (v view) settle(coll string, objIDs []string, want []string, kv ...string) listing {
	l := v.fetch("", coll, objIDs, kv...)
	if l.More {
		// The server's own cap cut the page (§3.4 allows it): what it lists is part of want.
		harness.Setup().Expect(want).To(gomega.ContainElements(v.got(l)), "%s with %v, which the spec starts from", v.name, kv)
		harness.Note("%s with %v listed %d of %d items and more (a server cap)", v.name, kv, len(l.Items), len(want))
		return l
	}
	harness.Setup().Expect(v.got(l)).To(gomega.Equal(want), "%s with %v, which the spec starts from", v.name, kv)
	return l
}

// startsAtOldest requires, as preparation, that a first page holds the items added first, by
// the date_added the manifest gives (added, keyed as item.key): a paging spec follows a result
// set on from its first page, and where that page starts is T21-3.4-06's business. objs are
// what the listing holds in all; a versions page names no object, so its items are taken as
// versions of objs[0].
func startsAtOldest(v view, l listing, objs []map[string]any, added map[string]time.Time) {
	onPage := map[string]bool{}
	var latest time.Time
	for _, it := range l.Items {
		if it.ID == "" {
			it.ID = idOf(objs[0])
		}
		t, ok := added[it.key()]
		harness.Setup().Expect(ok).To(gomega.BeTrue(), "%s lists %s, which the manifest does not", v.name, it.key())
		onPage[it.key()] = true
		if t.After(latest) {
			latest = t
		}
	}
	for _, k := range keysOf(objs...) {
		if !onPage[k] {
			harness.Setup().Expect(added[k].Before(latest)).To(gomega.BeFalse(),
				"%s: the first page (answer #%d) holds an item added at %s but leaves %s, added earlier, for later", v.name, l.X.Seq, taxiiStamp(latest), k)
		}
	}
}

// onlyObjects requires, as preparation, that every item of a page is one of the given objects:
// match[id] confines the page (T21-3.4.1-01's business).
func onlyObjects(l listing, objIDs ...string) {
	for _, id := range l.IDs() {
		harness.Setup().Expect(objIDs).To(gomega.ContainElement(id), "answer #%d lists %s, which match[id] did not ask for", l.X.Seq, id)
	}
}

// expect is what the view lists for the given objects: id@version, or only the versions for
// the versions endpoint (which lists no ids).
func (v view) expect(objs ...map[string]any) []string {
	if v.key == "versions" {
		vs := make([]string, 0, len(objs))
		for _, o := range objs {
			vs = append(vs, versionOf(o))
		}
		return canonAll(vs...)
	}
	return keysOf(objs...)
}

// got is what a page of the view lists, in the shape expect gives.
func (v view) got(l listing) []string {
	if v.key == "versions" {
		return l.Versions()
	}
	return l.Keys()
}

// has reports whether the view's table lists the filter f.
func (v view) has(f string) bool { return slices.Contains(v.filters, f) }

// filterSpecs registers, inside the caller's Describe, one spec per filter the view's table
// lists, each showing that the endpoint applies that filter to data the spec adds itself.
func filterSpecs(v view) {
	req := v.supports
	if v.has("added_after") {
		ginkgo.It("applies added_after: only what was added later comes back", harness.Reqs(req), harness.Writes(), func() {
			coll := writableCollection()
			first, second := twoAdditions(v)
			add(first)
			ids := idsFor(v, first, second)
			l := v.fetch(req, coll, ids, perObjectAll(v)...)
			harness.Setup().Expect(v.got(l)).To(gomega.Equal(v.expect(first)), "before the second addition")
			mark := l.X.Header.Get("X-TAXII-Date-Added-Last")
			harness.Setup().Expect(mark).NotTo(gomega.BeEmpty(), "the answer has no X-TAXII-Date-Added-Last to learn the first date_added from")
			add(second)
			l = v.fetch(req, coll, ids, perObjectAll(v)...)
			harness.Setup().Expect(v.got(l)).To(gomega.ConsistOf(append(v.expect(first), v.expect(second)...)), "after the second addition")
			if last := l.X.Header.Get("X-TAXII-Date-Added-Last"); last != "" {
				harness.Setup().Expect(parseStamp("X-TAXII-Date-Added-Last", last).After(parseStamp("X-TAXII-Date-Added-Last", mark))).
					To(gomega.BeTrue(), "the two additions got the same date_added %s; they cannot be told apart", mark)
			}
			l = v.fetch(req, coll, ids, append(perObjectAll(v), "added_after", mark)...)
			harness.For(req).Expect(v.got(l)).To(gomega.Equal(v.expect(second)),
				"%s with added_after=%s (the date_added of the first addition) should list only the second", v.name, mark)
		})
	}
	if v.has("limit") {
		ginkgo.It("applies limit: no more than limit items, and more=true while items remain", harness.Reqs(req), harness.Writes(), func() {
			coll := writableCollection()
			objs := threeItems(v)
			add(objs...)
			v.settle(coll, idsFor(v, objs...), v.expect(objs...), perObjectAll(v)...)
			l := v.fetch(req, coll, idsFor(v, objs...), append(perObjectAll(v), "limit", "2")...)
			harness.For(req).Expect(len(l.Items)).To(gomega.BeNumerically("<=", 2), "%s with limit=2 listed %v", v.name, v.got(l))
			harness.For(req).Expect(v.expect(objs...)).To(gomega.ContainElements(v.got(l)), "%s with limit=2 listed items it was not asked for", v.name)
			harness.For(req).Expect(l.More).To(gomega.BeTrue(), "%s with limit=2 of 3 matching items should set more to true", v.name)
		})
	}
	if v.has("next") {
		ginkgo.It("applies next: following it lists the rest without repeating", harness.Reqs(req), harness.Writes(), func() {
			coll := writableCollection()
			objs := threeItems(v)
			add(objs...)
			ids := idsFor(v, objs...)
			v.settle(coll, ids, v.expect(objs...), perObjectAll(v)...)
			page := func(more ...string) listing {
				return v.fetch(req, coll, ids, append(append(perObjectAll(v), "limit", "1"), more...)...)
			}
			l := page()
			harness.Setup().Expect(l.More).To(gomega.BeTrue(), "a first page with limit=1 of 3 items does not set more")
			if l.Next == "" {
				harness.Unsupported(v.name + " pages without next values (§3.5 lets a server page by added_after instead)")
			}
			startsAtOldest(v, l, objs, addedAt(coll, idsOf(objs...)...))
			seen := v.got(l)
			for n := 1; l.More && n < maxPages; n++ {
				harness.For(req).Expect(l.Next).NotTo(gomega.BeEmpty(), "page %d sets more but gives no next", n)
				l = page("next", l.Next)
				seen = append(seen, v.got(l)...)
			}
			harness.For(req).Expect(l.More).To(gomega.BeFalse(), "still more after %d pages of one item", maxPages)
			harness.For(req).Expect(seen).To(gomega.ConsistOf(v.expect(objs...)),
				"following next from a first page of one item should list each of the 3 items exactly once")
		})
	}
	if v.has("match[id]") {
		ginkgo.It("applies match[id]: only the listed objects come back", harness.Reqs(req), harness.Writes(), func() {
			coll := writableCollection()
			a, b, c := freshIndicator(), freshIndicator(), freshIndicator()
			add(a, b, c)
			l := v.fetch(req, coll, idsOf(a, c))
			harness.For(req).Expect(l.IDs()).To(gomega.Equal(idsOf(a, c)), "%s with match[id]=<a>,<c>", v.name)
			l = v.fetch(req, coll, idsOf(b))
			harness.For(req).Expect(l.IDs()).To(gomega.Equal(idsOf(b)), "%s with match[id]=<b>", v.name)
		})
	}
	if v.has("match[type]") {
		reqs := []string{req}
		if v.name == manifestView.name {
			reqs = append(reqs, "T21-5.3-03") // the manifest filters by the described objects' type
		}
		ginkgo.It("applies match[type]: only objects of the listed types come back", harness.Reqs(reqs...), harness.Writes(), func() {
			coll := writableCollection()
			t := past()
			ind, mal := freshIndicator(), malware(newID("malware"), t, t)
			add(ind, mal)
			both := idsOf(ind, mal)
			v.settle(coll, both, keysOf(ind, mal))
			for _, c := range []struct {
				typ  string
				want []string
			}{{"malware", idsOf(mal)}, {"indicator", idsOf(ind)}} {
				l := v.fetch(req, coll, both, "match[type]", c.typ)
				for _, r := range reqs {
					harness.Soft(r).Expect(l.IDs()).To(gomega.Equal(c.want), "%s with match[type]=%s over an indicator and a malware", v.name, c.typ)
				}
			}
		})
	}
	if v.has("match[version]") {
		ginkgo.It("applies match[version]: first, last, all and a specific version", harness.Reqs(req), harness.Writes(), func() {
			coll := writableCollection()
			_, vs := versionsOf(3)
			add(vs...)
			ids := idsOf(vs[0])
			v.settle(coll, ids, keysOf(vs[2])) // the latest version by default
			for _, c := range []struct {
				value string
				want  []map[string]any
			}{
				{"first", vs[:1]}, {"last", vs[2:]}, {"all", vs}, {versionOf(vs[1]), vs[1:2]},
			} {
				l := v.fetch(req, coll, ids, "match[version]", c.value)
				harness.Soft(req).Expect(l.Keys()).To(gomega.Equal(keysOf(c.want...)), "%s with match[version]=%s over 3 versions", v.name, c.value)
			}
		})
	}
	if v.has("match[spec_version]") {
		ginkgo.It("applies match[spec_version]: 2.1 objects come back for 2.1 and not for 2.0", harness.Reqs(req), harness.Writes(), func() {
			coll := writableCollection()
			o := freshIndicator()
			add(o)
			ids := idsOf(o)
			v.settle(coll, ids, v.expect(o))
			l := v.fetch(req, coll, ids, "match[spec_version]", "2.1")
			harness.For(req).Expect(v.got(l)).To(gomega.Equal(v.expect(o)), "%s with match[spec_version]=2.1 over a 2.1 object", v.name)
			l = v.fetch(req, coll, ids, "match[spec_version]", "2.0")
			harness.For(req).Expect(l.Items).To(gomega.BeEmpty(), "%s with match[spec_version]=2.0 over a 2.1 object", v.name)
		})
	}
}

// twoAdditions returns what a filter spec adds in two separate requests: two objects for the
// collection-wide views, two versions of one object for the per-object ones.
func twoAdditions(v view) (map[string]any, map[string]any) {
	if v.perObject {
		_, vs := versionsOf(2)
		return vs[0], vs[1]
	}
	return freshIndicator(), freshIndicator()
}

// threeItems returns three objects, or three versions of one object for per-object views.
func threeItems(v view) []map[string]any {
	if v.perObject {
		_, vs := versionsOf(3)
		return vs
	}
	return []map[string]any{freshIndicator(), freshIndicator(), freshIndicator()}
}

// idsFor lists the object ids a view is asked about (one for per-object views).
func idsFor(v view, objs ...map[string]any) []string {
	ids := idsOf(objs...)
	if v.perObject {
		return ids[:1]
	}
	return ids
}

// perObjectAll asks GET an object for every version, so that its items are counted like those
// of the other views (it lists only the latest version by default).
func perObjectAll(v view) []string {
	if v.name == objectView.name {
		return []string{"match[version]", "all"}
	}
	return nil
}

// ---- specs every endpoint table asks for ----

// elsewhere moves an endpoint URL under an API root the server does not host.
func elsewhere(u string) string {
	return missingAPIRoot() + strings.TrimPrefix(u, apiRootURL())
}

// expectNotFound makes each request and checks that it is answered 404.
func expectNotFound(req string, c *harness.Client, rs ...harness.Request) {
	for _, r := range rs {
		x := c.Do(r)
		harness.Soft(req).Expect(x.Status).To(gomega.Equal(http.StatusNotFound), "%s %s", r.Method, x.URL)
	}
}

// expectErrorAnswers makes each request, which must fail, and checks its error answer.
func expectErrorAnswers(req string, c *harness.Client, rs ...harness.Request) {
	for _, r := range rs {
		x := c.Do(r)
		harness.Setup().Expect(x.Status).To(gomega.BeNumerically(">=", 400), "%s %s was expected to fail", r.Method, x.URL)
		expectErrorAnswer(harness.Soft(req), x)
	}
}

// expectRefused checks that a request is refused with one of the given codes.
func expectRefused(req string, x *harness.Exchange, codes ...int) {
	harness.For(req).Expect(x.Status).To(gomega.BeElementOf(codes), "%s %s as %s", x.Request.Method, x.URL, x.Identity)
}

// looksLikeTimestamp reports whether s reads as an RFC 3339 time in UTC marked with Z (the
// exact layout §2 asks for is checked by the section 2 specs).
func looksLikeTimestamp(s string) bool {
	_, err := time.Parse(time.RFC3339Nano, s)
	return err == nil && strings.HasSuffix(s, "Z")
}
