package taxii21

// §5.1 Get Collections and §5.1.1 the collections resource.

import (
	"net/http"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

var _ = Describe("5.1 Get Collections", func() {
	It("answers 200 with a collections resource in the TAXII media type", harness.Reqs("T21-5.1-02", "T21-5.1-03", "T21-5.1-04", "T21-5.1.1-02"), func() {
		x := get(as(standard), collectionsURL())
		expectOK("T21-5.1-02", "T21-5.1-03", x, http.StatusOK)
		body, err := x.Object()
		harness.For("T21-5.1-04").Expect(err).NotTo(HaveOccurred(), "the body is not a JSON object")
		// The identity can read a collection (the profile or the listing says which), so the
		// resource must list at least that one.
		coll := readableCollection()
		harness.For("T21-5.1-04").Expect(body).To(HaveKey("collections"), "the collections resource lists nothing, not even %s", coll)
		list, ok := body["collections"].([]any)
		harness.For("T21-5.1.1-02").Expect(ok).To(BeTrue(), "collections is a %T, not a list", body["collections"])
		harness.For("T21-5.1.1-02").Expect(list).NotTo(BeEmpty(), "collections is an empty list")
		for i, c := range list {
			harness.Soft("T21-5.1.1-02").Expect(c).To(HaveKeyWithValue("id", BeAssignableToTypeOf("")),
				"collections[%d] is not a collection resource with an id", i)
		}
		harness.For("T21-5.1-04").Expect(list).To(ContainElement(HaveKeyWithValue("id", coll)), "the collections resource does not list %s", coll)
	})

	It("leaves the collections key out when there is no collection to list", harness.Reqs("T21-5.1.1-01"), func() {
		// The identity without rights is the one most likely to see an empty list; the default
		// identity's answer is checked too, since an empty array is wrong for anyone.
		clients := []*harness.Client{as(standard)}
		if harness.Current().HasIdentity(nobody) {
			clients = append(clients, as(nobody))
		}
		sawEmpty := false
		for _, c := range clients {
			x := get(c, collectionsURL())
			if x.Status/100 != 2 {
				harness.Note("%s cannot list collections (%d)", c.Identity(), x.Status)
				continue
			}
			body, err := x.Object()
			harness.Setup().Expect(err).NotTo(HaveOccurred(), "the collections body is not a JSON object")
			raw, ok := body["collections"]
			if !ok {
				sawEmpty = true
				continue
			}
			list, _ := raw.([]any)
			harness.For("T21-5.1.1-01").Expect(list).NotTo(BeEmpty(),
				"%s sees no collection but the answer carries the collections key", c.Identity())
		}
		if !sawEmpty {
			harness.Note("no identity of the profile sees an empty list of collections, so the rule could only be checked for non-empty lists")
		}
	})

	It("answers 401 or 404 to a client that fails authentication", harness.Reqs("T21-5.1-01"), func() {
		tryAuthFailure("T21-5.1-01", getReq(collectionsURL()))
	})

	It("answers 403 or 404 to an authenticated client without access, or lists nothing it may use", harness.Reqs("T21-5.1-05"), func() {
		x := get(as(nobody), collectionsURL())
		if x.Status/100 == 2 {
			// The server lets the identity use the endpoint; then it must not grant it any
			// collection (the profile says this identity may see none).
			var body struct {
				Collections []collectionInfo `json:"collections"`
			}
			harness.Setup().Expect(x.Decode(&body)).To(Succeed(), "decoding the collections resource")
			for _, c := range body.Collections {
				harness.For("T21-5.1-05").Expect(c.CanRead || c.CanWrite).To(BeFalse(),
					"collection %s grants the identity without rights can_read=%v can_write=%v", c.ID, c.CanRead, c.CanWrite)
			}
			harness.Note("the server answers 200 to the identity without rights, listing %d collections it may not use", len(body.Collections))
			return
		}
		expectRefused("T21-5.1-05", x, http.StatusForbidden, http.StatusNotFound)
	})

	It("answers 404 under an API root the server does not host", harness.Reqs("T21-5.1-06"), func() {
		expectNotFound("T21-5.1-06", as(standard), getReq(elsewhere(collectionsURL())))
	})

	It("sends errors in the TAXII media type with an error resource", harness.Reqs("T21-5.1-07"), func() {
		expectErrorAnswers("T21-5.1-07", as(standard), getReq(elsewhere(collectionsURL())))
	})
})
