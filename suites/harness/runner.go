package harness

import (
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/formatter"
	"github.com/onsi/ginkgo/v2/types"
	"github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/suites/requirements"
)

// Selection says which specs of the registered suites a run executes.
type Selection struct {
	// Protocol is "2.1" or "1.1.1"; "" selects both (dry runs only).
	Protocol string
	// Focus and Skip match requirement IDs and section numbers (e.g. `T21-5\.4-0[12]`, `^5\.4$`).
	Focus, Skip *regexp.Regexp
	// Level is the weakest level to run: "MUST" runs MUST and MUST NOT specs, "SHOULD" adds
	// SHOULD and SHOULD NOT, "MAY" (or "") runs all.
	Level string
}

// Requirements returns the requirement IDs the selection keeps.
func (s Selection) Requirements(cat *requirements.Catalog) []string {
	var ids []string
	for _, r := range cat.Protocol(s.Protocol) {
		if s.Focus != nil && !s.Focus.MatchString(r.ID) && !s.Focus.MatchString(r.Section) {
			continue
		}
		if s.Skip != nil && (s.Skip.MatchString(r.ID) || s.Skip.MatchString(r.Section)) {
			continue
		}
		ids = append(ids, r.ID)
	}
	return ids
}

// levelLabels returns the level labels a --level value keeps.
func levelLabels(level string) ([]string, error) {
	switch strings.ToUpper(level) {
	case "", "MAY":
		return nil, nil
	case "SHOULD":
		return []string{"MUST", "MUST-NOT", "SHOULD", "SHOULD-NOT"}, nil
	case "MUST":
		return []string{"MUST", "MUST-NOT"}, nil
	}
	return nil, fmt.Errorf("--level must be MUST, SHOULD or MAY, not %q", level)
}

// LabelFilter turns the selection into a Ginkgo label filter.
func (s Selection) LabelFilter(cat *requirements.Catalog) (string, error) {
	var parts []string
	if s.Protocol != "" {
		parts = append(parts, ProtocolLabel(s.Protocol))
	}
	levels, err := levelLabels(s.Level)
	if err != nil {
		return "", err
	}
	if len(levels) > 0 {
		parts = append(parts, "("+strings.Join(levels, " || ")+")")
	}
	if s.Focus != nil || s.Skip != nil {
		ids := s.Requirements(cat)
		if len(ids) == 0 {
			return "", fmt.Errorf("the selection matches no requirement of TAXII %s", s.Protocol)
		}
		parts = append(parts, "("+strings.Join(ids, " || ")+")")
	}
	return strings.Join(parts, " && "), nil
}

// tRecorder satisfies ginkgo.GinkgoTestingT outside `go test`.
type tRecorder struct{ failed bool }

func (t *tRecorder) Fail() { t.failed = true }

// RunOptions tune one RunSpecs call.
type RunOptions struct {
	Selection Selection
	// Timeout bounds the whole run.
	Timeout time.Duration
	// DryRun walks the specs without running them (for coverage listings).
	DryRun bool
	// GinkgoOutput receives Ginkgo's own console reporter; nil discards it.
	GinkgoOutput io.Writer
	// Progress, if set, is called after each spec.
	Progress func(types.SpecReport)
	// Catalog overrides the embedded catalog (tests).
	Catalog *requirements.Catalog
}

// RunSpecs runs the registered specs once (Ginkgo allows one run per process) and returns
// Ginkgo's report of it.
func RunSpecs(opts RunOptions) (types.Report, error) {
	cat := opts.Catalog
	if cat == nil {
		var err error
		if cat, err = Catalog(); err != nil {
			return types.Report{}, err
		}
	}
	filter, err := opts.Selection.LabelFilter(cat)
	if err != nil {
		return types.Report{}, err
	}
	suiteCfg, repCfg := ginkgo.GinkgoConfiguration()
	suiteCfg.LabelFilter = filter
	suiteCfg.DryRun = opts.DryRun
	suiteCfg.RandomizeAllSpecs = false
	suiteCfg.FailFast = false
	suiteCfg.Timeout = opts.Timeout
	if suiteCfg.Timeout <= 0 {
		suiteCfg.Timeout = time.Hour
	}
	repCfg.NoColor = true
	repCfg.Succinct = true
	repCfg.SilenceSkips = true
	if opts.GinkgoOutput == nil {
		opts.GinkgoOutput = io.Discard
	}
	// Ginkgo's console reporter writes to this package variable; the CLI prints its own lines.
	formatter.ColorableStdOut = opts.GinkgoOutput

	var report types.Report
	if opts.Progress != nil {
		ginkgo.ReportAfterEach(func(s types.SpecReport) { opts.Progress(s) })
	}
	ginkgo.ReportAfterSuite("taxii-conform", func(r types.Report) { report = r })
	gomega.RegisterFailHandler(ginkgo.Fail)
	t := &tRecorder{}
	ginkgo.RunSpecs(t, "TAXII "+opts.Selection.Protocol, suiteCfg, repCfg)
	return report, nil
}

// Specs lists the specs of a report with their labels, for traceability checks.
func Specs(r types.Report) []requirements.Spec {
	var out []requirements.Spec
	for _, s := range r.SpecReports {
		if s.LeafNodeType != types.NodeTypeIt {
			continue
		}
		out = append(out, requirements.Spec{Name: s.FullText(), Labels: s.Labels()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
