// Package faults is the registry of deliberate defects the reference server can be told to
// have. Each fault names the requirements it breaks, so that the kill matrix can check that the
// suites catch it. Faults are off unless named on the command line.
package faults

import (
	"fmt"
	"sort"
	"strings"
)

// Fault is one deliberate defect.
type Fault struct {
	// Name is what --fault takes: lower case, words joined by dashes, prefixed "t21-" or "t11-".
	Name string
	// Protocol is "2.1" or "1.1.1".
	Protocol string
	// Requirements are the catalog IDs the fault violates; at least one.
	Requirements []string
	// Description says, in one line, what the server does wrong.
	Description string
	// OverBroad, when set, explains why the fault is expected to fail requirements beyond its own.
	OverBroad string
}

var registry = map[string]Fault{}

// t11 and t21 make a table row: a fault of TAXII 1.1.1 or 2.1 breaking the requirements reqs.
func t11(name, desc string, reqs ...string) Fault {
	return Fault{Name: name, Protocol: "1.1.1", Requirements: reqs, Description: desc}
}

func t21(name, desc string, reqs ...string) Fault {
	return Fault{Name: name, Protocol: "2.1", Requirements: reqs, Description: desc}
}

// broad marks a row as over-broad, saying why.
func broad(f Fault, why string) Fault {
	f.OverBroad = why
	return f
}

// register adds faults; called from the init functions of the per-protocol tables.
func register(fs ...Fault) {
	for _, f := range fs {
		if f.Name == "" || len(f.Requirements) == 0 || f.Description == "" {
			panic(fmt.Sprintf("faults: incomplete fault %+v", f))
		}
		if _, dup := registry[f.Name]; dup {
			panic("faults: duplicate fault " + f.Name)
		}
		registry[f.Name] = f
	}
}

// All returns every registered fault, sorted by name.
func All() []Fault {
	out := make([]Fault, 0, len(registry))
	for _, f := range registry {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Lookup finds a fault by name.
func Lookup(name string) (Fault, bool) {
	f, ok := registry[name]
	return f, ok
}

// Set is the faults switched on in one server. The zero value (and nil) has none.
type Set map[string]bool

// Parse reads a comma-separated list of fault names; an unknown name is an error.
func Parse(list string) (Set, error) {
	s := Set{}
	for _, n := range strings.Split(list, ",") {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		if _, ok := registry[n]; !ok {
			return nil, fmt.Errorf("unknown fault %q (see --list-faults)", n)
		}
		s[n] = true
	}
	return s, nil
}

// On reports whether the named fault is switched on. It panics on a name that is not
// registered, so that a typo in server code cannot silently disable a fault.
func (s Set) On(name string) bool {
	if _, ok := registry[name]; !ok {
		panic("faults: unregistered fault " + name)
	}
	return s[name]
}

// Names lists the faults switched on, sorted.
func (s Set) Names() []string {
	out := make([]string, 0, len(s))
	for n, on := range s {
		if on {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}
