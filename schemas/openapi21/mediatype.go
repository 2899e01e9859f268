package openapi21

import (
	"fmt"
	"mime"
	"strings"
)

// TAXII media types (section 1.6.8) and the version this document describes.
const (
	MediaTAXII = "application/taxii+json"
	MediaSTIX  = "application/stix+json"
	Version    = "2.1"
)

// mediaProblem says what is wrong with a Content-Type value against the wanted media type and
// version parameter; "" when nothing is. Matching follows RFC 7231 section 3.1.1.1: type,
// subtype and parameter names compare case-insensitively, white space around ";" is allowed and
// a parameter value may be a quoted string. versionOnly reports whether only the version
// parameter is at fault (so that it can name its own requirement).
func mediaProblem(value, want, version string) (problem string, versionOnly bool) {
	if strings.TrimSpace(value) == "" {
		return "no Content-Type header", false
	}
	mt, params, err := mime.ParseMediaType(value)
	if err != nil && mt == "" {
		return fmt.Sprintf("Content-Type %q is not a media type: %v", value, err), false
	}
	if mt != want {
		return fmt.Sprintf("Content-Type is %q, want %s;version=%s", value, want, version), false
	}
	if err != nil {
		// The type parsed but a parameter did not (mime.ErrInvalidMediaParameter).
		return fmt.Sprintf("Content-Type %q has malformed parameters: %v", value, err), true
	}
	v, ok := params["version"]
	if !ok {
		return fmt.Sprintf("Content-Type %q lacks the version parameter (version=%s)", value, version), true
	}
	if v != version {
		return fmt.Sprintf("Content-Type %q has version %q, want %q", value, v, version), true
	}
	return "", false
}

// acceptRange is one media range of an Accept header.
type acceptRange struct {
	mediaType string
	params    map[string]string
}

// parseAccept splits an Accept header (all its field lines) into media ranges, skipping
// ranges that do not parse.
func parseAccept(values []string) []acceptRange {
	var out []acceptRange
	for _, v := range values {
		for _, part := range splitOutsideQuotes(v, ',') {
			if strings.TrimSpace(part) == "" {
				continue
			}
			mt, params, err := mime.ParseMediaType(part)
			if err != nil && mt == "" {
				continue
			}
			out = append(out, acceptRange{mediaType: mt, params: params})
		}
	}
	return out
}

// splitOutsideQuotes splits s at sep, except inside quoted strings (a quoted parameter value
// may hold a comma).
func splitOutsideQuotes(s string, sep byte) []string {
	var out []string
	inQuote, escaped, start := false, false, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case escaped:
			escaped = false
		case inQuote && c == '\\':
			escaped = true
		case c == '"':
			inQuote = !inQuote
		case c == sep && !inQuote:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
