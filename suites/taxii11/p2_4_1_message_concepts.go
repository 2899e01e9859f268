package taxii11

// Part 2 §4.1: Message IDs, collection names, subscription and result IDs, Timestamp Labels,
// extended header and status detail names, query format IDs and version IDs. What one message
// shows is checked by the validator on every message; these specs make the exchanges, and
// judge what takes several messages (uniqueness, ordering of labels).

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

var _ = Describe("Part 2 §4.1.1 Message IDs", func() {
	It("answers each message with an In Response To equal to its Message ID", harness.Reqs("T11S-4.1.1-01"), func() {
		rs := tour()
		saw(rs, "Poll_Response")
		saw(rs, "Status_Message")
	})

	It("uses URI references as Message IDs", harness.Reqs("T11S-4.1.1-03"), func() {
		saw(tour(), "Discovery_Response")
	})
})

var _ = Describe("Part 2 §4.1.2 Data Collection Names", func() {
	It("uses URI references as collection names", harness.Reqs("T11S-4.1.2-01"), func() {
		r := send(as(writer), serviceURL(svcCollection), collectionInfoRequest())
		expectMessage(r, "Collection_Information_Response", "collection information")
		harness.Setup().Expect(r.root.children("Collection")).NotTo(BeEmpty(), "the writer sees no collection")
	})
})

var _ = Describe("Part 2 §4.1.3 Subscription and Result IDs", func() {
	It("never gives two subscriptions of one consumer to one collection the same ID", harness.Reqs("T11S-4.1.3-01"), harness.Writes(), func() {
		coll := writableCollection()
		a := mustSubscribeAs(writer, coll, subParams(responseType("FULL")), node{})
		b := mustSubscribeAs(writer, coll, subParams(responseType("COUNT_ONLY")), node{})
		harness.For("T11S-4.1.3-01").Expect(b.ID).NotTo(Equal(a.ID), "two different subscriptions to %s", coll)
	})

	It("never gives two result sets of one collection the same Result ID", harness.Reqs("T11S-4.1.3-02"), func() {
		coll := readableCollection()
		a := asyncPoll(standard, coll).details(dtResultID)[0]
		b := asyncPoll(standard, coll).details(dtResultID)[0]
		harness.For("T11S-4.1.3-02").Expect(b).NotTo(Equal(a), "two asynchronous polls of %s", coll)
	})

	It("uses URI references as Subscription IDs and Result IDs", harness.Reqs("T11S-4.1.3-03"), harness.Writes(), func() {
		rs := writeTour()
		coll := readableCollection()
		r := send(as(standard), pollURL(coll), pollRequest(coll, el("Poll_Parameters", at("allow_asynch", "true"), el("Response_Type", "COUNT_ONLY"))))
		rs = append(rs, r)
		saw(rs, "Subscription_Management_Response")
	})
})

var _ = Describe("Part 2 §4.1.4 Timestamp Labels", func() {
	It("labels items added in separate steps with different Timestamp Labels", harness.Reqs("T11S-4.1.4-01"), harness.Writes(), func() {
		coll := feedCollection()
		mark := feedMark(writer, coll)
		a := addPackages(coll, 1)[0]
		b := addPackages(coll, 1)[0]
		p := pollSince(writer, coll, mark, el("Response_Type", "FULL"))
		ba, bb := p.blockOf(a), p.blockOf(b)
		harness.Setup().Expect(ba).NotTo(BeNil(), "package %s is not in the feed", a.ID)
		harness.Setup().Expect(bb).NotTo(BeNil(), "package %s is not in the feed", b.ID)
		harness.For("T11S-4.1.4-01").Expect(labelOf(ba).Equal(labelOf(bb))).To(BeFalse(),
			"packages added in two Inbox Messages share the Timestamp Label %s", ba.childText("Timestamp_Label"))
	})

	It("writes Timestamp Labels as RFC 3339 date-times with at most six fractional digits",
		harness.Reqs("T11S-4.1.4-02", "T11S-4.1.4-07", "T11S-4.1.4-06"), func() {
			coll := readableCollection()
			p := poll(standard, coll, pollAll(coll, nil, nil))
			saw(p.answers, "Poll_Response")
			harness.Setup().Expect(p.blocks).NotTo(BeEmpty(), "collection %s holds no content to check", coll)
		})

	It("labels new content later than every label already in the feed, comparing instants",
		harness.Reqs("T11S-4.1.4-04", "T11S-4.1.4-05"), harness.Writes(), func() {
			coll := feedCollection()
			p := pollCollection(writer, coll)
			var newest time.Time
			for _, b := range p.blocks {
				if l := labelOf(b); l.After(newest) {
					newest = l
				}
			}
			mark := feedMark(writer, coll)
			pkg := addPackages(coll, 1)[0]
			got := pollSince(writer, coll, mark, el("Response_Type", "FULL"))
			b := got.blockOf(pkg)
			if b == nil {
				// Not after the feed's stated upper bound: look in the whole feed.
				b = pollCollection(writer, coll).blockOf(pkg)
			}
			harness.Setup().Expect(b).NotTo(BeNil(), "package %s is not in the feed", pkg.ID)
			l := labelOf(b)
			harness.Soft("T11S-4.1.4-04").Expect(l.After(newest)).To(BeTrue(), "the new item's label %s is not later than the newest label %s",
				b.childText("Timestamp_Label"), newest.Format(time.RFC3339Nano))
			harness.Soft("T11S-4.1.4-05").Expect(l.After(newest)).To(BeTrue(), "compared as instants, the new label %s is not later than %s",
				b.childText("Timestamp_Label"), newest.Format(time.RFC3339Nano))
		})
})

var _ = Describe("Part 2 §4.1.5 Extended Headers and Status Detail Names", func() {
	It("names extended headers and status details with URIs naming their authority",
		harness.Reqs("T11S-4.1.5-01", "T11S-4.1.5-02", "T11S-4.1.5-03", "T11S-4.1.5-04"), func() {
			rs := tour()
			details := 0
			for _, r := range rs {
				if r.is("Status_Message") {
					details += len(r.root.find("Status_Detail").children("Detail"))
				}
			}
			if details == 0 {
				harness.Note("no Status Message of the tour carried details")
			}
			saw(rs, "Status_Message")
		})
})

var _ = Describe("Part 2 §4.1.6 Query Format IDs", func() {
	It("identifies query formats with URIs naming their authority", harness.Reqs("T11S-4.1.6-02", "T11S-4.1.6-03"), func() {
		r := send(as(standard), serviceURL(svcDiscovery), discoveryRequest())
		expectMessage(r, "Discovery_Response", "discovery")
		n := 0
		for _, si := range r.root.children("Service_Instance") {
			n += len(si.children("Supported_Query"))
		}
		if n == 0 {
			harness.Note("the Discovery Response lists no Supported_Query")
		}
	})
})

var _ = Describe("Part 2 §4.1.7 Version IDs, Content Binding IDs and Subtype IDs", func() {
	It("uses only TAXII's Services Version IDs, and URIs naming their authority for every other ID",
		harness.Reqs("T11S-4.1.7-01", "T11S-4.1.7-02", "T11S-4.1.7-04"), func() {
			rs := tour()
			saw(rs, "Discovery_Response")
			saw(rs, "Collection_Information_Response")
		})
})

// feedCollection is the writable collection when it is a Data Feed.
func feedCollection() string {
	coll := writableCollection()
	if !describeCollection(coll).feed() {
		harness.Disable("the writable collection " + coll + " is a Data Set; Timestamp Labels belong to Data Feeds")
	}
	return coll
}

// readableFeed is the readable collection when it is a Data Feed.
func readableFeed() string {
	coll := readableCollection()
	if !describeCollection(coll).feed() {
		harness.Disable("the readable collection " + coll + " is a Data Set; Timestamp Labels belong to Data Feeds")
	}
	return coll
}
