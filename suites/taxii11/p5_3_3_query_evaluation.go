package taxii11

// Part 5 §3.3: how queries are evaluated.

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// titled is a Criterion: the package title contains the word (core contains, case-sensitive).
func titled(negate, word string) node {
	return criterionEl(negate, "STIX_Package/STIX_Header/Title", testEl(fam().CapabilityCore, "contains", param{"case_sensitive", "true"}, param{"value", word}))
}

// logicBed holds four packages whose titles combine two words each.
func logicBed() *queryBed {
	return newQueryBed([]string{fam().CapabilityCore},
		qrec{Key: "alpha-red", Title: "alpha red"},
		qrec{Key: "alpha-blue", Title: "alpha blue"},
		qrec{Key: "beta-red", Title: "beta red"},
		qrec{Key: "beta-blue", Title: "beta blue"})
}

var _ = Describe("Part 5 §3.3 Query Evaluation", func() {
	It("answers a query it cannot or will not process with a Status Message", harness.Reqs("T11Q-3.3-01"), func() {
		coll := writableCollection()
		other := el("Query", at("format_id", unknownFormat), rawXML(`<q xmlns="urn:example.com:taxii-conform">anything</q>`))
		answers := []*reply{pollWithQuery(other)}
		if pollDefaultQuery(coll) {
			answers = append(answers, pollWithQuery(basics().unsupportedModuleQuery()))
		}
		for _, r := range answers {
			ok, how := errorAnswer(r)
			harness.Soft("T11Q-3.3-01").Expect(ok && r.is("Status_Message")).To(BeTrue(), "a query the service cannot run got %s: %s", how, r.describe())
		}
		if st := answers[0].statusType(); st != stUnsupportedQuery {
			harness.Note("an unknown query format was refused with %s rather than UNSUPPORTED_QUERY", st)
		}
	})

	It("returns exactly the records whose criteria hold", harness.Reqs("T11Q-3.3-02"), harness.Writes(), func() {
		qb := logicBed()
		qb.expectMatch("T11Q-3.3-02", "AND of 'alpha' and 'red'", criteriaEl("AND", titled("", "alpha"), titled("", "red")), "alpha-red")
		qb.expectMatch("T11Q-3.3-02", "OR of 'alpha' and 'red'", criteriaEl("OR", titled("", "alpha"), titled("", "red")), "alpha-red", "alpha-blue", "beta-red")
	})

	It("evaluates AND, OR, nested Criteria and negation as logic", harness.Reqs("T11Q-3.3-03"), harness.Writes(), func() {
		qb := logicBed()
		qb.expectMatch("T11Q-3.3-03", "NOT 'alpha'", criteriaEl("AND", titled("true", "alpha")), "beta-red", "beta-blue")
		qb.expectMatch("T11Q-3.3-03", "'alpha' with negate=false", criteriaEl("AND", titled("false", "alpha")), "alpha-red", "alpha-blue")
		qb.expectMatch("T11Q-3.3-03", "(alpha AND blue) OR (beta AND red)",
			criteriaEl("OR", criteriaEl("AND", titled("", "alpha"), titled("", "blue")), criteriaEl("AND", titled("", "beta"), titled("", "red"))),
			"alpha-blue", "beta-red")
		qb.expectMatch("T11Q-3.3-03", "(red OR blue) AND NOT alpha",
			criteriaEl("AND", criteriaEl("OR", titled("", "red"), titled("", "blue")), titled("true", "alpha")),
			"beta-red", "beta-blue")
		qb.expectMatch("T11Q-3.3-03", "AND where one child fails", criteriaEl("AND", titled("", "alpha"), titled("", "green")))
		qb.expectMatch("T11Q-3.3-03", "OR where every child fails", criteriaEl("OR", titled("", "gamma"), titled("", "green")))
	})
})

// pollDefaultQuery reports whether the collection's Poll Service advertises the Default
// Query (without ending the spec).
func pollDefaultQuery(coll string) bool {
	u := pollURL(coll)
	for _, s := range servicesOf(svcPoll) {
		if s.Address == u {
			return readQueryInfo(s.el).Default
		}
	}
	return false
}
