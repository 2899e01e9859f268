package main

import (
	"flag"
	"io"

	"github.com/taxii-conform/taxii-conform/reports"
	"github.com/taxii-conform/taxii-conform/suites/harness"
	"github.com/taxii-conform/taxii-conform/suites/requirements"
)

func cmdRequirements(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("requirements", flag.ContinueOnError)
	protocol := fs.String("protocol", "", "2.1 or 1.1.1 (default: both)")
	format := fs.String("format", "table", "table, json, tsv or md")
	if ok, code := parseFlags(fs, args, stderr); !ok {
		return code
	}
	switch *protocol {
	case "", requirements.TAXII21, requirements.TAXII111:
	case "1.1":
		*protocol = requirements.TAXII111
	default:
		return report(stderr, usagef("requirements: --protocol must be 2.1 or 1.1.1"))
	}
	switch *format {
	case "table", "json", "tsv", "md":
	default:
		return report(stderr, usagef("requirements: --format must be table, json, tsv or md"))
	}
	cat, err := harness.Catalog()
	if err != nil {
		return report(stderr, err)
	}
	// A dry run walks every registered spec without running it, to learn their labels.
	greport, err := harness.RunSpecs(harness.RunOptions{Selection: harness.Selection{Protocol: *protocol}, DryRun: true})
	if err != nil {
		return report(stderr, err)
	}
	trace := cat.TraceSpecs(*protocol, harness.Specs(greport))
	if err := reports.WriteCatalog(stdout, *format, cat.Protocol(*protocol), trace.Covered); err != nil {
		return report(stderr, err)
	}
	return exitOK
}
