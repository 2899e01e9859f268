package requirements

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// t11Waiver excuses t11Keyword occurrences of one section and level that rightly have no
// catalog entry of their own. N < 0 excuses them all.
type t11Waiver struct {
	Section string
	Level   Level
	N       int
	Reason  string
}

// t11Part ties a TAXII 1.1.1 catalog to the text(s) it was written from.
type t11Part struct {
	Doc string
	// Files are read together: for each section and level the catalog must cover the larger
	// count of the copies (Part 2: CSD01 text, plus WD01 for the lists CSD01 lost).
	Files   []t11SpecFile
	Waivers []t11Waiver
}

var t11Levels = []Level{Must, MustNot, Should, ShouldNot, May}

// t11Terminology excuses the RFC 2119 t11Keyword list each part quotes in its §1.2.
func t11Terminology() []t11Waiver {
	var w []t11Waiver
	for _, l := range t11Levels {
		w = append(w, t11Waiver{"1.2", l, -1, "the Terminology section quotes the RFC 2119 keywords"})
	}
	return w
}

// t11ExtendedHeaderRows excuses the "MAY contain any XML" of the Extended_Header row that every
// Part 4 message table repeats; T11X-3.1-02 catalogues it once for all message types.
func t11ExtendedHeaderRows(sections ...string) []t11Waiver {
	var w []t11Waiver
	for _, s := range sections {
		w = append(w, t11Waiver{s, May, 1, "repeated Extended_Header row; catalogued once as T11X-3.1-02"})
	}
	return w
}

var t11Parts = []t11Part{
	{
		Doc: "T11S",
		Files: []t11SpecFile{
			{Name: "taxii-1.1.1-part2-services.txt", Plain: true},
			{Name: "taxii-1.1.1-wd01-part2-services.md"},
		},
		Waivers: append(t11Terminology(),
			t11Waiver{"4.1.4", Must, 1, "sentence that only introduces the numbered label rules, each of which has its own entry"},
			t11Waiver{"4.1.4", Must, 1, "rule 3 states the same ordering twice (across offsets, chronologically); T11S-4.1.4-05 covers both"},
			t11Waiver{"4.4.8", May, 1, "second sentence repeats the permission to add Delivery Parameters (T11S-4.4.8-18)"},
			t11Waiver{"4.4.9", MustNot, 1, "closing note repeats the Data Set rule of the begin-label row (T11S-4.4.9-04)"},
			t11Waiver{"5.2.2.2", Should, 1, "t11Keyword inside the worked X/Y example of T11S-5.2.2.2-03"},
			t11Waiver{"5.4.1", Should, 1, "t11Keyword inside the format-W example of T11S-5.4.1-05"},
		),
	},
	{
		Doc: "T11H",
		Files: []t11SpecFile{{Name: "taxii-1.1.1-wd01-part3-http.md", Renumber: map[string]string{
			// The converted headings say 2.0.x; the document's contents and its own
			// cross-references ("Section 2.1.3") number the header sections 2.1.x.
			"2.0.1": "2.1.1", "2.0.2": "2.1.2", "2.0.3": "2.1.3",
			"2.0.4": "2.1.4", "2.0.5": "2.1.5", "2.0.6": "2.1.6",
		}}},
		Waivers: t11Terminology(),
	},
	{
		Doc:   "T11X",
		Files: []t11SpecFile{{Name: "taxii-1.1.1-wd01-part4-xml.md"}},
		Waivers: append(append(t11Terminology(),
			t11Waiver{"2.2.1", Must, 1, "sentence that only introduces the two label rules, each of which has its own entry"}),
			t11ExtendedHeaderRows("3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11")...),
	},
	{
		Doc: "T11Q",
		Files: []t11SpecFile{{Name: "taxii-1.1.1-wd01-part5-query.md", Renumber: map[string]string{
			// The document's contents list "3.2.1.1 Preferred Scope and Allowed Scope" and
			// "3.2.2 XML Representation"; the converted headings say 3.2.0.1 and 3.2.1.
			"3.2.0.1": "3.2.1.1", "3.2.1": "3.2.2",
		}}},
		Waivers: t11Terminology(),
	},
}

// sectionCounts is, per section, the t11Keyword count per level (maximum over the part's files),
// plus the section numbers in document order.
func (p t11Part) sectionCounts(t *testing.T) (map[string]map[Level]int, []string) {
	t.Helper()
	counts := map[string]map[Level]int{}
	var order []string
	for _, f := range p.Files {
		for _, s := range f.sections(t11ReadSpec(t, f.Name)) {
			c, seen := counts[s.Number]
			if !seen {
				c = map[Level]int{}
				counts[s.Number] = c
				order = append(order, s.Number)
			}
			for l, n := range t11CountKeywords(s.Text) {
				c[l] = max(c[l], n)
			}
		}
	}
	return counts, order
}

// gaps compares keyword counts per section and level with the catalog entries reqs (of any
// doc; only p.Doc counts) and returns one line per shortfall, stale waiver or unknown section.
func (p t11Part) gaps(counts map[string]map[Level]int, reqs []Requirement) []string {
	var out []string
	have := map[string]map[Level]int{}
	for _, r := range reqs {
		if r.Doc != p.Doc {
			continue
		}
		if _, ok := counts[r.Section]; !ok {
			out = append(out, fmt.Sprintf("%s: section %s does not exist in the specification text", r.ID, r.Section))
			continue
		}
		if have[r.Section] == nil {
			have[r.Section] = map[Level]int{}
		}
		have[r.Section][r.Level]++
	}
	waived := map[string]map[Level]int{}
	for _, w := range p.Waivers {
		if strings.TrimSpace(w.Reason) == "" {
			out = append(out, fmt.Sprintf("waiver §%s %s has no reason", w.Section, w.Level))
		}
		if _, ok := counts[w.Section]; !ok {
			out = append(out, fmt.Sprintf("waiver for §%s, which the text does not have", w.Section))
		}
		if waived[w.Section] == nil {
			waived[w.Section] = map[Level]int{}
		}
		n := w.N
		if n < 0 {
			n = counts[w.Section][w.Level]
		}
		waived[w.Section][w.Level] += n
	}
	for sec, byLevel := range counts {
		for _, l := range t11Levels {
			n, w, h := byLevel[l], waived[sec][l], have[sec][l]
			switch {
			case w > n:
				out = append(out, fmt.Sprintf("§%s %s: %d waived but the text has only %d (stale waiver)", sec, l, w, n))
			case h < n-w:
				out = append(out, fmt.Sprintf("§%s %s: text has %d (%d waived), catalog has %d", sec, l, n, w, h))
			}
		}
	}
	sort.Strings(out)
	return out
}

// TestT11KeywordCoverage fails when a TAXII 1.1.1 catalog has fewer entries of some level in
// some section than the specification text has keywords of that level there, once the waivers
// (each with its reason) are taken off.
func TestT11KeywordCoverage(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range t11Parts {
		t.Run(p.Doc, func(t *testing.T) {
			counts, _ := p.sectionCounts(t)
			total := 0
			for _, byLevel := range counts {
				for _, n := range byLevel {
					total += n
				}
			}
			if total == 0 {
				t.Fatalf("no keyword found in %v: the section parser is broken", p.Files)
			}
			for _, g := range p.gaps(counts, c.All()) {
				t.Errorf("%s %s", p.Doc, g)
			}
		})
	}
}

func TestT11CoverageGaps(t *testing.T) {
	counts := map[string]map[Level]int{
		"1.2": {Must: 3, May: 1},
		"2.1": {Must: 2, ShouldNot: 1},
		"3":   {May: 1},
	}
	p := t11Part{Doc: "T11H", Waivers: []t11Waiver{
		{"1.2", Must, -1, "keyword list"},
		{"3", May, 2, "too many"},
		{"9", May, 1, "no such section"},
		{"2.1", ShouldNot, 1, ""},
	}}
	reqs := []Requirement{
		{ID: "T11H-2.1-01", Doc: "T11H", Section: "2.1", Level: Must},
		{ID: "T11H-4-01", Doc: "T11H", Section: "4", Level: Must},
		{ID: "T11S-2.1-01", Doc: "T11S", Section: "2.1", Level: Must},
	}
	got := strings.Join(p.gaps(counts, reqs), "\n")
	for _, want := range []string{
		"§1.2 MAY: text has 1 (0 waived), catalog has 0",
		"§2.1 MUST: text has 2 (0 waived), catalog has 1",
		"§3 MAY: 2 waived but the text has only 1",
		"waiver for §9",
		"waiver §2.1 SHOULD NOT has no reason",
		"T11H-4-01: section 4 does not exist",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("gaps lack %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "§1.2 MUST") || strings.Contains(got, "§2.1 SHOULD NOT:") {
		t.Errorf("waived or covered counts reported:\n%s", got)
	}
}
