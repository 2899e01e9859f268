package query

// Family names one of the two namespace families in which the Default Query is spoken: the
// MITRE TAXII 1.1 identifiers that deployed software uses, or the OASIS TAXII 1.1.1 ones.
type Family string

// The two families.
const (
	Family11  Family = "1.1"
	Family111 Family = "1.1.1"
)

// XML namespaces of the Default Query (Part 5 §3.1.1 for 1.1.1; the MITRE schema for 1.1).
const (
	Namespace11  = "http://taxii.mitre.org/query/taxii_default_query-1"
	Namespace111 = "http://docs.oasis-open.org/cti/ns/taxii/default-query-1.1.1"
)

// Query Format IDs that go in the format_id attribute of Query and Supported_Query
// (Part 5 §1.1.1; the 1.1 one is the MITRE Default Query 1.0 identifier).
const (
	FormatID11  = "urn:taxii.mitre.org:query:default:1.0"
	FormatID111 = "urn:oasis:cti:taxii:query:1.1.1"
)

// Capability Module IDs (Part 5 §5.1, §5.2, §5.3 for 1.1.1; the MITRE ones for 1.1).
const (
	CapabilityCore11       = "urn:taxii.mitre.org:query:capability:core-1"
	CapabilityRegex11      = "urn:taxii.mitre.org:query:capability:regex-1"
	CapabilityTimestamp11  = "urn:taxii.mitre.org:query:capability:timestamp-1"
	CapabilityCore111      = "urn:oasis:cti:taxii:query:capability:core-1"
	CapabilityRegex111     = "urn:oasis:cti:taxii:query:capability:regex-1"
	CapabilityTimestamp111 = "urn:oasis:cti:taxii:query:capability:timestamp-1"
)

// Targeting Expression Vocabulary IDs for STIX: a STIX content binding ID (Part 5 §4.2.1).
const (
	VocabularySTIX111      = "urn:stix.mitre.org:xml:1.1.1"
	VocabularySTIX12       = "urn:stix.mitre.org:xml:1.2"
	VocabularySTIX121OASIS = "urn:oasis:cti:stix:xml:1.2.1"
)

// stixVocabularyPrefixes: any content binding under these is a STIX XML binding, whose
// targeting vocabulary this package evaluates (element and attribute local names).
var stixVocabularyPrefixes = []string{"urn:stix.mitre.org:xml:", "urn:oasis:cti:stix:xml:"}

// Status types a server puts in a Status Message when it cannot run a query (Part 4 §3.1
// for UNSUPPORTED_QUERY, Part 5 §2 for the other three), and their Status Detail names.
const (
	StatusUnsupportedQuery                 = "UNSUPPORTED_QUERY"
	StatusUnsupportedCapabilityModule      = "UNSUPPORTED_CAPABILITY_MODULE"
	StatusUnsupportedTargetingExpression   = "UNSUPPORTED_TARGETING_EXPRESSION"
	StatusUnsupportedTargetingExpressionID = "UNSUPPORTED_TARGETING_EXPRESSION_ID"

	DetailSupportedQuery        = "SUPPORTED_QUERY"
	DetailCapabilityModule      = "CAPABILITY_MODULE"
	DetailPreferredScope        = "PREFERRED_SCOPE"
	DetailAllowedScope          = "ALLOWED_SCOPE"
	DetailTargetingExpressionID = "TARGETING_EXPRESSION_ID"
)

// Namespace is the family's Default Query XML namespace ("" for an unknown family).
func (f Family) Namespace() string {
	switch f {
	case Family11:
		return Namespace11
	case Family111:
		return Namespace111
	}
	return ""
}

// FormatID is the family's Query Format ID ("" for an unknown family).
func (f Family) FormatID() string {
	switch f {
	case Family11:
		return FormatID11
	case Family111:
		return FormatID111
	}
	return ""
}

// familyOfNamespace maps a Default Query namespace to its family.
func familyOfNamespace(ns string) (Family, bool) {
	switch ns {
	case Namespace11:
		return Family11, true
	case Namespace111:
		return Family111, true
	}
	return "", false
}

// familyOfFormat maps a Query Format ID to its family.
func familyOfFormat(id string) (Family, bool) {
	switch id {
	case FormatID11:
		return Family11, true
	case FormatID111:
		return Family111, true
	}
	return "", false
}
