package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/taxii-conform/taxii-conform/reference/config"
	"github.com/taxii-conform/taxii-conform/reference/faults"
)

const taxiiCT = "application/taxii+json;version=2.1"

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// build compiles the real binary once per test run.
func build(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "taxii-refserver-test")
		if err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(dir, "taxii-refserver")
		out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binary
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binary != "" {
		_ = os.RemoveAll(filepath.Dir(binary))
	}
	os.Exit(code)
}

// proc is a running server process.
type proc struct {
	cmd    *exec.Cmd
	url    string
	stderr *bytes.Buffer
}

// launch starts the binary on a free loopback port and waits for its address file.
func launch(t *testing.T, args ...string) *proc {
	t.Helper()
	addr := filepath.Join(t.TempDir(), "addr")
	cmd := exec.Command(build(t), append([]string{"--listen", "127.0.0.1:0", "--addr-file", addr}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &syncWriter{w: &stderr}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	deadline := time.Now().Add(20 * time.Second)
	for {
		b, err := os.ReadFile(addr)
		if err == nil {
			return &proc{cmd: cmd, url: strings.TrimSpace(string(b)), stderr: &stderr}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no address file; stderr:\n%s", stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func call(t *testing.T, c *http.Client, method, url, user string, body []byte) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, _ := http.NewRequest(method, url, rd)
	req.Header.Set("Accept", taxiiCT)
	if body != nil {
		req.Header.Set("Content-Type", taxiiCT)
	}
	req.SetBasicAuth(user, user+"-pw")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

const objectsPath = "/api1/collections/" + config.C21Intel + "/objects/"

func newIndicator(id string) []byte {
	return fmt.Appendf(nil, `{"objects":[{"type":"indicator","spec_version":"2.1","id":%q,"created":"2020-01-01T00:00:00.000Z",`+
		`"modified":"2020-01-01T00:00:00.000Z","pattern":"[ipv4-addr:value = '10.0.0.1']","pattern_type":"stix","valid_from":"2020-01-01T00:00:00Z"}]}`, id)
}

// TestBinaryServesAndStops starts the real binary on port 0, talks TAXII 2.1 and 1.1.1 paths
// to it, and stops it with SIGTERM.
func TestBinaryServesAndStops(t *testing.T) {
	p := launch(t)
	if !strings.HasPrefix(p.url, "http://127.0.0.1:") {
		t.Fatalf("address file holds %q", p.url)
	}
	code, body := call(t, http.DefaultClient, http.MethodGet, p.url+"/taxii2/", "reader", nil)
	if code != http.StatusOK || !strings.Contains(string(body), `"/api1/"`) {
		t.Fatalf("discovery: %d %s", code, body)
	}
	code, body = call(t, http.DefaultClient, http.MethodPost, p.url+objectsPath, "writer", newIndicator("indicator--5d2dfb8e-07d7-4e7a-bb8e-2d6f6d9c9a11"))
	if code != http.StatusAccepted {
		t.Fatalf("POST: %d %s", code, body)
	}
	if code, _ := call(t, http.DefaultClient, http.MethodGet, p.url+"/no/such/path/", "reader", nil); code != http.StatusNotFound {
		t.Errorf("unknown path: %d", code)
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Wait(); err != nil {
		t.Errorf("exit after SIGTERM: %v\n%s", err, p.stderr)
	}
	log := p.stderr.String()
	for _, want := range []string{"method=GET path=/taxii2/ status=200", "method=POST path=" + objectsPath + " status=202", "shutting down"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, "Basic ") || strings.Contains(log, "d3JpdGVyOndyaXRlcg") {
		t.Errorf("log shows credentials:\n%s", log)
	}
}

// TestKillAfterAcknowledgedWrite kills the server with SIGKILL right after a 202 and checks,
// with a second process on the same data directory, that the write survived.
func TestKillAfterAcknowledgedWrite(t *testing.T) {
	dir := t.TempDir()
	p := launch(t, "--data", dir)
	ids := []string{"indicator--0b1c1f54-29a4-4f4e-8d0e-6f3f1e7c2a01", "indicator--0b1c1f54-29a4-4f4e-8d0e-6f3f1e7c2a02"}
	var status map[string]any
	for _, id := range ids {
		code, body := call(t, http.DefaultClient, http.MethodPost, p.url+objectsPath, "writer", newIndicator(id))
		if code != http.StatusAccepted {
			t.Fatalf("POST: %d %s", code, body)
		}
		_ = json.Unmarshal(body, &status)
	}
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = p.cmd.Wait()

	q := launch(t, "--data", dir)
	for _, id := range ids {
		if code, body := call(t, http.DefaultClient, http.MethodGet, q.url+objectsPath+id+"/", "reader", nil); code != http.StatusOK || !strings.Contains(string(body), id) {
			t.Errorf("after SIGKILL, %s: %d %s", id, code, body)
		}
	}
	if code, _ := call(t, http.DefaultClient, http.MethodGet, q.url+"/api1/status/"+status["id"].(string)+"/", "writer", nil); code != http.StatusOK {
		t.Errorf("status after SIGKILL: %d", code)
	}
}

// TestSelfSigned serves HTTPS with a generated certificate that a client trusts from the file
// the server wrote; TLS 1.2 with a blacklisted suite is refused, TLS 1.3 works.
func TestSelfSigned(t *testing.T) {
	certFile := filepath.Join(t.TempDir(), "cert.pem")
	p := launch(t, "--self-signed", "--self-signed-out", certFile)
	if !strings.HasPrefix(p.url, "https://127.0.0.1:") {
		t.Fatalf("address file holds %q", p.url)
	}
	pemBytes, err := os.ReadFile(certFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemBytes) {
		t.Fatal("no certificate in the PEM file")
	}
	client := func(c *tls.Config) *http.Client {
		c.RootCAs = pool
		return &http.Client{Transport: &http.Transport{TLSClientConfig: c}, Timeout: 10 * time.Second}
	}
	for _, v := range []uint16{tls.VersionTLS12, tls.VersionTLS13} {
		c := client(&tls.Config{MinVersion: v, MaxVersion: v})
		if code, _ := call(t, c, http.MethodGet, p.url+"/taxii2/", "reader", nil); code != http.StatusOK {
			t.Errorf("TLS %x: %d", v, code)
		}
	}
	localhost := strings.Replace(p.url, "127.0.0.1", "localhost", 1)
	if code, _ := call(t, client(&tls.Config{}), http.MethodGet, localhost+"/taxii2/", "reader", nil); code != http.StatusOK {
		t.Errorf("https://localhost: %d", code)
	}
	weak := client(&tls.Config{MaxVersion: tls.VersionTLS12, CipherSuites: []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA}})
	req, _ := http.NewRequest(http.MethodGet, p.url+"/taxii2/", nil)
	if resp, err := weak.Do(req); err == nil {
		resp.Body.Close()
		t.Error("a TLS 1.2 handshake with a CBC suite succeeded")
	}
	if _, err := http.Get(p.url + "/taxii2/"); err == nil {
		t.Error("an untrusting client accepted the self-signed certificate")
	}
}

// runIn runs the command in this process.
func runIn(ctx context.Context, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(ctx, args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestFlags(t *testing.T) {
	code, out, _ := runIn(context.Background(), "--list-faults")
	if code != 0 {
		t.Fatalf("--list-faults: %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != len(faults.All()) {
		t.Errorf("--list-faults printed %d lines for %d faults", len(lines), len(faults.All()))
	}
	for _, l := range lines {
		if f := strings.Split(l, "\t"); len(f) != 4 || f[0] == "" || (f[1] != "2.1" && f[1] != "1.1.1") || f[2] == "" || f[3] == "" {
			t.Errorf("--list-faults line %q", l)
		}
	}
	if f, _ := faults.Lookup(faults.T21NextRepeatsPage); !strings.Contains(out, f.Name+"\t2.1\t"+strings.Join(f.Requirements, ",")+"\t") {
		t.Errorf("--list-faults lacks %s", faults.T21NextRepeatsPage)
	}

	code, out, _ = runIn(context.Background(), "--print-config")
	if code != 0 {
		t.Fatalf("--print-config: %d", code)
	}
	c, err := config.Parse([]byte(out))
	if err != nil || len(c.TAXII21.APIRoots) != 2 || c.TAXII21.MaxPageSize != config.DefaultMaxPageSize {
		t.Errorf("--print-config does not read back: %v\n%s", err, out)
	}
	cfgFile := filepath.Join(t.TempDir(), "c.yaml")
	_ = os.WriteFile(cfgFile, []byte("taxii21:\n  title: Mine\n  max_page_size: 5\n"), 0o600)
	if code, out, _ = runIn(context.Background(), "--config", cfgFile, "--print-config"); code != 0 ||
		!strings.Contains(out, "title: Mine") || !strings.Contains(out, "max_page_size: 5") || !strings.Contains(out, "trustgroup1") {
		t.Errorf("--config with --print-config: %d\n%s", code, out)
	}

	bad := filepath.Join(t.TempDir(), "bad.yaml")
	_ = os.WriteFile(bad, []byte("taxii21:\n  max_page_size: -1\n"), 0o600)
	for _, args := range [][]string{
		{"--no-such-flag"}, {"extra"}, {"--fault", "no-such-fault"}, {"--tls-cert", "x"}, {"--tls-key", "x"},
		{"--self-signed-out", "x"}, {"--self-signed", "--tls-cert", "a", "--tls-key", "b"},
		{"--config", "/nonexistent.yaml"}, {"--config", bad},
	} {
		if code, _, errs := runIn(context.Background(), args...); code != 2 || errs == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
	}
	if code, _, _ := runIn(context.Background(), "--listen", "256.0.0.1:0"); code != 1 {
		t.Errorf("bad listen address: exit %d", code)
	}
	if code, _, _ := runIn(context.Background(), "--listen", "127.0.0.1:0", "--tls-cert", "/nonexistent", "--tls-key", "/nonexistent"); code != 1 {
		t.Errorf("missing TLS files: exit %d", code)
	}
}

// TestRunInProcess serves with faults until the context ends.
func TestRunInProcess(t *testing.T) {
	addr := filepath.Join(t.TempDir(), "addr")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() {
		code, _, _ := runIn(ctx, "--listen", "127.0.0.1:0", "--addr-file", addr, "--fault", faults.T21ContentTypeNoVersion,
			"--fault", faults.T21NoDateAddedLast+","+faults.T21LimitIgnored)
		done <- code
	}()
	var url string
	for i := 0; url == "" && i < 500; i++ {
		b, err := os.ReadFile(addr)
		if err == nil {
			url = strings.TrimSpace(string(b))
		} else if !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	req, _ := http.NewRequest(http.MethodGet, url+"/taxii2/", nil)
	req.Header.Set("Accept", taxiiCT)
	req.SetBasicAuth("reader", "reader-pw")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get("Content-Type") != "application/taxii+json" {
		t.Errorf("fault not switched on: Content-Type %q", resp.Header.Get("Content-Type"))
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d", code)
	}
}
