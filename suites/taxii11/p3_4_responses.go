package taxii11

// Part 3 §4: HTTP responses of a TAXII exchange.

import (
	"net/http"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

var _ = Describe("Part 3 §4 HTTP Responses", func() {
	It("follows the header rules of §2 in every response", harness.Reqs("T11H-4-01"), func() {
		rs := tour()
		saw(rs, "Discovery_Response")
		for _, r := range rs {
			if !r.message() {
				continue
			}
			var reqRoot *elem
			reqRoot, _ = parseXML(r.x.Request.Body)
			for _, p := range headerProblems(r.x, r.root, reqRoot) {
				harness.Soft("T11H-4-01").Expect(p.Message).To(BeEmpty(), "%s: %s", r.describe(), p.Requirement)
			}
		}
	})

	It("carries a TAXII message in every response with HTTP status 200", harness.Reqs("T11H-4-02"), func() {
		rs := tour()
		u := serviceURL(svcDiscovery)
		// Requests that are not TAXII messages at all: whatever the answer, a 200 must carry one.
		rs = append(rs, read(as(standard).Do(harness.Request{Method: http.MethodGet, URL: u}), fam()))
		rs = append(rs, read(as(standard).Do(harness.Request{Method: http.MethodPost, URL: u, Deliberate: true,
			Header: http.Header{"Content-Type": {"text/plain"}}, Body: []byte("not a TAXII message")}), fam()))
		saw(rs, "Status_Message")
	})

	It("reports TAXII-level errors as Status Messages in HTTP 200 responses", harness.Reqs("T11H-4-03", "T11H-4-04"), func() {
		coll := readableCollection()
		pu := pollURL(coll)
		for _, r := range []*reply{
			send(as(standard), pu, pollAll(unknownName("collection"), nil, nil)),
			sendBroken(standard, pu, brokenBody("Poll_Request")),
			sendBroken(standard, pu, invalidBody("Poll_Request", `collection_name="`+coll+`"`)),
			send(as(standard), pu, pollFulfillment(coll, unknownName("result"), 1)),
		} {
			ok, _ := errorAnswer(r)
			harness.Setup().Expect(ok).To(BeTrue(), "a faulty request was not refused: %s", r.describe())
			harness.Soft("T11H-4-03").Expect(r.x.Status).To(Equal(http.StatusOK), r.describe())
			harness.Soft("T11H-4-03").Expect(r.is("Status_Message")).To(BeTrue(), r.describe())
		}
	})
})
