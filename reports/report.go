package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/taxii-conform/taxii-conform/suites/harness"
	"github.com/taxii-conform/taxii-conform/suites/requirements"
)

// Meta is what the caller knows about the run that the Ginkgo report does not.
type Meta struct {
	Tool    string // "taxii-conform" when empty
	Version string
	// Target is the URL tested, already redacted by the caller; its userinfo is stripped here too.
	Target string
	// Protocol is "2.1" or "1.1.1".
	Protocol string
	// Family is, for 1.x, the version family the server spoke: "1.1" or "1.1.1".
	Family string
	// Started and Duration default to the Ginkgo report's when zero.
	Started  time.Time
	Duration time.Duration
	// Strict turns SHOULD warnings into failures.
	Strict   bool
	ReadOnly bool
	// Selection describes the focus, skip and level filters, for notes ("" when none).
	Selection string
}

// Report is the report.json model: DESIGN.md's shape plus added fields.
type Report struct {
	Tool       string `json:"tool"`
	Version    string `json:"version"`
	Target     string `json:"target"`
	Protocol   string `json:"protocol"`
	Family     string `json:"family,omitempty"`
	Started    string `json:"started"`
	DurationMS int64  `json:"duration_ms"`
	Conformant bool   `json:"conformant"`
	// Summary counts verdicts per level: summary["MUST"]["fail"].
	Summary map[string]map[Verdict]int `json:"summary"`
	// Requirements are the protocol's catalog entries, in catalog order.
	Requirements []RequirementResult `json:"requirements"`

	// Added fields.
	Strict    bool   `json:"strict"`
	ReadOnly  bool   `json:"read_only"`
	Selection string `json:"selection,omitempty"`
	// ExitStatus is ExitCode() at build time.
	ExitStatus int        `json:"exit_code"`
	Specs      SpecCounts `json:"spec_counts"`
	// HarnessErrors are problems of the run itself (suite setup, interrupted runs, harness
	// bugs) that no requirement carries on its own; any of them makes the exit code 3.
	HarnessErrors []string `json:"harness_errors"`

	ginkgo *types.Report // kept for junit.xml; nil on a report read back from JSON
	judge  judge
}

// SpecCounts says how many specs of the protocol the run held and what became of them.
type SpecCounts struct {
	Total    int             `json:"total"`
	Selected int             `json:"selected"`
	Verdicts map[Verdict]int `json:"verdicts"`
}

// RequirementResult is one requirement with its verdict.
type RequirementResult struct {
	ID      string  `json:"id"`
	Doc     string  `json:"doc"`
	Section string  `json:"section"`
	Level   string  `json:"level"`
	Subject string  `json:"subject"`
	Summary string  `json:"summary"`
	Verdict Verdict `json:"verdict"`
	// Specs are the full texts of the selected specs that gave it a verdict or name it.
	Specs []string `json:"specs"`
	// Failures are one line per fail, warn or error detail: "spec: message".
	Failures []string `json:"failures"`
	// Details explain every fail, warn and error.
	Details []Detail `json:"details,omitempty"`
	Note    string   `json:"note,omitempty"`
}

// Broken is the kill matrix's rule: a fail, or a warn on a SHOULD or SHOULD NOT.
func (r RequirementResult) Broken() bool {
	return r.Verdict == Fail || (r.Verdict == Warn && requirements.Level(r.Level).Recommended())
}

// Detail is one reason for a fail, warn or error verdict.
type Detail struct {
	Verdict Verdict `json:"verdict"`
	// Requirement and Summary restate the requirement in the project's words.
	Requirement  string `json:"requirement"`
	Summary      string `json:"summary"`
	Spec         string `json:"spec"`
	SpecLocation string `json:"spec_location,omitempty"`
	// Source is failure, plain-failure, violation, outcome or harness.
	Source string `json:"source"`
	// Message says what was expected and what came back.
	Message string `json:"message"`
	// Location is the source line that checked, or the place in the message a violation points at.
	Location  string                     `json:"location,omitempty"`
	Soft      bool                       `json:"soft,omitempty"`
	Violation *harness.ExchangeViolation `json:"violation,omitempty"`
	// Exchanges are the redacted exchanges behind the detail; ExchangesOmitted counts earlier
	// ones of the same spec left out.
	Exchanges        []harness.ExchangeRecord `json:"exchanges,omitempty"`
	ExchangesOmitted int                      `json:"exchanges_omitted,omitempty"`
	Curl             []string                 `json:"curl,omitempty"`
	Note             string                   `json:"note,omitempty"`
}

// reqState gathers what the specs said about one requirement.
type reqState struct {
	verdict    Verdict
	specs      []string
	details    []Detail
	notes      []verdictNote
	named      bool // some spec of the run labels it
	selected   bool // some selected spec labels it
	notReached bool
}

type verdictNote struct {
	verdict Verdict
	note    string
}

// Build applies the verdict rules (see the package comment) to a finished Ginkgo report.
func Build(meta Meta, cat *requirements.Catalog, r types.Report) *Report {
	if cat == nil {
		cat = &requirements.Catalog{}
	}
	j := judge{cat: cat, protocol: meta.Protocol, strict: meta.Strict}
	rep := &Report{
		Tool:          meta.Tool,
		Version:       meta.Version,
		Target:        redactTarget(meta.Target),
		Protocol:      meta.Protocol,
		Family:        meta.Family,
		Strict:        meta.Strict,
		ReadOnly:      meta.ReadOnly,
		Selection:     meta.Selection,
		HarnessErrors: []string{},
		Specs:         SpecCounts{Verdicts: map[Verdict]int{}},
		ginkgo:        &r,
		judge:         j,
	}
	if rep.Tool == "" {
		rep.Tool = "taxii-conform"
	}
	started := meta.Started
	if started.IsZero() {
		started = r.StartTime
	}
	if !started.IsZero() {
		rep.Started = started.Format(time.RFC3339)
	}
	d := meta.Duration
	if d == 0 {
		d = r.RunTime
	}
	rep.DurationMS = d.Milliseconds()

	states := map[string]*reqState{}
	state := func(id string) *reqState {
		s := states[id]
		if s == nil {
			s = &reqState{}
			states[id] = s
		}
		return s
	}
	harnessErrs := map[string]bool{}
	addHarness := func(msg string) {
		if !harnessErrs[msg] {
			harnessErrs[msg] = true
			rep.HarnessErrors = append(rep.HarnessErrors, msg)
		}
	}
	ran := 0
	for _, s := range r.SpecReports {
		if isSuiteNode(s) {
			if s.State.Is(types.SpecStateFailureStates) {
				msg := s.Failure.Message
				if s.Failure.ForwardedPanic != "" {
					msg = s.Failure.ForwardedPanic
				}
				addHarness(fmt.Sprintf("%s %s: %s", s.LeafNodeType, s.State, oneLine(msg)))
			}
			continue
		}
		if attempted(s) {
			ran++ // every spec Ginkgo ran, of any protocol, as PreRunStats counts them
		}
		res := j.judgeSpec(s)
		if !res.ours {
			continue
		}
		rep.Specs.Total++
		for _, id := range res.ids {
			state(id).named = true
		}
		for _, h := range res.harness {
			addHarness(h)
		}
		if !res.selected {
			continue
		}
		rep.Specs.Selected++
		if res.verdict != "" {
			rep.Specs.Verdicts[res.verdict]++
		}
		for _, id := range res.ids {
			st := state(id)
			st.selected = true
			st.specs = appendUnique(st.specs, res.text)
		}
		for _, id := range res.notReached {
			state(id).notReached = true
		}
		for _, c := range res.contribs {
			st := state(c.req)
			st.verdict = worse(st.verdict, c.verdict)
			st.specs = appendUnique(st.specs, res.text)
			if c.detail != nil {
				st.details = append(st.details, *c.detail)
			}
			if c.note != "" {
				st.notes = append(st.notes, verdictNote{c.verdict, c.note})
			}
		}
	}
	if r.SuiteConfig.DryRun {
		addHarness("dry run: Ginkgo walked the specs without running them, so nothing was checked")
	}
	for _, reason := range r.SpecialSuiteFailureReasons {
		addHarness("suite: " + oneLine(reason))
	}
	if want := r.PreRunStats.SpecsThatWillRun; want > 0 && ran < want {
		addHarness(fmt.Sprintf("only %d of the %d specs Ginkgo meant to run did run (aborted, interrupted or out of time)", ran, want))
	}

	rep.Summary = map[string]map[Verdict]int{}
	for _, l := range Levels {
		counts := map[Verdict]int{}
		for _, v := range Verdicts {
			counts[v] = 0
		}
		rep.Summary[string(l)] = counts
	}
	rep.Requirements = []RequirementResult{}
	for _, req := range cat.Protocol(meta.Protocol) {
		rr := RequirementResult{
			ID: req.ID, Doc: req.Doc, Section: req.Section, Level: string(req.Level),
			Subject: string(req.Subject), Summary: req.Summary, Specs: []string{}, Failures: []string{},
		}
		st := states[req.ID]
		if st == nil {
			st = &reqState{}
		}
		sort.Strings(st.specs)
		rr.Specs = append(rr.Specs, st.specs...)
		var notes []string
		switch {
		case !req.RemotelyTestable() || req.Subject == requirements.Client:
			rr.Verdict = NotApplicable
			if !req.RemotelyTestable() {
				notes = append(notes, "not observable remotely: "+req.Testable)
			} else {
				notes = append(notes, "binds clients only")
			}
			if st.verdict != "" {
				notes = append(notes, fmt.Sprintf("specs name it and gave %s; not counted", st.verdict))
			}
		case st.verdict != "":
			rr.Verdict = st.verdict
			for _, n := range st.notes {
				if n.verdict == st.verdict { // reasons of the verdict shown, not of milder ones
					notes = appendUnique(notes, n.note)
				}
			}
			sort.SliceStable(st.details, func(a, b int) bool { return st.details[a].Spec < st.details[b].Spec })
			for _, d := range st.details {
				if d.Verdict == Pass {
					continue
				}
				d.Requirement, d.Summary = req.ID, req.Summary
				rr.Details = append(rr.Details, d)
				rr.Failures = append(rr.Failures, d.Spec+": "+oneLine(d.Message))
			}
			if st.notReached {
				notes = append(notes, "some specs stopped at an earlier failure before checking it")
			}
		case st.notReached:
			rr.Verdict = Untested
			notes = append(notes, "not reached: the spec stopped at an earlier failure")
		case st.named && !st.selected:
			rr.Verdict = Untested
			n := "not selected"
			if meta.Selection != "" {
				n += " (" + meta.Selection + ")"
			}
			notes = append(notes, n)
		default:
			rr.Verdict = Untested
			notes = append(notes, "no spec in this run checks it")
		}
		rr.Note = strings.Join(notes, "; ")
		rep.Summary[rr.Level][rr.Verdict]++
		rep.Requirements = append(rep.Requirements, rr)
	}
	rep.Conformant = conformant(rep.Requirements, meta.Strict)
	rep.ExitStatus = rep.computeExitCode()
	return rep
}

// attempted reports whether Ginkgo ran the spec, as opposed to filtering it out or skipping
// it because the run was aborted, interrupted or out of time.
func attempted(s types.SpecReport) bool {
	switch s.State {
	case types.SpecStatePending, types.SpecStateInvalid:
		return false
	case types.SpecStateSkipped:
		return !s.Failure.IsZero() || len(s.ReportEntries) > 0
	}
	return true
}

// conformant: no MUST or MUST NOT fails; under strict no SHOULD or SHOULD NOT fails or warns.
func conformant(reqs []RequirementResult, strict bool) bool {
	for _, r := range reqs {
		l := requirements.Level(r.Level)
		if r.Verdict == Fail && l.Mandatory() {
			return false
		}
		if strict && l.Recommended() && (r.Verdict == Fail || r.Verdict == Warn) {
			return false
		}
	}
	return true
}

func (rep *Report) computeExitCode() int {
	if !conformant(rep.Requirements, rep.Strict) {
		return 1
	}
	if len(rep.HarnessErrors) > 0 {
		return 3
	}
	for _, r := range rep.Requirements {
		if r.Verdict == Error {
			return 3
		}
	}
	return 0
}

// ExitCode is the exit status of `run` for this report: 1 not conformant, else 3 when anything is
// error (the harness could not check something), else 0. It is recomputed from the fields, so
// it is right for a report read back from JSON too.
func (rep *Report) ExitCode() int { return rep.computeExitCode() }

// Counts returns the number of requirements with verdict v, across all levels.
func (rep *Report) Counts(v Verdict) int {
	n := 0
	for _, r := range rep.Requirements {
		if r.Verdict == v {
			n++
		}
	}
	return n
}

// WriteJSON writes report.json: indented, HTML characters left as they are.
func (rep *Report) WriteJSON(w io.Writer) error {
	return writeIndentedJSON(w, rep)
}

// ReadReport reads a report.json back (e.g. one per fault run of the kill matrix).
func ReadReport(r io.Reader) (*Report, error) {
	var rep Report
	dec := json.NewDecoder(r)
	if err := dec.Decode(&rep); err != nil {
		return nil, fmt.Errorf("report.json: %w", err)
	}
	if rep.Tool == "" || rep.Protocol == "" || rep.Requirements == nil {
		return nil, fmt.Errorf("report.json: not a taxii-conform report (tool, protocol or requirements missing)")
	}
	for _, r := range rep.Requirements {
		if r.ID == "" || r.Verdict == "" {
			return nil, fmt.Errorf("report.json: requirement without id or verdict")
		}
	}
	return &rep, nil
}

// redactTarget strips userinfo from the target URL, whatever the caller did.
func redactTarget(t string) string {
	if u, err := url.Parse(t); err == nil && u.User != nil {
		u.User = nil
		return u.String()
	}
	return stripUserinfo(t)
}

func appendUnique(list []string, s string) []string {
	if contains(list, s) {
		return list
	}
	return append(list, s)
}
