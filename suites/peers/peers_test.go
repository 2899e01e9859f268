package peers

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// dockerOrSkip skips the test with the reason when no Docker daemon answers.
func dockerOrSkip(t *testing.T) {
	t.Helper()
	if err := CheckDocker(context.Background()); err != nil {
		t.Skipf("skipping: %v", err)
	}
}

func TestCheckDockerUnusableHost(t *testing.T) {
	// A DOCKER_HOST nobody listens on: a clear error, never a panic, and no quiet fallback
	// to another daemon.
	t.Setenv("DOCKER_HOST", "tcp://127.0.0.1:1")
	err := CheckDocker(context.Background())
	if err == nil || !errors.Is(err, ErrNoDocker) || !strings.Contains(err.Error(), "DOCKER_HOST") {
		t.Fatalf("CheckDocker with an unusable DOCKER_HOST: %v", err)
	}
	if _, err := Start(context.Background(), Spec{Image: "x", Port: 1, Path: "/"}); !errors.Is(err, ErrNoDocker) {
		t.Errorf("Start: %v", err)
	}
	if _, err := BuildRefserver(context.Background(), BuildOptions{}); !errors.Is(err, ErrNoDocker) {
		t.Errorf("BuildRefserver: %v", err)
	}
}

// TestRefserverContainer builds the reference server image FROM scratch, starts it, and
// checks that it serves TAXII 2.1 discovery on a port published on 127.0.0.1 only.
func TestRefserverContainer(t *testing.T) {
	dockerOrSkip(t)
	ctx := context.Background()
	img, err := BuildRefserver(ctx, BuildOptions{})
	t.Cleanup(func() {
		if err := img.Remove(context.Background()); err != nil {
			t.Errorf("removing the image: %v", err)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(img.Name, RefserverRepo+":") {
		t.Errorf("image name %q", img.Name)
	}

	// A fixed host port (a free one, found by listening on it).
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hostPort := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	spec := RefserverSpec(img.Name, "2.1", RefserverOptions{StartTimeout: time.Minute})
	spec.HostPort = hostPort
	p, err := Start(ctx, spec)
	t.Cleanup(func() { _ = p.Terminate(context.Background()) })
	if err != nil {
		t.Fatal(err)
	}
	if p.BaseURL != fmt.Sprintf("http://127.0.0.1:%d", hostPort) || p.Target != p.BaseURL+"/taxii2/" {
		t.Errorf("addresses %q %q, want host port %d", p.BaseURL, p.Target, hostPort)
	}
	inspect, err := p.c.Inspect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for port, bindings := range inspect.NetworkSettings.Ports {
		for _, b := range bindings {
			if b.HostIP != "127.0.0.1" {
				t.Errorf("port %s published on %q", port, b.HostIP)
			}
		}
	}
	if inspect.Config.User != "65534:65534" {
		t.Errorf("runs as %q", inspect.Config.User)
	}

	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, p.Target, nil)
	req.Header.Set("Accept", "application/taxii+json;version=2.1")
	req.SetBasicAuth("reader", "reader-pw")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/taxii+json") {
		t.Errorf("discovery: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	logs, err := p.Logs(ctx)
	if err != nil || !strings.Contains(string(logs), "listening") {
		t.Errorf("logs: %v\n%s", err, logs)
	}

	if err := p.Terminate(ctx); err != nil {
		t.Errorf("terminate: %v", err)
	}
	if err := p.Terminate(ctx); err != nil {
		t.Errorf("a second terminate: %v", err)
	}

	// A server that exits at once: an error quoting its log, and no container left over.
	bad := RefserverSpec(img.Name, "2.1", RefserverOptions{StartTimeout: 30 * time.Second})
	bad.Args = append(bad.Args, "--no-such-flag")
	p2, err := Start(ctx, bad)
	if err == nil {
		_ = p2.Terminate(ctx)
		t.Fatal("a server that cannot start was reported started")
	}
	if !strings.Contains(err.Error(), "no-such-flag") {
		t.Errorf("the error does not quote the log: %v", err)
	}
}

func TestStartMissingImage(t *testing.T) {
	dockerOrSkip(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p, err := Start(ctx, Spec{Image: "taxii-conform-test/absent:never", Port: 80, Path: "/"})
	if err == nil {
		_ = p.Terminate(ctx)
		t.Fatal("an absent image started")
	}
	if !strings.Contains(err.Error(), "is not on the Docker host") {
		t.Errorf("err = %v", err)
	}
}

func TestBuildRefserverRejectsDynamicBinary(t *testing.T) {
	dockerOrSkip(t)
	img, err := BuildRefserver(context.Background(), BuildOptions{Binary: "/bin/sh"})
	t.Cleanup(func() { _ = img.Remove(context.Background()) })
	if err == nil || !strings.Contains(err.Error(), "dynamically linked") {
		t.Errorf("err = %v", err)
	}
}
