package reports

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/taxii-conform/taxii-conform/suites/requirements"
)

// File names Diff.WriteFiles writes.
const (
	FileDiffJSON     = "diff.json"
	FileDiffMarkdown = "diff.md"
)

// DiffGroup classifies a requirement by the verdicts two runs gave it.
type DiffGroup string

// The groups, in the order every output lists them.
const (
	GroupDiffer    DiffGroup = "differ" // the two verdicts differ
	GroupBothFail  DiffGroup = "both-fail"
	GroupBothWarn  DiffGroup = "both-warn"
	GroupBothError DiffGroup = "both-error"
	GroupBothPass  DiffGroup = "both-pass"
	// GroupBothUnchecked: the same verdict on both sides, and one that says nothing about
	// conformance (unsupported, disabled, untested, not-applicable).
	GroupBothUnchecked DiffGroup = "both-unchecked"
	// GroupOnlyA and GroupOnlyB: the requirement is in one report only (the reports were made
	// with different catalogs).
	GroupOnlyA DiffGroup = "only-a"
	GroupOnlyB DiffGroup = "only-b"
)

// DiffGroups lists the groups in display order.
var DiffGroups = []DiffGroup{GroupDiffer, GroupBothFail, GroupBothWarn, GroupBothError, GroupBothPass,
	GroupBothUnchecked, GroupOnlyA, GroupOnlyB}

// groupTitles name the groups for people.
var groupTitles = map[DiffGroup]string{
	GroupDiffer: "differ", GroupBothFail: "both fail", GroupBothWarn: "both warn", GroupBothError: "both error",
	GroupBothPass: "both pass", GroupBothUnchecked: "both unchecked", GroupOnlyA: "only in A", GroupOnlyB: "only in B",
}

// DiffSide is what the diff keeps of one run.
type DiffSide struct {
	Label      string `json:"label"`
	Target     string `json:"target"`
	Family     string `json:"family,omitempty"`
	Version    string `json:"version"`
	Started    string `json:"started"`
	DurationMS int64  `json:"duration_ms"`
	Conformant bool   `json:"conformant"`
	ExitStatus int    `json:"exit_code"`
	Strict     bool   `json:"strict"`
	ReadOnly   bool   `json:"read_only"`
	Selection  string `json:"selection,omitempty"`
	// Summary is the run's per-level verdict counts, as in report.json.
	Summary       map[string]map[Verdict]int `json:"summary"`
	HarnessErrors []string                   `json:"harness_errors"`
}

// DiffVerdict is one side's result for one requirement.
type DiffVerdict struct {
	// Verdict is "" when the requirement is missing from this side's report.
	Verdict Verdict `json:"verdict"`
	// Reason is the first failure, or the note, on one line.
	Reason   string   `json:"reason,omitempty"`
	Failures []string `json:"failures,omitempty"`
}

// DiffRow is one requirement with both verdicts.
type DiffRow struct {
	ID      string      `json:"id"`
	Doc     string      `json:"doc"`
	Section string      `json:"section"`
	Level   string      `json:"level"`
	Subject string      `json:"subject"`
	Summary string      `json:"summary"`
	Group   DiffGroup   `json:"group"`
	A       DiffVerdict `json:"a"`
	B       DiffVerdict `json:"b"`
	// Better is "a" or "b" for a requirement that differs when one side's verdict stands
	// better (pass over unsupported over warn over fail), "" when either verdict says nothing
	// about conformance (error, disabled, untested, not-applicable).
	Better string `json:"better,omitempty"`
}

// Diff compares two runs of the same protocol requirement by requirement. It holds nothing
// but what the two reports say, so the same reports always give the same files.
type Diff struct {
	Tool     string   `json:"tool"`
	Protocol string   `json:"protocol"`
	A        DiffSide `json:"a"`
	B        DiffSide `json:"b"`
	// Counts has every group, zero included.
	Counts map[DiffGroup]int `json:"counts"`
	// Notes warn about differences between the runs themselves (selection, strictness…).
	Notes []string `json:"notes"`
	Line  string   `json:"line"`
	// Requirements are in catalog order: A's report order, then those only B has.
	Requirements []DiffRow `json:"requirements"`
}

// NewDiff compares report a with report b; labelA and labelB name the sides for people
// ("" gives "A" and "B"). Both reports must be of the same protocol.
func NewDiff(a, b *Report, labelA, labelB string) (*Diff, error) {
	if a == nil || b == nil {
		return nil, errors.New("diff: two reports are needed")
	}
	if a.Protocol != b.Protocol {
		return nil, fmt.Errorf("diff: the reports are of different protocols (TAXII %s and TAXII %s)", a.Protocol, b.Protocol)
	}
	if labelA == "" {
		labelA = "A"
	}
	if labelB == "" {
		labelB = "B"
	}
	d := &Diff{
		Tool: "taxii-conform", Protocol: a.Protocol,
		A: diffSide(a, labelA), B: diffSide(b, labelB),
		Counts: map[DiffGroup]int{}, Notes: []string{}, Requirements: []DiffRow{},
	}
	for _, g := range DiffGroups {
		d.Counts[g] = 0
	}
	inB := map[string]RequirementResult{}
	for _, r := range b.Requirements {
		inB[r.ID] = r
	}
	seen := map[string]bool{}
	for _, ra := range a.Requirements {
		if seen[ra.ID] {
			continue // a hand-edited report may repeat an ID; the first one counts
		}
		seen[ra.ID] = true
		row := diffRow(ra)
		row.A = diffVerdict(ra)
		if rb, ok := inB[ra.ID]; ok {
			row.B = diffVerdict(rb)
			row.Group, row.Better = classify(ra.Verdict, rb.Verdict)
		} else {
			row.Group = GroupOnlyA
		}
		d.add(row)
	}
	for _, rb := range b.Requirements {
		if seen[rb.ID] {
			continue
		}
		seen[rb.ID] = true
		row := diffRow(rb)
		row.B = diffVerdict(rb)
		row.Group = GroupOnlyB
		d.add(row)
	}
	d.Notes = runNotes(a, b)
	d.Line = d.line()
	return d, nil
}

func (d *Diff) add(row DiffRow) {
	d.Requirements = append(d.Requirements, row)
	d.Counts[row.Group]++
}

func diffSide(r *Report, label string) DiffSide {
	h := r.HarnessErrors
	if h == nil {
		h = []string{}
	}
	return DiffSide{
		Label: label, Target: redactTarget(r.Target), Family: r.Family, Version: r.Version, Started: r.Started,
		DurationMS: r.DurationMS, Conformant: conformant(r.Requirements, r.Strict), ExitStatus: r.ExitCode(),
		Strict: r.Strict, ReadOnly: r.ReadOnly, Selection: r.Selection, Summary: r.Summary, HarnessErrors: h,
	}
}

func diffRow(r RequirementResult) DiffRow {
	return DiffRow{ID: r.ID, Doc: r.Doc, Section: r.Section, Level: r.Level, Subject: r.Subject, Summary: r.Summary}
}

func diffVerdict(r RequirementResult) DiffVerdict {
	v := DiffVerdict{Verdict: r.Verdict, Failures: r.Failures}
	if r.Verdict != Pass {
		v.Reason = stripUserinfo(firstReasonOf(r))
	}
	return v
}

// standing ranks the verdicts that say something about conformance; lower stands better.
// The others (error, disabled, untested, not-applicable) are not ranked.
func standing(v Verdict) (int, bool) {
	switch v {
	case Pass:
		return 0, true
	case Unsupported:
		return 1, true
	case Warn:
		return 2, true
	case Fail:
		return 3, true
	}
	return 0, false
}

// classify puts a pair of verdicts in its group and says which side stands better.
func classify(a, b Verdict) (DiffGroup, string) {
	if a != b {
		sa, oka := standing(a)
		sb, okb := standing(b)
		switch {
		case !oka || !okb:
			return GroupDiffer, ""
		case sa < sb:
			return GroupDiffer, "a"
		default:
			return GroupDiffer, "b"
		}
	}
	switch a {
	case Fail:
		return GroupBothFail, ""
	case Warn:
		return GroupBothWarn, ""
	case Error:
		return GroupBothError, ""
	case Pass:
		return GroupBothPass, ""
	}
	return GroupBothUnchecked, ""
}

// runNotes points out what makes the two runs less comparable.
func runNotes(a, b *Report) []string {
	notes := []string{}
	if a.Selection != b.Selection {
		notes = append(notes, fmt.Sprintf("the runs selected different requirements (A: %q, B: %q)", a.Selection, b.Selection))
	}
	if a.Strict != b.Strict {
		notes = append(notes, fmt.Sprintf("only one run was strict (A: %t, B: %t): SHOULD verdicts are not comparable", a.Strict, b.Strict))
	}
	if a.ReadOnly != b.ReadOnly {
		notes = append(notes, fmt.Sprintf("only one run was read-only (A: %t, B: %t)", a.ReadOnly, b.ReadOnly))
	}
	if a.Family != b.Family {
		notes = append(notes, fmt.Sprintf("the servers speak different TAXII 1.x families (A: %q, B: %q)", a.Family, b.Family))
	}
	if a.Version != b.Version {
		notes = append(notes, fmt.Sprintf("the reports come from different harness versions (A: %q, B: %q)", a.Version, b.Version))
	}
	for _, s := range []struct {
		name string
		r    *Report
	}{{"A", a}, {"B", b}} {
		if n := len(s.r.HarnessErrors); n > 0 {
			notes = append(notes, fmt.Sprintf("run %s recorded %d harness error(s): its verdicts may be incomplete", s.name, n))
		}
	}
	return notes
}

// line is the one-line summary: the number of differences, then the other non-empty groups.
func (d *Diff) line() string {
	parts := []string{fmt.Sprintf("%d differ", d.Counts[GroupDiffer])}
	for _, g := range DiffGroups[1:] {
		if n := d.Counts[g]; n > 0 || g == GroupBothFail || g == GroupBothPass {
			parts = append(parts, fmt.Sprintf("%d %s", n, groupTitles[g]))
		}
	}
	return fmt.Sprintf("TAXII %s, %d requirements: %s", d.Protocol, len(d.Requirements), strings.Join(parts, ", "))
}

// Rows returns the rows of one group, in catalog order.
func (d *Diff) Rows(g DiffGroup) []DiffRow {
	var out []DiffRow
	for _, r := range d.Requirements {
		if r.Group == g {
			out = append(out, r)
		}
	}
	return out
}

// WriteJSON writes diff.json: indented, HTML characters left as they are.
func (d *Diff) WriteJSON(w io.Writer) error {
	return writeIndentedJSON(w, d)
}

// WriteMarkdown writes diff.md: both runs side by side, the group counts, then one section per
// non-empty group (the differences first).
func (d *Diff) WriteMarkdown(w io.Writer) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "## TAXII %s: %s vs %s — %d requirement(s) differ\n\n", mdText(d.Protocol, 20),
		mdText(d.A.Label, 80), mdText(d.B.Label, 80), d.Counts[GroupDiffer])
	fmt.Fprintf(&b, "| | A: %s | B: %s |\n|---|---|---|\n", mdText(d.A.Label, 80), mdText(d.B.Label, 80))
	row := func(name string, f func(s DiffSide) string) {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", name, f(d.A), f(d.B))
	}
	row("target", func(s DiffSide) string { return mdText(s.Target, 200) })
	row("result", func(s DiffSide) string { return fmt.Sprintf("%s (exit status %d)", sideHeadline(s), s.ExitStatus) })
	row("MUST fail · SHOULD warn or fail · error", func(s DiffSide) string {
		return fmt.Sprintf("%d · %d · %d", s.count(true, Fail), s.count(false, Warn)+s.count(false, Fail), s.total(Error))
	})
	row("started", func(s DiffSide) string {
		return fmt.Sprintf("%s · %s", mdText(s.Started, 40), (time.Duration(s.DurationMS) * time.Millisecond).String())
	})
	if d.A.Family != "" || d.B.Family != "" {
		row("family", func(s DiffSide) string { return mdText(s.Family, 20) })
	}
	if d.A.Selection != "" || d.B.Selection != "" {
		row("selection", func(s DiffSide) string { return mdText(s.Selection, 120) })
	}

	b.WriteString("\n| group | requirements |\n|---|--:|\n")
	for _, g := range DiffGroups {
		if n := d.Counts[g]; n > 0 || (g != GroupOnlyA && g != GroupOnlyB) {
			fmt.Fprintf(&b, "| %s | %d |\n", groupTitles[g], n)
		}
	}
	if len(d.Notes) > 0 {
		b.WriteString("\n")
		for _, n := range d.Notes {
			fmt.Fprintf(&b, "> note: %s\n", mdText(n, 300))
		}
	}

	for _, g := range DiffGroups {
		rows := d.Rows(g)
		if len(rows) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n### %s (%d)\n\n", capitalize(groupTitles[g]), len(rows))
		switch g {
		case GroupBothPass:
			b.WriteString(idList(rows) + "\n")
		case GroupBothUnchecked:
			// Untested and not-applicable carry no news: their IDs are enough. Unsupported
			// and disabled say why, which may differ between the servers.
			var quiet, told []DiffRow
			for _, r := range rows {
				if r.A.Verdict == Untested || r.A.Verdict == NotApplicable {
					quiet = append(quiet, r)
				} else {
					told = append(told, r)
				}
			}
			var parts []string
			if len(told) > 0 {
				var t strings.Builder
				t.WriteString("| requirement | level | verdict | A's reason | B's reason |\n|---|---|---|---|---|")
				for _, r := range told {
					fmt.Fprintf(&t, "\n| %s %s | %s | %s | %s | %s |", mdText(r.ID, 40), mdText(r.Summary, 120), mdText(r.Level, 12),
						r.A.Verdict, mdText(r.A.Reason, mdReasonRunes), mdText(r.B.Reason, mdReasonRunes))
				}
				parts = append(parts, t.String())
			}
			for _, v := range []Verdict{Untested, NotApplicable} {
				var these []DiffRow
				for _, r := range quiet {
					if r.A.Verdict == v {
						these = append(these, r)
					}
				}
				if len(these) > 0 {
					parts = append(parts, fmt.Sprintf("%s (%d): %s", v, len(these), idList(these)))
				}
			}
			b.WriteString(strings.Join(parts, "\n\n") + "\n")
		default:
			b.WriteString("| requirement | level | A | B | better | A's reason | B's reason |\n|---|---|---|---|---|---|---|\n")
			for _, r := range rows {
				fmt.Fprintf(&b, "| %s %s | %s | %s | %s | %s | %s | %s |\n", mdText(r.ID, 40), mdText(r.Summary, 120),
					mdText(r.Level, 12), verdictOrNone(r.A.Verdict), verdictOrNone(r.B.Verdict), r.Better,
					mdText(r.A.Reason, mdReasonRunes), mdText(r.B.Reason, mdReasonRunes))
			}
		}
	}
	fmt.Fprintf(&b, "\n%s\n", mdText(d.Line, 400))
	_, err := w.Write(b.Bytes())
	return err
}

// consoleMaxRows caps the differences listed on the console; diff.md has them all.
const consoleMaxRows = 30

// WriteConsoleSummary prints both results, the group counts and the differences.
func (d *Diff) WriteConsoleSummary(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "\nTAXII %s comparison\n", termText(d.Protocol))
	for _, s := range []struct {
		name string
		side DiffSide
	}{{"A", d.A}, {"B", d.B}} {
		fmt.Fprintf(&b, "  %s %s at %s: %s (exit status %d)\n", s.name, termText(s.side.Label), termText(s.side.Target),
			sideHeadline(s.side), s.side.ExitStatus)
	}
	fmt.Fprintf(&b, "%s\n", termText(d.Line))
	for _, n := range d.Notes {
		fmt.Fprintf(&b, "note: %s\n", termText(n))
	}
	rows := d.Rows(GroupDiffer)
	if len(rows) > 0 {
		fmt.Fprintf(&b, "\nDifferences (%d):\n", len(rows))
		for i, r := range rows {
			if i == consoleMaxRows {
				fmt.Fprintf(&b, "  … and %d more (see %s)\n", len(rows)-i, FileDiffMarkdown)
				break
			}
			mark := " "
			switch r.Better {
			case "a":
				mark = "<"
			case "b":
				mark = ">"
			}
			fmt.Fprintf(&b, "  %s %-14s %-10s A %-14s B %-14s %s\n", mark, termText(r.ID), termText(r.Level),
				verdictOrNone(r.A.Verdict), verdictOrNone(r.B.Verdict), termText(clip(r.Summary, 100)))
			for _, side := range []struct {
				name string
				v    DiffVerdict
			}{{"A", r.A}, {"B", r.B}} {
				if side.v.Verdict != Pass && side.v.Reason != "" {
					fmt.Fprintf(&b, "      %s: %s\n", side.name, termText(clip(side.v.Reason, 200)))
				}
			}
		}
		b.WriteString("  (< A stands better, > B stands better)\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteFiles writes diff.json and diff.md into dir (created if needed), as WriteDir does.
func (d *Diff) WriteFiles(dir string) error {
	return writeRendered(dir, []rendering{
		{FileDiffJSON, d.WriteJSON},
		{FileDiffMarkdown, d.WriteMarkdown},
	})
}

// sideHeadline is the run's result in words, as the single-run reports put it.
func sideHeadline(s DiffSide) string {
	head, _ := headlineFor(s.ExitStatus)
	return head
}

// count adds up one verdict over the mandatory (MUST, MUST NOT) or recommended levels.
func (s DiffSide) count(mandatory bool, v Verdict) int {
	n := 0
	for level, counts := range s.Summary {
		l := requirements.Level(level)
		if (mandatory && l.Mandatory()) || (!mandatory && l.Recommended()) {
			n += counts[v]
		}
	}
	return n
}

// total adds up one verdict over every level.
func (s DiffSide) total(v Verdict) int {
	n := 0
	for _, counts := range s.Summary {
		n += counts[v]
	}
	return n
}

// idList joins the rows' IDs for Markdown.
func idList(rows []DiffRow) string {
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = mdText(r.ID, 40)
	}
	return strings.Join(ids, ", ")
}

func verdictOrNone(v Verdict) string {
	if v == "" {
		return "(absent)"
	}
	return string(v)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
