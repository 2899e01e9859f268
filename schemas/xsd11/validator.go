package xsd11

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/lestrrat-go/libxml2/xsd"

	"github.com/taxii-conform/taxii-conform/schemas"
)

// MaxDocumentSize bounds the documents Validate accepts (libxml2 takes an int length,
// and a harness has no business holding more than this in memory for one message).
const MaxDocumentSize = 256 << 20

// maxDocumentSize is MaxDocumentSize, lowered by a test.
var maxDocumentSize = MaxDocumentSize

// Result is the outcome of validating one document.
type Result struct {
	// Family is "1.1" or "1.1.1", from the root element's namespace; empty when the
	// namespace is not one the validator knows.
	Family string `json:"family,omitempty"`
	// Message is the root element's local name, e.g. "Poll_Response" (or Default_Query /
	// Default_Query_Info for a query structure on its own); empty when the document could
	// not be parsed.
	Message string `json:"message,omitempty"`
	// Violations lists every way the document breaks the schema; empty when valid.
	Violations []schemas.Violation `json:"violations,omitempty"`
}

// Valid reports whether the document had no violation.
func (r Result) Valid() bool { return len(r.Violations) == 0 }

// compiled is one family's schema set, parsed once and read-only afterwards.
type compiled struct {
	fam    family
	schema *xsd.Schema
}

// Validator checks TAXII 1.x XML messages against XML Schema. It is safe for concurrent
// use: each call builds its own parser and validation contexts and only reads the
// compiled schemas.
type Validator struct {
	// source names the schema set in violations ("project" or "official").
	source string
	sets   map[string]*compiled // by family name
	// checkRules adds the co-occurrence rules of the spec text that XML Schema 1.0
	// cannot express (rules.go); only the project validator runs them.
	checkRules bool
}

// Families lists the families this validator can check, in a fixed order.
func (v *Validator) Families() []string {
	var out []string
	for _, f := range families {
		if _, ok := v.sets[f.Name]; ok {
			out = append(out, f.Name)
		}
	}
	return out
}

// Validate parses doc with network access, DTDs and entity substitution off and
// validates it against the schema of the family its root namespace names. Problems with
// the document (empty, not well-formed, unknown root, schema violations) are reported
// as Violations; the error is reserved for the validator itself failing.
func (v *Validator) Validate(doc []byte) (Result, error) {
	if v == nil || len(v.sets) == 0 {
		return Result{}, errors.New("xsd11: validator has no schemas (use New or LoadOfficial)")
	}
	var res Result
	if len(bytes.TrimSpace(doc)) == 0 {
		res.Violations = append(res.Violations, v.violation(res, reqWellFormed, "line 1", "", "the document is empty: a TAXII message is one XML element"))
		return res, nil
	}
	if len(doc) > maxDocumentSize {
		res.Violations = append(res.Violations, v.violation(res, reqWellFormed, "", "",
			fmt.Sprintf("the document is %d bytes, more than the %d this validator accepts", len(doc), maxDocumentSize)))
		return res, nil
	}

	c, err := newCollector()
	if err != nil {
		return res, err
	}
	defer c.free()

	p := parseUntrusted(doc, c)
	if p == nil {
		res.Violations = v.parseViolations(res, c)
		return res, nil
	}
	defer p.free()

	res.Message = p.RootName
	set, fam, vio := v.pickSchema(p)
	res.Family = fam
	if vio != nil {
		res.Violations = append(res.Violations, *vio)
		return res, nil
	}

	c.own(set.fam.BindingNS, set.fam.QueryNS, NSXMLDSig, "http://www.w3.org/2001/XMLSchema")
	if err := validateParsed(set.schema, p, c); err != nil {
		return res, err
	}
	// The element tree is copied out of libxml2 only when a mapping has to look at it.
	var tree *element
	elements := func() *element {
		if tree == nil {
			tree = p.tree(func(*element) bool { return false })
		}
		return tree
	}
	for _, e := range c.errors() {
		res.Violations = append(res.Violations, v.schemaViolation(res, set.fam, e, elements))
	}
	if n := c.dropped(); n > 0 {
		res.Violations = append(res.Violations, v.violation(res, reqForMessage(res.Message), "", "",
			fmt.Sprintf("%d further schema violations not listed", n)))
	}
	if v.checkRules && slices.Contains(Messages, res.Message) {
		res.Violations = append(res.Violations, v.ruleViolations(res, set.fam, p)...)
	}
	return res, nil
}

// pickSchema chooses the schema set from the root element's namespace and checks that
// the root is a TAXII message (or a Default Query structure).
func (v *Validator) pickSchema(p *parsed) (*compiled, string, *schemas.Violation) {
	res := Result{Message: p.RootName}
	loc := fmt.Sprintf("line %d /%s", p.RootLine, p.RootName)
	for _, f := range families {
		if p.RootNS != f.BindingNS && p.RootNS != f.QueryNS {
			continue
		}
		res.Family = f.Name
		set, ok := v.sets[f.Name]
		if !ok {
			vio := v.violation(res, reqRootElement, loc, "",
				fmt.Sprintf("TAXII %s documents cannot be checked: this validator has no schema for namespace %s", f.Name, p.RootNS))
			return nil, f.Name, &vio
		}
		if p.RootNS == f.BindingNS && !slices.Contains(Messages, p.RootName) {
			vio := v.violation(res, reqRootElement, loc, "",
				fmt.Sprintf("%s is not a TAXII message: the root element must be one of %s", p.RootName, strings.Join(Messages, ", ")))
			return nil, f.Name, &vio
		}
		if p.RootNS == f.QueryNS && !slices.Contains(queryRoots, p.RootName) {
			vio := v.violation(res, reqQueryStructure, loc, "",
				fmt.Sprintf("%s is not a Default Query structure: expected Default_Query or Default_Query_Info", p.RootName))
			return nil, f.Name, &vio
		}
		return set, f.Name, nil
	}
	var msg string
	switch {
	case p.RootNS == "":
		msg = fmt.Sprintf("root element %s has no namespace: TAXII 1.1 messages use %s, TAXII 1.1.1 messages %s", p.RootName, NSBinding11, NSBinding111)
	case p.RootNS == NSBinding111Draft:
		msg = fmt.Sprintf("namespace %s is the spelling of the Part 4 working draft; TAXII 1.1.1 as published uses %s", p.RootNS, NSBinding111)
	default:
		msg = fmt.Sprintf("root element %s is in namespace %s, which is neither TAXII 1.1 (%s) nor TAXII 1.1.1 (%s)", p.RootName, p.RootNS, NSBinding11, NSBinding111)
	}
	vio := v.violation(res, reqRootElement, loc, "", msg)
	return nil, "", &vio
}

// parseViolations turns the parser's errors into violations.
func (v *Validator) parseViolations(res Result, c *collector) []schemas.Violation {
	if c.sawDoctype() {
		return []schemas.Violation{v.violation(res, reqWellFormed, lineOf(c.doctypeLine()), "no-doctype",
			"the document has a document type declaration (DOCTYPE); TAXII messages need none, and entity declarations are refused so nothing is expanded or fetched")}
	}
	var out []schemas.Violation
	for _, e := range c.errors() {
		if e.Code == codeUserStop {
			continue
		}
		out = append(out, v.violation(res, reqWellFormed, lineOf(e.Line), "well-formedness", "not well-formed XML: "+cleanMessage(e.Msg, family{})))
	}
	if len(out) == 0 {
		out = append(out, v.violation(res, reqWellFormed, "", "well-formedness", "not well-formed XML"))
	}
	if n := c.dropped(); n > 0 {
		out = append(out, v.violation(res, reqWellFormed, "", "", fmt.Sprintf("%d further parse errors not listed", n)))
	}
	return out
}

func lineOf(n int) string {
	if n <= 0 {
		return ""
	}
	return fmt.Sprintf("line %d", n)
}

// schemaViolation turns one libxml2 validation error into a violation, naming the
// requirement the broken rule encodes; doc gives the document's element tree.
func (v *Validator) schemaViolation(res Result, f family, e rawError, doc func() *element) schemas.Violation {
	msg := cleanMessage(e.Msg, f)
	loc := lineOf(e.Line)
	if e.Path != "" {
		if loc != "" {
			loc += " "
		}
		loc += e.Path
	}
	rule := ruleName(e.Code)
	req, missing := requirementFor(res.Message, e.Path, e.Code, msg, doc)
	if missing {
		msg += " " + missingElementNote
	}
	return v.violation(res, req, loc, rule, msg)
}

// missingElementNote ends the message of a violation that libxml2 words as an element out of
// place when a required element before it is absent.
const missingElementNote = "(the expected element is missing, not out of place)"

// MissingField reports whether a violation says that a required attribute or element of the
// message is absent, whatever requirement it names.
func MissingField(vi schemas.Violation) bool {
	return strings.Contains(vi.Message, "is required but missing") || strings.Contains(vi.Message, "Missing child element") ||
		strings.HasSuffix(vi.Message, missingElementNote)
}

func (v *Validator) violation(res Result, req, loc, rule, msg string) schemas.Violation {
	return schemas.Violation{
		Requirement: req,
		Schema:      v.schemaName(res),
		Location:    loc,
		Rule:        rule,
		Message:     msg,
	}
}

// schemaName reads e.g. "taxii-1.1/Poll_Response" or "official taxii-1.1.1/Poll_Request".
func (v *Validator) schemaName(res Result) string {
	name := "taxii"
	if res.Family != "" {
		name += "-" + res.Family
	}
	if res.Message != "" {
		name += "/" + res.Message
	}
	if v.source != "" && v.source != "project" {
		name = v.source + " " + name
	}
	return name
}

var spaces = regexp.MustCompile(`\s+`)

// cleanMessage makes libxml2's text readable: namespace URIs in braces become the usual
// prefixes (none for the binding), and line breaks go. It only shortens, so the C side's
// XV_MAX_MSG cap still bounds the result.
func cleanMessage(msg string, f family) string {
	if f.BindingNS != "" {
		msg = strings.ReplaceAll(msg, "{"+f.BindingNS+"}", "")
	}
	if f.QueryNS != "" {
		msg = strings.ReplaceAll(msg, "{"+f.QueryNS+"}", "tdq:")
	}
	msg = strings.ReplaceAll(msg, "{"+NSXMLDSig+"}", "ds:")
	return spaces.ReplaceAllString(strings.TrimSpace(msg), " ")
}

// ruleName names the XML Schema validation rule (XML Schema Part 1 "cvc-…" codes) for
// the libxml2 error codes a TAXII message can trigger.
func ruleName(code int) string {
	if r, ok := cvcRules[code]; ok {
		return r
	}
	return fmt.Sprintf("libxml2 error %d", code)
}

// Codes from libxml2's xmlerror.h (XML_SCHEMAV_*), which mirror the spec's rule names.
var cvcRules = map[int]string{
	1801: "cvc-elt.1 (no root declaration)",
	1824: "cvc-datatype-valid.1.2.1",
	1825: "cvc-datatype-valid.1.2.2",
	1826: "cvc-datatype-valid.1.2.3",
	1827: "cvc-type.3.1.1",
	1828: "cvc-type.3.1.2",
	1829: "cvc-facet-valid",
	1830: "cvc-length-valid",
	1831: "cvc-minLength-valid",
	1832: "cvc-maxLength-valid",
	1833: "cvc-minInclusive-valid",
	1834: "cvc-maxInclusive-valid",
	1835: "cvc-minExclusive-valid",
	1836: "cvc-maxExclusive-valid",
	1837: "cvc-totalDigits-valid",
	1838: "cvc-fractionDigits-valid",
	1839: "cvc-pattern-valid",
	1840: "cvc-enumeration-valid",
	1841: "cvc-complex-type.2.1",
	1842: "cvc-complex-type.2.2",
	1843: "cvc-complex-type.2.3",
	1844: "cvc-complex-type.2.4",
	1845: "cvc-elt.1",
	1846: "cvc-elt.2",
	1847: "cvc-elt.3.1",
	1848: "cvc-elt.3.2.1",
	1849: "cvc-elt.3.2.2",
	1850: "cvc-elt.4.1",
	1851: "cvc-elt.4.2",
	1852: "cvc-elt.4.3",
	1853: "cvc-elt.5.1.1",
	1854: "cvc-elt.5.1.2",
	1855: "cvc-elt.5.2.1",
	1856: "cvc-elt.5.2.2.1",
	1857: "cvc-elt.5.2.2.2.1",
	1858: "cvc-elt.5.2.2.2.2",
	1859: "cvc-elt.6",
	1860: "cvc-elt.7",
	1861: "cvc-attribute.1",
	1862: "cvc-attribute.2",
	1863: "cvc-attribute.3",
	1864: "cvc-attribute.4",
	1865: "cvc-complex-type.3.1",
	1866: "cvc-complex-type.3.2.1",
	1867: "cvc-complex-type.3.2.2",
	1868: "cvc-complex-type.4",
	1869: "cvc-complex-type.5.1",
	1870: "cvc-complex-type.5.2",
	1871: "cvc-complex-type.2.4 (element content)",
	1872: "cvc-elt.1 (document element missing)",
	1873: "cvc-complex-type.1",
	1874: "cvc-au",
	1875: "cvc-type.1",
	1876: "cvc-type.2",
	1877: "cvc-identity-constraint",
	1878: "cvc-wildcard",
	1879: "xsd (misc)",
}
