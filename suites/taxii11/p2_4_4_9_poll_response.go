package taxii11

// Part 2 §4.4.9: the Poll Response, whether it answers a Poll Request, a part of a multi-part
// result, or an asynchronous result collected with a Poll Fulfillment Request.

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// beginFields lists the begin label fields a Poll Response or Source_Subscription carries:
// Exclusive_Begin_Timestamp of the XML binding and Inclusive_Begin_Timestamp, the deprecated
// TAXII 1.0 field the XML binding of 1.1 no longer has.
func beginFields(e *elem) []string {
	var out []string
	for _, k := range e.Kids {
		if k.Name == "Exclusive_Begin_Timestamp" || k.Name == "Inclusive_Begin_Timestamp" {
			out = append(out, k.Name)
		}
	}
	return out
}

// maxAsyncWait bounds how long a spec waits for an asynchronous result.
const maxAsyncWait = 8 * time.Second

// fulfil waits for a PENDING result and collects its first part with a Poll Fulfillment
// Request; it returns the last answer (a Poll Response, or the last PENDING when the wait ran
// out).
func fulfil(identity, coll string, pending *reply) *reply {
	u := pollURL(coll)
	ids := pending.details(dtResultID)
	harness.Setup().Expect(ids).NotTo(BeEmpty(), "a PENDING answer without RESULT_ID: %s", pending.describe())
	harness.Setup().Expect(uriProblem(ids[0])).To(BeEmpty(), "the PENDING answer's RESULT_ID %q cannot be sent back in a Poll Fulfillment Request", ids[0])
	deadline := time.Now().Add(maxAsyncWait)
	r := pending
	for r.isStatus(stPending) && time.Now().Before(deadline) {
		wait := time.Second
		if w := r.details(dtEstimatedWait); len(w) > 0 {
			if n, err := strconv.Atoi(strings.TrimSpace(w[0])); err == nil && n > 0 {
				wait = time.Duration(n) * time.Second
			}
		}
		if left := time.Until(deadline); wait > left {
			wait = left
		}
		time.Sleep(wait)
		r = send(as(identity), u, pollFulfillment(coll, ids[0], 1))
	}
	return r
}

var _ = Describe("Part 2 §4.4.9 Poll Response", func() {
	It("names the polled collection, also for results collected later", harness.Reqs("T11S-4.4.9-02"), harness.Writes(), func() {
		coll := readableCollection()
		g := harness.Soft("T11S-4.4.9-02")
		p := poll(standard, coll, pollAll(coll, nil, nil))
		expectMessage(p.answers[0], "Poll_Response", "polling "+coll)
		for _, a := range p.answers {
			g.Expect(a.root.at("collection_name")).To(Equal(coll), "a Poll Response to a poll of %s: %s", coll, a.describe())
		}
		s := mustSubscribeAs(writer, coll, subParams(responseType("FULL")), node{})
		bySub := send(as(writer), pollURL(coll), pollRequest(coll, el("Subscription_ID", s.ID)))
		expectMessage(bySub, "Poll_Response", "polling subscription "+s.ID)
		g.Expect(bySub.root.at("collection_name")).To(Equal(coll), "the Poll Response to a poll of subscription %s", s.ID)

		async := send(as(writer), pollURL(coll), pollRequest(coll, el("Poll_Parameters", at("allow_asynch", "true"), el("Response_Type", "FULL"))))
		if async.isStatus(stPending) {
			r := fulfil(writer, coll, async)
			if r.is("Poll_Response") {
				g.Expect(r.root.at("collection_name")).To(Equal(coll), "the Poll Response to a Poll Fulfillment Request: %s", r.describe())
			} else {
				harness.Note("the asynchronous result was not collected within %v: %s", maxAsyncWait, r.describe())
			}
		}
	})

	It("carries at most one begin Timestamp Label, the Exclusive one, for a Data Feed",
		harness.Reqs("T11S-4.4.9-03", "T11S-4.4.9-11"), func() {
			coll := readableFeed()
			since := farPast
			for _, p := range []polled{poll(standard, coll, pollAll(coll, nil, nil)), poll(standard, coll, pollAll(coll, &since, nil))} {
				expectMessage(p.answers[0], "Poll_Response", "polling data feed "+coll)
				for _, a := range p.answers {
					b := beginFields(a.root)
					harness.Soft("T11S-4.4.9-03").Expect(len(b)).To(BeNumerically("<=", 1), "begin label fields %v in %s", b, a.describe())
					harness.Soft("T11S-4.4.9-11").Expect(len(b)).To(BeNumerically("<=", 1), "the lower bound must be stated with exactly one field, not %v", b)
				}
			}
		})

	It("states a Data Feed's lower bound with the Exclusive Begin Timestamp Label", harness.Reqs("T11S-4.4.9-13"), func() {
		coll := readableFeed()
		since := farPast
		p := poll(standard, coll, pollAll(coll, &since, nil))
		expectMessage(p.answers[0], "Poll_Response", "polling data feed "+coll)
		for _, a := range p.answers {
			// Both fields at once break §4.4.9's other rules (T11S-4.4.9-03); this one asks
			// that the lower bound be stated with the Exclusive field.
			if a.root.child("Exclusive_Begin_Timestamp") == nil {
				harness.Soft("T11S-4.4.9-13").Expect(a.root.child("Inclusive_Begin_Timestamp")).To(BeNil(),
					"the lower bound is stated with the deprecated Inclusive_Begin_Timestamp in %s", a.describe())
			}
		}
	})

	It("carries no Timestamp Labels of range for a Data Set", harness.Reqs("T11S-4.4.9-04", "T11S-4.4.9-06"), harness.Writes(), func() {
		ds := readableDataSet()
		fillDataSet(ds)
		for _, req := range []node{pollAll(ds.Name, nil, nil), pollAll(ds.Name, &farPast, &farFuture)} {
			p := poll(ds.Reader, ds.Name, req)
			expectMessage(p.answers[0], "Poll_Response", "polling Data Set "+ds.Name)
			for _, a := range p.answers {
				harness.Soft("T11S-4.4.9-04").Expect(beginFields(a.root)).To(BeEmpty(), "a Poll Response for Data Set %s: %s", ds.Name, a.describe())
				harness.Soft("T11S-4.4.9-06").Expect(a.root.child("Inclusive_End_Timestamp")).To(BeNil(), "a Poll Response for Data Set %s: %s", ds.Name, a.describe())
			}
		}
	})

	It("carries the Inclusive End Timestamp Label for a Data Feed, in every part", harness.Reqs("T11S-4.4.9-05"), func() {
		coll := readableFeed()
		polls := []polled{poll(standard, coll, pollAll(coll, nil, nil)), poll(standard, coll, pollAll(coll, &farPast, nil))}
		for _, p := range polls {
			expectMessage(p.answers[0], "Poll_Response", "polling data feed "+coll)
			for _, a := range p.answers {
				harness.Soft("T11S-4.4.9-05").Expect(a.root.child("Inclusive_End_Timestamp")).NotTo(BeNil(), "a Poll Response for Data Feed %s: %s", coll, a.describe())
			}
		}
		async := send(as(standard), pollURL(coll), pollRequest(coll, el("Poll_Parameters", at("allow_asynch", "true"), el("Response_Type", "FULL"))))
		if async.isStatus(stPending) {
			if r := fulfil(standard, coll, async); r.is("Poll_Response") {
				harness.Soft("T11S-4.4.9-05").Expect(r.root.child("Inclusive_End_Timestamp")).NotTo(BeNil(), "an asynchronous result for Data Feed %s: %s", coll, r.describe())
			}
		}
	})

	It("gives a Result ID with more parts to come and counts at least the records it carries, across a multi-part result",
		harness.Reqs("T11S-4.4.9-07", "T11S-4.4.9-08"), harness.Writes(), func() {
			coll := writableCollection()
			mark := feedMarkOrNil(coll)
			pkgs := addPackages(coll, 45)
			req := pollAll(coll, mark, nil)
			// The parts are followed here rather than with poll(), which stops at a part
			// without result_id: that is what this spec judges.
			u := pollURL(coll)
			r := send(as(writer), u, req)
			expectMessage(r, "Poll_Response", "polling "+coll)
			answers := []*reply{r}
			var blocks []*elem
			multi, complete := false, false
			for part := 1; ; part++ {
				more := isTrue(r.root.at("more"))
				multi = multi || more
				id := strings.TrimSpace(r.root.at("result_id"))
				blocks = append(blocks, r.root.children("Content_Block")...)
				if more {
					harness.Soft("T11S-4.4.9-07").Expect(id).NotTo(BeEmpty(), "more=\"true\" without result_id: %s", r.describe())
				}
				if !more || uriProblem(id) != "" || part >= maxParts {
					// A result_id that is no URI cannot be named in a valid request (the
					// validator judges it).
					complete = !more
					break
				}
				r = send(as(writer), u, pollFulfillment(coll, id, part+1))
				expectMessage(r, "Poll_Response", fmt.Sprintf("fetching part %d of result %s", part+1, id))
				answers = append(answers, r)
			}
			p := polled{answers: answers, blocks: blocks}
			if complete {
				harness.Setup().Expect(p.has(pkgs...)).To(HaveLen(len(pkgs)), "the 45 packages just added should all be in the result")
			}
			for _, a := range p.answers {
				blocks := len(a.root.children("Content_Block"))
				if rc := a.root.child("Record_Count"); rc != nil {
					n, err := strconv.ParseUint(rc.text(), 10, 64)
					harness.Soft("T11S-4.4.9-08").Expect(err).NotTo(HaveOccurred(), "Record_Count %q is not a count", rc.text())
					harness.Soft("T11S-4.4.9-08").Expect(n).To(BeNumerically(">=", blocks), "Record_Count %d with %d content blocks in %s", n, blocks, a.describe())
				}
			}
			if !multi {
				harness.Note("the result of %d records came in one part", len(p.blocks))
			}
		})

	It("carries a Record Count in every Poll Response", harness.Reqs("T11S-4.4.9-09"), func() {
		coll := readableCollection()
		p := poll(standard, coll, pollAll(coll, nil, nil))
		expectMessage(p.answers[0], "Poll_Response", "polling "+coll)
		count := send(as(standard), pollURL(coll), pollRequest(coll, pollParameters(el("Response_Type", "COUNT_ONLY"))))
		answers := p.answers
		if count.is("Poll_Response") {
			answers = append(answers, count)
		}
		for _, a := range answers {
			harness.Soft("T11S-4.4.9-09").Expect(a.root.child("Record_Count")).NotTo(BeNil(), "a Poll Response without Record_Count: %s", a.describe())
		}
	})
})
