package faults

// Faults of the TAXII 1.1.1 reference server. Add a constant and a table row together; the
// server checks the constant with Set.On.
const (
	// T11NoInResponseTo omits in_response_to from Poll Responses.
	T11NoInResponseTo = "t11-poll-response-no-in-response-to"
)

func init() {
	register(
		Fault{Name: T11NoInResponseTo, Protocol: "1.1.1", Requirements: []string{"T11X-3.1-01"},
			Description: "Poll Responses lack the in_response_to attribute"},
	)
}
