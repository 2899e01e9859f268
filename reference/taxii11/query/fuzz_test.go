package query

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func addFixtureSeeds(f *testing.F, dirs ...string) {
	for _, dir := range dirs {
		files, _ := filepath.Glob(filepath.Join(fixtureDir, dir, "*.xml"))
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
}

// FuzzParse: any input gives a query or a typed error, never a panic; a parsed query
// compiles against its family's support or fails with a typed error; a compiled one runs.
func FuzzParse(f *testing.F) {
	addFixtureSeeds(f, "queries", "hostile")
	for _, c := range badQueries() {
		if len(c.doc) < 4096 {
			f.Add([]byte(c.doc))
		}
	}
	f.Add(defaultQuery(Family11, VocabularySTIX111, deep(5, criterion(Family11, ptr(true), "**/@timestamp", "timestamp", "less_than", "value", "2015-01-01T00:00:00"))))
	f.Add(defaultQuery(Family111, VocabularySTIX121OASIS, criteria("OR", criterion(Family111, nil, "*/**/Title", "regex", "matches", "case_sensitive", "false", "value", "^(a|b)+$"))))
	docs := fixtureDocs(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		q, err := Parse(data)
		if err != nil {
			var ie *InvalidError
			var ue *UnsupportedError
			if !errors.As(err, &ie) && !errors.As(err, &ue) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			return
		}
		m, err := q.Compile(Supported(q.Family))
		if err != nil {
			var ie *InvalidError
			var ue *UnsupportedError
			if !errors.As(err, &ie) && !errors.As(err, &ue) {
				t.Fatalf("untyped compile error %T: %v", err, err)
			}
			return
		}
		for _, d := range docs {
			m.Match(d)
		}
	})
}

// FuzzParseContent: any input gives a document or a *ContentError, never a panic, and a
// parsed document can be queried with every kind of relationship.
func FuzzParseContent(f *testing.F) {
	addFixtureSeeds(f, "stix", "hostile")
	f.Add([]byte("<a b='1'><c precision='day'>2015-01-01T00:00:00</c></a>"))
	fam := Family111
	crit := criteria("OR",
		criterion(fam, nil, "**", "core", "exists"),
		criterion(fam, nil, "**/@id", "core", "begins_with", "case_sensitive", "false", "value", "ex"),
		criterion(fam, ptr(true), "*/**", "core", "greater_than", "value", "3"),
		criterion(fam, nil, "**", "core", "equals", "match_type", "number", "value", "1"),
		criterion(fam, nil, "**", "regex", "matches", "case_sensitive", "false", "value", `^\d+$`),
		criterion(fam, ptr(true), "**", "timestamp", "greater_than_or_equals", "value", "2015-01-01T00:00:00+05:00"),
	)
	var ms []*Matcher
	for _, op := range []string{"AND", "OR"} {
		ms = append(ms, compileFor(f, fam, defaultQuery(fam, vocabulary(fam), criteria(op, crit))))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ParseContent(data)
		if err != nil {
			var ce *ContentError
			if !errors.As(err, &ce) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			return
		}
		for _, m := range ms {
			m.Match(d)
		}
	})
}
