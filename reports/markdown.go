package reports

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/taxii-conform/taxii-conform/suites/requirements"
)

// Caps that keep summary.md short enough for a CI job page.
const (
	mdMaxFailures = 25
	mdMaxOthers   = 10
	mdReasonRunes = 180
)

// mdEscaper neutralises Markdown and inline HTML in text from the catalog or the target:
// GitHub step summaries render HTML, so a hostile body must not reach them as markup.
var mdEscaper = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;",
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "|", `\|`, "#", `\#`, "~", `\~`,
)

// mdText renders untrusted text as one escaped Markdown line of at most n runes.
func mdText(s string, n int) string { return mdEscaper.Replace(clip(oneLine(s), n)) }

// WriteMarkdown writes summary.md for a CI job page: headline, per-level table, MUST failures,
// warnings, errors and the counts of what was not checked.
func (rep *Report) WriteMarkdown(w io.Writer) error {
	var b bytes.Buffer
	code := rep.ExitCode()
	mark := map[int]string{0: "✅", 1: "❌", 3: "⚠️"}[code]
	head, _ := rep.headline()
	fmt.Fprintf(&b, "## %s TAXII %s: %s\n\n", mark, mdText(rep.Protocol, 20), mdText(strings.ToLower(head), 80))
	fmt.Fprintf(&b, "%s %s against %s", mdText(rep.Tool, 40), mdText(rep.Version, 40), mdText(rep.Target, 200))
	if rep.Family != "" {
		fmt.Fprintf(&b, " (server speaks %s)", mdText(rep.Family, 20))
	}
	fmt.Fprintf(&b, " · started %s · %s · exit status %d", mdText(rep.Started, 40),
		(time.Duration(rep.DurationMS) * time.Millisecond).String(), code)
	if rep.Strict {
		b.WriteString(" · strict")
	}
	if rep.Selection != "" {
		fmt.Fprintf(&b, " · selection: %s", mdText(rep.Selection, 120))
	}
	b.WriteString("\n\n")

	b.WriteString("| level |")
	for _, v := range Verdicts {
		fmt.Fprintf(&b, " %s |", v)
	}
	b.WriteString("\n|---|")
	b.WriteString(strings.Repeat("--:|", len(Verdicts)))
	b.WriteString("\n")
	for _, l := range Levels {
		fmt.Fprintf(&b, "| %s |", l)
		for _, v := range Verdicts {
			fmt.Fprintf(&b, " %d |", rep.Summary[string(l)][v])
		}
		b.WriteString("\n")
	}

	var must, warns, errs []RequirementResult
	for _, r := range rep.Requirements {
		switch {
		case r.Verdict == Fail && requirements.Level(r.Level).Mandatory():
			must = append(must, r)
		case r.Verdict == Fail || r.Verdict == Warn:
			warns = append(warns, r)
		case r.Verdict == Error:
			errs = append(errs, r)
		}
	}
	rep.mdList(&b, "MUST failures", must, mdMaxFailures)
	rep.mdList(&b, "Warnings and SHOULD failures", warns, mdMaxOthers)
	rep.mdList(&b, "Errors (not checked)", errs, mdMaxOthers)
	if len(rep.HarnessErrors) > 0 {
		fmt.Fprintf(&b, "\n### Harness errors (%d)\n\n", len(rep.HarnessErrors))
		for i, h := range rep.HarnessErrors {
			if i == mdMaxOthers {
				fmt.Fprintf(&b, "- … and %d more (see report.json)\n", len(rep.HarnessErrors)-i)
				break
			}
			fmt.Fprintf(&b, "- %s\n", mdText(h, mdReasonRunes))
		}
	}
	fmt.Fprintf(&b, "\nUntested: %d · not applicable: %d · unsupported: %d · disabled: %d · passed: %d of %d requirements. Full details in report.html.\n",
		rep.Counts(Untested), rep.Counts(NotApplicable), rep.Counts(Unsupported), rep.Counts(Disabled), rep.Counts(Pass), len(rep.Requirements))
	_, err := w.Write(b.Bytes())
	return err
}

func (rep *Report) mdList(b *bytes.Buffer, title string, list []RequirementResult, max int) {
	if len(list) == 0 {
		return
	}
	fmt.Fprintf(b, "\n### %s (%d)\n\n", title, len(list))
	for i, r := range list {
		if i == max {
			fmt.Fprintf(b, "- … and %d more (see report.html)\n", len(list)-i)
			return
		}
		fmt.Fprintf(b, "- **%s** (%s, §%s) %s", r.ID, r.Level, mdText(r.Section, 20), mdText(r.Summary, 160))
		if reason := firstReasonOf(r); reason != "" {
			fmt.Fprintf(b, " — %s", mdText(reason, mdReasonRunes))
		}
		b.WriteString("\n")
	}
}

// firstReasonOf is the one-line reason of a requirement's first detail.
func firstReasonOf(r RequirementResult) string {
	if len(r.Details) > 0 {
		return oneLine(r.Details[0].Message)
	}
	if len(r.Failures) > 0 {
		return oneLine(r.Failures[0])
	}
	return r.Note
}
