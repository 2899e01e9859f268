package taxii11

// Part 3 §1.1.1: both ends speak conforming HTTP/1.1 besides the binding's own rules.

import (
	"net/http"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

var _ = Describe("Part 3 §1.1.1 Conformance to HTTP/1.1", func() {
	It("answers with conforming HTTP/1.1 responses", harness.Reqs("T11H-1.1.1-01"), func() {
		r := send(as(standard), serviceURL(svcDiscovery), discoveryRequest())
		// RFC 2616 §14.18: an origin server with a clock sends Date in every response.
		harness.Soft("T11H-1.1.1-01").Expect(r.x.Header.Get("Date")).NotTo(BeEmpty(), "the answer to %s has no Date header", r.describe())
		// A method the service does not take: RFC 2616 §10.4.6 requires Allow with a 405.
		x := as(standard).Do(harness.Request{Method: http.MethodGet, URL: serviceURL(svcDiscovery), Header: http.Header{"Accept": {mediaXML}}})
		harness.Soft("T11H-1.1.1-01").Expect(x.Header.Get("Date")).NotTo(BeEmpty(), "the answer to GET %s has no Date header", x.URL)
		if x.Status == http.StatusMethodNotAllowed {
			harness.Soft("T11H-1.1.1-01").Expect(strings.ToUpper(x.Header.Get("Allow"))).To(ContainSubstring("POST"),
				"GET %s was refused with 405 but Allow (%q) does not list POST", x.URL, x.Header.Get("Allow"))
		} else {
			harness.Note("GET %s answered %d", x.URL, x.Status)
		}
	})
})
