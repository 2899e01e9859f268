package query

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// Query is a parsed TAXII Default Query (Part 5 §3.1). Parse fills it; Compile checks it
// against what the server supports and prepares it for matching.
type Query struct {
	// Family is given by the namespace of the Default_Query element.
	Family Family
	// FormatID is the format_id of the enclosing Query element when Parse was given one,
	// else the family's format ID.
	FormatID string
	// TargetingExpressionID names the targeting expression vocabulary of every Target.
	TargetingExpressionID string
	Criteria              Criteria
}

// Operator combines the children of a Criteria.
type Operator string

// The two operators of Part 5 §3.1.1.
const (
	OperatorAnd Operator = "AND"
	OperatorOr  Operator = "OR"
)

// Criteria is true when all (AND) or any (OR) of its children are. Part 5 defines no
// negation on Criteria, only on Criterion.
type Criteria struct {
	Operator  Operator
	Criteria  []Criteria
	Criterion []Criterion
}

// Criterion applies Test to the nodes Target selects; Negate flips the outcome.
type Criterion struct {
	Negate bool
	Target string
	Test   Test
}

// Test names a relationship of a capability module and its parameters.
type Test struct {
	CapabilityID string
	Relationship string
	Parameters   []Parameter
}

// Parameter is one name/value pair of a Test.
type Parameter struct {
	Name  string
	Value string
}

// Bounds on one query document.
const (
	maxQueryBytes     = 1 << 20
	maxQueryDepth     = 64
	maxQueryElements  = 10000
	maxQueryCriterion = 1000
)

const xsiNamespace = "http://www.w3.org/2001/XMLSchema-instance"

// Parse reads a Default_Query element, in either namespace family, or a TAXII Query element
// (any message namespace) whose format_id names the Default Query and whose only child is a
// Default_Query. The element must declare the namespaces it uses (raw inner XML cut out of
// a message may not: see ParseElement). A DOCTYPE is refused. Errors are *InvalidError, or
// *UnsupportedError (UNSUPPORTED_QUERY) when a Query element names a format_id that is not
// a Default Query.
func Parse(data []byte) (*Query, error) {
	root, err := readDocument(data)
	if err != nil {
		return nil, err
	}
	return fromTree(root)
}

// ParseElement reads a query from a decoder that has just returned start, the Query or
// Default_Query element, and consumes the decoder up to its end tag. It is for a server
// that decodes its TAXII messages with encoding/xml (e.g. from an UnmarshalXML method): the
// decoder keeps the namespace declarations of enclosing elements in scope, which the raw
// inner XML of the element would lose. The caller bounds the message size and should use a
// strict decoder without custom entities; ParseElement bounds element count and depth.
func ParseElement(dec *xml.Decoder, start xml.StartElement) (*Query, error) {
	root, err := readElement(dec, start)
	if err != nil {
		return nil, err
	}
	return fromTree(root)
}

// fromTree interprets the element tree of a Query or Default_Query element.
func fromTree(root *qnode) (*Query, error) {
	var err error
	formatID := ""
	if root.name.Local == "Query" {
		if _, known := familyOfNamespace(root.name.Space); !known {
			formatID, err = root.attr("format_id", "Query", true)
			if err != nil {
				return nil, err
			}
			if _, ok := familyOfFormat(formatID); !ok {
				return nil, &UnsupportedError{
					StatusType: StatusUnsupportedQuery,
					Details:    []StatusDetail{{DetailSupportedQuery, FormatID11}, {DetailSupportedQuery, FormatID111}},
					Message:    fmt.Sprintf("query format %q is not supported", formatID),
				}
			}
			if err := root.onlyAttrs("Query", "format_id"); err != nil {
				return nil, err
			}
			if root.hasText {
				return nil, invalidf("Query", "text is not allowed around Default_Query")
			}
			if len(root.children) != 1 || root.children[0].name.Local != "Default_Query" {
				return nil, invalidf("Query", "a Query with format_id %q must hold exactly one Default_Query element", formatID)
			}
			root = root.children[0]
		}
	}
	fam, known := familyOfNamespace(root.name.Space)
	if root.name.Local != "Default_Query" || !known {
		return nil, invalidf("", "root element is {%s}%s; want Default_Query in namespace %s or %s", root.name.Space, root.name.Local, Namespace111, Namespace11)
	}
	if formatID == "" {
		formatID = fam.FormatID()
	} else if ff, _ := familyOfFormat(formatID); ff != fam {
		return nil, invalidf("Query", "format_id %q belongs to TAXII %s but Default_Query is in the TAXII %s namespace", formatID, ff, fam)
	}
	p := &qparser{ns: fam.Namespace()}
	q := &Query{Family: fam, FormatID: formatID}
	if q.TargetingExpressionID, err = root.attr("targeting_expression_id", "Default_Query", true); err != nil {
		return nil, err
	}
	if err := root.onlyAttrs("Default_Query", "targeting_expression_id"); err != nil {
		return nil, err
	}
	kids, err := p.elements(root, "Default_Query")
	if err != nil {
		return nil, err
	}
	if len(kids) != 1 || kids[0].name.Local != "Criteria" {
		return nil, invalidf("Default_Query", "must hold exactly one Criteria element")
	}
	if q.Criteria, err = p.criteria(kids[0], "Criteria"); err != nil {
		return nil, err
	}
	return q, nil
}

// ParseReader reads at most the size limit from r and parses it like Parse.
func ParseReader(r io.Reader) (*Query, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxQueryBytes+1))
	if err != nil {
		return nil, invalidf("", "reading query: %v", err)
	}
	return Parse(data)
}

type qparser struct {
	ns        string
	criterion int
}

func (p *qparser) criteria(n *qnode, where string) (Criteria, error) {
	var c Criteria
	for _, a := range n.attrs {
		if a.Name.Space == "" && a.Name.Local == "negate" {
			return c, invalidf(where, "Criteria has no negate attribute in the Default Query (only Criterion has one, Part 5 §3.1.1)")
		}
	}
	op, err := n.attr("operator", where, true)
	if err != nil {
		return c, err
	}
	switch Operator(op) {
	case OperatorAnd, OperatorOr:
		c.Operator = Operator(op)
	default:
		return c, invalidf(where, "operator %q is neither AND nor OR", op)
	}
	if err := n.onlyAttrs(where, "operator"); err != nil {
		return c, err
	}
	kids, err := p.elements(n, where)
	if err != nil {
		return c, err
	}
	if len(kids) == 0 {
		return c, invalidf(where, "a Criteria needs at least one Criteria or Criterion")
	}
	for _, k := range kids {
		switch k.name.Local {
		case "Criteria":
			sub, err := p.criteria(k, fmt.Sprintf("%s/Criteria[%d]", where, len(c.Criteria)+1))
			if err != nil {
				return c, err
			}
			c.Criteria = append(c.Criteria, sub)
		case "Criterion":
			p.criterion++
			if p.criterion > maxQueryCriterion {
				return c, invalidf(where, "more than %d Criterion elements", maxQueryCriterion)
			}
			cr, err := p.criterionOf(k, fmt.Sprintf("%s/Criterion[%d]", where, len(c.Criterion)+1))
			if err != nil {
				return c, err
			}
			c.Criterion = append(c.Criterion, cr)
		default:
			return c, invalidf(where, "unexpected element %s in Criteria", k.name.Local)
		}
	}
	return c, nil
}

func (p *qparser) criterionOf(n *qnode, where string) (Criterion, error) {
	var c Criterion
	neg, err := n.attr("negate", where, false)
	if err != nil {
		return c, err
	}
	if neg != "" {
		if c.Negate, err = parseXSBoolean(neg); err != nil {
			return c, invalidf(where, "negate: %v", err)
		}
	}
	if err := n.onlyAttrs(where, "negate"); err != nil {
		return c, err
	}
	kids, err := p.elements(n, where)
	if err != nil {
		return c, err
	}
	if len(kids) != 2 || kids[0].name.Local != "Target" || kids[1].name.Local != "Test" {
		return c, invalidf(where, "a Criterion holds a Target then a Test")
	}
	if c.Target, err = p.leaf(kids[0], where+"/Target"); err != nil {
		return c, err
	}
	c.Target = strings.TrimSpace(c.Target)
	if err := kids[0].onlyAttrs(where + "/Target"); err != nil {
		return c, err
	}
	tw := where + "/Test"
	t := kids[1]
	if c.Test.CapabilityID, err = t.attr("capability_id", tw, true); err != nil {
		return c, err
	}
	if c.Test.Relationship, err = t.attr("relationship", tw, true); err != nil {
		return c, err
	}
	if err := t.onlyAttrs(tw, "capability_id", "relationship"); err != nil {
		return c, err
	}
	params, err := p.elements(t, tw)
	if err != nil {
		return c, err
	}
	for i, pn := range params {
		pw := fmt.Sprintf("%s/Parameter[%d]", tw, i+1)
		if pn.name.Local != "Parameter" {
			return c, invalidf(tw, "unexpected element %s in Test", pn.name.Local)
		}
		name, err := pn.attr("name", pw, true)
		if err != nil {
			return c, err
		}
		if err := pn.onlyAttrs(pw, "name"); err != nil {
			return c, err
		}
		val, err := p.leaf(pn, pw)
		if err != nil {
			return c, err
		}
		c.Test.Parameters = append(c.Test.Parameters, Parameter{Name: name, Value: val})
	}
	return c, nil
}

// elements returns n's child elements, all of which must be in the query namespace, and
// refuses text between them.
func (p *qparser) elements(n *qnode, where string) ([]*qnode, error) {
	if n.hasText {
		return nil, invalidf(where, "text is not allowed in %s", n.name.Local)
	}
	for _, k := range n.children {
		if k.name.Space != p.ns {
			return nil, invalidf(where, "element {%s}%s is not in the query namespace %s", k.name.Space, k.name.Local, p.ns)
		}
	}
	return n.children, nil
}

// leaf returns the text of an element that must not hold elements.
func (p *qparser) leaf(n *qnode, where string) (string, error) {
	if len(n.children) != 0 {
		return "", invalidf(where, "%s holds text only, not elements", n.name.Local)
	}
	return n.text.String(), nil
}

func parseXSBoolean(s string) (bool, error) {
	switch strings.TrimSpace(s) {
	case "true", "1":
		return true, nil
	case "false", "0":
		return false, nil
	}
	return false, fmt.Errorf("%q is not an XML boolean", s)
}

// qnode is an element of the small tree a query is read into first.
type qnode struct {
	name     xml.Name
	attrs    []xml.Attr
	children []*qnode
	text     strings.Builder
	hasText  bool // non-whitespace text seen
}

// attr returns the value of the unqualified attribute name, whitespace-collapsed at the ends.
func (n *qnode) attr(name, where string, required bool) (string, error) {
	for _, a := range n.attrs {
		if a.Name.Space == "" && a.Name.Local == name {
			v := strings.TrimSpace(a.Value)
			if required && v == "" {
				return "", invalidf(where, "attribute %s is empty", name)
			}
			return v, nil
		}
	}
	if required {
		return "", invalidf(where, "attribute %s is missing", name)
	}
	return "", nil
}

// onlyAttrs refuses attributes other than the allowed ones, namespace declarations and
// xsi: attributes (which every schema validator admits).
func (n *qnode) onlyAttrs(where string, allowed ...string) error {
	for _, a := range n.attrs {
		switch {
		case a.Name.Space == "xmlns", a.Name.Space == "" && a.Name.Local == "xmlns", a.Name.Space == xsiNamespace:
			continue
		case a.Name.Space == "":
			ok := false
			for _, x := range allowed {
				ok = ok || a.Name.Local == x
			}
			if ok {
				continue
			}
		}
		return invalidf(where, "unexpected attribute %s", qname(a.Name))
	}
	return nil
}

// readDocument parses a whole query document into qnodes under the query bounds.
func readDocument(data []byte) (*qnode, error) {
	if len(data) > maxQueryBytes {
		return nil, invalidf("", "query larger than %d bytes", maxQueryBytes)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, invalidf("", "empty query")
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	var root *qnode
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, invalidf("", "not well-formed XML: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if root != nil {
				return nil, invalidf("", "more than one root element")
			}
			if root, err = readElement(dec, t); err != nil {
				return nil, err
			}
		case xml.CharData:
			if len(bytes.TrimSpace(t)) != 0 {
				return nil, invalidf("", "text outside the root element")
			}
		case xml.Directive:
			return nil, invalidf("", "a DOCTYPE or other declaration is not accepted in a query")
		}
	}
	if root == nil {
		return nil, invalidf("", "no root element")
	}
	return root, nil
}

// readElement reads the element that start opened, up to its end tag, into qnodes.
func readElement(dec *xml.Decoder, start xml.StartElement) (*qnode, error) {
	root := &qnode{name: start.Name, attrs: start.Copy().Attr}
	stack := []*qnode{root}
	count := 1
	for len(stack) > 0 {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil, invalidf("", "unexpected end of input inside %s", stack[len(stack)-1].name.Local)
		}
		if err != nil {
			return nil, invalidf("", "not well-formed XML: %v", err)
		}
		top := stack[len(stack)-1]
		switch t := tok.(type) {
		case xml.StartElement:
			count++
			if count > maxQueryElements || len(stack) >= maxQueryDepth {
				return nil, invalidf("", "query larger than %d elements or nested deeper than %d", maxQueryElements, maxQueryDepth)
			}
			n := &qnode{name: t.Name, attrs: t.Copy().Attr}
			top.children = append(top.children, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1] // the decoder checks that tags pair up
		case xml.CharData:
			if top.text.Len()+len(t) > maxQueryBytes {
				return nil, invalidf("", "query text larger than %d bytes", maxQueryBytes)
			}
			top.text.Write(t)
			if len(bytes.TrimSpace(t)) != 0 {
				top.hasText = true
			}
		case xml.Directive:
			return nil, invalidf("", "a declaration is not accepted in a query")
		}
	}
	return root, nil
}
