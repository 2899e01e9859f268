// Command taxii-refserver is the reference TAXII server: TAXII 2.1 (discovery at /taxii2/) and
// TAXII 1.1.1 (under /taxii11/) on one listener, over HTTP or HTTPS, with built-in accounts,
// collections and seed data, storage in memory or in a data directory, and deliberate defects
// (--fault) that prove the conformance suites can fail.
//
//	taxii-refserver --listen ADDR [--config FILE] [--data DIR] [--tls-cert F --tls-key F |
//	                --self-signed [--self-signed-out FILE]] [--fault NAME,...] [--addr-file FILE]
//	taxii-refserver --list-faults
//	taxii-refserver [--config FILE] --print-config
//
// Exit status: 0 after a clean shutdown (SIGINT or SIGTERM) or an informational flag, 1 when the
// server cannot start or fails, 2 for a usage or configuration error.
package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/taxii-conform/taxii-conform/reference/config"
	"github.com/taxii-conform/taxii-conform/reference/faults"
	"github.com/taxii-conform/taxii-conform/reference/server"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// listFlag collects comma-separated values from one or more uses of a flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error {
	*l = append(*l, v)
	return nil
}

// options are the parsed command line.
type options struct {
	listen, configPath, dataDir string
	tlsCert, tlsKey             string
	selfSigned                  bool
	selfSignedOut, addrFile     string
	faultList                   listFlag
	listFaults, printConfig     bool
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("taxii-refserver", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.listen, "listen", "127.0.0.1:8080", "address to listen on (port 0 picks a free port)")
	fs.StringVar(&o.configPath, "config", "", "YAML configuration (this project's format or OpenTAXII's data configuration)")
	fs.StringVar(&o.dataDir, "data", "", "directory for durable storage (default: in memory)")
	fs.StringVar(&o.tlsCert, "tls-cert", "", "PEM certificate (chain) for HTTPS")
	fs.StringVar(&o.tlsKey, "tls-key", "", "PEM private key for HTTPS")
	fs.BoolVar(&o.selfSigned, "self-signed", false, "serve HTTPS with a certificate for 127.0.0.1, ::1 and localhost made at start")
	fs.StringVar(&o.selfSignedOut, "self-signed-out", "", "write the PEM of the --self-signed certificate to this file, for clients to trust")
	fs.Var(&o.faultList, "fault", "deliberate defects to switch on, comma-separated (see --list-faults); repeatable")
	fs.BoolVar(&o.listFaults, "list-faults", false, "print the known faults (name, protocol, requirements, description) and exit")
	fs.BoolVar(&o.printConfig, "print-config", false, "print the effective configuration as YAML and exit")
	fs.StringVar(&o.addrFile, "addr-file", "", "once listening, write the base URL (e.g. http://127.0.0.1:43127) to this file")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	switch {
	case fs.NArg() > 0:
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case (o.tlsCert == "") != (o.tlsKey == ""):
		return nil, errors.New("--tls-cert and --tls-key go together")
	case o.selfSigned && o.tlsCert != "":
		return nil, errors.New("--self-signed and --tls-cert exclude each other")
	case o.selfSignedOut != "" && !o.selfSigned:
		return nil, errors.New("--self-signed-out needs --self-signed")
	}
	return o, nil
}

// run is the whole program; it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "taxii-refserver:", err)
		return 2
	}
	if o.listFaults {
		for _, f := range faults.All() {
			fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\n", f.Name, f.Protocol, strings.Join(f.Requirements, ","), f.Description)
		}
		return 0
	}
	cfg := config.Default()
	if o.configPath != "" {
		if cfg, err = config.Load(o.configPath); err != nil {
			fmt.Fprintln(stderr, "taxii-refserver:", err)
			return 2
		}
	} else if err := cfg.Validate(); err != nil { // fills in defaults, as Load does
		fmt.Fprintln(stderr, "taxii-refserver:", err)
		return 2
	}
	if o.printConfig {
		out, err := cfg.YAML()
		if err != nil {
			fmt.Fprintln(stderr, "taxii-refserver:", err)
			return 1
		}
		_, _ = stdout.Write(out)
		return 0
	}
	set, err := faults.Parse(o.faultList.String())
	if err != nil {
		fmt.Fprintln(stderr, "taxii-refserver:", err)
		return 2
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	if err := serve(ctx, o, cfg, set, logger); err != nil {
		logger.Error("taxii-refserver: " + err.Error())
		return 1
	}
	return 0
}

// serve runs the server until ctx ends.
func serve(ctx context.Context, o *options, cfg *config.Config, set faults.Set, logger *slog.Logger) error {
	var tlsConfig *tls.Config
	switch {
	case o.tlsCert != "":
		cert, err := tls.LoadX509KeyPair(o.tlsCert, o.tlsKey)
		if err != nil {
			return fmt.Errorf("TLS certificate: %w", err)
		}
		tlsConfig = serverTLS(cert, set)
	case o.selfSigned:
		cert, pemCert, err := selfSigned()
		if err != nil {
			return err
		}
		if o.selfSignedOut != "" {
			if err := writeAtomic(o.selfSignedOut, pemCert); err != nil {
				return fmt.Errorf("--self-signed-out: %w", err)
			}
		}
		tlsConfig = serverTLS(cert, set)
	}

	srv, err := server.New(server.Options{Config: cfg, DataDir: o.dataDir, Faults: set, Log: logger})
	if err != nil {
		return err
	}
	defer func() {
		if err := srv.Close(); err != nil {
			logger.Error("closing the stores", "err", err)
		}
	}()
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return err
	}
	scheme := "http"
	if tlsConfig != nil {
		ln, scheme = tls.NewListener(ln, tlsConfig), "https"
	}
	base := baseURL(scheme, ln.Addr())
	hs := &http.Server{
		Handler:           accessLog(srv, logger),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // large POST bodies on slow links
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	if o.addrFile != "" {
		if err := writeAtomic(o.addrFile, []byte(base+"\n")); err != nil {
			_ = hs.Close()
			return fmt.Errorf("--addr-file: %w", err)
		}
	}
	logger.Info("listening", "url", base, "taxii21", base+"/taxii2/", "taxii11", base+server.TAXII11Prefix+"discovery/",
		"data", o.dataDir, "faults", strings.Join(set.Names(), ","))
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// baseURL is the URL clients use for a listener; an unspecified address becomes loopback.
func baseURL(scheme string, addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return scheme + "://" + addr.String()
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
		if ip.To4() == nil {
			host = "::1"
		}
	}
	return scheme + "://" + net.JoinHostPort(host, port)
}

// writeAtomic writes a file so that readers see either nothing or all of it.
func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	err = errors.Join(err, f.Sync(), f.Close())
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		_ = os.Remove(f.Name())
	}
	return err
}

// statusWriter remembers the status code for the access log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// accessLog logs one line per request: method, path, status and duration. Headers (and with
// them credentials) are never logged.
func accessLog(h http.Handler, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		logger.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status,
			"duration", time.Since(start).Round(time.Microsecond))
	})
}
