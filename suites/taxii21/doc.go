// Package taxii21 holds the TAXII 2.1 conformance specs, one file per section of the
// specification. Specs register at package level, so that `go test` and the taxii-conform CLI
// run the same ones; each carries its requirement IDs as labels (harness.Reqs).
package taxii21

import "github.com/taxii-conform/taxii-conform/suites/harness"

var _ = harness.Install()
