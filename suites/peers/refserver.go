package peers

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"debug/elf"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/docker/docker/api/types/image"
	"github.com/testcontainers/testcontainers-go"

	"github.com/taxii-conform/taxii-conform/suites/requirements"
)

// ModulePath is the Go module whose source holds cmd/taxii-refserver.
const ModulePath = "github.com/taxii-conform/taxii-conform"

// RefserverPort is where the reference server listens inside its container.
const RefserverPort = 8080

// RefserverRepo is the repository name of the images BuildRefserver makes.
const RefserverRepo = "taxii-conform-refserver"

// DefaultBuildTimeout bounds BuildRefserver when BuildOptions.Timeout is zero: compiling the
// server (slow the first time, cached after) and building the image.
const DefaultBuildTimeout = 5 * time.Minute

// refserverConfigPath is where a --config file goes inside the container.
const refserverConfigPath = "/etc/taxii-refserver/config.yaml"

// dockerfile makes the reference server image: the static binary alone, run as nobody.
const dockerfile = `FROM scratch
COPY taxii-refserver /taxii-refserver
USER 65534:65534
EXPOSE 8080
ENTRYPOINT ["/taxii-refserver"]
CMD ["--listen", "0.0.0.0:8080"]
`

// BuildOptions say where the reference server's binary comes from.
type BuildOptions struct {
	// Binary is a statically linked Linux build of taxii-refserver to use as it is; when
	// empty, one is compiled from SourceDir with CGO_ENABLED=0.
	Binary string
	// SourceDir is in this module's source: its root is looked for from there upwards ("" is
	// the working directory).
	SourceDir string
	// Timeout bounds compiling and building; zero means DefaultBuildTimeout.
	Timeout time.Duration
	// Log receives the compiler's and Docker's output; nil discards it.
	Log io.Writer
}

// Image is an image built by BuildRefserver; Remove deletes it.
type Image struct {
	// Name is "taxii-conform-refserver:<tag>", unique to this build.
	Name string
}

// BuildRefserver builds the reference server image: a static binary (compiled here unless
// given) copied into an empty image. Each build gets its own tag, so concurrent builds and
// removals do not step on each other.
func BuildRefserver(ctx context.Context, o BuildOptions) (img *Image, err error) {
	cli, err := dockerClient(ctx)
	if err != nil {
		return nil, err
	}
	defer cli.Close()
	defer recoverPanic(&err)
	timeout := o.Timeout
	if timeout == 0 {
		timeout = DefaultBuildTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	logw := o.Log
	if logw == nil {
		logw = io.Discard
	}

	dir, err := os.MkdirTemp("", "taxii-conform-refserver-image-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "taxii-refserver")
	if o.Binary != "" {
		if err := CheckStatic(o.Binary); err != nil {
			return nil, err
		}
		if err := copyFile(o.Binary, bin); err != nil {
			return nil, fmt.Errorf("reference server binary: %w", err)
		}
	} else {
		// A directory inside the checkout will do: go build runs at its module root.
		src := o.SourceDir
		if src == "" {
			if src, err = os.Getwd(); err != nil {
				return nil, err
			}
		}
		if src, err = FindModuleRoot(src); err != nil {
			return nil, err
		}
		if err := compileRefserver(ctx, src, bin, daemonArch(ctx, cli), logw); err != nil {
			return nil, err
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte(dockerfile), 0o644); err != nil {
		return nil, err
	}

	tag, err := randomTag()
	if err != nil {
		return nil, err
	}
	provider, err := testcontainers.NewDockerProvider(testcontainers.WithLogger(logger(logw)))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoDocker, err)
	}
	defer provider.Close()
	name, err := provider.BuildImage(ctx, &testcontainers.ContainerRequest{FromDockerfile: testcontainers.FromDockerfile{
		Context: dir, Dockerfile: "Dockerfile", Repo: RefserverRepo, Tag: tag, KeepImage: true, BuildLogWriter: logw,
	}})
	if err != nil {
		// A build that failed half-way may still have tagged the image.
		_ = (&Image{Name: RefserverRepo + ":" + tag}).Remove(context.Background())
		return nil, fmt.Errorf("building the reference server image: %w", err)
	}
	return &Image{Name: name}, nil
}

// Remove deletes the image (a nil image is fine). An image still used by a running
// container is only untagged by Docker.
func (img *Image) Remove(ctx context.Context) (err error) {
	if img == nil || img.Name == "" {
		return nil
	}
	defer recoverPanic(&err)
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		return err
	}
	defer cli.Close()
	_, err = cli.ImageRemove(ctx, img.Name, image.RemoveOptions{Force: true, PruneChildren: true})
	return err
}

// RefserverOptions tune a reference server container.
type RefserverOptions struct {
	// Faults are switched on with --fault (see taxii-refserver --list-faults).
	Faults []string
	// ConfigFile is a host YAML file given to the server with --config (its own format or
	// OpenTAXII's data configuration).
	ConfigFile string
	// StartTimeout and Log are passed on to the Spec.
	StartTimeout time.Duration
	Log          io.Writer
}

// RefserverSpec is the Spec of a reference server container running image, with the target
// path of protocol ("2.1" or "1.1.1").
func RefserverSpec(image, protocol string, o RefserverOptions) Spec {
	args := []string{"--listen", fmt.Sprintf("0.0.0.0:%d", RefserverPort)}
	if len(o.Faults) > 0 {
		args = append(args, "--fault", strings.Join(o.Faults, ","))
	}
	var files []File
	if o.ConfigFile != "" {
		args = append(args, "--config", refserverConfigPath)
		files = append(files, File{HostPath: o.ConfigFile, ContainerPath: refserverConfigPath})
	}
	return Spec{
		Image: image, Port: RefserverPort, Path: RefserverPath(protocol),
		Files: files, Args: args, StartTimeout: o.StartTimeout, Log: o.Log,
	}
}

// RefserverPath is the reference server's target path for a protocol: its 2.1 discovery
// URL, or its TAXII 1.x Discovery service.
func RefserverPath(protocol string) string {
	if protocol == requirements.TAXII21 {
		return "/taxii2/"
	}
	return "/taxii11/discovery/"
}

// FindModuleRoot walks up from dir to the go.mod of this module.
func FindModuleRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		if f, err := os.Open(filepath.Join(d, "go.mod")); err == nil {
			module := moduleLine(f)
			f.Close()
			if module == ModulePath {
				return d, nil
			}
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no source of %s at or above %s: run from a checkout, or give a static taxii-refserver binary", ModulePath, dir)
		}
	}
}

// moduleLine returns the module path a go.mod declares.
func moduleLine(r io.Reader) string {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}

// compileRefserver builds a static Linux binary of cmd/taxii-refserver into out.
func compileRefserver(ctx context.Context, src, out, goarch string, logw io.Writer) error {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return fmt.Errorf("compiling the reference server needs the go command: %w (or give a static binary)", err)
	}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, goBin, "build", "-trimpath", "-ldflags=-s -w", "-o", out, "./cmd/taxii-refserver")
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+goarch)
	cmd.Stdout = logw
	cmd.Stderr = io.MultiWriter(logw, &stderr)
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("compiling the reference server (CGO_ENABLED=0 go build ./cmd/taxii-refserver in %s): %w\n%s",
			src, err, strings.TrimSpace(stderr.String()))
	}
	return CheckStatic(out)
}

// CheckStatic reports whether path is a Linux ELF executable that needs no dynamic loader,
// as an image FROM scratch requires.
func CheckStatic(path string) error {
	f, err := elf.Open(path)
	if err != nil {
		return fmt.Errorf("%s: not a Linux executable: %w", path, err)
	}
	defer f.Close()
	if f.Type != elf.ET_EXEC && f.Type != elf.ET_DYN {
		return fmt.Errorf("%s: not an executable (ELF type %s)", path, f.Type)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			return fmt.Errorf("%s is dynamically linked and cannot run in an empty image: build it with CGO_ENABLED=0", path)
		}
	}
	return nil
}

// daemonArch is the Docker host's architecture as GOARCH spells it, or the local one.
func daemonArch(ctx context.Context, cli *testcontainers.DockerClient) string {
	info, err := cli.Info(ctx)
	if err != nil {
		return runtime.GOARCH
	}
	switch info.Architecture {
	case "x86_64", "amd64":
		return "amd64"
	case "aarch64", "arm64":
		return "arm64"
	case "armv7l", "armhf":
		return "arm"
	case "ppc64le", "s390x", "riscv64":
		return info.Architecture
	}
	return runtime.GOARCH
}

func randomTag() (string, error) {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
