package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/taxii-conform/taxii-conform/fixtures/profiles"
	"github.com/taxii-conform/taxii-conform/reference/faults"
	"github.com/taxii-conform/taxii-conform/reports"
	"github.com/taxii-conform/taxii-conform/suites/harness"
	"github.com/taxii-conform/taxii-conform/suites/requirements"
)

// cmdMutation is the kill matrix: it starts the reference server with each fault in turn,
// runs the suites against it, and records which requirements failed. A fault is killed when
// one of its own requirements fails; one that also fails others is over-broad. The baseline
// (no fault) must be clean, or nothing can be attributed.
func cmdMutation(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mutation", flag.ContinueOnError)
	bin := fs.String("refserver", "taxii-refserver", "path of the taxii-refserver binary")
	protocols := fs.String("protocol", "2.1,1.1.1", "protocols whose faults to run, comma-separated")
	only := fs.String("faults", "", "run only faults whose name matches this regular expression")
	out := fs.String("out", "reports/mutation", "directory for matrix.json and matrix.md")
	work := fs.String("work", "", "directory for each run's reports (default: a temporary one)")
	jobs := fs.Int("jobs", 2, "fault runs at once")
	quick := fs.Bool("quick", false, "run only each fault's own requirements: proves kills, cannot see over-breadth")
	timeout := fs.Duration("timeout", 10*time.Minute, "bound on each run")
	if ok, code := parseFlags(fs, args, stderr); !ok {
		return code
	}
	var filter *regexp.Regexp
	if *only != "" {
		var err error
		if filter, err = regexp.Compile(*only); err != nil {
			return report(stderr, usagef("mutation: --faults: %v", err))
		}
	}
	want := map[string]bool{}
	for _, p := range strings.Split(*protocols, ",") {
		switch p = strings.TrimSpace(p); p {
		case requirements.TAXII21, requirements.TAXII111:
			want[p] = true
		default:
			return report(stderr, usagef("mutation: unknown protocol %q", p))
		}
	}
	var list []faults.Fault
	for _, f := range faults.All() {
		if want[f.Protocol] && (filter == nil || filter.MatchString(f.Name)) {
			list = append(list, f)
		}
	}
	if len(list) == 0 {
		return report(stderr, usagef("mutation: no fault matches"))
	}
	if *jobs < 1 {
		*jobs = 1
	}
	cat, err := harness.Catalog()
	if err != nil {
		return report(stderr, err)
	}
	dir := *work
	if dir == "" {
		if dir, err = os.MkdirTemp("", "taxii-conform-mutation-"); err != nil {
			return report(stderr, err)
		}
		defer os.RemoveAll(dir)
	}
	profile := filepath.Join(dir, "refserver-profile.yaml")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return report(stderr, err)
	}
	if err := os.WriteFile(profile, profiles.RefServer, 0o644); err != nil {
		return report(stderr, err)
	}
	m := mutationRun{bin: *bin, dir: dir, profile: profile, timeout: *timeout}
	started := time.Now()

	// Baseline: the server without faults must pass every spec the fault runs will use.
	if !*quick {
		for p := range want {
			rep, err := m.run(p, nil, "")
			if err != nil {
				return report(stderr, err)
			}
			if bad := failing(rep); len(bad) > 0 || rep.ExitCode() != exitOK {
				fmt.Fprintf(stderr, "taxii-conform: the reference server without faults is not clean for TAXII %s (exit %d): %s\n",
					p, rep.ExitCode(), strings.Join(bad, ", "))
				return exitUnreachable
			}
		}
	}

	matrix := reports.NewMatrix(cat)
	var mu sync.Mutex
	sem := make(chan struct{}, *jobs)
	var wg sync.WaitGroup
	done := 0
	var failures []string
	for _, f := range list {
		wg.Add(1)
		sem <- struct{}{}
		go func(f faults.Fault) {
			defer wg.Done()
			defer func() { <-sem }()
			focus := ""
			if *quick {
				focus = "^(" + strings.Join(quoteAll(f.Requirements), "|") + ")$"
			}
			rep, err := m.run(f.Protocol, []string{f.Name}, focus)
			mu.Lock()
			defer mu.Unlock()
			done++
			if err != nil {
				failures = append(failures, fmt.Sprintf("%s: %v", f.Name, err))
				fmt.Fprintf(stdout, "[%d/%d] %s: error: %v\n", done, len(list), f.Name, err)
				return
			}
			row := matrix.Add(reports.MatrixFault{Name: f.Name, Protocol: f.Protocol, Requirements: f.Requirements,
				Description: f.Description, OverBroadReason: f.OverBroad}, rep)
			line := fmt.Sprintf("[%d/%d] %s: %s", done, len(list), f.Name, row.Status)
			if len(row.Beyond) > 0 && !*quick {
				line += " (also " + strings.Join(row.Beyond, ", ") + ")"
			}
			fmt.Fprintln(stdout, line)
		}(f)
	}
	wg.Wait()

	if err := matrix.WriteFiles(*out); err != nil {
		return report(stderr, err)
	}
	fmt.Fprintf(stdout, "matrix written to %s in %s\n", *out, time.Since(started).Round(time.Second))
	code := exitOK
	for _, r := range matrix.Rows {
		switch {
		case !r.Killed:
			fmt.Fprintf(stdout, "surviving fault: %s (%s)\n", r.Name, strings.Join(r.Requirements, ", "))
			code = exitFailed
		case r.OverBroad && r.OverBroadReason == "" && !*quick:
			fmt.Fprintf(stdout, "over-broad fault without a reason: %s also breaks %s\n", r.Name, strings.Join(r.Beyond, ", "))
			code = exitFailed
		}
	}
	if len(failures) > 0 {
		code = exitUnreachable
	}
	fmt.Fprintln(stdout, matrix.Line())
	return code
}

// mutationRun holds what every fault run shares.
type mutationRun struct {
	bin, dir, profile string
	timeout           time.Duration
}

// run starts a reference server with the faults, runs one protocol's suite against it and
// reads the report back.
func (m mutationRun) run(protocol string, faultNames []string, focus string) (*reports.Report, error) {
	name := "baseline-" + protocol
	if len(faultNames) > 0 {
		name = strings.Join(faultNames, "+")
	}
	dir := filepath.Join(m.dir, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	srv, err := startRefserver(m.bin, faultNames, filepath.Join(dir, "refserver.log"))
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	args := []string{"--protocol", protocol, "--target", srv.target(protocol), "--ca", srv.ca, "--profile", m.profile, "--report-dir", dir}
	if focus != "" {
		args = append(args, "--focus", focus)
	}
	var console bytes.Buffer
	code := runChild(&console, &console, m.timeout, args...)
	if err := os.WriteFile(filepath.Join(dir, "console.txt"), console.Bytes(), 0o644); err != nil {
		return nil, err
	}
	f, err := os.Open(filepath.Join(dir, "report.json"))
	if err != nil {
		return nil, fmt.Errorf("no report (exit %d); see %s", code, filepath.Join(dir, "console.txt"))
	}
	defer f.Close()
	return reports.ReadReport(f)
}

// failing lists the requirements that did not pass cleanly in a report.
func failing(rep *reports.Report) []string {
	var out []string
	for _, r := range rep.Requirements {
		switch r.Verdict {
		case reports.Fail, reports.Warn, reports.Error:
			out = append(out, fmt.Sprintf("%s (%s)", r.ID, r.Verdict))
		}
	}
	return out
}

func quoteAll(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = regexp.QuoteMeta(id)
	}
	return out
}
