// Package mediatype does TAXII 2.1 content negotiation (sections 1.6.8 and 3.1): it decides
// whether an Accept header admits the one representation the server produces,
// application/taxii+json;version=2.1, and whether a request's Content-Type names it.
//
// Accept follows RFC 7231 section 5.3.2: media ranges with parameters, "*/*" and "type/*"
// wildcards, and q-values, where the most specific range that matches decides the quality and
// q=0 refuses. A TAXII range without a version parameter means the latest version the server
// supports (1.6.8.2), so it matches; a range naming another version does not.
package mediatype

import (
	"mime"
	"strconv"
	"strings"
)

// The TAXII media type and the version this server speaks.
const (
	TAXII       = "application/taxii+json"
	Version     = "2.1"
	ContentType = TAXII + ";version=" + Version
	// STIX is the media type of STIX content stored in collections (collection media_types,
	// manifest media_type).
	STIX = "application/stix+json"
)

// Specificity of a range that matches the TAXII 2.1 media type, least to most specific.
const (
	noMatch = iota
	anyType
	anySubtype
	taxiiNoVersion
	taxiiVersion
)

// Acceptable reports whether the Accept header values admit TAXII 2.1 JSON. A request with no
// Accept header at all, or only empty ones, is not acceptable: TAXII requires the header.
// Elements that do not parse are skipped, as if absent.
func Acceptable(values []string) bool {
	best, bestQ := noMatch, 0
	for _, v := range values {
		for _, elem := range splitOutsideQuotes(v, ',') {
			spec, q, ok := parseRange(elem)
			if !ok || spec == noMatch {
				continue
			}
			if spec > best || (spec == best && q > bestQ) {
				best, bestQ = spec, q
			}
		}
	}
	return best != noMatch && bestQ > 0
}

// parseRange reads one media range with its parameters and returns how specifically it matches
// TAXII 2.1 and its quality in thousandths.
func parseRange(elem string) (spec, q int, ok bool) {
	parts := splitOutsideQuotes(elem, ';')
	typ := strings.ToLower(strings.TrimSpace(parts[0]))
	if typ == "" {
		return 0, 0, false
	}
	major, minor, found := strings.Cut(typ, "/")
	if !found || !isToken(major) || !isToken(minor) || (major == "*" && minor != "*") {
		return 0, 0, false
	}
	q = 1000
	version, hasVersion := "", false
	inAcceptParams := false // parameters after q belong to the Accept header, not the range
	for _, p := range parts[1:] {
		name, value, found := strings.Cut(strings.TrimSpace(p), "=")
		name = strings.ToLower(strings.TrimSpace(name))
		value = strings.TrimSpace(value)
		if !found || !isToken(name) {
			return 0, 0, false
		}
		value, ok = paramValue(value)
		if !ok {
			return 0, 0, false
		}
		switch {
		case name == "q" && !inAcceptParams:
			if q, ok = parseQ(value); !ok {
				return 0, 0, false
			}
			inAcceptParams = true
		case name == "version" && !inAcceptParams:
			version, hasVersion = value, true
		}
	}
	switch {
	case major == "*":
		spec = anyType
	case major != "application":
		spec = noMatch
	case minor == "*":
		spec = anySubtype
	case minor != "taxii+json":
		spec = noMatch
	case !hasVersion:
		spec = taxiiNoVersion
	case version == Version:
		spec = taxiiVersion
	default:
		spec = noMatch
	}
	return spec, q, true
}

// parseQ reads a qvalue (RFC 7231 section 5.3.1) as thousandths.
func parseQ(s string) (int, bool) {
	if s == "" || len(s) > 5 || (s[0] != '0' && s[0] != '1') {
		return 0, false
	}
	if len(s) > 1 && s[1] != '.' {
		return 0, false
	}
	frac := ""
	if len(s) > 2 {
		frac = s[2:]
	}
	for _, c := range frac {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	n, _ := strconv.Atoi(s[:1])
	f := 0
	if frac != "" {
		f, _ = strconv.Atoi((frac + "00")[:3])
	}
	v := n*1000 + f
	if v > 1000 {
		return 0, false
	}
	return v, true
}

// ContentTypeOK reports whether the Content-Type header values name TAXII 2.1 JSON: exactly one
// value, application/taxii+json, with version 2.1 or no version, and if a charset is given it is
// UTF-8 (section 1.6.7 fixes the encoding).
func ContentTypeOK(values []string) bool {
	if len(values) != 1 {
		return false
	}
	mt, params, err := mime.ParseMediaType(values[0])
	if err != nil || mt != TAXII {
		return false
	}
	for name, value := range params {
		switch name {
		case "version":
			if value != Version {
				return false
			}
		case "charset":
			if !strings.EqualFold(value, "utf-8") {
				return false
			}
		}
	}
	return true
}

// splitOutsideQuotes splits s at sep, except inside quoted strings.
func splitOutsideQuotes(s string, sep byte) []string {
	var out []string
	start, quoted, escaped := 0, false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case escaped:
			escaped = false
		case quoted && c == '\\':
			escaped = true
		case c == '"':
			quoted = !quoted
		case c == sep && !quoted:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// paramValue reads a parameter value: a token or a quoted string.
func paramValue(v string) (string, bool) {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		var b strings.Builder
		for i := 1; i < len(v)-1; i++ {
			c := v[i]
			if c == '\\' {
				i++
				if i >= len(v)-1 {
					return "", false
				}
				c = v[i]
			} else if c == '"' {
				return "", false
			}
			b.WriteByte(c)
		}
		return b.String(), true
	}
	return v, isToken(v)
}

// isToken reports whether s is an RFC 7230 token.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("\"(),/:;<=>?@[\\]{}", c) >= 0 {
			return false
		}
	}
	return true
}
