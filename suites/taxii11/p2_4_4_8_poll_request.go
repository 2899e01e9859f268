package taxii11

// Part 2 §4.4.8: how a Poll Service handles Poll Requests.

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// farFuture is a Timestamp Label later than any a server has issued; farPast is earlier.
var (
	farFuture = time.Date(2999, 1, 1, 0, 0, 0, 0, time.UTC)
	farPast   = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
)

// blockCount polls and returns how many content blocks the whole result holds; a Status
// Message fails the requirement.
func blockCount(req, identity, coll string, begin, end *time.Time, doing string) (int, polled) {
	p := poll(identity, coll, pollAll(coll, begin, end))
	harness.For(req).Expect(p.answers[0].is("Poll_Response")).To(BeTrue(), "%s: %s", doing, p.answers[0].describe())
	return len(p.blocks), p
}

var _ = Describe("Part 2 §4.4.8 Poll Request", func() {
	It("considers the whole Data Set whatever Timestamp Label range the request gives",
		harness.Reqs("T11S-4.4.8-02", "T11S-4.4.8-03"), harness.Writes(), func() {
			ds := readableDataSet()
			added := fillDataSet(ds)
			full := poll(ds.Reader, ds.Name, pollAll(ds.Name, nil, nil))
			expectMessage(full.answers[0], "Poll_Response", "polling Data Set "+ds.Name)
			all := len(full.blocks)
			harness.Setup().Expect(full.has(added...)).To(HaveLen(len(added)), "the packages just added to %s (%s) should be in a poll of it", ds.Name, joinIDs(added))
			if all == 0 {
				harness.Note("Data Set %s is empty and no identity may write to it, so ignoring the range cannot be told from honouring it", ds.Name)
			}
			n, _ := blockCount("T11S-4.4.8-02", ds.Reader, ds.Name, &farFuture, nil, "polling Data Set "+ds.Name+" with an Exclusive_Begin_Timestamp after everything")
			harness.Soft("T11S-4.4.8-02").Expect(n).To(Equal(all), "Exclusive_Begin_Timestamp %s must be ignored for Data Set %s", label(farFuture), ds.Name)
			n, _ = blockCount("T11S-4.4.8-03", ds.Reader, ds.Name, nil, &farPast, "polling Data Set "+ds.Name+" with an Inclusive_End_Timestamp before everything")
			harness.Soft("T11S-4.4.8-03").Expect(n).To(Equal(all), "Inclusive_End_Timestamp %s must be ignored for Data Set %s", label(farPast), ds.Name)
		})

	It("answers DENIED to a Poll Request without Subscription ID when it serves subscribers only",
		harness.Reqs("T11S-4.4.8-05"), harness.Writes(), func() {
			// A Poll Service that serves subscribers only shows itself by its answers: no Poll
			// Response to a poll with Poll_Parameters, one to a poll naming a subscription. The
			// collections the writer sees are tried in turn for one polled that way.
			for _, c := range collections(writer) {
				if len(c.Polling) == 0 || len(c.Subscription) == 0 || (c.Available != nil && !*c.Available) {
					continue
				}
				u := pollURL(c.Name)
				open := send(as(writer), u, pollAll(c.Name, nil, nil))
				if open.is("Poll_Response") {
					continue
				}
				subs := subscriptionsIn(subscribeAs(writer, c.Name, subParams(responseType("FULL")), node{}))
				if len(subs) != 1 || subs[0].ID == "" {
					harness.Note("collection %s: the writer could not subscribe, so its Poll Service cannot be told to serve subscribers only", c.Name)
					continue
				}
				bySub := send(as(writer), u, pollRequest(c.Name, el("Subscription_ID", subs[0].ID)))
				if !bySub.is("Poll_Response") {
					harness.Note("collection %s: neither a poll with Poll_Parameters nor one naming a subscription got a Poll Response (%s)", c.Name, bySub.kind())
					continue
				}
				harness.For("T11S-4.4.8-05").Expect(open.statusType()).To(Equal(stDenied),
					"the service polls subscription %s to %s but refused a poll of it without one: %s", subs[0].ID, c.Name, open.describe())
				return
			}
			harness.Disable("no collection the writer sees has a Poll Service that serves polls naming a subscription and no others")
		})

	It("answers UNSUPPORTED_CONTENT to a Poll Request naming only content bindings the collection lacks",
		harness.Reqs("T11S-4.4.8-09"), func() {
			c := restrictedCollection()
			r := send(as(writer), pollURL(c.Name), pollRequest(c.Name, pollParameters(el("Response_Type", "FULL"), bindingEl(unknownBinding))))
			harness.For("T11S-4.4.8-09").Expect(r.statusType()).To(Equal(stUnsupportedContent),
				"a poll of %s for content binding %s only: %s", c.Name, unknownBinding, r.describe())
		})

	It("never answers PENDING when the request does not allow asynchronous polling", harness.Reqs("T11S-4.4.8-12"), harness.Writes(), func() {
		coll := readableCollection()
		u := pollURL(coll)
		g := harness.Soft("T11S-4.4.8-12")
		explicit := send(as(writer), u, pollAll(coll, nil, nil))
		g.Expect(explicit.statusType()).NotTo(Equal(stPending), "allow_asynch=\"false\": %s", explicit.describe())
		absent := send(as(writer), u, pollRequest(coll, el("Poll_Parameters", el("Response_Type", "FULL"))))
		g.Expect(absent.statusType()).NotTo(Equal(stPending), "allow_asynch absent (false): %s", absent.describe())
		s := mustSubscribeAs(writer, coll, subParams(responseType("FULL")), node{})
		bySub := send(as(writer), u, pollRequest(coll, el("Subscription_ID", s.ID)))
		g.Expect(bySub.statusType()).NotTo(Equal(stPending), "a poll by Subscription_ID cannot allow asynchronous polling: %s", bySub.describe())
	})

	It("does not refuse a Poll Request over Delivery Parameters it has no use for", harness.Reqs("T11S-4.4.8-19"), func() {
		coll := readableCollection()
		u := pollURL(coll)
		bad := pushParams("Delivery_Parameters", unknownProtocol, unreachableInbox, unknownMessage)
		baseline := send(as(writer), u, pollRequest(coll, el("Poll_Parameters", at("allow_asynch", "true"), el("Response_Type", "FULL"))))
		r := send(as(writer), u, pollRequest(coll, el("Poll_Parameters", at("allow_asynch", "true"), el("Response_Type", "FULL"), bad)))
		switch {
		case baseline.is("Poll_Response"):
			// The service answers at once: the Delivery Parameters must be ignored.
		case baseline.isStatus(stPending) && len(baseline.details(dtWillPush)) > 0 && !isTrue(baseline.details(dtWillPush)[0]):
			// Asynchronous, but without Delivery Parameters it says nothing of pushing; learn
			// whether it is willing to push at all.
			in := startInbox()
			good := send(as(writer), u, pollRequest(coll, el("Poll_Parameters", at("allow_asynch", "true"), el("Response_Type", "FULL"), in.params("Delivery_Parameters"))))
			if good.isStatus(stPending) && len(good.details(dtWillPush)) > 0 && isTrue(good.details(dtWillPush)[0]) {
				harness.Note("the service polls asynchronously and pushes results, so it may refuse unusable Delivery Parameters: %s", r.describe())
				return
			}
		default:
			harness.Note("the baseline poll got %s; judging only that the Delivery Parameters add no error", baseline.kind())
			if ok, _ := errorAnswer(baseline); ok {
				return
			}
		}
		ok, how := errorAnswer(r)
		harness.For("T11S-4.4.8-19").Expect(ok).To(BeFalse(),
			"unusable Delivery_Parameters that the service would not act on should be ignored, not answered with %s: %s", how, r.describe())
	})
})
