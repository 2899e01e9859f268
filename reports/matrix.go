package reports

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/taxii-conform/taxii-conform/suites/requirements"
)

// MatrixFault describes one deliberate defect of the reference server (see reference/faults).
type MatrixFault struct {
	Name     string `json:"name"`
	Protocol string `json:"protocol"`
	// Requirements are the IDs the fault is meant to violate.
	Requirements []string `json:"requirements"`
	Description  string   `json:"description,omitempty"`
	// OverBroadReason, when set, explains why the fault is expected to break more.
	OverBroadReason string `json:"over_broad_reason,omitempty"`
}

// Fault statuses in the kill matrix.
const (
	StatusKilled    = "killed"
	StatusOverBroad = "over-broad"
	StatusSurviving = "surviving"
)

// MatrixRow is one fault and what the suites made of the server with it on.
type MatrixRow struct {
	MatrixFault
	// Verdicts holds every requirement verdict of the run with the fault on.
	Verdicts map[string]Verdict `json:"verdicts"`
	// KilledThrough lists the fault's own requirements that failed (or warned, for SHOULDs).
	KilledThrough []string `json:"killed_through"`
	// Beyond lists other requirements that failed or warned, as "ID (verdict)".
	Beyond []string `json:"beyond"`
	Killed bool     `json:"killed"`
	// OverBroad is set when Beyond is not empty.
	OverBroad bool `json:"over_broad"`
	// Status is killed, over-broad (killed but breaking more) or surviving.
	Status        string   `json:"status"`
	ExitCode      int      `json:"exit_code"`
	HarnessErrors []string `json:"harness_errors,omitempty"`
}

// MatrixTotals are the figures of the final line.
type MatrixTotals struct {
	Faults    int `json:"faults"`
	Killed    int `json:"killed"`
	OverBroad int `json:"over_broad"`
	Surviving int `json:"surviving"`
	// MustKilled counts server-testable MUST and MUST NOT requirements with at least one
	// fault that lists them and is killed through them; MustTotal counts all of them in the
	// protocols of the matrix.
	MustKilled int `json:"must_killed"`
	MustTotal  int `json:"must_total"`
	// MustWithoutKill lists the IDs counted in MustTotal but not in MustKilled; MustNoFault
	// counts those of them whose catalog entry says why no fault can break them.
	MustWithoutKill []string `json:"must_without_kill"`
	MustNoFault     int      `json:"must_no_fault"`
}

// Matrix is the kill matrix: one row per fault run.
type Matrix struct {
	cat  *requirements.Catalog
	Rows []MatrixRow
}

// NewMatrix starts an empty matrix over a catalog.
func NewMatrix(cat *requirements.Catalog) *Matrix {
	if cat == nil {
		cat = &requirements.Catalog{}
	}
	return &Matrix{cat: cat}
}

// Add records the report of a run with fault f switched on (built here or read back with
// ReadReport) and classifies the fault. It returns the row: Rows is kept sorted by name, so
// its last row need not be this one.
func (m *Matrix) Add(f MatrixFault, rep *Report) MatrixRow {
	row := MatrixRow{MatrixFault: f, Verdicts: map[string]Verdict{}, KilledThrough: []string{}, Beyond: []string{},
		ExitCode: rep.ExitCode(), HarnessErrors: rep.HarnessErrors}
	if row.Protocol == "" {
		row.Protocol = rep.Protocol
	}
	own := map[string]bool{}
	for _, id := range f.Requirements {
		own[id] = true
	}
	for _, r := range rep.Requirements {
		row.Verdicts[r.ID] = r.Verdict
		if !r.Broken() {
			continue
		}
		if own[r.ID] {
			row.KilledThrough = append(row.KilledThrough, r.ID)
		} else {
			row.Beyond = append(row.Beyond, fmt.Sprintf("%s (%s)", r.ID, r.Verdict))
		}
	}
	row.Killed = len(row.KilledThrough) > 0
	row.OverBroad = len(row.Beyond) > 0
	switch {
	case !row.Killed:
		row.Status = StatusSurviving
	case row.OverBroad:
		row.Status = StatusOverBroad
	default:
		row.Status = StatusKilled
	}
	m.Rows = append(m.Rows, row)
	sort.SliceStable(m.Rows, func(a, b int) bool { return m.Rows[a].Name < m.Rows[b].Name })
	return row
}

// Totals computes the figures of the final line.
func (m *Matrix) Totals() MatrixTotals {
	t := MatrixTotals{Faults: len(m.Rows), MustWithoutKill: []string{}}
	protocols := map[string]bool{}
	killedThrough := map[string]bool{}
	for _, r := range m.Rows {
		protocols[r.Protocol] = true
		if r.Killed {
			t.Killed++
		} else {
			t.Surviving++
		}
		if r.OverBroad {
			t.OverBroad++
		}
		for _, id := range r.KilledThrough {
			killedThrough[id] = true
		}
	}
	for _, req := range m.cat.All() {
		if !protocols[req.Protocol()] || !req.Level.Mandatory() || !serverTestable(req) {
			continue
		}
		t.MustTotal++
		if killedThrough[req.ID] {
			t.MustKilled++
		} else {
			t.MustWithoutKill = append(t.MustWithoutKill, req.ID)
			if req.NoFault != "" {
				t.MustNoFault++
			}
		}
	}
	return t
}

// serverTestable: observable remotely and binding the server (or its messages).
func serverTestable(r requirements.Requirement) bool {
	return r.RemotelyTestable() && r.Subject != requirements.Client
}

// Line is the matrix's last line.
func (m *Matrix) Line() string {
	t := m.Totals()
	return fmt.Sprintf("faults %d, killed %d, over-broad %d, server-testable MUST with a killing fault %d/%d",
		t.Faults, t.Killed, t.OverBroad, t.MustKilled, t.MustTotal)
}

// WriteMatrixJSON writes the rows, the totals and the final line.
func (m *Matrix) WriteMatrixJSON(w io.Writer) error {
	rows := m.Rows
	if rows == nil {
		rows = []MatrixRow{}
	}
	return writeIndentedJSON(w, struct {
		Faults []MatrixRow  `json:"faults"`
		Totals MatrixTotals `json:"totals"`
		Line   string       `json:"line"`
	}{rows, m.Totals(), m.Line()})
}

// File names Matrix.WriteFiles writes.
const (
	FileMatrixJSON     = "matrix.json"
	FileMatrixMarkdown = "matrix.md"
)

// WriteFiles writes matrix.json and matrix.md into dir (created if needed), as WriteDir does.
func (m *Matrix) WriteFiles(dir string) error {
	return writeRendered(dir, []rendering{
		{FileMatrixJSON, m.WriteMatrixJSON},
		{FileMatrixMarkdown, m.WriteMatrixMarkdown},
	})
}

// WriteMatrixMarkdown writes one table row per fault and the final line.
func (m *Matrix) WriteMatrixMarkdown(w io.Writer) error {
	var b bytes.Buffer
	b.WriteString("| fault | protocol | violates | status | killed through | also breaks | over-broad reason |\n|---|---|---|---|---|---|---|\n")
	for _, r := range m.Rows {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", mdText(r.Name, 80), mdText(r.Protocol, 10),
			mdText(strings.Join(r.Requirements, ", "), 400), r.Status, mdText(strings.Join(r.KilledThrough, ", "), 400),
			mdText(strings.Join(r.Beyond, ", "), 600), mdText(r.OverBroadReason, 200))
	}
	t := m.Totals()
	if len(t.MustWithoutKill) > 0 {
		fmt.Fprintf(&b, "\nServer-testable MUST requirements without a killing fault (%d, of which %d say why no fault can break them): %s\n",
			len(t.MustWithoutKill), t.MustNoFault, mdText(strings.Join(t.MustWithoutKill, ", "), 4000))
	}
	fmt.Fprintf(&b, "\n%s\n", m.Line())
	_, err := w.Write(b.Bytes())
	return err
}
