package taxii11

// Part 5 §4: targeting expressions (slash notation, wildcards) and the STIX vocabulary.

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// exists is a criteria body: the target exists (core module).
func exists(target string) node {
	return criteriaEl("AND", criterionEl("", target, testEl(fam().CapabilityCore, "exists")))
}

// targetBed holds a package with an observable and one without. Targeting is judged through
// the core exists test, so the bed first checks that exists finds what equals finds on the
// same plain target: where it does not, the test, not the targeting, is wrong (§5.1 judges
// it), and the spec ends as an error.
func targetBed() *queryBed {
	qb := newQueryBed([]string{fam().CapabilityCore},
		qrec{Key: "with-size", Title: "Sized Package", Size: "100"},
		qrec{Key: "no-size", Title: "Plain Package"})
	const title = "STIX_Package/STIX_Header/Title"
	equal, ok := qb.run(criteriaEl("AND", criterionEl("", title,
		testEl(fam().CapabilityCore, "equals", param{"match_type", "case_sensitive_string"}, param{"value", "Sized Package"}))))
	found, ok2 := qb.run(exists(title))
	if ok && ok2 {
		for _, k := range equal {
			harness.Setup().Expect(found).To(ContainElement(k), "record %s equals on %s but does not exist there for the exists test", k, title)
		}
	}
	return qb
}

var _ = Describe("Part 5 §4 Targeting Expressions", func() {
	It("reads '*' as exactly one node, '**' as any run of nodes, and node names case-sensitively", harness.Reqs("T11Q-4.1-01"), harness.Writes(), func() {
		qb := targetBed()
		const req = "T11Q-4.1-01"
		qb.expectMatch(req, "'STIX_Package/*/Title' equals the first title", criteriaEl("AND", criterionEl("", "STIX_Package/*/Title",
			testEl(fam().CapabilityCore, "equals", param{"match_type", "case_sensitive_string"}, param{"value", "Sized Package"}))), "with-size")
		qb.expectMatch(req, "'STIX_Package/*/Size_In_Bytes' exists ('*' is one node, Size_In_Bytes lies deeper)", exists("STIX_Package/*/Size_In_Bytes"))
		qb.expectMatch(req, "'**/Size_In_Bytes' exists", exists("**/Size_In_Bytes"), "with-size")
		qb.expectMatch(req, "'STIX_Package/**/Properties/Size_In_Bytes' exists", exists("STIX_Package/**/Properties/Size_In_Bytes"), "with-size")
		qb.expectMatch(req, "'STIX_Package/STIX_Header/title' exists (names are case-sensitive)", exists("STIX_Package/STIX_Header/title"))
	})

	It("roots STIX targets at the STIX root element and names attributes with '@'", harness.Reqs("T11Q-4.2.1-01"), harness.Writes(), func() {
		qb := targetBed()
		const req = "T11Q-4.2.1-01"
		qb.expectMatch(req, "'STIX_Package/STIX_Header/Title' exists", exists("STIX_Package/STIX_Header/Title"), "with-size", "no-size")
		qb.expectMatch(req, "'STIX_Header/Title' exists (not rooted at STIX_Package)", exists("STIX_Header/Title"))
		qb.expectMatch(req, "'STIX_Package/@version' exists", exists("STIX_Package/@version"), "with-size", "no-size")
		qb.expectMatch(req, "'STIX_Package/version' exists (an attribute needs '@')", exists("STIX_Package/version"))
		qb.expectMatch(req, "'STIX_Package/@id' equals the second package's id", criteriaEl("AND", criterionEl("", "STIX_Package/@id",
			testEl(fam().CapabilityCore, "equals", param{"match_type", "case_sensitive_string"}, param{"value", qb.recs[1].ID}))), "no-size")
	})
})
