package taxii21_test

// The suite proves itself against the reference server: `go test` starts it in process over
// HTTPS on loopback with its TLS policy (§8.2.2, bent by the TLS faults), runs every TAXII 2.1
// spec against it with the reference server's profile, and judges the run by the rules of
// suites/selftest: a clean run without faults, and with faults (TAXII_CONFORM_FAULTS) every
// fault caught through its own requirements, other requirements it breaks logged as
// collateral. TAXII_CONFORM_FOCUS=<regex> runs only the specs of the requirements (or
// sections) it matches.

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/taxii-conform/taxii-conform/reference/config"
	"github.com/taxii-conform/taxii-conform/reference/taxii21"
	"github.com/taxii-conform/taxii-conform/suites/requirements"
	"github.com/taxii-conform/taxii-conform/suites/selftest"
	_ "github.com/taxii-conform/taxii-conform/suites/taxii21"
)

// expectedOutcomes lists the specs (by a fragment of their full text) that may end otherwise
// than passing against the reference server with its default configuration, and why.
var expectedOutcomes = map[string]string{}

// envVariant names the server variant a child process runs the suite against.
const envVariant = "TAXII_CONFORM_VARIANT"

// variants are configurations of the reference server that do what the specification
// permits and its defaults do not; the suite must pass against each as it does against the
// defaults.
var variants = map[string]func(*config.Config){
	// Statuses read "pending" for a while (§4.3.1): every spec that adds objects must wait.
	"pending-statuses": func(c *config.Config) { c.TAXII21.StatusPendingFor = 40 * time.Millisecond },
}

func TestTAXII21(t *testing.T) {
	name := os.Getenv(envVariant)
	edit, ok := variants[name]
	if name != "" && !ok {
		t.Fatalf("%s=%q names no variant", envVariant, name)
	}
	label := "TAXII 2.1"
	if name != "" {
		label += " (" + name + ")"
	}
	selftest.Run(t, selftest.Options{
		Protocol: requirements.TAXII21,
		Label:    label,
		Path:     "/taxii2/",
		TLS:      taxii21.TLSConfig,
		Config:   edit,
		Expected: expectedOutcomes,
	})
}

// TestTAXII21Variants runs the suite against each variant, in a child process each, since
// Ginkgo runs once per process.
func TestTAXII21Variants(t *testing.T) {
	if os.Getenv(envVariant) != "" || os.Getenv(selftest.EnvFaults) != "" || os.Getenv(selftest.EnvFocus) != "" {
		t.Skip("variants run only in a plain run of the whole suite")
	}
	for name := range variants {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], "-test.run=^TestTAXII21$", "-test.count=1")
			cmd.Env = append(os.Environ(), envVariant+"="+name)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("the suite against the %s variant failed (%v):\n%s", name, err, out)
			}
			lines := strings.Split(strings.TrimSpace(string(out)), "\n")
			t.Logf("%s: %s", name, lines[len(lines)-1])
		})
	}
}
