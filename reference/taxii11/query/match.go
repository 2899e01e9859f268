package query

import "strings"

// Match reports whether the content block d matches the query (Part 5 §3.3). A Criterion is
// evaluated over the set of nodes its target selects:
//
//   - exists is true when the set is not empty, does_not_exist when it is empty;
//   - every other relationship is true when at least one selected node satisfies it, so an
//     empty set makes it false (and a negated one true);
//   - a node's value is an attribute's value or an element's own text, without leading and
//     trailing whitespace; a node whose value is not a number (numeric tests) or not a
//     timestamp (timestamp tests) does not satisfy the test;
//   - negate then flips the Criterion's result.
//
// A nil Document has no nodes.
func (m *Matcher) Match(d *Document) bool {
	return m.root.eval(d)
}

func (c *compiledCriteria) eval(d *Document) bool {
	for i := range c.criteria {
		if c.criteria[i].eval(d) != c.and {
			return !c.and
		}
	}
	for i := range c.criterion {
		if c.criterion[i].eval(d) != c.and {
			return !c.and
		}
	}
	return c.and
}

func (c *compiledCriterion) eval(d *Document) bool {
	return c.pred.holds(d) != c.negate
}

func (p *predicate) holds(d *Document) bool {
	switch p.rel {
	case relExists:
		return p.target.visit(d, func(int32, int32) bool { return true })
	case relNotExists:
		return !p.target.visit(d, func(int32, int32) bool { return true })
	}
	return p.target.visit(d, func(el, at int32) bool {
		if at >= 0 {
			return p.test(d.attrs[at].value, d, -1)
		}
		return p.test(d.elems[el].text, d, el)
	})
}

// test applies the relationship to one node value; el is the element the value is the text
// of, or -1 for an attribute value.
func (p *predicate) test(v string, d *Document, el int32) bool {
	switch p.rel {
	case relEquals, relNotEquals:
		var eq bool
		switch p.mode {
		case matchCaseSensitive:
			eq = v == p.str
		case matchCaseInsensitive:
			eq = strings.EqualFold(v, p.str)
		case matchNumber:
			n, ok := parseNumber(v)
			if !ok {
				return false
			}
			eq = n == p.num
		}
		return eq == (p.rel == relEquals)
	case relGreater, relGreaterEq, relLess, relLessEq:
		n, ok := parseNumber(v)
		if !ok {
			return false
		}
		switch p.rel {
		case relGreater:
			return n > p.num
		case relGreaterEq:
			return n >= p.num
		case relLess:
			return n < p.num
		default:
			return n <= p.num
		}
	case relBeginsWith, relEndsWith, relContains:
		if p.fold {
			v = foldString(v)
		}
		switch p.rel {
		case relBeginsWith:
			return strings.HasPrefix(v, p.str)
		case relEndsWith:
			return strings.HasSuffix(v, p.str)
		default:
			return strings.Contains(v, p.str)
		}
	case relMatches:
		return p.re.MatchString(v)
	case relTSEquals, relTSGreater, relTSGreaterEq, relTSLess, relTSLessEq:
		s, ok := parseStamp(v)
		if !ok {
			return false
		}
		if el >= 0 {
			if prec, has, ok := elementPrecision(d, el); has {
				if !ok {
					return false
				}
				s.prec = min(s.prec, prec)
			}
		}
		r, ok := compareStamps(s, p.ts)
		if !ok {
			return false
		}
		switch p.rel {
		case relTSEquals:
			return r == 0
		case relTSGreater:
			return r > 0
		case relTSGreaterEq:
			return r >= 0
		case relTSLess:
			return r < 0
		default:
			return r <= 0
		}
	}
	return false
}

// elementPrecision reads a STIX precision attribute of element el: whether there is one, and
// whether its value is known.
func elementPrecision(d *Document, el int32) (p precision, has, ok bool) {
	e := &d.elems[el]
	for a := e.attrStart; a < e.attrEnd; a++ {
		if d.attrs[a].name == "precision" {
			p, ok = parsePrecision(d.attrs[a].value)
			return p, true, ok
		}
	}
	return 0, false, false
}
