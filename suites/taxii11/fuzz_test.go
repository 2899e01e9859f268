package taxii11

import (
	"bytes"
	"encoding/xml"
	"testing"

	taxii11corpus "github.com/taxii-conform/taxii-conform/fixtures/taxii11"
)

// FuzzParseXML: the specs' XML reader never panics on what a target sends; what it accepts
// is a consistent tree (parents, bounds, each element's inner bytes a slice of the body) with
// as many elements as the standard library's own strict reading finds, and it never accepts a
// document type declaration.
func FuzzParseXML(f *testing.F) {
	samples, err := taxii11corpus.Samples()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range samples {
		f.Add(s.Body)
	}
	f.Add([]byte(`<!DOCTYPE d [<!ENTITY a "aa">]><d>&a;</d>`))
	f.Add([]byte(`<a>x<!---->y<b/>z</a>`))
	f.Add([]byte(`<a xmlns:p="urn:p" p:k="v"><p:b/></a><c/>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		root, err := parseXML(doc)
		if err != nil {
			if root != nil {
				t.Fatal("a tree returned with an error")
			}
			return
		}
		if bytes.Contains(doc, []byte("<!DOCTYPE")) && !bytes.Contains(doc, []byte("<!--")) && !bytes.Contains(doc, []byte("<![CDATA[")) {
			t.Fatalf("accepted a document type declaration: %q", doc)
		}
		n := 0
		var check func(e *elem, depth int)
		check = func(e *elem, depth int) {
			n++
			if depth > maxXMLDepth {
				t.Fatalf("depth %d beyond the bound", depth)
			}
			if len(e.inner) > 0 && !within(doc, e.inner) {
				t.Fatalf("%s: inner bytes are not part of the body", e.Name)
			}
			for _, k := range e.Kids {
				if k.parent != e {
					t.Fatalf("%s under %s has the wrong parent", k.Name, e.Name)
				}
				check(k, depth+1)
			}
		}
		if root.parent != nil {
			t.Fatal("the root has a parent")
		}
		check(root, 1)
		if want := countElements(doc); n != want {
			t.Fatalf("tree holds %d elements, encoding/xml reads %d", n, want)
		}
	})
}

// within reports whether part is a sub-slice of whole (the same memory, not equal bytes).
func within(whole, part []byte) bool {
	if len(part) == 0 || len(whole) == 0 {
		return true
	}
	for i := range whole {
		if &whole[i] == &part[0] {
			return i+len(part) <= len(whole)
		}
	}
	return false
}

// countElements counts start tags as a plain strict encoding/xml reading sees them.
func countElements(doc []byte) int {
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = true
	n := 0
	for {
		tok, err := d.Token()
		if err != nil {
			return n
		}
		if _, ok := tok.(xml.StartElement); ok {
			n++
		}
	}
}
