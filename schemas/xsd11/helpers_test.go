package xsd11

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

var (
	statusTypeAttr = regexp.MustCompile(`status_type="([^"]*)"`)
	schemaLocation = regexp.MustCompile(`schemaLocation="([^"]*)"`)
)

// sharedDir is ../shared beside the repository (the specification texts, official
// schemas and seed documents); the test is skipped when it is absent.
func sharedDir(t testing.TB, sub ...string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("repository root not found")
		}
		dir = parent
	}
	p := filepath.Join(append([]string{dir, "..", "shared"}, sub...)...)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s is absent (the shared specification material beside the repository): skipping", p)
	}
	return p
}

// official loads the official schemas from ../shared/spec/xsd, skipping when absent.
func official(t testing.TB) *Validator {
	t.Helper()
	o, err := LoadOfficial(sharedDir(t, "spec", "xsd"))
	if err != nil {
		t.Fatalf("LoadOfficial: %v", err)
	}
	return o
}

// officialOrNil is official without skipping: nil when the schemas are absent.
func officialOrNil(t *testing.T) *Validator {
	t.Helper()
	var o *Validator
	t.Run("official-schemas", func(t *testing.T) { o = official(t) })
	return o
}
