package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// cmdDiscover resolves _taxii2._tcp.DOMAIN (TAXII 2.1 §3.9), builds the discovery URL of each
// SRV target in priority order, and fetches it.
func cmdDiscover(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("discover", flag.ContinueOnError)
	user := fs.String("user", "", "HTTP Basic user (password from $TAXII_PASSWORD)")
	timeout := fs.Duration("timeout", 15*time.Second, "bound on the lookup and each request")
	insecure := fs.Bool("insecure", false, "do not verify the server's certificate")
	if ok, code := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() != 1 {
		return report(stderr, usagef("discover: give exactly one DOMAIN"))
	}
	domain := strings.TrimSuffix(fs.Arg(0), ".")
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	_, srvs, err := net.DefaultResolver.LookupSRV(ctx, "taxii2", "tcp", domain)
	if err != nil {
		fmt.Fprintf(stderr, "taxii-conform: no _taxii2._tcp.%s SRV record: %v\n", domain, err)
		return exitUnreachable
	}
	urls := discoveryURLs(srvs)
	for _, u := range urls {
		fmt.Fprintf(stdout, "SRV -> %s\n", u)
	}
	// Reuse the harness's client rules: bounded, no redirects, secrets redacted.
	target, err := harness.ParseTarget(urls[0])
	if err != nil {
		return report(stderr, err)
	}
	run, err := harness.Configure(harness.Config{
		Target: target, Protocol: "2.1", Insecure: *insecure, RequestTimeout: *timeout,
		Identity: harness.Identity{User: *user, Password: envPassword(*user)},
	})
	if err != nil {
		return report(stderr, usageError{err})
	}
	for _, u := range urls {
		body, status, err := fetchDiscovery(ctx, run, u)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", u, err)
			continue
		}
		fmt.Fprintf(stdout, "%s: HTTP %d\n%s\n", u, status, run.Redact(string(body)))
		fmt.Fprintf(stdout, "\nrun the suites with:\n  taxii-conform run --target %s\n", u)
		return exitOK
	}
	return exitUnreachable
}

func envPassword(user string) string {
	if user == "" {
		return ""
	}
	return os.Getenv("TAXII_PASSWORD")
}

// discoveryURLs orders SRV targets by priority then weight (the resolver already sorts them)
// and builds https://host:port/taxii2/ from each.
func discoveryURLs(srvs []*net.SRV) []string {
	var out []string
	for _, s := range srvs {
		host := strings.TrimSuffix(s.Target, ".")
		u := url.URL{Scheme: "https", Host: net.JoinHostPort(host, strconv.Itoa(int(s.Port))), Path: "/taxii2/"}
		out = append(out, u.String())
	}
	return out
}

func fetchDiscovery(ctx context.Context, run *harness.Run, u string) ([]byte, int, error) {
	x, err := run.Fetch(ctx, http.MethodGet, u, http.Header{"Accept": {"application/taxii+json;version=2.1"}}, nil)
	if err != nil {
		return nil, 0, err
	}
	return x.Body, x.Status, nil
}
