package taxii11

// Part 2 §3.6: the Poll Exchange, the Multi-Part Poll Exchange (§3.6.1) and asynchronous
// polling (§3.6.2).

import (
	"strconv"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// asyncPoll sends a Poll Request that allows asynchronous polling; the spec ends unsupported
// when the server answers it at once (it may: §3.6.2 is its choice).
func asyncPoll(identity, coll string) *reply {
	r := send(as(identity), pollURL(coll), pollRequest(coll, el("Poll_Parameters", at("allow_asynch", "true"), el("Response_Type", "FULL"))))
	if !r.isStatus(stPending) {
		harness.Unsupported("a Poll Request allowing asynchronous polling was not answered PENDING: " + r.describe())
	}
	harness.Setup().Expect(r.details(dtResultID)).NotTo(BeEmpty(), "the PENDING status names no RESULT_ID: %s", r.describe())
	// The validator judges the ID; one that is no URI cannot be named in a valid request.
	id := r.details(dtResultID)[0]
	harness.Setup().Expect(uriProblem(id)).To(BeEmpty(), "the PENDING status's RESULT_ID %q cannot be sent back in a Poll Fulfillment Request", id)
	return r
}

// partNumber reads result_part_number (1 when absent).
func partNumber(r *reply) int {
	v := strings.TrimSpace(r.root.at("result_part_number"))
	if v == "" {
		return 1
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return -1
	}
	return n
}

var _ = Describe("Part 2 §3.6 Poll Exchange", func() {
	It("answers a Poll Request it cannot process with a Status Message signalling failure", harness.Reqs("T11S-3.6-02"), func() {
		coll := readableCollection()
		u := pollURL(coll)
		expectError("T11S-3.6-02", sendBroken(standard, u, brokenBody("Poll_Request")), "a Poll Request that is not well-formed XML")
		expectError("T11S-3.6-02", sendBroken(standard, u, invalidBody("Poll_Request", `collection_name="`+coll+`"`)), "a Poll Request with a field Part 4 does not define")
	})

	It("answers a Poll Request it does not fulfil at once with a refusal or PENDING Status Message",
		harness.Reqs("T11S-3.6-03", "T11S-3.6-01"), func() {
			coll := readableCollection()
			u := pollURL(coll)
			rs := []*reply{
				send(as(standard), u, pollAll(unknownName("collection"), nil, nil)),
				send(as(standard), u, pollRequest(coll, el("Subscription_ID", unknownSubscriptionID()))),
			}
			if harness.Current().HasIdentity(nobody) {
				rs = append(rs, send(as(nobody), u, pollAll(coll, nil, nil)))
			}
			for _, r := range rs {
				if r.is("Poll_Response") {
					harness.Note("served: %s", r.describe())
					continue
				}
				harness.For("T11S-3.6-03").Expect(r.is("Status_Message")).To(BeTrue(), r.describe())
				ok, _ := errorAnswer(r)
				harness.For("T11S-3.6-03").Expect(ok || r.isStatus(stPending)).To(BeTrue(), r.describe())
			}
		})

	It("never answers a Poll Request with a SUCCESS Status Message", harness.Reqs("T11S-3.6-04"), func() {
		coll := readableCollection()
		u := pollURL(coll)
		rs := []*reply{
			send(as(standard), u, pollAll(coll, nil, nil)),
			send(as(standard), u, pollAll(unknownName("collection"), nil, nil)),
			send(as(standard), u, pollRequest(coll, el("Subscription_ID", unknownSubscriptionID()))),
			send(as(standard), u, pollRequest(coll, pollParameters(el("Response_Type", "FULL"), unsupportedQuery()))),
			send(as(standard), u, pollRequest(coll, pollParameters(el("Response_Type", "FULL"),
				el("Content_Binding", at("binding_id", "urn:example.com:taxii-conform:binding:none"))))),
			sendBroken(standard, u, invalidBody("Poll_Request", `collection_name="`+coll+`"`)),
		}
		if harness.Current().HasIdentity(nobody) {
			rs = append(rs, send(as(nobody), u, pollAll(coll, nil, nil)))
		}
		for _, r := range rs {
			harness.Soft("T11S-3.6-04").Expect(r.statusType()).NotTo(Equal(stSuccess), r.describe())
		}
	})
})

var _ = Describe("Part 2 §3.6.1 Multi-Part Poll Exchange", func() {
	It("splits a result only between records and serves each requested part",
		harness.Reqs("T11S-3.6.1-01", "T11S-3.6.1-03", "T11S-2.1.4-02"), harness.Writes(), func() {
			coll, pkgs, p := multipart(25)
			needResultID(p)
			for i, r := range p.answers {
				harness.For("T11S-3.6.1-03").Expect(partNumber(r)).To(Equal(i+1), "answer %d of the result: %s", i+1, r.describe())
			}
			seen := map[string]int{}
			for _, b := range p.blocks {
				content := b.child("Content")
				for _, pkg := range pkgs {
					if !pkg.in(b) {
						continue
					}
					seen[pkg.ID]++
					root, err := parseXML(content.innerXML())
					harness.For("T11S-3.6.1-01").Expect(err).NotTo(HaveOccurred(), "the block of package %s is not whole XML", pkg.ID)
					harness.For("T11S-3.6.1-01").Expect(root.Name).To(Equal("STIX_Package"), "the block of package %s", pkg.ID)
					harness.For("T11S-3.6.1-01").Expect(root.at("id")).To(Equal(pkg.ID), "the block of package %s holds another record", pkg.ID)
				}
			}
			for _, pkg := range pkgs {
				harness.For("T11S-3.6.1-01").Expect(seen[pkg.ID]).To(Equal(1), "package %s appears %d times in the parts", pkg.ID, seen[pkg.ID])
			}
			// Ask for part 2 again: the same records must come back, labelled part 2.
			first := p.answers[0]
			again := send(as(writer), pollURL(coll), pollFulfillment(coll, first.root.at("result_id"), 2))
			harness.For("T11S-3.6.1-03").Expect(again.is("Poll_Response")).To(BeTrue(), "part 2 requested again: %s", again.describe())
			harness.For("T11S-3.6.1-03").Expect(partNumber(again)).To(Equal(2), again.describe())
			harness.For("T11S-3.6.1-03").Expect(blockIDs(again.root)).To(Equal(blockIDs(p.answers[1].root)), "part 2 requested again holds other records")
		})

	It("answers a faulty Poll Fulfillment Request with a Status Message naming the error",
		harness.Reqs("T11S-3.6.1-02"), harness.Writes(), func() {
			coll, _, p := multipart(25)
			needResultID(p)
			u := pollURL(coll)
			id := p.answers[0].root.at("result_id")
			for _, r := range []*reply{
				send(as(writer), u, pollFulfillment(coll, unknownName("result"), 1)),
				send(as(writer), u, pollFulfillment(coll, id, len(p.answers)+5)),
				sendBroken(writer, u, fam().marshal(pollFulfillment(coll, id, 0))),
			} {
				harness.For("T11S-3.6.1-02").Expect(r.is("Status_Message")).To(BeTrue(), r.describe())
				ok, _ := errorAnswer(r)
				harness.For("T11S-3.6.1-02").Expect(ok).To(BeTrue(), r.describe())
			}
			// An error does not spoil the result set (§3.6.1): part 1 is still there.
			r := send(as(writer), u, pollFulfillment(coll, id, 1))
			if !r.is("Poll_Response") {
				harness.Note("after faulty requests, part 1 of result %s: %s", id, r.describe())
			}
		})
})

// needResultID ends the spec as an error when a multi-part result cannot be fetched further
// (the Poll Response specs judge the missing result_id).
func needResultID(p polled) {
	harness.Setup().Expect(p.answers[0].root.at("result_id")).NotTo(BeEmpty(), "a multi-part result without result_id: %s", p.answers[0].describe())
	harness.Setup().Expect(len(p.answers)).To(BeNumerically(">=", 2), "only one part of a multi-part result came back")
}

// blockIDs lists the STIX package ids of a Poll Response's blocks, in order.
func blockIDs(root *elem) []string {
	var out []string
	for _, b := range root.children("Content_Block") {
		if c, err := parseXML(b.child("Content").innerXML()); err == nil {
			out = append(out, c.at("id"))
		} else {
			out = append(out, "?")
		}
	}
	return out
}

var _ = Describe("Part 2 §3.6.2 Asynchronous Polling", func() {
	It("answers a faulty Poll Fulfillment Request for an asynchronous result with a Status Message",
		harness.Reqs("T11S-3.6.2.1-01", "T11S-3.6.2.1-04"), func() {
			coll := readableCollection()
			pending := asyncPoll(standard, coll)
			id := pending.details(dtResultID)[0]
			u := pollURL(coll)
			for _, r := range []*reply{
				sendBroken(standard, u, fam().marshal(pollFulfillment(coll, id, 0))),
				send(as(standard), u, pollFulfillment(unknownName("collection"), id, 1)),
			} {
				harness.For("T11S-3.6.2.1-01").Expect(r.is("Status_Message")).To(BeTrue(), r.describe())
				ok, _ := errorAnswer(r)
				harness.For("T11S-3.6.2.1-01").Expect(ok).To(BeTrue(), r.describe())
			}
		})

	It("answers ASYNCHRONOUS_POLL_ERROR for a result set that does not exist", harness.Reqs("T11S-3.6.2.1-02"), func() {
		coll := readableCollection()
		asyncPoll(standard, coll)
		r := send(as(standard), pollURL(coll), pollFulfillment(coll, unknownName("result"), 1))
		if r.isStatus(stFailure) {
			harness.Note("FAILURE instead of ASYNCHRONOUS_POLL_ERROR (allowed, Part 2 §4.4.1)")
			return
		}
		harness.For("T11S-3.6.2.1-02").Expect(r.statusType()).To(Equal(stAsyncPollError), r.describe())
	})

	It("answers PENDING with a fresh estimate while an asynchronous result is being prepared", harness.Reqs("T11S-3.6.2.1-03"), func() {
		coll := readableCollection()
		sync := poll(standard, coll, pollAll(coll, nil, nil))
		expectMessage(sync.answers[0], "Poll_Response", "polling "+coll+" at once")
		pending := asyncPoll(standard, coll)
		id := pending.details(dtResultID)[0]
		r := send(as(standard), pollURL(coll), pollFulfillment(coll, id, 1))
		if r.is("Poll_Response") {
			// Ready already: then it is the result, which holds what the same poll made at
			// once holds (nothing was added in between).
			harness.Note("the result was ready at once: %s", r.describe())
			if len(sync.blocks) > 0 {
				harness.For("T11S-3.6.2.1-03").Expect(r.root.children("Content_Block")).NotTo(BeEmpty(),
					"the answer holds no record, but the same poll made at once returned %d", len(sync.blocks))
			}
			return
		}
		harness.For("T11S-3.6.2.1-03").Expect(r.statusType()).To(Equal(stPending), r.describe())
		harness.For("T11S-3.6.2.1-03").Expect(r.details(dtEstimatedWait)).NotTo(BeEmpty(), "the PENDING status gives no estimate: %s", r.describe())
		harness.For("T11S-3.6.2.1-03").Expect(r.details(dtResultID)).To(ContainElement(id), r.describe())
	})
})
