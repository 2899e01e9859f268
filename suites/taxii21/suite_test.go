package taxii21_test

// The suite proves itself against the reference server: `go test` starts it in process over
// HTTPS on loopback, runs every TAXII 2.1 spec against it with the reference server's profile,
// and then requires that
//   - every requirement that needs a spec has one, and no spec names an unknown requirement
//     (only on a full run: a focused run covers a part on purpose);
//   - without faults, no spec fails, warns, or ends unsupported, disabled or in error, except
//     those listed in expectedOutcomes with the reason;
//   - with faults (TAXII_CONFORM_FAULTS=name1,name2), every requirement each fault breaks fails,
//     which shows that the suite catches the fault; other requirements that fail are logged as
//     collateral. Both are judged by the verdict rules of the reports (reports.Build), as the
//     kill matrix (taxii-conform mutation) judges them: a MUST fails, a SHOULD warns, whether
//     from a failure entry (in whatever state its spec ended) or from a schema violation.
//
// TAXII_CONFORM_FOCUS=<regex> runs only the specs of the requirements (or sections) it matches,
// as `taxii-conform run --focus` does.

import (
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
	"github.com/taxii-conform/taxii-conform/reference/faults"
	"github.com/taxii-conform/taxii-conform/reference/server"
	"github.com/taxii-conform/taxii-conform/reference/taxii21"
	"github.com/taxii-conform/taxii-conform/reports"
	"github.com/taxii-conform/taxii-conform/suites/harness"
	"github.com/taxii-conform/taxii-conform/suites/requirements"
	_ "github.com/taxii-conform/taxii-conform/suites/taxii21"
)

// Environment variables of the self-test.
const (
	envFaults = "TAXII_CONFORM_FAULTS"
	envFocus  = "TAXII_CONFORM_FOCUS"
)

// expectedOutcomes lists the specs (by a fragment of their full text) that may end otherwise
// than passing against the reference server with its default configuration, and why.
var expectedOutcomes = map[string]string{}

func TestTAXII21(t *testing.T) {
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
	// The reference server's TLS policy (§8.2.2), bent by the TLS faults.
	ts.TLS = taxii21.TLSConfig(set)
	// The TLS specs make handshakes the server refuses on purpose; keep its log quiet.
	ts.Config.ErrorLog = log.New(io.Discard, "", 0)
	ts.StartTLS()
	t.Cleanup(ts.Close)

	caFile := filepath.Join(t.TempDir(), "refserver-ca.pem")
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ts.Certificate().Raw})
	if err := os.WriteFile(caFile, caPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	target, err := harness.ParseTarget(ts.URL + "/taxii2/")
	if err != nil {
		t.Fatal(err)
	}
	profile, err := harness.ParseProfile(profiles.RefServer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := harness.Configure(harness.Config{
		Target: target, Protocol: requirements.TAXII21, Profile: profile, CAFile: caFile,
		RequestTimeout: 10 * time.Second,
	}); err != nil {
		t.Fatal(err)
	}

	var out io.Writer
	if testing.Verbose() {
		out = os.Stdout
	}
	start := time.Now()
	report, err := harness.RunSpecs(harness.RunOptions{
		Selection:    harness.Selection{Protocol: requirements.TAXII21, Focus: focus},
		Timeout:      5 * time.Minute,
		GinkgoOutput: out,
	})
	if err != nil {
		t.Fatalf("running the specs: %v", err)
	}
	t.Logf("%d specs in %v against %s (faults: %v)", len(harness.Specs(report)), time.Since(start).Round(time.Millisecond), ts.URL, set.Names())

	cat, err := harness.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	res := summarise(report)
	if focus == nil && len(set) == 0 {
		if err := cat.TraceSpecs(requirements.TAXII21, harness.Specs(report)).Err(); err != nil {
			t.Error(err)
		}
	}
	if len(set) == 0 {
		checkOutcomes(t, res)
		for _, f := range res.failures {
			t.Errorf("spec %q breaks %s: %s", f.spec, f.req, f.msg)
		}
		// What the reports would say: a schema violation counts whatever spec saw it.
		for _, r := range reports.Build(reports.Meta{Protocol: requirements.TAXII21}, cat, report).Requirements {
			if r.Verdict == reports.Fail || r.Verdict == reports.Warn {
				t.Errorf("%s is %s: %s", r.ID, r.Verdict, strings.Join(r.Failures, "; "))
			}
		}
	} else {
		// Under faults a spec may rightly end otherwise (a feature the fault breaks); log it.
		for _, o := range res.outcomes {
			t.Logf("spec %q ended %s: %s", o.spec, o.o.Kind, o.o.Reason)
		}
		checkKills(t, cat, set, focus, reports.Build(reports.Meta{Protocol: requirements.TAXII21}, cat, report))
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
}

func summarise(r types.Report) results {
	var res results
	for _, s := range r.SpecReports {
		if s.LeafNodeType != types.NodeTypeIt {
			continue
		}
		e := harness.DecodeEntries(s)
		name := s.FullText()
		if e.Outcome != nil {
			res.outcomes = append(res.outcomes, outcome{name, *e.Outcome})
			continue
		}
		seen := map[string]bool{}
		for _, f := range e.Failures {
			if seen[f.Requirement+f.Message] {
				continue
			}
			seen[f.Requirement+f.Message] = true
			res.failures = append(res.failures, failure{name, f.Requirement, f.Message})
		}
		if s.Failed() && len(e.Failures) == 0 {
			// A plain Gomega failure or a panic: it breaks every requirement of the spec.
			res.failures = append(res.failures, failure{name, "(every label)", s.Failure.Message})
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

// checkKills requires that each fault's requirements (those the run selected) are broken, and
// logs the other requirements broken as collateral, by the kill matrix's rule: a verdict of
// fail, or warn for a SHOULD or SHOULD NOT.
func checkKills(t *testing.T, cat *requirements.Catalog, set faults.Set, focus *regexp.Regexp, rep *reports.Report) {
	broken := map[string]reports.RequirementResult{}
	for _, r := range rep.Requirements {
		if r.Verdict == reports.Fail || (r.Verdict == reports.Warn && requirements.Level(r.Level).Recommended()) {
			broken[r.ID] = r
		}
	}
	own := map[string]bool{}
	for _, name := range set.Names() {
		f, _ := faults.Lookup(name)
		for _, id := range f.Requirements {
			if own[id] {
				t.Errorf("fault %s names %s twice", name, id)
			}
			own[id] = true
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
		t.Logf("collateral failure: %s", c)
	}
}

func logSlowest(t *testing.T, r types.Report) {
	specs := append([]types.SpecReport(nil), r.SpecReports...)
	sort.Slice(specs, func(i, j int) bool { return specs[i].RunTime > specs[j].RunTime })
	for i := 0; i < len(specs) && i < 10 && specs[i].RunTime > 0; i++ {
		t.Logf("slow: %v %s", specs[i].RunTime.Round(time.Millisecond), specs[i].FullText())
	}
}
