package taxii11

// Part 5 §5.1: the core capability module's relationships.

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// Targets of the core records.
const (
	titleTarget = "STIX_Package/STIX_Header/Title"
	descTarget  = "STIX_Package/STIX_Header/Description"
	sizeTarget  = "STIX_Package/Observables/Observable/Object/Properties/Size_In_Bytes"
)

// coreBed holds four packages: titles that differ in case and extent, sizes whose numeric
// and lexical orders differ, and one description.
func coreBed() *queryBed {
	return newQueryBed([]string{fam().CapabilityCore},
		qrec{Key: "R1", Title: "Quick Brown Fox", Size: "1024", Desc: "described"},
		qrec{Key: "R2", Title: "quick brown fox", Size: "2048"},
		qrec{Key: "R3", Title: "Lazy Dog", Size: "512"},
		qrec{Key: "R4", Title: "The Quick Brown Fox jumps", Size: "4096"})
}

// core is a one-criterion query of the core module.
func core(target, relationship string, params ...param) node {
	return simpleCriteria(target, fam().CapabilityCore, relationship, params...)
}

func matchType(t string) param { return param{"match_type", t} }
func value(v string) param     { return param{"value", v} }
func caseSensitive(b string) param {
	return param{"case_sensitive", b}
}

var _ = Describe("Part 5 §5.1 Capability Module: Core", func() {
	It("equals: an exact match under the match type", harness.Reqs("T11Q-5.1.1-01"), harness.Writes(), func() {
		qb := coreBed()
		const req = "T11Q-5.1.1-01"
		qb.expectMatch(req, "Title equals 'Quick Brown Fox' (case-sensitive string)", core(titleTarget, "equals", matchType("case_sensitive_string"), value("Quick Brown Fox")), "R1")
		qb.expectMatch(req, "Title equals 'QUICK BROWN FOX' (case-insensitive string)", core(titleTarget, "equals", matchType("case_insensitive_string"), value("QUICK BROWN FOX")), "R1", "R2")
		qb.expectMatch(req, "Size equals 1024.0 (number)", core(sizeTarget, "equals", matchType("number"), value("1024.0")), "R1")
	})

	It("not_equals: anything but a match under the match type", harness.Reqs("T11Q-5.1.2-01"), harness.Writes(), func() {
		qb := coreBed()
		const req = "T11Q-5.1.2-01"
		qb.expectMatch(req, "Title not_equals 'Quick Brown Fox' (case-sensitive string)", core(titleTarget, "not_equals", matchType("case_sensitive_string"), value("Quick Brown Fox")), "R2", "R3", "R4")
		qb.expectMatch(req, "Title not_equals 'quick brown fox' (case-insensitive string)", core(titleTarget, "not_equals", matchType("case_insensitive_string"), value("quick brown fox")), "R3", "R4")
		qb.expectMatch(req, "Size not_equals 1024 (number)", core(sizeTarget, "not_equals", matchType("number"), value("1024")), "R2", "R3", "R4")
	})

	It("greater_than: numerically greater", harness.Reqs("T11Q-5.1.3-01"), harness.Writes(), func() {
		coreBed().expectMatch("T11Q-5.1.3-01", "Size greater_than 1024", core(sizeTarget, "greater_than", value("1024")), "R2", "R4")
	})

	It("greater_than_or_equal: numerically greater or equal", harness.Reqs("T11Q-5.1.4-01"), harness.Writes(), func() {
		coreBed().expectMatch("T11Q-5.1.4-01", "Size greater_than_or_equal 1024", core(sizeTarget, "greater_than_or_equal", value("1024")), "R1", "R2", "R4")
	})

	It("less_than: numerically less", harness.Reqs("T11Q-5.1.5-01"), harness.Writes(), func() {
		coreBed().expectMatch("T11Q-5.1.5-01", "Size less_than 1024", core(sizeTarget, "less_than", value("1024")), "R3")
	})

	It("less_than_or_equal: numerically less or equal", harness.Reqs("T11Q-5.1.6-01"), harness.Writes(), func() {
		coreBed().expectMatch("T11Q-5.1.6-01", "Size less_than_or_equal 1024", core(sizeTarget, "less_than_or_equal", value("1024")), "R1", "R3")
	})

	It("does_not_exist: the record lacks the target", harness.Reqs("T11Q-5.1.7-01"), harness.Writes(), func() {
		coreBed().expectMatch("T11Q-5.1.7-01", "Description does_not_exist", core(descTarget, "does_not_exist"), "R2", "R3", "R4")
	})

	It("exists: the record has the target", harness.Reqs("T11Q-5.1.8-01"), harness.Writes(), func() {
		coreBed().expectMatch("T11Q-5.1.8-01", "Description exists", core(descTarget, "exists"), "R1")
	})

	It("begins_with: a prefix, case-sensitive unless told otherwise", harness.Reqs("T11Q-5.1.9-01"), harness.Writes(), func() {
		qb := coreBed()
		const req = "T11Q-5.1.9-01"
		qb.expectMatch(req, "Title begins_with 'Quick' (case_sensitive absent)", core(titleTarget, "begins_with", value("Quick")), "R1")
		qb.expectMatch(req, "Title begins_with 'quick' (case_sensitive false)", core(titleTarget, "begins_with", caseSensitive("false"), value("quick")), "R1", "R2")
	})

	It("ends_with: a suffix, case-sensitive unless told otherwise", harness.Reqs("T11Q-5.1.10-01"), harness.Writes(), func() {
		qb := coreBed()
		const req = "T11Q-5.1.10-01"
		qb.expectMatch(req, "Title ends_with 'Fox' (case_sensitive absent)", core(titleTarget, "ends_with", value("Fox")), "R1")
		qb.expectMatch(req, "Title ends_with 'FOX' (case_sensitive false)", core(titleTarget, "ends_with", caseSensitive("false"), value("FOX")), "R1", "R2")
	})

	It("contains: a substring, case-sensitive unless told otherwise", harness.Reqs("T11Q-5.1.11-01"), harness.Writes(), func() {
		qb := coreBed()
		const req = "T11Q-5.1.11-01"
		qb.expectMatch(req, "Title contains 'Brown Fox' (case_sensitive absent)", core(titleTarget, "contains", value("Brown Fox")), "R1", "R4")
		qb.expectMatch(req, "Title contains 'brown fox' (case_sensitive false)", core(titleTarget, "contains", caseSensitive("false"), value("brown fox")), "R1", "R2", "R4")
	})
})
