package taxii21

// §5.2 Get a Collection and §5.2.1 the collection resource, including what can_read and
// can_write promise about the other endpoints.

import (
	"fmt"
	"net/http"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// listedCollections reads GET collections as an identity, as raw JSON objects.
func listedCollections(c *harness.Client) []map[string]any {
	x := get(c, collectionsURL())
	setupOK(x, "listing collections as %s", c.Identity())
	var body struct {
		Collections []map[string]any `json:"collections"`
	}
	harness.Setup().Expect(x.Decode(&body)).To(Succeed(), "decoding the collections resource")
	return body.Collections
}

// checkCollectionShape checks one collection resource against the property table of §5.2.1.
func checkCollectionShape(where string, c map[string]any) {
	harness.Soft("T21-5.2.1-01").Expect(c).To(HaveKey("id"), "%s has no id", where)
	harness.Soft("T21-5.2.1-03").Expect(c).To(HaveKey("title"), "%s has no title", where)
	harness.Soft("T21-5.2.1-05").Expect(c).To(HaveKey("can_read"), "%s has no can_read", where)
	harness.Soft("T21-5.2.1-07").Expect(c).To(HaveKey("can_write"), "%s has no can_write", where)
	types := harness.Soft("T21-5.2.1-10")
	for _, k := range []string{"id", "title", "description", "alias"} {
		if v, ok := c[k]; ok {
			types.Expect(v).To(BeAssignableToTypeOf(""), "%s: %s is not a string", where, k)
		}
	}
	for _, k := range []string{"can_read", "can_write"} {
		if v, ok := c[k]; ok {
			types.Expect(v).To(BeAssignableToTypeOf(true), "%s: %s is not a boolean", where, k)
		}
	}
	if v, ok := c["media_types"]; ok {
		list, isList := v.([]any)
		types.Expect(isList).To(BeTrue(), "%s: media_types is not a list", where)
		types.Expect(list).NotTo(BeEmpty(), "%s: media_types is an empty list", where)
		for _, m := range list {
			types.Expect(m).To(BeAssignableToTypeOf(""), "%s: media_types holds a non-string", where)
		}
	}
}

var _ = Describe("5.2 Get a Collection", func() {
	It("answers 200 with the collection resource in the TAXII media type", harness.Reqs("T21-5.2-02", "T21-5.2-03", "T21-5.2-04"), func() {
		coll := readableCollection()
		x := get(as(standard), collectionURL(coll))
		expectOK("T21-5.2-02", "T21-5.2-03", x, http.StatusOK)
		body, err := x.Object()
		harness.For("T21-5.2-04").Expect(err).NotTo(HaveOccurred(), "the body is not a JSON object")
		harness.For("T21-5.2-04").Expect(body).To(HaveKeyWithValue("id", coll), "the collection resource does not name the collection asked for")
		harness.For("T21-5.2-04").Expect(body).To(HaveKey("can_read"), "the body is not a collection resource")
	})

	It("describes each collection with the properties of its table", harness.Reqs("T21-5.2.1-01", "T21-5.2.1-03", "T21-5.2.1-05", "T21-5.2.1-07", "T21-5.2.1-10"), func() {
		list := listedCollections(as(standard))
		if len(list) == 0 {
			harness.Note("the default identity sees no collection (§5 allows an API root without any)")
		}
		for i, c := range list {
			checkCollectionShape(fmt.Sprintf("collections[%d]", i), c)
		}
		x := get(as(standard), collectionURL(readableCollection()))
		setupOK(x, "reading one collection")
		body, err := x.Object()
		harness.Setup().Expect(err).NotTo(HaveOccurred(), "the collection body is not a JSON object")
		checkCollectionShape("the collection resource", body)
	})

	It("names each listed collection by an id that GET a collection answers with the same collection", harness.Reqs("T21-5.2.1-02"), func() {
		for _, c := range listedCollections(as(standard)) {
			id, ok := c["id"].(string)
			harness.For("T21-5.2.1-02").Expect(ok).To(BeTrue(), "a listed collection has no string id: %v", c)
			x := get(as(standard), collectionURL(id))
			harness.For("T21-5.2.1-02").Expect(x.Status).To(success(), "GET the listed collection %s", id)
			var one map[string]any
			harness.For("T21-5.2.1-02").Expect(x.Decode(&one)).To(Succeed(), "decoding collection %s", id)
			for _, k := range []string{"id", "title", "can_read", "can_write"} {
				harness.Soft("T21-5.2.1-02").Expect(one[k]).To(Equal(c[k]), "collection %s: %s differs between the list and GET a collection", id, k)
			}
		}
	})

	It("keeps aliases unique within the API root", harness.Reqs("T21-5.2.1-04"), func() {
		owner := map[string]string{}
		for _, c := range listedCollections(as(standard)) {
			alias, ok := c["alias"].(string)
			if !ok {
				continue
			}
			id, _ := c["id"].(string)
			harness.Soft("T21-5.2.1-04").Expect(owner).NotTo(HaveKey(alias), "alias %q is used by collections %s and %s", alias, owner[alias], id)
			owner[alias] = id
		}
		if len(owner) == 0 {
			harness.Note("no listed collection has an alias")
		}
	})

	It("sets can_read exactly when GET objects and GET manifest are allowed", harness.Reqs("T21-5.2.1-06"), func() {
		checked := 0
		for _, name := range []string{writer, reader, standard} {
			if !harness.Current().HasIdentity(name) {
				continue
			}
			c := as(name)
			for _, info := range listedCollections(c) {
				id, _ := info["id"].(string)
				canRead, isBool := info["can_read"].(bool)
				if !isBool {
					harness.Note("collection %s has no boolean can_read", id)
					continue
				}
				for _, u := range []string{objectsURL(id), manifestURL(id)} {
					x := get(c, withQuery(u, "limit", "1"))
					if canRead {
						harness.Soft("T21-5.2.1-06").Expect(x.Status).To(success(), "%s has can_read=true on %s but GET %s is refused", name, id, x.URL)
					} else {
						harness.Soft("T21-5.2.1-06").Expect(x.Status).To(BeElementOf(http.StatusForbidden, http.StatusNotFound), "%s has can_read=false on %s but GET %s is answered", name, id, x.URL)
					}
					checked++
				}
			}
		}
		if checked == 0 {
			harness.Note("no identity sees any collection")
		}
	})

	It("sets can_write exactly when POST objects is allowed", harness.Reqs("T21-5.2.1-08"), harness.Writes(), func() {
		for _, name := range []string{writerName(), reader} {
			if !harness.Current().HasIdentity(name) {
				continue
			}
			c := as(name)
			for _, info := range listedCollections(c) {
				id, _ := info["id"].(string)
				canWrite, isBool := info["can_write"].(bool)
				if !isBool {
					harness.Note("collection %s has no boolean can_write", id)
					continue
				}
				x := c.Do(postReq(id, envelopeBody(freshIndicator())))
				if canWrite {
					harness.Soft("T21-5.2.1-08").Expect(x.Status/100).To(Equal(2), "%s has can_write=true on %s but POST objects is answered %d", name, id, x.Status)
				} else {
					harness.Soft("T21-5.2.1-08").Expect(x.Status).To(BeElementOf(http.StatusForbidden, http.StatusNotFound), "%s has can_write=false on %s but POST objects is answered", name, id)
				}
			}
		}
	})

	It("answers 401 or 404 to a client that fails authentication", harness.Reqs("T21-5.2-01"), func() {
		tryAuthFailure("T21-5.2-01", getReq(collectionURL(readableCollection())))
	})

	It("answers 403 or 404 to an authenticated client without access to the collection", harness.Reqs("T21-5.2-05"), func() {
		x := get(as(nobody), collectionURL(writableCollection()))
		expectRefused("T21-5.2-05", x, http.StatusForbidden, http.StatusNotFound)
	})

	It("answers 404 for an unknown collection or API root", harness.Reqs("T21-5.2-06"), func() {
		expectNotFound("T21-5.2-06", as(standard),
			getReq(collectionURL(missingCollection())),
			getReq(elsewhere(collectionURL(readableCollection()))))
	})

	It("sends errors in the TAXII media type with an error resource", harness.Reqs("T21-5.2-07"), func() {
		expectErrorAnswers("T21-5.2-07", as(standard), getReq(collectionURL(missingCollection())))
	})
})
