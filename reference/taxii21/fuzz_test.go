package taxii21

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzRequest throws arbitrary paths, queries, headers and bodies at the whole handler: it must
// never panic or answer 5xx, and every answer but OPTIONS carries the TAXII media type.
func FuzzRequest(f *testing.F) {
	s, err := New(Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = s.Close() })
	f.Add(uint8(0), intel+"objects/", "match[version]=all&limit=2", taxiiCT, taxiiCT, []byte(nil))
	f.Add(uint8(1), intel+"objects/", "", taxiiCT, taxiiCT, []byte(`{"objects":[{"type":"indicator","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","spec_version":"2.1","created":"2020-01-01T00:00:00Z","modified":"2020-01-01T00:00:00Z"}]}`))
	f.Add(uint8(2), intel+"objects/indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f/", "match[version]=first", "*/*", "", []byte(nil))
	f.Add(uint8(0), "/api1/status/x/", "", "application/*;q=0.5", "", []byte(nil))
	methods := []string{http.MethodGet, http.MethodPost, http.MethodDelete, http.MethodHead, http.MethodOptions, http.MethodPut}
	f.Fuzz(func(t *testing.T, m uint8, path, query, accept, ctype string, body []byte) {
		if !strings.HasPrefix(path, "/") || strings.ContainsAny(path, "?# \t\r\n") {
			return
		}
		req := httptest.NewRequest(http.MethodGet, "http://x/", bytes.NewReader(body))
		req.Method = methods[int(m)%len(methods)]
		req.URL.Path, req.URL.RawQuery = path, query
		req.Header.Set("Accept", accept)
		req.Header.Set("Content-Type", ctype)
		req.SetBasicAuth("admin", "admin-pw")
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		if w.Code >= 500 {
			t.Fatalf("%s %s?%s: %d %s", req.Method, path, query, w.Code, w.Body)
		}
		if w.Code != http.StatusNoContent && w.Header().Get("Content-Type") != taxiiCT {
			t.Fatalf("%s %s: Content-Type %q", req.Method, path, w.Header().Get("Content-Type"))
		}
	})
}
