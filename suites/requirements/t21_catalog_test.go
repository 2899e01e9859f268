package requirements

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"html"
	"io/fs"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"gopkg.in/yaml.v3"
)

// These tests keep the TAXII 2.1 catalog (catalog/t21.yaml) honest against the specification
// text: every bold RFC 2119 key word of a section must be matched by catalog entries of that
// level in that section, entries must name real sections in document order, and summaries
// must be the project's own words rather than copied sentences.

// t21SpecPath is the OASIS Standard text, relative to this package's directory.
const t21SpecPath = "../../../shared/spec/taxii-2.1-os.md"

// t21KeywordException forgives n key words of one level in one section (n < 0: every key
// word of the section), with the reason the catalog has fewer entries there.
type t21KeywordException struct {
	section string
	level   Level // empty when n < 0
	n       int
	reason  string
}

var t21KeywordExceptions = []t21KeywordException{
	{section: "1.2", n: -1,
		reason: "the terminology section only lists the RFC 2119 key words; it states no requirement"},
	{section: "3.1", level: May, n: 2,
		reason: "each of the two 'MAY serve it or MAY answer 406/415' sentences offers one choice between two " +
			"permitted outcomes and is catalogued as one entry (T21-3.1-13, T21-3.1-14)"},
}

// t21Load loads only the TAXII 2.1 catalog, so that a fault in another catalog file does not
// hide the state of this one.
func t21Load(t *testing.T) (*Catalog, file) {
	t.Helper()
	raw, err := fs.ReadFile(catalogFS, "catalog/t21.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := LoadFS(fstest.MapFS{"c/t21.yaml": {Data: raw}}, "c")
	if err != nil {
		t.Fatal(err)
	}
	var f file
	if err := t21Decode(raw, &f); err != nil {
		t.Fatal(err)
	}
	return c, f
}

// t21Decode decodes a catalog file's header and entries, refusing unknown fields.
func t21Decode(raw []byte, f *file) error {
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	return dec.Decode(f)
}

func t21ReadSpec(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile(t21SpecPath)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("TAXII 2.1 text not found at %s (expected beside the checkout in shared/spec); "+
			"skipping the spec-to-catalog comparison", t21SpecPath)
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// t21Section is the text under one numbered heading (or appendix heading), up to the next.
type t21Section struct {
	id   string
	text string
}

var (
	t21NumberedHeading = regexp.MustCompile(`^#{1,6}\s+(\d+(?:\.\d+)*)\.?\s`)
	t21AppendixHeading = regexp.MustCompile(`^#{1,6}\s+Appendix\s+([A-Z])\b`)
)

// t21SplitSections cuts a Markdown text at its numbered headings ("## 3.4 Filtering") and appendix
// headings ("# Appendix B: ..."); text before the first such heading (cover page, notices,
// table of contents) belongs to no section. Lines inside ``` fences are never headings.
func t21SplitSections(text string) []t21Section {
	var out []t21Section
	var cur *t21Section
	fenced := false
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 0, 1<<16), 1<<22)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
		}
		if !fenced {
			id := ""
			if m := t21NumberedHeading.FindStringSubmatch(line); m != nil {
				id = m[1]
			} else if m := t21AppendixHeading.FindStringSubmatch(line); m != nil {
				id = m[1]
			}
			if id != "" {
				out = append(out, t21Section{id: id})
				cur = &out[len(out)-1]
				continue
			}
		}
		if cur != nil {
			cur.text += line + "\n"
		}
	}
	return out
}

var (
	// A negative key word split over two bold runs ("<strong>MUST</strong> <strong>NOT</strong>",
	// as in §4.1.1) is one key word.
	t21SplitNegation = regexp.MustCompile(`(?:\*\*|<strong>)(MUST|SHOULD)(?:\*\*|</strong>)\s*(?:\*\*|<strong>)NOT(?:\*\*|</strong>)`)
	// A bold key word; the converted text sometimes keeps a space or comma inside the bold run
	// ("<strong>MUST </strong>", "<strong>MAY, </strong>"). A plain lowercase "not"/"never" right
	// after a bold MUST or SHOULD makes it negative ("**MUST** not return an error" in §5.5,
	// "**SHOULD** never pull" in §4.3); after MAY it stays a permission ("**MAY** not return").
	t21BoldKeyword = regexp.MustCompile(`(?:\*\*|<strong>)(NOT RECOMMENDED|MUST NOT|MUST|SHOULD NOT|SHOULD|MAY|SHALL NOT|SHALL|REQUIRED|RECOMMENDED|OPTIONAL)[ ,]*(?:\*\*|</strong>)( +(?:not|never)\b)?`)
)

// t21KeywordLevel maps every RFC 2119 key word to the catalog level it counts towards.
var t21KeywordLevel = map[string]Level{
	"MUST": Must, "REQUIRED": Must, "SHALL": Must,
	"MUST NOT": MustNot, "SHALL NOT": MustNot,
	"SHOULD": Should, "RECOMMENDED": Should,
	"SHOULD NOT": ShouldNot, "NOT RECOMMENDED": ShouldNot,
	"MAY": May, "OPTIONAL": May,
}

// t21CountKeywords counts the bold key words of a text by level.
func t21CountKeywords(text string) map[Level]int {
	text = t21SplitNegation.ReplaceAllString(text, "<strong>$1 NOT</strong>")
	n := map[Level]int{}
	for _, m := range t21BoldKeyword.FindAllStringSubmatch(text, -1) {
		l := t21KeywordLevel[m[1]]
		if m[2] != "" {
			switch l {
			case Must:
				l = MustNot
			case Should:
				l = ShouldNot
			}
		}
		n[l]++
	}
	return n
}

var t21Levels = []Level{Must, MustNot, Should, ShouldNot, May}

func TestT21KeywordCounterReadsTheSpecMarkup(t *testing.T) {
	cases := []struct {
		text string
		want map[Level]int
	}{
		{"the id **MUST** be unique", map[Level]int{Must: 1}},
		{"<strong>MUST </strong>have and <strong>MAY, </strong>be", map[Level]int{Must: 1, May: 1}},
		{"<strong>MUST</strong> <strong>NOT</strong> begin", map[Level]int{MustNot: 1}},
		{"the server **MUST** not return an error", map[Level]int{MustNot: 1}},
		{"it **SHOULD** never pull again", map[Level]int{ShouldNot: 1}},
		{"others **MAY** not return the object", map[Level]int{May: 1}},
		{"**MUST NOT** and **SHOULD NOT** and **SHALL** and **OPTIONAL**", map[Level]int{MustNot: 1, ShouldNot: 1, Must: 1, May: 1}},
		{"plain MUST and lowercase must, **title** and <strong>id</strong> <strong>MUST</strong>", map[Level]int{Must: 1}},
	}
	for _, c := range cases {
		got := t21CountKeywords(c.text)
		for _, l := range t21Levels {
			if got[l] != c.want[l] {
				t.Errorf("%q: %s counted %d, want %d", c.text, l, got[l], c.want[l])
			}
		}
	}
}

func TestT21SplitSectionsFollowsHeadings(t *testing.T) {
	text := "# Table of Contents\n- **MUST** in front matter\n" +
		"# 3. Core\nintro\n## 3.4 Filtering\n**MUST** a\n```\n# 9.9 not a heading\n```\n" +
		"### 3.4.1 Fields\n**MAY** b\n# Appendix B: IANA\nc\n"
	got := t21SplitSections(text)
	var ids []string
	for _, s := range got {
		ids = append(ids, s.id)
	}
	if strings.Join(ids, " ") != "3 3.4 3.4.1 B" {
		t.Fatalf("sections = %v, want [3 3.4 3.4.1 B]", ids)
	}
	if !strings.Contains(got[1].text, "# 9.9 not a heading") || t21CountKeywords(got[1].text)[Must] != 1 {
		t.Errorf("section 3.4 text = %q", got[1].text)
	}
}

func TestT21CatalogHeader(t *testing.T) {
	c, f := t21Load(t)
	if f.Doc != "T21" {
		t.Errorf("doc = %q, want T21", f.Doc)
	}
	if f.Title == "" || strings.Contains(strings.ToLower(f.Title), "placeholder") {
		t.Errorf("title = %q", f.Title)
	}
	if !strings.Contains(f.Source, "taxii-2.1-os.md") || !strings.Contains(f.Source, "2021") {
		t.Errorf("source = %q: name the file and its version/date", f.Source)
	}
	if len(c.All()) == 0 {
		t.Fatal("catalog is empty")
	}
}

// t21IDNumber returns the <nn> of an ID.
func t21IDNumber(t *testing.T, id string) int {
	t.Helper()
	n, err := strconv.Atoi(id[strings.LastIndex(id, "-")+1:])
	if err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	return n
}

func TestT21EntriesAreWellFormed(t *testing.T) {
	c, _ := t21Load(t)
	last := map[string]int{}
	idRef := regexp.MustCompile(`T(?:21|11[SHXQ])-[0-9A-Z.]+-[0-9]+`)
	for _, r := range c.All() {
		// Numbers start at 01 and only grow in file order within a section: new entries are
		// appended, published IDs are never renumbered.
		n := t21IDNumber(t, r.ID)
		if prev, seen := last[r.Section]; (!seen && n != 1) || (seen && n <= prev) {
			t.Errorf("%s: out of order in §%s (previous number %02d)", r.ID, r.Section, prev)
		}
		last[r.Section] = n
		if r.Subject == Client && r.RemotelyTestable() {
			t.Errorf("%s binds clients but claims to be remotely testable against a server", r.ID)
		}
		for _, s := range []string{r.Summary, r.Testable} {
			if strings.ContainsAny(s, "\n\r") || strings.TrimSpace(s) != s {
				t.Errorf("%s: %q is not one trimmed line", r.ID, s)
			}
		}
		if len(r.Summary) > 240 {
			t.Errorf("%s: summary of %d characters; keep it to one short line", r.ID, len(r.Summary))
		}
		for _, ref := range idRef.FindAllString(r.Summary+" "+r.Testable, -1) {
			if _, ok := c.Get(ref); !ok || ref == r.ID {
				t.Errorf("%s refers to %s, which is not another entry of the catalog", r.ID, ref)
			}
		}
	}
}

func TestT21CatalogCoversEveryKeyword(t *testing.T) {
	spec := t21ReadSpec(t)
	c, _ := t21Load(t)
	sections := t21SplitSections(spec)
	if len(sections) < 50 {
		t.Fatalf("found only %d numbered sections in %s: heading format changed?", len(sections), t21SpecPath)
	}

	have := map[string]map[Level]int{}
	for _, r := range c.All() {
		if have[r.Section] == nil {
			have[r.Section] = map[Level]int{}
		}
		have[r.Section][r.Level]++
	}
	forgive := map[string]map[Level]int{}
	for _, x := range t21KeywordExceptions {
		if forgive[x.section] == nil {
			forgive[x.section] = map[Level]int{}
		}
		forgive[x.section][x.level] += x.n
	}

	total := map[Level]int{}
	for _, s := range sections {
		kw := t21CountKeywords(s.text)
		all := forgive[s.id][""] < 0
		var gaps []string
		for _, l := range t21Levels {
			total[l] += kw[l]
			want := kw[l] - forgive[s.id][l]
			if all {
				want = 0
			}
			if have[s.id][l] < want {
				gaps = append(gaps, fmt.Sprintf("%s: text has %d, catalog %d", l, kw[l], have[s.id][l]))
			}
			if n := forgive[s.id][l]; n > 0 && have[s.id][l] >= kw[l] {
				t.Errorf("§%s: the exception for %d %s is no longer needed (catalog %d, text %d): remove it",
					s.id, n, l, have[s.id][l], kw[l])
			}
		}
		if len(gaps) > 0 {
			t.Errorf("§%s: fewer catalog entries than key words: %s", s.id, strings.Join(gaps, "; "))
		}
	}
	for _, x := range t21KeywordExceptions {
		if x.reason == "" {
			t.Errorf("exception for §%s has no reason", x.section)
		}
	}
	t.Logf("bold key words in the text: %v; catalog entries: %d", total, len(c.All()))
}

func TestT21EntriesFollowTheDocument(t *testing.T) {
	spec := t21ReadSpec(t)
	c, _ := t21Load(t)
	order := map[string]int{}
	for i, s := range t21SplitSections(spec) {
		if _, dup := order[s.id]; !dup {
			order[s.id] = i
		}
	}
	prev, prevSec := -1, ""
	for _, r := range c.All() {
		pos, ok := order[r.Section]
		if !ok {
			t.Errorf("%s: the text has no section %s", r.ID, r.Section)
			continue
		}
		if r.Section != prevSec && pos < prev {
			t.Errorf("%s: §%s comes before §%s in the text but after it in the catalog", r.ID, r.Section, prevSec)
		}
		prev, prevSec = pos, r.Section
	}
}

// t21OwnWordsRun is the length of a word run that, shared with the specification, marks a summary
// as copied rather than rephrased.
const t21OwnWordsRun = 8

var (
	t21MarkupTag  = regexp.MustCompile(`<[^>]*>`)
	t21LetterWord = regexp.MustCompile(`[a-z]+`)
	t21PathChunk  = regexp.MustCompile(`\S*/\S*`)
)

// t21Words lowers a text to its letter-only words, after dropping HTML tags and entities and
// every chunk holding a '/': endpoint paths and media types are names, not prose, and a
// summary has to repeat them.
func t21Words(s string) []string {
	s = html.UnescapeString(t21MarkupTag.ReplaceAllString(s, " "))
	s = t21PathChunk.ReplaceAllString(s, " ")
	return t21LetterWord.FindAllString(strings.ToLower(s), -1)
}

func TestT21SummariesAreOwnWords(t *testing.T) {
	spec := t21ReadSpec(t)
	c, _ := t21Load(t)
	w := t21Words(spec)
	runs := map[string]bool{}
	for i := 0; i+t21OwnWordsRun <= len(w); i++ {
		runs[strings.Join(w[i:i+t21OwnWordsRun], " ")] = true
	}
	var copied []string
	for _, r := range c.All() {
		sw := t21Words(r.Summary)
		for i := 0; i+t21OwnWordsRun <= len(sw); i++ {
			if run := strings.Join(sw[i:i+t21OwnWordsRun], " "); runs[run] {
				copied = append(copied, fmt.Sprintf("%s shares %q with the text", r.ID, run))
				break
			}
		}
	}
	sort.Strings(copied)
	for _, s := range copied {
		t.Error(s)
	}
}
