package taxii11

// Part 2 §4.4.7: the Manage Collection Subscription Response.

import (
	"fmt"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

var _ = Describe("Part 2 §4.4.7 Manage Collection Subscription Response", func() {
	It("names the collection and holds exactly one subscription, with its ID, for SUBSCRIBE, PAUSE, RESUME and UNSUBSCRIBE",
		harness.Reqs("T11S-4.4.7-01", "T11S-4.4.7-02", "T11S-4.4.7-03"), harness.Writes(), func() {
			coll := writableCollection()
			r := subscribeAs(writer, coll, subParams(responseType("FULL")), node{})
			expectMessage(r, "Subscription_Management_Response", "subscribing to "+coll)
			id := r.root.find("Subscription", "Subscription_ID").text()
			harness.Setup().Expect(id).NotTo(BeEmpty(), "the SUBSCRIBE answer names no Subscription_ID: %s", r.describe())
			answers := map[string]*reply{"SUBSCRIBE": r}
			for _, action := range []string{"PAUSE", "RESUME", "STATUS", "UNSUBSCRIBE"} {
				answers[action] = manage(writer, action, coll, el("Subscription_ID", id))
			}
			for _, action := range []string{"SUBSCRIBE", "PAUSE", "RESUME", "STATUS", "UNSUBSCRIBE"} {
				a := answers[action]
				if !a.is("Subscription_Management_Response") {
					harness.Setup().Expect(a.is("Subscription_Management_Response")).To(BeTrue(), "%s of subscription %s: %s", action, id, a.describe())
				}
				harness.Soft("T11S-4.4.7-01").Expect(a.root.at("collection_name")).To(Equal(coll), "the answer to %s should name collection %s", action, coll)
				subs := a.root.children("Subscription")
				if action != "STATUS" {
					harness.Soft("T11S-4.4.7-02").Expect(subs).To(HaveLen(1), "the answer to %s should hold exactly one Subscription: %s", action, a.describe())
				}
				for _, s := range subs {
					harness.Soft("T11S-4.4.7-03").Expect(s.childText("Subscription_ID")).NotTo(BeEmpty(),
						"a Subscription in the answer to %s (line %d) has no Subscription_ID", action, s.Line)
				}
			}
			all, ar := allSubscriptions(writer, coll)
			for _, s := range all {
				harness.Soft("T11S-4.4.7-03").Expect(s.ID).NotTo(BeEmpty(), "a Subscription in the answer to STATUS of all subscriptions has no Subscription_ID: %s", ar.describe())
			}
		})

	It("reports, in answers to STATUS, the Subscription Parameters each subscription was set up with",
		harness.Reqs("T11S-4.4.7-04"), harness.Writes(), func() {
			coll := writableCollection()
			s := mustSubscribeAs(writer, coll, subParams(responseType("COUNT_ONLY"), bindingEl(bindingSTIX12)), node{})
			one, r1, ok := subscriptionStatus(writer, coll, s.ID)
			harness.Setup().Expect(ok).To(BeTrue(), "STATUS of subscription %s: %s", s.ID, r1.describe())
			all, r2 := allSubscriptions(writer, coll)
			g := harness.Soft("T11S-4.4.7-04")
			check := func(rec subRec, how string) {
				g.Expect(rec.Params).NotTo(BeNil(), "%s: subscription %s has no Subscription_Parameters", how, rec.ID)
				if rec.Params == nil {
					return
				}
				g.Expect(rec.Params.childText("Response_Type")).To(Equal("COUNT_ONLY"), "%s: the Response_Type of subscription %s", how, rec.ID)
				var bindings []string
				for _, cb := range rec.Params.children("Content_Binding") {
					bindings = append(bindings, cb.at("binding_id"))
				}
				g.Expect(bindings).To(Equal([]string{bindingSTIX12}), "%s: the Content_Binding list of subscription %s", how, rec.ID)
			}
			check(one, "STATUS naming it")
			found := false
			for _, rec := range all {
				g.Expect(rec.Params).NotTo(BeNil(), "STATUS of all subscriptions: subscription %s has no Subscription_Parameters: %s", rec.ID, r2.describe())
				if rec.ID == s.ID {
					found = true
					check(rec, "STATUS of all subscriptions")
				}
			}
			g.Expect(found).To(BeTrue(), "STATUS of all subscriptions should list %s: %s", s.ID, r2.describe())
		})

	It("describes each Poll Instance by a protocol binding, an address of its form and message bindings",
		harness.Reqs("T11S-4.4.7-06", "T11S-4.4.7-07", "T11S-4.4.7-08", "T11S-4.4.7-09"), harness.Writes(), func() {
			coll := writableCollection()
			s := mustSubscribeAs(writer, coll, subParams(responseType("FULL")), node{})
			st, r, ok := subscriptionStatus(writer, coll, s.ID)
			harness.Setup().Expect(ok).To(BeTrue(), "STATUS of subscription %s: %s", s.ID, r.describe())
			n := 0
			for _, rec := range []subRec{s, st} {
				for _, pi := range rec.PollInstances {
					n++
					checkEndpoint(pi, fmt.Sprintf("a Poll_Instance of subscription %s", rec.ID),
						endpointReqs{fields: "T11S-4.4.7-06", protocol: "T11S-4.4.7-07", address: "T11S-4.4.7-08", binding: "T11S-4.4.7-09"})
				}
			}
			if n == 0 {
				harness.Note("the answers list no Poll_Instance: subscription content cannot be polled through TAXII here")
			}
		})
})
