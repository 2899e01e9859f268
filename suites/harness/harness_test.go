package harness_test

// These tests run a small Ginkgo suite in a child process (Ginkgo runs once per process, and
// some of its specs must fail on purpose) against a loopback server that misbehaves in the
// ways a hostile target can, then read the child's report.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"
	"github.com/onsi/gomega"

	"github.com/taxii-conform/taxii-conform/schemas"
	"github.com/taxii-conform/taxii-conform/suites/harness"
	"github.com/taxii-conform/taxii-conform/suites/requirements"
)

const (
	secretPassword = "s3cret-pass-word"
	secretToken    = "tok-abcdef-123456"
)

func TestMain(m *testing.M) {
	if out := os.Getenv("HARNESS_INNER_REPORT"); out != "" {
		os.Exit(runInner(out))
	}
	os.Exit(m.Run())
}

// hostile is a target that echoes secrets, sends too much, too slowly, or elsewhere.
func hostile() *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"a": 1}`)
	})
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Echo", r.Header.Get("Authorization"))
		fmt.Fprintf(w, "you sent %q and %q", r.Header.Get("Authorization"), r.Header.Get("X-Api-Secret"))
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Write(make([]byte, 2<<20))
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/endless", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		chunk := make([]byte, 4096)
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			time.Sleep(time.Millisecond)
		}
	})
	mux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/ok", http.StatusFound)
	})
	return httptest.NewServer(mux)
}

func runInner(out string) int {
	srv := hostile()
	defer srv.Close()
	target, _ := harness.ParseTarget(srv.URL + "/")
	harness.RegisterValidator("2.1", func(x *harness.Exchange) []harness.ExchangeViolation {
		if strings.HasSuffix(x.URL.Path, "/ok") && x.Header.Get("Content-Type") == "application/json" {
			return []harness.ExchangeViolation{{Violation: schemas.Violation{Requirement: "T21-9.1-01", Schema: "test", Location: "/a", Message: "a is not allowed"}}}
		}
		return nil
	})
	_, err := harness.Configure(harness.Config{
		Target:         target,
		Protocol:       "2.1",
		Identity:       harness.Identity{User: "alice", Password: secretPassword, Headers: map[string]string{"X-Api-Secret": secretToken}},
		Profile:        &harness.Profile{Identities: map[string]harness.Identity{"reader": {Token: secretToken + "-reader"}}},
		ReadOnly:       true,
		RequestTimeout: 500 * time.Millisecond,
		MaxBodyBytes:   1 << 20,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	var focus *regexp.Regexp
	if f := os.Getenv("HARNESS_INNER_FOCUS"); f != "" {
		focus = regexp.MustCompile(f)
	}
	var entries strings.Builder
	entries.WriteString("doc: T21\nrequirements:\n")
	for _, id := range []string{"9.1-01", "9.1-02", "9.1-03", "9.1-04", "9.2-01", "9.2-02", "9.2-03", "9.2-04", "9.2-05", "9.2-06", "9.2-07", "9.2-08", "9.2-09", "9.3-01", "9.3-02", "9.3-03", "9.3-04", "9.4-01"} {
		sec, _, _ := strings.Cut(id, "-")
		fmt.Fprintf(&entries, "- {id: T21-%s, section: '%s', level: MUST, subject: server, testable: remote, summary: s}\n", id, sec)
	}
	cat, err := requirements.LoadFS(fstest.MapFS{"c/t21.yaml": {Data: []byte(entries.String())}}, "c")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	report, err := harness.RunSpecs(harness.RunOptions{Catalog: cat, Selection: harness.Selection{Protocol: "2.1", Focus: focus, Level: os.Getenv("HARNESS_INNER_LEVEL")}, Timeout: time.Minute})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	raw, _ := json.Marshal(report)
	if err := os.WriteFile(out, raw, 0o600); err != nil {
		return 3
	}
	return 0
}

var _ = harness.Install()

func labels(ids ...string) ginkgo.Labels {
	return append(ginkgo.Label(harness.LabelTAXII21), ids...)
}

var _ = ginkgo.Describe("harness", func() {
	ginkgo.It("passes with a redacted exchange", labels("T21-9.2-01", "MUST"), func() {
		x := harness.Current().Client("").Do(harness.Request{Method: "GET", URL: "echo"})
		harness.For("T21-9.2-01").Expect(x.Status).To(gomega.Equal(200))
	})
	ginkgo.It("fails a named requirement", labels("T21-9.2-02", "T21-9.2-03", "MUST"), func() {
		x := harness.Current().Client("reader").Do(harness.Request{Method: "GET", URL: "echo"})
		harness.For("T21-9.2-03").Expect(x.Status).To(gomega.Equal(418))
	})
	ginkgo.It("collects soft failures", labels("T21-9.2-04", "T21-9.2-05", "SHOULD"), func() {
		harness.Soft("T21-9.2-04").Expect(1).To(gomega.Equal(2))
		harness.Soft("T21-9.2-05").Expect(1).To(gomega.Equal(1))
	})
	ginkgo.It("treats setup failures as errors", labels("T21-9.2-06", "MUST"), func() {
		harness.Setup().Expect(false).To(gomega.BeTrue(), "could not create data")
	})
	ginkgo.It("disables writers under read-only", labels("T21-9.2-07", "MUST", harness.LabelWrites), func() {
		ginkgo.Fail("must not run")
	})
	ginkgo.It("disables specs that need a missing identity", labels("T21-9.2-08", "MUST"), func() {
		harness.Current().Client("nobody")
		ginkgo.Fail("must not run")
	})
	ginkgo.It("marks unsupported features", labels("T21-9.2-09", "MUST"), func() {
		harness.Unsupported("no channels")
	})
	ginkgo.It("ends as an error on an oversized body", labels("T21-9.3-01", "MUST"), func() {
		harness.Current().Client("").Do(harness.Request{Method: "GET", URL: "big"})
	})
	ginkgo.It("ends as an error on a slow peer", labels("T21-9.3-02", "MUST"), func() {
		harness.Current().Client("").Do(harness.Request{Method: "GET", URL: "slow"})
	})
	ginkgo.It("ends as an error on an endless body", labels("T21-9.3-03", "MUST"), func() {
		harness.Current().Client("").Do(harness.Request{Method: "GET", URL: "endless"})
	})
	ginkgo.It("does not follow redirects", labels("T21-9.3-04", "MUST"), func() {
		x := harness.Current().Client("").Do(harness.Request{Method: "GET", URL: "redirect"})
		harness.For("T21-9.3-04").Expect(x.Status).To(gomega.Equal(http.StatusFound))
	})
	ginkgo.It("fails the spec that owns a violated schema rule", labels("T21-9.1-01", "MUST"), func() {
		harness.Current().Client("").Do(harness.Request{Method: "GET", URL: "ok"})
	})
	ginkgo.It("does not fail specs for other requirements' violations", labels("T21-9.1-02", "MUST"), func() {
		harness.Current().Client("").Do(harness.Request{Method: "GET", URL: "ok"})
	})
	ginkgo.It("refuses a check of a requirement the spec does not carry", labels("T21-9.1-03", "MUST"), func() {
		harness.For("T21-9.1-04").Expect(true).To(gomega.BeTrue())
	})
	ginkgo.It("is a SHOULD-only spec", labels("T21-9.4-01", "SHOULD"), func() {})
})

// inner runs the child suite and returns its specs by leaf text.
func inner(t *testing.T, env ...string) map[string]types.SpecReport {
	t.Helper()
	out := filepath.Join(t.TempDir(), "report.json")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), append(env, "HARNESS_INNER_REPORT="+out)...)
	combined, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, combined)
	}
	if strings.Contains(string(combined), secretPassword) || strings.Contains(string(combined), secretToken) {
		t.Errorf("a secret reached the console:\n%s", combined)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{secretPassword, secretToken, "YWxpY2U6czNjcmV0LXBhc3Mtd29yZA=="} {
		if strings.Contains(string(raw), s) {
			t.Errorf("the report holds the secret %q", s)
		}
	}
	var r types.Report
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatal(err)
	}
	specs := map[string]types.SpecReport{}
	for _, s := range r.SpecReports {
		if s.LeafNodeType == types.NodeTypeIt {
			specs[s.LeafNodeText] = s
		}
	}
	return specs
}

func TestHarnessOutcomes(t *testing.T) {
	specs := inner(t)
	check := func(name string, state types.SpecState, kind harness.Kind) harness.SpecEntries {
		t.Helper()
		s, ok := specs[name]
		if !ok {
			t.Fatalf("spec %q did not report", name)
		}
		if s.State != state {
			t.Errorf("%q: state %v, want %v (%s)", name, s.State, state, s.Failure.Message)
		}
		e := harness.DecodeEntries(s)
		got := harness.Kind("")
		if e.Outcome != nil {
			got = e.Outcome.Kind
		}
		if got != kind {
			t.Errorf("%q: outcome %q, want %q", name, got, kind)
		}
		return e
	}

	e := check("passes with a redacted exchange", types.SpecStatePassed, "")
	if len(e.Exchanges) != 1 {
		t.Fatalf("exchanges: %+v", e.Exchanges)
	}
	x := e.Exchanges[0]
	if got := x.RequestHeader["Authorization"]; len(got) != 1 || got[0] != "Basic <redacted>" {
		t.Errorf("authorization recorded as %q", got)
	}
	if got := x.RequestHeader["X-Api-Secret"]; len(got) != 1 || got[0] != "<redacted>" {
		t.Errorf("custom secret header recorded as %q", got)
	}
	if !strings.Contains(x.Curl, `-u "$TAXII_USER:$TAXII_PASSWORD"`) || !strings.Contains(x.Curl, `-H "X-Api-Secret: $TAXII_HEADER_1"`) {
		t.Errorf("curl line: %s", x.Curl)
	}
	if !strings.Contains(x.ResponseBody, "<redacted>") {
		t.Errorf("echoed body not redacted: %s", x.ResponseBody)
	}

	e = check("fails a named requirement", types.SpecStateFailed, "")
	if len(e.Failures) != 1 || e.Failures[0].Requirement != "T21-9.2-03" || e.Failures[0].Exchange != 1 || e.Failures[0].Soft {
		t.Errorf("failures: %+v", e.Failures)
	}
	if len(e.Exchanges) != 1 || !strings.Contains(e.Exchanges[0].Curl, "$TAXII_READER_TOKEN") {
		t.Errorf("reader exchange: %+v", e.Exchanges)
	}

	e = check("collects soft failures", types.SpecStateFailed, "")
	if len(e.Failures) != 1 || e.Failures[0].Requirement != "T21-9.2-04" || !e.Failures[0].Soft {
		t.Errorf("soft failures: %+v", e.Failures)
	}

	check("treats setup failures as errors", types.SpecStateFailed, harness.KindError)
	check("disables writers under read-only", types.SpecStateSkipped, harness.KindDisabled)
	check("disables specs that need a missing identity", types.SpecStateSkipped, harness.KindDisabled)
	check("marks unsupported features", types.SpecStateSkipped, harness.KindUnsupported)
	for _, n := range []string{"ends as an error on an oversized body", "ends as an error on a slow peer", "ends as an error on an endless body"} {
		e = check(n, types.SpecStateFailed, harness.KindError)
		if len(e.Exchanges) != 1 || e.Exchanges[0].Error == "" {
			t.Errorf("%s: exchange %+v", n, e.Exchanges)
		}
	}
	if d := specs["ends as an error on a slow peer"].RunTime; d > 3*time.Second {
		t.Errorf("slow peer held the harness for %v", d)
	}
	check("does not follow redirects", types.SpecStatePassed, "")
	e = check("fails the spec that owns a violated schema rule", types.SpecStateFailed, "")
	if len(e.Failures) != 1 || e.Failures[0].Requirement != "T21-9.1-01" {
		t.Errorf("violation failures: %+v", e.Failures)
	}
	e = check("does not fail specs for other requirements' violations", types.SpecStatePassed, "")
	if len(e.Exchanges) != 1 || len(e.Exchanges[0].Violations) != 1 {
		t.Errorf("violation not recorded on the exchange: %+v", e.Exchanges)
	}
	check("refuses a check of a requirement the spec does not carry", types.SpecStateFailed, harness.KindError)
}

func TestHarnessSelection(t *testing.T) {
	specs := inner(t, `HARNESS_INNER_FOCUS=^T21-9\.2-0[12]$`, "HARNESS_INNER_LEVEL=MUST")
	ran := 0
	for name, s := range specs {
		if s.State == types.SpecStateSkipped && harness.DecodeEntries(s).Outcome == nil {
			continue // filtered out
		}
		ran++
		if name != "passes with a redacted exchange" && name != "fails a named requirement" {
			t.Errorf("spec %q ran outside the selection", name)
		}
	}
	if ran != 2 {
		t.Errorf("%d specs ran, want 2", ran)
	}
}

func TestParseTarget(t *testing.T) {
	for _, bad := range []string{"ftp://x/", "http:///x", "https://u:p@host/", "::"} {
		if _, err := harness.ParseTarget(bad); err == nil {
			t.Errorf("%q accepted", bad)
		} else if strings.Contains(err.Error(), ":p@") {
			t.Errorf("error leaks credentials: %v", err)
		}
	}
	u, err := harness.ParseTarget("https://h.example:8443")
	if err != nil || u.Path != "/" {
		t.Errorf("got %v, %v", u, err)
	}
}

func TestParseProfile(t *testing.T) {
	p, err := harness.ParseProfile([]byte("identities:\n  reader: {user: r, password: p}\ntaxii21:\n  collections: {read_write: abc}\n  features: [Delete]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !p.HasFeature21("delete") || p.TAXII21.Collections.ReadWrite != "abc" || p.Identities["reader"].User != "r" {
		t.Errorf("profile: %+v", p)
	}
	for _, bad := range []string{"identitis: {}\n", "identities:\n  x: {token: t, user: u}\n", "identities:\n  x: {password: p}\n"} {
		if _, err := harness.ParseProfile([]byte(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, err := harness.ParseProfile(nil); err != nil {
		t.Errorf("empty profile: %v", err)
	}
}
