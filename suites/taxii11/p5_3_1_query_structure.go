package taxii11

// Part 5 §3.1: what a service does with queries it cannot run, and the Default Query
// structure in the messages a server sends (§3.1.1), here the Query of a subscription that a
// STATUS answer reports.

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

var _ = Describe("Part 5 §3.1 Query Structure", func() {
	It("answers UNSUPPORTED_TARGETING_EXPRESSION_ID to a query in a vocabulary it does not support", harness.Reqs("T11Q-3.1-03"), func() {
		r := pollWithQuery(basics().unsupportedVocabQuery())
		harness.For("T11Q-3.1-03").Expect(r.statusType()).To(Equal(stUnsupportedVocab),
			"a query with targeting_expression_id %s: %s", unknownVocabulary, r.describe())
	})

	It("answers UNSUPPORTED_TARGETING_EXPRESSION to a query with a targeting expression it does not support", harness.Reqs("T11Q-3.1-06"), func() {
		q, malformed := basics().unsupportedTargetQuery()
		r := pollWithQuery(q)
		if malformed && r.isStatus(stBadMessage) {
			harness.Note("every expression is in scope, so a malformed one was sent; BAD_MESSAGE is a fair answer to it: %s", r.describe())
			return
		}
		harness.For("T11Q-3.1-06").Expect(r.statusType()).To(Equal(stUnsupportedTarget), "a query whose target is outside the advertised scopes or malformed: %s", r.describe())
	})

	It("answers UNSUPPORTED_CAPABILITY_MODULE to a query naming a capability module it does not support", harness.Reqs("T11Q-3.1-08"), func() {
		r := pollWithQuery(basics().unsupportedModuleQuery())
		harness.For("T11Q-3.1-08").Expect(r.statusType()).To(Equal(stUnsupportedCapability),
			"a query with capability_id %s: %s", unknownCapability, r.describe())
	})

	It("reports a subscription's Default Query in the structure §3.1.1 defines",
		harness.Reqs("T11Q-3.1.1-01", "T11Q-3.1.1-02", "T11Q-3.1.1-03", "T11Q-3.1.1-04", "T11Q-3.1.1-05"), harness.Writes(), func() {
			coll := writableCollection()
			u := subscriptionURL(coll)
			var info dqInfo
			for _, si := range servicesOf(svcCollection) {
				if si.Address == u {
					info = readQueryInfo(si.el)
				}
			}
			if !info.Default {
				harness.Unsupported("the Collection Management Service " + u + " lists no Supported_Query for the Default Query")
			}
			vocab, _ := pickVocab(info, describeCollection(coll))
			if !info.hasModule(fam().CapabilityCore) {
				harness.Unsupported("the Collection Management Service does not list the core capability module")
			}
			core := fam().CapabilityCore
			crit := criteriaEl("OR",
				criteriaEl("AND", criterionEl("true", "STIX_Package/STIX_Header/Description", testEl(core, "exists"))),
				criterionEl("false", "STIX_Package/STIX_Header/Title", testEl(core, "contains", param{"case_sensitive", "false"}, param{"value", "taxii-conform"})))
			r := subscribeAs(writer, coll, subParams(responseType("FULL"), queryEl(vocab, crit)), node{})
			if r.isStatus(stUnsupportedQuery, stUnsupportedCapability, stUnsupportedTarget, stUnsupportedVocab) {
				harness.Unsupported("the service does not take this Default Query in subscriptions: " + r.describe())
			}
			subs := subscriptionsIn(r)
			harness.Setup().Expect(subs).To(HaveLen(1), "subscribing with a Default Query: %s", r.describe())
			st, sr, ok := subscriptionStatus(writer, coll, subs[0].ID)
			harness.Setup().Expect(ok).To(BeTrue(), "STATUS of subscription %s: %s", subs[0].ID, sr.describe())
			var dqs []*elem
			for _, rec := range []subRec{subs[0], st} {
				if dq := rec.Params.find("Query", "Default_Query"); dq != nil {
					dqs = append(dqs, dq)
				}
			}
			harness.Setup().Expect(dqs).NotTo(BeEmpty(), "neither the SUBSCRIBE nor the STATUS answer reports the subscription's Default_Query: %s", sr.describe())
			for _, dq := range dqs {
				checkDefaultQuery(dq)
			}
		})
})
