package reports

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/taxii-conform/taxii-conform/suites/harness"
)

// The page is one file with inline CSS and script and a Content-Security-Policy that forbids
// everything else; html/template escapes every value, so bodies from a hostile server stay text.
//
//go:embed report.html.tmpl
var htmlSource string

var htmlTemplate = template.Must(template.New("report").Parse(htmlSource))

type htmlView struct {
	R             *Report
	Headline      string
	HeadlineClass string
	ExitCode      int
	ExitMeaning   string
	Duration      string
	Verdicts      []Verdict
	LevelRows     []htmlLevel
	Rows          []htmlRequirement
}

type htmlLevel struct {
	Level  string
	Counts []int
}

type htmlRequirement struct {
	RequirementResult
	HTMLDetails []htmlDetail
}

type htmlDetail struct {
	Detail
	HTMLExchanges []htmlExchange
}

type htmlExchange struct {
	harness.ExchangeRecord
	RequestHead  string
	ResponseHead string
}

// headline is the one-phrase verdict of the run and its CSS class.
func (rep *Report) headline() (string, string) { return headlineFor(rep.ExitCode()) }

// headlineFor is the one-phrase verdict of a run that ended with exit status code, and its
// CSS class.
func headlineFor(code int) (string, string) {
	switch code {
	case 1:
		return "NOT CONFORMANT", "bad"
	case 3:
		return "CONFORMANT SO FAR: the harness could not check everything", "err"
	}
	return "CONFORMANT", "ok"
}

func exitMeaning(code int) string {
	switch code {
	case 1:
		return "a mandatory requirement failed"
	case 3:
		return "no mandatory requirement failed, but some checks ended in error"
	}
	return "no mandatory requirement failed"
}

// WriteHTML writes report.html.
func (rep *Report) WriteHTML(w io.Writer) error {
	v := htmlView{R: rep, ExitCode: rep.ExitCode(), Verdicts: Verdicts,
		Duration: (time.Duration(rep.DurationMS) * time.Millisecond).String()}
	v.Headline, v.HeadlineClass = rep.headline()
	v.ExitMeaning = exitMeaning(v.ExitCode)
	for _, l := range Levels {
		row := htmlLevel{Level: string(l)}
		for _, vd := range Verdicts {
			row.Counts = append(row.Counts, rep.Summary[string(l)][vd])
		}
		v.LevelRows = append(v.LevelRows, row)
	}
	for _, r := range rep.Requirements {
		hr := htmlRequirement{RequirementResult: r}
		for _, d := range r.Details {
			hd := htmlDetail{Detail: d}
			for _, x := range d.Exchanges {
				hd.HTMLExchanges = append(hd.HTMLExchanges, htmlExchange{ExchangeRecord: x,
					RequestHead: headerBlock(x.RequestHeader), ResponseHead: headerBlock(x.ResponseHeader)})
			}
			hr.HTMLDetails = append(hr.HTMLDetails, hd)
		}
		v.Rows = append(v.Rows, hr)
	}
	var b bytes.Buffer
	if err := htmlTemplate.Execute(&b, v); err != nil {
		return fmt.Errorf("report.html: %w", err)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// headerBlock renders headers one per line, names sorted, for a stable page.
func headerBlock(h map[string][]string) string {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, k := range names {
		for _, v := range h[k] {
			b.WriteString(k + ": " + v + "\n")
		}
	}
	return b.String()
}
