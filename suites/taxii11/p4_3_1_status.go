package taxii11

// Part 4 §3.1: the Status Message. Fields and value types are checked by the validator on
// every Status Message; these specs bring Status Messages of several types about.

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

var _ = Describe("Part 4 §3.1 TAXII Status Message", func() {
	It("carries message_id, in_response_to and a status_type of Table 2 or a third party",
		harness.Reqs("T11X-3.1-01", "T11X-3.1-08"), func() {
			saw(tour(), "Status_Message")
		})

	It("gives a PENDING status the Status_Detail entries it requires, with values of their types",
		harness.Reqs("T11X-3.1-03", "T11X-3.1-05", "T11X-3.1-06", "T11X-3.1-09"), func() {
			coll := readableCollection()
			r := send(as(standard), pollURL(coll), pollRequest(coll,
				el("Poll_Parameters", at("allow_asynch", "true"), el("Response_Type", "FULL"))))
			if !r.isStatus(stPending) {
				harness.Unsupported("a Poll Request that allows asynchronous polling was answered at once: " + r.describe())
			}
			harness.Soft("T11X-3.1-03").Expect(r.root.child("Status_Detail")).NotTo(BeNil(), r.describe())
			for _, name := range []string{dtEstimatedWait, dtResultID, dtWillPush} {
				harness.Soft("T11X-3.1-05").Expect(r.details(name)).NotTo(BeEmpty(), "%s lacks %s", r.describe(), name)
			}
		})
})
