package taxii21

// Appendix B (security considerations of the media type registration): a next value comes
// from the client, so the server re-checks it against the query it arrives with and the
// client's rights instead of trusting it as its own.

import (
	"net/http"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

var _ = Describe("B IANA Considerations", func() {
	It("re-checks a next value against the query and the client it comes with", harness.Reqs("T21-B-02"), harness.Writes(), func() {
		coll := writableCollection()
		t := past()
		inds := []map[string]any{freshIndicator(), freshIndicator(), freshIndicator(), freshIndicator()}
		mals := []map[string]any{malware(newID("malware"), t, t), malware(newID("malware"), t, t)}
		add(append(inds, mals...)...)
		all := strings.Join(idsOf(append(inds, mals...)...), ",")
		w := as(writerName())
		first := page(withQuery(objectsURL(coll), "match[id]", all, "match[type]", "indicator", "limit", "2"), "objects", objectItem)
		if first.Next == "" {
			harness.Unsupported("GET objects handed out no next value to replay")
		}
		ours := map[string]bool{}
		for _, id := range strings.Split(all, ",") {
			ours[id] = true
		}
		// selects is what a query selects by the server's own account: its objects asked for
		// without next and without limit. A replayed value must add nothing to it; whether the
		// query's filters are right is their own specs' business.
		selects := func(u string) map[string]bool {
			l := page(u, "objects", objectItem)
			harness.Setup().Expect(l.More).To(BeFalse(), "GET %s does not fit one page", u)
			out := map[string]bool{}
			for _, id := range l.IDs() {
				out[id] = true
			}
			return out
		}
		// outside lists what an answer gives that the query it came with does not select.
		outside := func(x *harness.Exchange, keep func(id string) bool) []string {
			if x.Status != http.StatusOK {
				return nil // refusing the replayed value is what a careful server may do
			}
			body, err := x.Object()
			harness.For("T21-B-02").Expect(err).NotTo(HaveOccurred(), "answer #%d", x.Seq)
			objs, _ := body["objects"].([]any)
			var bad []string
			for _, o := range objs {
				m, _ := o.(map[string]any)
				if id := idOf(m); !keep(id) {
					bad = append(bad, id)
				}
			}
			return bad
		}
		replay := func(c *harness.Client, u string) *harness.Exchange {
			x := c.Do(harness.Request{Method: http.MethodGet, URL: u, Header: headers("Accept", MediaTAXII), Deliberate: true})
			harness.Soft("T21-B-02").Expect(x.Status).To(BeNumerically("<", 500), "a replayed next value made the server fail (answer #%d)", x.Seq)
			return x
		}

		// The same value with another filter: only what that query selects may come back.
		malwareOnly := selects(withQuery(objectsURL(coll), "match[id]", all, "match[type]", "malware"))
		x := replay(w, withQuery(objectsURL(coll), "match[id]", all, "match[type]", "malware", "limit", "2", "next", first.Next))
		harness.Soft("T21-B-02").Expect(outside(x, func(id string) bool { return malwareOnly[id] })).To(BeEmpty(),
			"next from a match[type]=indicator query, replayed with match[type]=malware, gave objects that query does not select")

		// The same value in another collection: none of this collection's objects may come back.
		if other := otherReadable(coll); other != "" {
			x = replay(w, withQuery(objectsURL(other), "match[type]", "indicator", "limit", "2", "next", first.Next))
			harness.Soft("T21-B-02").Expect(outside(x, func(id string) bool { return !ours[id] })).To(BeEmpty(),
				"next from one collection, replayed in another, gave the first collection's objects")
		}

		// The same value from a client without rights on the collection: nothing of it.
		if harness.Current().HasIdentity(nobody) {
			x = replay(as(nobody), withQuery(objectsURL(coll), "match[id]", all, "match[type]", "indicator", "limit", "2", "next", first.Next))
			harness.Soft("T21-B-02").Expect(outside(x, func(id string) bool { return !ours[id] })).To(BeEmpty(),
				"next replayed by a client without rights gave the collection's objects")
		}

		// A value the server never issued: refused or harmless, never a failure of the server.
		indicators := selects(withQuery(objectsURL(coll), "match[id]", all, "match[type]", "indicator"))
		x = replay(w, withQuery(objectsURL(coll), "match[id]", all, "match[type]", "indicator", "limit", "2", "next", first.Next+"x'\"<>"))
		harness.Soft("T21-B-02").Expect(outside(x, func(id string) bool { return indicators[id] })).To(BeEmpty(),
			"a forged next value gave objects outside the query")
	})
})

// idOf is an object's id, "" when it has none.
func idOf(m map[string]any) string {
	id, _ := m["id"].(string)
	return id
}

// otherReadable is a collection other than coll that the writer identity can read, or "".
func otherReadable(coll string) string {
	for _, c := range listCollections(writerName()) {
		if c.ID != coll && c.CanRead {
			return c.ID
		}
	}
	return ""
}
