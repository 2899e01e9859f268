package reports

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"
)

func TestMatrix(t *testing.T) {
	cat := testCatalog(t)
	run := func(specs ...types.SpecReport) *Report {
		all := []types.SpecReport{
			spec("baseline", types.SpecStatePassed, []string{must, mustNot, should, message, unnamed, filtered, shouldNot}),
		}
		return Build(testMeta, cat, ginkgoReport(append(all, specs...)...))
	}
	m := NewMatrix(cat)
	// killed cleanly through its own MUST
	m.Add(MatrixFault{Name: "t21-wrong-media-type", Requirements: []string{must}},
		run(withFailure(spec("media", types.SpecStateFailed, []string{must}, failure(must, "bad", false, 0)), "bad")))
	// killed, but also fails a requirement not its own
	m.Add(MatrixFault{Name: "t21-drop-header", Requirements: []string{mustNot}, OverBroadReason: "the header carries the version"},
		run(withFailure(spec("hdr", types.SpecStateFailed, []string{mustNot, message},
			failure(mustNot, "leaked", true, 0), failure(message, "invalid", true, 0)), "x")))
	// a SHOULD fault is killed by a warning
	m.Add(MatrixFault{Name: "t21-no-pagination", Requirements: []string{should}},
		run(withFailure(spec("pages", types.SpecStateFailed, []string{should}, failure(should, "no next", false, 0)), "x")))
	// nothing notices
	m.Add(MatrixFault{Name: "t21-ignored-filter", Requirements: []string{unnamed}}, run())

	rows := map[string]MatrixRow{}
	for _, r := range m.Rows {
		rows[r.Name] = r
	}
	if r := rows["t21-wrong-media-type"]; r.Status != StatusKilled || strings.Join(r.KilledThrough, ",") != must || len(r.Beyond) != 0 {
		t.Errorf("clean kill: %+v", r)
	}
	if r := rows["t21-drop-header"]; r.Status != StatusOverBroad || !r.Killed || strings.Join(r.Beyond, ",") != message+" (fail)" {
		t.Errorf("over-broad: status %s beyond %v", r.Status, r.Beyond)
	}
	if r := rows["t21-no-pagination"]; r.Status != StatusKilled {
		t.Errorf("SHOULD fault: %s", r.Status)
	}
	if r := rows["t21-ignored-filter"]; r.Status != StatusSurviving || r.Killed || r.Protocol != "2.1" {
		t.Errorf("survivor: %+v", r)
	}
	if r := rows["t21-wrong-media-type"]; r.Verdicts[must] != Fail || r.Verdicts[should] != Pass || len(r.Verdicts) != 10 {
		t.Errorf("verdicts %v", r.Verdicts)
	}

	// T: server-testable MUST/MUST NOT of 2.1: 01 02 2.1-01 2.1-02 2.1-03 (the client and the
	// internal ones do not count) = 5; M: 01 and 02 were killed through.
	const line = "faults 4, killed 3, over-broad 1, server-testable MUST with a killing fault 2/5"
	if got := m.Line(); got != line {
		t.Errorf("line %q, want %q", got, line)
	}

	var b bytes.Buffer
	if err := m.WriteMatrixJSON(&b); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Faults []MatrixRow  `json:"faults"`
		Totals MatrixTotals `json:"totals"`
		Line   string       `json:"line"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Faults) != 4 || doc.Line != line || doc.Totals.MustTotal != 5 || doc.Faults[0].Name != "t21-drop-header" {
		t.Errorf("json: %d faults, line %q, totals %+v", len(doc.Faults), doc.Line, doc.Totals)
	}

	b.Reset()
	if err := m.WriteMatrixMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	md := strings.TrimRight(b.String(), "\n")
	if !strings.HasSuffix(md, "\n"+line) {
		t.Errorf("markdown does not end with the line:\n%s", md)
	}
	for _, want := range []string{"| t21-drop-header | 2.1 | " + mustNot + " | over-broad |", "the header carries the version", "| surviving |", "without a killing fault (3"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}

	// Reports read back from report.json (one process per fault) work the same.
	var j bytes.Buffer
	if err := run(withFailure(spec("media", types.SpecStateFailed, []string{must}, failure(must, "bad", false, 0)), "bad")).WriteJSON(&j); err != nil {
		t.Fatal(err)
	}
	back, err := ReadReport(&j)
	if err != nil {
		t.Fatal(err)
	}
	m2 := NewMatrix(cat)
	m2.Add(MatrixFault{Name: "x", Requirements: []string{must}}, back)
	if m2.Rows[0].Status != StatusKilled {
		t.Errorf("read-back row %+v", m2.Rows[0])
	}
}

func TestEmptyMatrix(t *testing.T) {
	m := NewMatrix(nil)
	var b bytes.Buffer
	if err := m.WriteMatrixJSON(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"faults": []`) || m.Line() != "faults 0, killed 0, over-broad 0, server-testable MUST with a killing fault 0/0" {
		t.Errorf("empty matrix: %s / %s", b.String(), m.Line())
	}
}
