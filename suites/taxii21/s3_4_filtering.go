package taxii21

// §3.4 Filtering: what a request without filters gets, malformed parameters, added_after,
// limit and the more flag, next, and how match fields combine (AND across fields, OR within
// one). Each spec adds its own objects and, on the collection-wide endpoints, confines its
// queries to them with match[id] (or walks every page where a filter must be absent).

import (
	"net/http"
	"slices"
	"sort"
	"strconv"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// listingViews are the four endpoints that list objects, records or versions and page them.
func listingViews() []view { return []view{objectsView, manifestView, objectView, versionsView} }

// addEach adds each object in a request of its own, so that each gets its own date_added, and
// requires that the server's date_added values rise in that order: a server whose clock cannot
// tell two requests apart leaves the order of what they added undefined.
// It returns the date_added of each object version, by item key.
func addEach(objs ...map[string]any) map[string]time.Time {
	added := addOneByOne(objs...)
	var prev time.Time
	for i, o := range objs {
		t, ok := added[keysOf(o)[0]]
		harness.Setup().Expect(ok).To(BeTrue(), "the manifest has no record of %s", keysOf(o)[0])
		harness.Setup().Expect(i == 0 || t.After(prev)).To(BeTrue(),
			"the server gave two separate additions the same date_added (%s); their order cannot be told", taxiiStamp(t))
		prev = t
	}
	return added
}

// walkAll reads every page of an endpoint without filters, following next (or, without next,
// added_after from X-TAXII-Date-Added-Last), and returns the items of all pages. A collection
// too large to walk within maxPages ends the spec as an error.
func walkAll(req string, u, key string, parse func(any) (item, error)) []item {
	var all []item
	l := page(u, key, parse)
	all = append(all, l.Items...)
	for n := 1; l.More; n++ {
		if n >= maxPages {
			harness.Errorf("the collection holds more than %d pages; it cannot be walked in bounded time", maxPages)
		}
		next := ""
		switch {
		case l.Next != "":
			next = withQuery(u, "next", l.Next)
		case l.X.Header.Get("X-TAXII-Date-Added-Last") != "":
			next = withQuery(u, "added_after", l.X.Header.Get("X-TAXII-Date-Added-Last"))
		default:
			harness.For(req).Expect(l.Next).NotTo(BeEmpty(), "a page sets more but gives neither next nor X-TAXII-Date-Added-Last to go on from")
		}
		l = page(next, key, parse)
		all = append(all, l.Items...)
	}
	return all
}

var _ = Describe("3.4 Filtering", func() {
	It("returns the latest version of every object when no filter is given", harness.Reqs("T21-3.4-01"), harness.Writes(), func() {
		id, vs := versionsOf(3)
		other := freshIndicator()
		add(append(vs, other)...)
		coll := writableCollection()
		// The records and objects the walk looks for must first read as what was added.
		for _, v := range []view{objectsView, manifestView} {
			v.settle(coll, idsOf(vs[0], other), keysOf(append(vs, other)...), "match[version]", "all")
		}
		for _, v := range []view{objectsView, manifestView} {
			got := map[string][]string{}
			for _, it := range walkAll("T21-3.4-01", v.url(coll, ""), v.key, v.parse) {
				got[it.ID] = append(got[it.ID], canon(it.Version))
			}
			harness.Soft("T21-3.4-01").Expect(got[id]).To(Equal([]string{canon(versionOf(vs[2]))}),
				"%s without filters should list object %s once, in its latest of 3 versions", v.name, id)
			harness.Soft("T21-3.4-01").Expect(got[other["id"].(string)]).To(HaveLen(1),
				"%s without filters should list object %s once", v.name, other["id"])
		}
	})

	It("answers 400 to malformed URL query parameters", harness.Reqs("T21-3.4-02"), harness.Writes(), func() {
		o := freshIndicator()
		add(o)
		coll, id := writableCollection(), o["id"].(string)
		bad := [][2]string{
			{"added_after", "yesterday"},
			{"added_after", "2021-13-45T25:61:00.000000Z"},
			{"limit", "0"},
			{"limit", "-2"},
			{"limit", "ten"},
			{"limit", "2.5"},
		}
		for _, v := range listingViews() {
			u := v.url(coll, id)
			for _, p := range bad {
				x := as(writerName()).Do(harness.Request{Method: http.MethodGet, URL: withQuery(u, p[0], p[1]),
					Header: headers("Accept", MediaTAXII), Deliberate: true})
				harness.Soft("T21-3.4-02").Expect(x.Status).To(Equal(http.StatusBadRequest), "%s with %s=%s", v.name, p[0], p[1])
			}
		}
	})

	It("returns only what was added after added_after, whatever the objects' own timestamps",
		harness.Reqs("T21-3.4-03"), harness.Writes(), func() {
			coll := writableCollection()
			// The second addition carries STIX timestamps far older than the first's, so that a
			// server comparing created or modified instead of date_added shows it.
			early := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
			first, second := freshIndicator(), indicator(newID("indicator"), early, early)
			_, vs := versionsOf(2)
			added := addEach(first, vs[1], second, vs[0])
			mark := taxiiStamp(added[keysOf(first)[0]])
			markV := taxiiStamp(added[keysOf(vs[1])[0]])
			for _, c := range []struct {
				v    view
				objs []map[string]any
				mark string
				want []map[string]any
			}{
				{objectsView, []map[string]any{first, second}, mark, []map[string]any{second}},
				{manifestView, []map[string]any{first, second}, mark, []map[string]any{second}},
				{objectView, vs, markV, vs[:1]},
				{versionsView, vs, markV, vs[:1]},
			} {
				c.v.settle(coll, idsFor(c.v, c.objs...), c.v.expect(c.objs...), perObjectAll(c.v)...)
				kv := append(perObjectAll(c.v), "added_after", c.mark)
				got := c.v.got(c.v.fetch("T21-3.4-03", coll, idsFor(c.v, c.objs...), kv...))
				harness.Soft("T21-3.4-03").Expect(got).To(Equal(c.v.expect(c.want...)),
					"%s with added_after=%s (the date_added of the earlier addition) should list only what was added later", c.v.name, c.mark)
			}
		})

	It("starts from the oldest matching item when added_after is absent", harness.Reqs("T21-3.4-06"), harness.Writes(), func() {
		coll := writableCollection()
		a, b := freshIndicator(), freshIndicator()
		_, vs := versionsOf(2)
		// The later version is added first: the oldest item by date_added is not the oldest
		// by modified.
		addEach(vs[1], a, vs[0], b)
		for _, c := range []struct {
			v     view
			objs  []map[string]any
			first map[string]any
		}{
			{objectsView, []map[string]any{a, b}, a},
			{manifestView, []map[string]any{a, b}, a},
			{objectView, vs, vs[1]},
			{versionsView, vs, vs[1]},
		} {
			c.v.settle(coll, idsFor(c.v, c.objs...), c.v.expect(c.objs...), perObjectAll(c.v)...)
			kv := append(perObjectAll(c.v), "limit", "1")
			l := c.v.fetch("T21-3.4-06", coll, idsFor(c.v, c.objs...), kv...)
			harness.Setup().Expect(l.Items).NotTo(BeEmpty(), "%s with limit=1 lists nothing", c.v.name)
			got := l.Items[0]
			if c.v.key == "versions" {
				got.ID = c.first["id"].(string)
			}
			harness.Soft("T21-3.4-06").Expect(got.key()).To(Equal(keysOf(c.first)[0]),
				"%s with limit=1 and no added_after should begin with the item added first", c.v.name)
		}
	})

	It("holds pages to limit, returns all when all fit, and sets more while items remain",
		harness.Reqs("T21-3.4-08", "T21-3.4-09", "T21-3.4-10", "T21-3.4-11", "T21-3.5-01"), harness.Writes(), func() {
			coll := writableCollection()
			objs := []map[string]any{freshIndicator(), freshIndicator(), freshIndicator(), freshIndicator(), freshIndicator()}
			_, vs := versionsOf(5)
			add(append(objs, vs...)...)
			for _, v := range listingViews() {
				set := objs
				if v.perObject {
					set = vs
				}
				all := v.expect(set...)
				v.settle(coll, idsFor(v, set...), all, perObjectAll(v)...)
				for _, limit := range []int{1, 2, 5, 9} {
					kv := append(perObjectAll(v), "limit", strconv.Itoa(limit))
					l := v.fetch("T21-3.4-08", coll, idsFor(v, set...), kv...)
					got := v.got(l)
					harness.Soft("T21-3.4-08").Expect(len(got)).To(BeNumerically("<=", limit), "%s with limit=%d listed %d items", v.name, limit, len(got))
					if len(got) < len(all) {
						harness.Soft("T21-3.4-11").Expect(l.More).To(BeTrue(),
							"%s with limit=%d listed %d of %d matching items but does not set more", v.name, limit, len(got), len(all))
						harness.Soft("T21-3.5-01").Expect(l.More).To(BeTrue(),
							"%s with limit=%d: a page after which items remain must set more", v.name, limit)
					}
					if limit >= len(all) && len(got) < len(all) {
						// Fewer than asked for is allowed only as the server's own cap (§3.4),
						// which more=true then announces.
						harness.Soft("T21-3.4-09").Expect(l.More).To(BeTrue(),
							"%s with limit=%d listed %d of %d matching items, without more to say the server cut the page", v.name, limit, len(got), len(all))
						harness.Note("%s with limit=%d listed %d of %d items (a server cap, §3.4)", v.name, limit, len(got), len(all))
					}
				}
			}
		})

	It("continues a result set where the last page ended when given its next value",
		harness.Reqs("T21-3.4-13", "T21-3.4-12", "T21-3.7-02", "T21-3.5-03"), harness.Writes(), func() {
			coll := writableCollection()
			objs := []map[string]any{freshIndicator(), freshIndicator(), freshIndicator(), freshIndicator(), freshIndicator()}
			_, vs := versionsOf(5)
			add(append(objs, vs...)...)
			added := addedAt(coll, idsOf(append(objs, vs[0])...)...)
			sawNext := false
			for _, v := range listingViews() {
				set := objs
				if v.perObject {
					set = vs
				}
				v.settle(coll, idsFor(v, set...), v.expect(set...), perObjectAll(v)...)
				base := append(perObjectAll(v), "limit", "2")
				l := v.fetch("T21-3.4-13", coll, idsFor(v, set...), base...)
				if l.Next == "" {
					// No next to follow (whether more is set is T21-3.4-11's business).
					harness.Note("%s gave no next on a first page of limit=2 of %d items", v.name, len(set))
					continue
				}
				startsAtOldest(v, l, set, added)
				seen := v.got(l)
				for n := 1; l.More && l.Next != "" && n < maxPages; n++ {
					sawNext = true
					l = v.fetch("T21-3.4-13", coll, idsFor(v, set...), append(base, "next", l.Next)...)
					seen = append(seen, v.got(l)...)
				}
				if l.More && l.Next == "" && len(seen) <= 2 {
					harness.Note("%s pages without next", v.name)
					continue
				}
				harness.Soft("T21-3.4-13").Expect(seen).To(ConsistOf(v.expect(set...)),
					"%s: following next from a page of limit=2 should list each of the %d items exactly once", v.name, len(set))
			}
			if !sawNext {
				harness.Unsupported("no endpoint handed out a next value (§3.5 lets a server page by added_after instead)")
			}
		})

	It("combines different match fields with AND", harness.Reqs("T21-3.4-16", "T21-3.4-14"), harness.Writes(), func() {
		coll := writableCollection()
		ind, mal, ident := threeTypes()
		add(ind, mal, ident)
		three := []string{idOf(ind), idOf(mal), idOf(ident)}
		since := addedSince(coll, three...)
		for _, v := range []view{objectsView, manifestView} {
			// Each field must first select on its own what it names (the business of
			// T21-3.4.1-01 and T21-3.4.1-04): match[id] the three objects, and match[type],
			// over what was added from this spec's addition on, the malware.
			v.settle(coll, three, keysOf(ind, mal, ident))
			l := v.fetch("", coll, nil, "match[type]", "malware", "added_after", since.after)
			harness.Setup().Expect(since.of(l)).To(Equal(idsOf(mal)), "%s with match[type]=malware alone", v.name)

			l = v.fetch("T21-3.4-14", coll, three[1:2], "match[type]", "indicator")
			harness.Soft("T21-3.4-16").Expect(l.Items).To(BeEmpty(),
				"%s with match[id]=<a malware>&match[type]=indicator should list nothing", v.name)
			l = v.fetch("T21-3.4-14", coll, three, "match[type]", "malware")
			harness.Soft("T21-3.4-16").Expect(l.IDs()).To(Equal(idsOf(mal)),
				"%s with match[id]=<three objects>&match[type]=malware", v.name)
		}
	})

	It("combines the values of one match field with OR", harness.Reqs("T21-3.4-20", "T21-3.4-14"), harness.Writes(), func() {
		coll := writableCollection()
		ind, mal, ident := threeTypes()
		_, vs := versionsOf(3)
		add(append([]map[string]any{ind, mal, ident}, vs...)...)
		three := []string{idOf(ind), idOf(mal), idOf(ident)}
		since := addedSince(coll, three...)
		// Each value must first select on its own what it names, so that only the way values
		// combine is judged: types over what was added from this spec's addition on, ids and
		// versions by themselves.
		for _, v := range []view{objectsView, manifestView} {
			for _, o := range []map[string]any{ind, mal} {
				l := v.fetch("", coll, nil, "match[type]", o["type"].(string), "added_after", since.after)
				harness.Setup().Expect(since.of(l)).To(Equal(idsOf(o)), "%s with match[type]=%s alone", v.name, o["type"])
				v.settle(coll, idsOf(o), keysOf(o))
			}
			l := v.fetch("T21-3.4-14", coll, nil, "match[type]", "indicator,malware", "added_after", since.after)
			harness.Soft("T21-3.4-20").Expect(since.of(l)).To(Equal(idsOf(ind, mal)),
				"%s with match[type]=indicator,malware over an indicator, a malware and an identity", v.name)
			l = v.fetch("T21-3.4-14", coll, idsOf(ind, mal))
			harness.Soft("T21-3.4-20").Expect(l.IDs()).To(Equal(idsOf(ind, mal)), "%s with match[id]=<two ids>", v.name)
		}
		for _, v := range []view{objectsView, manifestView, objectView} {
			v.settle(coll, idsOf(vs[0]), keysOf(vs[0]), "match[version]", "first")
			v.settle(coll, idsOf(vs[0]), keysOf(vs[2]), "match[version]", "last")
			l := v.fetch("T21-3.4-14", coll, idsOf(vs[0]), "match[version]", "first,last")
			harness.Soft("T21-3.4-20").Expect(l.Keys()).To(Equal(keysOf(vs[0], vs[2])),
				"%s with match[version]=first,last over 3 versions", v.name)
		}
	})

	It("ignores a match field it does not understand, or refuses it", harness.Reqs("T21-3.4-18"), harness.Writes(), func() {
		o := freshIndicator()
		add(o)
		for _, v := range []view{objectsView, manifestView} {
			u := withQuery(v.url(writableCollection(), ""), "match[id]", o["id"].(string), "match[x_taxii_conform_unknown]", "anything")
			x := as(writerName()).Do(harness.Request{Method: http.MethodGet, URL: u, Header: headers("Accept", MediaTAXII), Deliberate: true})
			if x.Status == http.StatusBadRequest {
				harness.Note("%s refuses an unknown match field with 400", v.name)
				continue
			}
			harness.For("T21-3.4-18").Expect(x.Status).To(Equal(http.StatusOK), "%s with an unknown match field", v.name)
			l, err := parseListing(x, v.key, v.parse)
			harness.For("T21-3.4-18").Expect(err).NotTo(HaveOccurred())
			harness.For("T21-3.4-18").Expect(l.IDs()).To(Equal(idsOf(o)),
				"%s should disregard an unknown match field and list what the other filters select", v.name)
		}
	})
})

// threeTypes returns an indicator, a malware and an identity, new.
func threeTypes() (ind, mal, ident map[string]any) {
	t := past()
	ident = map[string]any{"type": "identity", "spec_version": "2.1", "id": newID("identity"),
		"created": stamp(t), "modified": stamp(t), "name": "taxii-conform test identity", "identity_class": "system"}
	return freshIndicator(), malware(newID("malware"), t, t), ident
}

// recent is what a query without match[id] is confined by: added_after just before the
// earliest date_added (per the manifest) of the spec's objects, ours. It then lists them and
// whatever was added after them.
type recent struct {
	after string
	ours  []string
}

func addedSince(coll string, objIDs ...string) recent {
	var first time.Time
	for _, t := range addedAt(coll, objIDs...) {
		if first.IsZero() || t.Before(first) {
			first = t
		}
	}
	return recent{after: taxiiStamp(first.Add(-time.Microsecond)), ours: objIDs}
}

// of lists, sorted, which of ours a page lists. A page cut short (more) ends the spec in error:
// the others may be on a later one.
func (r recent) of(l listing) []string {
	harness.Setup().Expect(l.More).To(BeFalse(), "answer #%d, of what was added since the spec's objects, does not fit one page", l.X.Seq)
	return among(l.IDs(), r.ours)
}

// among lists, sorted, the ids that are also in ours.
func among(ids, ours []string) []string {
	var out []string
	for _, id := range ids {
		if slices.Contains(ours, id) {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}
