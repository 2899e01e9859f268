package taxii21_test

// The suite proves itself against the reference server: `go test` starts it in process over
// HTTPS on loopback with its TLS policy (§8.2.2, bent by the TLS faults), runs every TAXII 2.1
// spec against it with the reference server's profile, and judges the run by the rules of
// suites/selftest: a clean run without faults, and with faults (TAXII_CONFORM_FAULTS) every
// fault caught through its own requirements, other requirements it breaks logged as
// collateral. TAXII_CONFORM_FOCUS=<regex> runs only the specs of the requirements (or
// sections) it matches.

import (
	"testing"

	"github.com/taxii-conform/taxii-conform/reference/taxii21"
	"github.com/taxii-conform/taxii-conform/suites/requirements"
	"github.com/taxii-conform/taxii-conform/suites/selftest"
	_ "github.com/taxii-conform/taxii-conform/suites/taxii21"
)

// expectedOutcomes lists the specs (by a fragment of their full text) that may end otherwise
// than passing against the reference server with its default configuration, and why.
var expectedOutcomes = map[string]string{}

func TestTAXII21(t *testing.T) {
	selftest.Run(t, selftest.Options{
		Protocol: requirements.TAXII21,
		Label:    "TAXII 2.1",
		Path:     "/taxii2/",
		TLS:      taxii21.TLSConfig,
		Expected: expectedOutcomes,
	})
}
