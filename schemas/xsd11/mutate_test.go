package xsd11

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// A small lossless-enough XML tree for generating mutations: names and namespace
// declarations stay exactly as written (RawToken), so a mutated document differs from its
// source only where the mutation says.
type xnode struct {
	kind  xml.Token // nil for the document
	name  string    // "prefix:local" as written, for elements
	attrs []xml.Attr
	text  string // character data, comment or processing instruction body
	kids  []*xnode
	// resolved while parsing
	local, ns string
}

const (
	kElem = iota
	kText
	kComment
	kProcInst
)

func (n *xnode) kindOf() int {
	switch n.kind.(type) {
	case xml.StartElement:
		return kElem
	case xml.Comment:
		return kComment
	case xml.ProcInst:
		return kProcInst
	default:
		return kText
	}
}

func qname(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

// parseTree reads doc into a tree, resolving each element's namespace.
func parseTree(doc []byte) (*xnode, error) {
	d := xml.NewDecoder(bytes.NewReader(doc))
	root := &xnode{}
	stack := []*xnode{root}
	scopes := []map[string]string{{"xml": "http://www.w3.org/XML/1998/namespace"}}
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		top := stack[len(stack)-1]
		switch t := tok.(type) {
		case xml.StartElement:
			scope := map[string]string{}
			for k, v := range scopes[len(scopes)-1] {
				scope[k] = v
			}
			for _, a := range t.Attr {
				switch {
				case a.Name.Space == "" && a.Name.Local == "xmlns":
					scope[""] = a.Value
				case a.Name.Space == "xmlns":
					scope[a.Name.Local] = a.Value
				}
			}
			n := &xnode{kind: t.Copy(), name: qname(t.Name), attrs: append([]xml.Attr(nil), t.Attr...), local: t.Name.Local, ns: scope[t.Name.Space]}
			top.kids = append(top.kids, n)
			stack = append(stack, n)
			scopes = append(scopes, scope)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			scopes = scopes[:len(scopes)-1]
		case xml.CharData:
			top.kids = append(top.kids, &xnode{kind: t.Copy(), text: string(t)})
		case xml.Comment:
			top.kids = append(top.kids, &xnode{kind: t.Copy(), text: string(t)})
		case xml.ProcInst:
			top.kids = append(top.kids, &xnode{kind: t.Copy(), name: t.Target, text: string(t.Inst)})
		case xml.Directive:
			return nil, fmt.Errorf("directives are not supported")
		}
	}
	return root, nil
}

func (n *xnode) clone() *xnode {
	c := *n
	c.attrs = append([]xml.Attr(nil), n.attrs...)
	c.kids = make([]*xnode, len(n.kids))
	for i, k := range n.kids {
		c.kids[i] = k.clone()
	}
	return &c
}

func (n *xnode) write(b *bytes.Buffer) {
	switch n.kindOf() {
	case kElem:
		b.WriteString("<" + n.name)
		for _, a := range n.attrs {
			b.WriteString(" " + qname(a.Name) + `="` + attrEscaper.Replace(a.Value) + `"`)
		}
		if len(n.kids) == 0 {
			b.WriteString("/>")
			return
		}
		b.WriteString(">")
		for _, k := range n.kids {
			k.write(b)
		}
		b.WriteString("</" + n.name + ">")
	case kText:
		b.WriteString(textEscaper.Replace(n.text))
	case kComment:
		b.WriteString("<!--" + n.text + "-->")
	case kProcInst:
		b.WriteString("<?" + n.name + " " + n.text + "?>")
	}
}

// Escapers that keep line breaks in text as they are (xml.EscapeText would turn them into
// character references, which are not allowed between the XML declaration and the root).
var (
	textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "\n", "&#xA;", "\t", "&#x9;", "\r", "&#xD;")
)

func (n *xnode) bytes() []byte {
	var b bytes.Buffer
	for _, k := range n.kids {
		k.write(&b)
	}
	return b.Bytes()
}

func (n *xnode) elements() []*xnode {
	var out []*xnode
	for _, k := range n.kids {
		if k.kindOf() == kElem {
			out = append(out, k)
		}
	}
	return out
}

// mutation is one generated variant of a corpus document.
type mutation struct {
	name string
	doc  []byte
}

// mutable tells whether mutations may touch an element: TAXII binding, Default Query and
// XML Signature elements, not third-party content.
func mutable(n *xnode) bool {
	switch n.ns {
	case NSBinding11, NSBinding111, NSQuery11, NSQuery111, NSXMLDSig:
		return true
	}
	return false
}

// opaqueBody tells whether an element's children are third-party content.
func opaqueBody(n *xnode) bool {
	switch n.local {
	case "Content", "Extended_Header", "Detail", "Padding", "Object":
		return n.ns != NSQuery11 && n.ns != NSQuery111
	}
	return false
}

var timestampVariants = []string{
	"2015-01-01T00:00:00",              // no zone
	"2015-01-01T00:00:00.1234567Z",     // seven fractional digits
	"-2015-01-01T00:00:00Z",            // signed year
	"2015-13-01T00:00:00Z",             // no 13th month
	"2015-01-01 00:00:00Z",             // space for T
	"2015-01-01t00:00:00z",             // lower case
	"20150101T000000Z",                 // basic format
	"2015-01-01T00:00:00.123456+01:00", // valid: six digits, offset
}

// mutations generates variants of doc: each mutable element dropped, duplicated, swapped
// with its next sibling, moved to a wrong namespace, given an unknown child, text and
// attribute; each attribute dropped or given a bad value; each leaf's text replaced; each
// Timestamp Label given malformed forms.
func mutations(doc []byte) ([]mutation, error) {
	root, err := parseTree(doc)
	if err != nil {
		return nil, err
	}
	var out []mutation
	// apply clones the tree, finds the element at path and lets f change it.
	apply := func(name string, path []int, f func(parent, el *xnode, idx int)) {
		c := root.clone()
		parent, el := c, c
		idx := -1
		for _, i := range path {
			parent, idx, el = el, i, el.kids[i]
		}
		f(parent, el, idx)
		out = append(out, mutation{name: name, doc: c.bytes()})
	}
	var walk func(n *xnode, path []int, where string)
	walk = func(n *xnode, path []int, where string) {
		for i, k := range n.kids {
			if k.kindOf() != kElem || !mutable(k) {
				continue
			}
			p := append(append([]int(nil), path...), i)
			at := where + "/" + k.local
			isRoot := len(path) == 0
			if !isRoot {
				apply("drop "+at, p, func(parent, el *xnode, idx int) {
					parent.kids = append(parent.kids[:idx:idx], parent.kids[idx+1:]...)
				})
				apply("duplicate "+at, p, func(parent, el *xnode, idx int) {
					parent.kids = append(parent.kids[:idx+1:idx+1], append([]*xnode{el.clone()}, parent.kids[idx+1:]...)...)
				})
				for j := i + 1; j < len(n.kids); j++ {
					if n.kids[j].kindOf() == kElem {
						jj := j
						apply("swap "+at+" with next", p, func(parent, el *xnode, idx int) {
							parent.kids[idx], parent.kids[jj] = parent.kids[jj], parent.kids[idx]
						})
						break
					}
				}
			}
			apply("wrong namespace "+at, p, func(parent, el *xnode, idx int) {
				el.name = "zz:" + el.local
				el.attrs = append(el.attrs, xml.Attr{Name: xml.Name{Space: "xmlns", Local: "zz"}, Value: "urn:example:not-taxii"})
			})
			if !opaqueBody(k) {
				apply("unknown child in "+at, p, func(parent, el *xnode, idx int) {
					prefix := ""
					if j := strings.IndexByte(el.name, ':'); j > 0 {
						prefix = el.name[:j+1]
					}
					el.kids = append([]*xnode{{kind: xml.StartElement{}, name: prefix + "Unknown_Field", local: "Unknown_Field", ns: el.ns}}, el.kids...)
				})
				if len(k.elements()) > 0 {
					apply("text in "+at, p, func(parent, el *xnode, idx int) {
						el.kids = append([]*xnode{{kind: xml.CharData("stray text"), text: "stray text"}}, el.kids...)
					})
				}
			}
			apply("unknown attribute on "+at, p, func(parent, el *xnode, idx int) {
				el.attrs = append(el.attrs, xml.Attr{Name: xml.Name{Local: "unknown_attribute"}, Value: "1"})
			})
			for ai, a := range k.attrs {
				if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
					continue
				}
				ai := ai
				an := at + "/@" + qname(a.Name)
				apply("drop "+an, p, func(parent, el *xnode, idx int) {
					el.attrs = append(el.attrs[:ai:ai], el.attrs[ai+1:]...)
				})
				for _, bad := range []string{"BOGUS", "-1", "", "a b"} {
					bad := bad
					apply(fmt.Sprintf("value %q for %s", bad, an), p, func(parent, el *xnode, idx int) {
						el.attrs[ai].Value = bad
					})
				}
			}
			if len(k.elements()) == 0 && !opaqueBody(k) {
				values := []string{"BOGUS", "-1", ""}
				switch k.local {
				case "Exclusive_Begin_Timestamp", "Inclusive_End_Timestamp", "Timestamp_Label":
					values = append(values, timestampVariants...)
				}
				for _, val := range values {
					val := val
					apply(fmt.Sprintf("text %q for %s", val, at), p, func(parent, el *xnode, idx int) {
						el.kids = []*xnode{{kind: xml.CharData(val), text: val}}
					})
				}
			}
			if !opaqueBody(k) {
				walk(k, p, at)
			}
		}
	}
	walk(root, nil, "")
	return out, nil
}
