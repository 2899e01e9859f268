package taxii11

// Part 4 §2 and the general rules of §3: how every XML message is built. The validator
// (validate.go, with schemas/xsd11) checks each rule on every message and names the one it
// breaks; these specs make the exchanges that produce messages of every kind, and judge the
// one server behaviour of §2.1.4.

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

var _ = Describe("Part 4 §2 XML Message Binding Overview", func() {
	It("answers a malformed message with a BAD_MESSAGE Status Message", harness.Reqs("T11X-2.1.4-01"), func() {
		coll := readableCollection()
		cases := []*reply{
			sendBroken(standard, serviceURL(svcDiscovery), brokenBody("Discovery_Request")),
			sendBroken(standard, pollURL(coll), brokenBody("Poll_Request")),
			sendBroken(standard, pollURL(coll), invalidBody("Poll_Request", `collection_name="`+coll+`"`)),
			sendBroken(writer, serviceURL(svcCollection), invalidBody("Collection_Information_Request", "")),
		}
		for _, r := range cases {
			st := r.statusType()
			if st == stFailure {
				// FAILURE may stand for any type when the server keeps details back (Part 2 §4.4.1).
				harness.Note("%s: FAILURE instead of BAD_MESSAGE", r.describe())
				continue
			}
			harness.Soft("T11X-2.1.4-01").Expect(st).To(Equal(stBadMessage), r.describe())
		}
	})

	It("writes Timestamp Labels as dates with a time zone and at most six fractional digits",
		harness.Reqs("T11X-2.2.1-01", "T11X-2.2.1-02"), func() {
			coll, identity := readableCollection(), standard
			p := poll(identity, coll, pollAll(coll, nil, nil))
			labels := 0
			for _, r := range p.answers {
				if r.message() {
					r.root.walk(func(e *elem) {
						switch e.Name {
						case "Timestamp_Label", "Exclusive_Begin_Timestamp", "Inclusive_End_Timestamp":
							labels++
						}
					})
				}
			}
			harness.Setup().Expect(labels).To(BeNumerically(">", 0), "polling %s showed no Timestamp Label to check", coll)
		})

	It("uses URIs for names and identifiers, with an authority for extensible ones",
		harness.Reqs("T11X-2.2.3-01", "T11X-2.2.3-02", "T11X-2.2.3-03"), func() {
			rs := tour()
			saw(rs, "Discovery_Response")
			saw(rs, "Status_Message")
		})
})

var _ = Describe("Part 4 §3 TAXII XML Messages", func() {
	It("orders child elements as the message tables list them", harness.Reqs("T11X-3-01"), func() {
		rs := tour()
		saw(rs, "Collection_Information_Response")
		saw(rs, "Poll_Response")
	})

	It("puts in each element only the fields its table lists, within their cardinality", harness.Reqs("T11X-3-02"), func() {
		rs := tour()
		saw(rs, "Discovery_Response")
		saw(rs, "Status_Message")
	})

	It("writes Extended_Headers as a list of named Extended_Header elements", harness.Reqs("T11X-3-03"), func() {
		rs := tour()
		n := 0
		for _, r := range rs {
			if r.message() {
				n += len(r.root.children("Extended_Headers"))
			}
		}
		if n == 0 {
			harness.Note("no answer carried Extended_Headers; the schema checked their absence only")
		}
		saw(rs, "Discovery_Response")
	})
})
