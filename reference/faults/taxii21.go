package faults

// Faults of the TAXII 2.1 reference server. Add a constant and a table row together; the
// server checks the constant with Set.On.
const (
	// T21ContentTypeNoVersion drops the version parameter from every TAXII Content-Type.
	T21ContentTypeNoVersion = "t21-content-type-no-version"
)

func init() {
	register(
		Fault{Name: T21ContentTypeNoVersion, Protocol: "2.1", Requirements: []string{"T21-3.1-05"},
			Description: "responses carry application/taxii+json without ;version=2.1"},
	)
}
