package reports

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"
	"golang.org/x/net/html"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// FuzzRenderHostile feeds whatever a hostile server (or a careless spec) could put in a body,
// a header, a failure message or a spec text through every renderer: nothing may panic, the
// page keeps exactly its own script, summary.md carries no raw markup, junit.xml parses.
func FuzzRenderHostile(f *testing.F) {
	f.Add(hostile, "expected 200, got <b>500</b>", "spec `x` | y", "X-A", "\x00\x1b[31m")
	f.Add("]]></system-err><x>", "\ufffe\uffff", "<!--", "Set-Cookie", "&#0;")
	cat := testCatalog(f)
	f.Fuzz(func(t *testing.T, body, msg, text, header, value string) {
		x := exchange(1, body)
		rec := x.Value.GetRawValue().(harness.ExchangeRecord)
		rec.ResponseHeader[header] = []string{value}
		rec.URL = "http://127.0.0.1/" + value
		s := withFailure(spec(text, types.SpecStateFailed, []string{must, should}, entry(harness.EntryExchange, rec),
			failure(must, msg, true, 1), failure(should, body, false, 0)), msg)
		s.ContainerHierarchyTexts = []string{header}
		rep := Build(testMeta, cat, ginkgoReport(s))

		var b bytes.Buffer
		if err := rep.WriteHTML(&b); err != nil {
			t.Fatal(err)
		}
		scripts := 0
		z := html.NewTokenizer(&b)
		for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
			if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
				tok := z.Token()
				if tok.Data == "script" {
					scripts++
				}
				for _, a := range tok.Attr {
					if a.Key == "src" || a.Key == "href" || strings.HasPrefix(a.Key, "on") {
						t.Fatalf("attribute %s on <%s>", a.Key, tok.Data)
					}
				}
			}
		}
		if scripts != 1 {
			t.Fatalf("%d script elements", scripts)
		}

		b.Reset()
		if err := rep.WriteMarkdown(&b); err != nil {
			t.Fatal(err)
		}
		if strings.ContainsAny(b.String(), "<>") {
			t.Fatalf("raw markup in summary.md: %q", b.String())
		}

		b.Reset()
		if err := rep.WriteJUnit(&b); err != nil {
			t.Fatal(err)
		}
		var suites reporters.JUnitTestSuites
		if err := xml.Unmarshal(b.Bytes(), &suites); err != nil {
			t.Fatalf("junit.xml does not parse: %v", err)
		}

		b.Reset()
		Progress(&b, cat, "2.1", false)(s)
		if err := rep.WriteConsoleSummary(&b); err != nil {
			t.Fatal(err)
		}
		if strings.ContainsAny(b.String(), "\x1b\x07\x00") {
			t.Fatalf("control characters on the console: %q", b.String())
		}
	})
}
