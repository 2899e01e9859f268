// Package schemas holds what the validators of TAXII messages share. The schema files and
// the validators live in sub-packages: json21 (JSON Schema of TAXII 2.1 resources), openapi21
// (OpenAPI document of the TAXII 2.1 API), xsd11 (XML Schemas of TAXII 1.1 and 1.1.1).
package schemas

import "sort"

// Violation is one way a message fails its schema, traced to the requirement the schema
// rule encodes.
type Violation struct {
	// Requirement is the catalog ID the broken rule encodes (e.g. "T21-4.1.1-02").
	Requirement string `json:"requirement"`
	// Schema names the schema that was applied (e.g. "discovery", "openapi", "Poll_Response").
	Schema string `json:"schema"`
	// Location points into the message: a JSON pointer, or "line N" in an XML document.
	Location string `json:"location"`
	// Rule points into the schema: the keyword location, the OpenAPI operation, or the XSD rule.
	Rule string `json:"rule,omitempty"`
	// Message is the validator's own description.
	Message string `json:"message"`
}

func (v Violation) String() string {
	s := v.Requirement + ": " + v.Schema
	if v.Location != "" {
		s += " at " + v.Location
	}
	return s + ": " + v.Message
}

// Tidy drops repeated violations and orders the rest by location, then rule, so that a
// validator's output is stable; it returns nil when none is left.
func Tidy(vs []Violation) []Violation {
	seen := map[Violation]bool{}
	out := make([]Violation, 0, len(vs))
	for _, v := range vs {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Location != out[j].Location {
			return out[i].Location < out[j].Location
		}
		return out[i].Rule < out[j].Rule
	})
	if len(out) == 0 {
		return nil
	}
	return out
}
