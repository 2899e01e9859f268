package taxii11

// Part 2 §2.1: each service type supports its exchange.

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

var _ = Describe("Part 2 §2.1 Service Definitions", func() {
	It("a Discovery Service answers a Discovery Request with a Discovery Response", harness.Reqs("T11S-2.1.1-01"), func() {
		// In either family, without relying on what the harness learnt from discovery.
		var answers []string
		for _, f := range families {
			r := sendAs(as(standard), f, discoveryURL(), discoveryRequest())
			if r.is("Discovery_Response") {
				return
			}
			answers = append(answers, r.describe())
		}
		harness.For("T11S-2.1.1-01").Expect(answers).To(BeEmpty(), "no Discovery Request got a Discovery Response")
	})

	It("a Collection Management Service supports the Collection Information or the Subscription Management Exchange",
		harness.Reqs("T11S-2.1.2-01", "T11S-2.1.2-02"), func() {
			u := serviceURL(svcCollection)
			info := send(as(writer), u, collectionInfoRequest())
			if info.is("Collection_Information_Response") {
				return
			}
			// Without collection information, the service must manage subscriptions: a STATUS
			// request changes nothing and needs no collection of its own.
			harness.Note("no Collection Information Response (%s); trying the Subscription Management Exchange", info.describe())
			coll := readableCollection()
			sub := send(as(writer), u, subscriptionRequest("STATUS", coll))
			harness.For("T11S-2.1.2-01").Expect(sub.is("Subscription_Management_Response")).To(BeTrue(),
				"the service answered neither exchange with its response message: %s; %s", info.describe(), sub.describe())
		})

	It("an Inbox Service accepts an Inbox Message with a Status Message", harness.Reqs("T11S-2.1.3-01"), harness.Writes(), func() {
		coll := writableCollection()
		b, _ := stixBlock(bindingSTIX12)
		r := addContent(writer, coll, b)
		harness.For("T11S-2.1.3-01").Expect(r.is("Status_Message")).To(BeTrue(), r.describe())
		harness.For("T11S-2.1.3-01").Expect(r.statusType()).To(Equal(stSuccess),
			"a well-formed Inbox Message with one STIX 1.2 package for collection %s, which the writer may write: %s", coll, r.describe())
	})

	It("a Poll Service answers a Poll Request with a Poll Response", harness.Reqs("T11S-2.1.4-01", "T11S-2.1.4-02"), func() {
		coll := readableCollection()
		r := send(as(standard), pollURL(coll), pollAll(coll, nil, nil))
		harness.For("T11S-2.1.4-01").Expect(r.is("Poll_Response")).To(BeTrue(),
			"a synchronous Poll Request for all of collection %s: %s", coll, r.describe())
	})
})
