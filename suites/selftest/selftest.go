// Package selftest is test support shared by the suites' own tests: it starts the reference
// server in process on loopback, runs one protocol's specs against it with the reference
// server's profile, and judges the run.
//
//   - Every requirement that needs a spec has one, and no spec names an unknown requirement
//     (only on a full run: a focused run covers a part on purpose).
//   - Without faults the run is clean: no spec fails, warns, or ends unsupported, disabled or
//     in error unless Options.Expected says why; no exchange of any spec breaks a schema (the
//     reference server's messages and the harness's own requests alike); and no requirement
//     fails or warns by the reports' verdict rules (reports.Build).
//   - With faults (TAXII_CONFORM_FAULTS=name1,name2), every requirement each fault lists
//     (those the run selected) is broken, by the kill matrix's rule: a verdict of fail, or warn
//     for a SHOULD or SHOULD NOT. Requirements broken beyond those are collateral: logged, or
//     with Options.OverBroadFails an error unless a fault says why it breaks more
//     (faults.Fault.OverBroad) or the run is focused, as the full kill matrix judges them.
//
// TAXII_CONFORM_FOCUS=<regex> runs only the specs of the requirements (or sections) it
// matches, as `taxii-conform run --focus` does.
//
// It imports the reference server, so only tests may import it: suite code stays independent
// of the server it tests.
package selftest

import (
	"crypto/tls"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/taxii-conform/taxii-conform/fixtures/profiles"
	"github.com/taxii-conform/taxii-conform/reference/config"
	"github.com/taxii-conform/taxii-conform/reference/faults"
	"github.com/taxii-conform/taxii-conform/reference/server"
	"github.com/taxii-conform/taxii-conform/reports"
	"github.com/taxii-conform/taxii-conform/suites/harness"
	"github.com/taxii-conform/taxii-conform/suites/requirements"
)

// Environment variables of the self-test.
const (
	EnvFaults = "TAXII_CONFORM_FAULTS"
	EnvFocus  = "TAXII_CONFORM_FOCUS"
)

// Options describe one suite's self-test run.
type Options struct {
	// Protocol is the suite's protocol (requirements.TAXII21 or requirements.TAXII111).
	Protocol string
	// Label names the run in log lines, e.g. "TAXII 1.1".
	Label string
	// Path is the path of the target on the reference server, e.g. "/taxii2/".
	Path string
	// TLS gives the server's TLS configuration for the faults in force; nil serves plain HTTP.
	TLS func(faults.Set) *tls.Config
	// Config changes the reference server's default configuration (a variant the
	// specification permits, which the suite must take in its stride); nil keeps it.
	Config func(*config.Config)
	// Profile adjusts the reference server's profile before the run; nil keeps it as shipped.
	Profile func(*harness.Profile) error
	// Expected lists the specs (by a fragment of their full text) that may end otherwise than
	// passing against the reference server with its default configuration, and why.
	Expected map[string]string
	// OverBroadFails makes unexplained collateral an error rather than a log line.
	OverBroadFails bool
}

// Result is what a run leaves for a suite's own further checks.
type Result struct {
	Run    *harness.Run
	Report types.Report
	Faults faults.Set
}

// Env reads the faults and the focus the environment asks for; a bad value fails the test.
func Env(t testing.TB) (faults.Set, *regexp.Regexp) {
	t.Helper()
	set, err := faults.Parse(os.Getenv(EnvFaults))
	if err != nil {
		t.Fatalf("%s: %v", EnvFaults, err)
	}
	var focus *regexp.Regexp
	if f := os.Getenv(EnvFocus); f != "" {
		if focus, err = regexp.Compile(f); err != nil {
			t.Fatalf("%s: %v", EnvFocus, err)
		}
	}
	return set, focus
}

// StartServer starts the reference server with the faults on 127.0.0.1, over HTTPS with
// tlsConf or over plain HTTP when it is nil; edit, when not nil, changes its default
// configuration first. It returns the base URL and, for HTTPS, a PEM
// file of the server's certificate for the harness to trust. Both stop when the test ends.
func StartServer(t testing.TB, set faults.Set, tlsConf *tls.Config, edit func(*config.Config)) (baseURL, caFile string) {
	t.Helper()
	o := server.Options{Faults: set}
	if edit != nil {
		o.Config = config.Default()
		edit(o.Config)
	}
	ref, err := server.New(o)
	if err != nil {
		t.Fatalf("starting the reference server: %v", err)
	}
	t.Cleanup(func() {
		if err := ref.Close(); err != nil {
			t.Errorf("closing the reference server: %v", err)
		}
	})
	ts := httptest.NewUnstartedServer(ref)
	// Some specs make requests the server refuses on purpose (TLS handshakes among them);
	// keep its log quiet.
	ts.Config.ErrorLog = log.New(io.Discard, "", 0)
	if tlsConf == nil {
		ts.Start()
		t.Cleanup(ts.Close)
		return ts.URL, ""
	}
	ts.TLS = tlsConf
	ts.StartTLS()
	t.Cleanup(ts.Close)
	caFile = filepath.Join(t.TempDir(), "refserver-ca.pem")
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ts.Certificate().Raw})
	if err := os.WriteFile(caFile, caPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	return ts.URL, caFile
}

// Run starts the reference server with the faults the environment names, runs every selected
// spec of the protocol against it once (Ginkgo runs once per process) and judges the run.
func Run(t *testing.T, o Options) Result {
	set, focus := Env(t)
	var tlsConf *tls.Config
	if o.TLS != nil {
		tlsConf = o.TLS(set)
	}
	base, caFile := StartServer(t, set, tlsConf, o.Config)
	target, err := harness.ParseTarget(base + o.Path)
	if err != nil {
		t.Fatal(err)
	}
	profile, err := harness.ParseProfile(profiles.RefServer)
	if err != nil {
		t.Fatal(err)
	}
	if o.Profile != nil {
		if err := o.Profile(profile); err != nil {
			t.Fatalf("the reference server's profile: %v", err)
		}
	}
	run, err := harness.Configure(harness.Config{
		Target: target, Protocol: o.Protocol, Profile: profile, CAFile: caFile,
		RequestTimeout: 10 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}

	var out io.Writer
	if testing.Verbose() {
		out = os.Stdout
	}
	start := time.Now()
	report, err := harness.RunSpecs(harness.RunOptions{
		Selection:    harness.Selection{Protocol: o.Protocol, Focus: focus},
		Timeout:      5 * time.Minute,
		GinkgoOutput: out,
	})
	if err != nil {
		t.Fatalf("running the specs: %v", err)
	}
	t.Logf("%d specs in %v against %s (%s, faults: %v)", len(harness.Specs(report)),
		time.Since(start).Round(time.Millisecond), base, o.Label, set.Names())

	cat, err := harness.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	judge(t, o, cat, set, focus, report)
	if testing.Verbose() {
		logSlowest(t, report)
	}
	return Result{Run: run, Report: report, Faults: set}
}

// judge applies the rules of the package comment to a finished run.
func judge(t *testing.T, o Options, cat *requirements.Catalog, set faults.Set, focus *regexp.Regexp, report types.Report) {
	t.Helper()
	if focus == nil && len(set) == 0 {
		if err := cat.TraceSpecs(o.Protocol, harness.Specs(report)).Err(); err != nil {
			t.Error(err)
		}
	}
	res := summarise(report)
	built := reports.Build(reports.Meta{Protocol: o.Protocol}, cat, report)
	if len(set) == 0 {
		checkOutcomes(t, o.Expected, res.outcomes)
		for _, f := range res.failures {
			t.Errorf("spec %q breaks %s: %s", f.spec, f.req, f.msg)
		}
		// The reference server's messages must validate, whichever spec saw them, and so
		// must the harness's own requests.
		for _, v := range res.violations {
			t.Errorf("spec %q saw a violation of %s: %s", v.spec, v.req, v.msg)
		}
		// What the reports would say.
		for _, r := range built.Requirements {
			if r.Verdict == reports.Fail || r.Verdict == reports.Warn {
				t.Errorf("%s is %s: %s", r.ID, r.Verdict, strings.Join(r.Failures, "; "))
			}
		}
		return
	}
	// Under faults a spec may rightly end otherwise (a feature the fault breaks); log it.
	for _, oc := range res.outcomes {
		t.Logf("spec %q ended %s: %s", oc.spec, oc.o.Kind, oc.o.Reason)
	}
	checkKills(t, cat, set, focus, built, o.OverBroadFails)
}

// failure is one broken requirement in one spec, or one violation an exchange of it showed.
type failure struct{ spec, req, msg string }

// outcome is a spec that ended unsupported, disabled or in error.
type outcome struct {
	spec string
	o    harness.Outcome
}

type results struct {
	failures   []failure
	outcomes   []outcome
	violations []failure
}

func summarise(r types.Report) results {
	var res results
	for _, s := range r.SpecReports {
		if s.LeafNodeType != types.NodeTypeIt {
			continue
		}
		e := harness.DecodeEntries(s)
		name := s.FullText()
		for _, x := range e.Exchanges {
			for _, v := range x.Violations {
				res.violations = append(res.violations, failure{name, v.Requirement, fmt.Sprintf("exchange #%d %s %s: %s", x.Seq, x.Method, x.URL, v.Violation)})
			}
		}
		if e.Outcome != nil {
			res.outcomes = append(res.outcomes, outcome{name, *e.Outcome})
			// A spec that ended in error may still have recorded a broken rule first.
			if e.Outcome.Kind != harness.KindError {
				continue
			}
		}
		seen := map[string]bool{}
		for _, f := range e.Failures {
			if seen[f.Requirement+f.Message] {
				continue
			}
			seen[f.Requirement+f.Message] = true
			res.failures = append(res.failures, failure{name, f.Requirement, f.Message})
		}
		if s.Failed() && len(e.Failures) == 0 && e.Outcome == nil {
			// A plain Gomega failure or a panic: it breaks every requirement of the spec.
			res.failures = append(res.failures, failure{name, "(every label)", s.Failure.Message})
		}
	}
	return res
}

// checkOutcomes fails on every spec that did not run to a verdict, unless it is expected.
func checkOutcomes(t *testing.T, expected map[string]string, outcomes []outcome) {
	t.Helper()
	for _, oc := range outcomes {
		if reason, ok := expectedReason(expected, oc.spec); ok {
			t.Logf("%s %q (expected: %s): %s", oc.o.Kind, oc.spec, reason, oc.o.Reason)
			continue
		}
		t.Errorf("spec %q ended %s: %s", oc.spec, oc.o.Kind, oc.o.Reason)
	}
}

func expectedReason(expected map[string]string, spec string) (string, bool) {
	for frag, reason := range expected {
		if strings.Contains(spec, frag) {
			return reason, true
		}
	}
	return "", false
}

// checkKills requires that each fault's requirements (those the run selected) are broken,
// and reports the other broken requirements as collateral.
func checkKills(t *testing.T, cat *requirements.Catalog, set faults.Set, focus *regexp.Regexp, rep *reports.Report, overBroadFails bool) {
	t.Helper()
	broken := map[string]reports.RequirementResult{}
	for _, r := range rep.Requirements {
		if r.Broken() {
			broken[r.ID] = r
		}
	}
	own := map[string]bool{}
	reason := "" // why the faults may break more than they list, when one says
	for _, name := range set.Names() {
		f, _ := faults.Lookup(name)
		if f.OverBroad != "" {
			reason = f.OverBroad
		}
		listed := map[string]bool{}
		for _, id := range f.Requirements {
			if listed[id] {
				t.Errorf("fault %s names %s twice", name, id)
			}
			listed[id], own[id] = true, true
			r, ok := cat.Get(id)
			if !ok {
				t.Errorf("fault %s names %s, which the catalog lacks", name, id)
				continue
			}
			if focus != nil && !focus.MatchString(id) && !focus.MatchString(r.Section) {
				continue
			}
			if b, ok := broken[id]; ok {
				t.Logf("fault %s killed: %s %s in %d spec(s)", name, id, b.Verdict, len(b.Failures))
			} else {
				t.Errorf("fault %s survives: no spec failed %s (%s)", name, id, r.Summary)
			}
		}
	}
	var collateral []string
	for id, r := range broken {
		if !own[id] {
			collateral = append(collateral, fmt.Sprintf("%s %s (%s)", id, r.Verdict, strings.Join(r.Failures, "; ")))
		}
	}
	sort.Strings(collateral)
	for _, c := range collateral {
		switch {
		case reason != "":
			t.Logf("collateral failure (%s): %s", reason, c)
		case focus != nil || !overBroadFails:
			t.Logf("collateral failure: %s", c) // a focused run may see a part of the picture
		default:
			t.Errorf("over-broad: the faults %v also break %s", set.Names(), c)
		}
	}
}

func logSlowest(t *testing.T, r types.Report) {
	specs := append([]types.SpecReport(nil), r.SpecReports...)
	sort.Slice(specs, func(i, j int) bool { return specs[i].RunTime > specs[j].RunTime })
	for i := 0; i < len(specs) && i < 10 && specs[i].RunTime > 0; i++ {
		t.Logf("slow: %v %s", specs[i].RunTime.Round(time.Millisecond), specs[i].FullText())
	}
}
