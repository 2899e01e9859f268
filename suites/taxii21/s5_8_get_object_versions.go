package taxii21

// §5.8 Get Object Versions and §5.8.1 the versions resource.

import (
	"net/http"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

var _ = Describe("5.8 Get Object Versions", func() {
	It("answers 200 with a versions resource in the TAXII media type", harness.Reqs("T21-5.8-05", "T21-5.8-06", "T21-5.8-07", "T21-5.8.1-03"), harness.Writes(), func() {
		id, vs := versionsOf(2)
		add(vs...)
		x := get(rw(), versionsURL(writableCollection(), id))
		expectOK("T21-5.8-05", "T21-5.8-06", x, http.StatusOK)
		body, err := x.Object()
		harness.For("T21-5.8-07").Expect(err).NotTo(HaveOccurred(), "the body is not a JSON object")
		harness.For("T21-5.8-07").Expect(body).To(HaveKey("versions"), "the body is not a versions resource listing the object's versions")
		list, ok := body["versions"].([]any)
		harness.For("T21-5.8.1-03").Expect(ok).To(BeTrue(), "versions is a %T, not a list", body["versions"])
		harness.For("T21-5.8.1-03").Expect(list).NotTo(BeEmpty(), "versions is an empty list")
		for i, v := range list {
			harness.Soft("T21-5.8.1-03").Expect(v).To(BeAssignableToTypeOf(""), "versions[%d] is not a string", i)
		}
		if m, ok := body["more"]; ok {
			harness.Soft("T21-5.8.1-03").Expect(m).To(BeAssignableToTypeOf(true), "more is not a boolean")
		}
	})

	It("lists the version of every stored version of the object", harness.Reqs("T21-5.8.1-01"), harness.Writes(), func() {
		id, vs := versionsOf(3)
		add(vs...)
		l := versionsView.fetch("T21-5.8.1-01", writableCollection(), []string{id})
		harness.For("T21-5.8.1-01").Expect(l.Versions()).To(Equal(canonAll(versionOf(vs[0]), versionOf(vs[1]), versionOf(vs[2]))),
			"the versions of an object added in 3 versions")
	})

	It("lists created as the version of an object without modified", harness.Reqs("T21-5.8-01"), harness.Writes(), func() {
		m := markingDefinition(newID("marking-definition"), past())
		add(m)
		l := versionsView.fetch("T21-5.8-01", writableCollection(), idsOf(m))
		harness.For("T21-5.8-01").Expect(l.Versions()).To(Equal(canonAll(m["created"].(string))), "the versions of a marking definition")
	})

	It("answers a versions resource with nothing to list as an empty JSON object", harness.Reqs("T21-5.8.1-02"), harness.Writes(), func() {
		o := freshIndicator()
		add(o)
		// Two filters, each of which passes no version of this STIX 2.1 object added now.
		later := taxiiStamp(time.Now().Add(24 * time.Hour))
		x := get(rw(), withQuery(versionsURL(writableCollection(), o["id"].(string)), "match[spec_version]", "2.0", "added_after", later))
		setupOK(x, "GET versions of a 2.1 object with match[spec_version]=2.0 and added_after a day ahead")
		body, err := x.Object()
		harness.Setup().Expect(err).NotTo(HaveOccurred(), "the body is not a JSON object")
		// Versions in it mean neither filter was applied (their own specs' business).
		list, _ := body["versions"].([]any)
		harness.Setup().Expect(list).To(BeEmpty(), "the filters passed versions of the object")
		harness.For("T21-5.8.1-02").Expect(body).NotTo(HaveKey("versions"), "a versions resource with no version should leave versions out")
	})

	It("answers 401 or 404 to a client that fails authentication", harness.Reqs("T21-5.8-02"), harness.Writes(), func() {
		o := freshIndicator()
		add(o)
		tryAuthFailure("T21-5.8-02", getReq(versionsURL(writableCollection(), o["id"].(string))))
	})

	It("answers 403 or 404 where can_read is false, even for an object the client added", harness.Reqs("T21-5.8-03"), harness.Writes(), func() {
		coll := writeOnlyCollection()
		o := freshIndicator()
		addAs(writerName(), coll, o)
		expectRefused("T21-5.8-03", get(rw(), versionsURL(coll, o["id"].(string))), http.StatusForbidden, http.StatusNotFound)
	})

	It("answers 404 for an unknown object, and for a known one under an unknown collection or API root", harness.Reqs("T21-5.8-08"), harness.Writes(), func() {
		coll, o := writableCollection(), freshIndicator()
		add(o)
		id := o["id"].(string)
		expectNotFound("T21-5.8-08", rw(),
			getReq(versionsURL(coll, newID("indicator"))),
			getReq(versionsURL(missingCollection(), id)),
			getReq(elsewhere(versionsURL(coll, id))))
	})

	It("sends errors in the TAXII media type with an error resource", harness.Reqs("T21-5.8-09"), func() {
		expectErrorAnswers("T21-5.8-09", as(standard), getReq(versionsURL(readableCollection(), newID("indicator"))))
	})

	filterSpecs(versionsView)
})
