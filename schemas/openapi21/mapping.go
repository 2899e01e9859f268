package openapi21

import (
	"net/url"
	"strings"
)

// mapPath maps a request URL onto the document's paths: the discovery URL becomes /taxii2/,
// a URL under an API root becomes the rest of its path after the root (with its leading "/").
// The longest matching API root wins. It reports false when the URL is under neither. Paths are
// compared in their escaped form, so that escaped characters cannot fake a match.
func mapPath(u *url.URL, discovery string, roots []string) (string, bool) {
	path := u.EscapedPath()
	disc := defaultDiscovery
	if discovery != "" {
		d, err := u.Parse(discovery)
		if err != nil || !sameOrigin(u, d) {
			disc = ""
		} else {
			disc = d.EscapedPath()
		}
	}
	if disc != "" && path == disc {
		return discoveryDocPath, true
	}
	best, rest := "", ""
	for _, root := range roots {
		r, err := u.Parse(root)
		if err != nil || !sameOrigin(u, r) {
			continue
		}
		rp := r.EscapedPath()
		if !strings.HasSuffix(rp, "/") {
			rp += "/"
		}
		switch {
		case strings.HasPrefix(path, rp) && len(rp) > len(best):
			best, rest = rp, path[len(rp)-1:]
		case path+"/" == rp && len(rp) > len(best):
			// The API root itself without its trailing slash: no endpoint matches it.
			best, rest = rp, ""
		}
	}
	if best == "" {
		return "", false
	}
	return rest, true
}

// sameOrigin reports whether two absolute URLs share scheme, host and port (default ports filled
// in), compared case-insensitively.
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) &&
		strings.EqualFold(a.Hostname(), b.Hostname()) &&
		port(a) == port(b)
}

func port(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}
