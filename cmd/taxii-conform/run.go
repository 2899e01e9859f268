package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/taxii-conform/taxii-conform/reports"
	"github.com/taxii-conform/taxii-conform/suites/harness"
	"github.com/taxii-conform/taxii-conform/suites/requirements"
)

// runFlags are the flags of `run`, kept in one place so that selftest can pass them on.
type runFlags struct {
	target, protocol          string
	user, password, token     string
	headers                   multiFlag
	ca, cert, key             string
	insecure                  bool
	profile                   string
	readOnly, strict, verbose bool
	reportDir                 string
	focus, skip, level        string
	timeout, requestTimeout   time.Duration
	maxBody                   int64
}

func (f *runFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.target, "target", "", "TAXII 2.1 discovery or API root URL, or TAXII 1.x Discovery service URL (required)")
	fs.StringVar(&f.protocol, "protocol", "2.1", "protocol to test: 2.1 or 1.1.1 (1.1 is an alias: the harness tests the family the server advertises)")
	fs.StringVar(&f.user, "user", "", "HTTP Basic user (password from --password or $TAXII_PASSWORD)")
	fs.StringVar(&f.password, "password", "", "HTTP Basic password (prefer $TAXII_PASSWORD: command lines are visible to other users)")
	fs.StringVar(&f.token, "token", "", "bearer token (or $TAXII_TOKEN)")
	fs.Var(&f.headers, "header", "extra request header 'Name: value', repeatable; values are treated as secrets")
	fs.StringVar(&f.ca, "ca", "", "PEM file of CA certificates to trust")
	fs.StringVar(&f.cert, "cert", "", "PEM client certificate (with --key)")
	fs.StringVar(&f.key, "key", "", "PEM client key (with --cert)")
	fs.BoolVar(&f.insecure, "insecure", false, "do not verify the server's certificate")
	fs.StringVar(&f.profile, "profile", "", "YAML profile: identities, writable collections, claimed features")
	fs.BoolVar(&f.readOnly, "read-only", false, "never write to the server: specs that write are disabled")
	fs.BoolVar(&f.strict, "strict", false, "treat SHOULD warnings as failures")
	fs.BoolVar(&f.verbose, "verbose", false, "also print Ginkgo's own output (to stderr)")
	fs.StringVar(&f.reportDir, "report-dir", "", "write report.json, junit.xml, report.html and summary.md here")
	fs.StringVar(&f.focus, "focus", "", "run only requirements whose ID or section matches this regular expression")
	fs.StringVar(&f.skip, "skip", "", "skip requirements whose ID or section matches this regular expression")
	fs.StringVar(&f.level, "level", "MAY", "weakest level to run: MUST, SHOULD or MAY")
	fs.DurationVar(&f.timeout, "timeout", 30*time.Minute, "bound on the whole run")
	fs.DurationVar(&f.requestTimeout, "request-timeout", harness.DefaultRequestTimeout, "bound on each exchange, connect to last byte")
	fs.Int64Var(&f.maxBody, "max-body", harness.DefaultMaxBodyBytes, "largest response body read, in bytes")
}

// config turns the flags into a harness configuration; every problem is a usage error.
func (f *runFlags) config() (harness.Config, harness.Selection, error) {
	var cfg harness.Config
	var sel harness.Selection
	if f.target == "" {
		return cfg, sel, usagef("run: --target is required")
	}
	u, err := harness.ParseTarget(f.target)
	if err != nil {
		return cfg, sel, usageError{err}
	}
	if sel, err = parseSelection("run", f.protocol, f.level, f.focus, f.skip); err != nil {
		return cfg, sel, err
	}
	f.protocol = sel.Protocol
	if f.password == "" && f.user != "" {
		f.password = os.Getenv("TAXII_PASSWORD")
	}
	if f.token == "" {
		f.token = os.Getenv("TAXII_TOKEN")
	}
	if f.token != "" && f.user != "" {
		return cfg, sel, usagef("run: give --user/--password or --token, not both")
	}
	if f.password != "" && f.user == "" {
		return cfg, sel, usagef("run: --password without --user")
	}
	id := harness.Identity{User: f.user, Password: f.password, Token: f.token}
	for _, h := range f.headers {
		k, v, ok := parseHeader(h)
		if !ok {
			return cfg, sel, usagef("run: --header wants 'Name: value', got a malformed header")
		}
		if id.Headers == nil {
			id.Headers = map[string]string{}
		}
		id.Headers[k] = v
	}
	var profile *harness.Profile
	if f.profile != "" {
		if profile, err = harness.LoadProfile(f.profile); err != nil {
			return cfg, sel, usageError{err}
		}
	}
	if (f.cert == "") != (f.key == "") {
		return cfg, sel, usagef("run: --cert and --key go together")
	}
	if f.timeout <= 0 || f.requestTimeout <= 0 || f.maxBody <= 0 {
		return cfg, sel, usagef("run: --timeout, --request-timeout and --max-body must be positive")
	}
	cfg = harness.Config{
		Target: u, Protocol: f.protocol, Identity: id, Profile: profile,
		CAFile: f.ca, CertFile: f.cert, KeyFile: f.key, Insecure: f.insecure,
		ReadOnly: f.readOnly, Strict: f.strict,
		RequestTimeout: f.requestTimeout, MaxBodyBytes: f.maxBody,
		UserAgent: "taxii-conform/" + version,
	}
	return cfg, sel, nil
}

// parseSelection normalises the protocol (1.1 is an alias of 1.1.1) and compiles the focus
// and skip expressions; cmd prefixes the usage errors.
func parseSelection(cmd, protocol, level, focus, skip string) (harness.Selection, error) {
	sel := harness.Selection{Protocol: protocol, Level: level}
	switch protocol {
	case requirements.TAXII21:
	case requirements.TAXII111, "1.1":
		sel.Protocol = requirements.TAXII111
	default:
		return sel, usagef("%s: --protocol must be 2.1 or 1.1.1, not %q", cmd, protocol)
	}
	var err error
	if focus != "" {
		if sel.Focus, err = regexp.Compile(focus); err != nil {
			return sel, usagef("%s: --focus: %v", cmd, err)
		}
	}
	if skip != "" {
		if sel.Skip, err = regexp.Compile(skip); err != nil {
			return sel, usagef("%s: --skip: %v", cmd, err)
		}
	}
	return sel, nil
}

// parseHeader splits a 'Name: value' header flag; ok is false when the name is missing or
// holds blanks.
func parseHeader(h string) (name, value string, ok bool) {
	name, value, ok = strings.Cut(h, ":")
	name = strings.TrimSpace(name)
	if !ok || name == "" || strings.ContainsAny(name, " \t") {
		return "", "", false
	}
	return name, strings.TrimSpace(value), true
}

func cmdRun(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	var f runFlags
	f.register(fs)
	if ok, code := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return report(stderr, usagef("run: unexpected arguments %q", fs.Args()))
	}
	cfg, sel, err := f.config()
	if err != nil {
		return report(stderr, err)
	}
	cat, err := harness.Catalog()
	if err != nil {
		return report(stderr, err)
	}
	if _, err := sel.LabelFilter(cat); err != nil {
		return report(stderr, usageError{err})
	}
	run, err := harness.Configure(cfg)
	if err != nil {
		return report(stderr, usageError{err})
	}
	ctx, cancel := context.WithTimeout(context.Background(), min(cfg.RequestTimeout, f.timeout))
	err = run.Probe(ctx)
	cancel()
	if err != nil {
		fmt.Fprintf(stderr, "taxii-conform: target unreachable: %v\n", err)
		return exitUnreachable
	}

	fmt.Fprintf(stdout, "taxii-conform %s: TAXII %s at %s\n", version, cfg.Protocol, cfg.Target)
	var ginkgoOut io.Writer
	if f.verbose {
		ginkgoOut = stderr
	}
	started := time.Now()
	greport, err := harness.RunSpecs(harness.RunOptions{
		Selection:    sel,
		Timeout:      f.timeout,
		GinkgoOutput: ginkgoOut,
		Progress:     reports.Progress(stdout, cat, cfg.Protocol, cfg.Strict),
	})
	if err != nil {
		return report(stderr, err)
	}
	rep := reports.Build(reports.Meta{
		Tool: "taxii-conform", Version: version, Target: cfg.Target.String(),
		Protocol: cfg.Protocol, Family: run.Family(), Started: started, Duration: time.Since(started),
		Strict: cfg.Strict, ReadOnly: cfg.ReadOnly, Selection: selectionText(f),
	}, cat, greport)
	if rep.Specs.Selected == 0 {
		return report(stderr, usagef("run: the selection matches no spec of TAXII %s", cfg.Protocol))
	}
	if err := rep.WriteConsoleSummary(stdout); err != nil {
		return report(stderr, err)
	}
	if f.reportDir != "" {
		if err := rep.WriteDir(f.reportDir); err != nil {
			fmt.Fprintf(stderr, "taxii-conform: writing reports: %v\n", err)
			return exitUnreachable
		}
		fmt.Fprintf(stdout, "reports written to %s\n", f.reportDir)
	}
	return rep.ExitCode()
}

func selectionText(f runFlags) string {
	var parts []string
	if f.focus != "" {
		parts = append(parts, "--focus "+f.focus)
	}
	if f.skip != "" {
		parts = append(parts, "--skip "+f.skip)
	}
	if f.level != "" && !strings.EqualFold(f.level, "MAY") {
		parts = append(parts, "--level "+f.level)
	}
	if f.readOnly {
		parts = append(parts, "--read-only")
	}
	return strings.Join(parts, " ")
}
