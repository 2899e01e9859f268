package taxii11

// Part 4 §3.6 and §3.7: the Manage Collection Subscription Request fields a server must ignore,
// and the Manage Collection Subscription Response (its fields are also checked by the
// validator on every response).

import (
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// sendSubscription sends a subscription request the harness builds against a client SHOULD
// NOT of §3.6 on purpose (so the validator does not take it for a harness bug).
func sendSubscription(coll string, m node) *reply {
	f := fam()
	u := subscriptionURL(coll)
	return sendRaw(as(writer), u, headersFor(f, isHTTPS(u)), f.marshal(m), true)
}

var _ = Describe("Part 4 §3.6 TAXII Manage Collection Subscription Request", func() {
	It("ignores a Subscription_ID sent with SUBSCRIBE", harness.Reqs("T11X-3.6-05"), harness.Writes(), func() {
		coll := writableCollection()
		mine := unknownSubscriptionID()
		r := sendSubscription(coll, subscriptionRequest("SUBSCRIBE", coll, el("Subscription_ID", mine), subParams(responseType("FULL"))))
		for _, s := range subscriptionsIn(r) {
			if s.ID != "" {
				cleanupSubscription(writer, coll, s.ID)
			}
		}
		harness.For("T11X-3.6-05").Expect(r.is("Subscription_Management_Response")).To(BeTrue(),
			"a SUBSCRIBE that carries a Subscription_ID must be served as if it had none: %s", r.describe())
		for _, s := range subscriptionsIn(r) {
			harness.For("T11X-3.6-05").Expect(s.ID).NotTo(Equal(mine), "the server took the Subscription_ID the request carried as the new subscription's ID")
		}
	})

	It("ignores Push_Parameters sent with actions other than SUBSCRIBE", harness.Reqs("T11X-3.6-12"), harness.Writes(), func() {
		coll := writableCollection()
		s := mustSubscribeAs(writer, coll, subParams(responseType("FULL")), node{})
		harness.Setup().Expect(s.Push).To(BeNil(), "a subscription made without Push_Parameters has some")
		in := startInbox()
		for _, action := range []string{"STATUS", "PAUSE", "RESUME"} {
			r := sendSubscription(coll, subscriptionRequest(action, coll, el("Subscription_ID", s.ID), in.params("Push_Parameters")))
			harness.For("T11X-3.6-12").Expect(r.is("Subscription_Management_Response")).To(BeTrue(),
				"%s with Push_Parameters must be served as if it had none: %s", action, r.describe())
			for _, got := range subscriptionsIn(r) {
				harness.For("T11X-3.6-12").Expect(got.Push).To(BeNil(), "after %s with Push_Parameters, subscription %s has Push_Parameters", action, got.ID)
			}
		}
		st, r, ok := subscriptionStatus(writer, coll, s.ID)
		harness.Setup().Expect(ok).To(BeTrue(), "STATUS of subscription %s: %s", s.ID, r.describe())
		harness.For("T11X-3.6-12").Expect(st.Push).To(BeNil(), "the subscription gained Push_Parameters from a request that was not SUBSCRIBE")
	})
})

var _ = Describe("Part 4 §3.7 TAXII Manage Collection Subscription Response", func() {
	It("answers every action but STATUS with exactly one Subscription, with the fields Table 11 requires",
		harness.Reqs("T11X-3.7-01", "T11X-3.7-02", "T11X-3.7-03", "T11X-3.7-07"), harness.Writes(), func() {
			coll := writableCollection()
			r := subscribeAs(writer, coll, subParams(responseType("FULL")), node{})
			harness.For("T11X-3.7-02").Expect(subscriptionsIn(r)).To(HaveLen(1), "SUBSCRIBE: %s", r.describe())
			id := subscriptionsIn(r)[0].ID
			for _, action := range []string{"PAUSE", "RESUME", "UNSUBSCRIBE"} {
				r := manage(writer, action, coll, el("Subscription_ID", id))
				harness.For("T11X-3.7-02").Expect(subscriptionsIn(r)).To(HaveLen(1), "%s: %s", action, r.describe())
			}
		})

	It("repeats the Subscription_Parameters of the request that made the subscription", harness.Reqs("T11X-3.7-04"), harness.Writes(), func() {
		coll := writableCollection()
		binding := bindingSTIX12
		if !describeCollection(coll).accepts(binding) {
			binding = bindingSTIX111
		}
		s := mustSubscribeAs(writer, coll, subParams(responseType("COUNT_ONLY"), bindingEl(binding)), node{})
		st, r, ok := subscriptionStatus(writer, coll, s.ID)
		harness.Setup().Expect(ok).To(BeTrue(), "STATUS of subscription %s: %s", s.ID, r.describe())
		for what, got := range map[string]subRec{"SUBSCRIBE": s, "STATUS": st} {
			harness.For("T11X-3.7-04").Expect(got.Params).NotTo(BeNil(), "the %s response gives no Subscription_Parameters", what)
			harness.For("T11X-3.7-04").Expect(responseTypeOf(got)).To(Equal("COUNT_ONLY"), "Response_Type in the %s response", what)
			var ids []string
			for _, cb := range got.Params.children("Content_Binding") {
				ids = append(ids, strings.TrimSpace(cb.at("binding_id")))
			}
			harness.For("T11X-3.7-04").Expect(ids).To(Equal([]string{binding}), "Content_Binding in the %s response", what)
		}
	})

	It("gives Push_Parameters exactly when it will push, repeating the request's", harness.Reqs("T11X-3.7-06"), harness.Writes(), func() {
		coll := writableCollection()
		plain := mustSubscribeAs(writer, coll, subParams(responseType("FULL")), node{})
		harness.For("T11X-3.7-06").Expect(plain.Push).To(BeNil(), "a subscription made without Push_Parameters reports some")

		in := startInbox()
		s := mustSubscribeAs(writer, coll, subParams(responseType("FULL")), in.params("Push_Parameters"))
		if s.Push == nil {
			harness.Unsupported("the server made the subscription but will not push (no Push_Parameters in the response)")
		}
		f := fam()
		harness.For("T11X-3.7-06").Expect(s.Push.childText("Protocol_Binding")).To(Equal(f.protocol(isHTTPS(in.address()))))
		harness.For("T11X-3.7-06").Expect(s.Push.childText("Address")).To(Equal(in.address()))
		harness.For("T11X-3.7-06").Expect(s.Push.childText("Message_Binding")).To(Equal(f.MessageBinding))
		// The server said it will push: it must.
		pkgs := addPackages(coll, 1)
		_, err := awaitPackages(in, pkgs...)
		harness.For("T11X-3.7-06").Expect(err).NotTo(HaveOccurred(), "the subscription reports Push_Parameters but package %s was not pushed", pkgs[0].ID)
	})
})
