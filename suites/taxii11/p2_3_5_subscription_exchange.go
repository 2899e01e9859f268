package taxii11

// Part 2 §3.5: the Subscription Management Exchange.

import (
	"sort"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// subscriptionSnapshot is the writer's subscriptions to a collection, by ID, with status.
func subscriptionSnapshot(coll string) map[string]string {
	subs, _ := allSubscriptions(writer, coll)
	out := map[string]string{}
	for _, s := range subs {
		out[s.ID] = s.Status
	}
	return out
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var _ = Describe("Part 2 §3.5 Subscription Management Exchange", func() {
	It("answers a subscription request it cannot process with a Status Message signalling failure",
		harness.Reqs("T11S-3.5-01"), harness.Writes(), func() {
			coll := writableCollection()
			u := subscriptionURL(coll)
			expectError("T11S-3.5-01", sendBroken(writer, u, brokenBody("Subscription_Management_Request")), "a malformed subscription request")
			expectError("T11S-3.5-01", sendBroken(writer, u, invalidBody("Subscription_Management_Request", `action="STATUS" collection_name="`+coll+`"`)),
				"a subscription request with a field Part 4 does not define")
		})

	It("answers allowed requests with a response, also when nothing changes, and never with SUCCESS",
		harness.Reqs("T11S-3.5-02", "T11S-3.5-04"), harness.Writes(), func() {
			coll := writableCollection()
			r := subscribeAs(writer, coll, subParams(responseType("FULL")), node{})
			harness.Soft("T11S-3.5-04").Expect(r.statusType()).NotTo(Equal(stSuccess), r.describe())
			harness.For("T11S-3.5-02").Expect(r.is("Subscription_Management_Response")).To(BeTrue(), "SUBSCRIBE: %s", r.describe())
			// How many subscriptions the response lists is §4.4.7's business; one is needed here.
			subs := subscriptionsIn(r)
			harness.Setup().Expect(subs).NotTo(BeEmpty(), "the response to SUBSCRIBE lists no subscription: %s", r.describe())
			id := subs[0].ID
			// STATUS changes nothing; RESUME of an active subscription neither (§4.4.6 rule 6).
			for _, action := range []string{"STATUS", "RESUME"} {
				r := manage(writer, action, coll, el("Subscription_ID", id))
				harness.Soft("T11S-3.5-04").Expect(r.statusType()).NotTo(Equal(stSuccess), "%s: %s", action, r.describe())
				harness.For("T11S-3.5-02").Expect(r.is("Subscription_Management_Response")).To(BeTrue(), "%s of an active subscription: %s", action, r.describe())
			}
			r = manage(writer, "STATUS", coll)
			harness.For("T11S-3.5-02").Expect(r.is("Subscription_Management_Response")).To(BeTrue(), "STATUS of all subscriptions: %s", r.describe())
		})

	It("refuses a request with a Status Message saying why, and changes no subscription",
		harness.Reqs("T11S-3.5-03", "T11S-3.5-05"), harness.Writes(), func() {
			coll := writableCollection()
			s := mustSubscribeAs(writer, coll, subParams(responseType("FULL")), node{})
			before := subscriptionSnapshot(coll)
			u := subscriptionURL(coll)
			elsewhere := unknownName("collection")
			refusals := []*reply{
				manage(writer, "SUBSCRIBE", coll, subParams(responseType("FULL"), unsupportedQuery())),
				manage(writer, "PAUSE", coll, el("Subscription_ID", unknownSubscriptionID())),
				send(as(writer), u, subscriptionRequest("PAUSE", elsewhere, el("Subscription_ID", s.ID))),
				send(as(writer), u, subscriptionRequest("UNSUBSCRIBE", elsewhere, el("Subscription_ID", s.ID))),
			}
			if harness.Current().HasIdentity(nobody) {
				refusals = append(refusals, manage(nobody, "UNSUBSCRIBE", coll, el("Subscription_ID", s.ID)))
			}
			// A request the server allowed may change subscriptions; only the refused ones are
			// held to leaving them as they were.
			allowed := map[string]bool{}
			for _, r := range refusals {
				if r.is("Subscription_Management_Response") {
					harness.Note("allowed: %s", r.describe())
					for _, got := range subscriptionsIn(r) {
						if got.ID != "" && got.ID != s.ID {
							allowed[got.ID] = true
							cleanupSubscription(writer, coll, got.ID)
						}
					}
					continue
				}
				harness.For("T11S-3.5-03").Expect(r.is("Status_Message")).To(BeTrue(), r.describe())
				ok, _ := errorAnswer(r)
				harness.For("T11S-3.5-03").Expect(ok).To(BeTrue(), "a refusal must say why with an error status type: %s", r.describe())
			}
			after := subscriptionSnapshot(coll)
			for id := range allowed {
				delete(after, id)
			}
			harness.For("T11S-3.5-05").Expect(keys(after)).To(Equal(keys(before)), "the writer's subscriptions to %s changed through requests that were refused", coll)
			harness.For("T11S-3.5-05").Expect(after[s.ID]).To(Equal(before[s.ID]), "subscription %s changed status", s.ID)
		})
})
