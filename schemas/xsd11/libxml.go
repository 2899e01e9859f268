package xsd11

/*
#cgo pkg-config: libxml-2.0
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

// Bounds on what one document may produce, so a hostile document cannot make the
// collector grow without limit.
#define XV_MAX_ERRORS 64
#define XV_MAX_MSG 1024
#define XV_MAX_PATH 1024
#define XV_MAX_DEPTH 128

typedef struct {
	int line;
	int code;
	char *msg;
	char *path;
} xv_error;

#define XV_MAX_OWN 4

typedef struct {
	xv_error errs[XV_MAX_ERRORS];
	int n;
	int dropped;
	int doctype;
	// Namespaces whose schemas the validator has; an xsi:type naming a type of any other
	// namespace is third-party content and not an error (see foreignXSIType in Go).
	char *own[XV_MAX_OWN];
	int nown;
	int foreign;
} xv_errors;

static void xv_errors_free(xv_errors *acc) {
	int i;
	if (acc == NULL) return;
	for (i = 0; i < acc->n; i++) {
		free(acc->errs[i].msg);
		free(acc->errs[i].path);
	}
	for (i = 0; i < acc->nown; i++) free(acc->own[i]);
	free(acc);
}

static void xv_errors_own(xv_errors *acc, const char *ns) {
	if (acc->nown < XV_MAX_OWN) acc->own[acc->nown++] = strdup(ns);
}

// xv_foreign_xsi_type tells an unresolvable xsi:type naming a type outside the
// validator's own namespaces (libxml2's text: "The QName value '{ns}local' of the xsi:type
// attribute does not resolve to a type definition.").
static int xv_foreign_xsi_type(xv_errors *acc, xmlErrorPtr err) {
	const char *m, *start, *end;
	int i;
	if (err->code != XML_SCHEMAV_CVC_ELT_4_2 || err->message == NULL) return 0;
	m = strstr(err->message, "The QName value '");
	if (m == NULL || strstr(m, "of the xsi:type attribute does not resolve") == NULL) return 0;
	start = m + strlen("The QName value '");
	if (*start != '{') return 1; // no namespace: not one of ours
	start++;
	end = strchr(start, '}');
	if (end == NULL) return 0;
	for (i = 0; i < acc->nown; i++) {
		if (strlen(acc->own[i]) == (size_t) (end - start) && strncmp(acc->own[i], start, end - start) == 0) return 0;
	}
	return 1;
}

static xv_errors *xv_errors_new(void) {
	return (xv_errors *) calloc(1, sizeof(xv_errors));
}

// xv_strndup copies at most max bytes of s and always terminates the copy.
static char *xv_strndup(const char *s, size_t max) {
	size_t n;
	char *out;
	if (s == NULL) return NULL;
	n = strnlen(s, max);
	out = (char *) malloc(n + 1);
	if (out == NULL) return NULL;
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

// xv_append writes s into buf at *pos without overrunning cap; it reports 0 once the
// buffer is full so the caller can stop.
static int xv_append(char *buf, size_t cap, size_t *pos, const char *s) {
	size_t n = strlen(s);
	if (*pos + n + 1 > cap) return 0;
	memcpy(buf + *pos, s, n);
	*pos += n;
	buf[*pos] = '\0';
	return 1;
}

// xv_node_path builds a location such as /Poll_Response/Content_Block[2]/@binding_id from
// local names, so that it reads the same whatever prefixes the sender chose. The index
// is given only when siblings share the name.
static char *xv_node_path(xmlNodePtr node) {
	xmlNodePtr chain[XV_MAX_DEPTH];
	int depth = 0, i;
	char buf[XV_MAX_PATH];
	char seg[64];
	size_t pos = 0;
	const xmlChar *attr = NULL;
	xmlNodePtr cur = node;

	if (cur == NULL) return NULL;
	if (cur->type == XML_ATTRIBUTE_NODE) {
		attr = cur->name;
		cur = cur->parent;
	}
	while (cur != NULL && cur->type == XML_ELEMENT_NODE && depth < XV_MAX_DEPTH) {
		chain[depth++] = cur;
		cur = cur->parent;
	}
	buf[0] = '\0';
	if (cur != NULL && cur->type == XML_ELEMENT_NODE) {
		// Deeper than XV_MAX_DEPTH: mark the elision at the front.
		xv_append(buf, sizeof(buf), &pos, "/...");
	}
	for (i = depth - 1; i >= 0; i--) {
		xmlNodePtr n = chain[i], s;
		int idx = 0, count = 0;
		for (s = n->parent ? n->parent->children : n; s != NULL; s = s->next) {
			if (s->type != XML_ELEMENT_NODE || !xmlStrEqual(s->name, n->name)) continue;
			count++;
			if (s == n) idx = count;
		}
		if (!xv_append(buf, sizeof(buf), &pos, "/")) break;
		if (!xv_append(buf, sizeof(buf), &pos, (const char *) n->name)) break;
		if (count > 1) {
			snprintf(seg, sizeof(seg), "[%d]", idx);
			if (!xv_append(buf, sizeof(buf), &pos, seg)) break;
		}
	}
	if (attr != NULL) {
		if (xv_append(buf, sizeof(buf), &pos, "/@")) xv_append(buf, sizeof(buf), &pos, (const char *) attr);
	}
	return xv_strndup(buf, sizeof(buf));
}

static void xv_collect(xv_errors *acc, xmlErrorPtr err) {
	xv_error *e;
	xmlNodePtr node = NULL;
	if (acc == NULL || err == NULL) return;
	if (err->level == XML_ERR_WARNING) return;
	if (err->domain == XML_FROM_SCHEMASV && xv_foreign_xsi_type(acc, err)) {
		acc->foreign++;
		return;
	}
	if (acc->n >= XV_MAX_ERRORS) {
		acc->dropped++;
		return;
	}
	e = &acc->errs[acc->n++];
	e->line = err->line;
	e->code = err->code;
	e->msg = xv_strndup(err->message != NULL ? err->message : "unknown error", XV_MAX_MSG);
	// Only schema validation errors carry a node of the finished tree; parser errors
	// point into a tree that is still being built.
	if (err->domain == XML_FROM_SCHEMASV) node = (xmlNodePtr) err->node;
	e->path = node != NULL ? xv_node_path(node) : NULL;
}

// Parser errors arrive with the parser context as user data (libxml2 passes
// ctxt->userData, which is the context itself); the collector hangs off _private.
static void xv_parser_error(void *data, xmlErrorPtr err) {
	xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr) data;
	if (ctxt == NULL) return;
	xv_collect((xv_errors *) ctxt->_private, err);
}

static void xv_schema_error(void *data, xmlErrorPtr err) {
	xv_collect((xv_errors *) data, err);
}

// A document type declaration is where entities (internal, external, parameter) are
// declared. TAXII messages never need one, so the parser stops the moment it sees one:
// nothing in the subset is read, so nothing is expanded or fetched.
static void xv_internal_subset(void *data, const xmlChar *name, const xmlChar *ext, const xmlChar *sys) {
	xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr) data;
	if (ctxt == NULL) return;
	// doctype holds the line of the declaration (at least 1).
	if (ctxt->_private != NULL) {
		int line = ctxt->input != NULL ? ctxt->input->line : 0;
		((xv_errors *) ctxt->_private)->doctype = line > 0 ? line : 1;
	}
	xmlStopParser(ctxt);
}

// Options for documents from a remote party: no network, no entity substitution, no
// DTD loading or defaulting, no XInclude, libxml2's default size limits (no HUGE).
#define XV_PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES)

static xmlDocPtr xv_parse(const char *buf, int len, xv_errors *acc) {
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	ctxt = xmlCreateMemoryParserCtxt(buf, len);
	if (ctxt == NULL) return NULL;
	xmlCtxtUseOptions(ctxt, XV_PARSE_OPTIONS);
	ctxt->_private = acc;
	ctxt->sax->internalSubset = xv_internal_subset;
	ctxt->sax->serror = xv_parser_error;
	xmlParseDocument(ctxt);
	doc = ctxt->myDoc;
	ctxt->myDoc = NULL;
	if (!ctxt->wellFormed || !ctxt->nsWellFormed || acc->doctype ||
	    (doc != NULL && (doc->intSubset != NULL || doc->extSubset != NULL))) {
		if (doc != NULL && (doc->intSubset != NULL || doc->extSubset != NULL) && !acc->doctype) acc->doctype = 1;
		if (doc != NULL) xmlFreeDoc(doc);
		doc = NULL;
	}
	ctxt->_private = NULL;
	xmlFreeParserCtxt(ctxt);
	return doc;
}

// The schema arrives as an integer because the Go binding hands out its pointer as a
// uintptr.
static int xv_validate(uintptr_t schema, xmlDocPtr doc, xv_errors *acc) {
	xmlSchemaValidCtxtPtr v;
	int rc;
	if (schema == 0) return -1;
	v = xmlSchemaNewValidCtxt((xmlSchemaPtr) schema);
	if (v == NULL) return -1;
	xmlSchemaSetValidStructuredErrors(v, xv_schema_error, acc);
	rc = xmlSchemaValidateDoc(v, doc);
	xmlSchemaFreeValidCtxt(v);
	return rc;
}

static const char *xv_root_name(xmlDocPtr doc) {
	xmlNodePtr root = xmlDocGetRootElement(doc);
	return root != NULL ? (const char *) root->name : NULL;
}

static const char *xv_root_ns(xmlDocPtr doc) {
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (root == NULL || root->ns == NULL) return NULL;
	return (const char *) root->ns->href;
}

static int xv_root_line(xmlDocPtr doc) {
	xmlNodePtr root = xmlDocGetRootElement(doc);
	return root != NULL ? (int) xmlGetLineNo(root) : 0;
}

static xv_error *xv_error_at(xv_errors *acc, int i) { return &acc->errs[i]; }

static xmlNodePtr xv_root(xmlDocPtr doc) { return xmlDocGetRootElement(doc); }

static int xv_is_element(xmlNodePtr n) { return n != NULL && n->type == XML_ELEMENT_NODE; }

static int xv_line(xmlNodePtr n) { return (int) xmlGetLineNo(n); }

// Attribute and text values come back malloc'd by libxml2; xv_free returns them.
static char *xv_attr_value(xmlAttrPtr a) {
	return (char *) xmlNodeListGetString(a->doc, a->children, 1);
}

static char *xv_text(xmlNodePtr n) { return (char *) xmlNodeGetContent(n); }

static void xv_free(void *p) { if (p != NULL) xmlFree(p); }

// xv_heap_in_use reports the bytes malloc has handed out and not taken back, for the test
// that checks validation does not leak C memory; 0 where glibc's mallinfo2 is missing.
static size_t xv_heap_in_use(void) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
	struct mallinfo2 mi = mallinfo2();
	return mi.uordblks;
#else
	return 0;
#endif
}
*/
import "C"

import (
	"errors"
	"unsafe"

	"github.com/lestrrat-go/libxml2/xsd"
)

func init() {
	// libxml2 wants one initialisation before threads use it.
	C.xmlInitParser()
}

// rawError is one libxml2 error, copied out of C memory.
type rawError struct {
	Line int
	Code int
	Msg  string
	Path string
}

// libxml2 error codes that matter here (xmlerror.h), and the collector's bound.
const (
	codeUserStop = int(C.XML_ERR_USER_STOP)
	maxCollected = int(C.XV_MAX_ERRORS)
)

// codeXSITypeUnresolved is libxml2's XML_SCHEMAV_CVC_ELT_4_2: an xsi:type that names no
// type of the schema. libxml2 reports it even under a lax wildcard, where TAXII wants
// content without a known schema to pass (Part 4 §2.2.2): STIX 1.x packages in <Content>
// carry xsi:type on almost every object. The collector (xv_foreign_xsi_type) therefore
// drops it when the type's namespace is not one the schema set defines; an unresolvable
// type in the TAXII, Default Query or XML Signature namespace still counts.
const codeXSITypeUnresolved = int(C.XML_SCHEMAV_CVC_ELT_4_2)

// parsed is a document parsed by libxml2; free must be called exactly once.
type parsed struct {
	doc      *C.xmlDoc
	RootName string
	RootNS   string
	RootLine int
}

func (p *parsed) free() {
	if p != nil && p.doc != nil {
		C.xmlFreeDoc(p.doc)
		p.doc = nil
	}
}

// collector gathers errors from one parse or one validation.
type collector struct {
	acc *C.xv_errors
}

func newCollector() (*collector, error) {
	acc := C.xv_errors_new()
	if acc == nil {
		return nil, errors.New("xsd11: out of memory")
	}
	return &collector{acc: acc}, nil
}

func (c *collector) free() {
	C.xv_errors_free(c.acc)
	c.acc = nil
}

func (c *collector) sawDoctype() bool { return c.acc.doctype != 0 }

// doctypeLine is the line of the document type declaration.
func (c *collector) doctypeLine() int { return int(c.acc.doctype) }

// own names the namespaces whose types the validator's schemas define (see
// foreignXSIType).
func (c *collector) own(namespaces ...string) {
	for _, ns := range namespaces {
		cs := C.CString(ns)
		C.xv_errors_own(c.acc, cs)
		C.free(unsafe.Pointer(cs))
	}
}

func (c *collector) dropped() int { return int(c.acc.dropped) }

func (c *collector) errors() []rawError {
	n := int(c.acc.n)
	out := make([]rawError, 0, n)
	for i := 0; i < n; i++ {
		e := C.xv_error_at(c.acc, C.int(i))
		r := rawError{Line: int(e.line), Code: int(e.code)}
		if e.msg != nil {
			r.Msg = C.GoString(e.msg)
		}
		if e.path != nil {
			r.Path = C.GoString(e.path)
		}
		out = append(out, r)
	}
	return out
}

// parseUntrusted parses doc with the hardened options. It returns nil and the collected
// errors when the document is not well-formed or declares a document type.
func parseUntrusted(doc []byte, c *collector) *parsed {
	d := C.xv_parse((*C.char)(unsafe.Pointer(&doc[0])), C.int(len(doc)), c.acc)
	if d == nil {
		return nil
	}
	p := &parsed{doc: d, RootLine: int(C.xv_root_line(d))}
	if n := C.xv_root_name(d); n != nil {
		p.RootName = C.GoString(n)
	}
	if ns := C.xv_root_ns(d); ns != nil {
		p.RootNS = C.GoString(ns)
	}
	return p
}

// validateParsed validates p against s, collecting schema errors into c. It reports an
// error only when libxml2 could not run the validation at all.
func validateParsed(s *xsd.Schema, p *parsed, c *collector) error {
	rc := C.xv_validate(C.uintptr_t(s.Pointer()), p.doc, c.acc)
	if rc < 0 {
		return errors.New("xsd11: libxml2 could not run schema validation")
	}
	return nil
}

// element is the part of a parsed element the co-occurrence rules (rules.go) look at.
type element struct {
	Name  string
	NS    string
	Line  int
	Attrs map[string]string // attributes without a namespace
	Text  string            // text content, for elements without element children
	Kids  []*element
}

// child returns the first child with the given local name, or nil.
func (e *element) child(name string) *element {
	for _, k := range e.Kids {
		if k.Name == name {
			return k
		}
	}
	return nil
}

// children returns every child with the given local name.
func (e *element) children(name string) []*element {
	var out []*element
	for _, k := range e.Kids {
		if k.Name == name {
			out = append(out, k)
		}
	}
	return out
}

// tree copies the element structure of p into Go values. Subtrees for which opaque
// reports true are kept as a bare element (name, attributes, no children, no text), so
// large third-party content (a STIX package in <Content>) is not copied.
func (p *parsed) tree(opaque func(e *element) bool) *element {
	root := C.xv_root(p.doc)
	if root == nil {
		return nil
	}
	return copyElement(root, opaque, 0)
}

// maxTreeDepth bounds recursion; libxml2 itself refuses documents nested deeper than 256.
const maxTreeDepth = 300

func copyElement(n *C.xmlNode, opaque func(e *element) bool, depth int) *element {
	e := &element{Name: C.GoString((*C.char)(unsafe.Pointer(n.name))), Line: int(C.xv_line(n)), Attrs: map[string]string{}}
	if n.ns != nil && n.ns.href != nil {
		e.NS = C.GoString((*C.char)(unsafe.Pointer(n.ns.href)))
	}
	for a := n.properties; a != nil; a = a.next {
		if a.ns != nil {
			continue
		}
		v := C.xv_attr_value(a)
		e.Attrs[C.GoString((*C.char)(unsafe.Pointer(a.name)))] = C.GoString(v)
		C.xv_free(unsafe.Pointer(v))
	}
	if opaque(e) || depth >= maxTreeDepth {
		return e
	}
	leaf := true
	for k := n.children; k != nil; k = k.next {
		if C.xv_is_element(k) != 0 {
			leaf = false
			e.Kids = append(e.Kids, copyElement(k, opaque, depth+1))
		}
	}
	if leaf {
		t := C.xv_text(n)
		e.Text = C.GoString(t)
		C.xv_free(unsafe.Pointer(t))
	}
	return e
}

// cHeapInUse is the C heap in use, in bytes (glibc mallinfo2), or 0 when unknown.
func cHeapInUse() uint64 { return uint64(C.xv_heap_in_use()) }
