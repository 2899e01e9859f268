package taxii21

// §3.6 Errors: an error answer's body, when there is one, is an error resource (§3.6.1) whose
// http_status, if given, repeats the HTTP status.

import (
	"net/http"
	"strconv"

	"github.com/google/uuid"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// moreErrorDocs adds error answers of other kinds to errorDocs: a made-up path, an unknown
// status, an unacceptable media type and a method no endpoint defines.
func moreErrorDocs() []doc {
	out := errorDocs()
	c := as(standard)
	root := apiRootURL()
	for _, r := range []harness.Request{
		{Method: http.MethodGet, URL: root + "taxii-conform-" + uuid.NewString() + "/", Header: headers("Accept", MediaTAXII)},
		{Method: http.MethodGet, URL: statusURL(uuid.NewString()), Header: headers("Accept", MediaTAXII)},
		{Method: http.MethodGet, URL: collectionsURL(), Header: headers("Accept", "application/xml"), Deliberate: true},
		{Method: http.MethodPut, URL: collectionsURL(), Header: headers("Accept", MediaTAXII), Deliberate: true},
	} {
		x := c.Do(r)
		if x.Status >= 400 && len(x.Body) > 0 {
			v, _ := x.JSON()
			out = append(out, doc{kind: "error", x: x, body: v})
		}
	}
	return out
}

var _ = Describe("3.6 Errors", func() {
	It("sends error resources with a title and properties of their defined types",
		harness.Reqs("T21-3.6.1-01", "T21-3.6.1-04", "T21-3.6.1-03", "T21-3.1-03"), func() {
			docs := moreErrorDocs()
			if len(docs) == 0 {
				harness.Unsupported("no error answer carried a body (§3.1 lets error answers go without one)")
			}
			for _, d := range docs {
				m, ok := d.body.(map[string]any)
				harness.Soft("T21-3.6.1-01").Expect(ok).To(BeTrue(), "%s (%d) is not a JSON object: %.80q", d, d.x.Status, d.x.Body)
				if !ok {
					continue
				}
				harness.Soft("T21-3.6.1-01").Expect(m).To(HaveKeyWithValue("title", BeAssignableToTypeOf("")), "%s (%d) has no string title", d, d.x.Status)
				walkResource("error", m, "", func(f field) {
					switch {
					case !f.known:
					case f.prop.typ == tDictionary:
						harness.Soft("T21-3.6.1-04").Expect(f.value).To(BeAssignableToTypeOf(map[string]any{}), "%s: %s is %#v, not a JSON object", d, f.path, f.value)
					default:
						harness.Soft("T21-3.6.1-04").Expect(f.value).To(BeAssignableToTypeOf(""), "%s: %s is %#v, not a string", d, f.path, f.value)
					}
				})
			}
		})

	It("repeats the HTTP status in http_status when it gives one", harness.Reqs("T21-3.6.1-02"), func() {
		n := 0
		for _, d := range moreErrorDocs() {
			m, _ := d.body.(map[string]any)
			hs, ok := m["http_status"]
			if !ok {
				continue
			}
			n++
			harness.Soft("T21-3.6.1-02").Expect(hs).To(Equal(strconv.Itoa(d.x.Status)), "%s: http_status is %#v but the answer is %d", d, hs, d.x.Status)
		}
		if n == 0 {
			harness.Note("no error resource gave http_status")
		}
	})
})
