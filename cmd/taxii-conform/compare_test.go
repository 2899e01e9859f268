package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/taxii-conform/taxii-conform/fixtures/profiles"
	"github.com/taxii-conform/taxii-conform/reference/faults"
	"github.com/taxii-conform/taxii-conform/reference/server"
	"github.com/taxii-conform/taxii-conform/reports"
	"github.com/taxii-conform/taxii-conform/suites/peers"
)

// asCLI makes a re-executed test binary behave as taxii-conform: compare runs each side in a
// child process of os.Executable(), which under `go test` is this binary.
const asCLI = "TAXII_CONFORM_TEST_AS_CLI"

func TestMain(m *testing.M) {
	if os.Getenv(asCLI) == "1" {
		os.Exit(dispatch(os.Args[1:], os.Stdout, os.Stderr))
	}
	if err := os.Setenv(asCLI, "1"); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

// The fault that side B runs with, and the requirements the tests focus on: two the fault
// breaks, and discovery requirements it leaves alone.
const (
	testFault = faults.T21ContentTypeWrongVersion
	testFocus = `^T21-3\.1-09$|^T21-4\.1-0[123]$`
)

// compareRun runs `compare` in-process and returns its exit status and output.
func compareRun(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := dispatch(append([]string{"compare"}, args...), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// readDiff reads DIR/diff.json back into rows by requirement ID.
func readDiff(t *testing.T, dir string) (*reports.Diff, map[string]reports.DiffRow) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, reports.FileDiffJSON))
	if err != nil {
		t.Fatal(err)
	}
	var d reports.Diff
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	rows := map[string]reports.DiffRow{}
	for _, r := range d.Requirements {
		rows[r.ID] = r
	}
	return &d, rows
}

// checkFaultDiff checks the diff of a clean reference server (A) against one with testFault (B).
func checkFaultDiff(t *testing.T, dir string) {
	t.Helper()
	d, rows := readDiff(t, dir)
	if r := rows["T21-3.1-09"]; r.Group != reports.GroupDiffer || r.A.Verdict != reports.Pass || r.B.Verdict != reports.Fail ||
		r.Better != "a" || !strings.Contains(r.B.Reason, "version=2.0") {
		t.Errorf("T21-3.1-09: %+v", r)
	}
	if r := rows["T21-4.1-01"]; r.Group != reports.GroupBothPass {
		t.Errorf("T21-4.1-01: %+v", r)
	}
	if d.Counts[reports.GroupDiffer] < 1 || d.Counts[reports.GroupBothPass] < 1 || d.A.ExitStatus != 0 || d.B.ExitStatus != 1 {
		t.Errorf("counts %v, exit statuses %d %d", d.Counts, d.A.ExitStatus, d.B.ExitStatus)
	}
	for _, side := range []string{"a", "b"} {
		for _, name := range []string{reports.FileJSON, reports.FileMarkdown, "console.txt"} {
			if _, err := os.Stat(filepath.Join(dir, side, name)); err != nil {
				t.Errorf("side %s: %v", side, err)
			}
		}
	}
	md, err := os.ReadFile(filepath.Join(dir, reports.FileDiffMarkdown))
	if err != nil || !strings.Contains(string(md), "| T21-3.1-09 ") {
		t.Errorf("diff.md: %v", err)
	}
}

// refserverAt serves a reference server with the given faults on a loopback port.
func refserverAt(t *testing.T, faultNames ...string) string {
	t.Helper()
	set, err := faults.Parse(strings.Join(faultNames, ","))
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(server.Options{Faults: set})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(func() {
		hs.Close()
		_ = srv.Close()
	})
	return hs.URL + "/taxii2/"
}

func writeProfile(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "refserver.yaml")
	if err := os.WriteFile(p, profiles.RefServer, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCompareTargets(t *testing.T) {
	a, b := refserverAt(t), refserverAt(t, testFault)
	profile := writeProfile(t)
	dir := filepath.Join(t.TempDir(), "cmp")
	// A stale report from an earlier comparison must not be taken for this one's.
	if err := os.MkdirAll(filepath.Join(dir, "b"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "b", reports.FileJSON), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := compareRun(t, "--protocol", "2.1", "--report-dir", dir, "--focus", testFocus,
		"--target-a", a, "--profile-a", profile, "--target-b", b, "--profile-b", profile, "--label-b", "faulty")
	if code != exitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	checkFaultDiff(t, dir)
	for _, want := range []string{"side A: exit status 0", "side B: exit status 1", "Differences (", "< T21-3.1-09",
		"B faulty at " + b, "diff written to"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
}

// authRecorder records the Authorization header of every request and, when it carries the
// side's own secret, swaps it for the reference server's writer account.
type authRecorder struct {
	next   http.Handler
	secret string
	mu     sync.Mutex
	seen   []string
}

func (a *authRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := r.Header.Get("Authorization")
	a.mu.Lock()
	a.seen = append(a.seen, h)
	a.mu.Unlock()
	if strings.Contains(h, a.secret) || decodesTo(h, a.secret) {
		r.SetBasicAuth("writer", "writer-pw")
	}
	a.next.ServeHTTP(w, r)
}

func (a *authRecorder) all() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []string
	for _, h := range a.seen {
		if u, p, ok := (&http.Request{Header: http.Header{"Authorization": {h}}}).BasicAuth(); ok {
			h = "basic " + u + ":" + p
		}
		out = append(out, h)
	}
	return strings.Join(out, "\n")
}

func decodesTo(h, secret string) bool {
	_, p, ok := (&http.Request{Header: http.Header{"Authorization": {h}}}).BasicAuth()
	return ok && p == secret
}

// TestCompareSecrets checks that each side's credentials come from its own environment
// variables, reach its own server only, and appear in no file compare writes.
func TestCompareSecrets(t *testing.T) {
	t.Setenv("TAXII_PASSWORD", "leak-from-caller")
	t.Setenv("TAXII_PASSWORD_A", "pw-for-a")
	t.Setenv("TAXII_TOKEN_B", "tok-for-b")
	srvA, err := server.New(server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srvB, err := server.New(server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	recA, recB := &authRecorder{next: srvA, secret: "pw-for-a"}, &authRecorder{next: srvB, secret: "tok-for-b"}
	hsA, hsB := httptest.NewServer(recA), httptest.NewServer(recB)
	t.Cleanup(func() {
		hsA.Close()
		hsB.Close()
		_ = srvA.Close()
		_ = srvB.Close()
	})
	profile := writeProfile(t)
	dir := t.TempDir()
	code, stdout, stderr := compareRun(t, "--report-dir", dir, "--focus", testFocus,
		"--target-a", hsA.URL+"/taxii2/", "--profile-a", profile, "--user-a", "writer",
		"--target-b", hsB.URL+"/taxii2/", "--profile-b", profile)
	if code != exitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	a, b := recA.all(), recB.all()
	if !strings.Contains(a, "basic writer:pw-for-a") || strings.Contains(a, "tok-for-b") || strings.Contains(a, "leak-from-caller") {
		t.Errorf("side A's server saw:\n%s", a)
	}
	if !strings.Contains(b, "Bearer tok-for-b") || strings.Contains(b, "pw-for-a") || strings.Contains(b, "leak-from-caller") {
		t.Errorf("side B's server saw:\n%s", b)
	}
	err = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, secret := range []string{"pw-for-a", "tok-for-b"} {
			if bytes.Contains(raw, []byte(secret)) {
				t.Errorf("%s holds %s", path, secret)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(stdout+stderr, "pw-for-a") || strings.Contains(stdout+stderr, "tok-for-b") {
		t.Error("a secret reached the console")
	}
}

func TestCompareUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String() + "/taxii2/"
	ln.Close()
	dir := t.TempDir()
	code, _, stderr := compareRun(t, "--report-dir", dir, "--focus", testFocus, "--request-timeout", "5s",
		"--target-a", refserverAt(t), "--profile-a", writeProfile(t), "--target-b", dead)
	if code != exitUnreachable || !strings.Contains(stderr, "side B could not be reached") || !strings.Contains(stderr, "unreachable") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, reports.FileDiffJSON)); err == nil {
		t.Error("a diff was written without a second report")
	}
}

func TestCompareUsage(t *testing.T) {
	profile := writeProfile(t)
	notYAML := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(notYAML, []byte("identities: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TAXII_PASSWORD_B", "secret")
	ok := []string{"--target-a", "http://127.0.0.1:1/taxii2/"}
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "side A needs --target-a URL or --container-a SPEC"},
		{ok, "side B needs"},
		{append(ok, "--target-b", "http://x/", "--container-b", "refserver"), "not both"},
		{append(ok, "--target-b", "ftp://x/"), "scheme must be http or https"},
		{append(ok, "--container-b", "refserver,fault=no-such-fault"), "unknown fault"},
		{append(ok, "--container-b", "refserver,config=/no/such/file"), "not a readable file"},
		{append(ok, "--container-b", "image=x,port=80"), "path= is required"},
		{append(ok, "--container-b", "image=x,port=80,path=/,file=/no/such:/a"), "file to copy in"},
		{append(ok, "--target-b", "http://x/", "--profile-b", notYAML), "--profile-b"},
		{append(ok, "--target-b", "http://x/"), "$TAXII_PASSWORD_B is set but --user-b is not"},
		{append(ok, "--target-b", "http://x/", "--user-b", "u", "--header-b", "no colon"), "malformed header"},
		{append(ok, "--target-b", "http://x/", "--user-b", "u", "--protocol", "2.0"), "--protocol must be"},
		{append(ok, "--target-b", "http://x/", "--user-b", "u", "--focus", "("), "--focus"},
		{append(ok, "--target-b", "http://x/", "--user-b", "u", "--focus", "^T99-"), "matches no requirement"},
		{append(ok, "--target-b", "http://x/", "--user-b", "u", "--level", "OFTEN"), "--level"},
		{append(ok, "--target-b", "http://x/", "--user-b", "u", "--timeout", "0s"), "must be positive"},
		{append(ok, "--target-b", "http://x/", "--user-b", "u", "--refserver-bin", "/bin/sh"), "only used by a refserver"},
		{append(ok, "--container-b", "refserver", "--user-b", "u", "--refserver-bin", "/bin/sh"), "dynamically linked"},
		{append(ok, "--target-b", "http://x/", "--user-b", "u", "extra"), "unexpected arguments"},
		{append(ok, "--target-b", "http://x/", "--user-b", "u", "--profile-a", profile, "--no-such-flag"), ""},
	} {
		code, _, stderr := compareRun(t, c.args...)
		if code != exitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("compare %q: exit %d, want 2 and %q in:\n%s", c.args, code, c.want, stderr)
		}
	}
	if code, _, _ := compareRun(t, "-h"); code != exitOK {
		t.Errorf("-h: exit %d", code)
	}
}

// TestCompareContainers builds the reference server image FROM scratch, starts it twice
// (once with a fault) and compares the two end to end.
func TestCompareContainers(t *testing.T) {
	if err := peers.CheckDocker(context.Background()); err != nil {
		t.Skipf("skipping: %v", err)
	}
	dir := t.TempDir()
	started := time.Now()
	code, stdout, stderr := compareRun(t, "--report-dir", dir, "--focus", testFocus,
		"--container-a", "refserver", "--container-b", "refserver,fault="+testFault, "--start-timeout", "1m")
	if code != exitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	t.Logf("compare with two containers took %s", time.Since(started).Round(time.Millisecond))
	checkFaultDiff(t, dir)
	for _, side := range []string{"a", "b"} {
		logs, err := os.ReadFile(filepath.Join(dir, side, "container.log"))
		if err != nil || !strings.Contains(string(logs), "listening") {
			t.Errorf("side %s container log: %v\n%s", side, err, logs)
		}
	}
	if logs, _ := os.ReadFile(filepath.Join(dir, "b", "container.log")); !strings.Contains(string(logs), testFault) {
		t.Error("side B's server did not run with the fault")
	}
	// The containers are gone: their published ports no longer answer.
	urls := regexp.MustCompile(`in a container at (http://127\.0\.0\.1:\d+/taxii2/)`).FindAllStringSubmatch(stdout, -1)
	if len(urls) != 2 {
		t.Fatalf("container URLs in stdout: %v\n%s", urls, stdout)
	}
	client := &http.Client{Timeout: 2 * time.Second}
	for _, u := range urls {
		if resp, err := client.Get(u[1]); err == nil {
			resp.Body.Close()
			t.Errorf("%s still answers after compare returned", u[1])
		}
	}
}

func TestCompareContainerFailure(t *testing.T) {
	if err := peers.CheckDocker(context.Background()); err != nil {
		t.Skipf("skipping: %v", err)
	}
	code, _, stderr := compareRun(t, "--report-dir", t.TempDir(), "--target-a", "http://127.0.0.1:1/taxii2/",
		"--container-b", "image=taxii-conform-test/absent:never,port=80,path=/taxii2/")
	if code != exitUnreachable || !strings.Contains(stderr, "side B") || !strings.Contains(stderr, "is not on the Docker host") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}
