package query

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseContentFixtures(t *testing.T) {
	d := fixtureDocs(t)
	for k, doc := range d {
		if doc.RootName() != "STIX_Package" {
			t.Errorf("%s: root %q", k, doc.RootName())
		}
	}
	var nilDoc *Document
	if nilDoc.RootName() != "" {
		t.Error("nil document has a root")
	}
}

func TestParseContentText(t *testing.T) {
	d, err := ParseContent([]byte("<a x=' 1 '>\n  <b>  one <![CDATA[<two>]]> &amp; three  </b><c/>\n  tail \n</a>"))
	if err != nil {
		t.Fatal(err)
	}
	want := []element{
		{name: "a", text: "tail", attrStart: 0, attrEnd: 1, end: 3},
		{name: "b", text: "one <two> & three", attrStart: 1, attrEnd: 1, end: 2},
		{name: "c", text: "", attrStart: 1, attrEnd: 1, end: 3},
	}
	if len(d.elems) != len(want) {
		t.Fatalf("elements %+v", d.elems)
	}
	for i := range want {
		if d.elems[i] != want[i] {
			t.Errorf("element %d: %+v, want %+v", i, d.elems[i], want[i])
		}
	}
	if len(d.attrs) != 1 || d.attrs[0] != (attribute{"x", "1"}) {
		t.Errorf("attributes %+v", d.attrs)
	}
}

func TestParseContentHostile(t *testing.T) {
	nested := func(n int) []byte {
		return []byte(strings.Repeat("<e>", n) + strings.Repeat("</e>", n))
	}
	hugeAttr := []byte(`<STIX_Package id="` + strings.Repeat("A", 1<<20) + `"/>`)
	cases := []struct {
		name   string
		data   []byte
		limits Limits
		reason string
	}{
		{"entity bomb", readFixture(t, "hostile/entity-bomb.xml"), Limits{}, "DOCTYPE"},
		{"external entity", readFixture(t, "hostile/external-entity.xml"), Limits{}, "DOCTYPE"},
		{"undeclared entity", readFixture(t, "hostile/undeclared-entity.xml"), Limits{}, "entity"},
		{"deep nesting", nested(100000), Limits{}, "deeper than 128"},
		{"nesting over a custom limit", nested(11), Limits{MaxDepth: 10}, "deeper than 10"},
		{"huge attribute", hugeAttr, Limits{}, "over the limit"},
		{"too large", []byte("<a>" + strings.Repeat("x", 2000) + "</a>"), Limits{MaxBytes: 1024}, "exceed the limit of 1024"},
		{"empty", []byte(" \n "), Limits{}, "empty"},
		{"only a comment", []byte("<!-- nothing -->"), Limits{}, "no root"},
		{"not XML", []byte("STIX"), Limits{}, "outside the root"},
		{"two roots", []byte("<a/><b/>"), Limits{}, "more than one root"},
		{"text after root", []byte("<a/>junk"), Limits{}, "outside the root"},
		{"mismatched tags", []byte("<a><b></a></b>"), Limits{}, "closed by"},
		{"prefix mismatch", []byte("<x:a xmlns:x='u' xmlns:y='u'></y:a>"), Limits{}, "closed by"},
		{"unclosed", []byte("<a><b>"), Limits{}, "unexpected end"},
		{"stray end tag", []byte("</a>"), Limits{}, "unexpected end tag"},
		{"latin-1 declared", []byte(`<?xml version="1.0" encoding="ISO-8859-1"?><a>caf` + "\xe9" + `</a>`), Limits{}, "ISO-8859-1"},
		{"invalid UTF-8", []byte("<a>\xff\xfe</a>"), Limits{}, "UTF-8"},
		{"bad attribute syntax", []byte("<a b=c/>"), Limits{}, "not well-formed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			d, err := ParseContentLimits(c.data, c.limits)
			if err == nil {
				t.Fatalf("accepted (%d elements)", len(d.elems))
			}
			var ce *ContentError
			if !errors.As(err, &ce) {
				t.Fatalf("error type %T: %v", err, err)
			}
			if !strings.Contains(err.Error(), c.reason) {
				t.Errorf("error %q lacks %q", err, c.reason)
			}
			if el := time.Since(start); el > 2*time.Second {
				t.Errorf("took %v", el)
			}
		})
	}
	// Within the limits the same shapes are accepted.
	if _, err := ParseContentLimits(nested(128), Limits{}); err != nil {
		t.Errorf("128 levels: %v", err)
	}
	if _, err := ParseContentLimits(hugeAttr, Limits{MaxAttrBytes: 2 << 20}); err != nil {
		t.Errorf("attribute within a raised limit: %v", err)
	}
}

// TestRegexOnHostileText: a pattern that backtracking engines take exponential time on
// stays fast over a long value.
func TestRegexOnHostileText(t *testing.T) {
	long := strings.Repeat("a", 200000)
	d, err := ParseContent([]byte("<STIX_Package><Title>" + long + "!</Title></STIX_Package>"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		m := compileFor(t, f, defaultQuery(f, vocabulary(f), criteria("AND",
			criterion(f, nil, "**/Title", "regex", "matches", "value", `^(a+)+$`),
			criterion(f, nil, "**/Title", "regex", "matches", "case_sensitive", "false", "value", `(a|aa)*b`))))
		start := time.Now()
		if m.Match(d) {
			t.Error("matched")
		}
		if el := time.Since(start); el > 5*time.Second {
			t.Errorf("took %v", el)
		}
	}
}
