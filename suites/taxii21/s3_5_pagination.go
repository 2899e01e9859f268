package taxii21

// §3.5 Pagination: a client can page through a result set by added_after, set from the
// X-TAXII-Date-Added-Last header of the previous page, as well as by next (whose rules are
// §3.4's and are checked there with limit and more).

import (
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
			addEach(append(objs, vs...)...)
			for _, v := range listingViews() {
				set := objs
				if v.perObject {
					set = vs
				}
				base := append(perObjectAll(v), "limit", "2")
				l := v.fetch("T21-3.4-03", coll, idsFor(v, set...), base...)
				seen := v.got(l)
				// Go on while a page says more or is full: whether more is set is another
				// requirement's business (T21-3.4-11); an empty page ends the walk.
				for n := 1; (l.More || len(l.Items) >= 2) && n < maxPages; n++ {
					last := l.X.Header.Get("X-TAXII-Date-Added-Last")
					harness.Setup().Expect(last).NotTo(BeEmpty(), "%s: page %d gives no X-TAXII-Date-Added-Last", v.name, n)
					l = v.fetch("T21-3.4-03", coll, idsFor(v, set...), append(base, "added_after", last)...)
					seen = append(seen, v.got(l)...)
				}
				harness.Soft("T21-3.4-03").Expect(seen).To(ConsistOf(v.expect(set...)),
					"%s: paging with added_after=<X-TAXII-Date-Added-Last> should list each of the %d items exactly once", v.name, len(set))
			}
		})

})
