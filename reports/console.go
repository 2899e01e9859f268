package reports

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/taxii-conform/taxii-conform/suites/requirements"
)

// symbols mark each spec verdict on the console.
var symbols = map[Verdict]string{
	Pass: "✓", Fail: "✗", Warn: "!", Unsupported: "~", Disabled: "-", Error: "E",
}

// Progress returns a ReportAfterEach hook that prints one line per finished spec of the given
// protocol ("" for any): symbol, verdict, requirement IDs, spec text, duration, and for anything
// but a pass the first reason. Specs that were not selected print nothing. The catalog gives
// the levels that decide fail or warn; with a nil catalog the requirement IDs are unknown and
// every line lists none.
func Progress(w io.Writer, cat *requirements.Catalog, protocol string, strict bool) func(types.SpecReport) {
	if cat == nil {
		cat = &requirements.Catalog{}
	}
	j := judge{cat: cat, protocol: protocol, strict: strict}
	var mu sync.Mutex
	return func(s types.SpecReport) {
		res := j.judgeSpec(s)
		if !res.ours || !res.selected {
			return
		}
		v := res.verdict
		if v == "" {
			v = Error // failed without naming anything the catalog knows
		}
		line := fmt.Sprintf("%s %-11s %s  %s (%s)", symbols[v], v, strings.Join(res.ids, ","), termText(res.text),
			s.RunTime.Round(time.Millisecond))
		if v != Pass && res.reason != "" {
			line += "\n    " + termText(clip(res.reason, 240))
		}
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintln(w, line)
	}
}

// WriteConsoleSummary prints the headline, the per-level counts and the MUST failures.
func (rep *Report) WriteConsoleSummary(w io.Writer) error {
	var b strings.Builder
	head, _ := rep.headline()
	fmt.Fprintf(&b, "\nTAXII %s at %s: %s (exit status %d)\n", rep.Protocol, termText(rep.Target), head, rep.ExitCode())
	fmt.Fprintf(&b, "%-11s", "level")
	for _, v := range Verdicts {
		fmt.Fprintf(&b, " %*s", len(v)+1, v)
	}
	b.WriteString("\n")
	for _, l := range Levels {
		fmt.Fprintf(&b, "%-11s", l)
		for _, v := range Verdicts {
			fmt.Fprintf(&b, " %*d", len(v)+1, rep.Summary[string(l)][v])
		}
		b.WriteString("\n")
	}
	var must []RequirementResult
	for _, r := range rep.Requirements {
		if r.Verdict == Fail && requirements.Level(r.Level).Mandatory() {
			must = append(must, r)
		}
	}
	if len(must) > 0 {
		fmt.Fprintf(&b, "\nMUST failures (%d):\n", len(must))
		for _, r := range must {
			fmt.Fprintf(&b, "  ✗ %s %s\n", r.ID, termText(r.Summary))
			if reason := firstReasonOf(r); reason != "" {
				fmt.Fprintf(&b, "      %s\n", termText(clip(oneLine(reason), 240)))
			}
		}
	}
	if n := rep.Counts(Error); n > 0 {
		fmt.Fprintf(&b, "\n%d requirement(s) could not be checked (error); see report.html.\n", n)
	}
	for _, h := range rep.HarnessErrors {
		fmt.Fprintf(&b, "harness error: %s\n", termText(clip(oneLine(h), 240)))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// termText replaces control characters (escape sequences from a hostile server included) so
// that nothing printed can drive the terminal.
func termText(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '\uFFFD'
		}
		return r
	}, s)
}
