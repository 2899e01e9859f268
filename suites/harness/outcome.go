package harness

import (
	"fmt"
	"strings"
	"sync"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"
	"github.com/onsi/gomega"
	gtypes "github.com/onsi/gomega/types"

	"github.com/taxii-conform/taxii-conform/suites/requirements"
)

// LabelWrites marks specs that write to the server (POST, DELETE, subscriptions, inbox).
// Under --read-only they are disabled before they run.
const LabelWrites = "writes"

// Protocol labels, carried by every spec.
const (
	LabelTAXII21  = "taxii2.1"
	LabelTAXII111 = "taxii1.1.1"
)

// ProtocolLabel is the label of a protocol ("2.1" or "1.1.1").
func ProtocolLabel(protocol string) string {
	if protocol == requirements.TAXII21 {
		return LabelTAXII21
	}
	return LabelTAXII111
}

var (
	catalogOnce sync.Once
	catalog     *requirements.Catalog
	catalogErr  error
)

// Catalog is the embedded requirement catalog, loaded once.
func Catalog() (*requirements.Catalog, error) {
	catalogOnce.Do(func() { catalog, catalogErr = requirements.Load() })
	return catalog, catalogErr
}

// Reqs labels a spec with requirement IDs, the level of each and its protocol, all read from
// the catalog. An ID the catalog lacks is still added: the traceability test reports it.
func Reqs(ids ...string) ginkgo.Labels {
	cat, _ := Catalog()
	var l ginkgo.Labels
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			l = append(l, s)
		}
	}
	for _, id := range ids {
		add(id)
		if cat == nil {
			continue
		}
		if r, ok := cat.Get(id); ok {
			add(r.Level.Label())
			add(ProtocolLabel(r.Protocol()))
		}
	}
	return l
}

// Writes is the label of specs that write.
func Writes() ginkgo.Labels { return ginkgo.Label(LabelWrites) }

// addEntry attaches a value to the running spec; outside a spec there is nothing to attach to.
func addEntry(name string, v any) {
	defer func() { _ = recover() }()
	ginkgo.AddReportEntry(name, v, ginkgo.ReportEntryVisibilityNever)
}

// Unsupported ends the spec: the server answered as the spec allows for an optional feature it
// does not have.
func Unsupported(reason string) {
	addEntry(EntryOutcome, Outcome{Kind: KindUnsupported, Reason: reason})
	ginkgo.Skip("unsupported: " + reason)
}

// Disable ends the spec: the profile or --read-only rules it out.
func Disable(reason string) {
	addEntry(EntryOutcome, Outcome{Kind: KindDisabled, Reason: reason})
	ginkgo.Skip("disabled: " + reason)
}

// Errorf ends the spec as an error: setup, network or the harness failed. Never use it for a
// server that broke a requirement.
func Errorf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if r := peekCurrent(); r != nil {
		msg = r.Redact(msg)
	}
	addEntry(EntryOutcome, Outcome{Kind: KindError, Reason: msg})
	ginkgo.GinkgoHelper()
	ginkgo.Fail("error: " + msg)
}

// Note adds a remark to the spec's report (what was tolerated, what was assumed).
func Note(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if r := peekCurrent(); r != nil {
		msg = r.Redact(msg)
	}
	addEntry(EntryNote, msg)
}

func peekCurrent() *Run {
	currentMu.Lock()
	defer currentMu.Unlock()
	return current
}

// For returns a Gomega whose failures break the named requirement and stop the spec.
// The spec must carry the requirement as a label (see Reqs).
func For(requirement string) gtypes.Gomega {
	checkLabelled(requirement)
	return gomega.NewGomega(func(message string, callerSkip ...int) {
		skip := 1
		if len(callerSkip) > 0 {
			skip = callerSkip[0] + 1
		}
		recordFailure(requirement, message, skip+1, false)
		ginkgo.Fail(message, skip)
	})
}

// Soft returns a Gomega whose failures break the named requirement but let the spec go on;
// the spec fails when it ends. Use it to check several independent requirements on one
// response.
func Soft(requirement string) gtypes.Gomega {
	checkLabelled(requirement)
	return gomega.NewGomega(func(message string, callerSkip ...int) {
		skip := 1
		if len(callerSkip) > 0 {
			skip = callerSkip[0] + 1
		}
		recordFailure(requirement, message, skip+1, true)
	})
}

// Setup returns a Gomega for preparing a spec: its failures end the spec as an error, not as
// non-conformance (e.g. creating the data a filter spec needs).
func Setup() gtypes.Gomega {
	return gomega.NewGomega(func(message string, callerSkip ...int) {
		ginkgo.GinkgoHelper()
		Errorf("setup: %s", message)
	})
}

func checkLabelled(requirement string) {
	labels := specLabels()
	if labels != nil && !hasLabel(labels, requirement) {
		ginkgo.GinkgoHelper()
		Errorf("harness bug: the spec checks %s but is not labelled with it", requirement)
	}
}

func recordFailure(requirement, message string, skip int, soft bool) {
	r := peekCurrent()
	f := Failure{Requirement: requirement, Message: message, Location: types.NewCodeLocation(skip + 1).String(), Soft: soft}
	if r != nil {
		f.Message = r.Redact(f.Message)
		r.mu.Lock()
		f.Exchange = r.spec.seq
		if soft {
			r.spec.soft = append(r.spec.soft, f)
		}
		r.mu.Unlock()
	}
	addEntry(EntryFailure, f)
}

var installOnce sync.Once

// Install registers the harness's hooks around every spec: the read-only guard before, and
// after it the soft failures and the schema violations of the spec's own requirements. Suite
// packages call it at package level (`var _ = harness.Install()`); it is idempotent.
func Install() bool {
	installOnce.Do(func() {
		ginkgo.BeforeEach(func() {
			r := peekCurrent()
			if r == nil {
				Errorf("harness not configured: no target")
				return
			}
			r.mu.Lock()
			r.spec = specState{}
			r.mu.Unlock()
			if r.cfg.ReadOnly && hasLabel(ginkgo.CurrentSpecReport().Labels(), LabelWrites) {
				Disable("--read-only: this spec writes to the server")
			}
		})
		ginkgo.AfterEach(func() {
			r := peekCurrent()
			if r == nil {
				return
			}
			report := ginkgo.CurrentSpecReport()
			if report.State.Is(types.SpecStateSkipped) {
				return
			}
			labels := report.Labels()
			entries := DecodeEntries(report)
			// A violation the spec already failed explicitly (same requirement, same exchange)
			// is not recorded twice.
			seen := map[string]bool{}
			for _, f := range entries.Failures {
				seen[fmt.Sprintf("%s#%d", f.Requirement, f.Exchange)] = true
			}
			var problems []string
			for _, e := range entries.Exchanges {
				for _, v := range e.Violations {
					key := fmt.Sprintf("%s#%d", v.Requirement, e.Seq)
					switch {
					case v.InRequest && !e.Deliberate:
						Errorf("harness bug: request #%d breaks the schema: %s", e.Seq, v.Violation)
					case seen[key]:
					case hasLabel(labels, v.Requirement):
						seen[key] = true
						f := Failure{Requirement: v.Requirement, Exchange: e.Seq, Soft: true,
							Message: fmt.Sprintf("exchange #%d: %s", e.Seq, v.Violation)}
						addEntry(EntryFailure, f)
						problems = append(problems, f.Requirement+": "+f.Message)
					}
				}
			}
			r.mu.Lock()
			soft := r.spec.soft
			r.mu.Unlock()
			for _, f := range soft {
				problems = append(problems, f.Requirement+": "+f.Message)
			}
			if len(problems) > 0 && !report.Failed() {
				ginkgo.Fail(strings.Join(problems, "\n"))
			}
		})
	})
	return true
}
