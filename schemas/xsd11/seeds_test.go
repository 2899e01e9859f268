package xsd11

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/taxii-conform/taxii-conform/schemas/schematest"
)

// xmlBlocks pulls the XML samples out of a reStructuredText page: indented code lines
// that start with '<', up to the end of the indented block.
func xmlBlocks(text string) []string {
	var out []string
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if !strings.HasPrefix(l, "    ") || !strings.HasPrefix(strings.TrimSpace(l), "<") {
			continue
		}
		var block []string
		for ; i < len(lines); i++ {
			if strings.TrimSpace(lines[i]) != "" && !strings.HasPrefix(lines[i], "    ") {
				break
			}
			block = append(block, strings.TrimPrefix(lines[i], "    "))
		}
		out = append(out, strings.TrimSpace(strings.Join(block, "\n")))
	}
	return out
}

// The vendor documentation among the seeds (a TAXII 1.1 server's sample exchanges) is
// an outside check: the test reports what both validators say about each sample and
// fails only when they differ in a way the agreement test's list does not explain.
func TestVendorSamples(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(schematest.SharedDir(t, "seeds"), "002_*"))
	if err != nil || len(files) == 0 {
		t.Skip("no 002_* seed document beside the repository")
	}
	p, o := project(t), official(t)
	list := deliberateDifferences()
	n := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, b := range xmlBlocks(string(raw)) {
			rp := validate(t, p, b)
			ro := validate(t, o, b)
			if rp.Message == "" {
				continue // not a TAXII message (e.g. a stray snippet)
			}
			n++
			t.Logf("%s sample %d: %s %s: project %s, official %s", filepath.Base(f), i+1, rp.Family, rp.Message,
				verdict(rp), verdict(ro))
			for _, v := range rp.Violations {
				t.Logf("    project:  %s", v)
			}
			for _, v := range ro.Violations {
				t.Logf("    official: %s", v)
			}
			if rp.Valid() != ro.Valid() && !explained(list, !rp.Valid(), pick(rp, ro).Violations) {
				t.Errorf("%s sample %d: the validators disagree in a way the agreement list does not explain", filepath.Base(f), i+1)
			}
		}
	}
	if n == 0 {
		t.Error("no TAXII message found in the vendor samples")
	}
}

func verdict(r Result) string {
	if r.Valid() {
		return "valid"
	}
	return "invalid"
}

// pick returns the result of the side that rejected.
func pick(rp, ro Result) Result {
	if !rp.Valid() {
		return rp
	}
	return ro
}
