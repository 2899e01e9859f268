package harness

import (
	"encoding/json"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/taxii-conform/taxii-conform/schemas"
)

// Names of the Ginkgo report entries through which specs tell the report what happened.
// The report builder reads them back with DecodeEntries; nothing else should depend on them.
const (
	EntryOutcome  = "taxii-conform/outcome"
	EntryFailure  = "taxii-conform/failure"
	EntryExchange = "taxii-conform/exchange"
	EntryNote     = "taxii-conform/note"
)

// Kind is how a spec ended when it neither simply passed nor failed a requirement.
type Kind string

// Kinds recorded with EntryOutcome.
const (
	// Unsupported: the server gave the answer the spec allows for an optional feature it lacks.
	KindUnsupported Kind = "unsupported"
	// Disabled: the profile or --read-only rules the spec out.
	KindDisabled Kind = "disabled"
	// Error: setup, network or the harness itself failed; never non-conformance.
	KindError Kind = "error"
)

// Outcome is the value of an EntryOutcome entry.
type Outcome struct {
	Kind   Kind   `json:"kind"`
	Reason string `json:"reason"`
}

// Failure is the value of an EntryFailure entry: one broken requirement.
type Failure struct {
	// Requirement is the catalog ID that was broken.
	Requirement string `json:"requirement"`
	// Message says what was expected and what came back (Gomega's failure message).
	Message string `json:"message"`
	// Location is the spec source line that made the check.
	Location string `json:"location,omitempty"`
	// Exchange is the Seq of the exchange the check looked at, 0 when none in particular.
	Exchange int `json:"exchange,omitempty"`
	// Soft failures were recorded without stopping the spec.
	Soft bool `json:"soft,omitempty"`
}

// ExchangeRecord is the value of an EntryExchange entry: one HTTP exchange with the target,
// credentials already redacted, bodies cut to the recording limit.
type ExchangeRecord struct {
	// Seq numbers exchanges within one spec, from 1.
	Seq int `json:"seq"`
	// Inbound exchanges were made by the target to the harness (TAXII 1.x push delivery).
	Inbound bool `json:"inbound,omitempty"`
	// Identity is the profile identity used ("" for the default one).
	Identity string `json:"identity,omitempty"`
	Method   string `json:"method"`
	URL      string `json:"url"`
	// RequestHeader and ResponseHeader have secret values replaced by "<redacted>".
	RequestHeader         map[string][]string `json:"request_header,omitempty"`
	RequestBody           string              `json:"request_body,omitempty"`
	RequestBodyTruncated  bool                `json:"request_body_truncated,omitempty"`
	Status                int                 `json:"status,omitempty"`
	ResponseHeader        map[string][]string `json:"response_header,omitempty"`
	ResponseBody          string              `json:"response_body,omitempty"`
	ResponseBodyTruncated bool                `json:"response_body_truncated,omitempty"`
	DurationMS            float64             `json:"duration_ms"`
	// Error is the transport error, if the exchange did not complete.
	Error string `json:"error,omitempty"`
	// Curl is a shell command that repeats the request; secrets come from environment variables.
	Curl string `json:"curl,omitempty"`
	// Deliberate marks requests that are malformed on purpose; they are not schema-checked.
	Deliberate bool `json:"deliberate,omitempty"`
	// Violations are the schema violations found in the request or response.
	Violations []ExchangeViolation `json:"violations,omitempty"`
}

// ExchangeViolation is a schema violation found in one side of an exchange.
type ExchangeViolation struct {
	schemas.Violation
	// InRequest is set when the harness's own request broke the schema (a harness bug).
	InRequest bool `json:"in_request,omitempty"`
}

// SpecEntries is what one spec recorded, decoded.
type SpecEntries struct {
	Outcome   *Outcome
	Failures  []Failure
	Exchanges []ExchangeRecord
	Notes     []string
}

// DecodeEntries reads the taxii-conform entries of a spec report. It works both in the
// process that ran the spec (raw values) and on a report read back from JSON.
func DecodeEntries(s types.SpecReport) SpecEntries {
	var out SpecEntries
	for _, e := range s.ReportEntries {
		switch e.Name {
		case EntryOutcome:
			var o Outcome
			if decodeEntry(e, &o) {
				out.Outcome = &o
			}
		case EntryFailure:
			var f Failure
			if decodeEntry(e, &f) {
				out.Failures = append(out.Failures, f)
			}
		case EntryExchange:
			var x ExchangeRecord
			if decodeEntry(e, &x) {
				out.Exchanges = append(out.Exchanges, x)
			}
		case EntryNote:
			var n string
			if decodeEntry(e, &n) {
				out.Notes = append(out.Notes, n)
			}
		}
	}
	return out
}

func decodeEntry[T any](e types.ReportEntry, into *T) bool {
	if raw, ok := e.Value.GetRawValue().(T); ok {
		*into = raw
		return true
	}
	if p, ok := e.Value.GetRawValue().(*T); ok && p != nil {
		*into = *p
		return true
	}
	return e.Value.AsJSON != "" && json.Unmarshal([]byte(e.Value.AsJSON), into) == nil
}
