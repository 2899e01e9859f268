package query

import (
	"reflect"
	"strings"
	"testing"
)

func TestUnsupported(t *testing.T) {
	for _, f := range families {
		other := Family11
		if f == Family11 {
			other = Family111
		}
		info := Supported(f)
		core := func(target string) string {
			return criteria("AND", criterion(f, nil, target, "core", "exists"))
		}
		cases := []struct {
			name    string
			query   []byte
			info    Info
			status  string
			details []StatusDetail
		}{
			{"unknown vocabulary", defaultQuery(f, "urn:example.com:vocab:filehash", core("File_Hash")), info,
				StatusUnsupportedTargetingExpressionID, idDetails(info)},
			{"CybOX is not a supported vocabulary", defaultQuery(f, "urn:cybox.mitre.org:xml:2.1", core("**")), info,
				StatusUnsupportedTargetingExpressionID, idDetails(info)},
			{"unknown capability module", defaultQuery(f, vocabulary(f), criteria("OR", criterion(f, nil, "**", "urn:example.com:cm:fuzzy-1", "near"))), info,
				StatusUnsupportedCapabilityModule, cmDetails(info)},
			{"capability module of the other family", defaultQuery(f, vocabulary(f), criteria("OR", criterion(f, nil, "**", moduleID(other, "core"), "exists"))), info,
				StatusUnsupportedCapabilityModule, cmDetails(info)},
			{"module known but not offered", defaultQuery(f, vocabulary(f), criteria("OR", criterion(f, nil, "**", "regex", "matches", "value", "x"))),
				Info{Family: f, TargetingExpressions: info.TargetingExpressions, CapabilityModules: []string{moduleID(f, "core")}},
				StatusUnsupportedCapabilityModule, []StatusDetail{{DetailCapabilityModule, moduleID(f, "core")}}},
			{"target outside scope", defaultQuery(f, vocabulary(f), core("STIX_Package/STIX_Header/Description")), narrow(f),
				StatusUnsupportedTargetingExpression, []StatusDetail{{DetailPreferredScope, "STIX_Package/Indicators/**"}, {DetailAllowedScope, "**/@id"}, {DetailAllowedScope, "**/Title"}}},
			{"target partly outside scope", defaultQuery(f, vocabulary(f), core("STIX_Package/**")), narrow(f),
				StatusUnsupportedTargetingExpression, []StatusDetail{{DetailPreferredScope, "STIX_Package/Indicators/**"}, {DetailAllowedScope, "**/@id"}, {DetailAllowedScope, "**/Title"}}},
			{"target with a prefix", defaultQuery(f, vocabulary(f), core("stix:STIX_Package")), info,
				StatusUnsupportedTargetingExpression, []StatusDetail{{DetailPreferredScope, "**"}}},
			{"target with an empty node", defaultQuery(f, vocabulary(f), core("STIX_Package//Title")), info,
				StatusUnsupportedTargetingExpression, []StatusDetail{{DetailPreferredScope, "**"}}},
			{"empty target", defaultQuery(f, vocabulary(f), core("")), info,
				StatusUnsupportedTargetingExpression, []StatusDetail{{DetailPreferredScope, "**"}}},
			{"attribute in the middle", defaultQuery(f, vocabulary(f), core("STIX_Package/@id/x")), info,
				StatusUnsupportedTargetingExpression, []StatusDetail{{DetailPreferredScope, "**"}}},
			{"query of the other family", defaultQuery(other, vocabulary(other), criteria("AND", criterion(other, nil, "**", "core", "exists"))), info,
				StatusUnsupportedQuery, []StatusDetail{{DetailSupportedQuery, f.FormatID()}}},
		}
		for _, c := range cases {
			t.Run(string(f)+"/"+c.name, func(t *testing.T) {
				q, err := Parse(c.query)
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				err = q.Check(c.info)
				ue := asUnsupported(t, err)
				if ue.StatusType != c.status {
					t.Errorf("status %s, want %s (%v)", ue.StatusType, c.status, err)
				}
				if !reflect.DeepEqual(ue.Details, c.details) {
					t.Errorf("details\n got %v\nwant %v", ue.Details, c.details)
				}
				if ue.Message == "" || !strings.Contains(err.Error(), ue.Message) {
					t.Errorf("message %q not in %q", ue.Message, err.Error())
				}
			})
		}
		t.Run(string(f)+"/in scope", func(t *testing.T) {
			for _, target := range []string{"STIX_Package/Indicators/Indicator/Title", "**/@id", "STIX_Package/@id", "STIX_Package/**/Title", "STIX_Package/Indicators/*/@id"} {
				q, err := Parse(defaultQuery(f, vocabulary(f), core(target)))
				if err != nil {
					t.Fatal(err)
				}
				if err := q.Check(narrow(f)); err != nil {
					t.Errorf("%s: %v", target, err)
				}
			}
		})
		t.Run(string(f)+"/CheckFormat", func(t *testing.T) {
			if err := info.CheckFormat(f.FormatID()); err != nil {
				t.Errorf("own format refused: %v", err)
			}
			for _, id := range []string{other.FormatID(), "urn:example.com:query:xpath", ""} {
				ue := asUnsupported(t, info.CheckFormat(id))
				if ue.StatusType != StatusUnsupportedQuery || !reflect.DeepEqual(ue.Details, []StatusDetail{{DetailSupportedQuery, f.FormatID()}}) {
					t.Errorf("%q: %+v", id, ue)
				}
			}
		})
	}
}

func idDetails(i Info) []StatusDetail {
	var d []StatusDetail
	for _, t := range i.TargetingExpressions {
		d = append(d, StatusDetail{DetailTargetingExpressionID, t.ID})
	}
	return d
}

func cmDetails(i Info) []StatusDetail {
	var d []StatusDetail
	for _, m := range i.CapabilityModules {
		d = append(d, StatusDetail{DetailCapabilityModule, m})
	}
	return d
}

// narrow is a server that prefers indicators and allows ids and titles anywhere.
func narrow(f Family) Info {
	i := Supported(f)
	i.TargetingExpressions = []TargetingExpressionInfo{{
		ID:             vocabulary(f),
		PreferredScope: []string{"STIX_Package/Indicators/**"},
		AllowedScope:   []string{"**/@id", "**/Title"},
	}}
	return i
}

func TestInvalidTests(t *testing.T) {
	for _, f := range families {
		cases := []struct {
			name, module, rel string
			params            []string
			reason            string
		}{
			{"relationship of another module", "core", "matches", []string{"value", "x"}, `relationship "matches" is not defined`},
			{"core relationship in timestamp", "timestamp", "contains", []string{"value", "2015-01-01T00:00:00Z"}, "not defined"},
			{"core relationship in regex", "regex", "equals", []string{"value", "x"}, "not defined"},
			{"unknown relationship", "core", "near", nil, "not defined"},
			{"relationship case", "core", "Equals", []string{"match_type", "number", "value", "1"}, "not defined"},
			{"equals without match_type", "core", "equals", []string{"value", "x"}, "needs a match_type"},
			{"equals without value", "core", "equals", []string{"match_type", "case_sensitive_string"}, "needs a value"},
			{"not_equals without value", "core", "not_equals", []string{"match_type", "number"}, "needs a value"},
			{"begins_with without value", "core", "begins_with", []string{"case_sensitive", "true"}, "needs a value"},
			{"greater_than without value", "core", "greater_than", nil, "needs a value"},
			{"timestamp without value", "timestamp", "equals", nil, "needs a value"},
			{"matches without value", "regex", "matches", []string{"case_sensitive", "false"}, "needs a value"},
			{"unknown match_type", "core", "equals", []string{"match_type", "date", "value", "x"}, "match_type"},
			{"number that is not", "core", "equals", []string{"match_type", "number", "value", "ten"}, "not a number"},
			{"greater_than text", "core", "greater_than", []string{"value", "abc"}, "not a number"},
			{"number out of range", "core", "less_than", []string{"value", "1e400"}, "not a number"},
			{"number NaN", "core", "less_than", []string{"value", "NaN"}, "not a number"},
			{"bad case_sensitive", "core", "contains", []string{"case_sensitive", "yes", "value", "x"}, "case_sensitive"},
			{"bad timestamp", "timestamp", "greater_than", []string{"value", "yesterday"}, "not a timestamp"},
			{"bad regex", "regex", "matches", []string{"value", "("}, "regular expression"},
			{"backreference", "regex", "matches", []string{"value", `(a)\1`}, "regular expression"},
			{"lookahead", "regex", "matches", []string{"value", `a(?=b)`}, "regular expression"},
			{"huge repetition", "regex", "matches", []string{"value", `a{1001}`}, "regular expression"},
			{"pattern too long", "regex", "matches", []string{"value", strings.Repeat("a", MaxPatternBytes+1)}, "longer than"},
			{"unknown parameter", "core", "contains", []string{"value", "x", "fuzziness", "2"}, `no parameter "fuzziness"`},
			{"parameter on exists", "core", "exists", []string{"value", "x"}, `no parameter "value"`},
			{"match_type on greater_than", "core", "greater_than", []string{"match_type", "number", "value", "1"}, `no parameter "match_type"`},
			{"duplicate parameter", "core", "contains", []string{"value", "x", "value", "y"}, "twice"},
		}
		for _, c := range cases {
			t.Run(string(f)+"/"+c.name, func(t *testing.T) {
				q, err := Parse(defaultQuery(f, vocabulary(f), criteria("OR", criterion(f, nil, "**", c.module, c.rel, c.params...))))
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				ie := asInvalid(t, q.Check(Supported(f)))
				if !strings.Contains(ie.Error(), c.reason) {
					t.Errorf("error %q lacks %q", ie.Error(), c.reason)
				}
				if !strings.HasSuffix(ie.Where, "Criterion[1]/Test") {
					t.Errorf("where %q", ie.Where)
				}
			})
		}
	}
}

func TestCompileRefusesBadInfo(t *testing.T) {
	q, err := Parse(defaultQuery(Family111, VocabularySTIX121OASIS, criteria("AND", criterion(Family111, nil, "**", "core", "exists"))))
	if err != nil {
		t.Fatal(err)
	}
	_, err = q.Compile(Info{Family: Family111})
	if err == nil {
		t.Fatal("compiled against an empty Info")
	}
	var ue *UnsupportedError
	var ie *InvalidError
	if asErr(err, &ue) || asErr(err, &ie) {
		t.Errorf("a server configuration error must not look like the client's fault: %T", err)
	}
}
