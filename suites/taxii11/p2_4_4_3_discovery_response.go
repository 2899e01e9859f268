package taxii11

// Part 2 §4.4.3: the Discovery Response and its Service Instances.

import (
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// discoveryInstances sends a Discovery Request and returns its Service_Instance elements; the
// answer must be a Discovery Response (other specs judge that), which may list no instance.
func discoveryInstances() []*elem {
	r := send(as(standard), serviceURL(svcDiscovery), discoveryRequest())
	expectMessage(r, "Discovery_Response", "a Discovery Request")
	list := r.root.children("Service_Instance")
	if len(list) == 0 {
		harness.Note("the Discovery Response lists no service instance, which §4.4.3 allows")
	}
	return list
}

var _ = Describe("Part 2 §4.4.3 Discovery Response", func() {
	It("describes each service instance by type, services version, protocol binding, address and message bindings",
		harness.Reqs("T11S-4.4.3-02", "T11S-4.4.3-03", "T11S-4.4.3-04", "T11S-4.4.3-05", "T11S-4.4.3-06"), func() {
			for _, si := range discoveryInstances() {
				what := "Service_Instance " + si.at("service_type") + " at " + si.childText("Address")
				fields := harness.Soft("T11S-4.4.3-02")
				fields.Expect(si.at("service_type")).NotTo(BeEmpty(), "%s has no service_type", what)
				fields.Expect(si.at("service_version")).NotTo(BeEmpty(), "%s has no service_version", what)
				if v := strings.TrimSpace(si.at("service_version")); v != "" {
					harness.Soft("T11S-4.4.3-03").Expect(familyByServices(v) != nil || v == servicesTAXII10).To(BeTrue(),
						"%s: service_version %q is not a TAXII Services Version ID (%s, %s or %s)", what, v, fam111.Services, fam11.Services, servicesTAXII10)
				}
				checkEndpoint(si, what, endpointReqs{fields: "T11S-4.4.3-02", protocol: "T11S-4.4.3-04", address: "T11S-4.4.3-05", binding: "T11S-4.4.3-06"})
			}
		})

	It("lists Supported Query formats once each, each with a Query Format ID",
		harness.Reqs("T11S-4.4.3-10", "T11S-4.4.3-11"), func() {
			n := 0
			for _, si := range discoveryInstances() {
				seen := map[string]bool{}
				for _, sq := range si.children("Supported_Query") {
					n++
					id, ok := sq.attr("format_id")
					id = strings.TrimSpace(id)
					harness.Soft("T11S-4.4.3-11").Expect(ok && id != "").To(BeTrue(),
						"Supported_Query at line %d of the %s instance has no format_id", sq.Line, si.at("service_type"))
					if id == "" {
						continue
					}
					harness.Soft("T11S-4.4.3-10").Expect(seen[id]).To(BeFalse(),
						"the %s instance at %s lists query format %s more than once", si.at("service_type"), si.childText("Address"), id)
					seen[id] = true
				}
			}
			if n == 0 {
				harness.Note("no service instance lists a Supported_Query")
			}
		})

	It("lists Supported Query only on Collection Management and Poll service instances",
		harness.Reqs("T11S-4.4.3-07"), func() {
			for _, si := range discoveryInstances() {
				t := strings.TrimSpace(si.at("service_type"))
				if t == svcCollection || t == svcPoll {
					continue
				}
				harness.Soft("T11S-4.4.3-07").Expect(si.children("Supported_Query")).To(BeEmpty(),
					"the %s instance at %s lists Supported_Query", t, si.childText("Address"))
			}
		})

	It("lists accepted content only on Inbox service instances",
		harness.Reqs("T11S-4.4.3-12"), func() {
			for _, si := range discoveryInstances() {
				t := strings.TrimSpace(si.at("service_type"))
				if t == svcInbox {
					continue
				}
				harness.Soft("T11S-4.4.3-12").Expect(si.children("Content_Binding")).To(BeEmpty(),
					"the %s instance at %s lists Content_Binding (Inbox Service Accepted Content)", t, si.childText("Address"))
			}
		})

	It("names accepted content of Inbox instances by Content Binding IDs and Subtype IDs",
		harness.Reqs("T11S-4.4.3-14", "T11S-4.4.3-15"), func() {
			n := 0
			for _, si := range discoveryInstances() {
				if strings.TrimSpace(si.at("service_type")) != svcInbox {
					continue
				}
				n += len(si.children("Content_Binding"))
				checkBindingIDs(si, "the Inbox instance at "+si.childText("Address"), "T11S-4.4.3-14", "T11S-4.4.3-15")
			}
			if n == 0 {
				harness.Note("no Inbox instance lists accepted content (absence means it accepts every binding)")
			}
		})
})
