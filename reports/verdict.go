package reports

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/taxii-conform/taxii-conform/suites/harness"
	"github.com/taxii-conform/taxii-conform/suites/requirements"
)

// Verdict is the result for one requirement (or one spec).
type Verdict string

// The verdicts, as report.json spells them.
const (
	Pass          Verdict = "pass"
	Fail          Verdict = "fail"
	Warn          Verdict = "warn"
	Unsupported   Verdict = "unsupported"
	Disabled      Verdict = "disabled"
	Error         Verdict = "error"
	Untested      Verdict = "untested"
	NotApplicable Verdict = "not-applicable"
)

// Verdicts lists every verdict, worst first, in the order tables show them.
var Verdicts = []Verdict{Fail, Error, Warn, Unsupported, Disabled, Pass, Untested, NotApplicable}

// Levels lists the catalog levels in the order tables show them.
var Levels = []requirements.Level{requirements.Must, requirements.MustNot, requirements.Should, requirements.ShouldNot, requirements.May}

// severity ranks the verdicts a spec can give; higher is worse.
func (v Verdict) severity() int {
	switch v {
	case Fail:
		return 6
	case Error:
		return 5
	case Warn:
		return 4
	case Unsupported:
		return 3
	case Disabled:
		return 2
	case Pass:
		return 1
	}
	return 0
}

// worse returns the worse of two spec verdicts ("" counts as none).
func worse(a, b Verdict) Verdict {
	if b.severity() > a.severity() {
		return b
	}
	return a
}

// Why a detail exists.
const (
	SourceFailure   = "failure"       // a failure entry named the requirement
	SourcePlain     = "plain-failure" // the spec failed without failure entries
	SourceViolation = "violation"     // a response broke a schema rule
	SourceOutcome   = "outcome"       // the spec recorded an error outcome
	SourceHarness   = "harness"       // the spec or the harness itself broke
)

// maxExchanges caps the exchanges attached to one detail when no single exchange is named:
// the last ones are the likeliest to matter and bodies are large.
const maxExchanges = 8

// contribution is one spec's verdict for one requirement.
type contribution struct {
	req     string
	verdict Verdict
	detail  *Detail // for fail, warn, error
	note    string  // reason for unsupported, disabled; remark for MAY
}

// specResult is what the judge made of one spec.
type specResult struct {
	text     string
	location string
	ours     bool // of the run's protocol and a real spec, not a suite node
	selected bool
	ids      []string // requirement labels of the protocol the catalog knows
	contribs []contribution
	// notReached lists labels that got no verdict because the spec stopped early.
	notReached []string
	harness    []string
	verdict    Verdict // worst contribution; "" when none
	reason     string  // one line for the console
}

// judge applies the verdict rules with one catalog, protocol and strictness.
type judge struct {
	cat      *requirements.Catalog
	protocol string // "" accepts specs of any protocol
	strict   bool
}

// protocolLabels maps the protocol labels specs carry to the protocol.
var protocolLabels = map[string]string{
	harness.LabelTAXII21:  requirements.TAXII21,
	harness.LabelTAXII111: requirements.TAXII111,
}

// isSuiteNode reports whether a spec report is a suite-level node rather than a spec.
func isSuiteNode(s types.SpecReport) bool {
	return s.LeafNodeType != types.NodeTypeInvalid && !s.LeafNodeType.Is(types.NodeTypeIt)
}

// belongs reports whether s is a spec of the judge's protocol.
func (j judge) belongs(s types.SpecReport) bool {
	if isSuiteNode(s) {
		return false
	}
	if j.protocol == "" {
		return true
	}
	labels := s.Labels()
	named := false
	for _, l := range labels {
		if p, ok := protocolLabels[l]; ok {
			if p == j.protocol {
				return true
			}
			named = true
		}
	}
	if named {
		return false
	}
	for _, l := range labels {
		if r, ok := j.cat.Get(l); ok && r.Protocol() == j.protocol {
			return true
		}
	}
	return false
}

// failVerdict is what breaking a requirement of level l earns.
func (j judge) failVerdict(l requirements.Level) (Verdict, string) {
	switch {
	case l.Mandatory():
		return Fail, ""
	case l.Recommended():
		if j.strict {
			return Fail, "recommended (" + string(l) + "), counted as a failure under --strict"
		}
		return Warn, ""
	default:
		return Warn, "optional (" + string(l) + "): never a failure, reported as a warning"
	}
}

// ginkgoErrorSkips are skip messages Ginkgo writes itself when setup broke: errors, not choices.
var ginkgoErrorSkips = []string{
	"Spec skipped because a BeforeAll node failed",
	"Spec skipped because an earlier spec in an ordered container failed",
}

// judgeSpec applies the per-spec rules (see the package comment) to one spec report.
func (j judge) judgeSpec(s types.SpecReport) specResult {
	res := specResult{text: s.FullText(), location: s.LeafNodeLocation.String()}
	if !j.belongs(s) {
		return res
	}
	res.ours = true
	for _, l := range s.Labels() {
		if !requirements.IsID(l) {
			continue
		}
		r, ok := j.cat.Get(l)
		switch {
		case !ok:
			res.harness = append(res.harness, fmt.Sprintf("spec %q names requirement %s, which the catalog lacks", res.text, l))
		case j.protocol == "" || r.Protocol() == j.protocol:
			if !contains(res.ids, l) {
				res.ids = append(res.ids, l)
			}
		}
	}
	e := harness.DecodeEntries(s)

	// base is the verdict for labels no failure entry names; baseDetail explains error.
	var base Verdict
	var baseNote string
	var baseDetail *Detail
	notReached := false
	errDetail := func(source, msg string) *Detail {
		d := &Detail{Verdict: Error, Spec: res.text, SpecLocation: res.location, Source: source, Message: msg,
			Location: s.Failure.Location.String()}
		d.attach(e.Exchanges, 0)
		return d
	}
	fromOutcome := func(o *harness.Outcome) {
		switch o.Kind {
		case harness.KindUnsupported:
			base, baseNote = Unsupported, o.Reason
		case harness.KindDisabled:
			base, baseNote = Disabled, o.Reason
		case harness.KindError:
			base, baseDetail = Error, errDetail(SourceOutcome, o.Reason)
		default:
			base = Error
			baseDetail = errDetail(SourceHarness, fmt.Sprintf("unknown outcome kind %q: %s", o.Kind, o.Reason))
			res.harness = append(res.harness, fmt.Sprintf("spec %q recorded unknown outcome kind %q", res.text, o.Kind))
		}
	}

	switch s.State {
	case types.SpecStatePassed:
		res.selected = true
		if e.Outcome != nil {
			fromOutcome(e.Outcome)
		} else {
			base = Pass
		}
	case types.SpecStateSkipped:
		switch {
		case e.Outcome != nil:
			res.selected = true
			fromOutcome(e.Outcome)
		case !s.Failure.IsZero():
			res.selected = true
			msg := s.Failure.Message
			if hasAnyPrefix(msg, ginkgoErrorSkips) {
				base, baseDetail = Error, errDetail(SourceHarness, msg)
			} else {
				if strings.TrimSpace(msg) == "" {
					msg = "skipped without a reason"
				}
				base, baseNote = Disabled, msg
			}
		}
	case types.SpecStateFailed:
		res.selected = true
		switch {
		case e.Outcome != nil && e.Outcome.Kind == harness.KindError:
			base, baseDetail = Error, errDetail(SourceOutcome, e.Outcome.Reason)
		case len(e.Failures) > 0:
			// decided below, once it is known whether every failure was soft
		default:
			// A plain failure: every label fails by its level.
			for _, id := range res.ids {
				r, _ := j.cat.Get(id)
				v, note := j.failVerdict(r.Level)
				d := &Detail{Verdict: v, Spec: res.text, SpecLocation: res.location, Source: SourcePlain,
					Message: s.Failure.Message, Location: s.Failure.Location.String(), Note: note}
				d.attach(e.Exchanges, 0)
				res.add(contribution{req: id, verdict: v, detail: d, note: note})
			}
			if len(res.ids) == 0 {
				res.harness = append(res.harness, fmt.Sprintf("spec %q failed but names no requirement: %s", res.text, oneLine(s.Failure.Message)))
			}
		}
	case types.SpecStatePanicked, types.SpecStateInterrupted, types.SpecStateAborted, types.SpecStateTimedout:
		res.selected = true
		msg := s.Failure.Message
		if s.State == types.SpecStatePanicked && s.Failure.ForwardedPanic != "" {
			msg = s.Failure.ForwardedPanic
		}
		base, baseDetail = Error, errDetail(SourceHarness, s.State.String()+": "+msg)
		if len(res.ids) == 0 {
			res.harness = append(res.harness, fmt.Sprintf("spec %q %s: %s", res.text, s.State, oneLine(msg)))
		}
	default:
		// pending, or skipped by a filter: not selected, contributes nothing
	}
	if !res.selected {
		return res
	}

	named := map[string]bool{}
	if len(e.Failures) > 0 {
		allSoft := true
		for _, f := range e.Failures {
			if !f.Soft {
				allSoft = false
			}
			r, ok := j.cat.Get(f.Requirement)
			if !ok || (j.protocol != "" && r.Protocol() != j.protocol) {
				msg := fmt.Sprintf("a failure names requirement %q, which the catalog of this protocol lacks: %s", f.Requirement, f.Message)
				res.harness = append(res.harness, fmt.Sprintf("spec %q: %s", res.text, oneLine(msg)))
				for _, id := range res.ids {
					d := &Detail{Verdict: Error, Spec: res.text, SpecLocation: res.location, Source: SourceHarness,
						Message: msg, Location: f.Location}
					d.attach(e.Exchanges, f.Exchange)
					res.add(contribution{req: id, verdict: Error, detail: d})
				}
				continue
			}
			named[f.Requirement] = true
			v, note := j.failVerdict(r.Level)
			d := &Detail{Verdict: v, Spec: res.text, SpecLocation: res.location, Source: SourceFailure,
				Message: f.Message, Location: f.Location, Soft: f.Soft, Note: note}
			d.attach(e.Exchanges, f.Exchange)
			res.add(contribution{req: f.Requirement, verdict: v, detail: d, note: note})
		}
		if s.State == types.SpecStateFailed && base == "" {
			if allSoft {
				base = Pass
			} else {
				notReached = true
			}
		}
	}
	for _, id := range res.ids {
		if named[id] {
			continue
		}
		switch {
		case base == "" && notReached:
			res.notReached = append(res.notReached, id)
		case base != "":
			c := contribution{req: id, verdict: base, note: baseNote}
			if baseDetail != nil {
				d := *baseDetail
				c.detail = &d
			}
			res.add(c)
		}
	}

	// The harness already turns violations of the spec's own requirements into soft failure
	// entries naming the exchange, and a violation in its own request into an error outcome;
	// those are not counted twice.
	reported := map[string]bool{}
	for _, f := range e.Failures {
		reported[fmt.Sprintf("%s#%d", f.Requirement, f.Exchange)] = true
	}
	errorOutcome := e.Outcome != nil && e.Outcome.Kind == harness.KindError
	for _, x := range e.Exchanges {
		for _, v := range x.Violations {
			if !v.InRequest && reported[fmt.Sprintf("%s#%d", v.Requirement, x.Seq)] {
				continue
			}
			j.violation(&res, x, v, errorOutcome)
		}
	}
	for _, c := range res.contribs {
		res.verdict = worse(res.verdict, c.verdict)
	}
	res.reason = res.firstReason()
	return res
}

// violation applies the schema-violation rules to one violation of one exchange.
// When covered is set the spec already ended as an error, so a violation in the request only
// adds a harness error, not more error details.
func (j judge) violation(res *specResult, x harness.ExchangeRecord, v harness.ExchangeViolation, covered bool) {
	if v.InRequest {
		if x.Deliberate {
			return // malformed on purpose
		}
		msg := "the harness's own request broke a schema rule (a harness bug): " + v.Violation.String()
		res.harness = append(res.harness, fmt.Sprintf("spec %q: %s", res.text, oneLine(msg)))
		if covered {
			return
		}
		for _, id := range res.ids {
			vv := v
			d := &Detail{Verdict: Error, Spec: res.text, SpecLocation: res.location, Source: SourceHarness,
				Message: msg, Violation: &vv}
			d.attach([]harness.ExchangeRecord{x}, x.Seq)
			res.add(contribution{req: id, verdict: Error, detail: d})
		}
		return
	}
	r, ok := j.cat.Get(v.Requirement)
	if !ok || (j.protocol != "" && r.Protocol() != j.protocol) {
		res.harness = append(res.harness, fmt.Sprintf("spec %q: a schema violation names requirement %q, which the catalog of this protocol lacks: %s",
			res.text, v.Requirement, oneLine(v.Violation.String())))
		return
	}
	verdict, note := j.failVerdict(r.Level)
	vv := v
	d := &Detail{Verdict: verdict, Spec: res.text, SpecLocation: res.location, Source: SourceViolation,
		Message: violationMessage(v), Location: v.Location, Violation: &vv, Note: note}
	d.attach([]harness.ExchangeRecord{x}, x.Seq)
	res.add(contribution{req: v.Requirement, verdict: verdict, detail: d, note: note})
}

func violationMessage(v harness.ExchangeViolation) string {
	s := fmt.Sprintf("expected the message to satisfy schema %q", v.Schema)
	if v.Rule != "" {
		s += " (rule " + v.Rule + ")"
	}
	s += "; got a violation"
	if v.Location != "" {
		s += " at " + v.Location
	}
	return s + ": " + v.Message
}

func (res *specResult) add(c contribution) { res.contribs = append(res.contribs, c) }

// firstReason picks the line the console shows for a spec that did not simply pass.
func (res *specResult) firstReason() string {
	best := Verdict("")
	reason := ""
	for _, c := range res.contribs {
		if c.verdict.severity() <= best.severity() || c.verdict == Pass {
			continue
		}
		best = c.verdict
		switch {
		case c.detail != nil:
			reason = c.req + ": " + oneLine(c.detail.Message)
		default:
			reason = oneLine(c.note)
		}
	}
	return reason
}

// attach puts the exchanges behind a detail on it: the one numbered seq when given and
// present, otherwise the last few of the spec.
func (d *Detail) attach(xs []harness.ExchangeRecord, seq int) {
	if seq > 0 {
		for _, x := range xs {
			if x.Seq == seq {
				d.Exchanges = []harness.ExchangeRecord{redactExchange(x)}
				d.Curl = curls(d.Exchanges)
				return
			}
		}
	}
	if len(xs) > maxExchanges {
		d.ExchangesOmitted = len(xs) - maxExchanges
		xs = xs[len(xs)-maxExchanges:]
	}
	for _, x := range xs {
		d.Exchanges = append(d.Exchanges, redactExchange(x))
	}
	d.Curl = curls(d.Exchanges)
}

func curls(xs []harness.ExchangeRecord) []string {
	var out []string
	for _, x := range xs {
		if x.Curl != "" {
			out = append(out, x.Curl)
		}
	}
	return out
}

// userinfo matches the user:password@ part of URLs inside free text.
var userinfo = regexp.MustCompile(`([A-Za-z][A-Za-z0-9+.\-]*://)[^/?#\s@"'<>]*@`)

// stripUserinfo removes user:password@ from every URL in s: the caller redacts secrets,
// but a URL's userinfo must never reach a report even when it slipped through.
func stripUserinfo(s string) string { return userinfo.ReplaceAllString(s, "$1") }

// redactExchange strips URL userinfo from the free-text fields of an exchange record.
func redactExchange(x harness.ExchangeRecord) harness.ExchangeRecord {
	x.URL = stripUserinfo(x.URL)
	x.Curl = stripUserinfo(x.Curl)
	x.Error = stripUserinfo(x.Error)
	return x
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// oneLine squeezes whitespace runs (newlines included) to one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// clip shortens s to at most n runes, marking the cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
