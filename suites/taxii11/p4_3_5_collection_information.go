package taxii11

// Part 4 §3.5: the Collection Information Response, checked by the validator as every
// identity of the profile sees it.

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

var _ = Describe("Part 4 §3.5 TAXII Collection Information Response", func() {
	It("describes each collection and its services with the fields Table 8 requires",
		harness.Reqs("T11X-3.5-01", "T11X-3.5-02", "T11X-3.5-03", "T11X-3.5-04", "T11X-3.5-05", "T11X-3.5-06", "T11X-3.5-07", "T11X-3.5-08"), func() {
			u := serviceURL(svcCollection)
			var rs []*reply
			for _, id := range []string{writer, reader, nobody, standard} {
				if harness.Current().HasIdentity(id) {
					rs = append(rs, send(as(id), u, collectionInfoRequest()))
				}
			}
			n := 0
			for _, r := range saw(rs, "Collection_Information_Response") {
				n += len(r.root.children("Collection"))
			}
			harness.Setup().Expect(n).To(BeNumerically(">", 0), "no identity was shown any collection")
		})
})
