package taxii11

// Part 2 §5.3: content nesting. What a message shows is checked by the validator: no Subtype
// with a nesting expression, no nesting expression outside a Content_Block.

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// wrapperBinding is a content binding of the harness's own for opaque wrapped content.
const wrapperBinding = "urn:example.com:taxii-conform:binding:wrapper"

var _ = Describe("Part 2 §5.3 Content Nesting and Encryption", func() {
	It("sends content blocks with a nesting expression without a Subtype", harness.Reqs("T11S-5.3.2-01"), harness.Writes(), func() {
		coll := writableCollection()
		nested := wrapperBinding + "|" + bindingSTIX12
		if !describeCollection(coll).acceptsAll() {
			harness.Unsupported("collection " + coll + " lists the content it takes, so it takes no wrapped content of the harness's own binding")
		}
		after := contentAfter(coll)
		pkg := newSTIX(bindingSTIX12)
		r := addContent(writer, coll, contentBlock(nested, "", pkg.XML))
		if !r.isStatus(stSuccess) {
			harness.Unsupported("content in the nesting expression " + nested + " was refused: " + r.describe())
		}
		p := after(writer)
		b := p.blockOf(pkg)
		harness.Setup().Expect(b).NotTo(BeNil(), "the wrapped package %s is not in %s", pkg.ID, coll)
		harness.For("T11S-5.3.2-01").Expect(b.find("Content_Binding", "Subtype")).To(BeNil(), "the block with binding %q carries a Subtype", b.child("Content_Binding").at("binding_id"))
	})

	It("uses no nesting expression in Content_Binding fields outside content blocks", harness.Reqs("T11S-5.3.4-01"), func() {
		rs := tour()
		saw(rs, "Discovery_Response")
		saw(rs, "Collection_Information_Response")
	})
})
