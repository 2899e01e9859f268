// Package reports turns a finished Ginkgo run plus the requirement catalog into the reports
// people and CI read: report.json, junit.xml, report.html, summary.md, console lines, the
// catalog listing of `taxii-conform requirements`, and the kill matrix of `make mutation`.
//
// # Verdict rules
//
// Only specs of the run's protocol count: a spec belongs to it when it carries the protocol
// label (taxii2.1, taxii1.1.1) or, lacking any protocol label, names a requirement of it.
// Suite-level nodes (BeforeSuite and the like) never give requirement verdicts; when they fail,
// or Ginkgo reports a special suite failure, or fewer specs ran than Ginkgo meant to run, the
// run records a harness error.
//
// Per spec:
//   - pending, or skipped with neither an outcome entry nor a Skip() failure: not selected
//     (filtered out by focus or labels); the spec contributes nothing.
//   - passed: pass for each requirement label, or the outcome kind when an outcome entry exists.
//   - skipped with an outcome entry: that kind (unsupported, disabled, error) for each label;
//     skipped by a plain Skip(msg): disabled with msg as the reason, except Ginkgo's own
//     "skipped because a BeforeAll node failed / an earlier ordered spec failed", which are error.
//   - panicked, interrupted, aborted or timed out: error for each label.
//   - failed with an outcome entry of kind error: error for each label not named by a failure.
//   - failure entries: each named requirement gets fail (MUST, MUST NOT), warn (SHOULD,
//     SHOULD NOT; fail under strict) or warn (MAY: a MAY is never a failure, so any
//     failure recorded against one is only a warning). Labels no failure names get pass when
//     every failure was soft (the spec ran to its end), otherwise no verdict and the note
//     "not reached". Failure entries count in whatever state the spec ended.
//   - failed without failure entries (a plain Gomega or Ginkgo failure): every label fails by
//     its level as above.
//   - schema violations of exchanges that are not in the request: the violation's requirement
//     gets fail or warn by its level, whatever the spec was labelled with. Violations in the
//     harness's own request (not a deliberate malformed one) are harness bugs: error for the
//     spec's labels.
//
// Per requirement: the worst of its specs' verdicts in the order
// fail > error > warn > unsupported > disabled > pass. A requirement that binds clients only, or
// cannot be observed remotely, is not-applicable whatever specs say; one with no verdict is
// untested (noted "not selected" when specs name it but none was selected, "not reached" when
// its specs stopped before checking it).
//
// Run: conformant when no MUST or MUST NOT requirement fails; under strict also no SHOULD or
// SHOULD NOT one fails or warns (MAY warnings never count). Exit code 1 when not conformant,
// else 3 when any requirement is error or the harness recorded an error, else 0.
package reports
