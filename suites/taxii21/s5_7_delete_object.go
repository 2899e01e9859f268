package taxii21

// §5.7 Delete an Object: what a successful DELETE removes, match[version] and
// match[spec_version], and the permission table of the section.

import (
	"net/http"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// deletable adds a fresh object in two versions to the read-write collection and returns its
// id: a DELETE without match[version] must remove both.
func deletable() string {
	id, vs := versionsOf(2)
	add(vs...)
	return id
}

// remaining lists every version of an object still in the collection after a DELETE that was
// to leave some: a 404 means it removed them all, which breaks T21-5.7-02.
func remaining(coll, id string) listing {
	x := get(rw(), withQuery(objectURL(coll, id), "match[version]", "all"))
	harness.For("T21-5.7-02").Expect(x.Status).NotTo(Equal(http.StatusNotFound), "GET the object after deleting some of its versions")
	setupOK(x, "reading the versions left")
	l, err := parseListing(x, "objects", objectItem)
	harness.Setup().Expect(err).NotTo(HaveOccurred(), "reading answer #%d", x.Seq)
	objectView.identified(l, []string{id})
	return l
}

var _ = Describe("5.7 Delete an Object", func() {
	It("deletes by STIX id with 200 in the TAXII media type, after which GET an object answers 404", harness.Reqs("T21-5.7-01", "T21-5.7-03", "T21-5.7-11", "T21-5.7-12"), harness.Writes(), func() {
		coll, id := writableCollection(), deletable()
		x := del(rw(), objectURL(coll, id))
		harness.For("T21-5.7-01").Expect(x.Status).NotTo(Equal(http.StatusNotFound), "DELETE did not find the object by its STIX id")
		expectOK("T21-5.7-11", "T21-5.7-12", x, http.StatusOK)
		y := get(rw(), objectURL(coll, id))
		harness.For("T21-5.7-03").Expect(y.Status).To(Equal(http.StatusNotFound), "GET an object after its deletion")
	})

	It("no longer lists a deleted object in GET objects or GET manifest", harness.Reqs("T21-5.7-04"), harness.Writes(), func() {
		coll, id := writableCollection(), deletable()
		setupOK(del(rw(), objectURL(coll, id)), "deleting the object")
		// Asked for by its id alone: any version left would come back as the latest one. A
		// 404 lists nothing either.
		for _, u := range []string{objectsURL(coll), manifestURL(coll)} {
			x := get(rw(), withQuery(u, "match[id]", id))
			if x.Status == http.StatusNotFound {
				continue
			}
			harness.Setup().Expect(x.Status/100).To(Equal(2), "GET %s", x.URL)
			l, err := parseListing(x, "objects", objectItem)
			if u == manifestURL(coll) {
				l, err = parseListing(x, "objects", manifestItem)
			}
			harness.Setup().Expect(err).NotTo(HaveOccurred(), "reading answer #%d", x.Seq)
			harness.Soft("T21-5.7-04").Expect(l.IDs()).NotTo(ContainElement(id), "answer #%d still lists the deleted object", x.Seq)
		}
	})

	It("deletes only the versions match[version] selects, and nothing for a spec_version the object lacks", harness.Reqs("T21-5.7-02", "T21-5.7-03"), harness.Writes(), func() {
		coll := writableCollection()
		// DELETE must first remove an object by its STIX id (T21-5.7-01), and GET an object
		// list every version, before the filters of DELETE can be judged.
		setupOK(del(rw(), objectURL(coll, deletable())), "deleting an object by its STIX id")
		id, vs := versionsOf(3)
		add(vs...)
		objectView.settle(coll, []string{id}, keysOf(vs...), "match[version]", "all")
		x := del(rw(), withQuery(objectURL(coll, id), "match[version]", versionOf(vs[0])))
		harness.For("T21-5.7-02").Expect(x.Status).To(success(), "DELETE with match[version]=<first version>")
		l := remaining(coll, id)
		harness.For("T21-5.7-03").Expect(l.Keys()).NotTo(ContainElement(keysOf(vs[0])[0]), "the deleted version still comes back")
		harness.For("T21-5.7-02").Expect(l.Keys()).To(Equal(keysOf(vs[1:]...)), "the versions not selected should remain")

		x = del(rw(), withQuery(objectURL(coll, id), "match[spec_version]", "2.0"))
		harness.For("T21-5.7-02").Expect(x.Status).To(Or(success(), Equal(http.StatusNotFound)), "DELETE with match[spec_version]=2.0 of a 2.1 object")
		l = remaining(coll, id)
		harness.For("T21-5.7-02").Expect(l.Keys()).To(Equal(keysOf(vs[1:]...)), "DELETE with match[spec_version]=2.0 removed versions of a 2.1 object")
	})

	It("answers 401 or 404 to a client that fails authentication", harness.Reqs("T21-5.7-07"), harness.Writes(), func() {
		tryAuthFailure("T21-5.7-07", deleteReq(objectURL(writableCollection(), deletable())))
	})

	It("answers 404 to a client that can neither read nor write the collection", harness.Reqs("T21-5.7-08"), harness.Writes(), func() {
		coll, id := writableCollection(), deletable()
		expectRefused("T21-5.7-08", del(as(nobody), objectURL(coll, id)), http.StatusNotFound)
	})

	It("answers 403 to a client that can read but not write the collection", harness.Reqs("T21-5.7-09"), harness.Writes(), func() {
		coll, id := writableCollection(), deletable()
		expectRefused("T21-5.7-09", del(as(reader), objectURL(coll, id)), http.StatusForbidden)
		harness.For("T21-5.7-09").Expect(get(rw(), objectURL(coll, id)).Status).To(success(), "the object is gone after a refused DELETE")
	})

	It("answers 403 to a client that can write but not read the collection", harness.Reqs("T21-5.7-10"), harness.Writes(), func() {
		coll := writeOnlyCollection()
		o := freshIndicator()
		addAs(writerName(), coll, o)
		expectRefused("T21-5.7-10", del(rw(), objectURL(coll, o["id"].(string))), http.StatusForbidden)
	})

	It("answers 404 for an unknown object, and for a known one under an unknown collection or API root", harness.Reqs("T21-5.7-13"), harness.Writes(), func() {
		coll, id := writableCollection(), deletable()
		expectNotFound("T21-5.7-13", rw(),
			deleteReq(objectURL(coll, newID("indicator"))),
			deleteReq(objectURL(missingCollection(), id)),
			deleteReq(elsewhere(objectURL(coll, id))))
		harness.For("T21-5.7-13").Expect(get(rw(), objectURL(coll, id)).Status).To(success(), "a DELETE answered 404 removed the object")
	})

	It("sends errors in the TAXII media type with an error resource", harness.Reqs("T21-5.7-14"), harness.Writes(), func() {
		expectErrorAnswers("T21-5.7-14", rw(), deleteReq(objectURL(writableCollection(), newID("indicator"))))
	})
})
