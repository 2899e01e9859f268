package query

import (
	"fmt"
	"strings"
	"unicode"
)

// Targeting expressions in slash notation (Part 5 §4.1): nodes separated by "/", each node a
// STIX element name, "@" and an attribute name, "*" (exactly one node of any name) or "**"
// (one or more nodes of any names). With the STIX vocabulary (§4.2.1) the first node is the
// root element of the content, attributes are leaves, and names are XML local names compared
// case-sensitively.

// Bounds on one targeting expression; a longer one is refused as unsupported.
const (
	maxTargetBytes    = 1024
	maxTargetSegments = 62 // the matcher keeps its states in one uint64
)

type segKind uint8

const (
	segElement segKind = iota // Title
	segAttr                   // @id
	segAny                    // *
	segAnyMany                // **
)

type segment struct {
	kind segKind
	name string
}

// targetExpr is a parsed targeting expression.
type targetExpr struct {
	text string
	segs []segment
}

// parseTarget checks the syntax of a targeting expression.
func parseTarget(s string) (*targetExpr, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return nil, fmt.Errorf("empty targeting expression")
	case len(s) > maxTargetBytes:
		return nil, fmt.Errorf("targeting expression longer than %d bytes", maxTargetBytes)
	}
	parts := strings.Split(s, "/")
	if len(parts) > maxTargetSegments {
		return nil, fmt.Errorf("targeting expression has more than %d nodes", maxTargetSegments)
	}
	t := &targetExpr{text: s, segs: make([]segment, 0, len(parts))}
	for i, p := range parts {
		switch {
		case p == "":
			return nil, fmt.Errorf("targeting expression %q has an empty node", s)
		case p == "*":
			t.segs = append(t.segs, segment{kind: segAny})
		case p == "**":
			t.segs = append(t.segs, segment{kind: segAnyMany})
		case p[0] == '@':
			if !isNCName(p[1:]) {
				return nil, fmt.Errorf("targeting expression %q: %q is not an attribute name", s, p)
			}
			if i != len(parts)-1 {
				return nil, fmt.Errorf("targeting expression %q: attribute %q must be the last node", s, p)
			}
			t.segs = append(t.segs, segment{kind: segAttr, name: p[1:]})
		default:
			if !isNCName(p) {
				return nil, fmt.Errorf("targeting expression %q: %q is not an element name (names carry no prefix)", s, p)
			}
			t.segs = append(t.segs, segment{kind: segElement, name: p})
		}
	}
	return t, nil
}

// isNCName reports whether s is an XML name without a colon (close enough to the XML 1.0
// productions for telling names from garbage; STIX names are ASCII).
func isNCName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || unicode.IsLetter(r):
		case i > 0 && (r == '-' || r == '.' || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)):
		default:
			return false
		}
	}
	return true
}

// The matcher is a small NFA over the path of nodes from the document down: state i means
// "segments before i have matched", state len(segs) means "selected". A "**" at i reads one
// node and both stays (to read more) and moves on, so it always consumes at least one node.

func (t *targetExpr) accept() uint64 { return 1 << uint(len(t.segs)) }

// step advances the state set over one node.
func (t *targetExpr) step(set uint64, name string, attr bool) uint64 {
	var next uint64
	for i, s := range t.segs {
		if set&(1<<uint(i)) == 0 {
			continue
		}
		switch s.kind {
		case segElement:
			if !attr && s.name == name {
				next |= 1 << uint(i+1)
			}
		case segAttr:
			if attr && s.name == name {
				next |= 1 << uint(i+1)
			}
		case segAny:
			next |= 1 << uint(i+1)
		case segAnyMany:
			next |= 1<<uint(i) | 1<<uint(i+1)
		}
	}
	return next
}

// visit calls fn for every node of d the expression selects, in document order, until fn
// returns true; it reports whether fn did. attr is -1 for an element node.
func (t *targetExpr) visit(d *Document, fn func(el, attr int32) bool) bool {
	if d == nil || len(d.elems) == 0 {
		return false
	}
	return t.visitElement(d, 0, t.step(1, d.elems[0].name, false), fn)
}

func (t *targetExpr) visitElement(d *Document, el int32, set uint64, fn func(el, attr int32) bool) bool {
	acc := t.accept()
	if set&acc != 0 && fn(el, -1) {
		return true
	}
	live := set &^ acc // states that can still read nodes
	if live == 0 {
		return false
	}
	e := &d.elems[el]
	for a := e.attrStart; a < e.attrEnd; a++ {
		if t.step(live, d.attrs[a].name, true)&acc != 0 && fn(el, a) {
			return true
		}
	}
	for c := el + 1; c < e.end; c = d.elems[c].end {
		if next := t.step(live, d.elems[c].name, false); next != 0 {
			if t.visitElement(d, c, next, fn) {
				return true
			}
		}
	}
	return false
}

// covers reports whether every node path that expr can select is also selected by scope,
// i.e. whether expr lies inside scope (Part 5 §3.2.0.1). Names in expr are concrete; its
// wildcards are replaced by "fresh" names that only the scope's wildcards accept, which is
// the hardest case. A "**" in expr is tried with every length up to len(scope)+2, beyond
// which the scope automaton (a chain with self-loops) can no longer tell lengths apart.
func covers(scope, expr *targetExpr) bool {
	const fresh = "\x00" // matches no real name
	sets := map[uint64]bool{1: true}
	for _, e := range expr.segs {
		next := make(map[uint64]bool)
		for s := range sets {
			switch e.kind {
			case segElement:
				next[scope.step(s, e.name, false)] = true
			case segAttr:
				next[scope.step(s, e.name, true)] = true
			case segAny:
				next[scope.step(s, fresh, false)] = true
			case segAnyMany:
				cur := s
				for k := 1; k <= len(scope.segs)+2; k++ {
					cur = scope.step(cur, fresh, false)
					next[cur] = true
				}
			}
		}
		if len(next) > 4096 { // pathological; refuse rather than spend time
			return false
		}
		sets = next
	}
	for s := range sets {
		if s&scope.accept() == 0 {
			return false
		}
	}
	return true
}
