package taxii21

// §5.4 Get Objects.

import (
	"net/http"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

var _ = Describe("5.4 Get Objects", func() {
	It("answers 200 with an envelope of the objects in the TAXII media type", harness.Reqs("T21-5.4-05", "T21-5.4-06", "T21-5.4-07"), harness.Writes(), func() {
		o := freshIndicator()
		add(o)
		x := get(rw(), withQuery(objectsURL(writableCollection()), "match[id]", o["id"].(string)))
		expectOK("T21-5.4-05", "T21-5.4-06", x, http.StatusOK)
		l, err := parseListing(x, "objects", objectItem)
		harness.For("T21-5.4-07").Expect(err).NotTo(HaveOccurred(), "the body is not an envelope")
		// Which objects match[id] selects is T21-3.4.1-01's business.
		harness.Setup().Expect(l.IDs()).To(Equal(idsOf(o)), "the envelope of the one object asked for by match[id]")
		harness.For("T21-5.4-07").Expect(l.Keys()).To(Equal(keysOf(o)), "the envelope should hold the object as added")
		objs, _ := l.Body["objects"].([]any)
		harness.For("T21-5.4-07").Expect(objs[0]).To(HaveKeyWithValue("type", "indicator"), "the envelope should hold the STIX object itself")
	})

	It("answers an empty envelope, not an error, when nothing matches", harness.Reqs("T21-5.4-04"), func() {
		x := get(as(standard), withQuery(objectsURL(readableCollection()), "match[id]", newID("indicator")))
		harness.For("T21-5.4-04").Expect(x.Status).To(success(), "GET objects for an id never added")
		body, err := x.Object()
		harness.For("T21-5.4-04").Expect(err).NotTo(HaveOccurred(), "the body is not an envelope")
		// Objects in it mean match[id] was not applied (T21-3.4.1-01's business): then
		// something matched.
		objs, _ := body["objects"].([]any)
		harness.Setup().Expect(objs).To(BeEmpty(), "GET objects for an id never added lists objects")
	})

	It("answers 401 or 404 to a client that fails authentication", harness.Reqs("T21-5.4-01"), func() {
		tryAuthFailure("T21-5.4-01", getReq(objectsURL(readableCollection())))
	})

	It("answers 403 or 404 where can_read is false, even for objects the client added", harness.Reqs("T21-5.4-02"), harness.Writes(), func() {
		coll := writeOnlyCollection()
		o := freshIndicator()
		addAs(writerName(), coll, o)
		x := get(rw(), withQuery(objectsURL(coll), "match[id]", o["id"].(string)))
		expectRefused("T21-5.4-02", x, http.StatusForbidden, http.StatusNotFound)
	})

	It("answers 404 for an unknown collection or API root", harness.Reqs("T21-5.4-08"), func() {
		expectNotFound("T21-5.4-08", as(standard),
			getReq(objectsURL(missingCollection())),
			getReq(elsewhere(objectsURL(readableCollection()))))
	})

	It("sends errors in the TAXII media type with an error resource", harness.Reqs("T21-5.4-09"), func() {
		expectErrorAnswers("T21-5.4-09", as(standard), getReq(objectsURL(missingCollection())))
	})

	filterSpecs(objectsView)
})
