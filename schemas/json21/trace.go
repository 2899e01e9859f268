package json21

import (
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/taxii-conform/taxii-conform/schemas"
)

// The annotation keywords the schemas carry.
const (
	annRequirement  = "x-requirement"  // string: the requirement the whole subschema encodes
	annRequirements = "x-requirements" // object: keyword (or "required/<name>") to requirement
	annMessage      = "x-message"      // string: message for a failure of this subschema's keywords
)

// rawSchemas is the schema files as plain JSON, by $id, for reading annotations.
type rawSchemas struct {
	bytes map[string][]byte
	docs  map[string]any
}

func readRaw(fsys fs.FS) (*rawSchemas, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, err
	}
	r := &rawSchemas{bytes: map[string][]byte{}, docs: map[string]any{}}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		doc, err := decodeNumber(data)
		if err != nil {
			return nil, fmt.Errorf("json21: %s: %w", name, err)
		}
		m, _ := doc.(map[string]any)
		id, _ := m["$id"].(string)
		if id != BaseURL+name {
			return nil, fmt.Errorf("json21: %s: $id is %q, want %q", name, id, BaseURL+name)
		}
		r.bytes[id] = data
		r.docs[id] = doc
	}
	return r, nil
}

// defaultRequirement is the requirement a kind's schema names at its root.
func defaultRequirement(r *rawSchemas, kind Kind) string {
	m, _ := r.docs[kind.URL()].(map[string]any)
	id, _ := m[annRequirement].(string)
	return id
}

// walk follows a keyword location (as the validator reports it, $refs included) from the root
// schema of kind, and returns the requirement of the nearest enclosing annotation, the schema
// object that holds the failing keyword, and that keyword.
func (r *rawSchemas) walk(kind Kind, keywordLocation string) (req string, holder map[string]any, keyword string) {
	base, _ := url.Parse(kind.URL())
	var cur any = r.docs[kind.URL()]
	if m, ok := cur.(map[string]any); ok {
		req, _ = m[annRequirement].(string)
	}
	tokens := strings.Split(strings.TrimPrefix(keywordLocation, "/"), "/")
	if keywordLocation == "" {
		tokens = nil
	}
	for _, raw := range tokens {
		tok := locationToken(raw)
		m, isMap := cur.(map[string]any)
		if isMap {
			holder, keyword = m, tok
			if xr, ok := m[annRequirements].(map[string]any); ok {
				if id, ok := xr[tok].(string); ok {
					req = id
				}
			}
		}
		switch {
		case isMap && (tok == "$ref" || tok == "$dynamicRef"):
			ref, _ := m[tok].(string)
			next, nbase, ok := r.resolve(base, ref)
			if !ok {
				return req, holder, keyword
			}
			cur, base = next, nbase
		case isMap:
			cur = m[tok]
		default:
			a, ok := cur.([]any)
			i, err := strconv.Atoi(tok)
			if !ok || err != nil || i < 0 || i >= len(a) {
				return req, holder, keyword
			}
			cur = a[i]
		}
		if m, ok := cur.(map[string]any); ok {
			if id, ok := m["$id"].(string); ok {
				if u, err := base.Parse(id); err == nil {
					base = u
				}
			}
			if id, ok := m[annRequirement].(string); ok {
				req = id
			}
		}
	}
	return req, holder, keyword
}

// resolve finds the schema a $ref names, relative to base.
func (r *rawSchemas) resolve(base *url.URL, ref string) (any, *url.URL, bool) {
	u, err := base.Parse(ref)
	if err != nil {
		return nil, nil, false
	}
	frag := u.Fragment
	doc := *u
	doc.Fragment, doc.RawFragment = "", ""
	node, ok := r.docs[doc.String()]
	if !ok {
		return nil, nil, false
	}
	if frag != "" {
		for _, raw := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
			tok := unescapePointer(raw)
			switch n := node.(type) {
			case map[string]any:
				node, ok = n[tok]
			case []any:
				i, err := strconv.Atoi(tok)
				ok = err == nil && i >= 0 && i < len(n)
				if ok {
					node = n[i]
				}
			default:
				ok = false
			}
			if !ok {
				return nil, nil, false
			}
		}
	}
	return node, &doc, true
}

// summaryKeywords are keywords whose failure is reported as one violation rather than as the
// failures of each alternative they tried.
var summaryKeywords = map[string]bool{"anyOf": true, "oneOf": true, "minContains": true}

// explain turns a validation error tree into violations, one per leaf failure (one per
// missing property for "required").
func (r *rawSchemas) explain(kind Kind, ve *jsonschema.ValidationError, instance any) []schemas.Violation {
	var out []schemas.Violation
	var visit func(e *jsonschema.ValidationError)
	visit = func(e *jsonschema.ValidationError) {
		last := e.KeywordLocation[strings.LastIndex(e.KeywordLocation, "/")+1:]
		if len(e.Causes) > 0 && !summaryKeywords[last] {
			for _, c := range e.Causes {
				visit(c)
			}
			return
		}
		out = append(out, r.leaf(kind, e, instance)...)
	}
	visit(ve)
	return out
}

func (r *rawSchemas) leaf(kind Kind, e *jsonschema.ValidationError, instance any) []schemas.Violation {
	req, holder, keyword := r.walk(kind, e.KeywordLocation)
	loc := pointer(e.InstanceLocation)
	if req == "" {
		req = defaultRequirement(r, kind)
	}
	rule := strings.TrimPrefix(e.AbsoluteKeywordLocation, BaseURL)
	msg := e.Message
	if m, ok := holder[annMessage].(string); ok && keyword != "required" {
		msg = m
	}
	if keyword == "anyOf" || keyword == "oneOf" || keyword == "minContains" {
		msg = summarize(msg, e)
	}
	mk := func(req, loc, msg string) schemas.Violation {
		return schemas.Violation{Requirement: req, Schema: string(kind), Location: loc, Rule: rule, Message: msg}
	}
	if v, ok := r.nameCase(kind, e, loc); ok {
		return []schemas.Violation{v}
	}
	obj, _ := pointerGet(instance, loc).(map[string]any)
	switch keyword {
	case "required":
		var out []schemas.Violation
		xr, _ := holder[annRequirements].(map[string]any)
		names, _ := holder["required"].([]any)
		for _, n := range names {
			name, _ := n.(string)
			if _, present := obj[name]; present || obj == nil {
				continue
			}
			id := req
			if s, ok := xr["required/"+name].(string); ok {
				id = s
			}
			out = append(out, mk(id, loc+"/"+escapePointer(name), fmt.Sprintf("required property %q is missing", name)))
		}
		if len(out) > 0 {
			return out
		}
	}
	return []schemas.Violation{mk(req, loc, msg)}
}

// nameCase recognises a failure of a property name that differs from a defined one only in case
// (section 3.8), and words it so; every rule such a name breaks then gives the same violation.
func (r *rawSchemas) nameCase(kind Kind, e *jsonschema.ValidationError, loc string) (schemas.Violation, bool) {
	i := strings.LastIndex(e.KeywordLocation, "/propertyNames/")
	if i < 0 {
		return schemas.Violation{}, false
	}
	_, holder, _ := r.walk(kind, e.KeywordLocation[:i]+"/propertyNames")
	props, _ := holder["properties"].(map[string]any)
	name := unescapePointer(loc[strings.LastIndex(loc, "/")+1:])
	for defined := range props {
		if defined != name && strings.EqualFold(defined, name) {
			rule := kind.File() + "#" + e.KeywordLocation[:i] + "/propertyNames"
			return schemas.Violation{
				Requirement: ReqPropertyNameCase, Schema: string(kind), Location: loc, Rule: rule,
				Message: fmt.Sprintf("property name %q differs from the defined %q in case", name, defined),
			}, true
		}
	}
	return schemas.Violation{}, false
}

// summarize adds the failures of each alternative to the message of a summary keyword.
func summarize(msg string, e *jsonschema.ValidationError) string {
	var parts []string
	var leaves func(e *jsonschema.ValidationError)
	leaves = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			parts = append(parts, e.Message)
			return
		}
		for _, c := range e.Causes {
			leaves(c)
		}
	}
	for _, c := range e.Causes {
		leaves(c)
	}
	if len(parts) == 0 {
		return msg
	}
	if len(parts) > 3 {
		parts = append(parts[:3], fmt.Sprintf("and %d more", len(parts)-3))
	}
	return msg + " (" + strings.Join(parts, "; ") + ")"
}

// The validator writes its locations as URI fragments: each JSON pointer token is also
// percent-encoded. locationToken decodes one token to the name it stands for; pointer rewrites a
// location as a plain JSON pointer (RFC 6901).
func locationToken(raw string) string {
	if s, err := url.PathUnescape(raw); err == nil {
		raw = s
	}
	return unescapePointer(raw)
}

func pointer(loc string) string {
	if !strings.Contains(loc, "%") {
		return loc
	}
	parts := strings.Split(loc, "/")
	for i, p := range parts {
		if s, err := url.PathUnescape(p); err == nil {
			parts[i] = s
		}
	}
	return strings.Join(parts, "/")
}

// pointerGet returns the value at a JSON pointer in v, or nil.
func pointerGet(v any, ptr string) any {
	if ptr == "" {
		return v
	}
	for _, raw := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		tok := unescapePointer(raw)
		switch n := v.(type) {
		case map[string]any:
			v = n[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n) {
				return nil
			}
			v = n[i]
		default:
			return nil
		}
	}
	return v
}

// Annotations lists every requirement ID the embedded schemas name, sorted and distinct.
func Annotations() ([]string, error) {
	raw, err := readRaw(Files())
	if err != nil {
		return nil, err
	}
	docs := make([]any, 0, len(raw.docs))
	for _, d := range raw.docs {
		docs = append(docs, d)
	}
	return AnnotatedRequirements(docs...), nil
}

// AnnotatedRequirements lists, sorted and distinct, the requirement IDs that decoded JSON
// Schema or OpenAPI documents (generic values, as encoding/json or yaml.v3 give them) name in
// x-requirement and x-requirements annotations, the convention both kinds of document share.
func AnnotatedRequirements(docs ...any) []string {
	seen := map[string]bool{}
	for _, d := range docs {
		walkObjects(d, func(n map[string]any) {
			if id, ok := n[annRequirement].(string); ok {
				seen[id] = true
			}
			if xr, ok := n[annRequirements].(map[string]any); ok {
				for _, v := range xr {
					if id, ok := v.(string); ok {
						seen[id] = true
					}
				}
			}
		})
	}
	out := make([]string, 0, len(seen))
	for id := range seen {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// walkObjects calls visit on every object of a decoded JSON or YAML value, depth first.
func walkObjects(node any, visit func(map[string]any)) {
	switch n := node.(type) {
	case map[string]any:
		visit(n)
		for _, v := range n {
			walkObjects(v, visit)
		}
	case []any:
		for _, v := range n {
			walkObjects(v, visit)
		}
	}
}
