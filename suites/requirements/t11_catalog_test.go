package requirements

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"gopkg.in/yaml.v3"
)

// t11Docs are the TAXII 1.1.1 catalogs this file checks, with their data files.
var t11Docs = map[string]string{
	"T11S": "catalog/t11s.yaml",
	"T11H": "catalog/t11h.yaml",
	"T11X": "catalog/t11x.yaml",
	"T11Q": "catalog/t11q.yaml",
}

// t11Catalog loads the embedded catalog once for all the checks below.
var t11Catalog = sync.OnceValues(Load)

// t11Entries returns the catalog entries of one doc in file order.
func t11Entries(t *testing.T, doc string) []Requirement {
	t.Helper()
	c, err := t11Catalog()
	if err != nil {
		t.Fatal(err)
	}
	var out []Requirement
	for _, r := range c.All() {
		if r.Doc == doc {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		t.Fatalf("catalog %s is empty", doc)
	}
	return out
}

func TestT11CatalogHeaders(t *testing.T) {
	for doc, name := range t11Docs {
		raw, err := catalogFS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var f file
		dec := yaml.NewDecoder(bytes.NewReader(raw))
		dec.KnownFields(true)
		if err := dec.Decode(&f); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if f.Doc != doc {
			t.Errorf("%s: doc %q, want %q", name, f.Doc, doc)
		}
		if f.Title == "" || strings.Contains(f.Title, "placeholder") || !strings.Contains(f.Source, "../shared/spec/") {
			t.Errorf("%s: title %q / source %q do not name the document and its copy", name, f.Title, f.Source)
		}
	}
}

// TestT11Numbering checks that IDs count 01, 02, … within each section in file order, that a
// section's entries stand together and that sections follow the document's order.
func TestT11Numbering(t *testing.T) {
	for _, p := range t11Parts {
		t.Run(p.Doc, func(t *testing.T) {
			_, order := p.sectionCounts(t)
			rank := map[string]int{}
			for i, s := range order {
				rank[s] = i
			}
			next := map[string]int{}
			prev := ""
			for _, r := range t11Entries(t, p.Doc) {
				if r.Section != prev && next[r.Section] > 0 {
					t.Errorf("%s: section %s resumes after %s; keep a section's entries together", r.ID, r.Section, prev)
				}
				if prev != "" && r.Section != prev && rank[r.Section] < rank[prev] {
					t.Errorf("%s: section %s comes before %s in the document", r.ID, r.Section, prev)
				}
				next[r.Section]++
				if want := fmt.Sprintf("%s-%s-%02d", p.Doc, r.Section, next[r.Section]); r.ID != want {
					t.Errorf("%s: expected %s at this place", r.ID, want)
				}
				prev = r.Section
			}
		})
	}
}

// TestT11EntryShape holds the catalog to the conventions the harness relies on.
func TestT11EntryShape(t *testing.T) {
	for doc := range t11Docs {
		for _, r := range t11Entries(t, doc) {
			if r.Subject == Client && r.RemotelyTestable() {
				t.Errorf("%s: a statement binding clients cannot be checked against a server", r.ID)
			}
			if !r.RemotelyTestable() && len(strings.Fields(r.Testable)) < 3 {
				t.Errorf("%s: testable %q: say why it cannot be checked remotely", r.ID, r.Testable)
			}
			if strings.ContainsAny(r.Summary, "\n\r") || !strings.HasSuffix(r.Summary, ".") {
				t.Errorf("%s: summary must be one sentence-like line ending in '.'", r.ID)
			}
		}
	}
}

// t11OwnWordsRun is the length of a run of words that, shared with a specification text,
// marks a summary as copied rather than rephrased.
const t11OwnWordsRun = 8

var (
	t11Word = regexp.MustCompile(`[a-z0-9]+`)
	// Identifiers (urn:…, http://…) are quoted, not prose, so they do not count as copying.
	t11Identifier = regexp.MustCompile(`(?i)\b(?:urn:|https?://)[^\s"'<>(),;]+`)
)

func t11Words(s string) []string {
	return t11Word.FindAllString(strings.ToLower(t11Identifier.ReplaceAllString(s, " ")), -1)
}

// TestT11SummariesAreOwnWords fails when a summary shares a run of t11OwnWordsRun words with
// the specification text it was written from.
func TestT11SummariesAreOwnWords(t *testing.T) {
	for _, p := range t11Parts {
		t.Run(p.Doc, func(t *testing.T) {
			runs := map[string]bool{}
			for _, f := range p.Files {
				w := t11Words(t11ReadSpec(t, f.Name))
				for i := 0; i+t11OwnWordsRun <= len(w); i++ {
					runs[strings.Join(w[i:i+t11OwnWordsRun], " ")] = true
				}
			}
			for _, r := range t11Entries(t, p.Doc) {
				w := t11Words(r.Summary)
				for i := 0; i+t11OwnWordsRun <= len(w); i++ {
					if run := strings.Join(w[i:i+t11OwnWordsRun], " "); runs[run] {
						t.Errorf("%s shares %q with the specification text: rephrase it", r.ID, run)
						break
					}
				}
			}
		})
	}
}

// TestT11RemoteServerStatements guards the traceability contract: every part has statements a
// suite must cover, and none of the mandatory server rules is filed as untestable by accident.
func TestT11RemoteServerStatements(t *testing.T) {
	for doc := range t11Docs {
		n := 0
		for _, r := range t11Entries(t, doc) {
			if r.NeedsSpec() {
				n++
			}
			if r.Subject == Server && r.Level.Mandatory() && !r.RemotelyTestable() &&
				!slices.Contains([]string{"T11S-4.1.4-03"}, r.ID) {
				t.Errorf("%s: mandatory server rule not remotely testable (%s); add it to the list here if that is right", r.ID, r.Testable)
			}
		}
		if n == 0 {
			t.Errorf("%s: no requirement needs a spec", doc)
		}
	}
}
