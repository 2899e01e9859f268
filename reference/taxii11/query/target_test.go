package query

import (
	"reflect"
	"strings"
	"testing"
)

// selected lists the nodes an expression selects as "Element" or "Element/@attr" labels.
func selected(t *testing.T, d *Document, expr string) []string {
	t.Helper()
	te, err := parseTarget(expr)
	if err != nil {
		t.Fatalf("%q: %v", expr, err)
	}
	var out []string
	te.visit(d, func(el, at int32) bool {
		if at >= 0 {
			out = append(out, d.elems[el].name+"/@"+d.attrs[at].name)
		} else {
			out = append(out, d.elems[el].name)
		}
		return false
	})
	return out
}

func TestTargetSelection(t *testing.T) {
	d, err := ParseContent([]byte(`<?xml version="1.0"?>
<s:STIX_Package xmlns:s="urn:s" xmlns:i="urn:i" id="p" version="1.2">
  <s:STIX_Header><s:Title>h</s:Title></s:STIX_Header>
  <s:Indicators>
    <s:Indicator id="i1" timestamp="t"><i:Title>a</i:Title>
      <i:Observable id="o1"><i:Object id="x1"/></i:Observable>
    </s:Indicator>
    <s:Indicator id="i2"><i:Title>b</i:Title></s:Indicator>
  </s:Indicators>
</s:STIX_Package>`))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		expr string
		want []string
	}{
		{"STIX_Package", []string{"STIX_Package"}},
		{"Indicators", nil}, // the first node is the root
		{"STIX_Package/STIX_Header/Title", []string{"Title"}},
		{"STIX_Package/@version", []string{"STIX_Package/@version"}},
		{"STIX_Package/@xmlns", nil},
		{"STIX_Package/@s", nil},
		{"STIX_Package/*", []string{"STIX_Package/@id", "STIX_Package/@version", "STIX_Header", "Indicators"}},
		{"*/STIX_Header/Title", []string{"Title"}},
		{"STIX_Package/*/*/Title", []string{"Title", "Title"}},
		{"STIX_Package/**/Title", []string{"Title", "Title", "Title"}},
		{"**/@id", []string{"STIX_Package/@id", "Indicator/@id", "Observable/@id", "Object/@id", "Indicator/@id"}},
		{"**/**/@id", []string{"Indicator/@id", "Observable/@id", "Object/@id", "Indicator/@id"}},
		{"**/Indicator/@id", []string{"Indicator/@id", "Indicator/@id"}},
		{"STIX_Package/Indicators/Indicator/**/@id", []string{"Observable/@id", "Object/@id"}},
		{"STIX_Package/Indicators/**", []string{"Indicator", "Indicator/@id", "Indicator/@timestamp", "Title", "Observable", "Observable/@id", "Object", "Object/@id", "Indicator", "Indicator/@id", "Title"}},
		{"**", []string{"STIX_Package", "STIX_Package/@id", "STIX_Package/@version", "STIX_Header", "Title", "Indicators",
			"Indicator", "Indicator/@id", "Indicator/@timestamp", "Title", "Observable", "Observable/@id", "Object", "Object/@id",
			"Indicator", "Indicator/@id", "Title"}},
		{"**/Object", []string{"Object"}},
		{"**/Indicator/*/Object", []string{"Object"}},
		{"STIX_Package/Indicators/Indicator/Title/*", nil},
		{"**/title", nil}, // names are case-sensitive
	}
	for _, c := range cases {
		if got := selected(t, d, c.expr); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s:\n got %v\nwant %v", c.expr, got, c.want)
		}
	}
	// A nil or empty document selects nothing.
	te, _ := parseTarget("**")
	if te.visit(nil, func(int32, int32) bool { return true }) {
		t.Error("nil document selected a node")
	}
}

func TestTargetSyntax(t *testing.T) {
	good := []string{"STIX_Package", "**", "*", "**/@id", "STIX_Package/*/Title", "a/b/c/**/d/*/@e", " STIX_Package/Title ", "Ünïcode_name", "x-1.y"}
	for _, s := range good {
		if _, err := parseTarget(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	bad := []string{"", "  ", "/STIX_Package", "STIX_Package/", "a//b", "@id/x", "stix:STIX_Package", "a/@", "a/@*", "a/***", "1abc", "a b", "a/@x:y",
		strings.Repeat("a/", 62) + "a", strings.Repeat("x", 1025)}
	for _, s := range bad {
		if _, err := parseTarget(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
}

func TestScopeCovers(t *testing.T) {
	cases := []struct {
		scope, expr string
		want        bool
	}{
		{"**", "STIX_Package", true},
		{"**", "**/@id", true},
		{"**", "*", true},
		{"STIX_Package/Indicators/**", "STIX_Package/Indicators/Indicator/Title", true},
		{"STIX_Package/Indicators/**", "STIX_Package/Indicators/*/@id", true},
		{"STIX_Package/Indicators/**", "STIX_Package/Indicators/**", true},
		{"STIX_Package/Indicators/**", "STIX_Package/Indicators", false},
		{"STIX_Package/Indicators/**", "STIX_Package/**", false},
		{"STIX_Package/Indicators/**", "*/Indicators/Indicator", false},
		{"**/@id", "STIX_Package/Indicators/Indicator/@id", true},
		{"**/@id", "*/**/@id", true},
		{"**/@id", "**/@idref", false},
		{"**/@id", "**/*", false},
		{"*/**", "**/@id", true},
		{"*/**", "**", false},
		{"*/**", "a/b", true},
		{"STIX_Package/STIX_Header/Title", "STIX_Package/STIX_Header/Title", true},
		{"STIX_Package/STIX_Header/Title", "STIX_Package/*/Title", false},
		{"STIX_Package/*/Title", "STIX_Package/STIX_Header/Title", true},
		{"**/Title", "**/Title", true},
		{"**/Title", "STIX_Package/**/Title", true},
		{"**/Title", "**", false},
		{"**/**", "*/*", true},
		{"**/**", "*", false},
		{"**/**", "**", false},
		{"**/**", "*/**", true},
		{"*/*/**", "**/**/**", true},
		{"*/*/*/**", "**/**/**", false},
		{"*/*/*/*/**", "**/**/**", false},
		{"**/Indicator/**", "**/Indicator/**/@id", true},
		{"**/Indicator/**", "**/Indicator", false},
		{"**/a/**/b", "x/a/y/a/z/b", true},
		{"**/a/**/b", "**/a/b", false},
		{"**/a/*/**", "**/a/**/**", true},
	}
	for _, c := range cases {
		s, err := parseTarget(c.scope)
		if err != nil {
			t.Fatal(err)
		}
		e, err := parseTarget(c.expr)
		if err != nil {
			t.Fatal(err)
		}
		if got := covers(s, e); got != c.want {
			t.Errorf("scope %s covers %s: got %v, want %v", c.scope, c.expr, got, c.want)
		}
	}
}

// TestScopeCoversExhaustive checks covers against brute force: for every pair of short
// expressions over a small alphabet, inclusion must agree with enumerating all node paths
// up to length 6 (long enough for expressions of three nodes).
func TestScopeCoversExhaustive(t *testing.T) {
	tokens := []string{"a", "@a", "*", "**"}
	var exprs []*targetExpr
	var gen func(prefix []string)
	gen = func(prefix []string) {
		if len(prefix) > 0 {
			if te, err := parseTarget(strings.Join(prefix, "/")); err == nil {
				exprs = append(exprs, te)
			}
		}
		if len(prefix) == 3 {
			return
		}
		for _, tok := range tokens {
			gen(append(append([]string{}, prefix...), tok))
		}
	}
	gen(nil)

	type label struct {
		name string
		attr bool
	}
	var words [][]label
	var walk func(w []label)
	walk = func(w []label) {
		if len(w) > 0 {
			words = append(words, w)
		}
		if len(w) == 6 {
			return
		}
		for _, n := range []string{"a", "c"} {
			walk(append(append([]label{}, w...), label{n, false}))
			if len(w) < 6 {
				words = append(words, append(append([]label{}, w...), label{n, true}))
			}
		}
	}
	walk(nil)
	accepts := func(te *targetExpr, w []label) bool {
		set := uint64(1)
		for _, l := range w {
			set = te.step(set&^te.accept(), l.name, l.attr)
		}
		return set&te.accept() != 0
	}
	if len(exprs) < 50 || len(words) < 200 {
		t.Fatalf("generator too small: %d expressions, %d words", len(exprs), len(words))
	}
	for _, s := range exprs {
		for _, e := range exprs {
			want := true
			for _, w := range words {
				if accepts(e, w) && !accepts(s, w) {
					want = false
					break
				}
			}
			if got := covers(s, e); got != want {
				t.Errorf("scope %s covers %s: got %v, brute force says %v", s.text, e.text, got, want)
			}
		}
	}
}
