package reports

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"
	"golang.org/x/net/html"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

const hostile = `<script>alert("pwn")</script><img src=http://evil.example/x onerror=alert(1)>`

// richReport has one spec of each kind, and a hostile server's body in a failing exchange.
func richReport() types.Report {
	hostileX := exchange(1, hostile)
	x := hostileX.Value.GetRawValue().(harness.ExchangeRecord)
	x.ResponseHeader["X-Evil"] = []string{`"><script>alert(2)</script>`}
	hostileX = entry(harness.EntryExchange, x)
	return ginkgoReport(
		spec("discovery answers", types.SpecStatePassed, []string{mustNot}),
		withFailure(spec("discovery body", types.SpecStateFailed, []string{must}, hostileX,
			failure(must, "expected status 200, got 500 with body "+hostile, false, 1)), "expected status 200"),
		withFailure(spec("pagination", types.SpecStateFailed, []string{should}, failure(should, "no next link", true, 0)), "soft"),
		withFailure(spec("compression", types.SpecStateSkipped, []string{may}, outcome(harness.KindUnsupported, "no gzip")), "unsupported: no gzip"),
		withFailure(spec("redirects", types.SpecStateFailed, []string{shouldNot}, outcome(harness.KindError, "connection reset")), "error"),
		spec("filtered", types.SpecStateSkipped, []string{filtered}),
	)
}

func TestReportJSONShape(t *testing.T) {
	rep := Build(testMeta, testCatalog(t), richReport())
	var b bytes.Buffer
	if err := rep.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	// DESIGN.md's keys: they may gain siblings but never be renamed.
	for _, k := range []string{"tool", "version", "target", "protocol", "started", "duration_ms", "conformant", "summary", "requirements"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("report.json lacks %q", k)
		}
	}
	if doc["tool"] != "taxii-conform" || doc["version"] != "0.1.0-test" || doc["protocol"] != "2.1" || doc["conformant"] != false {
		t.Errorf("header fields %v %v %v %v", doc["tool"], doc["version"], doc["protocol"], doc["conformant"])
	}
	if doc["target"] != "http://127.0.0.1:8080/taxii2/" {
		t.Errorf("target %q keeps userinfo", doc["target"])
	}
	if strings.Contains(b.String(), "s3cret") || strings.Contains(b.String(), "user:secret") {
		t.Error("report.json holds a secret")
	}
	if _, err := time.Parse(time.RFC3339, doc["started"].(string)); err != nil {
		t.Errorf("started: %v", err)
	}
	if doc["duration_ms"].(float64) != 2500 {
		t.Errorf("duration_ms %v", doc["duration_ms"])
	}
	summary := doc["summary"].(map[string]any)
	for level, keys := range map[string][]string{
		"MUST":   {"pass", "fail", "unsupported", "disabled", "error", "untested"},
		"SHOULD": {"pass", "warn"},
	} {
		counts, ok := summary[level].(map[string]any)
		if !ok {
			t.Fatalf("summary lacks %s", level)
		}
		for _, k := range keys {
			if _, ok := counts[k]; !ok {
				t.Errorf("summary.%s lacks %q", level, k)
			}
		}
	}
	if summary["MUST"].(map[string]any)["fail"].(float64) != 1 {
		t.Errorf("summary.MUST.fail = %v", summary["MUST"].(map[string]any)["fail"])
	}
	reqs := doc["requirements"].([]any)
	var ids []string
	for _, r := range reqs {
		m := r.(map[string]any)
		for _, k := range []string{"id", "doc", "section", "level", "subject", "summary", "verdict", "specs", "failures"} {
			if _, ok := m[k]; !ok {
				t.Errorf("requirement %v lacks %q", m["id"], k)
			}
		}
		if _, ok := m["specs"].([]any); !ok {
			t.Errorf("%v: specs is not an array", m["id"])
		}
		if _, ok := m["failures"].([]any); !ok {
			t.Errorf("%v: failures is not an array", m["id"])
		}
		ids = append(ids, m["id"].(string))
	}
	if len(ids) != 10 || !sort.StringsAreSorted(ids) { // the test catalog is in ID order
		t.Errorf("requirements not in catalog order: %v", ids)
	}
	first := reqs[0].(map[string]any)
	details := first["details"].([]any)[0].(map[string]any)
	for _, k := range []string{"verdict", "requirement", "summary", "spec", "message", "exchanges", "curl"} {
		if _, ok := details[k]; !ok {
			t.Errorf("details lack %q", k)
		}
	}

	// Deterministic: the same input gives the same bytes.
	var again bytes.Buffer
	if err := Build(testMeta, testCatalog(t), richReport()).WriteJSON(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), again.Bytes()) {
		t.Error("report.json differs between two builds of the same run")
	}

	// And it reads back.
	back, err := ReadReport(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if back.ExitCode() != rep.ExitCode() || len(back.Requirements) != len(rep.Requirements) || back.Requirements[0].Verdict != Fail {
		t.Errorf("read back: exit %d, %d requirements", back.ExitCode(), len(back.Requirements))
	}
	if _, err := ReadReport(strings.NewReader(`{"tool": "x"}`)); err == nil {
		t.Error("ReadReport accepted a document that is no report")
	}
	if _, err := ReadReport(strings.NewReader(`{`)); err == nil {
		t.Error("ReadReport accepted broken JSON")
	}
}

func TestJUnit(t *testing.T) {
	meta := testMeta
	meta.Family = ""
	rep := Build(meta, testCatalog(t), richReport())
	var b bytes.Buffer
	if err := rep.WriteJUnit(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	var suites reporters.JUnitTestSuites
	if err := xml.Unmarshal(b.Bytes(), &suites); err != nil {
		t.Fatalf("junit.xml does not parse: %v", err)
	}
	if len(suites.TestSuites) != 1 {
		t.Fatalf("%d testsuites, want one per protocol run", len(suites.TestSuites))
	}
	ts := suites.TestSuites[0]
	for name, want := range map[string]string{
		"tool": "taxii-conform", "version": "0.1.0-test", "target": "http://127.0.0.1:8080/taxii2/",
		"protocol": "2.1", "conformant": "false", "exit_code": "1", "summary.MUST": "fail=1 untested=3 not-applicable=2",
	} {
		if got := ts.Properties.WithName(name); got != want {
			t.Errorf("suite property %s = %q, want %q", name, got, want)
		}
	}
	if ts.Properties.WithName("RandomSeed") == "" {
		t.Error("Ginkgo's own suite properties are gone")
	}
	if strings.Contains(out, harness.EntryExchange) || strings.Contains(out, "X-Evil") {
		t.Error("exchange entries (and their bodies) reached junit.xml")
	}
	if strings.Contains(out, "s3cret") {
		t.Error("junit.xml holds a secret")
	}
	cases := map[string]reporters.JUnitTestCase{}
	for _, tc := range ts.TestCases {
		for _, text := range []string{"discovery answers", "discovery body", "pagination", "compression", "redirects", "filtered"} {
			if strings.Contains(tc.Name, text) {
				cases[text] = tc
			}
		}
	}
	if len(cases) != 6 {
		t.Fatalf("testcases %d, want 6", len(cases))
	}
	prop := func(tc reporters.JUnitTestCase, name string) string {
		if tc.Properties == nil {
			return ""
		}
		return tc.Properties.WithName(name)
	}
	check := func(text, verdict, reqs, level string) reporters.JUnitTestCase {
		tc := cases[text]
		if prop(tc, "verdict") != verdict || prop(tc, "requirements") != reqs || prop(tc, "level") != level {
			t.Errorf("%s: verdict %q requirements %q level %q", text, prop(tc, "verdict"), prop(tc, "requirements"), prop(tc, "level"))
		}
		return tc
	}
	if tc := check("discovery body", "fail", must, "MUST"); tc.Failure == nil || prop(tc, harness.EntryFailure) == "" {
		t.Error("failing spec has no <failure> or lost its failure entry")
	}
	if tc := check("pagination", "warn", should, "SHOULD"); tc.Failure != nil || !strings.Contains(tc.SystemOut, "warning") {
		t.Error("a SHOULD warning is rendered as a JUnit failure")
	}
	if tc := check("compression", "unsupported", may, "MAY"); tc.Skipped == nil || !strings.Contains(tc.Skipped.Message, "no gzip") {
		t.Error("unsupported spec is not skipped with its reason")
	}
	if tc := check("redirects", "error", shouldNot, "SHOULD NOT"); tc.Error == nil || tc.Failure != nil {
		t.Error("error spec is not a JUnit error")
	}
	check("discovery answers", "pass", mustNot, "MUST NOT")
	if tc := check("filtered", "not-selected", filtered, "MUST"); tc.Skipped == nil {
		t.Error("filtered spec not skipped")
	}
	if ts.Tests != 6 || ts.Failures != 1 || ts.Errors != 1 || ts.Skipped != 2 || suites.Failures != 1 || suites.Errors != 1 || suites.Disabled != 2 {
		t.Errorf("counters tests %d failures %d errors %d skipped %d; totals %+v", ts.Tests, ts.Failures, ts.Errors, ts.Skipped, suites)
	}

	// A report read back from JSON has no Ginkgo report to render.
	var j bytes.Buffer
	_ = rep.WriteJSON(&j)
	back, _ := ReadReport(&j)
	if err := back.WriteJUnit(&bytes.Buffer{}); !errors.Is(err, ErrNoGinkgoReport) {
		t.Errorf("junit of a read-back report: %v", err)
	}
}

func TestHTMLIsSelfContainedAndEscapes(t *testing.T) {
	rep := Build(testMeta, testCatalog(t), richReport())
	var b bytes.Buffer
	if err := rep.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	// Walk the markup as a browser would: one script (the page's own), no attribute that
	// loads or links anything, and the hostile body only as text.
	scripts := 0
	var text strings.Builder
	z := html.NewTokenizer(strings.NewReader(out))
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		tok := z.Token()
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			switch tok.Data {
			case "script":
				scripts++
			case "img", "link", "iframe", "object", "embed", "base", "a", "form":
				t.Errorf("report.html holds a <%s> element", tok.Data)
			}
			for _, a := range tok.Attr {
				if a.Key == "src" || a.Key == "href" || a.Key == "action" || strings.HasPrefix(a.Key, "on") {
					t.Errorf("report.html has attribute %s=%q on <%s>", a.Key, a.Val, tok.Data)
				}
			}
		case html.TextToken:
			text.WriteString(tok.Data)
		}
	}
	if z.Err() != io.EOF {
		t.Fatalf("tokenizing report.html: %v", z.Err())
	}
	if scripts != 1 {
		t.Errorf("%d <script> elements, want only the page's own", scripts)
	}
	if !strings.Contains(text.String(), hostile) {
		t.Error("the hostile body is not shown as text")
	}
	if !strings.Contains(out, "&lt;script&gt;alert(&#34;pwn&#34;)&lt;/script&gt;") {
		t.Error("the hostile body is not shown escaped")
	}
	for _, want := range []string{"NOT CONFORMANT", "Content-Security-Policy", "server must answer discovery", "expected status 200",
		"X-Evil", "curl -sS", "T21-1.1-01", `data-verdict="fail"`, `data-section="2.1"`, "no gzip", "connection reset", "f-section"} {
		if !strings.Contains(out, want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	if strings.Contains(out, "s3cret") || strings.Contains(out, "user:secret") {
		t.Error("report.html holds a secret")
	}
}

func TestMarkdownSummary(t *testing.T) {
	rep := Build(testMeta, testCatalog(t), richReport())
	var b bytes.Buffer
	if err := rep.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"not conformant", "| level |", "| MUST | 1 | 0 |", "### MUST failures (1)",
		"**T21-1.1-01**", "server must answer discovery", "expected status 200", "### Warnings and SHOULD failures (1)",
		"**T21-1.1-03**", "### Errors (not checked) (1)", "connection reset", "not applicable: 2"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary.md lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "<img") || strings.Contains(out, "<script") {
		t.Errorf("summary.md holds raw markup:\n%s", out)
	}
	if n := strings.Count(out, "\n"); n > 40 {
		t.Errorf("summary.md is %d lines for a small run", n)
	}
}

func TestMarkdownCapsLongLists(t *testing.T) {
	rep := Build(testMeta, manyMustCatalog(t, 30), ginkgoReport(manyMustFailures(30)...))
	var b bytes.Buffer
	if err := rep.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "… and 5 more") {
		t.Errorf("no cap note:\n%s", b.String())
	}
	if n := strings.Count(b.String(), "\n- **"); n != mdMaxFailures {
		t.Errorf("listed %d failures, want %d", n, mdMaxFailures)
	}
}

func TestConsole(t *testing.T) {
	cat := testCatalog(t)
	var b bytes.Buffer
	p := Progress(&b, cat, "2.1", false)
	for _, s := range richReport().SpecReports {
		p(s)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	var heads []string
	for _, l := range lines {
		if !strings.HasPrefix(l, "    ") {
			heads = append(heads, l)
		}
	}
	if len(heads) != 5 {
		t.Fatalf("%d spec lines, want 5 (the filtered spec is silent):\n%s", len(heads), b.String())
	}
	for i, want := range []string{"✓ pass", "✗ fail", "! warn", "~ unsupported", "E error"} {
		if !strings.HasPrefix(heads[i], want) {
			t.Errorf("line %d %q, want prefix %q", i, heads[i], want)
		}
	}
	if !strings.Contains(heads[1], must) || !strings.Contains(heads[1], "discovery body") || !strings.Contains(heads[1], "(12ms)") {
		t.Errorf("fail line %q", heads[1])
	}

	b.Reset()
	evil := withFailure(spec("evil", types.SpecStateFailed, []string{must}, failure(must, "got \x1b[2J\x1b]0;owned\x07", false, 0)), "x")
	p(evil)
	if strings.ContainsAny(b.String(), "\x1b\x07") {
		t.Errorf("control characters reached the console: %q", b.String())
	}

	b.Reset()
	rep := Build(testMeta, cat, richReport())
	if err := rep.WriteConsoleSummary(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"NOT CONFORMANT", "exit status 1", "MUST failures (1)", must, "expected status 200"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("console summary lacks %q:\n%s", want, b.String())
		}
	}
}

func TestWriteDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out", "2.1")
	rep := Build(testMeta, testCatalog(t), richReport())
	if err := rep.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
		if info, _ := e.Info(); info.Size() == 0 {
			t.Errorf("%s is empty", e.Name())
		}
	}
	if strings.Join(names, ",") != "junit.xml,report.html,report.json,summary.md" {
		t.Errorf("files %v", names)
	}

	// A report read back from JSON cannot render junit.xml: nothing at all is written.
	var j bytes.Buffer
	_ = rep.WriteJSON(&j)
	back, _ := ReadReport(&j)
	empty := filepath.Join(t.TempDir(), "none")
	if err := back.WriteDir(empty); err == nil {
		t.Error("WriteDir without a Ginkgo report succeeded")
	}
	if _, err := os.Stat(empty); !os.IsNotExist(err) {
		t.Error("WriteDir left a directory behind after failing")
	}

	// A directory that cannot be made is an error, not a panic.
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := rep.WriteDir(filepath.Join(file, "sub")); err == nil {
		t.Error("WriteDir under a regular file succeeded")
	}
}

func TestHeadlines(t *testing.T) {
	cat := testCatalog(t)
	for _, c := range []struct {
		name string
		r    types.Report
		code int
		html string
		md   string
	}{
		{"clean", ginkgoReport(spec("ok", types.SpecStatePassed, []string{must})), 0, ">CONFORMANT<", "✅ TAXII 2.1: conformant"},
		{"error", ginkgoReport(withFailure(spec("e", types.SpecStateFailed, []string{must}, outcome(harness.KindError, "dns")), "e")), 3,
			"could not check everything", "⚠️ TAXII 2.1: conformant so far"},
	} {
		rep := Build(testMeta, cat, c.r)
		if rep.ExitCode() != c.code || rep.ExitStatus != c.code {
			t.Errorf("%s: exit %d/%d, want %d", c.name, rep.ExitCode(), rep.ExitStatus, c.code)
		}
		var h, m bytes.Buffer
		if err := rep.WriteHTML(&h); err != nil {
			t.Fatal(err)
		}
		if err := rep.WriteMarkdown(&m); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(h.String(), c.html) || !strings.Contains(m.String(), c.md) {
			t.Errorf("%s: headline missing (%q in html, %q in md):\n%s", c.name, c.html, c.md, m.String())
		}
	}
}
