package taxii11

// Part 5 §5.2: the regular expression capability module.

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

var _ = Describe("Part 5 §5.2 Capability Module: Regular Expression", func() {
	It("matches: the target matches the expression, with or without case", harness.Reqs("T11Q-5.2.1-01"), harness.Writes(), func() {
		qb := newQueryBed([]string{fam().CapabilityRegex},
			qrec{Key: "R1", Title: "Quick Brown Fox"},
			qrec{Key: "R2", Title: "quick brown fox"},
			qrec{Key: "R3", Title: "The Quick Brown Fox jumps"})
		const req = "T11Q-5.2.1-01"
		re := func(cs, v string) node {
			return simpleCriteria(titleTarget, fam().CapabilityRegex, "matches", param{"case_sensitive", cs}, param{"value", v})
		}
		qb.expectMatch(req, "Title matches '^Quick.*Fox$' case-sensitively", re("true", "^Quick.*Fox$"), "R1")
		qb.expectMatch(req, "Title matches '^Quick.*Fox$' ignoring case", re("false", "^Quick.*Fox$"), "R1", "R2")
		qb.expectMatch(req, "Title matches 'Brown' case-sensitively", re("true", "Brown"), "R1", "R3")
	})
})
