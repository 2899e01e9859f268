package taxii11

// Part 2 §4.5: the Content Block.

import (
	"bytes"

	"github.com/google/uuid"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

var _ = Describe("Part 2 §4.5 TAXII Content Block", func() {
	It("sends content blocks with a Content Binding and Content, subtypes as Subtype IDs",
		harness.Reqs("T11S-4.5-01", "T11S-4.5-02"), func() {
			coll := readableCollection()
			p := poll(standard, coll, pollAll(coll, nil, nil))
			saw(p.answers, "Poll_Response")
			harness.Setup().Expect(p.blocks).NotTo(BeEmpty(), "collection %s holds no content to check", coll)
		})

	It("ignores Padding: a block with Padding is taken and its content kept unchanged", harness.Reqs("T11S-4.5-03"), harness.Writes(), func() {
		coll := writableCollection()
		after := contentAfter(coll)
		pkg := newSTIX(bindingSTIX12)
		if !describeCollection(coll).accepts(bindingSTIX12) {
			pkg = newSTIX(bindingSTIX111)
		}
		pad := "taxii-conform-padding-" + uuid.NewString()
		// A package without Padding, sent first, shows that new content can be found at all.
		witness := newSTIX(pkg.Binding)
		w := addContent(writer, coll, contentBlock(witness.Binding, "", witness.XML))
		harness.Setup().Expect(w.isStatus(stSuccess)).To(BeTrue(), "a content block without Padding: %s", w.describe())
		r := addContent(writer, coll, contentBlock(pkg.Binding, "", pkg.XML, el("Padding", pad)))
		harness.For("T11S-4.5-03").Expect(r.isStatus(stSuccess)).To(BeTrue(), "a content block with Padding: %s", r.describe())
		shown := after(writer)
		shown.requireShown(coll, witness)
		b := shown.blockOf(pkg)
		harness.For("T11S-4.5-03").Expect(b).NotTo(BeNil(), "package %s, sent with Padding, is not in %s", pkg.ID, coll)
		content := b.child("Content").innerXML()
		harness.For("T11S-4.5-03").Expect(bytes.Contains(content, []byte(pad))).To(BeFalse(), "the padding became part of the content")
		got, err := parseXML(content)
		harness.For("T11S-4.5-03").Expect(err).NotTo(HaveOccurred(), "the stored content is not the XML sent")
		harness.For("T11S-4.5-03").Expect(got.find("STIX_Header", "Title").text()).To(Equal(pkg.Title), "the stored content changed")
	})
})
