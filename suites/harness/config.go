// Package harness is what every suite runs on: the target configuration and profile, an HTTP
// client that records each exchange with credentials redacted and bounds its time and size,
// schema validation of every message, and the ways a spec ends (pass, fail on a named
// requirement, warn, unsupported, disabled, error). It knows no protocol: the suites bring
// their own requests and validators.
package harness

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Identity is one set of credentials the harness can present.
type Identity struct {
	// User and Password: HTTP Basic.
	User     string `yaml:"user,omitempty"`
	Password string `yaml:"password,omitempty"`
	// Token: "Authorization: Bearer <token>".
	Token string `yaml:"token,omitempty"`
	// Headers are sent as given; their values are treated as secrets.
	Headers map[string]string `yaml:"headers,omitempty"`
}

// Anonymous reports whether the identity presents no credentials at all.
func (i Identity) Anonymous() bool {
	return i.User == "" && i.Password == "" && i.Token == "" && len(i.Headers) == 0
}

// secrets lists the values that must never appear in output.
func (i Identity) secrets() []string {
	var s []string
	if i.Password != "" {
		s = append(s, i.Password)
	}
	if i.Token != "" {
		s = append(s, i.Token)
	}
	for _, v := range i.Headers {
		s = append(s, v)
	}
	return s
}

// Well-known identity names a profile may define.
const (
	// DefaultIdentity is the identity from --user/--password, --token or --header, or the
	// profile's "default".
	DefaultIdentity = "default"
	// AnonymousIdentity presents no credentials; always available.
	AnonymousIdentity = "anonymous"
	// ReaderIdentity may read the profile's collections but not write them.
	ReaderIdentity = "reader"
	// WriterIdentity may write the profile's writable collection.
	WriterIdentity = "writer"
	// NoAccessIdentity authenticates but may see no collection.
	NoAccessIdentity = "nobody"
)

// Profile tells the harness what discovery cannot: identities with different rights, which
// collections may be written, which optional features the server claims.
type Profile struct {
	// Identities by name; see the *Identity constants for the names specs look for.
	Identities map[string]Identity `yaml:"identities"`
	TAXII21    *Profile21          `yaml:"taxii21,omitempty"`
	TAXII11    *Profile11          `yaml:"taxii11,omitempty"`
}

// Collections names the collections a profile offers for each kind of access.
type Collections struct {
	// ReadWrite may be read and written by the writer identity (and read by the reader).
	ReadWrite string `yaml:"read_write,omitempty"`
	// ReadOnly may be read but not written by the writer identity.
	ReadOnly string `yaml:"read_only,omitempty"`
	// WriteOnly may be written but not read by the writer identity.
	WriteOnly string `yaml:"write_only,omitempty"`
}

// Profile21 is the TAXII 2.1 part of a profile.
type Profile21 struct {
	// APIRoot is the API root to test (absolute URL, or a path on the target); default: the
	// discovery resource's default, else its first API root.
	APIRoot string `yaml:"api_root,omitempty"`
	// Collections are collection ids in that API root.
	Collections Collections `yaml:"collections,omitempty"`
	// Features the server claims (see the taxii21 suite for the names it knows).
	Features []string `yaml:"features,omitempty"`
}

// Profile11 is the TAXII 1.x part of a profile.
type Profile11 struct {
	// Discovery is the Discovery service URL (absolute, or a path on the target); default:
	// the target itself.
	Discovery string `yaml:"discovery,omitempty"`
	// Collections are collection names.
	Collections Collections `yaml:"collections,omitempty"`
	// Features the server claims (see the taxii11 suite for the names it knows).
	Features []string `yaml:"features,omitempty"`
	// InboxListen is where the harness listens for pushed content (default 127.0.0.1:0).
	InboxListen string `yaml:"inbox_listen,omitempty"`
	// InboxAddress is the address the server should push to, when it differs from the
	// listener (e.g. behind NAT or from a container).
	InboxAddress string `yaml:"inbox_address,omitempty"`
}

// HasFeature reports whether the profile claims a feature for a protocol section.
func hasFeature(list []string, f string) bool {
	for _, x := range list {
		if strings.EqualFold(x, f) {
			return true
		}
	}
	return false
}

// HasFeature21 reports whether the profile claims a TAXII 2.1 feature.
func (p *Profile) HasFeature21(f string) bool {
	return p != nil && p.TAXII21 != nil && hasFeature(p.TAXII21.Features, f)
}

// HasFeature11 reports whether the profile claims a TAXII 1.x feature.
func (p *Profile) HasFeature11(f string) bool {
	return p != nil && p.TAXII11 != nil && hasFeature(p.TAXII11.Features, f)
}

// LoadProfile reads a profile YAML file; unknown fields are errors.
func LoadProfile(path string) (*Profile, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseProfile(raw)
}

// ParseProfile reads profile YAML; unknown fields are errors so that typos do not pass silently.
func ParseProfile(raw []byte) (*Profile, error) {
	var p Profile
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("profile: %w", err)
	}
	for name, id := range p.Identities {
		if id.Token != "" && (id.User != "" || id.Password != "") {
			return nil, fmt.Errorf("profile: identity %q has both a token and a user/password", name)
		}
		if id.Password != "" && id.User == "" {
			return nil, fmt.Errorf("profile: identity %q has a password but no user", name)
		}
	}
	return &p, nil
}

// Config is everything a run needs to know about its target.
type Config struct {
	// Target is the URL given with --target: a discovery URL or an API root (TAXII 2.1), or a
	// Discovery service (TAXII 1.x). It carries no credentials.
	Target *url.URL
	// Protocol is "2.1" or "1.1.1".
	Protocol string
	// Identity is the default identity (from the flags, else the profile's "default").
	Identity Identity
	// Profile may be empty, never nil after Configure.
	Profile *Profile
	// TLS: a CA bundle to trust, a client certificate, or no verification at all.
	CAFile, CertFile, KeyFile string
	Insecure                  bool
	// ReadOnly forbids every spec that writes.
	ReadOnly bool
	// Strict turns SHOULD warnings into failures.
	Strict bool
	// RequestTimeout bounds each exchange, connection to last byte.
	RequestTimeout time.Duration
	// MaxBodyBytes caps what is read of a response body; more is an error.
	MaxBodyBytes int64
	// RecordBodyBytes caps each body kept in the report.
	RecordBodyBytes int
	// UserAgent identifies the harness (TAXII asks clients to send one).
	UserAgent string
}

// Defaults for the bounds.
const (
	DefaultRequestTimeout  = 30 * time.Second
	DefaultMaxBodyBytes    = 64 << 20
	DefaultRecordBodyBytes = 32 << 10
)

// ParseTarget checks a --target URL: http or https, a host, no credentials (they go in flags,
// where they are kept out of reports).
func ParseTarget(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("--target: %v", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("--target: scheme must be http or https, not %q", u.Scheme)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("--target: no host in %q", RedactURL(raw))
	}
	if u.User != nil {
		return nil, fmt.Errorf("--target: put credentials in --user/--password, not in the URL")
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return u, nil
}
