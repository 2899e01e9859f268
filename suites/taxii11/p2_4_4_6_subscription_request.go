package taxii11

// Part 2 §4.4.6: how a Collection Management Service handles Manage Collection Subscription
// Requests, including the ordered criteria at the end of the section.

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// expectUnsupportedSubscribe sends a SUBSCRIBE that the server should refuse with the status
// type, under req (and T11S-4.4.6-24), and checks that no subscription was added.
func expectUnsupportedSubscribe(req, status, coll string, params, push node) {
	before := subscriptionCount(writer, coll)
	r := subscribeAs(writer, coll, params, push)
	harness.Soft(req).Expect(r.statusType()).To(Equal(status), "SUBSCRIBE to %s: %s", coll, r.describe())
	harness.Soft("T11S-4.4.6-24").Expect(r.statusType()).To(Equal(status), "SUBSCRIBE to %s: %s", coll, r.describe())
	harness.Soft("T11S-4.4.6-24").Expect(subscriptionCount(writer, coll)).To(Equal(before),
		"the refused SUBSCRIBE must leave the subscriptions to %s as they were", coll)
}

var _ = Describe("Part 2 §4.4.6 Manage Collection Subscription Request", func() {
	It("disregards a Subscription ID in a SUBSCRIBE request", harness.Reqs("T11S-4.4.6-04"), harness.Writes(), func() {
		coll := writableCollection()
		first := mustSubscribeAs(writer, coll, subParams(responseType("FULL")), node{})
		// Whether the new subscription took the ID it named shows only where the server gives
		// different subscriptions different IDs (§4.1.3): a second one, made plainly, tells.
		control := mustSubscribeAs(writer, coll, subParams(responseType("COUNT_ONLY"), bindingEl(bindingSTIX12)), node{})
		harness.Setup().Expect(control.ID).NotTo(Equal(first.ID), "two different subscriptions to %s got the same ID %s", coll, first.ID)
		r := manage(writer, "SUBSCRIBE", coll, el("Subscription_ID", first.ID), subParams(responseType("COUNT_ONLY")))
		subs := subscriptionsIn(r)
		for _, s := range subs {
			if s.ID != "" && s.ID != first.ID && s.ID != control.ID {
				cleanupSubscription(writer, coll, s.ID)
			}
		}
		g := harness.For("T11S-4.4.6-04")
		g.Expect(subs).To(HaveLen(1), "SUBSCRIBE (COUNT_ONLY) naming existing subscription %s should create a subscription as if no ID were given: %s", first.ID, r.describe())
		g.Expect(subs[0].ID).NotTo(Equal(first.ID), "the new subscription took the ID the request named instead of one of its own")
		old, sr, ok := subscriptionStatus(writer, coll, first.ID)
		g.Expect(ok).To(BeTrue(), "subscription %s should still exist: %s", first.ID, sr.describe())
		g.Expect(responseTypeOf(old)).To(Equal("FULL"), "subscription %s should keep its Response_Type FULL: the SUBSCRIBE naming it must not change it", first.ID)
	})

	It("disregards Subscription Parameters in requests whose action is not SUBSCRIBE", harness.Reqs("T11S-4.4.6-07"), harness.Writes(), func() {
		coll := writableCollection()
		s := mustSubscribeAs(writer, coll, subParams(responseType("FULL")), node{})
		u := subscriptionURL(coll)
		pause := sendDeliberate(writer, u, subscriptionRequest("PAUSE", coll, el("Subscription_ID", s.ID), subParams(responseType("COUNT_ONLY"))))
		g := harness.For("T11S-4.4.6-07")
		g.Expect(pause.is("Subscription_Management_Response")).To(BeTrue(),
			"PAUSE with (ignorable) Subscription_Parameters should be handled as a plain PAUSE: %s", pause.describe())
		status := sendDeliberate(writer, u, subscriptionRequest("STATUS", coll, el("Subscription_ID", s.ID), subParams(responseType("COUNT_ONLY"))))
		g.Expect(status.is("Subscription_Management_Response")).To(BeTrue(),
			"STATUS with (ignorable) Subscription_Parameters should be handled as a plain STATUS: %s", status.describe())
		now, sr, ok := subscriptionStatus(writer, coll, s.ID)
		g.Expect(ok).To(BeTrue(), "subscription %s should still exist: %s", s.ID, sr.describe())
		g.Expect(responseTypeOf(now)).To(Equal("FULL"), "the Subscription_Parameters of PAUSE and STATUS must not change subscription %s", s.ID)
		g.Expect(readStatus(now, sr, ok)).To(Equal("PAUSED"), "the PAUSE itself should take effect")
	})

	It("answers UNSUPPORTED_CONTENT to a SUBSCRIBE naming only content bindings the collection lacks",
		harness.Reqs("T11S-4.4.6-10", "T11S-4.4.6-24"), harness.Writes(), func() {
			c := restrictedCollection()
			expectUnsupportedSubscribe("T11S-4.4.6-10", stUnsupportedContent, c.Name, subParams(responseType("FULL"), bindingEl(unknownBinding)), node{})
		})

	It("answers POLLING_UNSUPPORTED to a poll-only SUBSCRIBE for a collection that cannot be polled",
		harness.Reqs("T11S-4.4.6-13"), harness.Writes(), func() {
			var coll string
			for _, c := range collections(writer) {
				if len(c.Polling) == 0 && len(c.Subscription) > 0 && (c.Available == nil || *c.Available) {
					coll = c.Name
					break
				}
			}
			if coll == "" {
				harness.Disable("every available collection the writer sees can be polled, so none can refuse a poll-only subscription")
			}
			r := subscribeAs(writer, coll, subParams(responseType("FULL")), node{})
			harness.For("T11S-4.4.6-13").Expect(r.statusType()).To(Equal(stPollingUnsupported),
				"a SUBSCRIBE without Push_Parameters to %s, which lists no Polling_Service: %s", coll, r.describe())
		})

	It("answers UNSUPPORTED_PROTOCOL to a SUBSCRIBE whose inbox protocol the collection cannot push with",
		harness.Reqs("T11S-4.4.6-15", "T11S-4.4.6-24"), harness.Writes(), func() {
			coll := writableCollection()
			expectUnsupportedSubscribe("T11S-4.4.6-15", stUnsupportedProtocol, coll, subParams(responseType("FULL")),
				pushParams("Push_Parameters", unknownProtocol, unreachableInbox, fam().MessageBinding))
		})

	It("answers UNSUPPORTED_MESSAGE to a SUBSCRIBE whose delivery message binding the collection cannot push with",
		harness.Reqs("T11S-4.4.6-18", "T11S-4.4.6-24"), harness.Writes(), func() {
			coll := writableCollection()
			expectUnsupportedSubscribe("T11S-4.4.6-18", stUnsupportedMessage, coll, subParams(responseType("FULL")),
				pushParams("Push_Parameters", fam().ProtocolHTTP, unreachableInbox, unknownMessage))
		})

	It("answers UNSUPPORTED_QUERY to a SUBSCRIBE whose query format the service lacks",
		harness.Reqs("T11S-4.4.6-24"), harness.Writes(), func() {
			coll := writableCollection()
			q := el("Query", at("format_id", unknownFormat), rawXML(`<q xmlns="urn:example.com:taxii-conform">anything</q>`))
			expectUnsupportedSubscribe("T11S-4.4.6-24", stUnsupportedQuery, coll, subParams(responseType("FULL"), q), node{})
		})

	It("judges authentication before the collection, and the collection before the parameters",
		harness.Reqs("T11S-4.4.6-20"), harness.Writes(), func() {
			known := writableCollection()
			missing := unknownName("collection")
			g := harness.For("T11S-4.4.6-20")

			// Criterion 2 comes before criterion 4: an unknown collection is reported as such,
			// not as unsupported parameters.
			r := send(as(writer), subscriptionURL(known), subscriptionRequest("SUBSCRIBE", missing,
				subParams(responseType("FULL"), bindingEl(unknownBinding)),
				pushParams("Push_Parameters", unknownProtocol, unreachableInbox, unknownMessage)))
			for _, s := range subscriptionsIn(r) {
				cleanupSubscription(writer, missing, s.ID)
			}
			// Which check decided the answer shows in its status type: a refusal in another
			// form (§3.5 and §4.4.6 judge that) leaves the order unseen.
			harness.Setup().Expect(r.is("Status_Message")).To(BeTrue(), "SUBSCRIBE to unknown collection %s, expected a Status Message to read the deciding check from: %s", missing, r.describe())
			g.Expect(r.isStatus(stUnsupportedContent, stUnsupportedProtocol, stUnsupportedMessage, stUnsupportedQuery)).To(BeFalse(),
				"the unknown collection must decide the answer before the unsupported parameters: %s", r.describe())

			// Criterion 1 comes first: without credentials, an unknown collection must not be
			// reported as unknown when the service requires authentication.
			if harness.Current().Profile().HasFeature11(featureNoAuth) {
				return
			}
			probe := send(as(anon), subscriptionURL(known), subscriptionRequest("STATUS", known))
			if !probe.isStatus(stUnauthorized) {
				harness.Note("the service answers an anonymous STATUS for %s with %s, so it may not require authentication; the first criterion is not checked", known, probe.kind())
				return
			}
			a := send(as(anon), subscriptionURL(known), subscriptionRequest("STATUS", missing))
			harness.Setup().Expect(a.is("Status_Message")).To(BeTrue(), "anonymous STATUS for unknown collection %s, expected a Status Message to read the deciding check from: %s", missing, a.describe())
			g.Expect(a.statusType()).NotTo(Equal(stNotFound),
				"the missing authentication must decide the answer before the unknown collection (the same request for %s got %s): %s", known, probe.kind(), a.describe())
		})

	It("refuses subscription requests that lack authentication with a Status Message, changing nothing",
		harness.Reqs("T11S-4.4.6-21"), harness.Writes(), func() {
			requireAuth()
			coll := writableCollection()
			s := mustSubscribeAs(writer, coll, subParams(responseType("FULL")), node{})
			u := subscriptionURL(coll)
			g := harness.Soft("T11S-4.4.6-21")
			for _, c := range []*harness.Client{as(anon), harness.Current().WrongCredentials()} {
				r := sendAs(c, fam(), u, subscriptionRequest("UNSUBSCRIBE", coll, el("Subscription_ID", s.ID)))
				ok, how := errorAnswer(r)
				g.Expect(ok).To(BeTrue(), "UNSUBSCRIBE of %s as %s: expected an error Status Message; got %s", s.ID, c.Identity(), r.describe())
				if ok && !r.isStatus(stUnauthorized) {
					harness.Note("UNSUBSCRIBE as %s was refused with %s rather than UNAUTHORIZED", c.Identity(), how)
				}
			}
			_, sr, ok := subscriptionStatus(writer, coll, s.ID)
			g.Expect(ok).To(BeTrue(), "subscription %s must survive unauthenticated UNSUBSCRIBE requests: %s", s.ID, sr.describe())
		})

	It("refuses subscription requests for an unknown collection with a Status Message", harness.Reqs("T11S-4.4.6-22"), harness.Writes(), func() {
		known := writableCollection()
		missing := unknownName("collection")
		u := subscriptionURL(known)
		g := harness.Soft("T11S-4.4.6-22")
		r := send(as(writer), u, subscriptionRequest("SUBSCRIBE", missing, subParams(responseType("FULL"))))
		for _, s := range subscriptionsIn(r) {
			cleanupSubscription(writer, missing, s.ID)
		}
		for _, a := range []*reply{r, send(as(writer), u, subscriptionRequest("STATUS", missing))} {
			ok, how := errorAnswer(a)
			g.Expect(ok).To(BeTrue(), "a request naming unknown collection %s: expected an error Status Message; got %s", missing, a.describe())
			if ok && !a.isStatus(stNotFound) {
				harness.Note("unknown collection reported with %s rather than NOT_FOUND", how)
			}
		}
	})

	It("treats UNSUBSCRIBE of an unknown subscription as done, changing nothing", harness.Reqs("T11S-4.4.6-23"), harness.Writes(), func() {
		coll := writableCollection()
		s := mustSubscribeAs(writer, coll, subParams(responseType("FULL")), node{})
		r := manage(writer, "UNSUBSCRIBE", coll, el("Subscription_ID", unknownSubscriptionID()))
		g := harness.Soft("T11S-4.4.6-23")
		g.Expect(r.is("Subscription_Management_Response")).To(BeTrue(), "UNSUBSCRIBE of a subscription that never existed: %s", r.describe())
		_, sr, ok := subscriptionStatus(writer, coll, s.ID)
		g.Expect(ok).To(BeTrue(), "subscription %s must be left alone: %s", s.ID, sr.describe())
	})

	It("answers a repeated identical SUBSCRIBE with the existing subscription instead of a duplicate",
		harness.Reqs("T11S-4.4.6-25", "T11S-4.4.6-26", "T11S-4.4.6-27"), harness.Writes(), func() {
			coll := writableCollection()
			params := subParams(responseType("COUNT_ONLY"), bindingEl(bindingSTIX12))
			s := mustSubscribeAs(writer, coll, params, node{})
			before := subscriptionCount(writer, coll)
			r := subscribeAs(writer, coll, params, node{})
			subs := subscriptionsIn(r)
			harness.Soft("T11S-4.4.6-27").Expect(r.is("Subscription_Management_Response")).To(BeTrue(),
				"the same SUBSCRIBE again should be reported as established: %s", r.describe())
			if len(subs) == 1 {
				harness.Soft("T11S-4.4.6-25").Expect(subs[0].ID).To(Equal(s.ID), "the answer should name the existing identical subscription")
			} else {
				harness.Soft("T11S-4.4.6-25").Expect(subs).To(HaveLen(1), "the answer should name the existing identical subscription: %s", r.describe())
			}
			harness.Soft("T11S-4.4.6-26").Expect(subscriptionCount(writer, coll)).To(Equal(before),
				"an identical SUBSCRIBE must not add a subscription")
		})

	It("accepts PAUSE of a paused subscription and RESUME of an active one, changing nothing",
		harness.Reqs("T11S-4.4.6-28", "T11S-4.4.6-29"), harness.Writes(), func() {
			coll := writableCollection()
			s := mustSubscribeAs(writer, coll, subParams(responseType("FULL")), node{})

			again := manage(writer, "RESUME", coll, el("Subscription_ID", s.ID))
			harness.Soft("T11S-4.4.6-29").Expect(again.is("Subscription_Management_Response")).To(BeTrue(), "RESUME of active subscription %s: %s", s.ID, again.describe())
			now, sr, ok := subscriptionStatus(writer, coll, s.ID)
			harness.Soft("T11S-4.4.6-29").Expect(readStatus(now, sr, ok)).To(Equal("ACTIVE"), "subscription %s should still be active", s.ID)

			first := manage(writer, "PAUSE", coll, el("Subscription_ID", s.ID))
			harness.Setup().Expect(first.is("Subscription_Management_Response")).To(BeTrue(), "pausing %s: %s", s.ID, first.describe())
			second := manage(writer, "PAUSE", coll, el("Subscription_ID", s.ID))
			harness.Soft("T11S-4.4.6-28").Expect(second.is("Subscription_Management_Response")).To(BeTrue(), "PAUSE of paused subscription %s: %s", s.ID, second.describe())
			now, sr, ok = subscriptionStatus(writer, coll, s.ID)
			harness.Soft("T11S-4.4.6-28").Expect(readStatus(now, sr, ok)).To(Equal("PAUSED"), "subscription %s should still be paused", s.ID)
		})

	It("answers NOT_FOUND to PAUSE, RESUME and STATUS naming an unknown subscription", harness.Reqs("T11S-4.4.6-30"), harness.Writes(), func() {
		coll := writableCollection()
		for _, action := range []string{"PAUSE", "RESUME", "STATUS"} {
			r := manage(writer, action, coll, el("Subscription_ID", unknownSubscriptionID()))
			harness.Soft("T11S-4.4.6-30").Expect(r.statusType()).To(Equal(stNotFound), "%s of a subscription that never existed: %s", action, r.describe())
		}
	})
})
