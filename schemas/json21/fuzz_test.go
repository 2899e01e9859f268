package json21

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// FuzzDecode: the decoder never panics on what a target sends; it accepts only what the
// standard library also reads as one well-formed JSON value, and what it accepts survives a
// round trip unchanged; a refusal is exactly one violation that says what is wrong. Validation
// of any accepted value against every kind ends in violations, never in an internal error.
func FuzzDecode(f *testing.F) {
	_ = filepath.WalkDir(filepath.Join(fixtureDir, "valid"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".json" {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
		return nil
	})
	f.Add([]byte(`{"a":1,"a":2}`))
	f.Add([]byte(`{"more":true,"objects":[{"type":"indicator","id":"x"}]} {}`))
	f.Add([]byte("\"\xff\""))
	f.Add([]byte(`[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		v, bad := Decode(body)
		if bad != nil {
			if v != nil || len(bad) != 1 || bad[0].Message == "" {
				t.Fatalf("refusal is not one explained violation: %v %#v", v, bad)
			}
			return
		}
		if !json.Valid(body) {
			t.Fatalf("accepted what encoding/json refuses: %q", body)
		}
		again, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("accepted value does not encode: %v", err)
		}
		v2, bad := Decode(again)
		if bad != nil {
			t.Fatalf("re-encoded value refused: %v\n%s", bad[0].Message, again)
		}
		if !reflect.DeepEqual(v, v2) {
			t.Fatalf("round trip changed the value:\n%s", again)
		}
		for _, k := range Kinds() {
			if _, err := ValidateValue(k, v); err != nil {
				t.Fatalf("%s: internal error on %s: %v", k, again, err)
			}
		}
	})
}
