package mediatype

import (
	"strings"
	"testing"
)

func TestAcceptable(t *testing.T) {
	yes := []string{
		"application/taxii+json;version=2.1",
		"application/taxii+json; version=2.1",
		"application/taxii+json",
		"Application/TAXII+JSON;Version=2.1",
		`application/taxii+json;version="2.1"`,
		"application/taxii+json;version=2.1,application/stix+json;version=2.1",
		"*/*",
		"application/*",
		"text/html, */*;q=0.1",
		"application/taxii+json;version=2.0, application/taxii+json;version=2.1;q=0.5",
		"application/json, application/taxii+json;q=0.2",
		"application/taxii+json;version=2.1;q=1.000",
		"application/taxii+json;version=2.1;q=0.001",
		"garbage, application/taxii+json",
		"application/taxii+json;version=2.1;q=0.5;ext=1",
		// A more specific range with q>0 wins over a refusing wildcard.
		"*/*;q=0, application/taxii+json",
	}
	for _, h := range yes {
		if !Acceptable([]string{h}) {
			t.Errorf("Acceptable(%q) = false", h)
		}
	}
	no := []string{
		"",
		"application/json",
		"application/taxii+json;version=2.0",
		"application/taxii+json;version=3",
		"application/stix+json;version=2.1",
		"text/*",
		"application/taxii+json;q=0",
		"application/taxii+json;version=2.1;q=0.000",
		// The most specific matching range decides: TAXII refused even though */* is fine.
		"application/taxii+json;q=0, */*",
		"application/taxii+json;version=2.1;q=0, application/*",
		"application/taxii+json;q=2",
		"application/taxii+json;q=0.1234",
		"application/taxii+json;q=abc",
		"application",
		"*/taxii+json",
		"application/taxii+json/x",
		";;;",
		",,,",
	}
	for _, h := range no {
		if Acceptable([]string{h}) {
			t.Errorf("Acceptable(%q) = true", h)
		}
	}
	if Acceptable(nil) {
		t.Error("a missing Accept header is acceptable")
	}
	if !Acceptable([]string{"application/json", "application/taxii+json"}) {
		t.Error("Accept split over two header lines not combined")
	}
}

func TestContentTypeOK(t *testing.T) {
	yes := []string{
		"application/taxii+json;version=2.1",
		"application/taxii+json; version=2.1",
		"application/taxii+json",
		"Application/Taxii+Json; Version=2.1",
		"application/taxii+json;version=2.1;charset=utf-8",
		"application/taxii+json; charset=UTF-8",
	}
	for _, h := range yes {
		if !ContentTypeOK([]string{h}) {
			t.Errorf("ContentTypeOK(%q) = false", h)
		}
	}
	no := []string{
		"",
		"application/json",
		"application/stix+json;version=2.1",
		"application/taxii+json;version=2.0",
		"application/taxii+json;version=20",
		"application/taxii+json;charset=latin1",
		"application/taxii+json;version",
		"text/plain",
		"application/taxii+json;;",
	}
	for _, h := range no {
		if ContentTypeOK([]string{h}) {
			t.Errorf("ContentTypeOK(%q) = true", h)
		}
	}
	if ContentTypeOK(nil) {
		t.Error("missing Content-Type accepted")
	}
	if ContentTypeOK([]string{ContentType, ContentType}) {
		t.Error("two Content-Type headers accepted")
	}
}

// FuzzAccept checks that the Accept parser never panics and agrees with itself: adding a range
// that refuses everything else cannot turn a refusal into acceptance, and a header that names
// TAXII 2.1 exactly with q=1 is always acceptable whatever precedes it.
func FuzzAccept(f *testing.F) {
	for _, s := range []string{"application/taxii+json;version=2.1", "*/*;q=0.5", `a/b;x="y,z"`, "application/taxii+json;q=0", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Acceptable([]string{s})
		if !got && Acceptable([]string{s + ",text/plain"}) && !strings.Contains(s, `"`) {
			t.Fatalf("adding text/plain made %q acceptable", s)
		}
		if !strings.Contains(s, `"`) && !Acceptable([]string{s + "," + ContentType}) {
			// A later exact TAXII 2.1 range has the highest specificity; only an exact TAXII 2.1
			// range with a higher q could tie, and it would be acceptable too.
			if !strings.Contains(strings.ToLower(s), "taxii+json") {
				t.Fatalf("%q plus an exact TAXII range refused", s)
			}
		}
	})
}

// FuzzContentType checks that the Content-Type check never panics and never accepts a value
// that does not start with the TAXII media type.
func FuzzContentType(f *testing.F) {
	for _, s := range []string{ContentType, "application/json", "application/taxii+json;charset=utf-8", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ContentTypeOK([]string{s}) && !strings.HasPrefix(strings.ToLower(strings.TrimSpace(s)), TAXII) {
			t.Fatalf("accepted %q", s)
		}
	})
}
