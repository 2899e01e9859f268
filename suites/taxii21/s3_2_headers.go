package taxii21

// §3.2 HTTP Headers: 401 answers carry WWW-Authenticate (RFC 7235, §1.6.9), and the listing
// endpoints carry X-TAXII-Date-Added-First and -Last with the date_added of their first and
// last item.

import (
	"net/http"
	"regexp"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// challengeRE is the start of an RFC 7235 challenge: an auth-scheme token.
var challengeRE = regexp.MustCompile("^\\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+(\\s|,|$)")

var _ = Describe("3.2 HTTP Headers", func() {
	It("sends WWW-Authenticate with a challenge in every 401 answer",
		harness.Reqs("T21-3.2-02", "T21-8.2.2-10", "T21-8.2.2-11"), func() {
			clients := deniedClients()
			seen := 0
			for _, c := range clients {
				for _, u := range []string{apiRootURL(), collectionsURL(), objectsURL(readableCollection())} {
					x, err := c.Try(harness.Request{Method: http.MethodGet, URL: u, Header: headers("Accept", MediaTAXII)})
					if err != nil {
						harness.Note("GET %s as %s was left unanswered (%v); §8.2.2 allows that", u, c.Identity(), err)
						continue
					}
					if x.Status != http.StatusUnauthorized {
						harness.Note("GET %s as %s answered %d", u, c.Identity(), x.Status)
						continue
					}
					seen++
					ch := x.Header.Values("WWW-Authenticate")
					harness.Soft("T21-3.2-02").Expect(ch).NotTo(BeEmpty(), "401 answer #%d has no WWW-Authenticate header", x.Seq)
					for _, v := range ch {
						harness.Soft("T21-3.2-02").Expect(challengeRE.MatchString(v)).To(BeTrue(),
							"401 answer #%d: WWW-Authenticate %q does not start with an authentication scheme", x.Seq, v)
					}
				}
			}
			if seen == 0 {
				harness.Unsupported("no request without acceptable credentials was answered 401 (the server hides resources with 404, or needs no authentication)")
			}
		})

	It("sends X-TAXII-Date-Added-First and -Last with the date_added of the first and last item",
		harness.Reqs("T21-3.2-03", "T21-3.2-04", "T21-3.2-05", "T21-3.2-06", "T21-3.2-07", "T21-3.2-08"), harness.Writes(), func() {
			coll := writableCollection()
			id, vs := versionsOf(2)
			other := freshIndicator()
			// Three requests, so that the three versions get three date_added values.
			added := addOneByOne(vs[0], other, vs[1])
			otherID := other["id"].(string)
			harness.Setup().Expect(added).To(HaveLen(3), "the manifest lists %d records of the 3 versions added", len(added))

			both := id + "," + otherID
			type view struct {
				name  string
				url   string
				key   string
				parse func(any) (item, error)
			}
			for _, v := range []view{
				{"GET objects", withQuery(objectsURL(coll), "match[id]", both, "match[version]", "all"), "objects", objectItem},
				{"GET manifest", withQuery(manifestURL(coll), "match[id]", both, "match[version]", "all"), "objects", manifestItem},
				{"GET an object", withQuery(objectURL(coll, id), "match[version]", "all"), "objects", objectItem},
				{"GET object versions", versionsURL(coll, id), "versions", versionItem},
			} {
				l := page(v.url, v.key, v.parse)
				harness.Setup().Expect(l.Items).NotTo(BeEmpty(), "%s lists nothing", v.name)
				at := func(i int) time.Time {
					it := l.Items[i]
					if it.ID == "" { // a versions resource lists versions of the one object
						it.ID = id
					}
					t, ok := added[it.key()]
					harness.Setup().Expect(ok).To(BeTrue(), "%s lists %s, which the manifest does not", v.name, it.key())
					return t
				}
				for _, h := range []struct {
					name                   string
					present, form, matches string
					index                  int
				}{
					{"X-TAXII-Date-Added-First", "T21-3.2-05", "T21-3.2-04", "T21-3.2-03", 0},
					{"X-TAXII-Date-Added-Last", "T21-3.2-08", "T21-3.2-07", "T21-3.2-06", len(l.Items) - 1},
				} {
					val := l.X.Header.Get(h.name)
					harness.Soft(h.present).Expect(val).NotTo(BeEmpty(), "%s: answer #%d has no %s", v.name, l.X.Seq, h.name)
					if val == "" {
						continue
					}
					harness.Soft(h.form).Expect(stampProblems(val)).To(BeEmpty(), "%s: %s is %q", v.name, h.name, val)
					got, err := time.Parse(time.RFC3339Nano, val)
					if err != nil {
						continue
					}
					want := at(h.index)
					harness.Soft(h.matches).Expect(got.Equal(want)).To(BeTrue(),
						"%s: %s is %s but item %d of the answer was added at %s (per the manifest)", v.name, h.name, val, h.index, taxiiStamp(want))
				}
			}
		})
})
