package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// dreq builds one requirement result of a hand-made report.
func dreq(id, level string, v Verdict, failure string) RequirementResult {
	r := RequirementResult{ID: id, Doc: "T21", Section: strings.Split(strings.TrimPrefix(id, "T21-"), "-")[0], Level: level,
		Subject: "server", Summary: "summary of " + id, Verdict: v, Specs: []string{}, Failures: []string{}}
	switch {
	case failure != "":
		r.Failures = []string{"spec: " + failure}
		r.Details = []Detail{{Verdict: v, Spec: "spec", Message: failure}}
	case v != Pass:
		r.Note = "note of " + id
	}
	return r
}

// handReport builds a report of the given requirements with consistent summary counts.
func handReport(target string, reqs ...RequirementResult) *Report {
	rep := &Report{Tool: "taxii-conform", Version: "test", Target: target, Protocol: "2.1",
		Started: "2026-01-02T03:04:05Z", DurationMS: 1500, Requirements: reqs, HarnessErrors: []string{},
		Summary: map[string]map[Verdict]int{}}
	for _, l := range Levels {
		rep.Summary[string(l)] = map[Verdict]int{}
	}
	for _, r := range reqs {
		rep.Summary[r.Level][r.Verdict]++
	}
	rep.Conformant = conformant(reqs, false)
	rep.ExitStatus = rep.ExitCode()
	return rep
}

// pairReports are two runs covering every group: the comment on each line is the group.
func pairReports() (*Report, *Report) {
	a := handReport("http://user:secret@a.example/taxii2/",
		dreq("T21-1-01", "MUST", Pass, ""),                        // differ, A better
		dreq("T21-1-02", "MUST", Fail, "A got 500"),               // differ, B better
		dreq("T21-1-03", "SHOULD", Warn, "A no header"),           // differ, B better (unsupported beats warn)
		dreq("T21-1-04", "MUST", Pass, ""),                        // differ, not ranked (error)
		dreq("T21-1-05", "MUST", Fail, "A broke"),                 // both fail
		dreq("T21-1-06", "SHOULD", Warn, "A warned"),              // both warn
		dreq("T21-1-07", "MUST", Error, "A timed out"),            // both error
		dreq("T21-1-08", "MUST", Pass, ""),                        // both pass
		dreq("T21-1-09", "MAY", Pass, ""),                         // both pass
		dreq("T21-1-10", "MUST", Untested, ""),                    // both unchecked
		dreq("T21-1-11", "MUST", Disabled, "A read-only profile"), // both unchecked, with a reason
		dreq("T21-1-12", "MUST", NotApplicable, ""),               // both unchecked
		dreq("T21-1-13", "MUST", Pass, ""),                        // only A
	)
	b := handReport("http://b.example/taxii2/",
		dreq("T21-1-14", "MUST", Fail, "B only"), // only B (listed first in B: must still come last)
		dreq("T21-1-12", "MUST", NotApplicable, ""),
		dreq("T21-1-11", "MUST", Disabled, "B read-only profile"),
		dreq("T21-1-10", "MUST", Untested, ""),
		dreq("T21-1-09", "MAY", Pass, ""),
		dreq("T21-1-08", "MUST", Pass, ""),
		dreq("T21-1-07", "MUST", Error, "B timed out"),
		dreq("T21-1-06", "SHOULD", Warn, "B warned"),
		dreq("T21-1-05", "MUST", Fail, "B broke"),
		dreq("T21-1-04", "MUST", Error, "B could not connect"),
		dreq("T21-1-03", "SHOULD", Unsupported, ""),
		dreq("T21-1-02", "MUST", Pass, ""),
		dreq("T21-1-01", "MUST", Fail, "B sent <script>alert(1)</script> | x"),
	)
	return a, b
}

func TestDiffGroups(t *testing.T) {
	a, b := pairReports()
	d, err := NewDiff(a, b, "server A", "server B")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		id     string
		group  DiffGroup
		better string
		va, vb Verdict
	}{
		{"T21-1-01", GroupDiffer, "a", Pass, Fail},
		{"T21-1-02", GroupDiffer, "b", Fail, Pass},
		{"T21-1-03", GroupDiffer, "b", Warn, Unsupported},
		{"T21-1-04", GroupDiffer, "", Pass, Error},
		{"T21-1-05", GroupBothFail, "", Fail, Fail},
		{"T21-1-06", GroupBothWarn, "", Warn, Warn},
		{"T21-1-07", GroupBothError, "", Error, Error},
		{"T21-1-08", GroupBothPass, "", Pass, Pass},
		{"T21-1-09", GroupBothPass, "", Pass, Pass},
		{"T21-1-10", GroupBothUnchecked, "", Untested, Untested},
		{"T21-1-11", GroupBothUnchecked, "", Disabled, Disabled},
		{"T21-1-12", GroupBothUnchecked, "", NotApplicable, NotApplicable},
		{"T21-1-13", GroupOnlyA, "", Pass, ""},
		{"T21-1-14", GroupOnlyB, "", "", Fail},
	}
	if len(d.Requirements) != len(want) {
		t.Fatalf("%d rows, want %d", len(d.Requirements), len(want))
	}
	for i, w := range want {
		r := d.Requirements[i]
		if r.ID != w.id || r.Group != w.group || r.Better != w.better || r.A.Verdict != w.va || r.B.Verdict != w.vb {
			t.Errorf("row %d: got %s %s better=%q %q/%q, want %+v", i, r.ID, r.Group, r.Better, r.A.Verdict, r.B.Verdict, w)
		}
	}
	wantCounts := map[DiffGroup]int{GroupDiffer: 4, GroupBothFail: 1, GroupBothWarn: 1, GroupBothError: 1,
		GroupBothPass: 2, GroupBothUnchecked: 3, GroupOnlyA: 1, GroupOnlyB: 1}
	if !reflect.DeepEqual(d.Counts, wantCounts) {
		t.Errorf("counts %v, want %v", d.Counts, wantCounts)
	}
	const line = "TAXII 2.1, 14 requirements: 4 differ, 1 both fail, 1 both warn, 1 both error, 2 both pass, 3 both unchecked, 1 only in A, 1 only in B"
	if d.Line != line {
		t.Errorf("line\n got %q\nwant %q", d.Line, line)
	}
	if r := d.Requirements[1]; r.A.Reason != "A got 500" || r.B.Reason != "" || len(r.A.Failures) != 1 {
		t.Errorf("reasons of a MUST that only A fails: %+v", r)
	}
	if r := d.Requirements[10]; r.A.Reason != "A read-only profile" || r.B.Reason != "B read-only profile" {
		t.Errorf("disabled reasons: %+v", r)
	}
	if d.A.Target != "http://a.example/taxii2/" {
		t.Errorf("userinfo kept in the target: %q", d.A.Target)
	}
	if d.A.ExitStatus != 1 || d.A.Conformant || d.B.ExitStatus != 1 || d.A.Label != "server A" {
		t.Errorf("sides: %+v / %+v", d.A, d.B)
	}
	if len(d.Notes) != 0 {
		t.Errorf("notes for two comparable runs: %v", d.Notes)
	}
	if got := d.Rows(GroupBothPass); len(got) != 2 || got[0].ID != "T21-1-08" || got[1].ID != "T21-1-09" {
		t.Errorf("Rows(both-pass) = %v", got)
	}
}

func TestDiffRefusesMismatch(t *testing.T) {
	a, b := pairReports()
	b.Protocol = "1.1.1"
	if _, err := NewDiff(a, b, "", ""); err == nil || !strings.Contains(err.Error(), "different protocols") {
		t.Errorf("protocol mismatch: err = %v", err)
	}
	if _, err := NewDiff(a, nil, "", ""); err == nil {
		t.Error("nil report accepted")
	}
}

func TestDiffNotes(t *testing.T) {
	a, b := pairReports()
	a.Selection, b.Strict, b.Version = "--focus T21-1", true, "other"
	b.HarnessErrors = []string{"BeforeSuite failed"}
	d, err := NewDiff(a, b, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if d.A.Label != "A" || d.B.Label != "B" {
		t.Errorf("default labels %q %q", d.A.Label, d.B.Label)
	}
	joined := strings.Join(d.Notes, "\n")
	for _, want := range []string{"different requirements", "only one run was strict", "different harness versions", "run B recorded 1 harness error"} {
		if !strings.Contains(joined, want) {
			t.Errorf("notes lack %q:\n%s", want, joined)
		}
	}
	if d.B.ExitStatus != 1 {
		t.Errorf("B exit status %d: a MUST failure outranks a harness error", d.B.ExitStatus)
	}
}

func TestDiffJSON(t *testing.T) {
	a, b := pairReports()
	d, err := NewDiff(a, b, "A", "B")
	if err != nil {
		t.Fatal(err)
	}
	var first, second bytes.Buffer
	if err := d.WriteJSON(&first); err != nil {
		t.Fatal(err)
	}
	// The same reports, diffed again, give the same bytes.
	d2, _ := NewDiff(a, b, "A", "B")
	if err := d2.WriteJSON(&second); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Error("diff.json differs between two diffs of the same reports")
	}
	var back map[string]any
	if err := json.Unmarshal(first.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	counts, _ := back["counts"].(map[string]any)
	for _, g := range DiffGroups {
		if _, ok := counts[string(g)]; !ok {
			t.Errorf("counts lack group %s", g)
		}
	}
	if !strings.Contains(first.String(), `"reason": "B sent <script>alert(1)</script> | x"`) {
		t.Error("diff.json escapes HTML or lost a reason")
	}
	rows, _ := back["requirements"].([]any)
	if len(rows) != 14 {
		t.Fatalf("%d rows in JSON", len(rows))
	}
	if r0 := rows[0].(map[string]any); r0["group"] != "differ" || r0["better"] != "a" || r0["a"].(map[string]any)["verdict"] != "pass" {
		t.Errorf("first row %v", r0)
	}
}

func TestDiffMarkdown(t *testing.T) {
	a, b := pairReports()
	d, err := NewDiff(a, b, "refserver", "other|server")
	if err != nil {
		t.Fatal(err)
	}
	var md bytes.Buffer
	if err := d.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	s := md.String()
	if strings.Contains(s, "<script>") || !strings.Contains(s, "&lt;script&gt;") {
		t.Error("hostile text reached diff.md unescaped")
	}
	if !strings.Contains(s, `other\|server`) {
		t.Error("a label's pipe would break the table")
	}
	if !strings.HasPrefix(s, "## TAXII 2.1: refserver vs other\\|server — 4 requirement(s) differ\n") {
		t.Errorf("headline: %q", strings.SplitN(s, "\n", 2)[0])
	}
	// Sections come in group order, the differences first.
	last := -1
	for _, title := range []string{"### Differ (4)", "### Both fail (1)", "### Both warn (1)", "### Both error (1)",
		"### Both pass (2)", "### Both unchecked (3)", "### Only in A (1)", "### Only in B (1)"} {
		i := strings.Index(s, title)
		if i < 0 || i < last {
			t.Errorf("section %q missing or out of order", title)
		}
		last = i
	}
	for _, want := range []string{
		"| T21-1-01 summary of T21-1-01 | MUST | pass | fail | a |",
		"| T21-1-02 summary of T21-1-02 | MUST | fail | pass | b | A got 500 |",
		"T21-1-08, T21-1-09\n",
		"| T21-1-11 summary of T21-1-11 | MUST | disabled | A read-only profile | B read-only profile |",
		"B read-only profile |\n\nuntested (1): T21-1-10\n\nnot-applicable (1): T21-1-12\n\n### Only in A",
		"not-applicable (1): T21-1-12",
		"| T21-1-14 summary of T21-1-14 | MUST | (absent) | fail |",
		"| MUST fail · SHOULD warn or fail · error | 2 · 2 · 1 | 3 · 1 · 2 |",
		"| result | NOT CONFORMANT (exit status 1) | NOT CONFORMANT (exit status 1) |",
		"| target | http://a.example/taxii2/ | http://b.example/taxii2/ |",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("diff.md lacks %q\n%s", want, s)
		}
	}
}

func TestDiffConsole(t *testing.T) {
	a, b := pairReports()
	d, err := NewDiff(a, b, "A-side", "B-side\x1b[31m")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := d.WriteConsoleSummary(&out); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	if strings.Contains(s, "\x1b") {
		t.Error("an escape sequence reached the console")
	}
	for _, want := range []string{
		"A A-side at http://a.example/taxii2/: NOT CONFORMANT (exit status 1)",
		d.Line,
		"Differences (4):",
		"< T21-1-01",
		"> T21-1-02",
		"B: B sent <script>alert(1)</script> | x",
		"A: A got 500",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("console lacks %q\n%s", want, s)
		}
	}

	// Many differences: the console lists the first ones and points at diff.md.
	var ra, rb []RequirementResult
	for i := range consoleMaxRows + 5 {
		id := fmt.Sprintf("T21-9-%02d", i)
		ra = append(ra, dreq(id, "MUST", Pass, ""))
		rb = append(rb, dreq(id, "MUST", Fail, "broken"))
	}
	d, err = NewDiff(handReport("http://a/", ra...), handReport("http://b/", rb...), "", "")
	if err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := d.WriteConsoleSummary(&out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "… and 5 more (see diff.md)") || strings.Count(out.String(), "\n  < T21-9-") != consoleMaxRows {
		t.Errorf("console cap:\n%s", out.String())
	}
}

func TestDiffWriteFiles(t *testing.T) {
	dir := t.TempDir()
	a, b := pairReports()
	// Round trip through report.json, as compare reads its two runs back.
	var ja, jb bytes.Buffer
	if err := a.WriteJSON(&ja); err != nil {
		t.Fatal(err)
	}
	if err := b.WriteJSON(&jb); err != nil {
		t.Fatal(err)
	}
	ra, err := ReadReport(&ja)
	if err != nil {
		t.Fatal(err)
	}
	rb, err := ReadReport(&jb)
	if err != nil {
		t.Fatal(err)
	}
	d, err := NewDiff(ra, rb, "A", "B")
	if err != nil {
		t.Fatal(err)
	}
	if d.Counts[GroupDiffer] != 4 || d.Counts[GroupOnlyB] != 1 {
		t.Errorf("counts after the round trip: %v", d.Counts)
	}
	out := filepath.Join(dir, "out")
	if err := d.WriteFiles(out); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(out, FileDiffJSON))
	if err != nil {
		t.Fatal(err)
	}
	var back Diff
	if err := json.Unmarshal(raw, &back); err != nil || back.Line != d.Line || len(back.Requirements) != 14 {
		t.Errorf("diff.json read back: %v, line %q", err, back.Line)
	}
	if md, err := os.ReadFile(filepath.Join(out, FileDiffMarkdown)); err != nil || !strings.Contains(string(md), d.Line) {
		t.Errorf("diff.md: %v", err)
	}

	// A directory that cannot be made: an error, and nothing written.
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFiles(filepath.Join(blocker, "sub")); err == nil {
		t.Error("writing under a regular file succeeded")
	}
}
