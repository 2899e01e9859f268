package query

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
)

// Info is what a server supports of the Default Query in one family: the Default Query
// Information structure of Part 5 §3.2, which it advertises in each Supported_Query of its
// Poll and Collection Management services, and against which Compile checks queries.
type Info struct {
	Family               Family
	TargetingExpressions []TargetingExpressionInfo
	CapabilityModules    []string
}

// TargetingExpressionInfo is one supported targeting expression vocabulary with its scopes
// (Part 5 §3.2.0.1): at least one of PreferredScope and AllowedScope is needed. A target is
// accepted when some scope of either kind covers it.
type TargetingExpressionInfo struct {
	ID             string
	PreferredScope []string
	AllowedScope   []string
}

// Supported gives the reference server's support in family f: the core, regex and timestamp
// modules of the family, and the STIX vocabularies (1.1: STIX 1.1.1 and 1.2; 1.1.1: also
// OASIS STIX 1.2.1), each with every targeting expression in the preferred scope ("**"),
// since the engine answers any of them equally fast. An unknown family gives an Info that
// fails Validate.
func Supported(f Family) Info {
	all := []string{"**"}
	switch f {
	case Family11:
		return Info{
			Family: f,
			TargetingExpressions: []TargetingExpressionInfo{
				{ID: VocabularySTIX111, PreferredScope: all},
				{ID: VocabularySTIX12, PreferredScope: all},
			},
			CapabilityModules: []string{CapabilityCore11, CapabilityRegex11, CapabilityTimestamp11},
		}
	case Family111:
		return Info{
			Family: f,
			TargetingExpressions: []TargetingExpressionInfo{
				{ID: VocabularySTIX121OASIS, PreferredScope: all},
				{ID: VocabularySTIX111, PreferredScope: all},
				{ID: VocabularySTIX12, PreferredScope: all},
			},
			CapabilityModules: []string{CapabilityCore111, CapabilityRegex111, CapabilityTimestamp111},
		}
	}
	return Info{Family: f}
}

// FormatID is the Query Format ID to put in format_id of Supported_Query.
func (i Info) FormatID() string { return i.Family.FormatID() }

// Validate checks that i is something this package can honour: a known family, at least one
// STIX vocabulary each with at least one valid scope, and only capability modules it can
// evaluate. Call it once when loading configuration; Compile calls it too.
func (i Info) Validate() error {
	if i.Family.Namespace() == "" {
		return fmt.Errorf("unknown Default Query family %q (want %q or %q)", i.Family, Family11, Family111)
	}
	if len(i.TargetingExpressions) == 0 {
		return fmt.Errorf("no targeting expression vocabulary")
	}
	seen := map[string]bool{}
	for _, t := range i.TargetingExpressions {
		stix := false
		for _, p := range stixVocabularyPrefixes {
			stix = stix || strings.HasPrefix(t.ID, p)
		}
		if !stix {
			return fmt.Errorf("targeting expression vocabulary %q is not a STIX XML content binding", t.ID)
		}
		if seen[t.ID] {
			return fmt.Errorf("targeting expression vocabulary %q listed twice", t.ID)
		}
		seen[t.ID] = true
		if len(t.PreferredScope)+len(t.AllowedScope) == 0 {
			return fmt.Errorf("vocabulary %q has neither a preferred nor an allowed scope", t.ID)
		}
		for _, s := range append(append([]string{}, t.PreferredScope...), t.AllowedScope...) {
			if _, err := parseTarget(s); err != nil {
				return fmt.Errorf("vocabulary %q: scope: %w", t.ID, err)
			}
		}
	}
	if len(i.CapabilityModules) == 0 {
		return fmt.Errorf("no capability module")
	}
	seen = map[string]bool{}
	for _, m := range i.CapabilityModules {
		if _, ok := modules[m]; !ok {
			return fmt.Errorf("capability module %q is not implemented", m)
		}
		if seen[m] {
			return fmt.Errorf("capability module %q listed twice", m)
		}
		seen[m] = true
	}
	return nil
}

// CheckFormat tells whether a Query's format_id is the one i supports; if not, the
// *UnsupportedError describes the UNSUPPORTED_QUERY Status Message (Part 2 §5.5.2, Part 4
// §3.1) listing the supported format.
func (i Info) CheckFormat(formatID string) error {
	if strings.TrimSpace(formatID) == i.FormatID() {
		return nil
	}
	return &UnsupportedError{
		StatusType: StatusUnsupportedQuery,
		Details:    []StatusDetail{{DetailSupportedQuery, i.FormatID()}},
		Message:    fmt.Sprintf("query format %q is not supported; use %s", formatID, i.FormatID()),
	}
}

// DefaultQueryInfoXML renders i as Default_Query_Info elements (Part 5 §3.2.1), one per
// targeting expression vocabulary, each declaring its namespace so that it can be pasted as
// the whole body of a Supported_Query element with format_id = i.FormatID(). The server
// emits one Supported_Query per element: both the 1.1 and the 1.1.1 Default Query schemas
// allow a single Targeting_Expression_Info in a Default_Query_Info (although Part 5's table
// allows several), while Supported_Query itself may repeat.
func (i Info) DefaultQueryInfoXML() [][]byte {
	ns := i.Family.Namespace()
	out := make([][]byte, 0, len(i.TargetingExpressions))
	for _, t := range i.TargetingExpressions {
		var b bytes.Buffer
		b.WriteString(`<tdq:Default_Query_Info xmlns:tdq="`)
		xmlEscape(&b, ns)
		b.WriteString(`"><tdq:Targeting_Expression_Info targeting_expression_id="`)
		xmlEscape(&b, t.ID)
		b.WriteString(`">`)
		for _, s := range t.PreferredScope {
			b.WriteString("<tdq:Preferred_Scope>")
			xmlEscape(&b, s)
			b.WriteString("</tdq:Preferred_Scope>")
		}
		for _, s := range t.AllowedScope {
			b.WriteString("<tdq:Allowed_Scope>")
			xmlEscape(&b, s)
			b.WriteString("</tdq:Allowed_Scope>")
		}
		b.WriteString("</tdq:Targeting_Expression_Info>")
		for _, m := range i.CapabilityModules {
			b.WriteString("<tdq:Capability_Module>")
			xmlEscape(&b, m)
			b.WriteString("</tdq:Capability_Module>")
		}
		b.WriteString("</tdq:Default_Query_Info>")
		out = append(out, b.Bytes())
	}
	return out
}

func xmlEscape(b *bytes.Buffer, s string) {
	_ = xml.EscapeText(b, []byte(s)) // writing to a bytes.Buffer cannot fail
}
