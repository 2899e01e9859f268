package taxii11

// A small namespace-aware XML tree, so that the specs read a server's answers without sharing
// code with any server: encoding/xml in strict mode, no document type declarations (so no
// entity is ever declared, expanded or fetched), bounded depth and element count. Each element
// keeps the raw bytes of its content, so that a spec can compare what came back with what it
// sent (e.g. a content block).

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Bounds of the parser; a TAXII message never comes near them.
const (
	maxXMLDepth    = 256
	maxXMLElements = 1 << 20
)

// elem is one element of a parsed document.
type elem struct {
	NS, Name string
	// Attrs holds unqualified attributes by local name, qualified ones as "{namespace}local";
	// nil when there are none. Namespace declarations are not kept.
	Attrs map[string]string
	Kids  []*elem
	// Text is the character data directly inside the element, concatenated.
	Text string
	// Line is where the start tag began.
	Line   int
	parent *elem
	inner  []byte
}

// errDoctype is returned for documents with a document type declaration.
var errDoctype = errors.New("the document has a document type declaration (DOCTYPE), which TAXII messages never need")

// parseXML reads one XML document into a tree.
func parseXML(doc []byte) (*elem, error) {
	if len(bytes.TrimSpace(doc)) == 0 {
		return nil, errors.New("the body is empty")
	}
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = true
	var root, cur *elem
	// One entry per open element: where its content starts, and its own text so far (kept
	// here and copied once at the end tag, so that text split by comments or child elements
	// costs linear time).
	type open struct {
		from int64
		text []byte
	}
	var stack []open
	n := 0
	for {
		before := d.InputOffset()
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("not well-formed XML: %v", err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			if bytes.HasPrefix(bytes.TrimSpace(t), []byte("DOCTYPE")) {
				return nil, errDoctype
			}
			return nil, fmt.Errorf("unexpected markup declaration <!%s>", firstWords(string(t)))
		case xml.StartElement:
			if root != nil && cur == nil {
				return nil, errors.New("more than one root element")
			}
			n++
			if n > maxXMLElements {
				return nil, fmt.Errorf("more than %d elements", maxXMLElements)
			}
			if len(stack) >= maxXMLDepth {
				return nil, fmt.Errorf("elements nested deeper than %d", maxXMLDepth)
			}
			line, _ := d.InputPos()
			e := &elem{NS: t.Name.Space, Name: t.Name.Local, Line: line, parent: cur}
			for _, a := range t.Attr {
				key := a.Name.Local
				switch {
				case a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns"):
					continue
				case a.Name.Space != "":
					key = "{" + a.Name.Space + "}" + a.Name.Local
				}
				if e.Attrs == nil {
					e.Attrs = make(map[string]string, len(t.Attr))
				}
				e.Attrs[key] = a.Value
			}
			if cur == nil {
				root = e
			} else {
				cur.Kids = append(cur.Kids, e)
			}
			cur = e
			stack = append(stack, open{from: d.InputOffset()})
		case xml.EndElement:
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if top.from <= before && before <= int64(len(doc)) {
				cur.inner = doc[top.from:before]
			}
			cur.Text = string(top.text)
			cur = cur.parent
		case xml.CharData:
			if cur != nil {
				stack[len(stack)-1].text = append(stack[len(stack)-1].text, t...)
			} else if len(bytes.TrimSpace(t)) > 0 {
				return nil, errors.New("text outside the root element")
			}
		}
	}
	if root == nil {
		return nil, errors.New("no root element")
	}
	return root, nil
}

func firstWords(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return s
}

// child returns the first child element with the local name (any namespace), or nil.
func (e *elem) child(name string) *elem {
	if e == nil {
		return nil
	}
	for _, k := range e.Kids {
		if k.Name == name {
			return k
		}
	}
	return nil
}

// children returns every child element with the local name.
func (e *elem) children(name string) []*elem {
	if e == nil {
		return nil
	}
	var out []*elem
	for _, k := range e.Kids {
		if k.Name == name {
			out = append(out, k)
		}
	}
	return out
}

// find follows a path of local names from e; nil when any step is missing.
func (e *elem) find(path ...string) *elem {
	for _, p := range path {
		e = e.child(p)
	}
	return e
}

// attr returns an attribute's value and whether it is there.
func (e *elem) attr(name string) (string, bool) {
	if e == nil {
		return "", false
	}
	v, ok := e.Attrs[name]
	return v, ok
}

// at returns an attribute's value, "" when absent.
func (e *elem) at(name string) string {
	v, _ := e.attr(name)
	return v
}

// text returns the element's own character data, trimmed.
func (e *elem) text() string {
	if e == nil {
		return ""
	}
	return strings.TrimSpace(e.Text)
}

// childText returns the trimmed text of the first child with the name ("" when absent).
func (e *elem) childText(name string) string { return e.child(name).text() }

// innerXML returns the raw bytes between the element's tags, as the document had them.
func (e *elem) innerXML() []byte {
	if e == nil {
		return nil
	}
	return e.inner
}

// walk visits e and every element below it, depth first.
func (e *elem) walk(visit func(*elem)) {
	if e == nil {
		return
	}
	visit(e)
	for _, k := range e.Kids {
		k.walk(visit)
	}
}

// path names the element from the root, e.g. /Poll_Response/Content_Block[2].
func (e *elem) path() string {
	if e == nil {
		return ""
	}
	if e.parent == nil {
		return "/" + e.Name
	}
	same, idx := 0, 0
	for _, s := range e.parent.Kids {
		if s.Name == e.Name {
			same++
			if s == e {
				idx = same
			}
		}
	}
	p := e.parent.path() + "/" + e.Name
	if same > 1 {
		p += fmt.Sprintf("[%d]", idx)
	}
	return p
}
