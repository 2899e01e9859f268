package taxii11

// Part 4 §3.3: the Discovery Response, as the validator checks it, plus the one SHOULD NOT
// about Content_Binding outside Inbox services.

import (
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

var _ = Describe("Part 4 §3.3 TAXII Discovery Response", func() {
	It("describes each service instance with the fields Table 5 requires",
		harness.Reqs("T11X-3.3-01", "T11X-3.3-03", "T11X-3.3-04", "T11X-3.3-05", "T11X-3.3-07", "T11X-3.3-08", "T11X-3.3-11"), func() {
			u := serviceURL(svcDiscovery)
			rs := []*reply{send(as(standard), u, discoveryRequest()), send(as(anon), u, discoveryRequest())}
			saw(rs, "Discovery_Response")
		})

	It("lists content bindings only for Inbox service instances", harness.Reqs("T11X-3.3-09"), func() {
		r := send(as(standard), serviceURL(svcDiscovery), discoveryRequest())
		expectMessage(r, "Discovery_Response", "discovery")
		for _, si := range r.root.children("Service_Instance") {
			if t := strings.TrimSpace(si.at("service_type")); t != svcInbox {
				harness.Soft("T11X-3.3-09").Expect(si.children("Content_Binding")).To(BeEmpty(),
					"the %s instance at %s lists Content_Binding", t, si.childText("Address"))
			}
		}
	})
})
