package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/taxii-conform/taxii-conform/fixtures/profiles"
	"github.com/taxii-conform/taxii-conform/suites/peers"
	"github.com/taxii-conform/taxii-conform/suites/requirements"
)

// refserver is a reference server running as a child process on a free loopback port, over
// HTTPS with a self-signed certificate (TAXII 2.1 §8.2.2 asks for HTTPS, and the TLS specs only
// run against an https target).
type refserver struct {
	cmd  *exec.Cmd
	base string // e.g. https://127.0.0.1:41234
	ca   string // PEM file of the server's certificate
	done chan error
}

// startRefserver starts bin on 127.0.0.1:0 with the named faults and waits until it has
// written its address. Its log and certificate go beside logPath.
func startRefserver(bin string, faults []string, logPath string) (*refserver, error) {
	dir, err := os.MkdirTemp("", "taxii-conform-refserver-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	addrFile := filepath.Join(dir, "addr")
	ca := filepath.Join(filepath.Dir(logPath), "refserver-ca.pem")
	args := []string{"--listen", "127.0.0.1:0", "--addr-file", addrFile, "--self-signed", "--self-signed-out", ca}
	if len(faults) > 0 {
		args = append(args, "--fault", strings.Join(faults, ","))
	}
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("starting %s: %w", bin, err)
	}
	s := &refserver{cmd: cmd, ca: ca, done: make(chan error, 1)}
	go func() { s.done <- cmd.Wait(); logf.Close() }()
	deadline := time.After(30 * time.Second)
	for {
		if raw, err := os.ReadFile(addrFile); err == nil && len(raw) > 0 {
			s.base = strings.TrimRight(strings.TrimSpace(string(raw)), "/")
			return s, nil
		}
		select {
		case err := <-s.done:
			return nil, fmt.Errorf("%s exited before listening (%v); see %s", bin, err, logPath)
		case <-deadline:
			s.stop()
			return nil, fmt.Errorf("%s did not report its address within 30s; see %s", bin, logPath)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// stop asks the server to end, and kills it if it does not within five seconds.
func (s *refserver) stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(5 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
}

// runChild runs `taxii-conform run` with args in a child process (Ginkgo runs one suite per
// process) and returns its exit status.
func runChild(stdout, stderr io.Writer, timeout time.Duration, args ...string) int {
	code, err := runChildEnv(context.Background(), stdout, stderr, nil, timeout+time.Minute,
		append([]string{"run", "--timeout", timeout.String()}, args...))
	if err != nil {
		fmt.Fprintf(stderr, "taxii-conform: running the suite: %v\n", err)
		return exitUnreachable
	}
	return code
}

// target is the URL of a protocol on the reference server.
func (s *refserver) target(protocol string) string {
	return s.base + peers.RefserverPath(protocol)
}

func cmdSelftest(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("selftest", flag.ContinueOnError)
	bin := fs.String("refserver", "taxii-refserver", "path of the taxii-refserver binary")
	reportDir := fs.String("report-dir", "out/conform", "reports go to DIR/2.1/ and DIR/1.1.1/")
	protocols := fs.String("protocol", "2.1,1.1.1", "protocols to run, comma-separated")
	faults := fs.String("fault", "", "start the reference server with these faults (comma-separated)")
	timeout := fs.Duration("timeout", 20*time.Minute, "bound on each protocol's run")
	if ok, code := parseFlags(fs, args, stderr); !ok {
		return code
	}
	var list []string
	for _, p := range strings.Split(*protocols, ",") {
		switch p = strings.TrimSpace(p); p {
		case requirements.TAXII21, requirements.TAXII111:
			list = append(list, p)
		default:
			return report(stderr, usagef("selftest: unknown protocol %q", p))
		}
	}
	var faultList []string
	if *faults != "" {
		faultList = strings.Split(*faults, ",")
	}
	if err := os.MkdirAll(*reportDir, 0o755); err != nil {
		return report(stderr, err)
	}
	profile := filepath.Join(*reportDir, "refserver-profile.yaml")
	if err := os.WriteFile(profile, profiles.RefServer, 0o644); err != nil {
		return report(stderr, err)
	}
	srv, err := startRefserver(*bin, faultList, filepath.Join(*reportDir, "refserver.log"))
	if err != nil {
		return report(stderr, err)
	}
	defer srv.stop()
	fmt.Fprintf(stdout, "reference server listening at %s (log: %s)\n", srv.base, filepath.Join(*reportDir, "refserver.log"))

	worst := exitOK
	for _, p := range list {
		dir := filepath.Join(*reportDir, p)
		code := runChild(stdout, stderr, *timeout, "--protocol", p, "--target", srv.target(p),
			"--ca", srv.ca, "--profile", profile, "--report-dir", dir)
		fmt.Fprintf(stdout, "TAXII %s: exit status %d, reports in %s\n", p, code, dir)
		worst = max(worst, code)
	}
	return worst
}
