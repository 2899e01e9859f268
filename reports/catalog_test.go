package reports

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestWriteCatalog(t *testing.T) {
	cat := testCatalog(t)
	reqs := cat.Protocol("2.1")
	coverage := map[string][]string{
		must:    {"b spec", "a spec"},
		message: {"schema spec"},
		may:     {"optional spec"},
	}
	// Needing a spec: remote, not client, not MAY: 01 02 03 2.1-01 2.1-02 2.1-03 2.1-04 = 7;
	// covered: 01 and 2.1-01.
	const totals = "requirements 10, needing a spec 7, covered 2, missing 5"

	var b bytes.Buffer
	if err := WriteCatalog(&b, "table", reqs, coverage); err != nil {
		t.Fatal(err)
	}
	table := b.String()
	for _, want := range []string{"ID", "COVERAGE", must + "  ", "2 spec(s)", "MISSING", "client only", "not remote", totals} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}

	b.Reset()
	if err := WriteCatalog(&b, "json", reqs, coverage); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Requirements []struct {
			ID        string   `json:"id"`
			Level     string   `json:"level"`
			Protocol  string   `json:"protocol"`
			NeedsSpec bool     `json:"needs_spec"`
			Specs     []string `json:"specs"`
		} `json:"requirements"`
		Totals CatalogTotals `json:"totals"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Requirements) != 10 || doc.Totals != (CatalogTotals{Requirements: 10, NeedSpec: 7, Covered: 2, Missing: 5}) {
		t.Errorf("json: %d requirements, totals %+v", len(doc.Requirements), doc.Totals)
	}
	first := doc.Requirements[0]
	if first.ID != must || first.Protocol != "2.1" || !first.NeedsSpec || strings.Join(first.Specs, ",") != "a spec,b spec" {
		t.Errorf("json first row %+v", first)
	}
	if doc.Requirements[1].Specs == nil {
		t.Error("json: specs is null rather than an empty list")
	}

	b.Reset()
	if err := WriteCatalog(&b, "tsv", reqs, coverage); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	if len(lines) != 11 {
		t.Fatalf("tsv: %d lines, want header + 10", len(lines))
	}
	for i, l := range lines {
		if n := strings.Count(l, "\t"); n != 9 {
			t.Errorf("tsv line %d has %d tabs: %q", i, n, l)
		}
	}
	if !strings.HasPrefix(lines[1], must+"\t2.1\tT21\t1.1\tMUST\tserver\tremote\ttrue\ta spec; b spec\t") {
		t.Errorf("tsv row %q", lines[1])
	}

	b.Reset()
	if err := WriteCatalog(&b, "md", reqs, coverage); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "| "+must+" | MUST | server | 1.1 | 2 spec(s) |") || !strings.Contains(b.String(), totals) {
		t.Errorf("md:\n%s", b.String())
	}

	b.Reset()
	if err := WriteCatalog(&b, "yaml", reqs, coverage); err == nil || b.Len() != 0 {
		t.Errorf("unknown format: err %v, wrote %d bytes", err, b.Len())
	}
}
