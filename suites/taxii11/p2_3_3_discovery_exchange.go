package taxii11

// Part 2 §3.3: the Discovery Exchange.

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

var _ = Describe("Part 2 §3.3 Discovery Exchange", func() {
	It("answers a Discovery Request it cannot process or refuses with a Status Message giving the reason",
		harness.Reqs("T11S-3.3-01", "T11S-3.3-02"), func() {
			u := serviceURL(svcDiscovery)
			for _, r := range []*reply{
				sendBroken(standard, u, brokenBody("Discovery_Request")),
				sendBroken(standard, u, invalidBody("Discovery_Request", "")),
			} {
				expectError("T11S-3.3-01", r, "a malformed Discovery Request")
			}
			run := harness.Current()
			if run.Config().Identity.Anonymous() {
				return
			}
			r := send(run.WrongCredentials(), u, discoveryRequest())
			if !r.is("Discovery_Response") {
				expectError("T11S-3.3-02", r, "a Discovery Request with wrong credentials")
			} else {
				harness.Note("the Discovery Service serves requests with wrong credentials")
			}
		})

	It("answers a valid Discovery Request with a Discovery Response, never with a Status Message",
		harness.Reqs("T11S-3.3-03"), func() {
			// Both families, without relying on what the harness learnt: a server that answers
			// SUCCESS here teaches nothing.
			u := discoveryURL()
			found := false
			for _, f := range families {
				r := sendAs(as(standard), f, u, discoveryRequest())
				harness.For("T11S-3.3-03").Expect(r.statusType()).NotTo(Equal(stSuccess), "TAXII %s: %s", f.Name, r.describe())
				found = found || r.is("Discovery_Response")
			}
			harness.For("T11S-3.3-03").Expect(found).To(BeTrue(), "no valid Discovery Request got a Discovery Response")
		})
})
