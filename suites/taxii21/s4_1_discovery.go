package taxii21

// §4.1 Server Discovery and §4.1.1 the discovery resource.

import (
	"net/http"
	"net/url"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// discoveryBody reads the discovery resource as the default identity, as preparation.
func discoveryBody() map[string]any {
	x := get(as(standard), needDiscovery())
	harness.Setup().Expect(x.Status).To(Equal(http.StatusOK), "reading discovery")
	body, err := x.Object()
	harness.Setup().Expect(err).NotTo(HaveOccurred(), "the discovery body")
	return body
}

// apiRootEntries lists the api_roots entries of a discovery body that are strings.
func apiRootEntries(body map[string]any) []string {
	list, _ := body["api_roots"].([]any)
	var out []string
	for _, e := range list {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// expectDenied checks the answer to a client without access: 401 (or 404) for one without
// credentials the server accepts, 403 (or 404) for one authenticated without rights, and the
// error answer's media type and body. A server that serves the resource to that client
// anyway has no such restriction (§8.2.2 lets it run without authentication, and who may read
// discovery or an API root is its policy): the spec is then unsupported.
func expectDenied(req, errReq string, x *harness.Exchange, codes ...int) {
	if x.Status == http.StatusOK {
		harness.Unsupported(x.Identity + " may read " + x.URL.Path + ": the server does not restrict it")
	}
	harness.For(req).Expect(x.Status).To(BeElementOf(codes), "%s %s as %s", x.Request.Method, x.URL, x.Identity)
	expectErrorAnswer(harness.For(errReq), x)
}

var _ = Describe("4.1 Server Discovery", func() {
	It("answers GET /taxii2/ with 200 and a discovery resource in the TAXII media type",
		harness.Reqs("T21-4.1-02", "T21-4.1-03", "T21-4.1-04"), func() {
			x := get(as(standard), needDiscovery())
			harness.For("T21-4.1-02").Expect(x.Status).To(Equal(http.StatusOK), "GET %s", x.URL)
			checkMediaType("T21-4.1-03", "T21-4.1-03", x)
			expectResource("T21-4.1-04", "discovery", x)
		})

	It("describes the server with a title and lists API roots as https or single-slash relative URLs without query",
		harness.Reqs("T21-4.1.1-01", "T21-4.1.1-03", "T21-4.1.1-05", "T21-4.1.1-06", "T21-4.1.1-07", "T21-4.1.1-08", "T21-4.1.1-09", "T21-4.1-01"), func() {
			body := discoveryBody()
			harness.Soft("T21-4.1.1-01").Expect(body).To(HaveKeyWithValue("title", BeAssignableToTypeOf("")), "discovery has no string title")
			for _, k := range []string{"title", "description", "contact", "default"} {
				if v, ok := body[k]; ok {
					harness.Soft("T21-4.1.1-09").Expect(v).To(BeAssignableToTypeOf(""), "discovery %s is %#v, not a string", k, v)
				}
			}
			if v, ok := body["api_roots"]; ok {
				list, isList := v.([]any)
				harness.Soft("T21-4.1.1-09").Expect(isList).To(BeTrue(), "api_roots is %T, not a list", v)
				harness.Soft("T21-4.1.1-09").Expect(list).NotTo(BeEmpty(), "api_roots is an empty list")
				for i, e := range list {
					harness.Soft("T21-4.1.1-09").Expect(e).To(BeAssignableToTypeOf(""), "api_roots/%d is %#v, not a string", i, e)
				}
			}
			roots := apiRootEntries(body)
			if def, ok := body["default"].(string); ok {
				harness.Soft("T21-4.1.1-03").Expect(roots).To(ContainElement(def), "default %q is not one of api_roots %v", def, roots)
			}
			for _, r := range roots {
				u, err := url.Parse(r)
				harness.Soft("T21-4.1.1-05").Expect(err).NotTo(HaveOccurred(), "api_roots entry %q is not a URL", r)
				if err != nil {
					continue
				}
				if u.Scheme != "" {
					harness.Soft("T21-4.1.1-05").Expect(strings.ToLower(u.Scheme)).To(Equal("https"), "api_roots entry %q is absolute but not https", r)
				} else {
					harness.Soft("T21-4.1.1-06").Expect(r).To(HavePrefix("/"), "relative api_roots entry %q does not start with /", r)
					harness.Soft("T21-4.1.1-07").Expect(strings.HasPrefix(r, "//") || strings.HasPrefix(r, "../")).To(BeFalse(),
						"relative api_roots entry %q starts with // or ../", r)
				}
				harness.Soft("T21-4.1.1-08").Expect(r).NotTo(ContainSubstring("?"), "api_roots entry %q has a query", r)
			}
		})

	It("answers 401 (or 404) to GET /taxii2/ without acceptable credentials", harness.Reqs("T21-4.1-05", "T21-4.1-07"), func() {
		clients := deniedClients()
		d := needDiscovery()
		for _, c := range clients {
			expectDenied("T21-4.1-05", "T21-4.1-07", get(c, d), http.StatusUnauthorized, http.StatusNotFound)
		}
	})

	It("answers 403 or 404 to GET /taxii2/ from an authenticated client without access", harness.Reqs("T21-4.1-06", "T21-4.1-07"), func() {
		requireAuth()
		x := get(as(nobody), needDiscovery())
		expectDenied("T21-4.1-06", "T21-4.1-07", x, http.StatusForbidden, http.StatusNotFound)
	})
})
