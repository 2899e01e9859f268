package query

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
)

// Limits bound what ParseContentLimits accepts from an untrusted content block; a zero
// field takes its default.
type Limits struct {
	MaxBytes     int // size of the whole block
	MaxDepth     int // element nesting
	MaxAttrBytes int // one attribute value
}

// Default limits: generous for STIX 1.x packages, small enough to keep a hostile block cheap.
const (
	DefaultMaxBytes     = 16 << 20
	DefaultMaxDepth     = 128
	DefaultMaxAttrBytes = 64 << 10
)

// Document is a parsed content block, reduced to what targeting expressions look at: element
// and attribute local names, attribute values and each element's own text. It is immutable,
// safe for concurrent use, and meant to be cached by a caller that evaluates many queries.
type Document struct {
	elems []element // in document order; elems[0] is the root
	attrs []attribute
}

type element struct {
	name               string
	text               string // the element's own character data, surrounding whitespace removed
	attrStart, attrEnd int32  // its attributes in Document.attrs
	end                int32  // one past the last element of its subtree
}

type attribute struct {
	name, value string
}

// RootName is the local name of the root element (e.g. "STIX_Package").
func (d *Document) RootName() string {
	if d == nil || len(d.elems) == 0 {
		return ""
	}
	return d.elems[0].name
}

// ParseContent parses a content block (the XML inside a Content element) under the
// default limits.
func ParseContent(data []byte) (*Document, error) {
	return ParseContentLimits(data, Limits{})
}

// ParseContentLimits parses a content block under the given limits. A DOCTYPE is refused outright, so no DTD, entity declaration or external entity
// is ever read; only the five predefined entities and character references are expanded.
// Errors are *ContentError.
func ParseContentLimits(data []byte, l Limits) (*Document, error) {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	if l.MaxAttrBytes <= 0 {
		l.MaxAttrBytes = DefaultMaxAttrBytes
	}
	if len(data) > l.MaxBytes {
		return nil, contentErrorf("%d bytes exceed the limit of %d", len(data), l.MaxBytes)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, contentErrorf("empty")
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true // unknown entities and malformed markup are errors

	d := &Document{elems: make([]element, 0, 32), attrs: make([]attribute, 0, 32)}
	type open struct {
		idx  int32
		name xml.Name
		text []string
	}
	var stack []open
	rootDone := false
	for {
		tok, err := dec.RawToken() // raw: prefixes untranslated, we match local names only
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, contentErrorf("not well-formed XML: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if rootDone {
				return nil, contentErrorf("more than one root element")
			}
			if len(stack) >= l.MaxDepth {
				return nil, contentErrorf("elements nested deeper than %d", l.MaxDepth)
			}
			idx := int32(len(d.elems))
			e := element{name: t.Name.Local, attrStart: int32(len(d.attrs))}
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
					continue // namespace declarations are not content
				}
				if len(a.Value) > l.MaxAttrBytes {
					return nil, contentErrorf("attribute %q on <%s> is %d bytes, over the limit of %d", a.Name.Local, t.Name.Local, len(a.Value), l.MaxAttrBytes)
				}
				d.attrs = append(d.attrs, attribute{name: a.Name.Local, value: strings.TrimSpace(a.Value)})
			}
			e.attrEnd = int32(len(d.attrs))
			d.elems = append(d.elems, e)
			stack = append(stack, open{idx: idx, name: t.Name})
		case xml.EndElement:
			if len(stack) == 0 {
				return nil, contentErrorf("unexpected end tag </%s>", t.Name.Local)
			}
			top := stack[len(stack)-1]
			if top.name != t.Name {
				return nil, contentErrorf("element <%s> closed by </%s>", qname(top.name), qname(t.Name))
			}
			e := &d.elems[top.idx]
			e.end = int32(len(d.elems))
			switch len(top.text) {
			case 0:
			case 1:
				e.text = strings.TrimSpace(top.text[0])
			default:
				e.text = strings.TrimSpace(strings.Join(top.text, ""))
			}
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				rootDone = true
			}
		case xml.CharData:
			if len(stack) == 0 {
				if len(bytes.TrimSpace(t)) != 0 {
					return nil, contentErrorf("text outside the root element")
				}
				continue
			}
			top := &stack[len(stack)-1]
			if len(top.text) == 0 && len(bytes.TrimSpace(t)) == 0 {
				continue // leading whitespace would be trimmed anyway; skip the copy
			}
			top.text = append(top.text, string(t))
		case xml.Directive:
			return nil, contentErrorf("a DOCTYPE or other declaration is not accepted in a content block")
		case xml.Comment, xml.ProcInst:
		}
	}
	if len(stack) != 0 {
		return nil, contentErrorf("unexpected end of input inside <%s>", qname(stack[len(stack)-1].name))
	}
	if !rootDone {
		return nil, contentErrorf("no root element")
	}
	return d, nil
}

func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}
