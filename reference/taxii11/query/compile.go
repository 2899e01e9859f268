package query

import (
	"fmt"
	"regexp"
	"strings"
)

// MaxPatternBytes bounds a regular expression taken from a query. Go's RE2 engine runs in
// time linear in the input whatever the pattern; the bound keeps compiling cheap too.
const MaxPatternBytes = 2048

type module uint8

const (
	moduleCore module = iota + 1
	moduleRegex
	moduleTimestamp
)

// modules maps every capability module ID this package can evaluate, in both families.
var modules = map[string]module{
	CapabilityCore11: moduleCore, CapabilityCore111: moduleCore,
	CapabilityRegex11: moduleRegex, CapabilityRegex111: moduleRegex,
	CapabilityTimestamp11: moduleTimestamp, CapabilityTimestamp111: moduleTimestamp,
}

type relation uint8

const (
	relEquals relation = iota + 1
	relNotEquals
	relGreater
	relGreaterEq
	relLess
	relLessEq
	relNotExists
	relExists
	relBeginsWith
	relEndsWith
	relContains
	relMatches
	relTSEquals
	relTSGreater
	relTSGreaterEq
	relTSLess
	relTSLessEq
)

// relations of each module (Part 5 §5.1–§5.3), plus two spellings deployed clients send:
// libtaxii's constant for not_equals is "not_requals", and it names the timestamp
// relationships greater_than_or_equal / less_than_or_equal, as the core module does.
var relations = map[module]map[string]relation{
	moduleCore: {
		"equals": relEquals, "not_equals": relNotEquals, "not_requals": relNotEquals,
		"greater_than": relGreater, "greater_than_or_equal": relGreaterEq,
		"less_than": relLess, "less_than_or_equal": relLessEq,
		"does_not_exist": relNotExists, "exists": relExists,
		"begins_with": relBeginsWith, "ends_with": relEndsWith, "contains": relContains,
	},
	moduleRegex: {"matches": relMatches},
	moduleTimestamp: {
		"equals":                 relTSEquals,
		"greater_than":           relTSGreater,
		"greater_than_or_equals": relTSGreaterEq,
		"greater_than_or_equal":  relTSGreaterEq,
		"less_than":              relTSLess,
		"less_than_or_equals":    relTSLessEq,
		"less_than_or_equal":     relTSLessEq,
	},
}

type matchMode uint8

const (
	matchCaseSensitive matchMode = iota + 1
	matchCaseInsensitive
	matchNumber
)

// Matcher is a query checked against a server's capabilities and ready to run. It is
// immutable and safe for concurrent use.
type Matcher struct {
	q    *Query
	root compiledCriteria
}

type compiledCriteria struct {
	and       bool
	criteria  []compiledCriteria
	criterion []compiledCriterion
}

type compiledCriterion struct {
	negate bool
	pred   predicate
}

type predicate struct {
	rel    relation
	target *targetExpr
	mode   matchMode // equals, not_equals
	fold   bool      // begins_with, ends_with, contains: case-insensitive
	str    string    // the value (folded when fold is set)
	num    float64
	re     *regexp.Regexp
	ts     stamp
}

// Query returns the query the matcher was compiled from.
func (m *Matcher) Query() *Query { return m.q }

// Check reports whether the server described by info can run q: nil, an *UnsupportedError
// to render as the Status Message it describes, an *InvalidError (BAD_MESSAGE), or another
// error when info itself is wrong.
func (q *Query) Check(info Info) error {
	_, err := q.Compile(info)
	return err
}

// Compile checks q against info (Part 5 §3.3's first step) and prepares it for Match. It
// reports the first problem found, checking the query format, the targeting expression
// vocabulary, then each Criterion (those of nested Criteria first): its target (syntax and
// scope), capability module, relationship and parameters.
func (q *Query) Compile(info Info) (*Matcher, error) {
	if err := info.Validate(); err != nil {
		return nil, fmt.Errorf("server's query info: %w", err)
	}
	if q.Family != info.Family || q.FormatID != info.Family.FormatID() {
		return nil, &UnsupportedError{
			StatusType: StatusUnsupportedQuery,
			Details:    []StatusDetail{{DetailSupportedQuery, info.Family.FormatID()}},
			Message:    fmt.Sprintf("query format %s (TAXII %s) is not supported here; use %s", q.FormatID, q.Family, info.Family.FormatID()),
		}
	}
	var tei *TargetingExpressionInfo
	for i := range info.TargetingExpressions {
		if info.TargetingExpressions[i].ID == q.TargetingExpressionID {
			tei = &info.TargetingExpressions[i]
		}
	}
	if tei == nil {
		e := &UnsupportedError{
			StatusType: StatusUnsupportedTargetingExpressionID,
			Message:    fmt.Sprintf("targeting expression vocabulary %q is not supported", q.TargetingExpressionID),
		}
		for _, t := range info.TargetingExpressions {
			e.Details = append(e.Details, StatusDetail{DetailTargetingExpressionID, t.ID})
		}
		return nil, e
	}
	c := &compiler{info: info, tei: tei}
	for _, s := range append(append([]string{}, tei.PreferredScope...), tei.AllowedScope...) {
		t, err := parseTarget(s)
		if err != nil { // Validate has checked this already
			return nil, err
		}
		c.scopes = append(c.scopes, t)
	}
	root, err := c.criteria(&q.Criteria, "Criteria")
	if err != nil {
		return nil, err
	}
	return &Matcher{q: q, root: root}, nil
}

type compiler struct {
	info   Info
	tei    *TargetingExpressionInfo
	scopes []*targetExpr
}

func (c *compiler) criteria(in *Criteria, where string) (compiledCriteria, error) {
	var out compiledCriteria
	switch in.Operator {
	case OperatorAnd:
		out.and = true
	case OperatorOr:
	default:
		return out, invalidf(where, "operator %q is neither AND nor OR", in.Operator)
	}
	if len(in.Criteria)+len(in.Criterion) == 0 {
		return out, invalidf(where, "a Criteria needs at least one Criteria or Criterion")
	}
	for i := range in.Criteria {
		sub, err := c.criteria(&in.Criteria[i], fmt.Sprintf("%s/Criteria[%d]", where, i+1))
		if err != nil {
			return out, err
		}
		out.criteria = append(out.criteria, sub)
	}
	for i := range in.Criterion {
		p, err := c.criterion(&in.Criterion[i], fmt.Sprintf("%s/Criterion[%d]", where, i+1))
		if err != nil {
			return out, err
		}
		out.criterion = append(out.criterion, compiledCriterion{negate: in.Criterion[i].Negate, pred: p})
	}
	return out, nil
}

func (c *compiler) criterion(in *Criterion, where string) (predicate, error) {
	var p predicate
	t, err := parseTarget(in.Target)
	if err == nil && !c.inScope(t) {
		err = fmt.Errorf("targeting expression %q is outside the supported scope", strings.TrimSpace(in.Target))
	}
	if err != nil {
		e := &UnsupportedError{StatusType: StatusUnsupportedTargetingExpression, Message: err.Error()}
		for _, s := range c.tei.PreferredScope {
			e.Details = append(e.Details, StatusDetail{DetailPreferredScope, s})
		}
		for _, s := range c.tei.AllowedScope {
			e.Details = append(e.Details, StatusDetail{DetailAllowedScope, s})
		}
		return p, e
	}
	p.target = t

	test := &in.Test
	mod, known := modules[test.CapabilityID]
	if !known || !contains(c.info.CapabilityModules, test.CapabilityID) {
		e := &UnsupportedError{
			StatusType: StatusUnsupportedCapabilityModule,
			Message:    fmt.Sprintf("capability module %q is not supported", test.CapabilityID),
		}
		for _, m := range c.info.CapabilityModules {
			e.Details = append(e.Details, StatusDetail{DetailCapabilityModule, m})
		}
		return p, e
	}
	tw := where + "/Test"
	rel, ok := relations[mod][test.Relationship]
	if !ok {
		return p, invalidf(tw, "relationship %q is not defined by capability module %s", test.Relationship, test.CapabilityID)
	}
	p.rel = rel
	params := map[string]string{}
	for _, prm := range test.Parameters {
		if _, dup := params[prm.Name]; dup {
			return p, invalidf(tw, "parameter %q given twice", prm.Name)
		}
		params[prm.Name] = prm.Value
	}
	allowed := func(names ...string) error {
		for n := range params {
			if !contains(names, n) {
				return invalidf(tw, "relationship %s takes no parameter %q", test.Relationship, n)
			}
		}
		return nil
	}
	value := func() (string, error) {
		v, ok := params["value"]
		if !ok {
			return "", invalidf(tw, "relationship %s needs a value parameter", test.Relationship)
		}
		return strings.TrimSpace(v), nil
	}
	caseSensitive := func() (bool, error) {
		v, ok := params["case_sensitive"]
		if !ok {
			return true, nil // Part 5 §5.1.9–§5.1.11: absent means true
		}
		b, err := parseXSBoolean(v)
		if err != nil {
			return false, invalidf(tw, "case_sensitive: %v", err)
		}
		return b, nil
	}

	switch rel {
	case relExists, relNotExists:
		return p, allowed()
	case relEquals, relNotEquals:
		if err := allowed("match_type", "value"); err != nil {
			return p, err
		}
		mt, ok := params["match_type"]
		if !ok {
			return p, invalidf(tw, "relationship %s needs a match_type parameter", test.Relationship)
		}
		if p.str, err = value(); err != nil {
			return p, err
		}
		switch strings.TrimSpace(mt) {
		case "case_sensitive_string":
			p.mode = matchCaseSensitive
		case "case_insensitive_string":
			p.mode = matchCaseInsensitive
		case "number":
			p.mode = matchNumber
			if p.num, ok = parseNumber(p.str); !ok {
				return p, invalidf(tw, "value %q is not a number", p.str)
			}
		default:
			return p, invalidf(tw, "match_type %q is not one of case_sensitive_string, case_insensitive_string, number", mt)
		}
	case relGreater, relGreaterEq, relLess, relLessEq:
		if err := allowed("value"); err != nil {
			return p, err
		}
		if p.str, err = value(); err != nil {
			return p, err
		}
		if p.num, ok = parseNumber(p.str); !ok {
			return p, invalidf(tw, "value %q is not a number", p.str)
		}
	case relBeginsWith, relEndsWith, relContains:
		if err := allowed("case_sensitive", "value"); err != nil {
			return p, err
		}
		cs, err := caseSensitive()
		if err != nil {
			return p, err
		}
		if p.str, err = value(); err != nil {
			return p, err
		}
		if !cs {
			p.fold, p.str = true, foldString(p.str)
		}
	case relMatches:
		if err := allowed("case_sensitive", "value"); err != nil {
			return p, err
		}
		cs, err := caseSensitive() // Part 5 §5.2.1 gives no default; true, as in the core module
		if err != nil {
			return p, err
		}
		if p.str, err = value(); err != nil {
			return p, err
		}
		if len(p.str) > MaxPatternBytes {
			return p, invalidf(tw, "regular expression longer than %d bytes", MaxPatternBytes)
		}
		expr := p.str
		if !cs {
			expr = "(?i)" + expr
		}
		if p.re, err = regexp.Compile(expr); err != nil {
			return p, invalidf(tw, "regular expression %q: %v", p.str, err)
		}
	case relTSEquals, relTSGreater, relTSGreaterEq, relTSLess, relTSLessEq:
		if err := allowed("value"); err != nil {
			return p, err
		}
		if p.str, err = value(); err != nil {
			return p, err
		}
		if p.ts, ok = parseStamp(p.str); !ok {
			return p, invalidf(tw, "value %q is not a timestamp (RFC 3339 date-time)", p.str)
		}
	}
	return p, nil
}

func (c *compiler) inScope(t *targetExpr) bool {
	for _, s := range c.scopes {
		if covers(s, t) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
