// Package taxii11 holds the TAXII 1.1.1 conformance specs (Parts 2-5), one file per section
// of the specification. Specs register at package level, so that `go test` and the
// taxii-conform CLI run the same ones; each carries its requirement IDs as labels.
package taxii11

import "github.com/taxii-conform/taxii-conform/suites/harness"

var _ = harness.Install()
