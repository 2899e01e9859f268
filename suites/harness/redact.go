package harness

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

const redacted = "<redacted>"

// secretHeaders are header names whose values are always secret, whoever sent them.
var secretHeaders = map[string]bool{
	"Authorization":       true,
	"Proxy-Authorization": true,
	"Cookie":              true,
	"Set-Cookie":          true,
	"X-Api-Key":           true,
	"X-Auth-Token":        true,
}

// redactor removes every known secret from text the harness records or prints.
type redactor struct {
	secrets []string // longest first, so that a secret inside another is not half-replaced
	headers map[string]bool
}

func newRedactor(ids ...Identity) *redactor {
	r := &redactor{headers: map[string]bool{}}
	seen := map[string]bool{}
	add := func(s string) {
		// Very short values (a one-letter password) would shred unrelated text; they are still
		// kept out of headers and curl lines, which never print credentials at all.
		if len(s) >= 3 && !seen[s] {
			seen[s] = true
			r.secrets = append(r.secrets, s)
		}
	}
	for _, id := range ids {
		for _, s := range id.secrets() {
			add(s)
		}
		if id.User != "" || id.Password != "" {
			add(base64.StdEncoding.EncodeToString([]byte(id.User + ":" + id.Password)))
		}
		for h := range id.Headers {
			r.headers[http.CanonicalHeaderKey(h)] = true
		}
	}
	sort.Slice(r.secrets, func(i, j int) bool { return len(r.secrets[i]) > len(r.secrets[j]) })
	return r
}

// text replaces every secret in s.
func (r *redactor) text(s string) string {
	if r == nil {
		return s
	}
	for _, sec := range r.secrets {
		if strings.Contains(s, sec) {
			s = strings.ReplaceAll(s, sec, redacted)
		}
	}
	return s
}

// header copies h with secret values replaced. The scheme of an Authorization value is kept,
// because which scheme was used matters when reading a report.
func (r *redactor) header(h http.Header) map[string][]string {
	if len(h) == 0 {
		return nil
	}
	out := make(map[string][]string, len(h))
	for k, vs := range h {
		ck := http.CanonicalHeaderKey(k)
		secret := secretHeaders[ck] || (r != nil && r.headers[ck])
		for _, v := range vs {
			switch {
			case secret && (ck == "Authorization" || ck == "Proxy-Authorization"):
				scheme, _, _ := strings.Cut(v, " ")
				v = scheme + " " + redacted
			case secret:
				v = redacted
			default:
				v = r.text(v)
			}
			out[ck] = append(out[ck], v)
		}
	}
	return out
}

// RedactURL removes user information from a URL string, for messages about bad input.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		if err != nil && strings.Contains(raw, "@") {
			return "<unparseable URL>"
		}
		return raw
	}
	u.User = nil
	return u.String()
}

// curlLine writes a shell command that repeats a request. Credentials come from environment
// variables named after the identity, so the line itself carries no secret.
func curlLine(method string, u *url.URL, h http.Header, body []byte, idName string, id Identity, cfg *Config, seq int) string {
	var b strings.Builder
	b.WriteString("curl -sS -i")
	if method != http.MethodGet {
		fmt.Fprintf(&b, " -X %s", method)
	}
	if cfg.Insecure {
		b.WriteString(" -k")
	}
	if cfg.CAFile != "" {
		fmt.Fprintf(&b, " --cacert %s", shellQuote(cfg.CAFile))
	}
	if cfg.CertFile != "" {
		fmt.Fprintf(&b, " --cert %s --key %s", shellQuote(cfg.CertFile), shellQuote(cfg.KeyFile))
	}
	if cfg.RequestTimeout > 0 {
		fmt.Fprintf(&b, " --max-time %d", int(cfg.RequestTimeout.Seconds()+0.999))
	}
	env := "TAXII_"
	if idName != "" && idName != DefaultIdentity {
		env += strings.ToUpper(strings.NewReplacer("-", "_", ".", "_").Replace(idName)) + "_"
	}
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		ck := http.CanonicalHeaderKey(k)
		if ck == "Authorization" || ck == "User-Agent" || ck == "Content-Length" {
			continue
		}
		if _, custom := id.Headers[k]; custom {
			continue
		}
		for _, v := range h[k] {
			fmt.Fprintf(&b, " -H %s", shellQuote(ck+": "+v))
		}
	}
	switch {
	case id.Token != "":
		fmt.Fprintf(&b, ` -H "Authorization: Bearer $%sTOKEN"`, env)
	case id.User != "":
		fmt.Fprintf(&b, ` -u "$%sUSER:$%sPASSWORD"`, env, env)
	}
	hnames := make([]string, 0, len(id.Headers))
	for k := range id.Headers {
		hnames = append(hnames, k)
	}
	sort.Strings(hnames)
	for i, k := range hnames {
		fmt.Fprintf(&b, ` -H "%s: $%sHEADER_%d"`, k, env, i+1)
	}
	if len(body) > 0 {
		if len(body) <= 8<<10 && printable(body) {
			fmt.Fprintf(&b, " --data-binary %s", shellQuote(string(body)))
		} else {
			fmt.Fprintf(&b, " --data-binary @request-%d.body", seq)
		}
	}
	fmt.Fprintf(&b, " %s", shellQuote(u.String()))
	return b.String()
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func printable(b []byte) bool {
	for _, c := range string(b) {
		if c == 0xFFFD || (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
			return false
		}
	}
	return true
}
