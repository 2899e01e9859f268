// Package json21 holds the project's JSON Schemas (draft 2020-12) of the TAXII 2.1 resources and
// validates message bodies against them. The schemas are written from the property tables and data
// types of the TAXII 2.1 specification (sections 2, 3.6.1, 3.7, 4.1.1, 4.2.1, 4.3.1, 5.1.1, 5.2.1,
// 5.3.1, 5.8.1); no official schema exists.
//
// Every schema rule that encodes a normative statement names its requirement with an annotation:
// "x-requirement" on a subschema, or "x-requirements" mapping one keyword of a subschema (or
// "required/<property>") to an ID. A violation carries the nearest such annotation along the
// failing keyword's path, $refs followed.
package json21

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/taxii-conform/taxii-conform/schemas"
)

//go:embed files/*.json
var files embed.FS

// BaseURL is the base of every schema's $id. The .invalid top-level domain (RFC 2606) cannot
// resolve, and the loader refuses any URL it does not hold, so nothing is ever fetched.
const BaseURL = "https://taxii-conform.invalid/json21/"

// Kind names a TAXII 2.1 resource (or the STIX object check) that a body is validated as.
type Kind string

// The resources of TAXII 2.1, named as section 2 names their types.
const (
	Discovery   Kind = "discovery"
	APIRoot     Kind = "api-root"
	Status      Kind = "status"
	Collections Kind = "collections"
	Collection  Kind = "collection"
	Manifest    Kind = "manifest"
	Envelope    Kind = "envelope"
	Versions    Kind = "versions"
	Error       Kind = "error"
	// Object is one STIX object, checked for the common properties TAXII relies on.
	Object Kind = "stix"
)

// Kinds lists every Kind, resources first.
func Kinds() []Kind {
	return []Kind{Discovery, APIRoot, Status, Collections, Collection, Manifest, Envelope, Versions, Error, Object}
}

// ParseKind maps a name (as Kind's string) to a Kind.
func ParseKind(s string) (Kind, bool) {
	for _, k := range Kinds() {
		if string(k) == s {
			return k, true
		}
	}
	return "", false
}

// File is the schema file name of the kind, relative to the schema directory.
func (k Kind) File() string { return string(k) + ".json" }

// URL is the $id of the kind's schema.
func (k Kind) URL() string { return BaseURL + k.File() }

// Files gives read access to the embedded schema files (for the CLI and for documents that
// reference them).
func Files() fs.FS {
	sub, err := fs.Sub(files, "files")
	if err != nil {
		panic(err) // the embedded directory is fixed at build time
	}
	return sub
}

// set is the compiled schemas and the raw JSON the annotations are read from.
type set struct {
	compiled map[Kind]*jsonschema.Schema
	raw      *rawSchemas
}

var (
	loadOnce sync.Once
	loaded   *set
	loadErr  error
)

func load() (*set, error) {
	loadOnce.Do(func() { loaded, loadErr = compile() })
	return loaded, loadErr
}

func compile() (*set, error) {
	raw, err := readRaw(Files())
	if err != nil {
		return nil, err
	}
	c := newCompiler()
	for u, data := range raw.bytes {
		if err := c.AddResource(u, bytes.NewReader(data)); err != nil {
			return nil, fmt.Errorf("json21: %s: %w", u, err)
		}
	}
	s := &set{compiled: map[Kind]*jsonschema.Schema{}, raw: raw}
	for _, k := range Kinds() {
		sch, err := c.Compile(k.URL())
		if err != nil {
			return nil, fmt.Errorf("json21: compiling %s: %w", k, err)
		}
		s.compiled[k] = sch
	}
	return s, nil
}

// newCompiler is a draft 2020-12 compiler that asserts formats and loads nothing: every schema
// must be added to it, and a $ref to any other URL fails compilation.
func newCompiler() *jsonschema.Compiler {
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	c.LoadURL = func(u string) (io.ReadCloser, error) {
		return nil, fmt.Errorf("json21: refusing to load %s: only the embedded schemas are available", u)
	}
	return c
}

// Validate checks body as a resource of the given kind. Malformed JSON, JSON that I-JSON
// forbids (invalid UTF-8, duplicate member names) and every schema failure are violations; the
// error is only for internal failures (an unknown kind, schemas that do not compile).
func Validate(kind Kind, body []byte) ([]schemas.Violation, error) {
	s, sch, err := schemaOf(kind)
	if err != nil {
		return nil, err
	}
	v, bad := Decode(body)
	if bad != nil {
		bad[0].Schema = string(kind)
		if bad[0].Requirement == "" {
			bad[0].Requirement = defaultRequirement(s.raw, kind)
		}
		return bad, nil
	}
	return s.check(kind, sch, v)
}

// Decode parses a TAXII body into generic values (numbers as json.Number), as Validate does:
// exactly one JSON value, valid UTF-8, no duplicate member names (section 1.6.7, RFC 7493).
// A body that breaks these rules gives one violation and a nil value; its Requirement is empty
// (for the caller to fill in from context) unless the body is not UTF-8.
func Decode(body []byte) (any, []schemas.Violation) {
	v, bad := decode(body)
	if bad != nil {
		return nil, []schemas.Violation{*bad}
	}
	return v, nil
}

// ValidateValue checks an already decoded value (decoded with json.Decoder.UseNumber, so that
// numbers are json.Number) as a resource of the given kind.
func ValidateValue(kind Kind, v any) ([]schemas.Violation, error) {
	s, sch, err := schemaOf(kind)
	if err != nil {
		return nil, err
	}
	return s.check(kind, sch, v)
}

// schemaOf is the compiled schema of a kind, with the set it belongs to.
func schemaOf(kind Kind) (*set, *jsonschema.Schema, error) {
	s, err := load()
	if err != nil {
		return nil, nil, err
	}
	sch, ok := s.compiled[kind]
	if !ok {
		return nil, nil, fmt.Errorf("json21: unknown kind %q", kind)
	}
	return s, sch, nil
}

func (s *set) check(kind Kind, sch *jsonschema.Schema, v any) ([]schemas.Violation, error) {
	var out []schemas.Violation
	if err := sch.Validate(v); err != nil {
		ve, ok := err.(*jsonschema.ValidationError)
		if !ok {
			// InfiniteLoopError or InvalidJSONTypeError: the schemas or the caller are at fault.
			return nil, fmt.Errorf("json21: validating %s: %w", kind, err)
		}
		out = s.raw.explain(kind, ve, v)
	}
	out = append(out, crossChecks(kind, v)...)
	return schemas.Tidy(out), nil
}

// decodeNumber is used where a decoded value must keep numbers exact.
func decodeNumber(data []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	err := d.Decode(&v)
	return v, err
}
