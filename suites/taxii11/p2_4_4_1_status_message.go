package taxii11

// Part 2 §4.4.1 and §4.4.1.1: the Status Message, its types and their details (with Part 4
// §3.1's SHOULD to send the optional details of Table 2). Each spec brings about one status
// type; a server that answers with another type (FAILURE may stand for any) leaves the
// spec's rule without an instance to judge, which the spec notes.

import (
	"net/http"
	"strconv"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// expectDetail requires a detail of a status type when the answer has that type.
func expectDetail(reqs []string, r *reply, status, detail string) {
	if !r.isStatus(status) {
		harness.Note("expected a %s Status Message, got %s; its details cannot be judged", status, r.describe())
		return
	}
	for _, req := range reqs {
		harness.Soft(req).Expect(r.root.find("Status_Detail")).NotTo(BeNil(), "%s has no Status_Detail", r.describe())
		if r.root.find("Status_Detail") != nil {
			found := false
			for _, d := range r.root.find("Status_Detail").children("Detail") {
				found = found || d.at("name") == detail
			}
			harness.Soft(req).Expect(found).To(BeTrue(), "%s has no %s detail", r.describe(), detail)
		}
	}
}

var _ = Describe("Part 2 §4.4.1 TAXII Status Message", func() {
	It("gives every Status Message a Status Type", harness.Reqs("T11S-4.4.1-01"), func() {
		saw(tour(), "Status_Message")
	})

	It("explains errors in the Message field", harness.Reqs("T11S-4.4.1-03"), func() {
		for _, r := range saw(tour(), "Status_Message") {
			if ok, _ := errorAnswer(r); ok {
				harness.Soft("T11S-4.4.1-03").Expect(r.statusText()).NotTo(BeEmpty(), "%s has no Message", r.describe())
			}
		}
	})

	It("gives each Status Message the canonical details of its type", harness.Reqs("T11S-4.4.1-04", "T11X-3.1-07", "T11S-4.4.1-02"), func() {
		canonical := map[string]string{
			stNotFound: dtItem, stRetry: dtEstimatedWait, stUnsupportedMessage: dtSupportedBinding,
			stUnsupportedContent: dtSupportedContent, stUnsupportedProtocol: dtSupportedProtocol,
			stUnsupportedQuery: dtSupportedQuery, stDestinationError: dtAcceptableDestination,
			stPending: dtResultID, stInvalidResponsePart: dtMaxPartNumber,
		}
		n := 0
		for _, r := range saw(tour(), "Status_Message") {
			if d, ok := canonical[r.statusType()]; ok {
				n++
				expectDetail([]string{"T11S-4.4.1-04", "T11X-3.1-07"}, r, r.statusType(), d)
			}
		}
		harness.Setup().Expect(n).To(BeNumerically(">", 0), "no Status Message of a type with canonical details came back")
	})

	It("carries the details a PENDING status requires", harness.Reqs("T11S-4.4.1-05", "T11S-4.4.1-09"), func() {
		coll := readableCollection()
		r := asyncPoll(standard, coll)
		for _, d := range []string{dtEstimatedWait, dtResultID, dtWillPush} {
			harness.Soft("T11S-4.4.1-09").Expect(r.details(d)).NotTo(BeEmpty(), "%s lacks %s", r.describe(), d)
			harness.Soft("T11S-4.4.1-05").Expect(r.details(d)).NotTo(BeEmpty(), "%s lacks %s", r.describe(), d)
		}
		for _, w := range r.details(dtEstimatedWait) {
			n, err := strconv.Atoi(w)
			harness.Soft("T11S-4.4.1-09").Expect(err == nil && n > 0).To(BeTrue(), "ESTIMATED_WAIT %q is not a positive number of seconds", w)
		}
		for _, w := range r.details(dtWillPush) {
			harness.Soft("T11S-4.4.1-09").Expect(w).To(Or(Equal("false"), Equal("0")), "WILL_PUSH %q for a poll without Delivery_Parameters", w)
		}
	})

	It("reports success with the response message of the request, never with a SUCCESS status", harness.Reqs("T11S-4.4.1-06"), func() {
		// Discovery first, in both families and without what the harness learnt.
		for _, f := range families {
			r := sendAs(as(standard), f, discoveryURL(), discoveryRequest())
			harness.Soft("T11S-4.4.1-06").Expect(r.statusType()).NotTo(Equal(stSuccess), "TAXII %s Discovery Request: %s", f.Name, r.describe())
		}
		coll := readableCollection()
		for _, r := range []*reply{
			send(as(writer), serviceURL(svcCollection), collectionInfoRequest()),
			send(as(standard), pollURL(coll), pollAll(coll, nil, nil)),
		} {
			harness.Soft("T11S-4.4.1-06").Expect(r.statusType()).NotTo(Equal(stSuccess), r.describe())
		}
	})

	It("gives INVALID_RESPONSE_PART the largest part number", harness.Reqs("T11S-4.4.1-08", "T11S-4.4.1-05"), harness.Writes(), func() {
		coll, _, p := multipart(25)
		needResultID(p)
		r := send(as(writer), pollURL(coll), pollFulfillment(coll, p.answers[0].root.at("result_id"), 1000))
		expectDetail([]string{"T11S-4.4.1-08"}, r, stInvalidResponsePart, dtMaxPartNumber)
		if r.isStatus(stInvalidResponsePart) {
			harness.For("T11S-4.4.1-08").Expect(r.details(dtMaxPartNumber)).To(ContainElement(strconv.Itoa(len(p.answers))),
				"the result has %d parts", len(p.answers))
		}
	})

	It("lists the acceptable destinations with DESTINATION_COLLECTION_ERROR", harness.Reqs("T11S-4.4.1-10", "T11X-3.1-07"), harness.Writes(), func() {
		coll := writableCollection()
		b, _ := stixBlock(bindingSTIX12)
		r := send(as(writer), inboxURL(coll), inboxMessage([]string{unknownName("collection")}, b))
		expectDetail([]string{"T11S-4.4.1-10", "T11X-3.1-07"}, r, stDestinationError, dtAcceptableDestination)
	})

	It("names the missing item with NOT_FOUND", harness.Reqs("T11S-4.4.1-11", "T11X-3.1-07"), func() {
		coll := readableCollection()
		r := send(as(standard), pollURL(coll), pollAll(unknownName("collection"), nil, nil))
		expectDetail([]string{"T11S-4.4.1-11", "T11X-3.1-07"}, r, stNotFound, dtItem)
	})

	It("gives RETRY an estimated wait", harness.Reqs("T11S-4.4.1-12", "T11X-3.1-07"), func() {
		// Asynchronous polls pile up until the server asks to come back later.
		identity := reader
		if !harness.Current().HasIdentity(identity) {
			identity = standard
		}
		coll := readableCollection()
		var retry *reply
		for i := 0; i < 40 && retry == nil; i++ {
			r := send(as(identity), pollURL(coll), pollRequest(coll, el("Poll_Parameters", at("allow_asynch", "true"), el("Response_Type", "COUNT_ONLY"))))
			switch {
			case r.isStatus(stRetry):
				retry = r
			case !r.isStatus(stPending):
				harness.Unsupported("asynchronous polls are not answered PENDING: " + r.describe())
			}
		}
		if retry == nil {
			harness.Unsupported("40 pending asynchronous polls did not make the server answer RETRY")
		}
		expectDetail([]string{"T11S-4.4.1-12", "T11X-3.1-07"}, retry, stRetry, dtEstimatedWait)
		// Leave the server as found: wait out the estimate (bounded) so that later specs can poll.
		wait := 2 * time.Second
		if w := retry.details(dtEstimatedWait); len(w) > 0 {
			if n, err := strconv.Atoi(w[0]); err == nil && n > 0 && n <= 5 {
				wait = time.Duration(n)*time.Second + 100*time.Millisecond
			}
		}
		time.Sleep(wait)
	})

	It("lists the supported message bindings with UNSUPPORTED_MESSAGE", harness.Reqs("T11S-4.4.1-13", "T11X-3.1-07"), func() {
		f := fam()
		u := serviceURL(svcDiscovery)
		h := headersFor(f, isHTTPS(u))
		h.Set("X-TAXII-Content-Type", "urn:example.com:taxii-conform:binding:none")
		h.Set("X-TAXII-Accept", f.MessageBinding)
		x := as(standard).Do(harness.Request{Method: http.MethodPost, URL: u, Header: h, Body: f.marshal(discoveryRequest()), Deliberate: true})
		expectDetail([]string{"T11S-4.4.1-13", "T11X-3.1-07"}, read(x, f), stUnsupportedMessage, dtSupportedBinding)
	})

	It("lists the supported content bindings with UNSUPPORTED_CONTENT", harness.Reqs("T11S-4.4.1-14", "T11X-3.1-07"), func() {
		var coll, identity string
		for _, id := range []string{writer, reader, standard} {
			for _, c := range collections(id) {
				if !c.acceptsAll() && len(c.Polling) > 0 && coll == "" {
					coll, identity = c.Name, id
				}
			}
		}
		if coll == "" {
			harness.Unsupported("every collection takes every content binding, so none can refuse one")
		}
		r := send(as(identity), pollURL(coll), pollRequest(coll, pollParameters(el("Response_Type", "FULL"),
			el("Content_Binding", at("binding_id", "urn:example.com:taxii-conform:binding:none")))))
		expectDetail([]string{"T11S-4.4.1-14", "T11X-3.1-07"}, r, stUnsupportedContent, dtSupportedContent)
	})

	It("lists the supported protocol bindings with UNSUPPORTED_PROTOCOL", harness.Reqs("T11S-4.4.1-15", "T11X-3.1-07"), func() {
		f := fam()
		u := serviceURL(svcDiscovery)
		h := headersFor(f, isHTTPS(u))
		h.Set("X-TAXII-Protocol", "urn:example.com:taxii-conform:protocol:none")
		x := as(standard).Do(harness.Request{Method: http.MethodPost, URL: u, Header: h, Body: f.marshal(discoveryRequest()), Deliberate: true})
		expectDetail([]string{"T11S-4.4.1-15", "T11X-3.1-07"}, read(x, f), stUnsupportedProtocol, dtSupportedProtocol)
	})

	It("lists the supported query formats with UNSUPPORTED_QUERY", harness.Reqs("T11S-4.4.1-16", "T11X-3.1-07"), func() {
		coll := readableCollection()
		r := send(as(standard), pollURL(coll), pollRequest(coll, pollParameters(el("Response_Type", "FULL"), unsupportedQuery())))
		expectDetail([]string{"T11S-4.4.1-16", "T11X-3.1-07"}, r, stUnsupportedQuery, dtSupportedQuery)
	})
})

var _ = Describe("Part 2 §4.4.1.1 Third Party Status Types", func() {
	It("spells third-party status types as URIs naming their authority",
		harness.Reqs("T11S-4.4.1.1-04", "T11S-4.4.1.1-05", "T11S-4.4.1.1-01", "T11S-4.4.1.1-07"), func() {
			rs := tour()
			for _, r := range rs {
				if st := r.statusType(); st != "" && !isCanonicalStatus(st) {
					harness.Note("third-party status type %s", st)
				}
			}
			saw(rs, "Status_Message")
		})
})
