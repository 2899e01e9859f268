package taxii21

// §5.5 Add Objects: the 202 answer and its status resource, duplicates, permissions, and the
// refusals the endpoint table lists (404, 413, 415, 422).

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// checkCounts checks that a status resource accounts for every object of a request of n
// objects: the three counts add up to total_count, which is n (or 0 while processing has not
// begun), and the lists, when given, agree with their counts and name only objects sent.
func checkCounts(g Gomega, st taxiiStatus, n int, sent []string) {
	if st.Status == "pending" && st.TotalCount == 0 {
		return
	}
	g.Expect(st.TotalCount).To(Equal(n), "total_count of a request of %d objects", n)
	g.Expect(st.SuccessCount+st.FailureCount+st.PendingCount).To(Equal(st.TotalCount),
		"success_count %d + failure_count %d + pending_count %d should make total_count %d",
		st.SuccessCount, st.FailureCount, st.PendingCount, st.TotalCount)
	for _, l := range []struct {
		name  string
		list  []statusDetail
		count int
	}{{"successes", st.Successes, st.SuccessCount}, {"failures", st.Failures, st.FailureCount}, {"pendings", st.Pendings, st.PendingCount}} {
		if l.list == nil {
			continue
		}
		g.Expect(l.list).To(HaveLen(l.count), "%s lists %d objects but its count says %d", l.name, len(l.list), l.count)
		g.Expect(sent).To(ContainElements(detailIDs(l.list)), "%s names objects that were not sent", l.name)
	}
}

// oversizedEnvelope is a valid envelope of one indicator whose description makes it longer
// than limit bytes.
func oversizedEnvelope(limit int64) []byte {
	o := freshIndicator()
	o["description"] = strings.Repeat("x", int(limit)+1)
	return envelopeBody(o)
}

// maxContentLength reads the API root's max_content_length, as preparation.
func maxContentLength() int64 {
	x := get(as(standard), apiRootURL())
	setupOK(x, "reading the API root")
	body, err := x.Object()
	harness.Setup().Expect(err).NotTo(HaveOccurred(), "the API root is not a JSON object")
	n, ok := body["max_content_length"].(json.Number)
	harness.Setup().Expect(ok).To(BeTrue(), "the API root has no numeric max_content_length")
	v, err := n.Int64()
	harness.Setup().Expect(err).NotTo(HaveOccurred(), "max_content_length %s is not an integer", n)
	harness.Setup().Expect(v).To(BeNumerically(">", 0), "max_content_length")
	return v
}

var _ = Describe("5.5 Add Objects", func() {
	It("answers 202 with a status resource in the TAXII media type that accounts for every object", harness.Reqs("T21-5.5-07", "T21-5.5-08", "T21-5.5-09"), harness.Writes(), func() {
		objs := []map[string]any{freshIndicator(), freshIndicator()}
		c := rw()
		x := c.Do(postReq(writableCollection(), envelopeBody(objs...)))
		expectOK("T21-5.5-07", "T21-5.5-08", x, http.StatusAccepted)
		g := harness.For("T21-5.5-09")
		var st taxiiStatus
		g.Expect(x.Decode(&st)).To(Succeed(), "the body is not a status resource")
		g.Expect(st.ID).NotTo(BeEmpty(), "the status has no id")
		g.Expect(st.Status).To(BeElementOf("complete", "pending"), "status")
		checkCounts(g, st, len(objs), idsOf(objs...))
		st = awaitStatus(c, st)
		checkCounts(g, st, len(objs), idsOf(objs...))
		g.Expect(st.SuccessCount).To(Equal(len(objs)), "two valid new objects should both succeed: failures %v", st.Failures)
	})

	It("accounts in the status for objects refused one by one", harness.Reqs("T21-5.5-09", "T21-5.5-13"), harness.Writes(), func() {
		good, bad := freshIndicator(), freshIndicator()
		bad["created"], bad["modified"] = "yesterday", "today"
		c := rw()
		x := c.Do(harness.Request{Method: http.MethodPost, URL: objectsURL(writableCollection()), Deliberate: true,
			Body: envelopeBody(good, bad), Header: postHeader()})
		if x.Status == http.StatusUnprocessableEntity {
			harness.Note("the server refused the whole envelope for its invalid object")
			return
		}
		harness.For("T21-5.5-13").Expect(x.Status/100).To(Equal(2), "an envelope with one valid and one invalid object should be refused with 422 or accepted object by object, not answered %d", x.Status)
		var st taxiiStatus
		harness.For("T21-5.5-09").Expect(x.Decode(&st)).To(Succeed(), "the body is not a status resource")
		st = awaitStatus(c, st)
		checkCounts(harness.For("T21-5.5-09"), st, 2, idsOf(good, bad))
		harness.For("T21-5.5-09").Expect(detailIDs(st.Failures)).NotTo(ContainElement(good["id"]), "the valid object is reported as failed")
		if st.FailureCount == 0 {
			harness.Note("the server accepted an object whose created and modified are not timestamps")
		}
	})

	It("lets the status it returns be read at the status endpoint", harness.Reqs("T21-5.5-03"), harness.Writes(), func() {
		c := rw()
		x := c.Do(postReq(writableCollection(), envelopeBody(freshIndicator())))
		setupOK(x, "adding an object")
		var st taxiiStatus
		harness.Setup().Expect(x.Decode(&st)).To(Succeed(), "decoding the status")
		harness.Setup().Expect(st.ID).NotTo(BeEmpty(), "the status has no id")
		// That the status endpoint serves it is this requirement; what the body holds is that
		// endpoint's own (T21-4.3-06, and T21-4.3.1-03 for its id).
		y := get(c, statusURL(st.ID))
		harness.For("T21-5.5-03").Expect(y.Status).To(success(), "GET status/%s/", st.ID)
	})

	It("does not fail an exact copy of an object the collection holds", harness.Reqs("T21-5.5-04"), harness.Writes(), func() {
		o := freshIndicator()
		add(o)
		c := rw()
		x := c.Do(postReq(writableCollection(), envelopeBody(o)))
		harness.For("T21-5.5-04").Expect(x.Status/100).To(Equal(2), "adding the same object again was answered %d", x.Status)
		var st taxiiStatus
		harness.For("T21-5.5-04").Expect(x.Decode(&st)).To(Succeed(), "decoding the status")
		st = awaitStatus(c, st)
		harness.For("T21-5.5-04").Expect(st.FailureCount).To(BeZero(), "the copy is reported as failed: %v", st.Failures)
		harness.For("T21-5.5-04").Expect(detailIDs(st.Failures)).NotTo(ContainElement(o["id"]), "the copy is listed among the failures")
	})

	It("answers 401 or 404 to a client that fails authentication", harness.Reqs("T21-5.5-01"), harness.Writes(), func() {
		tryAuthFailure("T21-5.5-01", postReq(writableCollection(), envelopeBody(freshIndicator())))
	})

	It("answers 403 or 404 where can_write is false, and stores nothing", harness.Reqs("T21-5.5-02"), harness.Writes(), func() {
		ro := readOnlyCollection()
		o := freshIndicator()
		x := rw().Do(postReq(ro, envelopeBody(o)))
		expectRefused("T21-5.5-02", x, http.StatusForbidden, http.StatusNotFound)
		y := get(rw(), withQuery(objectsURL(ro), "match[id]", o["id"].(string)))
		if y.Status/100 == 2 {
			l, err := parseListing(y, "objects", objectItem)
			harness.Setup().Expect(err).NotTo(HaveOccurred(), "reading the read-only collection")
			harness.For("T21-5.5-02").Expect(l.IDs()).NotTo(ContainElement(o["id"]), "the refused object can be read from the collection")
		}
		if harness.Current().HasIdentity(reader) {
			x = as(reader).Do(postReq(writableCollection(), envelopeBody(freshIndicator())))
			expectRefused("T21-5.5-02", x, http.StatusForbidden, http.StatusNotFound)
		}
	})

	It("answers 404 for an unknown collection or API root", harness.Reqs("T21-5.5-10"), harness.Writes(), func() {
		unknown := postReq(missingCollection(), envelopeBody(freshIndicator()))
		away := postReq(writableCollection(), envelopeBody(freshIndicator()))
		away.URL = elsewhere(away.URL)
		expectNotFound("T21-5.5-10", rw(), unknown, away)
	})

	It("answers 413 to a body larger than max_content_length", harness.Reqs("T21-5.5-11"), harness.Writes(), func() {
		limit := maxContentLength()
		if limit > maxOversize {
			harness.Disable(fmt.Sprintf("max_content_length is %d bytes, more than the harness sends in one request", limit))
		}
		r := postReq(writableCollection(), oversizedEnvelope(limit))
		// With 100-continue a server that refuses on Content-Length alone can answer before
		// the body is sent; without it, a server that answers 413 and closes at once can
		// cut the body short, and the client sees a broken pipe rather than the answer.
		r.Header.Set("Expect", "100-continue")
		x := rw().Do(r)
		harness.For("T21-5.5-11").Expect(x.Status).To(Equal(http.StatusRequestEntityTooLarge), "a body of more than %d bytes", limit)
	})

	It("answers 415 when it refuses a Content-Type it does not support", harness.Reqs("T21-5.5-12"), harness.Writes(), func() {
		x := rw().Do(harness.Request{Method: http.MethodPost, URL: objectsURL(writableCollection()), Deliberate: true,
			Body: envelopeBody(freshIndicator()), Header: http.Header{"Accept": {MediaTAXII}, "Content-Type": {"text/plain"}}})
		if x.Status/100 == 2 {
			harness.Note("the server processed a body sent as text/plain (§3.1 allows it)")
			return
		}
		harness.For("T21-5.5-12").Expect(x.Status).To(Equal(http.StatusUnsupportedMediaType), "POST objects with Content-Type: text/plain")
	})

	It("answers 400 or 422 to a body that is not an envelope, and 422 or a failed object to an unsupported STIX version", harness.Reqs("T21-5.5-13"), harness.Writes(), func() {
		c := rw()
		for _, body := range []string{`{"objects": [`, `{"objects": "none"}`, `[]`, `not json`} {
			x := c.Do(harness.Request{Method: http.MethodPost, URL: objectsURL(writableCollection()), Deliberate: true,
				Body: []byte(body), Header: postHeader()})
			harness.Soft("T21-5.5-13").Expect(x.Status).To(BeElementOf(http.StatusBadRequest, http.StatusUnprocessableEntity), "POST objects with the body %s", body)
		}
		o := freshIndicator()
		o["spec_version"] = "9.9"
		x := c.Do(harness.Request{Method: http.MethodPost, URL: objectsURL(writableCollection()), Deliberate: true,
			Body: envelopeBody(o), Header: postHeader()})
		if x.Status/100 == 2 {
			var st taxiiStatus
			harness.For("T21-5.5-13").Expect(x.Decode(&st)).To(Succeed(), "decoding the status")
			st = awaitStatus(c, st)
			harness.For("T21-5.5-13").Expect(st.FailureCount).To(Equal(1), "an object of spec_version 9.9 was accepted rather than refused")
			return
		}
		harness.For("T21-5.5-13").Expect(x.Status).To(Equal(http.StatusUnprocessableEntity), "an envelope whose only object has spec_version 9.9")
	})

	It("sends errors in the TAXII media type with an error resource", harness.Reqs("T21-5.5-14"), harness.Writes(), func() {
		malformed := harness.Request{Method: http.MethodPost, URL: objectsURL(writableCollection()), Deliberate: true,
			Body: []byte(`{"objects": [`), Header: postHeader()}
		expectErrorAnswers("T21-5.5-14", rw(), postReq(missingCollection(), envelopeBody(freshIndicator())), malformed)
	})
})
