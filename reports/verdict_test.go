package reports

import (
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

const (
	must      = "T21-1.1-01"
	mustNot   = "T21-1.1-02"
	should    = "T21-1.1-03"
	may       = "T21-1.1-04"
	clientReq = "T21-1.1-05"
	internal  = "T21-1.1-06"
	message   = "T21-2.1-01"
	unnamed   = "T21-2.1-02"
	filtered  = "T21-2.1-03"
	shouldNot = "T21-2.1-04"
)

func TestPassedSpecPassesItsLabels(t *testing.T) {
	r := ginkgoReport(spec("discovery answers", types.SpecStatePassed, []string{must, mustNot}))
	both(t, testMeta, r, func(t *testing.T, rep *Report) {
		wantVerdict(t, rep, must, Pass)
		wantVerdict(t, rep, mustNot, Pass)
		if got := req(t, rep, must).Specs; len(got) != 1 || got[0] != "discovery answers" {
			t.Errorf("specs = %v", got)
		}
		if !rep.Conformant || rep.ExitCode() != 0 {
			t.Errorf("conformant %v exit %d, want true 0", rep.Conformant, rep.ExitCode())
		}
	})
}

func TestSkippedSpecs(t *testing.T) {
	r := ginkgoReport(
		withFailure(spec("feature", types.SpecStateSkipped, []string{must}, outcome(harness.KindUnsupported, "no pagination support")), "unsupported: no pagination support"),
		withFailure(spec("writes", types.SpecStateSkipped, []string{mustNot}, outcome(harness.KindDisabled, "--read-only")), "disabled: --read-only"),
		withFailure(spec("bare skip", types.SpecStateSkipped, []string{should}), "no collection to write to"),
		withFailure(spec("ordered", types.SpecStateSkipped, []string{shouldNot}), "Spec skipped because a BeforeAll node failed"),
		// filtered out by focus: skipped, no outcome, no Skip() message
		spec("filtered", types.SpecStateSkipped, []string{filtered}),
		spec("pending", types.SpecStatePending, []string{may}),
	)
	meta := testMeta
	meta.Selection = "--level MUST"
	both(t, meta, r, func(t *testing.T, rep *Report) {
		if r := wantVerdict(t, rep, must, Unsupported); r.Note != "no pagination support" {
			t.Errorf("unsupported note %q", r.Note)
		}
		if r := wantVerdict(t, rep, mustNot, Disabled); r.Note != "--read-only" {
			t.Errorf("disabled note %q", r.Note)
		}
		if r := wantVerdict(t, rep, should, Disabled); r.Note != "no collection to write to" {
			t.Errorf("bare skip note %q", r.Note)
		}
		wantVerdict(t, rep, shouldNot, Error)
		if r := wantVerdict(t, rep, filtered, Untested); r.Note != "not selected (--level MUST)" {
			t.Errorf("filtered note %q", r.Note)
		}
		if r := wantVerdict(t, rep, may, Untested); r.Note != "not selected (--level MUST)" {
			t.Errorf("pending note %q", r.Note)
		}
		if r := wantVerdict(t, rep, unnamed, Untested); !strings.Contains(r.Note, "no spec") {
			t.Errorf("unnamed note %q", r.Note)
		}
		if rep.Specs.Total != 6 || rep.Specs.Selected != 4 {
			t.Errorf("spec counts %+v", rep.Specs)
		}
		if !rep.Conformant || rep.ExitCode() != 3 {
			t.Errorf("conformant %v exit %d, want true 3 (an error)", rep.Conformant, rep.ExitCode())
		}
	})
}

func TestErrorStates(t *testing.T) {
	for _, st := range []types.SpecState{types.SpecStatePanicked, types.SpecStateInterrupted, types.SpecStateAborted, types.SpecStateTimedout} {
		t.Run(st.String(), func(t *testing.T) {
			s := withFailure(spec("broken", st, []string{must, should}, exchange(1, "{}")), "boom")
			s.Failure.ForwardedPanic = "runtime error: nil map"
			both(t, testMeta, ginkgoReport(s), func(t *testing.T, rep *Report) {
				r := wantVerdict(t, rep, must, Error)
				wantVerdict(t, rep, should, Error)
				if len(r.Details) != 1 || r.Details[0].Source != SourceHarness || !strings.HasPrefix(r.Details[0].Message, st.String()) {
					t.Fatalf("details %v", summarize(r.Details))
				}
				if len(r.Details[0].Exchanges) != 1 || len(r.Details[0].Curl) != 1 {
					t.Errorf("error detail lacks the exchange or curl line")
				}
				if rep.ExitCode() != 3 || !rep.Conformant {
					t.Errorf("exit %d conformant %v", rep.ExitCode(), rep.Conformant)
				}
			})
		})
	}
}

func TestFailedWithErrorOutcome(t *testing.T) {
	s := withFailure(spec("setup fails", types.SpecStateFailed, []string{must}, outcome(harness.KindError, "setup: could not create collection")), "error: setup")
	both(t, testMeta, ginkgoReport(s), func(t *testing.T, rep *Report) {
		r := wantVerdict(t, rep, must, Error)
		if len(r.Details) != 1 || r.Details[0].Source != SourceOutcome || r.Details[0].Message != "setup: could not create collection" {
			t.Errorf("details %v", summarize(r.Details))
		}
		if len(r.Failures) != 1 {
			t.Errorf("failures %v", r.Failures)
		}
	})
}

func TestFailureEntriesByLevel(t *testing.T) {
	r := ginkgoReport(
		withFailure(spec("levels", types.SpecStateFailed, []string{must, mustNot, should, may, shouldNot},
			exchange(1, `{"title": 1}`), exchange(2, "{}"),
			failure(must, "Expected\n    <int>: 404\nto equal\n    <int>: 200", true, 2),
			failure(should, "expected a next link, got none", true, 0),
			failure(may, "expected gzip, got identity", true, 0),
		), "3 soft failures"),
	)
	both(t, testMeta, r, func(t *testing.T, rep *Report) {
		m := wantVerdict(t, rep, must, Fail)
		if len(m.Details) != 1 || m.Details[0].Source != SourceFailure || !m.Details[0].Soft {
			t.Fatalf("details %v", summarize(m.Details))
		}
		d := m.Details[0]
		if len(d.Exchanges) != 1 || d.Exchanges[0].Seq != 2 {
			t.Errorf("the failure named exchange 2, detail has %d exchanges", len(d.Exchanges))
		}
		if d.Requirement != must || d.Summary != "server must answer discovery" || d.Spec != "levels" {
			t.Errorf("detail requirement/summary/spec = %q %q %q", d.Requirement, d.Summary, d.Spec)
		}
		if !strings.Contains(d.Message, "to equal") || !strings.Contains(m.Failures[0], "levels: Expected <int>: 404") {
			t.Errorf("message %q failures %v", d.Message, m.Failures)
		}
		wantVerdict(t, rep, should, Warn)
		if r := wantVerdict(t, rep, may, Warn); !strings.Contains(r.Note, "never a failure") {
			t.Errorf("MAY note %q", r.Note)
		}
		// every failure was soft: the spec ran to its end, so the others passed
		wantVerdict(t, rep, mustNot, Pass)
		wantVerdict(t, rep, shouldNot, Pass)
		if rep.Conformant || rep.ExitCode() != 1 {
			t.Errorf("conformant %v exit %d, want false 1", rep.Conformant, rep.ExitCode())
		}
		if rep.Summary["MUST"][Fail] != 1 || rep.Summary["SHOULD"][Warn] != 1 || rep.Summary["MAY"][Warn] != 1 {
			t.Errorf("summary %v", rep.Summary)
		}
	})
}

func TestHardFailureLeavesLaterLabelsUnreached(t *testing.T) {
	r := ginkgoReport(
		withFailure(spec("stops", types.SpecStateFailed, []string{must, mustNot, should},
			failure(should, "soft one", true, 0),
			failure(must, "hard one", false, 0),
		), "hard one"),
	)
	both(t, testMeta, r, func(t *testing.T, rep *Report) {
		wantVerdict(t, rep, must, Fail)
		wantVerdict(t, rep, should, Warn)
		if r := wantVerdict(t, rep, mustNot, Untested); !strings.Contains(r.Note, "not reached") {
			t.Errorf("note %q", r.Note)
		}
	})
}

func TestNotReachedDoesNotHideOtherVerdicts(t *testing.T) {
	r := ginkgoReport(
		withFailure(spec("stops", types.SpecStateFailed, []string{must, mustNot}, failure(must, "hard", false, 0)), "hard"),
		spec("other", types.SpecStatePassed, []string{mustNot}),
	)
	both(t, testMeta, r, func(t *testing.T, rep *Report) {
		if r := wantVerdict(t, rep, mustNot, Pass); !strings.Contains(r.Note, "stopped") {
			t.Errorf("note %q", r.Note)
		}
	})
}

func TestStrictTurnsShouldIntoFail(t *testing.T) {
	r := ginkgoReport(withFailure(spec("should", types.SpecStateFailed, []string{should, may},
		failure(should, "no", false, 0), failure(may, "no", true, 0)), "no"))
	meta := testMeta
	meta.Strict = true
	both(t, meta, r, func(t *testing.T, rep *Report) {
		wantVerdict(t, rep, should, Fail)
		wantVerdict(t, rep, may, Warn)
		if rep.Conformant || rep.ExitCode() != 1 {
			t.Errorf("strict: conformant %v exit %d", rep.Conformant, rep.ExitCode())
		}
	})
	both(t, testMeta, r, func(t *testing.T, rep *Report) {
		wantVerdict(t, rep, should, Warn)
		if !rep.Conformant || rep.ExitCode() != 0 {
			t.Errorf("lenient: conformant %v exit %d", rep.Conformant, rep.ExitCode())
		}
	})
}

func TestPlainFailureFailsEveryLabel(t *testing.T) {
	r := ginkgoReport(withFailure(spec("plain", types.SpecStateFailed, []string{must, shouldNot}, exchange(1, "{}")),
		"Expected <string>: a to equal <string>: b"))
	both(t, testMeta, r, func(t *testing.T, rep *Report) {
		m := wantVerdict(t, rep, must, Fail)
		wantVerdict(t, rep, shouldNot, Warn)
		if m.Details[0].Source != SourcePlain || m.Details[0].Location != "/src/x_test.go:42" {
			t.Errorf("detail %+v", m.Details[0])
		}
	})
}

func TestViolations(t *testing.T) {
	r := ginkgoReport(
		// a passed spec of another requirement saw a bad response: the message requirement fails
		spec("saw bad body", types.SpecStatePassed, []string{must}, exchange(1, `{"title": 1}`, violation(message, false))),
		// the harness broke its own request: a harness error
		spec("bad request", types.SpecStatePassed, []string{mustNot}, exchange(1, "{}", violation(message, true))),
		// a deliberate malformed request is not a harness bug
		spec("deliberate", types.SpecStatePassed, []string{should}, func() types.ReportEntry {
			e := exchange(1, "{}", violation(message, true))
			x := e.Value.GetRawValue().(harness.ExchangeRecord)
			x.Deliberate = true
			return entry(harness.EntryExchange, x)
		}()),
	)
	both(t, testMeta, r, func(t *testing.T, rep *Report) {
		wantVerdict(t, rep, must, Pass)
		msg := wantVerdict(t, rep, message, Fail)
		if len(msg.Details) != 1 {
			t.Fatalf("details %v", summarize(msg.Details))
		}
		d := msg.Details[0]
		if d.Source != SourceViolation || d.Violation == nil || d.Violation.Schema != "discovery" || d.Violation.Location != "/title" ||
			d.Violation.Rule != "/properties/title/type" || d.Spec != "saw bad body" || len(d.Exchanges) != 1 {
			t.Errorf("violation detail %+v", d)
		}
		if strings.Contains(d.Exchanges[0].URL, "secret") {
			t.Errorf("userinfo kept in exchange URL %q", d.Exchanges[0].URL)
		}
		if !contains(msg.Specs, "saw bad body") {
			t.Errorf("specs %v", msg.Specs)
		}
		wantVerdict(t, rep, mustNot, Error)
		wantVerdict(t, rep, should, Pass)
		if len(rep.HarnessErrors) != 1 || !strings.Contains(rep.HarnessErrors[0], "harness bug") {
			t.Errorf("harness errors %v", rep.HarnessErrors)
		}
		if rep.ExitCode() != 1 {
			t.Errorf("exit %d", rep.ExitCode())
		}
	})
}

func TestViolationAlreadyReportedAsFailureCountsOnce(t *testing.T) {
	// The harness turns a violation of the spec's own requirement into a soft failure naming
	// the exchange; the report must not show it twice.
	r := ginkgoReport(withFailure(spec("own", types.SpecStateFailed, []string{message},
		exchange(3, `{"title": 1}`, violation(message, false)),
		failure(message, "exchange #3: T21-2.1-01: discovery at /title: expected string", true, 3)), "x"))
	both(t, testMeta, r, func(t *testing.T, rep *Report) {
		if m := wantVerdict(t, rep, message, Fail); len(m.Details) != 1 || m.Details[0].Source != SourceFailure {
			t.Errorf("details %v", summarize(m.Details))
		}
	})
}

func TestWorstVerdictWins(t *testing.T) {
	r := ginkgoReport(
		spec("a", types.SpecStatePassed, []string{must, should}),
		withFailure(spec("b", types.SpecStateSkipped, []string{must}, outcome(harness.KindUnsupported, "x")), "x"),
		withFailure(spec("c", types.SpecStateFailed, []string{should}, outcome(harness.KindError, "net down")), "net down"),
		withFailure(spec("d", types.SpecStateFailed, []string{should}, failure(should, "no", false, 0)), "no"),
		withFailure(spec("e", types.SpecStateSkipped, []string{may}, outcome(harness.KindDisabled, "profile")), "p"),
		withFailure(spec("f", types.SpecStateSkipped, []string{may}, outcome(harness.KindUnsupported, "none")), "n"),
	)
	both(t, testMeta, r, func(t *testing.T, rep *Report) {
		wantVerdict(t, rep, must, Unsupported)
		wantVerdict(t, rep, should, Error)
		wantVerdict(t, rep, may, Unsupported)
		if got := req(t, rep, should).Specs; strings.Join(got, ",") != "a,c,d" {
			t.Errorf("specs %v", got)
		}
	})
}

func TestNotApplicableAndOtherProtocol(t *testing.T) {
	other := spec("1.1.1 spec", types.SpecStateFailed, []string{"T11S-3.1-01"})
	other.LeafNodeLabels = []string{"T11S-3.1-01", harness.LabelTAXII111}
	other = withFailure(other, "fails")
	r := ginkgoReport(
		withFailure(spec("client", types.SpecStateFailed, []string{clientReq}), "x"),
		spec("internal", types.SpecStatePassed, []string{internal}),
		other,
	)
	both(t, testMeta, r, func(t *testing.T, rep *Report) {
		if r := wantVerdict(t, rep, clientReq, NotApplicable); !strings.Contains(r.Note, "clients only") {
			t.Errorf("note %q", r.Note)
		}
		if r := wantVerdict(t, rep, internal, NotApplicable); !strings.Contains(r.Note, "internal storage only") {
			t.Errorf("note %q", r.Note)
		}
		for _, r := range rep.Requirements {
			if strings.HasPrefix(r.ID, "T11") {
				t.Errorf("1.1.1 requirement %s in a 2.1 report", r.ID)
			}
		}
		if rep.Specs.Total != 2 || !rep.Conformant {
			t.Errorf("specs %+v conformant %v", rep.Specs, rep.Conformant)
		}
	})
}

func TestRunLevelHarnessErrors(t *testing.T) {
	before := types.SpecReport{LeafNodeType: types.NodeTypeBeforeSuite, State: types.SpecStateFailed,
		Failure: types.Failure{Message: "target unreachable"}}
	r := ginkgoReport(before)
	r.PreRunStats.SpecsThatWillRun = 3
	r.SpecialSuiteFailureReasons = []string{"Interrupted by User"}
	r.SuiteConfig.DryRun = true
	both(t, testMeta, r, func(t *testing.T, rep *Report) {
		if len(rep.HarnessErrors) != 4 || !strings.Contains(rep.HarnessErrors[1], "dry run") {
			t.Fatalf("harness errors %v", rep.HarnessErrors)
		}
		if !strings.Contains(rep.HarnessErrors[0], "target unreachable") || !strings.Contains(rep.HarnessErrors[3], "only 0 of the 3") {
			t.Errorf("harness errors %v", rep.HarnessErrors)
		}
		if rep.ExitCode() != 3 {
			t.Errorf("exit %d", rep.ExitCode())
		}
	})
}

func TestUnknownRequirementsAreHarnessErrors(t *testing.T) {
	r := ginkgoReport(
		withFailure(spec("typo", types.SpecStateFailed, []string{must, "T21-9.9-99"}, failure("T21-9.9-98", "bad", false, 0)), "bad"),
		withFailure(spec("nothing", types.SpecStateFailed, nil), "no requirement"),
	)
	both(t, testMeta, r, func(t *testing.T, rep *Report) {
		wantVerdict(t, rep, must, Error)
		joined := strings.Join(rep.HarnessErrors, "\n")
		for _, want := range []string{"T21-9.9-99", "T21-9.9-98", "names no requirement"} {
			if !strings.Contains(joined, want) {
				t.Errorf("harness errors lack %q: %v", want, rep.HarnessErrors)
			}
		}
	})
}

func TestTargetUserinfoStripped(t *testing.T) {
	for in, want := range map[string]string{
		"https://alice:pw@example.org/taxii2/": "https://example.org/taxii2/",
		"http://127.0.0.1:8080/taxii2/":        "http://127.0.0.1:8080/taxii2/",
		"not a url %zz alice:pw@host":          "not a url %zz alice:pw@host",
		"%zz http://bob:pw@h/x":                "%zz http://h/x",
	} {
		if got := redactTarget(in); got != want {
			t.Errorf("redactTarget(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestManyExchangesAreCapped(t *testing.T) {
	var entries []types.ReportEntry
	for i := 1; i <= 20; i++ {
		entries = append(entries, exchange(i, "{}"))
	}
	r := ginkgoReport(withFailure(spec("chatty", types.SpecStateFailed, []string{must}, entries...), "plain"))
	both(t, testMeta, r, func(t *testing.T, rep *Report) {
		d := req(t, rep, must).Details[0]
		if len(d.Exchanges) != maxExchanges || d.ExchangesOmitted != 20-maxExchanges || d.Exchanges[0].Seq != 20-maxExchanges+1 {
			t.Errorf("exchanges %d omitted %d first %d", len(d.Exchanges), d.ExchangesOmitted, d.Exchanges[0].Seq)
		}
	})
}
