package reports

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// ErrNoGinkgoReport is returned by WriteJUnit for a report read back from JSON.
var ErrNoGinkgoReport = errors.New("junit.xml needs the Ginkgo report of the run; this report was read back from JSON")

// JUnit renders junit.xml: Ginkgo's own JUnit reporter over the specs of the run's protocol,
// extended with taxii-conform properties, and with each testcase's outcome aligned to its
// verdict so that CI shows what the exit code says (a SHOULD warning is no failure, an
// unsupported feature is a skip, an error is an error).
func (rep *Report) JUnit() (*reporters.JUnitTestSuites, error) {
	if rep.ginkgo == nil {
		return nil, ErrNoGinkgoReport
	}
	r := *rep.ginkgo
	var kept []types.SpecReport
	var results []specResult
	for _, s := range r.SpecReports {
		res := rep.judge.judgeSpec(s)
		if !res.ours && !isSuiteNode(s) {
			continue // another protocol's spec: one testsuite per protocol run
		}
		// Exchange entries are bulky (bodies, headers); report.json and report.html hold them.
		var entries types.ReportEntries
		for _, e := range s.ReportEntries {
			if e.Name != harness.EntryExchange {
				entries = append(entries, e)
			}
		}
		s.ReportEntries = entries
		kept = append(kept, s)
		results = append(results, res)
	}
	r.SpecReports = kept
	if r.SuiteDescription == "" {
		r.SuiteDescription = "TAXII " + rep.Protocol
	}

	dir, err := os.MkdirTemp("", "taxii-conform-junit-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "junit.xml")
	cfg := reporters.JunitReportConfig{OmitTimelinesForSpecState: types.SpecStatePassed | types.SpecStateSkipped | types.SpecStatePending}
	if err := reporters.GenerateJUnitReportWithConfig(r, path, cfg); err != nil {
		return nil, fmt.Errorf("junit: %w", err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var suites reporters.JUnitTestSuites
	if err := xml.Unmarshal(raw, &suites); err != nil {
		return nil, fmt.Errorf("junit: reading Ginkgo's output back: %w", err)
	}
	if len(suites.TestSuites) != 1 || len(suites.TestSuites[0].TestCases) != len(results) {
		return nil, fmt.Errorf("junit: Ginkgo wrote %d suites and an unexpected number of testcases", len(suites.TestSuites))
	}
	suite := &suites.TestSuites[0]
	suite.Properties.Properties = append(rep.junitSuiteProperties(), suite.Properties.Properties...)
	for i := range suite.TestCases {
		rep.alignTestCase(&suite.TestCases[i], kept[i], results[i])
	}
	recount(&suites)
	return &suites, nil
}

func (rep *Report) junitSuiteProperties() []reporters.JUnitProperty {
	p := []reporters.JUnitProperty{
		{Name: "tool", Value: rep.Tool},
		{Name: "version", Value: rep.Version},
		{Name: "target", Value: rep.Target},
		{Name: "protocol", Value: rep.Protocol},
	}
	if rep.Family != "" {
		p = append(p, reporters.JUnitProperty{Name: "family", Value: rep.Family})
	}
	p = append(p,
		reporters.JUnitProperty{Name: "conformant", Value: strconv.FormatBool(rep.Conformant)},
		reporters.JUnitProperty{Name: "strict", Value: strconv.FormatBool(rep.Strict)},
		reporters.JUnitProperty{Name: "exit_code", Value: strconv.Itoa(rep.ExitCode())},
	)
	for _, l := range Levels {
		p = append(p, reporters.JUnitProperty{Name: "summary." + l.Label(), Value: countsLine(rep.Summary[string(l)])})
	}
	for i, h := range rep.HarnessErrors {
		p = append(p, reporters.JUnitProperty{Name: fmt.Sprintf("harness_error.%d", i+1), Value: h})
	}
	return p
}

// countsLine renders a level's counts as "pass=3 fail=1 …" (zero counts left out).
func countsLine(c map[Verdict]int) string {
	var parts []string
	for _, v := range Verdicts {
		if c[v] > 0 {
			parts = append(parts, fmt.Sprintf("%s=%d", v, c[v]))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, " ")
}

// alignTestCase adds the requirement properties and makes the JUnit outcome follow the verdict.
func (rep *Report) alignTestCase(tc *reporters.JUnitTestCase, s types.SpecReport, res specResult) {
	if !res.ours {
		return // a suite node: Ginkgo's rendering stands
	}
	props := []reporters.JUnitProperty{
		{Name: "requirements", Value: strings.Join(res.ids, ",")},
		{Name: "level", Value: rep.specLevel(res.ids)},
	}
	v := res.verdict
	if !res.selected {
		v = "not-selected"
	}
	props = append(props, reporters.JUnitProperty{Name: "verdict", Value: string(v)})
	for _, c := range res.contribs {
		if c.verdict != Pass {
			props = append(props, reporters.JUnitProperty{Name: "verdict." + c.req, Value: string(c.verdict)})
		}
	}
	if tc.Properties == nil {
		tc.Properties = &reporters.JUnitProperties{}
	}
	tc.Properties.Properties = append(props, tc.Properties.Properties...)

	switch res.verdict {
	case Fail:
		tc.Skipped = nil
		if tc.Failure == nil {
			tc.Error = nil
			tc.Failure = &reporters.JUnitFailure{Type: "failed", Message: res.reason, Description: res.reason}
		}
	case Error:
		if tc.Error == nil {
			msg, desc := res.reason, res.reason
			if tc.Failure != nil {
				msg, desc = tc.Failure.Message, tc.Failure.Description
			}
			tc.Error = &reporters.JUnitError{Type: "error", Message: msg, Description: desc}
		}
		tc.Failure, tc.Skipped = nil, nil
	case Warn:
		if tc.Failure != nil {
			tc.SystemOut = "warning (not a conformance failure): " + tc.Failure.Message + "\n" + tc.SystemOut
		}
		tc.Failure, tc.Error, tc.Skipped = nil, nil, nil
	case Unsupported, Disabled:
		tc.Failure, tc.Error = nil, nil
		tc.Skipped = &reporters.JUnitSkipped{Message: string(res.verdict) + ": " + res.reason}
	}
}

// specLevel is the strongest level among a spec's requirements.
func (rep *Report) specLevel(ids []string) string {
	best := ""
	rank := 99
	for _, id := range ids {
		if r, ok := rep.judge.cat.Get(id); ok && r.Level.Rank() < rank {
			best, rank = string(r.Level), r.Level.Rank()
		}
	}
	return best
}

// recount makes the counters match the testcases after alignment.
func recount(s *reporters.JUnitTestSuites) {
	s.Tests, s.Disabled, s.Errors, s.Failures = 0, 0, 0, 0
	for i := range s.TestSuites {
		ts := &s.TestSuites[i]
		ts.Tests, ts.Disabled, ts.Skipped, ts.Errors, ts.Failures = len(ts.TestCases), 0, 0, 0, 0
		for _, tc := range ts.TestCases {
			switch {
			case tc.Failure != nil:
				ts.Failures++
			case tc.Error != nil:
				ts.Errors++
			case tc.Skipped != nil && tc.Skipped.Message == "pending":
				ts.Disabled++
			case tc.Skipped != nil:
				ts.Skipped++
			}
		}
		s.Tests += ts.Tests
		s.Disabled += ts.Disabled + ts.Skipped
		s.Errors += ts.Errors
		s.Failures += ts.Failures
	}
}

// WriteJUnit writes junit.xml.
func (rep *Report) WriteJUnit(w io.Writer) error {
	suites, err := rep.JUnit()
	if err != nil {
		return err
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(suites); err != nil {
		return fmt.Errorf("junit: %w", err)
	}
	b.WriteString("\n")
	_, err = w.Write(b.Bytes())
	return err
}
