package taxii11

// Part 2 §4 (introduction), §4.2 and §4.3: the messages themselves. The validator checks
// each rule on every message; these specs make exchanges that produce every message type a
// server sends, and judge the behaviour the header section asks of a recipient.

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// unknownHeader is an Extended_Headers element no server knows.
func unknownHeader() node {
	return el("Extended_Headers", el("Extended_Header", at("name", "urn:example.com:taxii-conform:unknown-header"), "taxii-conform"))
}

var _ = Describe("Part 2 §4 TAXII Messages", func() {
	It("sends only the message types Part 2 defines", harness.Reqs("T11S-4-01"), func() {
		rs := tour()
		saw(rs, "Discovery_Response")
		saw(rs, "Status_Message")
	})
})

var _ = Describe("Part 2 §4.2 TAXII Message Representation Conventions", func() {
	It("includes every field its table marks as required", harness.Reqs("T11S-4.2-01"), func() {
		rs := tour()
		saw(rs, "Collection_Information_Response")
		saw(rs, "Status_Message")
	})
})

var _ = Describe("Part 2 §4.3 TAXII Header", func() {
	It("gives every message a Message ID and a defined Message Body Type",
		harness.Reqs("T11S-4.3-01", "T11S-4.3-02", "T11S-4.3-03"), func() {
			saw(tour(), "Poll_Response")
		})

	It("gives every answer an In Response To", harness.Reqs("T11S-4.3-04"), func() {
		saw(tour(), "Status_Message")
	})

	It("serves a request with an Extended Header it does not know as if the header were absent",
		harness.Reqs("T11S-4.3-06", "T11S-4.3-05"), func() {
			u := serviceURL(svcDiscovery)
			plain := send(as(standard), u, discoveryRequest())
			expectMessage(plain, "Discovery_Response", "a plain Discovery Request")
			r := send(as(standard), u, discoveryRequest(unknownHeader()))
			harness.Soft("T11S-4.3-06").Expect(r.is("Discovery_Response")).To(BeTrue(), r.describe())
			if r.is("Discovery_Response") {
				harness.Soft("T11S-4.3-06").Expect(len(r.root.children("Service_Instance"))).To(Equal(len(plain.root.children("Service_Instance"))),
					"the Extended Header changed the services listed")
			}
			coll := readableCollection()
			base := send(as(standard), pollURL(coll), pollRequest(coll, pollParameters(el("Response_Type", "COUNT_ONLY"))))
			if !base.is("Poll_Response") {
				// The header cannot be told to make a difference where the plain request fails too.
				harness.Note("a COUNT_ONLY Poll Request without Extended Header got no Poll Response either: %s", base.describe())
				return
			}
			p := send(as(standard), pollURL(coll), pollRequest(coll, unknownHeader(), pollParameters(el("Response_Type", "COUNT_ONLY"))))
			harness.Soft("T11S-4.3-06").Expect(p.is("Poll_Response")).To(BeTrue(), "a COUNT_ONLY Poll Request with an unknown Extended Header: %s", p.describe())
		})
})
