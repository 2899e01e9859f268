package taxii11

// Part 2 §4.4.5: the Collection Information Response and each collection's description.

import (
	"fmt"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// collectionRecords asks the Collection Management Service for the collections the writer
// sees and returns the Collection elements (possibly none, which §4.4.5 allows).
func collectionRecords() []*elem {
	r := send(as(writer), serviceURL(svcCollection), collectionInfoRequest())
	expectMessage(r, "Collection_Information_Response", "a Collection Information Request")
	list := r.root.children("Collection")
	if len(list) == 0 {
		harness.Note("the Collection Information Response lists no collection, which §4.4.5 allows")
	}
	return list
}

var _ = Describe("Part 2 §4.4.5 Collection Information Response", func() {
	It("gives every collection a name and a description", harness.Reqs("T11S-4.4.5-02"), func() {
		for _, c := range collectionRecords() {
			g := harness.Soft("T11S-4.4.5-02")
			name, ok := c.attr("collection_name")
			g.Expect(ok && name != "").To(BeTrue(), "the Collection at line %d has no collection_name", c.Line)
			g.Expect(c.child("Description")).NotTo(BeNil(), "collection %q (line %d) has no Description", name, c.Line)
		}
	})

	It("names supported content by Content Binding IDs and Subtype IDs", harness.Reqs("T11S-4.4.5-03", "T11S-4.4.5-04"), func() {
		for _, c := range collectionRecords() {
			checkBindingIDs(c, fmt.Sprintf("collection %q", c.at("collection_name")), "T11S-4.4.5-03", "T11S-4.4.5-04")
		}
	})

	It("describes each Push Method by a protocol binding and message bindings",
		harness.Reqs("T11S-4.4.5-06", "T11S-4.4.5-07", "T11S-4.4.5-08"), func() {
			for _, c := range collectionRecords() {
				for _, pm := range c.children("Push_Method") {
					checkEndpoint(pm, fmt.Sprintf("a Push_Method of collection %q", c.at("collection_name")),
						endpointReqs{fields: "T11S-4.4.5-06", protocol: "T11S-4.4.5-07", binding: "T11S-4.4.5-08"})
				}
			}
		})

	It("describes each Polling Service by a protocol binding, an address of its form and message bindings",
		harness.Reqs("T11S-4.4.5-10", "T11S-4.4.5-11", "T11S-4.4.5-12", "T11S-4.4.5-13"), func() {
			for _, c := range collectionRecords() {
				for _, ps := range c.children("Polling_Service") {
					checkEndpoint(ps, fmt.Sprintf("a Polling_Service of collection %q", c.at("collection_name")),
						endpointReqs{fields: "T11S-4.4.5-10", protocol: "T11S-4.4.5-11", address: "T11S-4.4.5-12", binding: "T11S-4.4.5-13"})
				}
			}
		})

	It("describes each Subscription Method by a protocol binding, an address of its form and message bindings",
		harness.Reqs("T11S-4.4.5-14", "T11S-4.4.5-15", "T11S-4.4.5-16", "T11S-4.4.5-17"), func() {
			for _, c := range collectionRecords() {
				for _, ss := range c.children("Subscription_Service") {
					checkEndpoint(ss, fmt.Sprintf("a Subscription_Service of collection %q", c.at("collection_name")),
						endpointReqs{fields: "T11S-4.4.5-14", protocol: "T11S-4.4.5-15", address: "T11S-4.4.5-16", binding: "T11S-4.4.5-17"})
				}
			}
		})

	It("describes each Receiving Inbox Service by a protocol binding, an address of its form, message bindings and content binding IDs",
		harness.Reqs("T11S-4.4.5-20", "T11S-4.4.5-21", "T11S-4.4.5-22", "T11S-4.4.5-23", "T11S-4.4.5-24", "T11S-4.4.5-25"), func() {
			for _, c := range collectionRecords() {
				for _, in := range c.children("Receiving_Inbox_Service") {
					what := fmt.Sprintf("a Receiving_Inbox_Service of collection %q", c.at("collection_name"))
					checkEndpoint(in, what, endpointReqs{fields: "T11S-4.4.5-20", protocol: "T11S-4.4.5-21", address: "T11S-4.4.5-22", binding: "T11S-4.4.5-23"})
					checkBindingIDs(in, what, "T11S-4.4.5-24", "T11S-4.4.5-25")
				}
			}
		})
})
