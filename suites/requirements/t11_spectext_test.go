package requirements

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// t11SpecDir is where the team keeps the specification texts, relative to this package.
const t11SpecDir = "../../../shared/spec"

// t11Section is the text under one numbered heading, up to the next heading of any depth.
type t11Section struct {
	Number string // as the document numbers it, after renumbering (see t11SpecFile.Renumber)
	Title  string
	Text   string
}

// t11SpecFile describes how to cut one specification text into sections.
type t11SpecFile struct {
	Name string
	// Plain is true for the CSD01 plain text, whose headings are bare "4.4.1 Title" lines;
	// the WD01 texts are Markdown with "## 4.4.1 Title" headings.
	Plain bool
	// Renumber maps heading numbers of the converted text to the numbers the document itself
	// uses (its table of contents and cross-references) where the conversion got them wrong.
	Renumber map[string]string
}

var (
	// Word puts no-break spaces after top-level section numbers, hence \p{Zs} beside \s.
	t11MDHeading    = regexp.MustCompile(`^#{1,6}[\s\p{Zs}]+([0-9]+(?:\.[0-9]+)*|Appendix [A-Z]\.)[\s\p{Zs}]+(.*)$`)
	t11PlainHeading = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)*|Appendix [A-Z]\.)[\s\p{Zs}]+(\S.*)$`)
	// A table-of-contents line ends with a page number; a heading in the body does not.
	t11TOCLine = regexp.MustCompile(`[\s\p{Zs}][0-9]+[\s\p{Zs}]*$`)
)

// t11ReadSpec loads a specification text, or skips the test when the team's copy is absent.
func t11ReadSpec(t *testing.T, name string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(t11SpecDir, name))
	if os.IsNotExist(err) {
		t.Skipf("specification text %s not found under %s: t11Keyword coverage not checked", name, t11SpecDir)
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// sections cuts text into numbered sections in document order. Text before the first
// numbered heading of the body (cover page, notices, table of contents) is dropped.
func (f t11SpecFile) sections(text string) []t11Section {
	var out []t11Section
	var cur *t11Section
	var body strings.Builder
	flush := func() {
		if cur != nil {
			cur.Text = body.String()
			out = append(out, *cur)
		}
		body.Reset()
	}
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if num, title, ok := f.heading(line); ok {
			flush()
			if r, ok := f.Renumber[num]; ok {
				num = r
			}
			cur = &t11Section{Number: num, Title: title}
			continue
		}
		if cur != nil {
			body.WriteString(line)
			body.WriteByte('\n')
		}
	}
	flush()
	if f.Plain {
		out = t11DropTOC(out)
	}
	return out
}

func (f t11SpecFile) heading(line string) (num, title string, ok bool) {
	re := t11MDHeading
	if f.Plain {
		re = t11PlainHeading
	}
	m := re.FindStringSubmatch(line)
	if m == nil {
		return "", "", false
	}
	if f.Plain && t11TOCLine.MatchString(line) {
		// Table of contents entry ("4.4.1 TAXII Status Message. 24"), not a heading.
		return "", "", false
	}
	num = strings.TrimSuffix(strings.TrimPrefix(m[1], "Appendix "), ".")
	return num, strings.TrimFunc(m[2], unicode.IsSpace), true
}

// t11DropTOC removes the sections a plain text's table of contents produces: the body starts at
// the last "1 Introduction" heading.
func t11DropTOC(secs []t11Section) []t11Section {
	start := 0
	for i, s := range secs {
		if s.Number == "1" {
			start = i
		}
	}
	return secs[start:]
}

// t11Keyword finds the RFC 2119 keywords. Only upper-case forms are normative here; "NOT" may be
// written in lower case after an upper-case t11Keyword ("SHOULD not" in Part 2 §5.4.1).
var t11Keyword = regexp.MustCompile(`\b(MUST|SHALL|SHOULD|REQUIRED|RECOMMENDED|MAY|OPTIONAL)(\s+(?:NOT|not)\b)?`)

// t11CountKeywords counts the normative keywords of text by level (RFC 2119 synonyms folded:
// SHALL and REQUIRED are MUST, RECOMMENDED is SHOULD, OPTIONAL is MAY).
func t11CountKeywords(text string) map[Level]int {
	n := map[Level]int{}
	for _, m := range t11Keyword.FindAllStringSubmatch(text, -1) {
		neg := m[2] != ""
		switch m[1] {
		case "MUST", "SHALL", "REQUIRED":
			if neg {
				n[MustNot]++
			} else {
				n[Must]++
			}
		case "SHOULD", "RECOMMENDED":
			if neg {
				n[ShouldNot]++
			} else {
				n[Should]++
			}
		case "MAY", "OPTIONAL":
			n[May]++
		}
	}
	return n
}

func TestT11SpecTextSectionsMarkdown(t *testing.T) {
	text := "# Title\n\n[1 Intro [4](#x)](#x)\n\n# 1 Introduction\nIt MUST work.\n## 1.2 Terminology\nMUST MAY\n" +
		"### 2.0.1 Accept\nThe header SHOULD NOT appear and MUST NOT repeat.\n# Appendix A. Acknowledgments\nnone\n"
	f := t11SpecFile{Renumber: map[string]string{"2.0.1": "2.1.1"}}
	got := f.sections(text)
	want := []string{"1", "1.2", "2.1.1", "A"}
	if len(got) != len(want) {
		t.Fatalf("sections = %+v, want numbers %v", got, want)
	}
	for i, w := range want {
		if got[i].Number != w {
			t.Errorf("section %d = %q, want %q", i, got[i].Number, w)
		}
	}
	if c := t11CountKeywords(got[2].Text); c[ShouldNot] != 1 || c[MustNot] != 1 || c[Must] != 0 || c[Should] != 0 {
		t.Errorf("keywords of 2.1.1 = %v", c)
	}
	if got[2].Title != "Accept" {
		t.Errorf("title = %q", got[2].Title)
	}
}

func TestT11SpecTextSectionsPlain(t *testing.T) {
	text := "Table of Contents\n1        Introduction. 6\n1.1 The TAXII Services Specification. 7\n" +
		"4.4.1 TAXII Status Message. 24\n\n\n1      Introduction\nText.\n1.1 The TAXII Services Specification\n" +
		"Servers MUST answer. Producers SHOULD not lie. It is RECOMMENDED, REQUIRED and OPTIONAL.\n" +
		"  1. an indented list item is not a heading\n4.4.1 TAXII Status Message\nA MAY.\nAppendix B. Revision History\n"
	got := t11SpecFile{Plain: true}.sections(text)
	var nums []string
	for _, s := range got {
		nums = append(nums, s.Number)
	}
	if strings.Join(nums, " ") != "1 1.1 4.4.1 B" {
		t.Fatalf("sections = %v", nums)
	}
	c := t11CountKeywords(got[1].Text)
	if c[Must] != 2 || c[ShouldNot] != 1 || c[Should] != 1 || c[May] != 1 {
		t.Errorf("keywords of 1.1 = %v", c)
	}
}

func TestT11ReadSpecSkipsWhenAbsent(t *testing.T) {
	read := false
	t.Run("absent", func(t *testing.T) {
		t11ReadSpec(t, "no-such-specification.md")
		read = true
	})
	if read {
		t.Error("a missing specification text was read instead of skipping")
	}
}
