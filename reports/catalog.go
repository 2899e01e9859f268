package reports

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/taxii-conform/taxii-conform/suites/requirements"
)

// CatalogFormats are the formats WriteCatalog knows.
var CatalogFormats = []string{"table", "json", "tsv", "md"}

// CatalogTotals counts the traceability of a catalog listing.
type CatalogTotals struct {
	Requirements int `json:"requirements"`
	// NeedSpec counts the requirements the traceability check demands a spec for.
	NeedSpec int `json:"need_spec"`
	Covered  int `json:"covered"`
	Missing  int `json:"missing"`
}

// CatalogEntry is one requirement with the specs that name it.
type CatalogEntry struct {
	requirements.Requirement
	Protocol  string   `json:"protocol"`
	NeedsSpec bool     `json:"needs_spec"`
	Specs     []string `json:"specs"`
}

// catalogRows pairs each requirement with its coverage and counts the totals.
func catalogRows(reqs []requirements.Requirement, coverage map[string][]string) ([]CatalogEntry, CatalogTotals) {
	t := CatalogTotals{Requirements: len(reqs)}
	rows := make([]CatalogEntry, 0, len(reqs))
	for _, r := range reqs {
		specs := append([]string{}, coverage[r.ID]...)
		sort.Strings(specs)
		e := CatalogEntry{Requirement: r, Protocol: r.Protocol(), NeedsSpec: r.NeedsSpec(), Specs: specs}
		if e.NeedsSpec {
			t.NeedSpec++
			if len(specs) > 0 {
				t.Covered++
			} else {
				t.Missing++
			}
		}
		rows = append(rows, e)
	}
	return rows, t
}

// coverageWord says in one word where a requirement stands.
func coverageWord(e CatalogEntry) string {
	switch {
	case len(e.Specs) > 0:
		return fmt.Sprintf("%d spec(s)", len(e.Specs))
	case e.NeedsSpec:
		return "MISSING"
	case !e.RemotelyTestable():
		return "not remote"
	case e.Subject == requirements.Client:
		return "client only"
	default:
		return "none needed"
	}
}

// WriteCatalog prints requirements with their coverage (spec names per requirement ID, as
// requirements.Trace.Covered gives them) and the totals, for `taxii-conform requirements`.
// format is table, json, tsv or md; anything else is an error and nothing is written.
func WriteCatalog(w io.Writer, format string, reqs []requirements.Requirement, coverage map[string][]string) error {
	rows, t := catalogRows(reqs, coverage)
	var b bytes.Buffer
	switch format {
	case "", "table":
		tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tLEVEL\tSUBJECT\tSECTION\tCOVERAGE\tSUMMARY")
		for _, e := range rows {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", e.ID, e.Level, e.Subject, e.Section, coverageWord(e), clip(oneLine(e.Summary), 100))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintf(&b, "\n%s\n", totalsLine(t))
	case "json":
		if err := writeIndentedJSON(&b, struct {
			Requirements []CatalogEntry `json:"requirements"`
			Totals       CatalogTotals  `json:"totals"`
		}{rows, t}); err != nil {
			return err
		}
	case "tsv":
		b.WriteString("id\tprotocol\tdoc\tsection\tlevel\tsubject\ttestable\tneeds_spec\tspecs\tsummary\n")
		for _, e := range rows {
			fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%t\t%s\t%s\n", e.ID, e.Protocol, e.Doc, tsvCell(e.Section),
				e.Level, e.Subject, tsvCell(e.Testable), e.NeedsSpec, tsvCell(strings.Join(e.Specs, "; ")), tsvCell(e.Summary))
		}
	case "md":
		b.WriteString("| id | level | subject | section | coverage | summary |\n|---|---|---|---|---|---|\n")
		for _, e := range rows {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", e.ID, e.Level, e.Subject, mdText(e.Section, 20),
				mdText(coverageWord(e), 40), mdText(e.Summary, 300))
		}
		fmt.Fprintf(&b, "\n%s\n", totalsLine(t))
	default:
		return fmt.Errorf("unknown format %q: want one of %s", format, strings.Join(CatalogFormats, ", "))
	}
	_, err := w.Write(b.Bytes())
	return err
}

func totalsLine(t CatalogTotals) string {
	return fmt.Sprintf("requirements %d, needing a spec %d, covered %d, missing %d", t.Requirements, t.NeedSpec, t.Covered, t.Missing)
}

// tsvCell keeps a value on one line and out of the column separators.
func tsvCell(s string) string { return oneLine(strings.ReplaceAll(s, "\t", " ")) }
