package taxii11

// Part 2 §5.5: queries are accepted only in formats the service supports, and a query in any
// other format gets UNSUPPORTED_QUERY.

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

var _ = Describe("Part 2 §5.5 Query", func() {
	It("refuses a Poll Request with a query in a format the Poll Service does not support",
		harness.Reqs("T11S-5.5-01", "T11S-5.5.2-01"), func() {
			coll := readableCollection()
			r := send(as(standard), pollURL(coll), pollRequest(coll, pollParameters(el("Response_Type", "FULL"), unsupportedQuery())))
			harness.Soft("T11S-5.5.2-01").Expect(r.statusType()).To(Equal(stUnsupportedQuery), r.describe())
			harness.For("T11S-5.5-01").Expect(r.is("Poll_Response")).To(BeFalse(), "a query in an unknown format was run: %s", r.describe())
			expectError("T11S-5.5-01", r, "a Poll Request with a query in an unknown format")
		})

	It("refuses a subscription with a query in a format the Collection Management Service does not support",
		harness.Reqs("T11S-5.5-02", "T11S-5.5.2-01"), harness.Writes(), func() {
			coll := writableCollection()
			r := subscribeAs(writer, coll, subParams(responseType("FULL"), unsupportedQuery()), node{})
			harness.Soft("T11S-5.5.2-01").Expect(r.statusType()).To(Equal(stUnsupportedQuery), r.describe())
			harness.For("T11S-5.5-02").Expect(r.is("Subscription_Management_Response")).To(BeFalse(), "a subscription with a query in an unknown format was made: %s", r.describe())
			expectError("T11S-5.5-02", r, "a SUBSCRIBE with a query in an unknown format")
		})
})
