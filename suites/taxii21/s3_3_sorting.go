package taxii21

// §3.3 Sorting: the object and manifest endpoints list items by ascending date_added, and the
// collections endpoint lists collections in a stable order.

import (
	"fmt"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

var _ = Describe("3.3 Sorting", func() {
	It("lists objects, object versions and manifest records by ascending date_added", harness.Reqs("T21-3.3-01"), harness.Writes(), func() {
		coll := writableCollection()
		// The order of addition differs from the order of ids and of modified times, so that a
		// server sorting by anything but date_added shows it: the newest version comes first,
		// and the objects' ids are added in descending order.
		id, vs := versionsOf(3)
		a, b := freshIndicator(), freshIndicator()
		if a["id"].(string) < b["id"].(string) {
			a, b = b, a
		}
		added := addOneByOne(vs[2], a, vs[0], b, vs[1])
		ids := id + "," + a["id"].(string) + "," + b["id"].(string)
		harness.Setup().Expect(added).To(HaveLen(5), "the manifest lists %d records of the 5 versions added", len(added))

		for _, v := range []struct {
			name  string
			url   string
			parse func(any) (item, error)
		}{
			{"GET objects", withQuery(objectsURL(coll), "match[id]", ids, "match[version]", "all"), objectItem},
			{"GET manifest", withQuery(manifestURL(coll), "match[id]", ids, "match[version]", "all"), manifestItem},
			{"GET an object", withQuery(objectURL(coll, id), "match[version]", "all"), objectItem},
		} {
			l := page(v.url, "objects", v.parse)
			harness.Setup().Expect(l.Items).NotTo(BeEmpty(), "%s lists nothing", v.name)
			for i := 1; i < len(l.Items); i++ {
				prev, cur := l.Items[i-1], l.Items[i]
				tp, ok1 := added[prev.key()]
				tc, ok2 := added[cur.key()]
				harness.Setup().Expect(ok1 && ok2).To(BeTrue(), "%s lists %s or %s, which the manifest does not", v.name, prev.key(), cur.key())
				harness.Soft("T21-3.3-01").Expect(tc.Before(tp)).To(BeFalse(),
					"%s: item %d (%s, added %s) comes after item %d (%s, added %s)", v.name,
					i, cur.key(), taxiiStamp(tc), i-1, prev.key(), taxiiStamp(tp))
			}
		}
	})

	It("lists collections in the same order on every request", harness.Reqs("T21-3.3-02"), func() {
		var first []string
		for i := 0; i < 4; i++ {
			var order []string
			for _, c := range listCollections(standard) {
				order = append(order, c.ID)
			}
			if i == 0 {
				first = order
				if len(first) < 2 {
					// Nothing can be out of order: no verdict either way.
					harness.Unsupported(fmt.Sprintf("the identity sees %d collection(s); an order can only change with two or more", len(first)))
				}
				continue
			}
			harness.For("T21-3.3-02").Expect(order).To(Equal(first), "request %d listed the collections in another order", i+1)
		}
	})
})
