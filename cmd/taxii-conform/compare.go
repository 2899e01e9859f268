package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/taxii-conform/taxii-conform/fixtures/profiles"
	"github.com/taxii-conform/taxii-conform/reference/faults"
	"github.com/taxii-conform/taxii-conform/reports"
	"github.com/taxii-conform/taxii-conform/suites/harness"
	"github.com/taxii-conform/taxii-conform/suites/peers"
)

// sideFlags are the flags of one side (a or b) of `compare`.
type sideFlags struct {
	name              string // "a" or "b"
	target, container string
	profile, user, ca string
	label             string
	insecure          bool
	headers           multiFlag
	password, token   string // from the environment, never from flags
	request           *peers.Request
}

func (s *sideFlags) register(fs *flag.FlagSet) {
	n := s.name
	up := strings.ToUpper(n)
	fs.StringVar(&s.target, "target-"+n, "", "side "+up+": URL of a running server (as run --target)")
	fs.StringVar(&s.container, "container-"+n, "", "side "+up+": start a container: 'refserver[,fault=NAME][,config=FILE]' or 'image=NAME,port=N,path=/...[,hostport=N][,ready=/...][,env=K=V][,file=HOST:/PATH][,arg=X]'")
	fs.StringVar(&s.profile, "profile-"+n, "", "side "+up+": YAML profile (a refserver container gets the reference server's by default)")
	fs.StringVar(&s.user, "user-"+n, "", "side "+up+": HTTP Basic user, password from $TAXII_PASSWORD_"+up+" (a bearer token comes from $TAXII_TOKEN_"+up+")")
	fs.StringVar(&s.ca, "ca-"+n, "", "side "+up+": PEM file of CA certificates to trust")
	fs.BoolVar(&s.insecure, "insecure-"+n, false, "side "+up+": do not verify the server's certificate")
	fs.Var(&s.headers, "header-"+n, "side "+up+": extra request header 'Name: value', repeatable")
	fs.StringVar(&s.label, "label-"+n, "", "side "+up+": name shown in the diff (default: the container or the URL)")
}

// compareFlags are the flags of `compare`.
type compareFlags struct {
	protocol, reportDir        string
	a, b                       sideFlags
	focus, skip, level         string
	strict, readOnly           bool
	progress                   bool
	timeout, requestTimeout    time.Duration
	startTimeout, buildTimeout time.Duration
	refserverBin, source       string
}

func cmdCompare(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	f := compareFlags{a: sideFlags{name: "a"}, b: sideFlags{name: "b"}}
	fs.StringVar(&f.protocol, "protocol", "2.1", "protocol to compare: 2.1 or 1.1.1")
	fs.StringVar(&f.reportDir, "report-dir", "out/compare", "each side's reports go to DIR/a and DIR/b, the diff to DIR/diff.json and DIR/diff.md")
	f.a.register(fs)
	f.b.register(fs)
	fs.StringVar(&f.focus, "focus", "", "run only requirements whose ID or section matches this regular expression (both sides)")
	fs.StringVar(&f.skip, "skip", "", "skip requirements whose ID or section matches this regular expression (both sides)")
	fs.StringVar(&f.level, "level", "MAY", "weakest level to run: MUST, SHOULD or MAY")
	fs.BoolVar(&f.strict, "strict", false, "treat SHOULD warnings as failures (both sides)")
	fs.BoolVar(&f.readOnly, "read-only", false, "never write to either server")
	fs.BoolVar(&f.progress, "progress", false, "also print each run's spec lines (they always go to DIR/a/console.txt and DIR/b/console.txt)")
	fs.DurationVar(&f.timeout, "timeout", 30*time.Minute, "bound on each side's run")
	fs.DurationVar(&f.requestTimeout, "request-timeout", harness.DefaultRequestTimeout, "bound on each exchange")
	fs.DurationVar(&f.startTimeout, "start-timeout", peers.DefaultStartTimeout, "bound on starting each container until it answers")
	fs.DurationVar(&f.buildTimeout, "build-timeout", peers.DefaultBuildTimeout, "bound on building the reference server image")
	fs.StringVar(&f.refserverBin, "refserver-bin", "", "static (CGO_ENABLED=0) taxii-refserver binary for refserver containers (default: compile it from the source)")
	fs.StringVar(&f.source, "source", "", "source checkout to compile the reference server from (default: found from the working directory)")
	if ok, code := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return report(stderr, usagef("compare: unexpected arguments %q", fs.Args()))
	}
	if err := f.validate(); err != nil {
		return report(stderr, err)
	}

	// Ctrl-C or SIGTERM cancels the runs and still removes the containers and the image.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // a second Ctrl-C ends the process at once
	}()
	c := comparison{f: &f, stdout: stdout, stderr: stderr}
	return c.run(ctx)
}

// validate checks every flag before anything is started; all problems are usage errors.
func (f *compareFlags) validate() error {
	sel, err := parseSelection("compare", f.protocol, f.level, f.focus, f.skip)
	if err != nil {
		return err
	}
	f.protocol = sel.Protocol
	if f.reportDir == "" {
		return usagef("compare: --report-dir is empty")
	}
	if f.timeout <= 0 || f.requestTimeout <= 0 || f.startTimeout <= 0 || f.buildTimeout <= 0 {
		return usagef("compare: --timeout, --request-timeout, --start-timeout and --build-timeout must be positive")
	}
	cat, err := harness.Catalog()
	if err != nil {
		return err
	}
	if _, err := sel.LabelFilter(cat); err != nil {
		return usagef("compare: %v", err)
	}
	for _, s := range []*sideFlags{&f.a, &f.b} {
		if err := s.validate(); err != nil {
			return err
		}
	}
	if f.refserverBin != "" {
		if !f.a.refserver() && !f.b.refserver() {
			return usagef("compare: --refserver-bin is only used by a refserver container")
		}
		if err := peers.CheckStatic(f.refserverBin); err != nil {
			return usagef("compare: --refserver-bin: %v", err)
		}
	}
	if f.source != "" {
		if _, err := peers.FindModuleRoot(f.source); err != nil {
			return usagef("compare: --source: %v", err)
		}
	}
	return nil
}

// validate checks one side's flags and reads its secrets from the environment.
func (s *sideFlags) validate() error {
	up := strings.ToUpper(s.name)
	switch {
	case s.target == "" && s.container == "":
		return usagef("compare: side %s needs --target-%s URL or --container-%s SPEC", up, s.name, s.name)
	case s.target != "" && s.container != "":
		return usagef("compare: side %s: give --target-%s or --container-%s, not both", up, s.name, s.name)
	}
	if s.target != "" {
		if _, err := harness.ParseTarget(s.target); err != nil {
			return usagef("compare: side %s: %v", up, err)
		}
	} else {
		r, err := peers.ParseRequest(s.container)
		if err != nil {
			return usagef("compare: --container-%s: %v", s.name, err)
		}
		if r.Refserver {
			if _, err := faults.Parse(strings.Join(r.Options.Faults, ",")); err != nil {
				return usagef("compare: --container-%s: %v", s.name, err)
			}
			if c := r.Options.ConfigFile; c != "" {
				if st, err := os.Stat(c); err != nil || !st.Mode().IsRegular() {
					return usagef("compare: --container-%s: config %s is not a readable file", s.name, c)
				}
			}
		} else if err := r.Spec.Validate(); err != nil {
			return usagef("compare: --container-%s: %v", s.name, err)
		}
		s.request = &r
	}
	if s.profile != "" {
		if _, err := harness.LoadProfile(s.profile); err != nil {
			return usagef("compare: --profile-%s: %v", s.name, err)
		}
	}
	s.password = os.Getenv("TAXII_PASSWORD_" + up)
	s.token = os.Getenv("TAXII_TOKEN_" + up)
	if s.password != "" && s.user == "" {
		return usagef("compare: $TAXII_PASSWORD_%s is set but --user-%s is not", up, s.name)
	}
	if s.token != "" && s.user != "" {
		return usagef("compare: side %s: --user-%s and $TAXII_TOKEN_%s exclude each other", up, s.name, up)
	}
	for _, h := range s.headers {
		if _, _, ok := parseHeader(h); !ok {
			return usagef("compare: --header-%s wants 'Name: value', got a malformed header", s.name)
		}
	}
	return nil
}

func (s *sideFlags) refserver() bool { return s.request != nil && s.request.Refserver }

// displayLabel is the side's name in the diff.
func (s *sideFlags) displayLabel() string {
	switch {
	case s.label != "":
		return s.label
	case s.request != nil:
		return s.request.Label()
	}
	return harness.RedactURL(s.target)
}

// comparison is one `compare` invocation under way.
type comparison struct {
	f              *compareFlags
	stdout, stderr io.Writer
	// started are the containers started so far (a nil peer for one that failed), image the
	// reference server image built: stopContainers removes them.
	started []startedPeer
	image   *peers.Image
}

type startedPeer struct {
	side *sideFlags
	peer *peers.Peer
}

func (c *comparison) run(ctx context.Context) int {
	f := c.f
	sides := []*sideFlags{&f.a, &f.b}
	for _, s := range sides {
		if err := os.MkdirAll(filepath.Join(f.reportDir, s.name), 0o755); err != nil {
			return report(c.stderr, fmt.Errorf("compare: report directory: %w", err))
		}
		// A report left by an earlier run must not pass for this one's.
		if err := os.Remove(filepath.Join(f.reportDir, s.name, reports.FileJSON)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return report(c.stderr, fmt.Errorf("compare: %w", err))
		}
	}
	for _, s := range sides {
		if s.refserver() && s.profile == "" {
			s.profile = filepath.Join(f.reportDir, "refserver-profile.yaml")
			if err := os.WriteFile(s.profile, profiles.RefServer, 0o644); err != nil {
				return report(c.stderr, fmt.Errorf("compare: %w", err))
			}
		}
	}

	if f.a.request != nil || f.b.request != nil {
		// Registered first: whatever startContainers got to is removed, however it ends.
		defer c.stopContainers()
		if code := c.startContainers(ctx, sides); code != exitOK {
			return code
		}
	}

	results := make([]*reports.Report, len(sides))
	for i, s := range sides {
		rep, code := c.runSide(ctx, s)
		if rep == nil {
			return code
		}
		results[i] = rep
	}
	diff, err := reports.NewDiff(results[0], results[1], f.a.displayLabel(), f.b.displayLabel())
	if err != nil {
		return report(c.stderr, fmt.Errorf("compare: %w", err))
	}
	if err := diff.WriteFiles(f.reportDir); err != nil {
		return report(c.stderr, fmt.Errorf("compare: writing the diff: %w", err))
	}
	if err := diff.WriteConsoleSummary(c.stdout); err != nil {
		return report(c.stderr, err)
	}
	fmt.Fprintf(c.stdout, "diff written to %s and %s\n", filepath.Join(f.reportDir, reports.FileDiffJSON),
		filepath.Join(f.reportDir, reports.FileDiffMarkdown))
	return exitOK
}

// startContainers builds the reference server image when a side needs it and starts the
// container of every side that asks for one, recording each for stopContainers before
// looking at its error; any failure gives exit status 3.
func (c *comparison) startContainers(ctx context.Context, sides []*sideFlags) int {
	f := c.f
	fail := func(format string, args ...any) int {
		fmt.Fprintf(c.stderr, "taxii-conform: compare: "+format+"\n", args...)
		return exitUnreachable
	}
	if err := peers.CheckDocker(ctx); err != nil {
		return fail("%v (containers need Docker; give --target-a/--target-b URLs of running servers instead)", err)
	}
	if f.a.refserver() || f.b.refserver() {
		logPath := filepath.Join(f.reportDir, "refserver-build.log")
		logf, err := os.Create(logPath)
		if err != nil {
			return fail("%v", err)
		}
		fmt.Fprintln(c.stdout, "building the reference server image (log: "+logPath+")")
		img, err := peers.BuildRefserver(ctx, peers.BuildOptions{Binary: f.refserverBin, SourceDir: f.source,
			Timeout: f.buildTimeout, Log: logf})
		c.image = img // removed by stopContainers whatever happened
		logf.Close()
		if err != nil {
			return fail("%v", err)
		}
	}
	for _, s := range sides {
		if s.request == nil {
			continue
		}
		var spec peers.Spec
		if s.request.Refserver {
			o := s.request.Options
			o.StartTimeout = f.startTimeout
			spec = peers.RefserverSpec(c.image.Name, f.protocol, o)
		} else {
			spec = s.request.Spec
			spec.StartTimeout = f.startTimeout
		}
		p, err := peers.Start(ctx, spec)
		c.started = append(c.started, startedPeer{side: s, peer: p}) // nil when it failed: Terminate copes
		if err != nil {
			return fail("side %s: %v", strings.ToUpper(s.name), err)
		}
		s.target = p.Target
		fmt.Fprintf(c.stdout, "side %s: %s in a container at %s\n", strings.ToUpper(s.name), s.displayLabel(), p.Target)
	}
	return exitOK
}

// stopContainers keeps each container's log beside its side's reports, then removes the
// containers and the image.
func (c *comparison) stopContainers() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for i := len(c.started) - 1; i >= 0; i-- {
		sp := c.started[i]
		if sp.peer == nil {
			continue
		}
		if logs, err := sp.peer.Logs(ctx); err == nil {
			_ = os.WriteFile(filepath.Join(c.f.reportDir, sp.side.name, "container.log"), logs, 0o644)
		}
		if err := sp.peer.Terminate(ctx); err != nil {
			fmt.Fprintf(c.stderr, "taxii-conform: compare: removing the container of side %s: %v\n", strings.ToUpper(sp.side.name), err)
		}
	}
	c.started = nil
	if err := c.image.Remove(ctx); err != nil {
		fmt.Fprintf(c.stderr, "taxii-conform: compare: removing image %s: %v\n", c.image.Name, err)
	}
	c.image = nil
}

// runSide runs the suites against one side in a child `run` process and reads its report
// back. A nil report comes with the exit status compare must end with.
func (c *comparison) runSide(ctx context.Context, s *sideFlags) (*reports.Report, int) {
	f := c.f
	up := strings.ToUpper(s.name)
	dir := filepath.Join(f.reportDir, s.name)
	args := []string{"run", "--protocol", f.protocol, "--target", s.target, "--report-dir", dir,
		"--timeout", f.timeout.String(), "--request-timeout", f.requestTimeout.String(), "--level", f.level}
	for _, kv := range [][2]string{{"--profile", s.profile}, {"--user", s.user}, {"--ca", s.ca},
		{"--focus", f.focus}, {"--skip", f.skip}} {
		if kv[1] != "" {
			args = append(args, kv[0], kv[1])
		}
	}
	for _, h := range s.headers {
		args = append(args, "--header", h)
	}
	for _, b := range []struct {
		flag string
		on   bool
	}{{"--insecure", s.insecure}, {"--strict", f.strict}, {"--read-only", f.readOnly}} {
		if b.on {
			args = append(args, b.flag)
		}
	}
	// Secrets go through the environment, each side's own; nothing of the other side's or
	// of the caller's TAXII_* variables reaches the child.
	env := []string{}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TAXII_PASSWORD") && !strings.HasPrefix(kv, "TAXII_TOKEN") {
			env = append(env, kv)
		}
	}
	if s.password != "" {
		env = append(env, "TAXII_PASSWORD="+s.password)
	}
	if s.token != "" {
		env = append(env, "TAXII_TOKEN="+s.token)
	}

	consolePath := filepath.Join(dir, "console.txt")
	console, err := os.Create(consolePath)
	if err != nil {
		return nil, report(c.stderr, fmt.Errorf("compare: %w", err))
	}
	defer console.Close()
	var tail tailBuffer
	var out io.Writer = io.MultiWriter(console, &tail)
	if f.progress {
		out = io.MultiWriter(out, c.stdout)
	}
	fmt.Fprintf(c.stdout, "side %s: running TAXII %s against %s (console: %s)\n", up, f.protocol,
		harness.RedactURL(s.target), consolePath)
	started := time.Now()
	code, err := runChildEnv(ctx, out, out, env, f.timeout+time.Minute, args)
	if err != nil {
		fmt.Fprintf(c.stderr, "taxii-conform: compare: side %s: %v\n", up, err)
		return nil, exitUnreachable
	}
	fmt.Fprintf(c.stdout, "side %s: exit status %d in %s, reports in %s\n", up, code,
		time.Since(started).Round(100*time.Millisecond), dir)
	if code == exitUsage {
		fmt.Fprintf(c.stderr, "taxii-conform: compare: side %s: the run refused its configuration:\n%s\n", up, tail.String())
		return nil, exitUsage
	}
	rf, err := os.Open(filepath.Join(dir, reports.FileJSON))
	if err != nil {
		fmt.Fprintf(c.stderr, "taxii-conform: compare: side %s could not be reached or run (exit status %d, no report):\n%s\n",
			up, code, tail.String())
		return nil, exitUnreachable
	}
	defer rf.Close()
	rep, err := reports.ReadReport(rf)
	if err != nil {
		fmt.Fprintf(c.stderr, "taxii-conform: compare: side %s: %v\n", up, err)
		return nil, exitUnreachable
	}
	return rep, exitOK
}

// runChildEnv runs this executable with args and env (nil inherits this process's) and
// returns its exit status; err is set only when it could not run or was cancelled.
func runChildEnv(ctx context.Context, stdout, stderr io.Writer, env []string, timeout time.Duration, args []string) (int, error) {
	self, err := os.Executable()
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, self, args...)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = stdout, stderr
	// On cancellation the run gets SIGTERM first, to write what it can.
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 10 * time.Second
	err = cmd.Run()
	if ctx.Err() != nil {
		return 0, fmt.Errorf("the run was cancelled or timed out: %w", ctx.Err())
	}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee) && ee.ExitCode() >= 0:
		return ee.ExitCode(), nil
	case err != nil:
		return 0, err
	}
	return exitOK, nil
}

// tailBuffer keeps the last lines written to it, for error messages.
type tailBuffer struct{ b bytes.Buffer }

const tailBytes = 2048

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b.Write(p)
	if t.b.Len() > 2*tailBytes {
		keep := append([]byte(nil), t.b.Bytes()[t.b.Len()-tailBytes:]...)
		t.b.Reset()
		t.b.Write(keep)
	}
	return len(p), nil
}

// String is the last few lines, indented.
func (t *tailBuffer) String() string {
	s := t.b.String()
	if len(s) > tailBytes {
		s = s[len(s)-tailBytes:]
	}
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > 8 {
		lines = lines[len(lines)-8:]
	}
	return "    " + strings.Join(lines, "\n    ")
}
