package reports

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/formatter"
	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// These specs only run inside TestRealGinkgoRun: they check the verdict rules against the
// reports Ginkgo itself produces (filtered specs, Skip, panics), not hand-made ones.
var _ = ginkgo.Describe("real run", func() {
	add := func(name string, v any) { ginkgo.AddReportEntry(name, v, ginkgo.ReportEntryVisibilityNever) }
	ginkgo.It("passes", ginkgo.Label(must, harness.LabelTAXII21), func() {})
	ginkgo.It("fails hard", ginkgo.Label(mustNot, should, harness.LabelTAXII21), func() {
		add(harness.EntryFailure, harness.Failure{Requirement: mustNot, Message: "expected no secret, got one"})
		ginkgo.Fail("expected no secret, got one")
	})
	ginkgo.It("fails softly", ginkgo.Label(should, shouldNot, harness.LabelTAXII21), func() {
		add(harness.EntryFailure, harness.Failure{Requirement: should, Message: "no next link", Soft: true})
		ginkgo.Fail("T21-1.1-03: no next link")
	})
	ginkgo.It("lacks a feature", ginkgo.Label(may, harness.LabelTAXII21), func() {
		add(harness.EntryOutcome, harness.Outcome{Kind: harness.KindUnsupported, Reason: "no gzip"})
		ginkgo.Skip("unsupported: no gzip")
	})
	ginkgo.It("skips bare", ginkgo.Label(message, harness.LabelTAXII21), func() {
		ginkgo.Skip("no collection to read")
	})
	ginkgo.It("is filtered out", ginkgo.Label(filtered, harness.LabelTAXII21, "excluded"), func() {
		ginkgo.Fail("must not run")
	})
	ginkgo.It("panics", ginkgo.Label(unnamed, harness.LabelTAXII21), func() {
		panic("boom: nil map in the harness")
	})
	ginkgo.It("is of the other protocol", ginkgo.Label("T11S-3.1-01", harness.LabelTAXII111), func() {
		ginkgo.Fail("must not run")
	})
})

type fakeT struct{ failed bool }

func (f *fakeT) Fail() { f.failed = true }

var (
	realOnce     sync.Once
	realReport   types.Report
	realProgress bytes.Buffer
)

// runRealSuite runs the specs above once per process (Ginkgo allows one run).
func runRealSuite(t *testing.T) types.Report {
	realOnce.Do(func() {
		cat := testCatalog(t)
		progress := Progress(&realProgress, cat, "2.1", false)
		ginkgo.ReportAfterEach(func(s types.SpecReport) { progress(s) })
		ginkgo.ReportAfterSuite("capture", func(r types.Report) { realReport = r })
		suiteCfg, repCfg := ginkgo.GinkgoConfiguration()
		suiteCfg.LabelFilter = harness.LabelTAXII21 + " && !excluded"
		suiteCfg.RandomizeAllSpecs = false
		repCfg.NoColor, repCfg.Succinct, repCfg.SilenceSkips = true, true, true
		formatter.ColorableStdOut = io.Discard
		ginkgo.RunSpecs(&fakeT{}, "TAXII 2.1", suiteCfg, repCfg)
	})
	if len(realReport.SpecReports) == 0 {
		t.Fatal("the Ginkgo run produced no report")
	}
	return realReport
}

func TestRealGinkgoRun(t *testing.T) {
	r := runRealSuite(t)
	both(t, testMeta, r, func(t *testing.T, rep *Report) {
		wantVerdict(t, rep, must, Pass)
		wantVerdict(t, rep, mustNot, Fail)
		wantVerdict(t, rep, should, Warn)    // failed softly in one spec, not reached in the other
		wantVerdict(t, rep, shouldNot, Pass) // the soft spec ran to its end
		if r := wantVerdict(t, rep, may, Unsupported); r.Note != "no gzip" {
			t.Errorf("unsupported note %q", r.Note)
		}
		if r := wantVerdict(t, rep, message, Disabled); r.Note != "no collection to read" {
			t.Errorf("bare skip note %q", r.Note)
		}
		if r := wantVerdict(t, rep, filtered, Untested); r.Note != "not selected" {
			t.Errorf("filtered note %q", r.Note)
		}
		if r := wantVerdict(t, rep, unnamed, Error); !strings.Contains(r.Details[0].Message, "nil map") {
			t.Errorf("panic detail %q", r.Details[0].Message)
		}
		if rep.Specs.Total != 7 || rep.Specs.Selected != 6 {
			t.Errorf("spec counts %+v", rep.Specs)
		}
		if len(rep.HarnessErrors) != 0 {
			t.Errorf("harness errors %v", rep.HarnessErrors)
		}
		if rep.ExitCode() != 1 {
			t.Errorf("exit %d", rep.ExitCode())
		}
	})

	rep := Build(testMeta, testCatalog(t), r)
	var b bytes.Buffer
	if err := rep.WriteJUnit(&b); err != nil {
		t.Fatal(err)
	}
	var suites reporters.JUnitTestSuites
	if err := xml.Unmarshal(b.Bytes(), &suites); err != nil {
		t.Fatal(err)
	}
	names := ""
	for _, tc := range suites.TestSuites[0].TestCases {
		names += tc.Name + "\n"
	}
	if strings.Contains(names, "other protocol") || !strings.Contains(names, "is filtered out") {
		t.Errorf("testcases:\n%s", names)
	}
	if f := suites.TestSuites[0].Failures; f != 1 {
		t.Errorf("%d JUnit failures, want 1 (the MUST NOT)", f)
	}

	lines := realProgress.String()
	for _, want := range []string{"✓ pass        " + must, "✗ fail", "! warn", "~ unsupported", "- disabled", "E error"} {
		if !strings.Contains(lines, want) {
			t.Errorf("progress lacks %q:\n%s", want, lines)
		}
	}
	if strings.Contains(lines, "filtered out") || strings.Contains(lines, "other protocol") {
		t.Errorf("progress printed specs that did not run:\n%s", lines)
	}
}
