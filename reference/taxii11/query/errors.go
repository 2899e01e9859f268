package query

import "fmt"

// StatusDetail is one <Status_Detail>/<Detail name="Name">Value</Detail> of a Status Message.
type StatusDetail struct {
	Name  string
	Value string
}

// UnsupportedError says that the query is well formed but asks for something this server
// does not support. The server answers with a Status Message whose status_type is
// StatusType, whose Status_Detail holds Details in the given order, and whose Message may
// be Message. StatusType is one of the Status* constants.
type UnsupportedError struct {
	StatusType string
	Details    []StatusDetail
	Message    string
}

func (e *UnsupportedError) Error() string {
	return e.StatusType + ": " + e.Message
}

// InvalidError says that the query is malformed: bad XML, a structure that Part 5 §3.1.1 does
// not allow, a relationship its capability module does not define, or a missing or wrong
// parameter. The server answers with a BAD_MESSAGE Status Message carrying Error().
type InvalidError struct {
	// Where points at the offending part, e.g. "Criteria/Criteria[2]/Criterion[1]/Test".
	Where  string
	Reason string
}

func (e *InvalidError) Error() string {
	if e.Where == "" {
		return "invalid default query: " + e.Reason
	}
	return "invalid default query at " + e.Where + ": " + e.Reason
}

func invalidf(where, format string, args ...any) *InvalidError {
	return &InvalidError{Where: where, Reason: fmt.Sprintf(format, args...)}
}

// ContentError says that a content block could not be parsed or broke a limit.
type ContentError struct {
	Reason string
}

func (e *ContentError) Error() string { return "content block: " + e.Reason }

func contentErrorf(format string, args ...any) *ContentError {
	return &ContentError{Reason: fmt.Sprintf(format, args...)}
}
