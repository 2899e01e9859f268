package taxii11

// Part 5 §5.3: the timestamp capability module.

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

const stampTarget = "STIX_Package/@timestamp"

// stampBed holds packages whose timestamps are written in different zones: T1 and T2 are the
// same instant, T3 one second later, T4 earlier; the lexical order of the texts differs from
// their order in time.
func stampBed() *queryBed {
	return newQueryBed([]string{fam().CapabilityTimestamp},
		qrec{Key: "T1", Title: "t1", Stamp: "2024-03-01T12:00:00Z"},
		qrec{Key: "T2", Title: "t2", Stamp: "2024-03-01T14:00:00+02:00"},
		qrec{Key: "T3", Title: "t3", Stamp: "2024-03-01T12:00:01Z"},
		qrec{Key: "T4", Title: "t4", Stamp: "2024-02-29T23:59:59Z"})
}

// stamp is a one-criterion timestamp query.
func stamp(relationship, v string) node {
	return simpleCriteria(stampTarget, fam().CapabilityTimestamp, relationship, param{"value", v})
}

var _ = Describe("Part 5 §5.3 Capability Module: Timestamp", func() {
	It("equals: the same instant, whatever the zone", harness.Reqs("T11Q-5.3.1-01"), harness.Writes(), func() {
		qb := stampBed()
		qb.expectMatch("T11Q-5.3.1-01", "timestamp equals 2024-03-01T12:00:00Z", stamp("equals", "2024-03-01T12:00:00Z"), "T1", "T2")
		qb.expectMatch("T11Q-5.3.1-01", "timestamp equals 2024-03-01T13:00:00+01:00", stamp("equals", "2024-03-01T13:00:00+01:00"), "T1", "T2")
	})

	It("greater_than: a later instant", harness.Reqs("T11Q-5.3.2-01"), harness.Writes(), func() {
		stampBed().expectMatch("T11Q-5.3.2-01", "timestamp greater_than 2024-03-01T12:00:00Z", stamp("greater_than", "2024-03-01T12:00:00Z"), "T3")
	})

	It("greater_than_or_equals: the same or a later instant", harness.Reqs("T11Q-5.3.3-01"), harness.Writes(), func() {
		stampBed().expectMatch("T11Q-5.3.3-01", "timestamp greater_than_or_equals 2024-03-01T12:00:00Z",
			stamp("greater_than_or_equals", "2024-03-01T12:00:00Z"), "T1", "T2", "T3")
	})

	It("less_than: an earlier instant", harness.Reqs("T11Q-5.3.4-01"), harness.Writes(), func() {
		stampBed().expectMatch("T11Q-5.3.4-01", "timestamp less_than 2024-03-01T12:00:00Z", stamp("less_than", "2024-03-01T12:00:00Z"), "T4")
	})

	It("less_than_or_equals: the same or an earlier instant", harness.Reqs("T11Q-5.3.5-01"), harness.Writes(), func() {
		stampBed().expectMatch("T11Q-5.3.5-01", "timestamp less_than_or_equals 2024-03-01T12:00:00Z",
			stamp("less_than_or_equals", "2024-03-01T12:00:00Z"), "T1", "T2", "T4")
	})
})
