package taxii11_test

// The suite proves itself against the reference server. `go test` runs every TAXII 1.1.1 spec
// twice, once per version family, each in a child process (Ginkgo runs once per process):
// TAXII 1.1.1 identifiers over HTTPS, TAXII 1.1 identifiers over plain HTTP, both against the
// reference server started in the child on loopback with its profile (the 1.1 run adds the
// profile feature family-1.1). Each child then requires that
//   - every requirement that needs a spec has one, and no spec names an unknown requirement
//     (only on a full run: a focused run covers a part on purpose);
//   - without faults, no spec fails, warns, or ends unsupported, disabled or in error, except
//     those listed in expectedOutcomes with the reason;
//   - with faults (TAXII_CONFORM_FAULTS=name1,name2), every requirement each fault breaks fails,
//     which shows that the suite catches the fault, and no other requirement fails unless a
//     fault says why it breaks more (faults.Fault.OverBroad), as in the kill matrix; a
//     requirement counts as failed when a spec fails it or any exchange's validation names it;
//   - without faults, no exchange of any spec breaks the schemas or the binding (the reference
//     server is clean, and the harness's own requests are too).
//
// TAXII_CONFORM_FOCUS=<regex> runs only the specs of the requirements (or sections) it matches,
// as `taxii-conform run --focus` does; TAXII_CONFORM_FAMILY=1.1 or 1.1.1 runs one family only.

import (
	"crypto/tls"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/taxii-conform/taxii-conform/fixtures/profiles"
	"github.com/taxii-conform/taxii-conform/reference/faults"
	"github.com/taxii-conform/taxii-conform/reference/server"
	"github.com/taxii-conform/taxii-conform/suites/harness"
	"github.com/taxii-conform/taxii-conform/suites/requirements"
	_ "github.com/taxii-conform/taxii-conform/suites/taxii11"
)

// Environment variables of the self-test.
const (
	envFaults = "TAXII_CONFORM_FAULTS"
	envFocus  = "TAXII_CONFORM_FOCUS"
	envFamily = "TAXII_CONFORM_FAMILY"
	// envChild marks the child process and names its family.
	envChild = "TAXII_CONFORM_CHILD_FAMILY"
)

// familyRuns are the two runs: family, transport.
var familyRuns = []struct {
	family string
	https  bool
}{
	{"1.1.1", true},
	{"1.1", false},
}

// expectedOutcomes lists the specs (by a fragment of their full text) that may end otherwise
// than passing against the reference server with its default configuration, and why.
var expectedOutcomes = map[string]string{}

func TestTAXII11(t *testing.T) {
	if f := os.Getenv(envChild); f != "" {
		runFamily(t, f)
		return
	}
	only := os.Getenv(envFamily)
	if only != "" && only != "1.1" && only != "1.1.1" {
		t.Fatalf("%s must be 1.1 or 1.1.1, not %q", envFamily, only)
	}
	for _, fr := range familyRuns {
		if only != "" && fr.family != only {
			continue
		}
		t.Run("family="+fr.family, func(t *testing.T) {
			t.Parallel()
			args := []string{"-test.run=^TestTAXII11$", "-test.count=1"}
			if testing.Verbose() {
				args = append(args, "-test.v")
			}
			cmd := exec.Command(os.Args[0], args...)
			cmd.Env = append(os.Environ(), envChild+"="+fr.family)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Errorf("TAXII %s run failed (%v):\n%s", fr.family, err, out)
				return
			}
			if testing.Verbose() {
				t.Logf("TAXII %s run:\n%s", fr.family, out)
			} else {
				t.Logf("TAXII %s run: %s", fr.family, lastLines(string(out), 3))
			}
		})
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}

// refTLS is the TLS configuration of the in-process reference server.
func refTLS() *tls.Config { return &tls.Config{MinVersion: tls.VersionTLS12} }

// runFamily runs every spec in one family against a fresh reference server.
func runFamily(t *testing.T, familyName string) {
	var https bool
	found := false
	for _, fr := range familyRuns {
		if fr.family == familyName {
			https, found = fr.https, true
		}
	}
	if !found {
		t.Fatalf("%s: unknown family %q", envChild, familyName)
	}
	set, err := faults.Parse(os.Getenv(envFaults))
	if err != nil {
		t.Fatalf("%s: %v", envFaults, err)
	}
	var focus *regexp.Regexp
	if f := os.Getenv(envFocus); f != "" {
		if focus, err = regexp.Compile(f); err != nil {
			t.Fatalf("%s: %v", envFocus, err)
		}
	}

	ref, err := server.New(server.Options{Faults: set})
	if err != nil {
		t.Fatalf("starting the reference server: %v", err)
	}
	t.Cleanup(func() {
		if err := ref.Close(); err != nil {
			t.Errorf("closing the reference server: %v", err)
		}
	})
	ts := httptest.NewUnstartedServer(ref)
	ts.Config.ErrorLog = log.New(io.Discard, "", 0)
	var caFile string
	if https {
		ts.TLS = refTLS()
		ts.StartTLS()
		caFile = filepath.Join(t.TempDir(), "refserver-ca.pem")
		caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ts.Certificate().Raw})
		if err := os.WriteFile(caFile, caPEM, 0o600); err != nil {
			t.Fatal(err)
		}
	} else {
		ts.Start()
	}
	t.Cleanup(ts.Close)

	target, err := harness.ParseTarget(ts.URL + "/taxii11/discovery/")
	if err != nil {
		t.Fatal(err)
	}
	profile, err := harness.ParseProfile(profiles.RefServer)
	if err != nil {
		t.Fatal(err)
	}
	if profile.TAXII11 == nil {
		t.Fatal("the reference server's profile has no taxii11 part")
	}
	profile.TAXII11.Features = append(profile.TAXII11.Features, "family-"+familyName)
	run, err := harness.Configure(harness.Config{
		Target: target, Protocol: requirements.TAXII111, Profile: profile, CAFile: caFile,
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
		Selection:    harness.Selection{Protocol: requirements.TAXII111, Focus: focus},
		Timeout:      5 * time.Minute,
		GinkgoOutput: out,
	})
	if err != nil {
		t.Fatalf("running the specs: %v", err)
	}
	t.Logf("%d specs in %v against %s in TAXII %s (faults: %v)", len(harness.Specs(report)), time.Since(start).Round(time.Millisecond), ts.URL, familyName, set.Names())
	if got := run.Family(); got != familyName && len(harness.Specs(report)) > 0 && len(set) == 0 {
		t.Errorf("the run tested family %q, want %q", got, familyName)
	}

	cat, err := harness.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	res := summarise(report)
	if focus == nil && len(set) == 0 {
		if err := cat.TraceSpecs(requirements.TAXII111, harness.Specs(report)).Err(); err != nil {
			t.Error(err)
		}
	}
	if len(set) == 0 {
		checkOutcomes(t, res)
		for _, f := range res.failures {
			t.Errorf("spec %q breaks %s: %s", f.spec, f.req, f.msg)
		}
		// The reference server's messages must validate, whichever spec saw them.
		for _, v := range res.violations {
			t.Errorf("spec %q saw a violation of %s: %s", v.spec, v.req, v.msg)
		}
	} else {
		for _, o := range res.outcomes {
			t.Logf("spec %q ended %s: %s", o.spec, o.o.Kind, o.o.Reason)
		}
		checkKills(t, cat, set, focus, res)
	}
	if testing.Verbose() {
		logSlowest(t, report)
	}
}

// failure is one broken requirement in one spec.
type failure struct{ spec, req, msg string }

// outcome is a spec that ended unsupported, disabled or in error.
type outcome struct {
	spec string
	o    harness.Outcome
}

type results struct {
	failures []failure
	outcomes []outcome
	// failed maps each broken requirement to the specs that broke it.
	failed map[string][]string
	// violations are what validation found in any exchange, whichever spec made it.
	violations []failure
}

func (r *results) add(req, spec string) {
	for _, s := range r.failed[req] {
		if s == spec {
			return
		}
	}
	r.failed[req] = append(r.failed[req], spec)
}

func summarise(r types.Report) results {
	res := results{failed: map[string][]string{}}
	for _, s := range r.SpecReports {
		if s.LeafNodeType != types.NodeTypeIt {
			continue
		}
		e := harness.DecodeEntries(s)
		name := s.FullText()
		for _, x := range e.Exchanges {
			for _, v := range x.Violations {
				res.violations = append(res.violations, failure{name, v.Requirement, fmt.Sprintf("exchange #%d %s %s: %s", x.Seq, x.Method, x.URL, v.Violation)})
				// The report fails a violation's requirement whichever spec saw it
				// (reports/doc.go), so the kill check counts it too; the harness's own
				// requests are checked apart, as a clean run.
				if !v.InRequest && v.Requirement != "" {
					res.add(v.Requirement, name)
				}
			}
		}
		if e.Outcome != nil {
			res.outcomes = append(res.outcomes, outcome{name, *e.Outcome})
			// A spec that ended in error may still have seen a broken rule (the validator's
			// findings are recorded whatever happens next): those count for the kill check.
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
			res.add(f.Requirement, name)
		}
		if s.Failed() && len(e.Failures) == 0 && e.Outcome == nil {
			// A plain Gomega failure or a panic: it breaks every requirement of the spec.
			res.failures = append(res.failures, failure{name, "(every label)", s.Failure.Message})
			for _, l := range s.Labels() {
				if requirements.IsID(l) {
					res.add(l, name)
				}
			}
		}
	}
	return res
}

// checkOutcomes fails on every spec that did not run to a verdict, unless it is expected.
func checkOutcomes(t *testing.T, res results) {
	for _, o := range res.outcomes {
		if reason, ok := expected(o.spec); ok {
			t.Logf("%s %q (expected: %s): %s", o.o.Kind, o.spec, reason, o.o.Reason)
			continue
		}
		t.Errorf("spec %q ended %s: %s", o.spec, o.o.Kind, o.o.Reason)
	}
}

func expected(spec string) (string, bool) {
	for frag, reason := range expectedOutcomes {
		if strings.Contains(spec, frag) {
			return reason, true
		}
	}
	return "", false
}

// checkKills requires that each fault's requirements (those the run selected) failed.
func checkKills(t *testing.T, cat *requirements.Catalog, set faults.Set, focus *regexp.Regexp, res results) {
	own := map[string]bool{}
	for _, name := range set.Names() {
		f, _ := faults.Lookup(name)
		for _, id := range f.Requirements {
			own[id] = true
			r, ok := cat.Get(id)
			if !ok {
				t.Errorf("fault %s names %s, which the catalog lacks", name, id)
				continue
			}
			if focus != nil && !focus.MatchString(id) && !focus.MatchString(r.Section) {
				continue
			}
			if len(res.failed[id]) == 0 {
				t.Errorf("fault %s survives: no spec failed %s (%s)", name, id, r.Summary)
			} else {
				t.Logf("fault %s killed: %s failed in %d spec(s)", name, id, len(res.failed[id]))
			}
		}
	}
	// A fault that breaks more than it names is over-broad: the kill matrix reports it unless
	// the fault says why (Fault.OverBroad), so the self-test does too.
	reason := ""
	for _, name := range set.Names() {
		if f, _ := faults.Lookup(name); f.OverBroad != "" {
			reason = f.OverBroad
		}
	}
	var collateral []string
	for id, specs := range res.failed {
		if r, ok := cat.Get(id); ok && !r.Level.Mandatory() && !r.Level.Recommended() {
			continue // a MAY is never broken (reports/doc.go)
		}
		if !own[id] {
			collateral = append(collateral, fmt.Sprintf("%s (%s)", id, strings.Join(specs, "; ")))
		}
	}
	sort.Strings(collateral)
	for _, c := range collateral {
		switch {
		case reason != "":
			t.Logf("collateral failure (%s): %s", reason, c)
		case focus != nil:
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
