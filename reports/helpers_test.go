package reports

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/taxii-conform/taxii-conform/schemas"
	"github.com/taxii-conform/taxii-conform/suites/harness"
	"github.com/taxii-conform/taxii-conform/suites/requirements"
)

// testCatalogYAML is a small catalog covering every level and the not-applicable cases.
const testCatalogYAML = `doc: T21
title: test
source: test
requirements:
- {id: T21-1.1-01, section: '1.1', level: MUST, subject: server, testable: remote, summary: server must answer discovery}
- {id: T21-1.1-02, section: '1.1', level: MUST NOT, subject: server, testable: remote, summary: server must not leak}
- {id: T21-1.1-03, section: '1.1', level: SHOULD, subject: server, testable: remote, summary: server should paginate}
- {id: T21-1.1-04, section: '1.1', level: MAY, subject: server, testable: remote, summary: server may compress}
- {id: T21-1.1-05, section: '1.1', level: MUST, subject: client, testable: remote, summary: client must send accept}
- {id: T21-1.1-06, section: '1.1', level: MUST, subject: server, testable: internal storage only, summary: server must keep data}
- {id: T21-2.1-01, section: '2.1', level: MUST, subject: message, testable: remote, summary: messages must be valid}
- {id: T21-2.1-02, section: '2.1', level: MUST, subject: server, testable: remote, summary: never named by a spec}
- {id: T21-2.1-03, section: '2.1', level: MUST, subject: server, testable: remote, summary: named by a filtered spec}
- {id: T21-2.1-04, section: '2.1', level: SHOULD NOT, subject: server, testable: remote, summary: should not redirect}
`

const testCatalog11YAML = `doc: T11S
title: test
source: test
requirements:
- {id: T11S-3.1-01, section: '3.1', level: MUST, subject: server, testable: remote, summary: a 1.1.1 requirement}
`

func testCatalog(t testing.TB) *requirements.Catalog {
	t.Helper()
	c, err := requirements.LoadFS(fstest.MapFS{
		"c/t21.yaml":  {Data: []byte(testCatalogYAML)},
		"c/t11s.yaml": {Data: []byte(testCatalog11YAML)},
	}, "c")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// spec builds a spec report of the 2.1 suite.
func spec(text string, state types.SpecState, ids []string, entries ...types.ReportEntry) types.SpecReport {
	labels := append([]string{}, ids...)
	labels = append(labels, harness.LabelTAXII21)
	return types.SpecReport{
		LeafNodeType:     types.NodeTypeIt,
		LeafNodeText:     text,
		LeafNodeLabels:   labels,
		LeafNodeLocation: types.CodeLocation{FileName: "/src/suites/taxii21/x_test.go", LineNumber: 10},
		State:            state,
		NumAttempts:      1,
		RunTime:          12 * time.Millisecond,
		ReportEntries:    entries,
	}
}

func withFailure(s types.SpecReport, msg string) types.SpecReport {
	s.Failure = types.Failure{Message: msg, Location: types.CodeLocation{FileName: "/src/x_test.go", LineNumber: 42}}
	return s
}

func entry(name string, v any) types.ReportEntry {
	return types.ReportEntry{Name: name, Value: types.WrapEntryValue(v), Visibility: types.ReportEntryVisibilityNever}
}

func outcome(kind harness.Kind, reason string) types.ReportEntry {
	return entry(harness.EntryOutcome, harness.Outcome{Kind: kind, Reason: reason})
}

func failure(req, msg string, soft bool, seq int) types.ReportEntry {
	return entry(harness.EntryFailure, harness.Failure{Requirement: req, Message: msg, Soft: soft, Exchange: seq, Location: "x_test.go:50"})
}

func exchange(seq int, body string, violations ...harness.ExchangeViolation) types.ReportEntry {
	return entry(harness.EntryExchange, harness.ExchangeRecord{
		Seq: seq, Method: "GET", URL: "http://user:secret@127.0.0.1:8080/taxii2/", Status: 200,
		RequestHeader:  map[string][]string{"Accept": {"application/taxii+json;version=2.1"}, "Authorization": {"<redacted>"}},
		ResponseHeader: map[string][]string{"Content-Type": {"application/taxii+json;version=2.1"}},
		ResponseBody:   body, Curl: "curl -sS -u \"$TAXII_USER:$TAXII_PASSWORD\" 'http://127.0.0.1:8080/taxii2/'",
		Violations: violations,
	})
}

func violation(req string, inRequest bool) harness.ExchangeViolation {
	return harness.ExchangeViolation{Violation: schemas.Violation{Requirement: req, Schema: "discovery",
		Location: "/title", Rule: "/properties/title/type", Message: "expected string, got number"}, InRequest: inRequest}
}

func ginkgoReport(specs ...types.SpecReport) types.Report {
	return types.Report{
		SuiteDescription: "TAXII 2.1", SuitePath: "/src/suites/taxii21",
		SuiteSucceeded: false, StartTime: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), RunTime: 2500 * time.Millisecond,
		SpecReports: specs,
	}
}

// roundTrip marshals a Ginkgo report to JSON and reads it back, as `ginkgo --json-report`
// consumers see it: raw entry values are gone.
func roundTrip(t testing.TB, r types.Report) types.Report {
	t.Helper()
	raw, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back types.Report
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	for _, s := range back.SpecReports {
		for _, e := range s.ReportEntries {
			if _, ok := e.Value.GetRawValue().(harness.Failure); ok {
				t.Fatal("raw value survived the round trip")
			}
		}
	}
	return back
}

var testMeta = Meta{Version: "0.1.0-test", Target: "http://alice:s3cret@127.0.0.1:8080/taxii2/", Protocol: requirements.TAXII21}

// both builds the report from the in-process Ginkgo report and from its JSON read-back, runs
// check on each, and checks that both give the same report.json.
func both(t *testing.T, meta Meta, r types.Report, check func(t *testing.T, rep *Report)) {
	t.Helper()
	cat := testCatalog(t)
	var outs []string
	for _, c := range []struct {
		name string
		r    types.Report
	}{{"raw", r}, {"json", roundTrip(t, r)}} {
		t.Run(c.name, func(t *testing.T) {
			rep := Build(meta, cat, c.r)
			check(t, rep)
			var b strings.Builder
			if err := rep.WriteJSON(&b); err != nil {
				t.Fatal(err)
			}
			outs = append(outs, b.String())
		})
	}
	if len(outs) == 2 && outs[0] != outs[1] {
		t.Errorf("raw and JSON-read-back reports differ:\n%s\n----\n%s", outs[0], outs[1])
	}
}

func req(t *testing.T, rep *Report, id string) RequirementResult {
	t.Helper()
	for _, r := range rep.Requirements {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("requirement %s not in report", id)
	return RequirementResult{}
}

func wantVerdict(t *testing.T, rep *Report, id string, want Verdict) RequirementResult {
	t.Helper()
	r := req(t, rep, id)
	if r.Verdict != want {
		t.Errorf("%s: verdict %s, want %s (note %q, details %v)", id, r.Verdict, want, r.Note, summarize(r.Details))
	}
	return r
}

func summarize(ds []Detail) []string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%s/%s: %s", d.Verdict, d.Source, d.Message))
	}
	return out
}

// manyMustCatalog is a 2.1 catalog of n MUST requirements T21-3.1-01 … .
func manyMustCatalog(t testing.TB, n int) *requirements.Catalog {
	t.Helper()
	var b strings.Builder
	b.WriteString("doc: T21\nrequirements:\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "- {id: T21-3.1-%02d, section: '3.1', level: MUST, subject: server, testable: remote, summary: rule %d}\n", i, i)
	}
	c, err := requirements.LoadFS(fstest.MapFS{"c/t21.yaml": {Data: []byte(b.String())}}, "c")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// manyMustFailures fails each requirement of manyMustCatalog in its own spec.
func manyMustFailures(n int) []types.SpecReport {
	var out []types.SpecReport
	for i := 1; i <= n; i++ {
		id := fmt.Sprintf("T21-3.1-%02d", i)
		out = append(out, withFailure(spec("spec "+id, types.SpecStateFailed, []string{id}, failure(id, "broken", false, 0)), "broken"))
	}
	return out
}
