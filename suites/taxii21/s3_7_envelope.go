package taxii21

// §3.7 Envelope: STIX content always comes in an envelope whose objects are STIX objects and
// whose properties have their defined types.

import (
	"net/http"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/schemas/json21"
	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// envelopes reads the envelopes of GET objects and GET an object for objects the spec adds:
// one page of several objects, a short page with more, one object, and an empty result.
func envelopes() []*harness.Exchange {
	coll := writableCollection()
	w := as(writerName())
	id, vs := versionsOf(2)
	other := freshIndicator()
	add(append(vs, other)...)
	both := id + "," + other["id"].(string)
	return []*harness.Exchange{
		get(w, withQuery(objectsURL(coll), "match[id]", both, "match[version]", "all")),
		get(w, withQuery(objectsURL(coll), "match[id]", both, "limit", "1")),
		get(w, withQuery(objectURL(coll, id), "match[version]", "all")),
		get(w, withQuery(objectsURL(coll), "match[id]", newID("indicator"))),
	}
}

var _ = Describe("3.7 Envelope Resource", func() {
	It("wraps STIX content in an envelope, never a bare object, a list or a bundle", harness.Reqs("T21-3.7-01"), harness.Writes(), func() {
		for _, x := range envelopes() {
			harness.Setup().Expect(x.Status).To(Equal(http.StatusOK), "GET %s", x.URL)
			v, err := x.JSON()
			harness.For("T21-3.7-01").Expect(err).NotTo(HaveOccurred(), "answer #%d is not JSON", x.Seq)
			m, ok := v.(map[string]any)
			harness.Soft("T21-3.7-01").Expect(ok).To(BeTrue(), "answer #%d is a JSON %T, not an envelope", x.Seq, v)
			if !ok {
				continue
			}
			harness.Soft("T21-3.7-01").Expect(m).NotTo(HaveKey("type"), "answer #%d looks like a STIX object or bundle (it has type %v), not an envelope", x.Seq, m["type"])
			harness.Soft("T21-3.7-01").Expect(m).NotTo(HaveKey("id"), "answer #%d looks like a STIX object or bundle (it has an id), not an envelope", x.Seq)
		}
	})

	It("lists STIX objects in the envelope", harness.Reqs("T21-3.7-03"), harness.Writes(), func() {
		n := 0
		for _, x := range envelopes() {
			body, err := x.Object()
			harness.Setup().Expect(err).NotTo(HaveOccurred(), "answer #%d", x.Seq)
			objs, _ := body["objects"].([]any)
			for i, o := range objs {
				n++
				vs, err := json21.ValidateValue(json21.Object, o)
				harness.Setup().Expect(err).NotTo(HaveOccurred(), "the STIX object check")
				harness.Soft("T21-3.7-03").Expect(vs).To(BeEmpty(), "answer #%d: objects/%d is not a STIX object", x.Seq, i)
				m, _ := o.(map[string]any)
				harness.Soft("T21-3.7-03").Expect(m).To(HaveKeyWithValue("spec_version", "2.1"),
					"answer #%d: objects/%d, added as a STIX 2.1 object, comes back without spec_version 2.1", x.Seq, i)
			}
		}
		harness.Setup().Expect(n).To(BeNumerically(">", 0), "no envelope listed an object")
	})

	It("gives the envelope's properties their defined types", harness.Reqs("T21-3.7-04"), harness.Writes(), func() {
		for _, x := range envelopes() {
			body, err := x.Object()
			harness.Setup().Expect(err).NotTo(HaveOccurred(), "answer #%d", x.Seq)
			if v, ok := body["more"]; ok {
				harness.Soft("T21-3.7-04").Expect(v).To(BeAssignableToTypeOf(true), "answer #%d: more is %#v", x.Seq, v)
			}
			if v, ok := body["next"]; ok {
				harness.Soft("T21-3.7-04").Expect(v).To(BeAssignableToTypeOf(""), "answer #%d: next is %#v", x.Seq, v)
			}
			if v, ok := body["objects"]; ok {
				list, isList := v.([]any)
				harness.Soft("T21-3.7-04").Expect(isList).To(BeTrue(), "answer #%d: objects is %T, not a list", x.Seq, v)
				harness.Soft("T21-3.7-04").Expect(list).NotTo(BeEmpty(), "answer #%d: objects is an empty list", x.Seq)
				for i, o := range list {
					harness.Soft("T21-3.7-04").Expect(o).To(BeAssignableToTypeOf(map[string]any{}), "answer #%d: objects/%d is %T", x.Seq, i, o)
				}
			}
		}
	})
})
