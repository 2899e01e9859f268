package xsd11

import (
	"regexp"
	"testing"

	"github.com/taxii-conform/taxii-conform/schemas/schematest"
)

var (
	statusTypeAttr = regexp.MustCompile(`status_type="([^"]*)"`)
	schemaLocation = regexp.MustCompile(`schemaLocation="([^"]*)"`)
)

// official loads the official schemas from ../shared/spec/xsd, skipping when absent.
func official(t testing.TB) *Validator {
	t.Helper()
	o, err := LoadOfficial(schematest.SharedDir(t, "spec", "xsd"))
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
