package message

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// This file turns a request body into a small tree of the message's own elements. Elements whose
// content is open ("any" content: Content, Query, Extended_Header, Detail, Supported_Query, and
// anything outside the message namespace such as ds:Signature) are not expanded: their inner
// XML is kept as a self-contained fragment, i.e. every namespace declaration in scope is copied
// onto each top-level element of the fragment, so that it can be stored, evaluated and
// re-embedded in another document without losing prefixes (STIX relies on prefixed xsi:type
// values, so prefixes are preserved rather than rewritten).
//
// Safety: the decoder is encoding/xml in strict mode, which never reads external resources; any
// DTD (and so any entity declaration) is refused, and only XML's predefined entities and
// character references are expanded.

const xmlNamespace = "http://www.w3.org/XML/1998/namespace"

// openElements are the message-namespace elements whose content is "any".
var openElements = map[string]bool{
	"Content": true, "Query": true, "Extended_Header": true, "Detail": true, "Supported_Query": true,
}

// node is one element of the message structure.
type node struct {
	Space, Local string
	Attrs        []xml.Attr // resolved names; namespace declarations removed
	Kids         []*node
	Text         strings.Builder // character data directly inside
	Open         bool            // inner XML captured in Inner instead of Kids/Text
	Inner        []byte
	Line         int
}

type nsDecl struct{ prefix, uri string }

type frame struct {
	name  xml.Name // as written (prefix in Space)
	n     *node    // nil inside open content
	decls int
}

// treeLimits bound the work a document can cause.
type treeLimits struct {
	MaxDepth int
}

// syntaxError is a malformed document.
type syntaxError struct {
	msg  string
	line int
}

func (e *syntaxError) Error() string {
	if e.line > 0 {
		return fmt.Sprintf("line %d: %s", e.line, e.msg)
	}
	return e.msg
}

// parseTree reads a whole document.
func parseTree(body []byte, lim treeLimits) (*node, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, &syntaxError{msg: "empty body"}
	}
	p := &treeParser{body: body, lim: lim}
	return p.run()
}

type treeParser struct {
	body  []byte
	lim   treeLimits
	d     *xml.Decoder
	ns    []nsDecl
	stack []frame
	root  *node
	// open content capture
	zone    int // index in stack of the open element, -1 when outside
	zoneBuf bytes.Buffer
	copied  int
}

func (p *treeParser) line() int {
	l, _ := p.d.InputPos()
	return l
}

func (p *treeParser) fail(format string, args ...any) error {
	return &syntaxError{msg: fmt.Sprintf(format, args...), line: p.line()}
}

func (p *treeParser) lookup(prefix string) (string, bool) {
	if prefix == "xml" {
		return xmlNamespace, true
	}
	for i := len(p.ns) - 1; i >= 0; i-- {
		if p.ns[i].prefix == prefix {
			return p.ns[i].uri, true
		}
	}
	if prefix == "" {
		return "", true // no default namespace
	}
	return "", false
}

// scope returns the declarations in force, innermost winning, in first-declared order.
func (p *treeParser) scope() []nsDecl {
	seen := map[string]bool{}
	var out []nsDecl
	for i := len(p.ns) - 1; i >= 0; i-- {
		d := p.ns[i]
		if seen[d.prefix] {
			continue
		}
		seen[d.prefix] = true
		out = append(out, d)
	}
	// reverse to declaration order, for stable output
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

func (p *treeParser) run() (*node, error) {
	p.d = xml.NewDecoder(bytes.NewReader(p.body))
	p.d.Strict = true
	p.zone = -1
	for {
		off := int(p.d.InputOffset())
		tok, err := p.d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, &syntaxError{msg: se.Msg, line: se.Line}
			}
			return nil, &syntaxError{msg: err.Error(), line: p.line()}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := p.start(t, off); err != nil {
				return nil, err
			}
		case xml.EndElement:
			if err := p.end(t, off); err != nil {
				return nil, err
			}
		case xml.CharData:
			if len(p.stack) == 0 {
				if len(bytes.TrimSpace(t)) != 0 {
					return nil, p.fail("text outside the root element")
				}
				continue
			}
			if p.zone < 0 {
				p.stack[len(p.stack)-1].n.Text.Write(t)
			}
		case xml.Directive:
			return nil, p.fail("document type declarations are not accepted (no DTD, no entity declarations)")
		case xml.ProcInst, xml.Comment:
			// The XML declaration is handled by the decoder (it refuses encodings other than
			// UTF-8); other processing instructions and comments carry nothing.
		}
	}
	if len(p.stack) != 0 {
		return nil, p.fail("document ends inside element %q", p.stack[len(p.stack)-1].name.Local)
	}
	if p.root == nil {
		return nil, p.fail("no root element")
	}
	return p.root, nil
}

func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

func (p *treeParser) start(t xml.StartElement, off int) error {
	if len(p.stack) == 0 && p.root != nil {
		return p.fail("more than one root element")
	}
	if p.lim.MaxDepth > 0 && len(p.stack) >= p.lim.MaxDepth {
		return p.fail("elements nested deeper than %d", p.lim.MaxDepth)
	}
	// A top-level element of open content receives the declarations in scope before its own.
	if p.zone >= 0 && len(p.stack) == p.zone+1 {
		if err := p.inject(t, off); err != nil {
			return err
		}
	}
	decls := 0
	for _, a := range t.Attr {
		switch {
		case a.Name.Space == "xmlns":
			if a.Name.Local == "xmlns" || (a.Name.Local == "xml" && a.Value != xmlNamespace) {
				return p.fail("reserved prefix %q declared", a.Name.Local)
			}
			if a.Value == "" {
				return p.fail("prefix %q bound to the empty namespace", a.Name.Local)
			}
			p.ns = append(p.ns, nsDecl{a.Name.Local, a.Value})
			decls++
		case a.Name.Space == "" && a.Name.Local == "xmlns":
			p.ns = append(p.ns, nsDecl{"", a.Value})
			decls++
		}
	}
	space, ok := p.lookup(t.Name.Space)
	if !ok {
		return p.fail("element %q uses undeclared prefix %q", qname(t.Name), t.Name.Space)
	}
	var attrs []xml.Attr
	seen := map[xml.Name]bool{}
	for _, a := range t.Attr {
		if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
			continue
		}
		name := xml.Name{Local: a.Name.Local}
		if a.Name.Space != "" {
			uri, ok := p.lookup(a.Name.Space)
			if !ok {
				return p.fail("attribute %q uses undeclared prefix %q", qname(a.Name), a.Name.Space)
			}
			name.Space = uri
		}
		if seen[name] {
			return p.fail("attribute %q repeated", qname(a.Name))
		}
		seen[name] = true
		attrs = append(attrs, xml.Attr{Name: name, Value: a.Value})
	}
	f := frame{name: t.Name, decls: decls}
	if p.zone < 0 {
		n := &node{Space: space, Local: t.Name.Local, Attrs: attrs, Line: p.line()}
		if len(p.stack) == 0 {
			p.root = n
		} else {
			parent := p.stack[len(p.stack)-1].n
			parent.Kids = append(parent.Kids, n)
		}
		f.n = n
		// The root decides the message namespace; within it, the open elements and every
		// foreign element keep their content as XML.
		if len(p.stack) > 0 && (space != p.root.Space || openElements[t.Name.Local]) {
			n.Open = true
			p.zone = len(p.stack)
			p.zoneBuf.Reset()
			p.copied = int(p.d.InputOffset())
		}
	}
	p.stack = append(p.stack, f)
	return nil
}

// inject copies the start of a top-level open-content element up to the end of its name and
// adds the namespace declarations in scope that the element does not make itself.
func (p *treeParser) inject(t xml.StartElement, off int) error {
	q := qname(t.Name)
	nameEnd := off + 1 + len(q)
	if off < p.copied || nameEnd > len(p.body) || p.body[off] != '<' || string(p.body[off+1:nameEnd]) != q {
		return p.fail("cannot locate element %q in the input", q)
	}
	own := map[string]bool{}
	for _, a := range t.Attr {
		if a.Name.Space == "xmlns" {
			own[a.Name.Local] = true
		} else if a.Name.Space == "" && a.Name.Local == "xmlns" {
			own[""] = true
		}
	}
	p.zoneBuf.Write(p.body[p.copied:nameEnd])
	for _, d := range p.scope() {
		if own[d.prefix] {
			continue
		}
		if d.prefix == "" {
			if d.uri == "" {
				continue
			}
			p.zoneBuf.WriteString(` xmlns="`)
		} else {
			p.zoneBuf.WriteString(` xmlns:` + d.prefix + `="`)
		}
		escapeAttr(&p.zoneBuf, d.uri)
		p.zoneBuf.WriteByte('"')
	}
	p.copied = nameEnd
	return nil
}

func (p *treeParser) end(t xml.EndElement, off int) error {
	if len(p.stack) == 0 {
		return p.fail("unexpected end tag %q", qname(t.Name))
	}
	top := p.stack[len(p.stack)-1]
	if top.name != t.Name {
		return p.fail("element %q closed by %q", qname(top.name), qname(t.Name))
	}
	if p.zone == len(p.stack)-1 {
		if off < p.copied || off > len(p.body) {
			return p.fail("cannot locate the end of %q", qname(t.Name))
		}
		p.zoneBuf.Write(p.body[p.copied:off])
		top.n.Inner = bytes.Clone(p.zoneBuf.Bytes())
		p.zone = -1
	}
	p.ns = p.ns[:len(p.ns)-top.decls]
	p.stack = p.stack[:len(p.stack)-1]
	return nil
}

// escapeAttr writes s escaped for a double-quoted attribute value.
func escapeAttr(b *bytes.Buffer, s string) {
	_ = xml.EscapeText(b, []byte(s))
}

// Fragment returns the root element of a standalone XML document (for example a STIX package
// file) as a self-contained fragment fit for a Content Block. DTDs are refused.
func Fragment(doc []byte) ([]byte, error) {
	// Parse it as the content of a synthetic Content element, so that the same capture applies.
	wrapped := make([]byte, 0, len(doc)+32)
	body := bytes.TrimSpace(doc)
	if bytes.HasPrefix(body, []byte("<?xml")) {
		end := bytes.Index(body, []byte("?>"))
		if end < 0 {
			return nil, &syntaxError{msg: "unterminated XML declaration"}
		}
		body = bytes.TrimSpace(body[end+2:])
	}
	wrapped = append(wrapped, "<w><Content>"...)
	wrapped = append(wrapped, body...)
	wrapped = append(wrapped, "</Content></w>"...)
	root, err := parseTree(wrapped, treeLimits{MaxDepth: 1000})
	if err != nil {
		return nil, err
	}
	return root.Kids[0].Inner, nil
}
