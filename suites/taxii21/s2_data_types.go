package taxii21

// §2 Data Types: every value of a TAXII resource has the form its type prescribes. Each spec
// gathers one of every resource the server offers (corpus) and walks them with the model of
// the property tables (resourceModel), checking one type rule.

import (
	"fmt"
	"unicode/utf8"

	"github.com/google/uuid"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

var _ = Describe("2 Data Types", func() {
	It("sends booleans as bare JSON true or false", harness.Reqs("T21-2-01"), harness.Writes(), func() {
		n := 0
		for _, d := range corpus() {
			walkResource(d.kind, d.body, "", func(f field) {
				if f.known && f.prop.typ == tBoolean {
					n++
					harness.Soft("T21-2-01").Expect(f.value).To(BeAssignableToTypeOf(true),
						"%s: %s is %#v, not true or false", d, f.path, f.value)
				}
			})
		}
		harness.Setup().Expect(n).To(BeNumerically(">", 0), "no boolean property was seen (can_read, can_write)")
	})

	It("sends dictionaries as JSON objects", harness.Reqs("T21-2-02"), harness.Writes(), func() {
		n := 0
		for _, d := range append(corpus(), errorDocs()...) {
			walkResource(d.kind, d.body, "", func(f field) {
				if f.known && f.prop.typ == tDictionary {
					n++
					harness.Soft("T21-2-02").Expect(f.value).To(BeAssignableToTypeOf(map[string]any{}),
						"%s: %s is %#v, not a JSON object", d, f.path, f.value)
				}
			})
		}
		if n == 0 {
			harness.Note("no error answer carried details, the only dictionary property of TAXII 2.1")
		}
	})

	It("sends identifiers as version 4 UUIDs", harness.Reqs("T21-2-03"), harness.Writes(), func() {
		n := 0
		for _, d := range corpus() {
			walkResource(d.kind, d.body, "", func(f field) {
				if f.known && f.prop.typ == tIdentifier {
					n++
					s, _ := f.value.(string)
					harness.Soft("T21-2-03").Expect(uuid4RE.MatchString(s)).To(BeTrue(),
						"%s: %s is %#v, not an RFC 4122 version 4 UUID", d, f.path, f.value)
				}
			})
		}
		harness.Setup().Expect(n).To(BeNumerically(">", 0), "no identifier property was seen (collection and status ids)")
	})

	It("sends integers as whole numbers within the I-JSON range", harness.Reqs("T21-2-04"), harness.Writes(), func() {
		n := 0
		for _, d := range corpus() {
			walkResource(d.kind, d.body, "", func(f field) {
				if f.known && f.prop.typ == tInteger {
					n++
					whole, inRange := isInteger(f.value)
					harness.Soft("T21-2-04").Expect(whole).To(BeTrue(), "%s: %s is %#v, not an integer", d, f.path, f.value)
					if whole {
						harness.Soft("T21-2-04").Expect(inRange).To(BeTrue(), "%s: %s is %v, beyond ±(2^53-1)", d, f.path, f.value)
					}
				}
			})
		}
		harness.Setup().Expect(n).To(BeNumerically(">", 0), "no integer property was seen")
	})

	It("sends lists with elements of their type, never empty, and required lists always",
		harness.Reqs("T21-2-06", "T21-2-07", "T21-2-08", "T21-2-09", "T21-2-10"), harness.Writes(), func() {
			lists := 0
			for _, d := range corpus() {
				walkResource(d.kind, d.body, "", func(f field) {
					list, isList := f.value.([]any)
					if isList {
						lists++
						// Any list of a TAXII resource, defined or custom, holds an element.
						harness.Soft("T21-2-07").Expect(list).NotTo(BeEmpty(), "%s: %s is an empty list", d, f.path)
					}
					if !f.known || len(f.prop.typ) < 5 || f.prop.typ[:5] != "list:" {
						return
					}
					if !isList {
						harness.Soft("T21-2-06").Expect(f.value).To(BeAssignableToTypeOf([]any{}), "%s: %s is %T, not a list", d, f.path, f.value)
						return
					}
					if f.prop.required {
						harness.Soft("T21-2-10").Expect(list).NotTo(BeEmpty(), "%s: the required list %s is empty", d, f.path)
					} else {
						harness.Soft("T21-2-08").Expect(list).NotTo(BeEmpty(),
							"%s: the optional list %s is sent empty instead of being left out", d, f.path)
					}
					for i, e := range list {
						harness.Soft("T21-2-06").Expect(elementOK(f.prop.typ, e)).To(BeTrue(),
							"%s: %s/%d is %#v, not of the list's type %s", d, f.path, i, e, f.prop.typ)
					}
				})
				// Required lists: present in every resource whose table requires one.
				walkRequired(d, func(f field) {
					if len(f.prop.typ) > 5 && f.prop.typ[:5] == "list:" {
						harness.Soft("T21-2-09").Expect(f.value).NotTo(BeNil(), "%s: the required list %s is missing", d, f.path)
					}
				})
			}
			harness.Setup().Expect(lists).To(BeNumerically(">", 0), "no list was seen")
		})

	It("sends strings, and so whole bodies, in UTF-8", harness.Reqs("T21-2-11"), harness.Writes(), func() {
		for _, d := range append(corpus(), errorDocs()...) {
			harness.Soft("T21-2-11").Expect(utf8.Valid(d.x.Body)).To(BeTrue(), "%s is not valid UTF-8", d)
			walkResource(d.kind, d.body, "", func(f field) {
				if f.known && f.prop.typ == tString {
					harness.Soft("T21-2-11").Expect(f.value).To(BeAssignableToTypeOf(""), "%s: %s is %#v, not a string", d, f.path, f.value)
				}
			})
		}
	})

	It("sends timestamps in RFC 3339 form, in UTC marked Z, with microseconds",
		harness.Reqs("T21-2-12", "T21-2-13", "T21-2-14", "T21-2-15"), harness.Writes(), func() {
			n := 0
			check := func(where, v string) {
				n++
				for _, r := range stampRules {
					harness.Soft(r.req).Expect(r.ok(v)).To(BeTrue(), "%s is %q: not %s", where, v, r.says)
				}
			}
			for _, d := range corpus() {
				walkResource(d.kind, d.body, "", func(f field) {
					if f.known && f.prop.typ == tTimestamp {
						s, ok := f.value.(string)
						harness.Soft("T21-2-12").Expect(ok).To(BeTrue(), "%s: %s is %#v, not a string", d, f.path, f.value)
						if ok {
							check(fmt.Sprintf("%s: %s", d, f.path), s)
						}
					}
				})
				for _, h := range []string{"X-TAXII-Date-Added-First", "X-TAXII-Date-Added-Last"} {
					if v := d.x.Header.Get(h); v != "" {
						check(fmt.Sprintf("header %s of answer #%d", h, d.x.Seq), v)
					}
				}
			}
			harness.Setup().Expect(n).To(BeNumerically(">", 0), "no timestamp was seen")
		})
})

// elementOK reports whether a list element has the list's element type.
func elementOK(listType string, e any) bool {
	switch listType {
	case tStrings:
		_, ok := e.(string)
		return ok
	default: // lists of resources and of STIX objects hold JSON objects
		_, ok := e.(map[string]any)
		return ok
	}
}

// walkRequired visits each required property of a resource and of its nested resources, with
// value nil when it is missing.
func walkRequired(d doc, visit func(field)) {
	var walk func(kind string, v any, path string)
	walk = func(kind string, v any, path string) {
		m, ok := v.(map[string]any)
		if !ok {
			return
		}
		for name, p := range resourceModel[kind] {
			val := m[name]
			if p.required {
				visit(field{kind: kind, name: name, path: path + "/" + name, value: val, known: true, prop: p})
			}
			if list, ok := val.([]any); ok && len(p.typ) > 5 && p.typ[:5] == "list:" {
				for i, e := range list {
					walk(p.typ[5:], e, fmt.Sprintf("%s/%s/%d", path, name, i))
				}
			}
		}
	}
	walk(d.kind, d.body, "")
}

// errorDocs provokes error answers of several kinds (404, 400, 401) and keeps those that carry
// a body, as error resources.
func errorDocs() []doc {
	var out []doc
	keep := func(x *harness.Exchange) {
		if x.Status < 400 || len(x.Body) == 0 {
			return
		}
		v, _ := x.JSON() // a body that is not JSON stays nil: the walkers then see nothing
		out = append(out, doc{kind: "error", x: x, body: v})
	}
	coll := readableCollection()
	keep(get(as(standard), collectionURL(uuid.NewString())))
	keep(as(standard).Do(harness.Request{Method: "GET", URL: withQuery(objectsURL(coll), "limit", "0"),
		Header: headers("Accept", MediaTAXII), Deliberate: true}))
	keep(get(as(anon), collectionsURL()))
	return out
}
