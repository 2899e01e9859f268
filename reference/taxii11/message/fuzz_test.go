package message

import (
	"bytes"
	"testing"
)

// FuzzParse: the parser never panics; whatever it accepts encodes to a message it accepts
// again, and from then on encoding is stable.
func FuzzParse(f *testing.F) {
	for _, fam := range Families {
		for _, m := range samples() {
			f.Add(Marshal(fam, m))
		}
	}
	for _, b := range corpus(f, "valid") {
		f.Add(b)
	}
	for _, b := range corpus(f, "invalid") {
		f.Add(b)
	}
	f.Add([]byte(`<!DOCTYPE d [<!ENTITY a "aa"><!ENTITY b "&a;&a;">]><Discovery_Request message_id="1">&b;</Discovery_Request>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		m, fam, err := Parse(body)
		if err != nil {
			if _, ok := err.(*ParseError); !ok {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		first := Marshal(fam, m)
		m2, fam2, err := Parse(first)
		if err != nil {
			t.Fatalf("re-encoded message does not parse: %v\n%s", err, first)
		}
		if fam2 != fam || m2.Kind() != m.Kind() {
			t.Fatalf("re-encoded as %s %s", fam2.Name, m2.Kind())
		}
		second := Marshal(fam, m2)
		m3, _, err := Parse(second)
		if err != nil {
			t.Fatal(err)
		}
		if third := Marshal(fam, m3); !bytes.Equal(second, third) {
			t.Fatalf("encoding not stable:\n%s\n%s", second, third)
		}
	})
}

// FuzzFragment: standalone documents either fail cleanly or yield a fragment that reads back.
func FuzzFragment(f *testing.F) {
	f.Add([]byte(`<a:x xmlns:a="urn:a"><b/></a:x>`))
	f.Add([]byte(`<?xml version="1.0"?><x>t</x>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		frag, err := Fragment(doc)
		if err != nil {
			return
		}
		if _, err := Fragment(frag); err != nil && len(bytes.TrimSpace(frag)) > 0 {
			t.Fatalf("fragment does not read back: %v\n%s", err, frag)
		}
	})
}
