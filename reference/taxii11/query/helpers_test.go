package query

import (
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// fixtureDir holds the project's own STIX 1.x content and query fixtures.
var fixtureDir = filepath.Join("..", "..", "..", "fixtures", "query")

func readFixture(t testing.TB, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixtureDir, rel))
	if err != nil {
		t.Fatalf("fixture %s: %v", rel, err)
	}
	return b
}

// The four STIX packages, parsed once.
var (
	docsOnce sync.Once
	docs     map[string]*Document
	docsErr  error
)

const (
	docWatchlist = "W" // watchlist-ip-1.1.1.xml
	docFileHash  = "F" // file-hash-1.2.xml
	docIncident  = "I" // incident-zoneless-1.1.1.xml
	docTTP       = "T" // ttp-domains-1.2.xml
)

func fixtureDocs(t testing.TB) map[string]*Document {
	t.Helper()
	docsOnce.Do(func() {
		docs = map[string]*Document{}
		for key, name := range map[string]string{
			docWatchlist: "watchlist-ip-1.1.1.xml",
			docFileHash:  "file-hash-1.2.xml",
			docIncident:  "incident-zoneless-1.1.1.xml",
			docTTP:       "ttp-domains-1.2.xml",
		} {
			b, err := os.ReadFile(filepath.Join(fixtureDir, "stix", name))
			if err != nil {
				docsErr = err
				return
			}
			d, err := ParseContent(b)
			if err != nil {
				docsErr = err
				return
			}
			docs[key] = d
		}
	})
	if docsErr != nil {
		t.Fatalf("fixtures: %v", docsErr)
	}
	return docs
}

var families = []Family{Family11, Family111}

// moduleID gives a family's ID for "core", "regex" or "timestamp".
func moduleID(f Family, short string) string {
	ids := map[Family]map[string]string{
		Family11:  {"core": CapabilityCore11, "regex": CapabilityRegex11, "timestamp": CapabilityTimestamp11},
		Family111: {"core": CapabilityCore111, "regex": CapabilityRegex111, "timestamp": CapabilityTimestamp111},
	}
	if id, ok := ids[f][short]; ok {
		return id
	}
	return short // a full ID given as is
}

// vocabulary gives the STIX vocabulary a test query uses in family f.
func vocabulary(f Family) string {
	if f == Family11 {
		return VocabularySTIX111
	}
	return VocabularySTIX121OASIS
}

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// criterion renders one Criterion; params are name, value pairs.
func criterion(f Family, negate *bool, target, module, rel string, params ...string) string {
	var b strings.Builder
	b.WriteString("<tdq:Criterion")
	if negate != nil {
		if *negate {
			b.WriteString(` negate="true"`)
		} else {
			b.WriteString(` negate="false"`)
		}
	}
	b.WriteString("><tdq:Target>" + esc(target) + "</tdq:Target>")
	b.WriteString(`<tdq:Test capability_id="` + esc(moduleID(f, module)) + `" relationship="` + esc(rel) + `">`)
	for i := 0; i+1 < len(params); i += 2 {
		b.WriteString(`<tdq:Parameter name="` + esc(params[i]) + `">` + esc(params[i+1]) + "</tdq:Parameter>")
	}
	b.WriteString("</tdq:Test></tdq:Criterion>")
	return b.String()
}

func criteria(op string, children ...string) string {
	return `<tdq:Criteria operator="` + op + `">` + strings.Join(children, "") + "</tdq:Criteria>"
}

// defaultQuery wraps a Criteria element into a bare Default_Query of family f.
func defaultQuery(f Family, vocab, criteriaXML string) []byte {
	return []byte(`<tdq:Default_Query xmlns:tdq="` + f.Namespace() + `" targeting_expression_id="` + esc(vocab) + `">` + criteriaXML + "</tdq:Default_Query>")
}

// compileFor parses and compiles a query against the family's default support.
func compileFor(t testing.TB, f Family, data []byte) *Matcher {
	t.Helper()
	q, err := Parse(data)
	if err != nil {
		t.Fatalf("Parse: %v\n%s", err, data)
	}
	m, err := q.Compile(Supported(f))
	if err != nil {
		t.Fatalf("Compile: %v\n%s", err, data)
	}
	return m
}

func ptr[T any](v T) *T { return &v }

// asUnsupported returns err as *UnsupportedError or fails.
func asUnsupported(t *testing.T, err error) *UnsupportedError {
	t.Helper()
	var ue *UnsupportedError
	if !errors.As(err, &ue) {
		t.Fatalf("want *UnsupportedError, got %T: %v", err, err)
	}
	return ue
}

func asInvalid(t *testing.T, err error) *InvalidError {
	t.Helper()
	var ie *InvalidError
	if !errors.As(err, &ie) {
		t.Fatalf("want *InvalidError, got %T: %v", err, err)
	}
	return ie
}

func asErr[T error](err error, target *T) bool { return errors.As(err, target) }
