package taxii21

// §7.1.1 Custom properties: any property of a TAXII resource that its table does not define
// is a custom one, whose name follows the naming rules; a server either ignores the custom
// properties of what it receives or refuses them with 422.

import (
	"net/http"
	"regexp"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

var (
	asciiRE      = regexp.MustCompile(`^[\x00-\x7f]*$`)
	customCharRE = regexp.MustCompile(`^[a-z0-9_]*$`)
	// customPrefixRE: x_, a source-unique part, an underscore, then the name.
	customPrefixRE = regexp.MustCompile(`^x_[a-z0-9]+(_[a-z0-9]+)*_[a-z0-9_]+$`)
)

var _ = Describe("7.1 Custom Properties", func() {
	It("names custom properties in lower-case ASCII letters, digits and underscores, 3 to 250 long, prefixed x_",
		harness.Reqs("T21-7.1.1-01", "T21-7.1.1-02", "T21-7.1.1-03", "T21-7.1.1-04", "T21-7.1.1-05", "T21-7.1.1-06"),
		harness.Writes(), func() {
			n := 0
			for _, d := range append(corpus(), errorDocs()...) {
				walkResource(d.kind, d.body, "", func(f field) {
					if f.known {
						return
					}
					n++
					harness.Soft("T21-7.1.1-02").Expect(asciiRE.MatchString(f.name)).To(BeTrue(), "%s: custom property %q is not ASCII", d, f.path)
					harness.Soft("T21-7.1.1-03").Expect(customCharRE.MatchString(f.name)).To(BeTrue(), "%s: custom property %q has characters beyond a-z, 0-9 and _", d, f.path)
					harness.Soft("T21-7.1.1-05").Expect(len(f.name)).To(BeNumerically(">=", 3), "%s: custom property %q is shorter than 3 characters", d, f.path)
					harness.Soft("T21-7.1.1-06").Expect(len(f.name)).To(BeNumerically("<=", 250), "%s: custom property %q is longer than 250 characters", d, f.path)
					harness.Soft("T21-7.1.1-04").Expect(customPrefixRE.MatchString(f.name)).To(BeTrue(),
						"%s: custom property %q does not start with x_<source>_", d, f.path)
				})
			}
			if n == 0 {
				harness.Note("no resource carried a custom property")
			}
		})

	It("ignores custom properties of an envelope it does not understand, or refuses the envelope with 422",
		harness.Reqs("T21-7.1.1-09"), harness.Writes(), func() {
			o := freshIndicator()
			body := []byte(`{"x_taxii_conform_note": {"purpose": "a custom property"}, "objects": [` + string(mustJSON(o)) + `]}`)
			x := as(writerName()).Do(harness.Request{Method: http.MethodPost, URL: objectsURL(writableCollection()), Body: body,
				Header: headers("Accept", MediaTAXII, "Content-Type", MediaTAXII)})
			harness.For("T21-7.1.1-09").Expect(x.Status).To(BeElementOf(http.StatusAccepted, http.StatusUnprocessableEntity),
				"an envelope with a custom property should be processed (202) or refused (422)")
			if x.Status == http.StatusAccepted {
				var st taxiiStatus
				harness.Setup().Expect(x.Decode(&st)).To(Succeed(), "decoding the status")
				st = awaitStatus(as(writerName()), st)
				harness.For("T21-7.1.1-09").Expect(st.SuccessCount).To(Equal(1),
					"the envelope was taken but its object was not stored (failures: %v)", st.Failures)
			}
		})
})
