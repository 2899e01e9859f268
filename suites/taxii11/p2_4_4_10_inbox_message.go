package taxii11

// Part 2 §4.4.10: the Inbox Messages a server pushes to a subscriber's Inbox Service (here the
// harness's own), for a Data Feed and for a Data Set.

import (
	"fmt"
	"strconv"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// pushedTo subscribes the identity to a collection with delivery to a fresh harness inbox,
// has the writer identity add packages, and returns the subscription and the Inbox Messages
// that brought them. A server that will not push to the harness ends the spec as unsupported.
func pushedTo(reader, writerID, coll string) (subRec, []pushed) {
	needPush()
	in := startInbox()
	r := subscribeAs(reader, coll, subParams(responseType("FULL")), in.params("Push_Parameters"))
	if ok, how := errorAnswer(r); ok {
		harness.Unsupported(fmt.Sprintf("the server refused to push %s to the harness's inbox %s (%s)", coll, in.address(), how))
	}
	subs := subscriptionsIn(r)
	harness.Setup().Expect(subs).To(HaveLen(1), "subscribing to %s with Push_Parameters: %s", coll, r.describe())
	s := subs[0]
	if s.Push == nil {
		harness.Unsupported("the subscription was accepted without Push_Parameters, so the server will not push its content (§4.4.7)")
	}
	pkgs := addPackagesAs(writerID, coll, 2)
	msgs, err := awaitPackages(in, pkgs...)
	harness.Setup().Expect(err).NotTo(HaveOccurred(), "waiting for subscription %s to push packages %s to %s", s.ID, joinIDs(pkgs), in.address())
	checkPushedSchema(msgs)
	return s, msgs
}

// checkPushedSchema validates pushed messages as the harness validates every answer: a
// violation of a requirement the spec carries fails it, others are noted.
func checkPushedSchema(msgs []pushed) {
	v, err := schemaValidator()
	if err != nil {
		harness.Errorf("loading the schemas: %v", err)
	}
	labels := CurrentSpecReport().Labels()
	for _, m := range msgs {
		res, err := v.Validate(m.Body)
		if err != nil {
			harness.Errorf("validating a pushed message: %v", err)
		}
		vios := append(res.Violations, messageProblems(m.Root, nil)...)
		for _, vi := range vios {
			mine := false
			for _, l := range labels {
				mine = mine || l == vi.Requirement
			}
			if mine {
				harness.Soft(vi.Requirement).Expect(vi.String()).To(BeEmpty(), "a pushed Inbox Message breaks the schema")
			} else {
				harness.Note("a pushed Inbox Message: %s", vi.String())
			}
		}
	}
}

var _ = Describe("Part 2 §4.4.10 Inbox Message", func() {
	It("pushed for a Data Feed subscription names the collection and subscription, states the end of its range and counts its records",
		harness.Reqs("T11S-4.4.10-01", "T11S-4.4.10-02", "T11S-4.4.10-04", "T11S-4.4.10-06"), harness.Writes(), func() {
			coll := feedCollection()
			s, msgs := pushedTo(writer, writer, coll)
			for _, m := range msgs {
				src := m.Root.child("Source_Subscription")
				harness.For("T11S-4.4.10-01").Expect(src).NotTo(BeNil(), "an Inbox Message sent for subscription %s has no Source_Subscription", s.ID)
				harness.Soft("T11S-4.4.10-01").Expect(src.at("collection_name")).To(Equal(coll), "Source_Subscription collection_name")
				harness.Soft("T11S-4.4.10-01").Expect(src.childText("Subscription_ID")).To(Equal(s.ID), "Source_Subscription Subscription_ID")
				harness.Soft("T11S-4.4.10-02").Expect(len(beginFields(src))).To(BeNumerically("<=", 1), "begin label fields %v", beginFields(src))
				harness.Soft("T11S-4.4.10-04").Expect(src.child("Inclusive_End_Timestamp")).NotTo(BeNil(), "a Data Feed's Source_Subscription without Inclusive_End_Timestamp")
				if rc := m.Root.child("Record_Count"); rc != nil {
					n, err := strconv.ParseUint(rc.text(), 10, 64)
					blocks := len(m.Root.children("Content_Block"))
					harness.Soft("T11S-4.4.10-06").Expect(err).NotTo(HaveOccurred(), "Record_Count %q is not a count", rc.text())
					harness.Soft("T11S-4.4.10-06").Expect(n).To(BeNumerically(">=", blocks), "Record_Count %d with %d content blocks", n, blocks)
				}
			}
		})

	It("pushed for a subscription carries a Record Count and states its lower bound with the Exclusive label",
		harness.Reqs("T11S-4.4.10-07", "T11S-4.4.10-09"), harness.Writes(), func() {
			coll := writableCollection()
			_, msgs := pushedTo(writer, writer, coll)
			for _, m := range msgs {
				harness.Soft("T11S-4.4.10-07").Expect(m.Root.child("Record_Count")).NotTo(BeNil(), "a pushed Inbox Message without Record_Count")
				if src := m.Root.child("Source_Subscription"); src != nil && src.child("Exclusive_Begin_Timestamp") == nil {
					// Both fields at once break T11S-4.4.10-02; this one asks for the Exclusive field.
					harness.Soft("T11S-4.4.10-09").Expect(src.child("Inclusive_Begin_Timestamp")).To(BeNil(), "the lower bound is stated with the deprecated Inclusive_Begin_Timestamp in Source_Subscription")
				}
			}
		})

	It("pushed for a Data Set subscription carries no Timestamp Labels of range", harness.Reqs("T11S-4.4.10-03", "T11S-4.4.10-05"), harness.Writes(), func() {
		ds := readableDataSet()
		if ds.Writer == "" {
			harness.Disable("no identity of the profile is known to write to Data Set " + ds.Name)
		}
		_, msgs := pushedTo(ds.Reader, ds.Writer, ds.Name)
		for _, m := range msgs {
			src := m.Root.child("Source_Subscription")
			harness.Setup().Expect(src).NotTo(BeNil(), "an Inbox Message sent for a subscription has no Source_Subscription")
			harness.Soft("T11S-4.4.10-03").Expect(beginFields(src)).To(BeEmpty(), "a Data Set's Source_Subscription")
			harness.Soft("T11S-4.4.10-05").Expect(src.child("Inclusive_End_Timestamp")).To(BeNil(), "a Data Set's Source_Subscription")
		}
	})
})
