package taxii11

// Part 2 §3.4: the Collection Information Exchange.

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

var _ = Describe("Part 2 §3.4 Collection Information Exchange", func() {
	It("answers a Collection Information Request it cannot process or refuses with a Status Message giving the reason",
		harness.Reqs("T11S-3.4-01", "T11S-3.4-02"), func() {
			u := serviceURL(svcCollection)
			expectError("T11S-3.4-01", sendBroken(writer, u, brokenBody("Collection_Information_Request")), "a malformed Collection Information Request")
			expectError("T11S-3.4-01", sendBroken(writer, u, invalidBody("Collection_Information_Request", "")), "a Collection Information Request with a field Part 4 does not define")
			run := harness.Current()
			if run.Config().Identity.Anonymous() {
				return
			}
			requireAuth()
			r := send(run.WrongCredentials(), u, collectionInfoRequest())
			if !r.is("Collection_Information_Response") {
				expectError("T11S-3.4-02", r, "a Collection Information Request with wrong credentials")
			}
			r = send(as(anon), u, collectionInfoRequest())
			if !r.is("Collection_Information_Response") {
				expectError("T11S-3.4-02", r, "an anonymous Collection Information Request")
			}
		})

	It("answers a Collection Information Request it honours with a response, even an empty one",
		harness.Reqs("T11S-3.4-03"), func() {
			u := serviceURL(svcCollection)
			r := send(as(writer), u, collectionInfoRequest())
			harness.For("T11S-3.4-03").Expect(r.is("Collection_Information_Response")).To(BeTrue(), r.describe())
			for _, id := range []string{reader, nobody} {
				if !harness.Current().HasIdentity(id) {
					continue
				}
				r := send(as(id), u, collectionInfoRequest())
				harness.For("T11S-3.4-03").Expect(r.statusType()).NotTo(Equal(stSuccess), "as %s: %s", id, r.describe())
				if !r.is("Collection_Information_Response") {
					expectError("T11S-3.4-03", r, "a Collection Information Request as "+id)
				}
			}
		})
})
