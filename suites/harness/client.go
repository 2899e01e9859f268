package harness

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"time"

	"github.com/onsi/ginkgo/v2"
)

// ErrBodyTooLarge is returned when a response body exceeds Config.MaxBodyBytes.
var ErrBodyTooLarge = errors.New("response body exceeds the harness's size limit")

// Request is one request a spec wants made.
type Request struct {
	Method string
	// URL is absolute, or a reference resolved against the target URL.
	URL string
	// Header is sent as given; a "User-Agent" with an empty value means none is sent.
	Header http.Header
	Body   []byte
	// Deliberate marks a request that breaks the protocol on purpose (bad-input specs): it is
	// not checked against the schemas.
	Deliberate bool
}

// Exchange is one completed (or failed) request and its response, in full as received (up to
// MaxBodyBytes), with the schema violations found in it.
type Exchange struct {
	Seq      int
	Identity string
	Request  Request
	URL      *url.URL
	Status   int
	Header   http.Header
	Body     []byte
	Duration time.Duration
	// Err is set when the exchange did not complete (network, timeout, size limit).
	Err        error
	Violations []ExchangeViolation
}

// JSON decodes the body into generic values, numbers kept as json.Number.
func (x *Exchange) JSON() (any, error) {
	dec := json.NewDecoder(bytes.NewReader(x.Body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("trailing data after the JSON value")
	}
	return v, nil
}

// Decode decodes the body into v.
func (x *Exchange) Decode(v any) error { return json.Unmarshal(x.Body, v) }

// Object decodes the body as a JSON object, numbers as json.Number.
func (x *Exchange) Object() (map[string]any, error) {
	v, err := x.JSON()
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("body is a JSON %T, not an object", v)
	}
	return m, nil
}

// Describe is a short account of the exchange for failure messages.
func (x *Exchange) Describe() string {
	if x.Err != nil {
		return fmt.Sprintf("#%d %s %s: %v", x.Seq, x.Request.Method, x.URL, x.Err)
	}
	return fmt.Sprintf("#%d %s %s -> %d %s", x.Seq, x.Request.Method, x.URL, x.Status, x.Header.Get("Content-Type"))
}

// Validator checks one exchange against a protocol's schemas.
type Validator func(x *Exchange) []ExchangeViolation

// Client makes requests as one identity and records every exchange in the running spec.
type Client struct {
	run  *Run
	name string
	id   Identity
}

// Identity returns the name of the identity the client presents.
func (c *Client) Identity() string { return c.name }

// Do makes a request. A transport failure (unreachable, timeout, oversized body) ends the
// spec as an error: it says nothing about conformance. Use Try to look at such failures.
func (c *Client) Do(req Request) *Exchange {
	x := c.exchange(req)
	if x.Err != nil {
		ginkgo.GinkgoHelper()
		Errorf("%s", x.Describe())
	}
	return x
}

// Try makes a request and returns transport failures instead of ending the spec.
func (c *Client) Try(req Request) (*Exchange, error) {
	x := c.exchange(req)
	return x, x.Err
}

func (c *Client) exchange(req Request) *Exchange {
	r := c.run
	u, err := r.Resolve(req.URL)
	x := &Exchange{Seq: r.nextSeq(), Identity: c.name, Request: req, URL: u}
	if err != nil {
		x.Err = err
		x.URL = &url.URL{Opaque: RedactURL(req.URL)}
		r.record(x, "")
		return x
	}
	ctx, cancel := context.WithTimeout(context.Background(), r.cfg.RequestTimeout)
	defer cancel()
	hreq, err := http.NewRequestWithContext(ctx, req.Method, u.String(), bytes.NewReader(req.Body))
	if err != nil {
		x.Err = err
		r.record(x, "")
		return x
	}
	for k, vs := range req.Header {
		for _, v := range vs {
			hreq.Header.Add(k, v)
		}
	}
	// A User-Agent given empty on purpose is left out of the request (Go's client sends none
	// for an empty value); otherwise the harness names itself.
	if _, given := hreq.Header["User-Agent"]; !given && r.cfg.UserAgent != "" {
		hreq.Header.Set("User-Agent", r.cfg.UserAgent)
	}
	c.id.apply(hreq)
	curl := curlLine(req.Method, u, hreq.Header, req.Body, c.name, c.id, &r.cfg, x.Seq)

	start := time.Now()
	resp, err := r.hc.Do(hreq)
	if err == nil {
		x.Status = resp.StatusCode
		x.Header = resp.Header
		x.Body, err = readCapped(resp.Body, r.cfg.MaxBodyBytes)
		resp.Body.Close()
	}
	x.Duration = time.Since(start)
	if err != nil {
		x.Err = r.redact.errorf(err)
	}
	x.Request.Header = hreq.Header
	if x.Err == nil {
		if v := r.validators[r.cfg.Protocol]; v != nil {
			x.Violations = v(x)
		}
	}
	r.record(x, curl)
	return x
}

// readCapped reads at most max bytes; more is ErrBodyTooLarge (with what was read).
func readCapped(rc io.Reader, max int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(rc, max+1))
	if err != nil {
		return b, err
	}
	if int64(len(b)) > max {
		return b[:max], fmt.Errorf("%w (%d bytes)", ErrBodyTooLarge, max)
	}
	return b, nil
}

// newHTTPClient builds the one HTTP client of a run: TLS as configured, no redirects
// followed (a spec sees the 3xx), bounded headers and dial time.
func newHTTPClient(cfg *Config) (*http.Client, error) {
	tc := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: cfg.Insecure} //nolint:gosec // operator's explicit --insecure
	if cfg.CAFile != "" {
		pem, err := os.ReadFile(cfg.CAFile)
		if err != nil {
			return nil, fmt.Errorf("--ca: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("--ca: %s holds no PEM certificate", cfg.CAFile)
		}
		tc.RootCAs = pool
	}
	if cfg.CertFile != "" || cfg.KeyFile != "" {
		if cfg.CertFile == "" || cfg.KeyFile == "" {
			return nil, errors.New("--cert and --key go together")
		}
		cert, err := tls.LoadX509KeyPair(cfg.CertFile, cfg.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("--cert/--key: %w", err)
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	tr := &http.Transport{
		Proxy:                  http.ProxyFromEnvironment,
		DialContext:            (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSClientConfig:        tc,
		TLSHandshakeTimeout:    10 * time.Second,
		ResponseHeaderTimeout:  cfg.RequestTimeout,
		ExpectContinueTimeout:  2 * time.Second, // only for requests that ask for 100-continue
		MaxResponseHeaderBytes: 1 << 20,
		MaxIdleConnsPerHost:    8,
		IdleConnTimeout:        30 * time.Second,
		ForceAttemptHTTP2:      true,
	}
	return &http.Client{
		Transport:     tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}, nil
}

// Fetch makes one request as the default identity outside any spec (nothing is recorded),
// with the run's bounds on time and size. For what a suite learns once per run (discovery)
// and for tools around the suites.
func (r *Run) Fetch(ctx context.Context, method, rawURL string, header http.Header, body []byte) (*Exchange, error) {
	u, err := r.Resolve(rawURL)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, r.cfg.RequestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header = header.Clone()
	if req.Header == nil {
		req.Header = http.Header{}
	}
	req.Header.Set("User-Agent", r.cfg.UserAgent)
	r.cfg.Identity.apply(req)
	resp, err := r.hc.Do(req)
	if err != nil {
		return nil, r.redact.errorf(err)
	}
	defer resp.Body.Close()
	x := &Exchange{Request: Request{Method: method, URL: u.String(), Header: req.Header, Body: body}, URL: u, Status: resp.StatusCode, Header: resp.Header}
	x.Body, err = readCapped(resp.Body, r.cfg.MaxBodyBytes)
	if err != nil {
		return x, r.redact.errorf(err)
	}
	return x, nil
}

// apply puts the identity's credentials on a request.
func (i Identity) apply(req *http.Request) {
	switch {
	case i.Token != "":
		req.Header.Set("Authorization", "Bearer "+i.Token)
	case i.User != "":
		req.SetBasicAuth(i.User, i.Password)
	}
	for k, v := range i.Headers {
		req.Header.Set(k, v)
	}
}
