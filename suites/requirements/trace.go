package requirements

import (
	"fmt"
	"sort"
	"strings"
)

// Spec is what traceability needs to know of one spec: its full name and its labels.
type Spec struct {
	Name   string
	Labels []string
}

// Trace is the result of matching specs to the catalog of one protocol.
type Trace struct {
	// Covered maps each requirement ID to the names of the specs that label it.
	Covered map[string][]string
	// Missing lists the requirements that need a spec and have none.
	Missing []Requirement
	// Unknown lists labels shaped like requirement IDs that the catalog lacks, with the spec.
	Unknown []string
	// WrongProtocol lists specs that label a requirement of the other protocol.
	WrongProtocol []string
	// NoRequirement lists specs that carry no requirement ID at all.
	NoRequirement []string
}

// TraceSpecs matches specs against the requirements of protocol p.
func (c *Catalog) TraceSpecs(p string, specs []Spec) Trace {
	t := Trace{Covered: map[string][]string{}}
	for _, s := range specs {
		n := 0
		for _, l := range s.Labels {
			if !IsID(l) {
				continue
			}
			n++
			r, ok := c.Get(l)
			switch {
			case !ok:
				t.Unknown = append(t.Unknown, fmt.Sprintf("%s (in %q)", l, s.Name))
			case p != "" && r.Protocol() != p:
				t.WrongProtocol = append(t.WrongProtocol, fmt.Sprintf("%s (in %q)", l, s.Name))
			default:
				t.Covered[l] = append(t.Covered[l], s.Name)
			}
		}
		if n == 0 {
			t.NoRequirement = append(t.NoRequirement, s.Name)
		}
	}
	for _, r := range c.Protocol(p) {
		if r.NeedsSpec() && len(t.Covered[r.ID]) == 0 {
			t.Missing = append(t.Missing, r)
		}
	}
	sort.Strings(t.Unknown)
	return t
}

// Err returns nil when every requirement that needs a spec has one and every spec names only
// known requirements; otherwise an error listing all the gaps.
func (t Trace) Err() error {
	var b strings.Builder
	for _, r := range t.Missing {
		fmt.Fprintf(&b, "\n  no spec for %s (%s %s, §%s): %s", r.ID, r.Level, r.Subject, r.Section, r.Summary)
	}
	for _, u := range t.Unknown {
		fmt.Fprintf(&b, "\n  unknown requirement %s", u)
	}
	for _, u := range t.WrongProtocol {
		fmt.Fprintf(&b, "\n  requirement of another protocol %s", u)
	}
	for _, n := range t.NoRequirement {
		fmt.Fprintf(&b, "\n  spec %q names no requirement", n)
	}
	if b.Len() == 0 {
		return nil
	}
	return fmt.Errorf("traceability:%s", b.String())
}
