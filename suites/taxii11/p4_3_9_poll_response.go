package taxii11

// Part 4 §3.9: the Poll Response. Fields and content blocks are checked by the validator;
// these specs bring Poll Responses about (one part, several parts, Data Feeds and Data Sets)
// and judge the time bounds, which depend on the collection's type.

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

var _ = Describe("Part 4 §3.9 TAXII Poll Response", func() {
	It("carries message_id, in_response_to, collection_name and whole content blocks",
		harness.Reqs("T11X-3.9-01", "T11X-3.9-06", "T11X-3.9-07"), func() {
			coll := readableCollection()
			p := poll(standard, coll, pollAll(coll, nil, nil))
			saw(p.answers, "Poll_Response")
			harness.Setup().Expect(p.blocks).NotTo(BeEmpty(), "collection %s returned no content block to check", coll)
		})

	It("gives a result_id whenever more parts follow", harness.Reqs("T11X-3.9-02"), harness.Writes(), func() {
		_, _, p := multipart(25)
		for _, r := range p.answers {
			if isTrue(r.root.at("more")) {
				harness.For("T11X-3.9-02").Expect(r.root.at("result_id")).NotTo(BeEmpty(), r.describe())
			}
		}
	})

	It("states an Inclusive_End_Timestamp for a Data Feed", harness.Reqs("T11X-3.9-04"), func() {
		coll := readableFeed()
		p := poll(standard, coll, pollAll(coll, nil, nil))
		for _, r := range saw(p.answers, "Poll_Response") {
			harness.For("T11X-3.9-04").Expect(r.root.child("Inclusive_End_Timestamp")).NotTo(BeNil(), "Data Feed %s: %s", coll, r.describe())
		}
	})

	It("states no time bounds for a Data Set", harness.Reqs("T11X-3.9-03", "T11X-3.9-05"), func() {
		ds := readableDataSet()
		p := poll(ds.Reader, ds.Name, pollAll(ds.Name, nil, nil))
		for _, r := range saw(p.answers, "Poll_Response") {
			harness.Soft("T11X-3.9-03").Expect(r.root.child("Exclusive_Begin_Timestamp")).To(BeNil(), "Data Set %s: %s", ds.Name, r.describe())
			harness.Soft("T11X-3.9-05").Expect(r.root.child("Inclusive_End_Timestamp")).To(BeNil(), "Data Set %s: %s", ds.Name, r.describe())
		}
	})
})
