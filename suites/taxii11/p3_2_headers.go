package taxii11

// Part 3 §2: the TAXII HTTP headers of responses. The validator (validate.go) checks the
// headers around every TAXII message the server sends and names the rule each problem breaks;
// these specs make the exchanges that show the rules — a tour over answers of every kind, from
// Discovery Responses to Status Messages of several error types — and the validator's findings
// on them are the verdict.

import (
	"net/http"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

var _ = Describe("Part 3 §2 TAXII HTTP Headers", func() {
	It("labels every TAXII message with an application media type agreeing with the XML binding",
		harness.Reqs("T11H-2.1.2-01", "T11H-2.1.2-02", "T11H-2.1.2-03"), func() {
			rs := tour()
			saw(rs, "Status_Message")
			saw(rs, "Poll_Response")
		})

	It("copes with an X-TAXII-Accept listing several message bindings", harness.Reqs("T11H-2.1.3-02"), func() {
		f := fam()
		u := serviceURL(svcDiscovery)
		h := headersFor(f, isHTTPS(u))
		h.Set("X-TAXII-Accept", "urn:example.com:taxii-conform:binding:none "+f.MessageBinding)
		x := as(standard).Do(harness.Request{Method: http.MethodPost, URL: u, Header: h, Body: f.marshal(discoveryRequest())})
		r := read(x, f)
		harness.For("T11H-2.1.3-02").Expect(r.is("Discovery_Response")).To(BeTrue(),
			"X-TAXII-Accept %q lists the request's binding second: %s", h.Get("X-TAXII-Accept"), r.describe())
	})

	It("sends no X-TAXII-Accept in responses", harness.Reqs("T11H-2.1.3-04"), func() {
		saw(tour(), "Discovery_Response")
	})

	It("names the message binding of every TAXII message in X-TAXII-Content-Type",
		harness.Reqs("T11H-2.1.4-01", "T11H-2.1.4-02"), func() {
			saw(tour(), "Poll_Response")
		})

	It("names the protocol binding of the transport in X-TAXII-Protocol",
		harness.Reqs("T11H-2.1.5-01", "T11H-2.1.5-02", "T11H-2.1.5-03"), func() {
			saw(tour(), "Discovery_Response")
		})

	It("names the services version in X-TAXII-Services", harness.Reqs("T11H-2.1.6-01", "T11H-2.1.6-02"), func() {
		saw(tour(), "Collection_Information_Response")
	})
})
