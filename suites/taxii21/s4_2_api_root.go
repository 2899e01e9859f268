package taxii21

// §4.2 Get API Root Information and §4.2.1 the api-root resource.

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/http"
	"net/url"

	"github.com/google/uuid"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// maxProbeBody bounds the body the max_content_length spec sends: an API root that accepts
// more is probed with a body of this size.
const maxProbeBody = 12 << 20

// apiRootInfo reads the API root under test, as preparation.
func apiRootInfo() map[string]any {
	x := get(as(standard), apiRootURL())
	harness.Setup().Expect(x.Status).To(Equal(http.StatusOK), "reading the API root")
	body, err := x.Object()
	harness.Setup().Expect(err).NotTo(HaveOccurred(), "the API root body")
	return body
}

var _ = Describe("4.2 Get API Root Information", func() {
	It("lists every API root at a URL of its own", harness.Reqs("T21-4.2-02", "T21-4.2-01", "T21-8.2.1-04"), func() {
		d := needDiscovery()
		base, _ := url.Parse(d)
		seen := map[string]string{}
		for _, r := range apiRootEntries(discoveryBody()) {
			ref, err := url.Parse(r)
			if err != nil {
				continue // the discovery spec reports entries that are not URLs
			}
			abs := withSlash(base.ResolveReference(ref).String())
			harness.Soft("T21-4.2-02").Expect(seen).NotTo(HaveKey(abs), "api_roots entries %q and %q name the same URL %s", seen[abs], r, abs)
			seen[abs] = r
		}
	})

	It("answers GET {api-root}/ with 200 and an api-root resource in the TAXII media type",
		harness.Reqs("T21-4.2-04", "T21-4.2-05", "T21-4.2-06", "T21-4.2-03"), func() {
			x := get(as(standard), apiRootURL())
			harness.For("T21-4.2-04").Expect(x.Status).To(Equal(http.StatusOK), "GET %s", x.URL)
			checkMediaType("T21-4.2-05", "T21-4.2-05", x)
			expectResource("T21-4.2-06", "api-root", x)
			// The other API roots discovery lists on the target's origin: credentials that
			// work on one root need not work on another (§4.2), so only a 200 is checked.
			for _, r := range target().apiRoots {
				if r == apiRootURL() || !sameOrigin(r, apiRootURL()) {
					continue
				}
				y := get(as(standard), r)
				if y.Status != http.StatusOK {
					harness.Note("API root %s answered %d to the default identity", r, y.Status)
					continue
				}
				checkMediaType("T21-4.2-05", "T21-4.2-05", y)
				expectResource("T21-4.2-06", "api-root", y)
			}
		})

	It("describes the API root with a title, its TAXII versions and a positive max_content_length",
		harness.Reqs("T21-4.2.1-01", "T21-4.2.1-02", "T21-4.2.1-03", "T21-4.2.1-04", "T21-4.2.1-05",
			"T21-4.2.1-06", "T21-4.2.1-07", "T21-4.2.1-09"), func() {
			body := apiRootInfo()
			harness.Soft("T21-4.2.1-01").Expect(body).To(HaveKey("title"), "the api-root resource has no title")
			harness.Soft("T21-4.2.1-02").Expect(body).To(HaveKey("versions"), "the api-root resource has no versions")
			harness.Soft("T21-4.2.1-06").Expect(body).To(HaveKey("max_content_length"), "the api-root resource has no max_content_length")
			for _, k := range []string{"title", "description"} {
				if v, ok := body[k]; ok {
					harness.Soft("T21-4.2.1-09").Expect(v).To(BeAssignableToTypeOf(""), "%s is %#v, not a string", k, v)
				}
			}
			if v, ok := body["versions"]; ok {
				list, isList := v.([]any)
				harness.Soft("T21-4.2.1-09").Expect(isList).To(BeTrue(), "versions is %T, not a list", v)
				harness.Soft("T21-4.2.1-09").Expect(list).NotTo(BeEmpty(), "versions is an empty list")
				found := false
				for i, e := range list {
					s, ok := e.(string)
					harness.Soft("T21-4.2.1-09").Expect(ok).To(BeTrue(), "versions/%d is %#v, not a string", i, e)
					mt, params, err := mime.ParseMediaType(s)
					harness.Soft("T21-4.2.1-03").Expect(err == nil && mt == MediaTAXIIUnversioned).To(BeTrue(),
						"versions/%d is %q, not the TAXII media type", i, s)
					harness.Soft("T21-4.2.1-04").Expect(params).To(HaveKey("version"), "versions/%d %q has no version parameter", i, s)
					if err == nil && mt == MediaTAXIIUnversioned && params["version"] == "2.1" {
						found = true
					}
				}
				harness.Soft("T21-4.2.1-05").Expect(found).To(BeTrue(), "versions %v does not include %s", list, MediaTAXII)
			}
			if v, ok := body["max_content_length"]; ok {
				whole, inRange := isInteger(v)
				harness.Soft("T21-4.2.1-09").Expect(whole && inRange).To(BeTrue(), "max_content_length is %#v, not an integer", v)
				n, _ := v.(json.Number).Int64()
				harness.Soft("T21-4.2.1-07").Expect(whole && n > 0).To(BeTrue(), "max_content_length is %v, not above zero", v)
			}
		})

	It("answers 401 (or 404) to GET {api-root}/ without acceptable credentials", harness.Reqs("T21-4.2-07", "T21-4.2-10"), func() {
		for _, c := range deniedClients() {
			expectDenied("T21-4.2-07", "T21-4.2-10", get(c, apiRootURL()), http.StatusUnauthorized, http.StatusNotFound)
		}
	})

	It("answers 403 or 404 to GET {api-root}/ from an authenticated client without access", harness.Reqs("T21-4.2-08", "T21-4.2-10"), func() {
		requireAuth()
		expectDenied("T21-4.2-08", "T21-4.2-10", get(as(nobody), apiRootURL()), http.StatusForbidden, http.StatusNotFound)
	})

	It("answers 404 to GET on a URL that is no API root", harness.Reqs("T21-4.2-09", "T21-4.2-10"), func() {
		u, err := url.Parse(apiRootURL())
		harness.Setup().Expect(err).NotTo(HaveOccurred())
		for _, p := range []string{"/taxii-conform-" + uuid.NewString() + "/", u.Path + "taxii-conform-" + uuid.NewString() + "/"} {
			u.Path = p
			x := get(as(standard), u.String())
			harness.Soft("T21-4.2-09").Expect(x.Status).To(Equal(http.StatusNotFound), "GET %s", x.URL)
			if x.Status >= 400 {
				expectErrorAnswer(harness.Soft("T21-4.2-10"), x)
			}
		}
	})

	It("never answers 413 to a POST smaller than max_content_length", harness.Reqs("T21-4.2.1-08"), harness.Writes(), func() {
		v, ok := apiRootInfo()["max_content_length"].(json.Number)
		harness.Setup().Expect(ok).To(BeTrue(), "the API root gives no max_content_length")
		limit, err := v.Int64()
		harness.Setup().Expect(err == nil && limit > 0).To(BeTrue(), "max_content_length %v", v)
		size := limit - 1
		if size > maxProbeBody {
			harness.Note("max_content_length is %d; the probe sends %d bytes", limit, maxProbeBody)
			size = maxProbeBody
		}
		body := paddedEnvelope(int(size))
		x := as(writerName()).Do(harness.Request{Method: http.MethodPost, URL: objectsURL(writableCollection()), Body: body,
			Header: headers("Accept", MediaTAXII, "Content-Type", MediaTAXII)})
		harness.For("T21-4.2.1-08").Expect(x.Status).NotTo(Equal(http.StatusRequestEntityTooLarge),
			"a POST of %d bytes, below max_content_length %d", len(body), limit)
		if x.Status != http.StatusAccepted {
			harness.Note("the POST of %d bytes answered %d", len(body), x.Status)
		}
	})
})

// paddedEnvelope builds an envelope of exactly size bytes (or the smallest possible, when size
// is below that): one small indicator, padded by a custom property of the envelope, so that
// nothing large is stored (§7.1.1 lets a server ignore custom properties, or refuse them with
// 422, which is still not 413).
func paddedEnvelope(size int) []byte {
	obj := mustJSON(freshIndicator())
	head := []byte(`{"objects":[`)
	mid := []byte(`],"x_taxii_conform_padding":"`)
	tail := []byte(`"}`)
	pad := size - len(head) - len(obj) - len(mid) - len(tail)
	if pad < 0 {
		pad = 0
	}
	return bytes.Join([][]byte{head, obj, mid, bytes.Repeat([]byte("x"), pad), tail}, nil)
}

// sameOrigin reports whether two absolute URLs share scheme, host and port.
func sameOrigin(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	return err1 == nil && err2 == nil && ua.Scheme == ub.Scheme && ua.Host == ub.Host
}
