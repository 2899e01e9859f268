package taxii11_test

// The suite proves itself against the reference server. `go test` runs every TAXII 1.1.1 spec
// twice, once per version family, each in a child process (Ginkgo runs once per process):
// TAXII 1.1.1 identifiers over HTTPS, TAXII 1.1 identifiers over plain HTTP, both against the
// reference server started in the child on loopback with its profile (the 1.1 run adds the
// profile feature family-1.1). Each child judges its run by the rules of suites/selftest: a
// clean run without faults (the harness's own requests included), and with faults
// (TAXII_CONFORM_FAULTS) every fault caught through its own requirements and no other
// requirement broken unless a fault says why (faults.Fault.OverBroad), as in the full kill
// matrix. It also checks that the run tested the family it was meant to.
//
// TAXII_CONFORM_FOCUS=<regex> runs only the specs of the requirements (or sections) it matches,
// as `taxii-conform run --focus` does; TAXII_CONFORM_FAMILY=1.1 or 1.1.1 runs one family only.

import (
	"crypto/tls"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/taxii-conform/taxii-conform/reference/faults"
	"github.com/taxii-conform/taxii-conform/suites/harness"
	"github.com/taxii-conform/taxii-conform/suites/requirements"
	"github.com/taxii-conform/taxii-conform/suites/selftest"
	_ "github.com/taxii-conform/taxii-conform/suites/taxii11"
)

// Environment variables of the family runs.
const (
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

// runFamily runs every spec in one family against a fresh reference server.
func runFamily(t *testing.T, familyName string) {
	var https, found bool
	for _, fr := range familyRuns {
		if fr.family == familyName {
			https, found = fr.https, true
		}
	}
	if !found {
		t.Fatalf("%s: unknown family %q", envChild, familyName)
	}
	o := selftest.Options{
		Protocol: requirements.TAXII111,
		Label:    "TAXII " + familyName,
		Path:     "/taxii11/discovery/",
		Profile: func(p *harness.Profile) error {
			if p.TAXII11 == nil {
				return errors.New("it has no taxii11 part")
			}
			p.TAXII11.Features = append(p.TAXII11.Features, "family-"+familyName)
			return nil
		},
		Expected:       expectedOutcomes,
		OverBroadFails: true,
	}
	if https {
		// The reference server's TLS 1.x policy has no faults of its own.
		o.TLS = func(faults.Set) *tls.Config { return &tls.Config{MinVersion: tls.VersionTLS12} }
	}
	res := selftest.Run(t, o)
	if got := res.Run.Family(); got != familyName && len(harness.Specs(res.Report)) > 0 && len(res.Faults) == 0 {
		t.Errorf("the run tested family %q, want %q", got, familyName)
	}
}
