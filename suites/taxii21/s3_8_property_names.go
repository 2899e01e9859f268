package taxii21

// §3.8 Property Names: names and defined string literals are spelled exactly as the tables
// spell them, and required properties are present.

import (
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// looseName folds the spellings a name may drift into (case, underscores, hyphens).
func looseName(s string) string {
	return strings.NewReplacer("_", "", "-", "").Replace(strings.ToLower(s))
}

var _ = Describe("3.8 Property Names", func() {
	It("spells property names exactly as the property tables do", harness.Reqs("T21-3.8-01"), harness.Writes(), func() {
		for _, d := range append(corpus(), errorDocs()...) {
			walkResource(d.kind, d.body, "", func(f field) {
				if f.known {
					return
				}
				for name := range resourceModel[f.kind] {
					harness.Soft("T21-3.8-01").Expect(looseName(f.name)).NotTo(Equal(looseName(name)),
						"%s: property %q is %s spelled otherwise", d, f.path, name)
				}
			})
		}
	})

	It("spells the string literals it defines exactly", harness.Reqs("T21-3.8-02"), harness.Writes(), func() {
		n := 0
		for _, d := range corpus() {
			walkResource(d.kind, d.body, "", func(f field) {
				switch {
				case f.kind == "status" && f.name == "status":
					n++
					harness.Soft("T21-3.8-02").Expect(f.value).To(BeElementOf("complete", "pending"), "%s: status is %#v", d, f.value)
				case f.kind == "api-root" && f.name == "versions":
					// How TAXII 2.1 is spelled where it is listed; whether it is listed at all is
					// T21-4.2.1-05's business.
					list, _ := f.value.([]any)
					for _, v := range list {
						if s, ok := v.(string); ok && strings.EqualFold(strings.ReplaceAll(s, " ", ""), MediaTAXII) {
							n++
							harness.Soft("T21-3.8-02").Expect(s).To(Equal(MediaTAXII), "%s: versions lists TAXII 2.1 spelled otherwise", d)
						}
					}
				}
			})
		}
		harness.Setup().Expect(n).To(BeNumerically(">", 0), "no defined literal was seen")
	})

	It("includes every property its table marks required", harness.Reqs("T21-3.8-03"), harness.Writes(), func() {
		for _, d := range append(corpus(), errorDocs()...) {
			if _, ok := d.body.(map[string]any); !ok {
				continue // not an object at all: the resource specs of each endpoint say so
			}
			walkRequired(d, func(f field) {
				harness.Soft("T21-3.8-03").Expect(f.value).NotTo(BeNil(), "%s: the required property %s is missing", d, f.path)
			})
		}
	})
})
