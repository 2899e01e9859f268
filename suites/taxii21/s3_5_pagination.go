package taxii21

// §3.5 Pagination: a client can page through a result set by added_after, set from the
// X-TAXII-Date-Added-Last header of the previous page, as well as by next (whose rules are
// §3.4's and are checked there with limit and more).

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

var _ = Describe("3.5 Pagination", func() {
	It("pages by added_after from X-TAXII-Date-Added-Last without losing or repeating items",
		harness.Reqs("T21-3.4-03", "T21-3.5-02", "T21-3.5-03"), harness.Writes(), func() {
			coll := writableCollection()
			objs := []map[string]any{freshIndicator(), freshIndicator(), freshIndicator(), freshIndicator(), freshIndicator()}
			_, vs := versionsOf(5)
			added := addEach(append(objs, vs...)...)
			for _, v := range listingViews() {
				set := objs
				if v.perObject {
					set = vs
				}
				v.settle(coll, idsFor(v, set...), v.expect(set...), perObjectAll(v)...)
				base := append(perObjectAll(v), "limit", "2")
				l := v.fetch("T21-3.4-03", coll, idsFor(v, set...), base...)
				startsAtOldest(v, l, set, added)
				seen := v.got(l)
				// Go on while a page says more or is full: whether more is set is another
				// requirement's business (T21-3.4-11); an empty page ends the walk.
				for n := 1; (l.More || len(l.Items) >= 2) && n < maxPages; n++ {
					last := l.X.Header.Get("X-TAXII-Date-Added-Last")
					harness.Setup().Expect(last).NotTo(BeEmpty(), "%s: page %d gives no X-TAXII-Date-Added-Last", v.name, n)
					endsAtNewest(v, l, set, added, last)
					l = v.fetch("T21-3.4-03", coll, idsFor(v, set...), append(base, "added_after", last)...)
					seen = append(seen, v.got(l)...)
				}
				harness.Soft("T21-3.4-03").Expect(seen).To(ConsistOf(v.expect(set...)),
					"%s: paging with added_after=<X-TAXII-Date-Added-Last> should list each of the %d items exactly once", v.name, len(set))
			}
		})

})

// endsAtNewest requires, as preparation, that X-TAXII-Date-Added-Last names the date_added of
// the newest item of a page (per the manifest, added): paging by added_after goes on from it,
// and that it does is the business of the header (T21-3.2-06) and of the order (T21-3.3-01).
func endsAtNewest(v view, l listing, objs []map[string]any, added map[string]time.Time, last string) {
	var newest time.Time
	for _, it := range l.Items {
		if it.ID == "" {
			it.ID = idOf(objs[0])
		}
		t, ok := added[it.key()]
		harness.Setup().Expect(ok).To(BeTrue(), "%s lists %s, which the manifest does not", v.name, it.key())
		if t.After(newest) {
			newest = t
		}
	}
	harness.Setup().Expect(parseStamp("X-TAXII-Date-Added-Last", last).Equal(newest)).To(BeTrue(),
		"%s: answer #%d gives X-TAXII-Date-Added-Last %s, but its newest item was added at %s", v.name, l.X.Seq, last, taxiiStamp(newest))
}
