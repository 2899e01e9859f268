// Package peers starts TAXII servers in containers, with testcontainers-go, so that the suites
// can run against them side by side (`taxii-conform compare`): the reference server in an image
// built locally FROM scratch around a static binary, or any image already present on the
// Docker host (an OpenTAXII image built elsewhere, say) with its port, environment, files and
// a readiness path.
//
// Nothing is pulled from a registry. Every published port is bound to 127.0.0.1 only. Ryuk,
// testcontainers' reaper, needs an image from a registry, so it is switched off unless the
// caller decided otherwise; callers terminate what they start (Peer.Terminate, Image.Remove).
package peers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/docker/docker/api/types/container"
	"github.com/docker/docker/client"
	"github.com/docker/go-connections/nat"
	"github.com/testcontainers/testcontainers-go"
	tclog "github.com/testcontainers/testcontainers-go/log"
	"github.com/testcontainers/testcontainers-go/wait"
)

// ErrNoDocker is wrapped by every error that comes from Docker being absent or unusable.
var ErrNoDocker = errors.New("no usable Docker daemon")

// DefaultStartTimeout bounds a container's start when Spec.StartTimeout is zero: create, copy
// files, start and wait until the readiness path answers.
const DefaultStartTimeout = 2 * time.Minute

// Spec describes a server to start from an image present on the Docker host.
type Spec struct {
	// Image is the image name (e.g. "opentaxii:local"); it must exist locally.
	Image string
	// Port is the TCP port the server listens on inside the container.
	Port int
	// HostPort, when not zero, publishes Port on 127.0.0.1:HostPort instead of a free port:
	// for servers that put their own absolute address in what they answer (OpenTAXII's
	// OPENTAXII_DOMAIN) and so must know it before they start.
	HostPort int
	// Path is the TAXII target path on the server: a 2.1 discovery URL or API root, or a 1.x
	// Discovery service (e.g. "/taxii2/", "/services/discovery/").
	Path string
	// ReadyPath is fetched with GET until the server answers with any status below 500
	// (an authentication challenge or a 405 on a POST-only service counts as up); "" uses Path.
	ReadyPath string
	// Env is the container's environment, added to the image's.
	Env map[string]string
	// Files are copied into the container before it starts.
	Files []File
	// Args replace the image's CMD when not empty.
	Args []string
	// StartTimeout bounds the start; zero means DefaultStartTimeout.
	StartTimeout time.Duration
	// Log receives testcontainers' progress lines; nil discards them.
	Log io.Writer
}

// File is a host file to copy into a container.
type File struct {
	HostPath      string
	ContainerPath string
	// Mode is the file's permission bits in the container; zero means 0644.
	Mode int64
}

// Validate checks a spec without touching Docker.
func (s Spec) Validate() error {
	switch {
	case strings.TrimSpace(s.Image) == "":
		return errors.New("container: an image name is needed")
	case s.Port < 1 || s.Port > 65535:
		return fmt.Errorf("container %s: port %d is not a TCP port", s.Image, s.Port)
	case !strings.HasPrefix(s.Path, "/"):
		return fmt.Errorf("container %s: the target path %q must start with /", s.Image, s.Path)
	case s.HostPort < 0 || s.HostPort > 65535:
		return fmt.Errorf("container %s: host port %d is not a TCP port", s.Image, s.HostPort)
	case s.ReadyPath != "" && !strings.HasPrefix(s.ReadyPath, "/"):
		return fmt.Errorf("container %s: the readiness path %q must start with /", s.Image, s.ReadyPath)
	case s.StartTimeout < 0:
		return fmt.Errorf("container %s: negative start timeout", s.Image)
	}
	for k := range s.Env {
		if k == "" || strings.ContainsAny(k, "= \t\n") {
			return fmt.Errorf("container %s: bad environment variable name %q", s.Image, k)
		}
	}
	for _, f := range s.Files {
		if !path.IsAbs(f.ContainerPath) || path.Clean(f.ContainerPath) == "/" {
			return fmt.Errorf("container %s: the file destination %q must be an absolute file path", s.Image, f.ContainerPath)
		}
		st, err := os.Stat(f.HostPath)
		if err != nil {
			return fmt.Errorf("container %s: file to copy in: %w", s.Image, err)
		}
		if !st.Mode().IsRegular() {
			return fmt.Errorf("container %s: %s is not a regular file", s.Image, f.HostPath)
		}
	}
	return nil
}

// Peer is a server running in a container.
type Peer struct {
	// Image is the image it runs.
	Image string
	// BaseURL is the published address, e.g. "http://127.0.0.1:32768" (no trailing slash).
	BaseURL string
	// Target is BaseURL plus the spec's Path: the URL to test.
	Target string

	c testcontainers.Container
}

// Start starts a container from s and waits until it answers on its readiness path. On error
// nothing is left running, and the error carries the end of the container's log when there
// is one.
func Start(ctx context.Context, s Spec) (p *Peer, err error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	cli, err := dockerClient(ctx)
	if err != nil {
		return nil, err
	}
	defer cli.Close()
	defer recoverPanic(&err)
	timeout := s.StartTimeout
	if timeout == 0 {
		timeout = DefaultStartTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	if err := localDaemon(cli); err != nil {
		return nil, err
	}
	if err := imagePresent(ctx, cli, s.Image); err != nil {
		return nil, err
	}

	port := nat.Port(strconv.Itoa(s.Port) + "/tcp")
	hostPort := "" // a free one
	if s.HostPort != 0 {
		hostPort = strconv.Itoa(s.HostPort)
	}
	ready := s.ReadyPath
	if ready == "" {
		ready = s.Path
	}
	files := make([]testcontainers.ContainerFile, len(s.Files))
	for i, f := range s.Files {
		mode := f.Mode
		if mode == 0 {
			mode = 0o644
		}
		files[i] = testcontainers.ContainerFile{HostFilePath: f.HostPath, ContainerFilePath: f.ContainerPath, FileMode: mode}
	}
	req := testcontainers.GenericContainerRequest{
		ContainerRequest: testcontainers.ContainerRequest{
			Image: s.Image,
			Env:   s.Env,
			Cmd:   s.Args,
			Files: files,
			// "127.0.0.1:[HOSTPORT]:PORT": published on the loopback interface only.
			ExposedPorts: []string{"127.0.0.1:" + hostPort + ":" + string(port)},
			HostConfigModifier: func(hc *container.HostConfig) {
				hc.PublishAllPorts = false
			},
			WaitingFor: &loopbackHTTP{port: port, path: ready, timeout: timeout},
		},
		Started: true,
		Logger:  logger(s.Log),
	}
	c, err := testcontainers.GenericContainer(ctx, req)
	// The container may exist even when starting it failed: it is removed before the error
	// is looked at, so nothing is left behind.
	peer := &Peer{Image: s.Image}
	if present(c) {
		peer.c = c
	}
	if err != nil {
		tail := peer.logTail(10)
		_ = peer.Terminate(context.Background())
		if tail != "" {
			return nil, fmt.Errorf("starting %s: %w; the container's log ends with:\n%s", s.Image, err, tail)
		}
		return nil, fmt.Errorf("starting %s: %w", s.Image, err)
	}
	mapped, err := c.MappedPort(ctx, port)
	if err != nil {
		_ = peer.Terminate(context.Background())
		return nil, fmt.Errorf("starting %s: published address: %w", s.Image, err)
	}
	peer.BaseURL = "http://127.0.0.1:" + mapped.Port()
	peer.Target = peer.BaseURL + s.Path
	return peer, nil
}

// present reports whether c is a container, and not a nil one in an interface (as
// testcontainers may return with an error).
func present(c testcontainers.Container) bool {
	if c == nil {
		return false
	}
	dc, ok := c.(*testcontainers.DockerContainer)
	return !ok || dc != nil
}

// loopbackHTTP waits until GET on 127.0.0.1:<published port><path> answers below 500.
// testcontainers' own HTTP wait asks the Docker host's address, which inside a container is
// the bridge gateway, where a port published on 127.0.0.1 cannot be reached.
type loopbackHTTP struct {
	port    nat.Port
	path    string
	timeout time.Duration
}

func (w *loopbackHTTP) Timeout() *time.Duration { return &w.timeout }

func (w *loopbackHTTP) String() string {
	return fmt.Sprintf("HTTP GET %s on 127.0.0.1, published port of %s", w.path, w.port)
}

func (w *loopbackHTTP) WaitUntilReady(ctx context.Context, target wait.StrategyTarget) error {
	ctx, cancel := context.WithTimeout(ctx, w.timeout)
	defer cancel()
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{Proxy: nil}}
	var last error
	for {
		state, err := target.State(ctx)
		switch {
		case err != nil:
			last = err
		case !state.Running:
			return fmt.Errorf("the container stopped (%s, exit code %d) before it was ready", state.Status, state.ExitCode)
		default:
			mapped, err := target.MappedPort(ctx, w.port)
			if err != nil {
				last = err
				break
			}
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1:"+mapped.Port()+w.path, nil)
			if err != nil {
				return err
			}
			resp, err := client.Do(req)
			if err == nil {
				_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
				resp.Body.Close()
				if resp.StatusCode < 500 {
					return nil
				}
				err = fmt.Errorf("GET %s: status %d", w.path, resp.StatusCode)
			}
			last = err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("not ready within %s (%s): %w", w.timeout, w, errors.Join(ctx.Err(), last))
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// localDaemon fails when the Docker daemon runs elsewhere: ports published on its 127.0.0.1
// could not be reached from here.
func localDaemon(cli *testcontainers.DockerClient) error {
	u, err := url.Parse(cli.DaemonHost())
	if err != nil {
		return fmt.Errorf("%w: daemon address: %v", ErrNoDocker, err)
	}
	switch u.Scheme {
	case "unix", "npipe":
		return nil
	case "tcp", "http", "https":
		if ip := net.ParseIP(u.Hostname()); (ip != nil && ip.IsLoopback()) || u.Hostname() == "localhost" {
			return nil
		}
	}
	return fmt.Errorf("the Docker daemon at %s is not on this machine: containers publish their port on 127.0.0.1 only, "+
		"which is then out of reach (use a local daemon, or start the server yourself and give its URL)", u.Redacted())
}

// imagePresent fails when the image is not on the Docker host: testcontainers would try to
// pull it, and no registry is assumed reachable.
func imagePresent(ctx context.Context, cli *testcontainers.DockerClient, name string) error {
	if _, err := cli.ImageInspect(ctx, name); err != nil {
		if cerrdefs.IsNotFound(err) {
			return fmt.Errorf("image %s is not on the Docker host: build or load it first (nothing is pulled)", name)
		}
		return fmt.Errorf("image %s: %w", name, err)
	}
	return nil
}

// Logs returns what the container wrote to stdout and stderr so far.
func (p *Peer) Logs(ctx context.Context) ([]byte, error) {
	if p == nil || p.c == nil {
		return nil, errors.New("no container")
	}
	rc, err := p.c.Logs(ctx)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, 16<<20))
}

// logTail is the last n lines of the container's log, or "".
func (p *Peer) logTail(n int) string {
	if p == nil || p.c == nil {
		return ""
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	raw, err := p.Logs(ctx)
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(raw), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// Terminate stops and removes the container; a nil peer, or one already gone, is fine.
func (p *Peer) Terminate(ctx context.Context) (err error) {
	if p == nil || p.c == nil {
		return nil
	}
	defer recoverPanic(&err)
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	c := p.c
	p.c = nil
	return testcontainers.TerminateContainer(c, testcontainers.StopContext(ctx), testcontainers.StopTimeout(5*time.Second))
}

// CheckDocker reports, within a few seconds, whether a Docker daemon answers; its error wraps
// ErrNoDocker and says why.
func CheckDocker(ctx context.Context) error {
	cli, err := dockerClient(ctx)
	if err != nil {
		return err
	}
	_ = cli.Close()
	return nil
}

// dockerClient is CheckDocker returning the client it checked, for the caller to use and
// close, so that one start opens one client.
func dockerClient(ctx context.Context) (cli *testcontainers.DockerClient, err error) {
	disableRyuk()
	defer func() {
		if r := recover(); r != nil { // testcontainers panics when it finds no Docker host at all
			cli, err = nil, fmt.Errorf("%w: %v", ErrNoDocker, r)
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	// testcontainers quietly falls back to the default socket when DOCKER_HOST does not
	// answer; a DOCKER_HOST the user set is taken at its word instead.
	if os.Getenv("DOCKER_HOST") != "" {
		env, err := client.NewClientWithOpts(client.FromEnv, client.WithAPIVersionNegotiation())
		if err != nil {
			return nil, fmt.Errorf("%w: DOCKER_HOST is unusable: %v", ErrNoDocker, err)
		}
		defer env.Close()
		if _, err := env.Ping(ctx); err != nil {
			return nil, fmt.Errorf("%w: the daemon DOCKER_HOST names does not answer: %v", ErrNoDocker, err)
		}
	}
	cli, err = testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoDocker, err)
	}
	if _, err := cli.Ping(ctx); err != nil {
		_ = cli.Close()
		return nil, fmt.Errorf("%w (is the daemon running, and DOCKER_HOST right?): %v", ErrNoDocker, err)
	}
	return cli, nil
}

var ryukOnce sync.Once

// disableRyuk switches testcontainers' reaper off unless the caller set
// TESTCONTAINERS_RYUK_DISABLED=false: the reaper is an image from a registry, and
// testcontainers only honours the exact value "true".
func disableRyuk() {
	ryukOnce.Do(func() {
		v := os.Getenv("TESTCONTAINERS_RYUK_DISABLED")
		if b, err := strconv.ParseBool(v); err == nil && !b {
			return
		}
		_ = os.Setenv("TESTCONTAINERS_RYUK_DISABLED", "true")
	})
}

// recoverPanic turns a panic of testcontainers into an error.
func recoverPanic(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%w: testcontainers: %v", ErrNoDocker, r)
	}
}

// writerLogger sends testcontainers' log lines to a writer.
type writerLogger struct{ w io.Writer }

func (l writerLogger) Printf(format string, v ...any) {
	fmt.Fprintf(l.w, strings.TrimRight(format, "\n")+"\n", v...)
}

func logger(w io.Writer) tclog.Logger {
	if w == nil {
		w = io.Discard
	}
	return writerLogger{w}
}
