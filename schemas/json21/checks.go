package json21

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/taxii-conform/taxii-conform/schemas"
)

// Requirements that the Go code of this package (rather than a schema annotation) reports.
const (
	// ReqUTF8: strings, and so the whole body, are UTF-8 (section 2).
	ReqUTF8 = "T21-2-11"
	// ReqPropertyNameCase: property names are spelled exactly as the tables do (section 3.8).
	ReqPropertyNameCase = "T21-3.8-01"
	// ReqDefaultInAPIRoots: the discovery default is one of api_roots (section 4.1.1).
	ReqDefaultInAPIRoots = "T21-4.1.1-03"
	// ReqSTIXObject: envelope objects are STIX objects (section 3.7).
	ReqSTIXObject = "T21-3.7-03"
)

// GoRequirements lists the IDs the Go code of this package reports.
func GoRequirements() []string {
	return []string{ReqUTF8, ReqPropertyNameCase, ReqDefaultInAPIRoots, ReqSTIXObject}
}

// crossChecks are the rules that relate two values, which JSON Schema cannot express.
func crossChecks(kind Kind, v any) []schemas.Violation {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	var out []schemas.Violation
	switch kind {
	case Discovery:
		def, ok := m["default"].(string)
		if !ok {
			break
		}
		roots, _ := m["api_roots"].([]any)
		found := false
		for _, r := range roots {
			if r == def {
				found = true
				break
			}
		}
		if !found {
			out = append(out, schemas.Violation{
				Requirement: ReqDefaultInAPIRoots, Schema: string(kind), Location: "/default",
				Rule:    "go:default-in-api_roots",
				Message: fmt.Sprintf("default %q is not one of api_roots", def),
			})
		}
	case Envelope:
		objs, _ := m["objects"].([]any)
		for i, o := range objs {
			out = append(out, stixIDMatchesType(kind, "/objects/"+strconv.Itoa(i), o)...)
		}
	case Object:
		out = append(out, stixIDMatchesType(kind, "", v)...)
	}
	return out
}

// stixType is the type rule of stix.json, for deciding whether the type is worth comparing.
var stixType = regexp.MustCompile(`^[a-z][a-z0-9-]{2,249}$`)

// stixIDMatchesType checks that a STIX id starts with the object's own type (STIX 2.1
// section 2.9); both values' formats are the schema's business.
func stixIDMatchesType(kind Kind, loc string, o any) []schemas.Violation {
	m, ok := o.(map[string]any)
	if !ok {
		return nil
	}
	typ, ok1 := m["type"].(string)
	id, ok2 := m["id"].(string)
	if !ok1 || !ok2 || !stixType.MatchString(typ) {
		// A missing or malformed type is the schema's finding; comparing with it says nothing new.
		return nil
	}
	prefix, _, found := strings.Cut(id, "--")
	if !found || prefix == typ {
		return nil
	}
	return []schemas.Violation{{
		Requirement: ReqSTIXObject, Schema: string(kind), Location: loc + "/id",
		Rule:    "go:stix-id-prefix",
		Message: fmt.Sprintf("id %q does not start with the object's type %q", id, typ),
	}}
}
