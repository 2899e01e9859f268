package taxii11

// Part 5 §2: the Status Types of the Default Query and their Status Details.

import (
	"fmt"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// detailNames lists the names of a Status Message's details, in order.
func detailNames(r *reply) []string {
	var out []string
	for _, d := range r.root.find("Status_Detail").children("Detail") {
		out = append(out, d.at("name"))
	}
	return out
}

// provoked sends a query meant to draw a Part 5 status type and returns the answer; the spec
// ends unsupported when the server answers with another status type (the SHOULDs of §3.1
// judge that), since there is then nothing of §2 to check.
func provoked(status string, q node) *reply {
	r := pollWithQuery(q)
	if !r.isStatus(status) {
		harness.Unsupported(fmt.Sprintf("the query meant to draw %s got %s", status, r.describe()))
	}
	return r
}

var _ = Describe("Part 5 §2 Status Types", func() {
	It("gives each Default Query error status only the Status Details defined for it", harness.Reqs("T11Q-2-01"), func() {
		b := basics()
		tq, _ := b.unsupportedTargetQuery()
		answers := []*reply{pollWithQuery(b.unsupportedModuleQuery()), pollWithQuery(b.unsupportedVocabQuery()), pollWithQuery(tq)}
		judged := 0
		for _, r := range answers {
			allowed, ok := queryDetailNames[r.statusType()]
			if !ok {
				continue
			}
			judged++
			for _, n := range detailNames(r) {
				harness.Soft("T11Q-2-01").Expect(allowed).To(ContainElement(n), "a %s Status Message carries a %s detail: %s", r.statusType(), n, r.describe())
			}
		}
		if judged == 0 {
			harness.Unsupported("the server answered none of the unsupported queries with a Default Query status type")
		}
	})

	It("lists the supported capability modules in UNSUPPORTED_CAPABILITY_MODULE", harness.Reqs("T11Q-2-02"), func() {
		b := basics()
		r := provoked(stUnsupportedCapability, b.unsupportedModuleQuery())
		listed := r.details(dtCapabilityModule)
		harness.Soft("T11Q-2-02").Expect(listed).NotTo(BeEmpty(), "no CAPABILITY_MODULE detail: %s", r.describe())
		for _, m := range b.info.Modules {
			harness.Soft("T11Q-2-02").Expect(listed).To(ContainElement(m), "the Poll Service advertises capability module %s", m)
		}
	})

	It("lists the supported vocabularies in UNSUPPORTED_TARGETING_EXPRESSION_ID", harness.Reqs("T11Q-2-03"), func() {
		b := basics()
		r := provoked(stUnsupportedVocab, b.unsupportedVocabQuery())
		listed := r.details(dtTargetingExpressionID)
		harness.Soft("T11Q-2-03").Expect(listed).NotTo(BeEmpty(), "no TARGETING_EXPRESSION_ID detail: %s", r.describe())
		for _, v := range b.info.Vocabs {
			harness.Soft("T11Q-2-03").Expect(listed).To(ContainElement(v.ID), "the Poll Service advertises vocabulary %s", v.ID)
		}
	})

	It("gives UNSUPPORTED_TARGETING_EXPRESSION at least one scope detail", harness.Reqs("T11Q-2-04"), func() {
		q, _ := basics().unsupportedTargetQuery()
		r := provoked(stUnsupportedTarget, q)
		n := len(r.details(dtPreferredScope)) + len(r.details(dtAllowedScope))
		harness.For("T11Q-2-04").Expect(n).To(BeNumerically(">", 0), "no PREFERRED_SCOPE or ALLOWED_SCOPE detail: %s", r.describe())
	})

	It("puts every PREFERRED_SCOPE detail before every ALLOWED_SCOPE detail", harness.Reqs("T11Q-2-06"), func() {
		q, _ := basics().unsupportedTargetQuery()
		r := provoked(stUnsupportedTarget, q)
		seenAllowed := false
		for _, n := range detailNames(r) {
			switch n {
			case dtAllowedScope:
				seenAllowed = true
			case dtPreferredScope:
				harness.Soft("T11Q-2-06").Expect(seenAllowed).To(BeFalse(), "a PREFERRED_SCOPE detail follows an ALLOWED_SCOPE detail: %v", detailNames(r))
			}
		}
	})
})
