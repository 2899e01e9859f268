package taxii21

// §3.1 Endpoints: success answers carry their endpoint's resource, every answer names the TAXII
// media type with its version, and content negotiation by Accept and Content-Type follows
// RFC 7231 (§1.6.8).

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/google/uuid"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// endpoint is one GET endpoint a §3.1 spec visits, with the resource its table defines.
type endpoint struct {
	name string
	url  string
	kind string
}

// readEndpoints lists the GET endpoints that need no data of the spec's own: discovery (when
// the target is a discovery URL), the API root, the collections, one collection, and its
// objects and manifest (an empty envelope or manifest is still one).
func readEndpoints() []endpoint {
	coll := readableCollection()
	var out []endpoint
	if d := target().discoveryURL; d != "" {
		out = append(out, endpoint{"discovery", d, "discovery"})
	}
	return append(out,
		endpoint{"API root", apiRootURL(), "api-root"},
		endpoint{"collections", collectionsURL(), "collections"},
		endpoint{"collection", collectionURL(coll), "collection"},
		endpoint{"objects", withQuery(objectsURL(coll), "limit", "1"), "envelope"},
		endpoint{"manifest", withQuery(manifestURL(coll), "limit", "1"), "manifest"},
	)
}

// expectResource checks that a body is a JSON object with the required properties of the
// resource the endpoint defines.
func expectResource(req, kind string, x *harness.Exchange) {
	body, err := x.Object()
	harness.For(req).Expect(err).NotTo(HaveOccurred(), "answer #%d (%d) should carry a %s resource", x.Seq, x.Status, kind)
	for name, p := range resourceModel[kind] {
		if p.required {
			harness.Soft(req).Expect(body).To(HaveKey(name), "answer #%d should carry a %s resource, which has %s", x.Seq, kind, name)
		}
	}
}

var _ = Describe("3.1 Endpoints", func() {
	It("answers GET requests with the resource each endpoint table defines", harness.Reqs("T21-3.1-02"), func() {
		for _, e := range readEndpoints() {
			x := get(as(standard), e.url)
			harness.Setup().Expect(x.Status).To(Equal(http.StatusOK), "GET %s (%s)", e.url, e.name)
			expectResource("T21-3.1-02", e.kind, x)
		}
	})

	It("answers POST objects and GET status with a status resource", harness.Reqs("T21-3.1-02"), harness.Writes(), func() {
		w := as(writerName())
		x, st := submit(w, writableCollection(), freshIndicator())
		expectResource("T21-3.1-02", "status", x)
		y := get(w, statusURL(st.ID))
		harness.Setup().Expect(y.Status).To(Equal(http.StatusOK), "reading status %s", st.ID)
		expectResource("T21-3.1-02", "status", y)
	})

	It("names application/taxii+json;version=2.1 in the Content-Type of success and error answers",
		harness.Reqs("T21-3.1-08", "T21-3.1-09", "T21-3.1-03"), func() {
			c := as(standard)
			var xs []*harness.Exchange
			for _, e := range readEndpoints() {
				xs = append(xs, get(c, e.url))
			}
			// Error answers: an unknown collection, a malformed filter, no credentials.
			xs = append(xs,
				get(c, collectionURL(uuid.NewString())),
				c.Do(harness.Request{Method: http.MethodGet, URL: withQuery(objectsURL(readableCollection()), "limit", "0"),
					Header: headers("Accept", MediaTAXII), Deliberate: true}),
				get(as(anon), collectionsURL()),
			)
			for _, x := range xs {
				if x.Status >= 400 && len(bytes.TrimSpace(x.Body)) == 0 {
					// §3.1 lets error answers go without a body; one without Content-Type then
					// has nothing to label.
					if x.Header.Get("Content-Type") == "" {
						harness.Note("error answer #%d (%d) has no body and no Content-Type", x.Seq, x.Status)
						continue
					}
				}
				checkMediaType("T21-3.1-08", "T21-3.1-09", x)
			}
		})

	It("answers an Accept without version in the newest TAXII version it supports", harness.Reqs("T21-3.1-10"), func() {
		c := as(standard)
		root := get(c, apiRootURL())
		harness.Setup().Expect(root.Status).To(Equal(http.StatusOK), "reading the API root")
		var info struct {
			Versions []string `json:"versions"`
		}
		harness.Setup().Expect(root.Decode(&info)).To(Succeed(), "decoding the API root")
		// The newest version is read from the API root, which must list the version every
		// answer of this run is in (T21-4.2.1-05's business): without it, the list does not
		// tell what the server supports.
		harness.Setup().Expect(info.Versions).To(ContainElement(MediaTAXII), "the API root's versions %v, which tell the newest version", info.Versions)
		newest := newestVersion(info.Versions)
		for _, u := range []string{apiRootURL(), collectionsURL()} {
			x := c.Do(harness.Request{Method: http.MethodGet, URL: u, Header: headers("Accept", MediaTAXIIUnversioned), Deliberate: true})
			// Serving the request is what counts; the exact success code is the endpoint's business.
			harness.Soft("T21-3.1-10").Expect(x.Status).To(success(), "GET %s with Accept: %s", u, MediaTAXIIUnversioned)
			mt, params := contentType(x)
			switch {
			case x.Status/100 != 2:
			case mt != MediaTAXIIUnversioned:
				// Not a TAXII media type at all: T21-3.1-08's business, and no version to judge.
				harness.Note("answer #%d to an unversioned Accept has Content-Type %q", x.Seq, x.Header.Get("Content-Type"))
			default:
				harness.Soft("T21-3.1-10").Expect(mt+";version="+params["version"]).To(Equal(MediaTAXIIUnversioned+";version="+newest),
					"answer #%d to an unversioned Accept should be in the newest version the API root lists (%s)", x.Seq, newest)
			}
		}
	})

	It("never answers 406 to the media type an endpoint defines, however RFC 7231 lets it be written",
		harness.Reqs("T21-3.1-11"), func() {
			c := as(standard)
			for _, e := range readEndpoints() {
				for _, accept := range acceptForms {
					x := c.Do(harness.Request{Method: http.MethodGet, URL: e.url, Header: headers("Accept", accept), Deliberate: accept != MediaTAXII})
					harness.Soft("T21-3.1-11").Expect(x.Status).NotTo(Equal(http.StatusNotAcceptable),
						"GET %s (%s) with Accept: %s", e.url, e.name, accept)
					if x.Status != http.StatusNotAcceptable && x.Status != http.StatusOK {
						harness.Note("GET %s with Accept: %s answered %d", e.name, accept, x.Status)
					}
				}
			}
		})

	It("never answers 415 to the media type POST objects defines, however RFC 7231 lets it be written",
		harness.Reqs("T21-3.1-12"), harness.Writes(), func() {
			c := as(writerName())
			coll := writableCollection()
			for _, ct := range contentTypeForms {
				body := envelopeBody(freshIndicator())
				x := c.Do(harness.Request{Method: http.MethodPost, URL: objectsURL(coll), Body: body,
					Header: headers("Accept", MediaTAXII, "Content-Type", ct), Deliberate: ct != MediaTAXII})
				harness.Soft("T21-3.1-12").Expect(x.Status).NotTo(Equal(http.StatusUnsupportedMediaType),
					"POST objects with Content-Type: %s", ct)
				if x.Status != http.StatusAccepted && x.Status != http.StatusUnsupportedMediaType {
					harness.Note("POST objects with Content-Type: %s answered %d", ct, x.Status)
				}
			}
		})

	It("applies each filter of §3.4 on every endpoint that takes it", harness.Reqs("T21-3.1-17", "T21-3.4-14"), harness.Writes(), func() {
		coll := writableCollection()
		id, vs := versionsOf(3)
		t := past()
		mal := malware(newID("malware"), t, t)
		addEach(vs[0], vs[1], vs[2], mal)
		after := taxiiStamp(dateAdded(coll, id, versionOf(vs[0])))
		all := [][2]string{{"match[version]", "all"}}
		type probe struct {
			query [][2]string
			want  []map[string]any
		}
		probes := map[string][]probe{
			objectsView.name: {
				{nil, []map[string]any{vs[2], mal}},
				{[][2]string{{"match[type]", "malware"}}, []map[string]any{mal}},
				{[][2]string{{"match[version]", "first"}}, []map[string]any{vs[0], mal}},
				{all, []map[string]any{vs[0], vs[1], vs[2], mal}},
				{[][2]string{{"match[spec_version]", "2.0"}}, nil},
				{append(all, [2]string{"added_after", after}), []map[string]any{vs[1], vs[2], mal}},
				{append(all, [2]string{"limit", "1"}), []map[string]any{vs[0]}},
			},
			objectView.name: {
				{nil, vs[2:]},
				{[][2]string{{"match[version]", "first"}}, vs[:1]},
				{all, vs},
				{[][2]string{{"match[spec_version]", "2.0"}}, nil},
				{append(all, [2]string{"added_after", after}), vs[1:]},
				{append(all, [2]string{"limit", "1"}), vs[:1]},
			},
			versionsView.name: {
				{nil, vs},
				{[][2]string{{"match[spec_version]", "2.0"}}, nil},
				{[][2]string{{"added_after", after}}, vs[1:]},
				{[][2]string{{"limit", "1"}}, vs[:1]},
			},
		}
		probes[manifestView.name] = probes[objectsView.name]
		for _, v := range listingViews() {
			ids := []string{id, mal["id"].(string)}
			every := []map[string]any{vs[0], vs[1], vs[2], mal}
			if v.perObject {
				ids, every = ids[:1], vs
			}
			// What the probes narrow down: every version the spec added.
			var kv []string
			if v.has("match[version]") {
				kv = []string{"match[version]", "all"}
			}
			v.settle(coll, ids, v.expect(every...), kv...)
			for _, p := range probes[v.name] {
				var kv []string
				for _, q := range p.query {
					kv = append(kv, q[0], q[1])
				}
				l := v.fetch("T21-3.4-14", coll, ids, kv...)
				harness.Soft("T21-3.1-17").Expect(v.got(l)).To(Equal(v.expect(p.want...)), "%s with %v", v.name, p.query)
			}
		}
	})

	It("answers an Accept naming no media type of the endpoint with suitable content or 406", harness.Reqs("T21-3.1-13"), func() {
		x := as(standard).Do(harness.Request{Method: http.MethodGet, URL: collectionsURL(),
			Header: headers("Accept", "application/xml"), Deliberate: true})
		harness.For("T21-3.1-13").Expect(x.Status).To(BeElementOf(http.StatusOK, http.StatusNotAcceptable),
			"GET collections with Accept: application/xml should be served or refused with 406")
	})

	It("processes a POST in a media type the endpoint does not define, or answers 415", harness.Reqs("T21-3.1-14"), harness.Writes(), func() {
		x := as(writerName()).Do(harness.Request{Method: http.MethodPost, URL: objectsURL(writableCollection()),
			Body:   envelopeBody(freshIndicator()),
			Header: headers("Accept", MediaTAXII, "Content-Type", "text/plain"), Deliberate: true})
		harness.For("T21-3.1-14").Expect(x.Status).To(BeElementOf(http.StatusAccepted, http.StatusUnsupportedMediaType),
			"POST objects with Content-Type: text/plain should be processed (202) or refused with 415")
	})
})

// acceptForms are ways of writing an Accept header that names application/taxii+json;version=2.1,
// all equal under RFC 7231: type, subtype and parameter names are case-insensitive, white space
// may surround ";", a parameter value may be quoted, and the range may sit in a list or carry a
// weight.
var acceptForms = []string{
	MediaTAXII,
	"application/taxii+json; version=2.1",
	`application/taxii+json;version="2.1"`,
	"Application/TAXII+JSON;Version=2.1",
	"application/json;q=0.5, application/taxii+json;version=2.1",
	"application/taxii+json;version=2.1;q=0.9",
}

// contentTypeForms are the same for Content-Type (no list, no weight).
var contentTypeForms = []string{
	MediaTAXII,
	"application/taxii+json; version=2.1",
	`application/taxii+json;version="2.1"`,
	"Application/TAXII+JSON;Version=2.1",
}

// newestVersion returns the highest n.m version among the application/taxii+json media types
// listed, "" when none parses.
func newestVersion(types []string) string {
	best, bestMajor, bestMinor := "", -1, -1
	for _, t := range types {
		v, ok := strings.CutPrefix(t, MediaTAXIIUnversioned+";version=")
		if !ok {
			continue
		}
		maj, min, ok := strings.Cut(v, ".")
		a, err1 := strconv.Atoi(maj)
		b, err2 := strconv.Atoi(min)
		if !ok || err1 != nil || err2 != nil {
			continue
		}
		if a > bestMajor || (a == bestMajor && b > bestMinor) {
			best, bestMajor, bestMinor = v, a, b
		}
	}
	return best
}
