package harness

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/onsi/ginkgo/v2"
)

// Run is one configured run against one target. Specs reach it through Current().
type Run struct {
	cfg        Config
	hc         *http.Client
	redact     *redactor
	validators map[string]Validator

	mu     sync.Mutex
	spec   specState
	extra  map[string]any
	family string
}

var (
	currentMu  sync.Mutex
	current    *Run
	validators = map[string]Validator{}
)

// RegisterValidator installs the schema validator of a protocol ("2.1" or "1.1.1"); the
// suite packages call it from init. Every exchange of a run of that protocol goes through it.
func RegisterValidator(protocol string, v Validator) {
	currentMu.Lock()
	defer currentMu.Unlock()
	validators[protocol] = v
}

// Configure checks cfg, fills in defaults and makes it the current run.
func Configure(cfg Config) (*Run, error) {
	if cfg.Target == nil {
		return nil, errors.New("no target")
	}
	if cfg.Protocol == "" {
		return nil, errors.New("no protocol")
	}
	if cfg.Profile == nil {
		cfg.Profile = &Profile{}
	}
	if cfg.Identity.Anonymous() {
		if id, ok := cfg.Profile.Identities[DefaultIdentity]; ok {
			cfg.Identity = id
		}
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.RecordBodyBytes <= 0 {
		cfg.RecordBodyBytes = DefaultRecordBodyBytes
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "taxii-conform"
	}
	hc, err := newHTTPClient(&cfg)
	if err != nil {
		return nil, err
	}
	ids := []Identity{cfg.Identity}
	for _, id := range cfg.Profile.Identities {
		ids = append(ids, id)
	}
	currentMu.Lock()
	defer currentMu.Unlock()
	r := &Run{cfg: cfg, hc: hc, redact: newRedactor(ids...), validators: validators, extra: map[string]any{}}
	current = r
	return r, nil
}

// Current is the configured run. Outside a configured process it ends the spec as an error.
func Current() *Run {
	currentMu.Lock()
	r := current
	currentMu.Unlock()
	if r == nil {
		ginkgo.GinkgoHelper()
		Errorf("harness not configured: no target")
	}
	return r
}

// Config returns the run's configuration (credentials included: do not print it).
func (r *Run) Config() Config { return r.cfg }

// Target is the --target URL.
func (r *Run) Target() *url.URL { u := *r.cfg.Target; return &u }

// Profile is the run's profile (never nil).
func (r *Run) Profile() *Profile { return r.cfg.Profile }

// Resolve turns a reference into an absolute URL against the target.
func (r *Run) Resolve(ref string) (*url.URL, error) {
	u, err := url.Parse(ref)
	if err != nil {
		return nil, fmt.Errorf("bad URL %q: %v", RedactURL(ref), err)
	}
	u = r.cfg.Target.ResolveReference(u)
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("refusing to follow a %q URL", u.Scheme)
	}
	u.User = nil
	return u, nil
}

// Memo returns the value cached under key for the whole run, computing it once with fn.
// Suites use it for what discovery learns (API roots, collections), so that specs stay
// independent without repeating discovery in every one of them. A failed computation is not
// cached.
func (r *Run) Memo(key string, fn func() (any, error)) (any, error) {
	r.mu.Lock()
	if v, ok := r.extra[key]; ok {
		r.mu.Unlock()
		return v, nil
	}
	r.mu.Unlock()
	v, err := fn()
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.extra[key] = v
	r.mu.Unlock()
	return v, nil
}

// Memoized returns what Memo stored under key in the current run, if there is a run and the
// value has been computed; it never computes it. For code that may run before a suite has
// learnt what it memoizes, such as validators.
func Memoized(key string) (any, bool) {
	currentMu.Lock()
	r := current
	currentMu.Unlock()
	if r == nil {
		return nil, false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	v, ok := r.extra[key]
	return v, ok
}

// Client returns a client for a named identity. The default and anonymous identities always
// exist; any other comes from the profile, and a spec that asks for one the profile lacks is
// disabled with that reason.
func (r *Run) Client(name string) *Client {
	switch name {
	case "", DefaultIdentity:
		return &Client{run: r, name: DefaultIdentity, id: r.cfg.Identity}
	case AnonymousIdentity:
		return &Client{run: r, name: AnonymousIdentity}
	}
	id, ok := r.cfg.Profile.Identities[name]
	if !ok {
		ginkgo.GinkgoHelper()
		Disable(fmt.Sprintf("the profile defines no %q identity", name))
	}
	return &Client{run: r, name: name, id: id}
}

// HasIdentity reports whether a named identity is available without disabling the spec.
func (r *Run) HasIdentity(name string) bool {
	switch name {
	case "", DefaultIdentity, AnonymousIdentity:
		return true
	}
	_, ok := r.cfg.Profile.Identities[name]
	return ok
}

// WrongCredentials returns a client that presents credentials of the default identity's kind
// that no server should accept, for 401 specs. Disabled when the default identity is anonymous.
func (r *Run) WrongCredentials() *Client {
	id := r.cfg.Identity
	switch {
	case id.Token != "":
		return &Client{run: r, name: "wrong-credentials", id: Identity{Token: "taxii-conform-invalid-token"}}
	case id.User != "":
		return &Client{run: r, name: "wrong-credentials", id: Identity{User: id.User, Password: "taxii-conform-wrong-password"}}
	}
	ginkgo.GinkgoHelper()
	Disable("no credentials were given, so none can be presented wrongly")
	return nil
}

// Redact removes every known secret from s.
func (r *Run) Redact(s string) string { return r.redact.text(s) }

// specState is what the harness tracks for the spec that is running.
type specState struct {
	seq  int
	soft []Failure
}

func (r *Run) nextSeq() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.spec.seq++
	return r.spec.seq
}

// record attaches a redacted copy of the exchange to the running spec's report.
func (r *Run) record(x *Exchange, curl string) {
	rec := ExchangeRecord{
		Seq:            x.Seq,
		Identity:       x.Identity,
		Method:         x.Request.Method,
		URL:            r.redact.text(x.URL.String()),
		RequestHeader:  r.redact.header(x.Request.Header),
		Status:         x.Status,
		ResponseHeader: r.redact.header(x.Header),
		DurationMS:     float64(x.Duration.Microseconds()) / 1000,
		Curl:           r.redact.text(curl),
		Deliberate:     x.Request.Deliberate,
		Violations:     x.Violations,
	}
	rec.RequestBody, rec.RequestBodyTruncated = r.recordBody(x.Request.Body)
	rec.ResponseBody, rec.ResponseBodyTruncated = r.recordBody(x.Body)
	if x.Err != nil {
		rec.Error = r.redact.text(x.Err.Error())
	}
	addEntry(EntryExchange, rec)
}

// RecordInbound attaches an exchange the target made to the harness (e.g. a TAXII 1.x push
// received by the harness's inbox). Call it from the spec's goroutine.
func (r *Run) RecordInbound(rec ExchangeRecord) {
	rec.Inbound = true
	rec.Seq = r.nextSeq()
	rec.URL = r.redact.text(rec.URL)
	rec.RequestBody, rec.RequestBodyTruncated = r.recordBody([]byte(rec.RequestBody))
	rec.ResponseBody, rec.ResponseBodyTruncated = r.recordBody([]byte(rec.ResponseBody))
	addEntry(EntryExchange, rec)
}

func (r *Run) recordBody(b []byte) (string, bool) {
	cut := false
	if len(b) > r.cfg.RecordBodyBytes {
		b, cut = b[:r.cfg.RecordBodyBytes], true
	}
	if !utf8.Valid(b) {
		return fmt.Sprintf("<%d bytes of binary or non-UTF-8 data>", len(b)), cut
	}
	return r.redact.text(string(b)), cut
}

// errorf redacts an error's text, keeping it unwrappable.
func (r *redactor) errorf(err error) error {
	msg := r.text(err.Error())
	if msg == err.Error() {
		return err
	}
	return &redactedError{msg: msg, err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// labels of the running spec, or nil outside a spec.
func specLabels() []string {
	defer func() { _ = recover() }()
	return ginkgo.CurrentSpecReport().Labels()
}

func hasLabel(labels []string, l string) bool {
	for _, x := range labels {
		if strings.EqualFold(x, l) {
			return true
		}
	}
	return false
}

// SetFamily records which version family of the protocol the target speaks (TAXII 1.x: "1.1"
// or "1.1.1"), for the report.
func (r *Run) SetFamily(f string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.family = f
}

// Family is what SetFamily recorded.
func (r *Run) Family() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.family
}

// Probe checks that the target answers HTTP at all (any status), before any spec runs, so
// that an unreachable target is reported once instead of as an error in every spec.
func (r *Run) Probe(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.cfg.Target.String(), nil)
	if err != nil {
		return err
	}
	resp, err := r.hc.Do(req)
	if err != nil {
		return r.redact.errorf(err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	return resp.Body.Close()
}
