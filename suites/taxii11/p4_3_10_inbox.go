package taxii11

// Part 4 §3.10: Inbox Messages the server sends — content it pushes to the harness's own
// Inbox Service for a subscription. The harness validates each pushed message itself (they
// are not answers to its requests) and judges Source_Subscription, which depends on the
// collection's type.

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// pushedFor subscribes to a collection with push to a fresh harness inbox, adds content as
// the writer identity, and returns the Inbox Messages that carry it.
func pushedFor(subscriber, coll, contentWriter string) ([]pushed, string) {
	needPush()
	in := startInbox()
	s := mustSubscribeAs(subscriber, coll, subParams(responseType("FULL")), in.params("Push_Parameters"))
	if s.Push == nil {
		harness.Unsupported("the server will not push for a subscription to " + coll + " (no Push_Parameters in the response)")
	}
	pkgs := addPackagesAs(contentWriter, coll, 1)
	got, err := awaitPackages(in, pkgs...)
	harness.Setup().Expect(err).NotTo(HaveOccurred(), "waiting for package %s to be pushed for subscription %s", pkgs[0].ID, s.ID)
	return got, s.ID
}

var _ = Describe("Part 4 §3.10 TAXII Inbox Message", func() {
	It("pushes Data Feed content in Inbox Messages with the fields Table 14 requires",
		harness.Reqs("T11X-3.10-01", "T11X-3.10-02", "T11X-3.10-04", "T11X-3.10-06", "T11X-3.10-07"), harness.Writes(), func() {
			coll := feedCollection()
			got, id := pushedFor(writer, coll, writer)
			for _, m := range got {
				judgeMessage(m.Body, "T11X-3.10-01", "T11X-3.10-02", "T11X-3.10-06")
				src := m.Root.child("Source_Subscription")
				harness.For("T11X-3.10-02").Expect(src).NotTo(BeNil(), "content pushed for subscription %s has no Source_Subscription", id)
				harness.Soft("T11X-3.10-02").Expect(src.at("collection_name")).To(Equal(coll))
				harness.Soft("T11X-3.10-02").Expect(src.childText("Subscription_ID")).To(Equal(id))
				harness.For("T11X-3.10-04").Expect(src.child("Inclusive_End_Timestamp")).NotTo(BeNil(),
					"Data Feed %s: the pushed Source_Subscription has no Inclusive_End_Timestamp", coll)
			}
		})

	It("pushes Data Set content without time bounds in Source_Subscription",
		harness.Reqs("T11X-3.10-03", "T11X-3.10-05"), harness.Writes(), func() {
			ds := readableDataSet()
			if ds.Writer == "" {
				harness.Disable("no identity of the profile is known to write to Data Set " + ds.Name)
			}
			got, _ := pushedFor(ds.Reader, ds.Name, ds.Writer)
			for _, m := range got {
				src := m.Root.child("Source_Subscription")
				harness.Setup().Expect(src).NotTo(BeNil(), "pushed content has no Source_Subscription")
				harness.Soft("T11X-3.10-03").Expect(src.child("Exclusive_Begin_Timestamp")).To(BeNil(), "Data Set %s", ds.Name)
				harness.Soft("T11X-3.10-05").Expect(src.child("Inclusive_End_Timestamp")).To(BeNil(), "Data Set %s", ds.Name)
			}
		})
})

// pushSettle is how long a spec waits to see that nothing is pushed.
const pushSettle = 1500 * time.Millisecond
