// Package envelope reads the body of an Add Objects request (TAXII 2.1 sections 3.7 and 5.5):
// a TAXII envelope whose objects list holds STIX objects. The envelope as a whole is either
// readable or not (an error: the request is unprocessable); each object in it is then accepted
// or refused on its own, so that the status resource can say which.
//
// Objects are checked for the STIX common properties the server relies on: type and id (and
// that they agree), spec_version (2.0 or 2.1; absent means 2.1 for a cyber-observable, whose
// STIX 2.1 form may omit it, and 2.0 for anything else, as STIX 2.0 objects carry none), and
// created/modified where STIX requires them, with valid timestamps. Accepted objects are kept as compact JSON, ready to be served unchanged.
package envelope

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/taxii-conform/taxii-conform/reference/store"
	"github.com/taxii-conform/taxii-conform/reference/taxii21/timestamp"
)

// Failure is an object the server refused, with what the status resource reports about it.
type Failure struct {
	Index   int // position in the envelope's objects list
	ID      string
	Version string
	Message string
}

// Result is a decoded envelope.
type Result struct {
	Total     int            // elements in the objects list
	Objects   []store.Object // accepted objects, in envelope order
	Positions []int          // the index in the objects list of each accepted object
	Failures  []Failure      // refused objects, in envelope order
}

// SpecVersions are the STIX versions the server stores, newest first.
var SpecVersions = []string{"2.1", "2.0"}

// scoTypes are the STIX 2.1 cyber-observable types: they may omit spec_version (meaning 2.1)
// and carry no created or modified.
var scoTypes = map[string]bool{
	"artifact": true, "autonomous-system": true, "directory": true, "domain-name": true,
	"email-addr": true, "email-message": true, "file": true, "ipv4-addr": true, "ipv6-addr": true,
	"mac-addr": true, "mutex": true, "network-traffic": true, "process": true, "software": true,
	"url": true, "user-account": true, "windows-registry-key": true, "x509-certificate": true,
}

// IsSCO reports whether typ is a STIX 2.1 cyber-observable type.
func IsSCO(typ string) bool { return scoTypes[typ] }

// Decode reads an Add Objects body. An error means the body is not a usable envelope at all.
func Decode(body []byte) (Result, error) {
	var res Result
	if !utf8.Valid(body) {
		return res, errors.New("the body is not UTF-8 text")
	}
	if !json.Valid(body) {
		return res, errors.New("the body is not valid JSON")
	}
	start := skipSpace(body, 0)
	if body[start] != '{' {
		return res, errors.New("the body is not a JSON object (a TAXII envelope)")
	}
	var objects []byte
	var bad error
	err := members(body[start:], func(name, value []byte) {
		switch string(name) {
		case "objects":
			if value[0] != '[' {
				bad = errors.New(`the envelope's "objects" is not a list`)
			}
			objects = value
		case "more":
			if !bytes.Equal(value, []byte("true")) && !bytes.Equal(value, []byte("false")) {
				bad = errors.New(`the envelope's "more" is not a boolean`)
			}
		case "next":
			if value[0] != '"' {
				bad = errors.New(`the envelope's "next" is not a string`)
			}
		}
	})
	if err != nil {
		return res, fmt.Errorf("the envelope: %w", err)
	}
	if bad != nil {
		return res, bad
	}
	if objects == nil {
		return res, errors.New(`the envelope has no "objects" to add`)
	}
	// Compacted objects share one buffer: compact JSON is never longer than the body.
	var arena bytes.Buffer
	arena.Grow(len(objects))
	type span struct{ from, to int }
	var spans []span
	elements(objects, func(value []byte) {
		i := res.Total
		res.Total++
		o, f := check(value)
		if f != nil {
			f.Index = i
			res.Failures = append(res.Failures, *f)
			return
		}
		from := arena.Len()
		_ = json.Compact(&arena, value) // value is valid JSON
		res.Objects = append(res.Objects, o)
		res.Positions = append(res.Positions, i)
		spans = append(spans, span{from, arena.Len()})
	})
	if res.Total == 0 {
		return res, errors.New(`the envelope's "objects" list is empty`)
	}
	buf := arena.Bytes()
	for i, sp := range spans {
		res.Objects[i].Raw = buf[sp.from:sp.to:sp.to]
	}
	return res, nil
}

// check validates one element of the objects list.
func check(value []byte) (store.Object, *Failure) {
	var o store.Object
	if value[0] != '{' {
		return o, &Failure{Message: "not a JSON object"}
	}
	var typ, id, spec, created, modified []byte
	err := members(value, func(name, v []byte) {
		switch string(name) {
		case "type":
			typ = v
		case "id":
			id = v
		case "spec_version":
			spec = v
		case "created":
			created = v
		case "modified":
			modified = v
		}
	})
	fail := &Failure{}
	fail.ID, _ = str(id)
	if s, ok := str(modified); ok {
		fail.Version = s
	} else if s, ok := str(created); ok {
		fail.Version = s
	}
	refuse := func(format string, args ...any) (store.Object, *Failure) {
		fail.Message = fmt.Sprintf(format, args...)
		return store.Object{}, fail
	}
	if err != nil {
		return refuse("the object has a %v", err)
	}

	var ok bool
	if o.Type, ok = str(typ); !ok {
		return refuse(`"type" is missing or not a string`)
	}
	if !ValidType(o.Type) {
		return refuse(`"type" %q is not a STIX type name (3 to 250 of a-z, 0-9 and "-")`, clip(o.Type))
	}
	if o.Type == "bundle" {
		return refuse("a bundle is not a STIX object; send its objects in the envelope instead")
	}
	if o.ID, ok = str(id); !ok {
		return refuse(`"id" is missing or not a string`)
	}
	if !ValidID(o.ID) {
		return refuse(`"id" %q is not a STIX identifier (type--UUID)`, clip(o.ID))
	}
	if !strings.HasPrefix(o.ID, o.Type+"--") {
		return refuse(`"id" %q does not start with the object's type %q`, clip(o.ID), o.Type)
	}
	sco := scoTypes[o.Type]
	switch {
	case spec == nil && sco:
		o.SpecVersion = "2.1" // STIX 2.1 lets observables leave it out
	case spec == nil:
		o.SpecVersion = "2.0" // STIX 2.1 requires it of every other object; STIX 2.0 had none
	default:
		if o.SpecVersion, ok = str(spec); !ok {
			return refuse(`"spec_version" is not a string`)
		}
		if !slices.Contains(SpecVersions, o.SpecVersion) {
			return refuse(`spec_version %q is not supported (2.0 and 2.1 are)`, clip(o.SpecVersion))
		}
	}

	createdS, createdT, msg := timeProp("created", created)
	if msg != "" {
		return refuse("%s", msg)
	}
	modifiedS, modifiedT, msg := timeProp("modified", modified)
	if msg != "" {
		return refuse("%s", msg)
	}
	switch {
	case sco:
	case createdS == "":
		return refuse(`"created" is missing (required for a %s)`, o.Type)
	case modifiedS == "" && o.Type != "marking-definition":
		return refuse(`"modified" is missing (required for a %s)`, o.Type)
	}
	if createdS != "" && modifiedS != "" && modifiedT.Before(createdT) {
		return refuse(`"modified" is earlier than "created"`)
	}
	switch {
	case modifiedS != "":
		o.Version, o.VersionTime = modifiedS, modifiedT
	case createdS != "":
		o.Version, o.VersionTime = createdS, createdT
	}
	return o, nil
}

// timeProp reads an optional timestamp property: s is "" when it is absent, msg says what is
// wrong with it.
func timeProp(name string, raw []byte) (s string, t time.Time, msg string) {
	if raw == nil {
		return "", time.Time{}, ""
	}
	s, ok := str(raw)
	if !ok {
		return "", time.Time{}, fmt.Sprintf("%q is not a string", name)
	}
	t, err := timestamp.Parse(s)
	if err != nil {
		return "", time.Time{}, fmt.Sprintf("%q is not a valid timestamp: %v", name, err)
	}
	return s, t, ""
}

// str returns the value of a JSON string literal; ok is false for anything else.
func str(raw []byte) (string, bool) {
	if len(raw) == 0 || raw[0] != '"' {
		return "", false
	}
	return string(memberName(raw)), true
}

// ValidType reports whether s is a STIX type name: 3 to 250 characters of a-z, 0-9 and "-",
// starting with a letter.
func ValidType(s string) bool {
	return len(s) >= 3 && s[0] >= 'a' && s[0] <= 'z' && TypeNameChars(s)
}

// TypeNameChars reports whether s has at most 250 characters, each a-z, 0-9 or "-": the
// alphabet and bound of STIX type names, without ValidType's rules on the shortest length and
// the first character (a query filter only needs the alphabet).
func TypeNameChars(s string) bool {
	if len(s) > 250 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// ValidID reports whether s is a STIX identifier: a type name, "--", and an RFC 4122 UUID
// (variant bits 10, version 1 to 5) in its 36-character form.
func ValidID(s string) bool {
	typ, u, ok := SplitID(s)
	return ok && ValidType(typ) && u.Variant() == uuid.RFC4122 && u.Version() >= 1 && u.Version() <= 5
}

// SplitID splits s at its last "--" into a type part and a UUID in its 36-character form; ok
// is false when s has no "--" or what follows it is not such a UUID. The type part is not
// checked.
func SplitID(s string) (typ string, id uuid.UUID, ok bool) {
	i := strings.LastIndex(s, "--")
	if i < 0 || len(s)-i-2 != 36 {
		return "", uuid.UUID{}, false
	}
	id, err := uuid.Parse(s[i+2:])
	if err != nil {
		return "", uuid.UUID{}, false
	}
	return s[:i], id, true
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}
