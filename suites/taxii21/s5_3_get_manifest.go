package taxii21

// §5.3 Get Object Manifests and §5.3.1 the manifest resource.

import (
	"mime"
	"net/http"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// manifestOf reads the manifest records of the given objects in the read-write collection;
// records of other objects (match[id] not applied) end the spec in error.
func manifestOf(req string, objIDs []string, kv ...string) listing {
	l := manifestView.fetch(req, writableCollection(), objIDs, kv...)
	onlyObjects(l, objIDs...)
	return l
}

// sameMediaType reports whether a manifest record's media type is one a collection lists:
// equal, or the same type and subtype when the listed one carries no parameters (a bare
// application/stix+json admits every version).
func sameMediaType(record, listed string) bool {
	rt, _, err1 := mime.ParseMediaType(record)
	lt, lp, err2 := mime.ParseMediaType(listed)
	if err1 != nil || err2 != nil {
		return strings.EqualFold(strings.TrimSpace(record), strings.TrimSpace(listed))
	}
	if rt != lt {
		return false
	}
	if len(lp) == 0 {
		return true
	}
	_, rp, _ := mime.ParseMediaType(record)
	for k, v := range lp {
		if rp[k] != v {
			return false
		}
	}
	return true
}

var _ = Describe("5.3 Get Object Manifests", func() {
	It("answers 200 with a manifest in the TAXII media type", harness.Reqs("T21-5.3-06", "T21-5.3-07", "T21-5.3-08"), harness.Writes(), func() {
		o := freshIndicator()
		add(o)
		x := get(rw(), withQuery(manifestURL(writableCollection()), "match[id]", o["id"].(string)))
		expectOK("T21-5.3-06", "T21-5.3-07", x, http.StatusOK)
		l, err := parseListing(x, "objects", manifestItem)
		harness.For("T21-5.3-08").Expect(err).NotTo(HaveOccurred(), "the body is not a manifest")
		// Which records match[id] selects is T21-3.4.1-01's business.
		harness.Setup().Expect(l.IDs()).To(Equal(idsOf(o)), "the manifest of the one object asked for by match[id]")
	})

	It("is not refused with 406 for the Accept header its table gives", harness.Reqs("T21-5.3-05"), func() {
		x := getWith(as(standard), withQuery(manifestURL(readableCollection()), "limit", "1"), "Accept", MediaTAXII+","+MediaSTIX)
		harness.For("T21-5.3-05").Expect(x.Status).NotTo(Equal(http.StatusNotAcceptable), "Accept: %s,%s", MediaTAXII, MediaSTIX)
	})

	It("lists one record per selected version, naming the STIX id and the modified timestamp", harness.Reqs("T21-5.3.1-02", "T21-5.3.1-03", "T21-5.3.1-04", "T21-5.3.1-06", "T21-5.3.1-07", "T21-5.3.1-08"), harness.Writes(), func() {
		id, vs := versionsOf(3)
		add(vs...)
		coll := writableCollection()
		// The same filters select the three versions at GET objects: what they select is the
		// filters' business, how the manifest records it this spec's.
		objectsView.settle(coll, []string{id}, keysOf(vs...), "match[version]", "all")
		x := get(rw(), withQuery(manifestURL(coll), "match[id]", id, "match[version]", "all"))
		setupOK(x, "reading the manifest")
		body, err := x.Object()
		harness.Setup().Expect(err).NotTo(HaveOccurred(), "the manifest is not a JSON object")
		records, _ := body["objects"].([]any)
		harness.For("T21-5.3.1-02").Expect(records).To(HaveLen(3), "match[version]=all over an object with 3 versions should give 3 records")
		versions := 0
		for i, r := range records {
			rec, _ := r.(map[string]any)
			harness.Soft("T21-5.3.1-03").Expect(rec).To(HaveKey("id"), "record %d", i)
			harness.Soft("T21-5.3.1-06").Expect(rec).To(HaveKey("date_added"), "record %d", i)
			harness.Soft("T21-5.3.1-07").Expect(rec).To(HaveKey("version"), "record %d", i)
			if v, ok := rec["id"]; ok {
				harness.Soft("T21-5.3.1-04").Expect(v).To(Equal(id), "record %d should carry the STIX id", i)
			}
			if _, ok := rec["version"]; ok {
				versions++
			}
		}
		if versions < len(records) {
			// A record without version is T21-5.3.1-07's business; the others cannot be matched to theirs.
			harness.Note("%d of %d records have no version; their versions are not compared", len(records)-versions, len(records))
			return
		}
		l, err := parseListing(x, "objects", manifestItem)
		harness.For("T21-5.3.1-08").Expect(err).NotTo(HaveOccurred())
		harness.For("T21-5.3.1-08").Expect(l.Versions()).To(Equal(canonAll(versionOf(vs[0]), versionOf(vs[1]), versionOf(vs[2]))),
			"the records' versions should be the objects' modified timestamps")
	})

	It("gives an object without modified its created timestamp as version", harness.Reqs("T21-5.3.1-09"), harness.Writes(), func() {
		m := markingDefinition(newID("marking-definition"), past())
		add(m)
		l := manifestOf("T21-5.3.1-09", idsOf(m))
		harness.For("T21-5.3.1-09").Expect(l.Items).To(HaveLen(1), "the manifest of one marking definition")
		harness.For("T21-5.3.1-09").Expect(sameInstant(l.Items[0].Version, m["created"].(string))).To(BeTrue(),
			"version %q should be the created timestamp %s", l.Items[0].Version, m["created"])
	})

	It("gives an object without created or modified a version that stays the same", harness.Reqs("T21-5.3.1-10"), harness.Writes(), func() {
		o := ipv4(newID("ipv4-addr"), "198.51.100.42")
		add(o)
		first := manifestOf("T21-5.3.1-10", idsOf(o))
		harness.For("T21-5.3.1-10").Expect(first.Items).To(HaveLen(1), "the manifest of one IPv4 address")
		harness.For("T21-5.3.1-10").Expect(first.Items[0].Version).NotTo(BeEmpty(), "the record has no version")
		again := manifestOf("T21-5.3.1-10", idsOf(o))
		harness.For("T21-5.3.1-10").Expect(again.Versions()).To(Equal(first.Versions()), "the version of the same stored object changed between two reads")
	})

	It("names in media_type only media types of the collection", harness.Reqs("T21-5.3.1-11"), harness.Writes(), func() {
		o := freshIndicator()
		add(o)
		x := get(rw(), collectionURL(writableCollection()))
		setupOK(x, "reading the collection")
		var coll collectionInfo
		harness.Setup().Expect(x.Decode(&coll)).To(Succeed(), "decoding the collection")
		allowed := coll.MediaTypes
		if len(allowed) == 0 {
			allowed = []string{"application/stix+json"}
		}
		l := manifestOf("T21-5.3.1-11", idsOf(o))
		harness.Setup().Expect(l.Items).To(HaveLen(1), "the manifest of one object")
		mt := l.Items[0].MediaType
		if mt == "" {
			harness.Note("the record carries no media_type")
			return
		}
		ok := false
		for _, a := range allowed {
			ok = ok || sameMediaType(mt, a)
		}
		harness.For("T21-5.3.1-11").Expect(ok).To(BeTrue(), "media_type %q is not one of the collection's %v", mt, allowed)
	})

	It("gives timestamps as date_added", harness.Reqs("T21-5.3.1-12"), harness.Writes(), func() {
		o := freshIndicator()
		add(o)
		l := manifestOf("T21-5.3.1-12", idsOf(o))
		harness.Setup().Expect(l.Items).To(HaveLen(1), "the manifest of one object")
		if l.Items[0].DateAdded == "" {
			harness.Note("the record has no date_added (a T21-5.3.1-06 matter)")
			return
		}
		harness.For("T21-5.3.1-12").Expect(looksLikeTimestamp(l.Items[0].DateAdded)).To(BeTrue(), "date_added %q is not a timestamp", l.Items[0].DateAdded)
	})

	It("answers an empty manifest as an empty JSON object", harness.Reqs("T21-5.3.1-01"), func() {
		x := get(as(standard), withQuery(manifestURL(readableCollection()), "match[id]", newID("indicator")))
		setupOK(x, "a manifest for an id never added")
		body, err := x.Object()
		harness.Setup().Expect(err).NotTo(HaveOccurred(), "the manifest is not a JSON object")
		// Records of other objects mean match[id] was not applied (T21-3.4.1-01's business):
		// the manifest then has something to list.
		list, _ := body["objects"].([]any)
		harness.Setup().Expect(list).To(BeEmpty(), "a manifest for an id never added lists records")
		harness.For("T21-5.3.1-01").Expect(body).NotTo(HaveKey("objects"), "a manifest with no record should leave objects out")
	})

	It("answers 401 or 404 to a client that fails authentication", harness.Reqs("T21-5.3-01"), func() {
		tryAuthFailure("T21-5.3-01", getReq(manifestURL(readableCollection())))
	})

	It("answers 403 or 404 where can_read is false, even for objects the client added", harness.Reqs("T21-5.3-02"), harness.Writes(), func() {
		coll := writeOnlyCollection()
		o := freshIndicator()
		addAs(writerName(), coll, o)
		x := get(rw(), withQuery(manifestURL(coll), "match[id]", o["id"].(string)))
		expectRefused("T21-5.3-02", x, http.StatusForbidden, http.StatusNotFound)
	})

	It("answers 404 for an unknown collection or API root", harness.Reqs("T21-5.3-09"), func() {
		expectNotFound("T21-5.3-09", as(standard),
			getReq(manifestURL(missingCollection())),
			getReq(elsewhere(manifestURL(readableCollection()))))
	})

	It("sends errors in the TAXII media type with an error resource", harness.Reqs("T21-5.3-10"), func() {
		expectErrorAnswers("T21-5.3-10", as(standard), getReq(manifestURL(missingCollection())))
	})

	filterSpecs(manifestView)
})
