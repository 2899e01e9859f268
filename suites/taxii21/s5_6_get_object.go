package taxii21

// §5.6 Get an Object.

import (
	"net/http"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

var _ = Describe("5.6 Get an Object", func() {
	It("answers 200 with an envelope holding only the latest version of the object, in the TAXII media type", harness.Reqs("T21-5.6-01", "T21-5.6-06", "T21-5.6-07", "T21-5.6-08"), harness.Writes(), func() {
		id, vs := versionsOf(2)
		other := freshIndicator()
		add(append(vs, other)...)
		x := get(rw(), objectURL(writableCollection(), id))
		expectOK("T21-5.6-06", "T21-5.6-07", x, http.StatusOK)
		l, err := parseListing(x, "objects", objectItem)
		harness.For("T21-5.6-08").Expect(err).NotTo(HaveOccurred(), "the body is not an envelope")
		harness.Soft("T21-5.6-01").Expect(l.IDs()).To(Equal([]string{id}), "GET objects/<STIX id>/ should find that object and no other")
		harness.Soft("T21-5.6-08").Expect(l.Keys()).To(Equal(keysOf(vs[1])), "without filters only the latest version of the object should come back")
	})

	It("answers an empty envelope when the object exists but no version passes the filters", harness.Reqs("T21-5.6-05"), harness.Writes(), func() {
		id, vs := versionsOf(2)
		add(vs...)
		// Two filters, each of which passes no version of this STIX 2.1 object: the answer is
		// to be empty even where one of them is not applied (their own specs' business).
		never := stamp(parseStamp("modified", versionOf(vs[1])).Add(time.Second))
		x := get(rw(), withQuery(objectURL(writableCollection(), id), "match[version]", never, "match[spec_version]", "2.0"))
		harness.For("T21-5.6-05").Expect(x.Status).To(success(), "GET an object with filters that pass no version of it")
		body, err := x.Object()
		harness.For("T21-5.6-05").Expect(err).NotTo(HaveOccurred(), "the body is not an envelope")
		objs, _ := body["objects"].([]any)
		harness.For("T21-5.6-05").Expect(objs).To(BeEmpty(), "the envelope should hold no object")
	})

	It("answers 401 or 404 to a client that fails authentication", harness.Reqs("T21-5.6-02"), harness.Writes(), func() {
		o := freshIndicator()
		add(o)
		tryAuthFailure("T21-5.6-02", getReq(objectURL(writableCollection(), o["id"].(string))))
	})

	It("answers 403 or 404 where can_read is false, even for an object the client added", harness.Reqs("T21-5.6-03"), harness.Writes(), func() {
		coll := writeOnlyCollection()
		o := freshIndicator()
		addAs(writerName(), coll, o)
		x := get(rw(), objectURL(coll, o["id"].(string)))
		expectRefused("T21-5.6-03", x, http.StatusForbidden, http.StatusNotFound)
	})

	It("answers 404 for an unknown object, and for a known one under an unknown collection or API root", harness.Reqs("T21-5.6-09"), harness.Writes(), func() {
		coll, o := writableCollection(), freshIndicator()
		add(o)
		id := o["id"].(string)
		expectNotFound("T21-5.6-09", rw(),
			getReq(objectURL(coll, newID("indicator"))),
			getReq(objectURL(missingCollection(), id)),
			getReq(elsewhere(objectURL(coll, id))))
	})

	It("sends errors in the TAXII media type with an error resource", harness.Reqs("T21-5.6-10"), func() {
		expectErrorAnswers("T21-5.6-10", as(standard), getReq(objectURL(readableCollection(), newID("indicator"))))
	})

	filterSpecs(objectView)
})
