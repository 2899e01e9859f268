package query

import "testing"

// relCase is one Criterion evaluated over one fixture document; want is the result without
// negation. Every case runs in both families, without and with negate="true".
type relCase struct {
	name   string
	doc    string
	target string
	module string
	rel    string
	params []string
	want   bool
}

func runRelCases(t *testing.T, cases []relCase) {
	t.Helper()
	d := fixtureDocs(t)
	for _, c := range cases {
		for _, f := range families {
			for _, neg := range []bool{false, true} {
				name := c.name + "/" + string(f)
				if neg {
					name += "/negated"
				}
				t.Run(name, func(t *testing.T) {
					var n *bool
					if neg {
						n = ptr(true)
					}
					q := defaultQuery(f, vocabulary(f), criteria("AND", criterion(f, n, c.target, c.module, c.rel, c.params...)))
					m := compileFor(t, f, q)
					if got, want := m.Match(d[c.doc]), c.want != neg; got != want {
						t.Errorf("%s %s %v on %s: got %v, want %v", c.target, c.rel, c.params, c.doc, got, want)
					}
				})
			}
		}
	}
}

func TestCoreRelationships(t *testing.T) {
	const title = "STIX_Package/STIX_Header/Title"
	const titleText = "Example watchlist that contains IP information."
	runRelCases(t, []relCase{
		// equals (Part 5 §5.1.1)
		{"equals/exact", docWatchlist, title, "core", "equals", []string{"match_type", "case_sensitive_string", "value", titleText}, true},
		{"equals/case differs", docWatchlist, title, "core", "equals", []string{"match_type", "case_sensitive_string", "value", "example watchlist that contains ip information."}, false},
		{"equals/case ignored", docWatchlist, title, "core", "equals", []string{"match_type", "case_insensitive_string", "value", "EXAMPLE WATCHLIST that contains ip information."}, true},
		{"equals/containment is not equality", docWatchlist, "**/Title", "core", "equals", []string{"match_type", "case_sensitive_string", "value", "Malicious IP"}, false},
		{"equals/attribute", docWatchlist, "STIX_Package/@version", "core", "equals", []string{"match_type", "case_sensitive_string", "value", "1.1.1"}, true},
		{"equals/number", docFileHash, "**/Size_In_Bytes", "core", "equals", []string{"match_type", "number", "value", "1048576.0"}, true},
		{"equals/number exponent", docFileHash, "**/Size_In_Bytes", "core", "equals", []string{"match_type", "number", "value", "1.048576e6"}, true},
		{"equals/number differs", docFileHash, "**/Size_In_Bytes", "core", "equals", []string{"match_type", "number", "value", "1e6"}, false},
		{"equals/number on text", docFileHash, "**/File_Name", "core", "equals", []string{"match_type", "number", "value", "1"}, false},
		{"equals/nothing selected", docWatchlist, "**/Nope", "core", "equals", []string{"match_type", "case_sensitive_string", "value", ""}, false},
		// not_equals (§5.1.2)
		{"not_equals/differs", docWatchlist, "STIX_Package/@version", "core", "not_equals", []string{"match_type", "case_sensitive_string", "value", "1.2"}, true},
		{"not_equals/same", docWatchlist, "STIX_Package/@version", "core", "not_equals", []string{"match_type", "case_sensitive_string", "value", "1.1.1"}, false},
		{"not_equals/case ignored", docWatchlist, title, "core", "not_equals", []string{"match_type", "case_insensitive_string", "value", "EXAMPLE WATCHLIST THAT CONTAINS IP INFORMATION."}, false},
		{"not_equals/case counts", docWatchlist, title, "core", "not_equals", []string{"match_type", "case_sensitive_string", "value", "EXAMPLE WATCHLIST THAT CONTAINS IP INFORMATION."}, true},
		{"not_equals/number same", docFileHash, "**/Size_In_Bytes", "core", "not_equals", []string{"match_type", "number", "value", "1048576"}, false},
		{"not_equals/number differs", docFileHash, "**/Peak_Entropy", "core", "not_equals", []string{"match_type", "number", "value", "7"}, true},
		{"not_equals/nothing selected", docWatchlist, "**/Nope", "core", "not_equals", []string{"match_type", "case_sensitive_string", "value", "x"}, false},
		{"not_equals/libtaxii spelling", docWatchlist, "STIX_Package/@version", "core", "not_requals", []string{"match_type", "case_sensitive_string", "value", "1.2"}, true},
		// greater_than … less_than_or_equal (§5.1.3–§5.1.6)
		{"greater_than/yes", docFileHash, "**/Size_In_Bytes", "core", "greater_than", []string{"value", "1000000"}, true},
		{"greater_than/equal is not greater", docFileHash, "**/Size_In_Bytes", "core", "greater_than", []string{"value", "1048576"}, false},
		{"greater_than/text node", docFileHash, "**/File_Name", "core", "greater_than", []string{"value", "-1e300"}, false},
		{"greater_than_or_equal/equal", docFileHash, "**/Size_In_Bytes", "core", "greater_than_or_equal", []string{"value", "1048576"}, true},
		{"greater_than_or_equal/no", docFileHash, "**/Size_In_Bytes", "core", "greater_than_or_equal", []string{"value", "1048577"}, false},
		{"less_than/yes", docFileHash, "**/Peak_Entropy", "core", "less_than", []string{"value", "7.5"}, true},
		{"less_than/equal is not less", docFileHash, "**/Peak_Entropy", "core", "less_than", []string{"value", "7.25"}, false},
		{"less_than/negative", docFileHash, "**/Peak_Entropy", "core", "less_than", []string{"value", "-1"}, false},
		{"less_than_or_equal/equal", docFileHash, "**/Peak_Entropy", "core", "less_than_or_equal", []string{"value", "7.25"}, true},
		{"less_than_or_equal/no", docFileHash, "**/Peak_Entropy", "core", "less_than_or_equal", []string{"value", "7.2"}, false},
		{"less_than_or_equal/attribute", docIncident, "**/@amount", "core", "less_than_or_equal", []string{"value", "15000.5"}, true},
		// exists / does_not_exist (§5.1.7, §5.1.8)
		{"exists/element", docWatchlist, "STIX_Package/Indicators", "core", "exists", nil, true},
		{"exists/absent", docWatchlist, "STIX_Package/Incidents", "core", "exists", nil, false},
		{"exists/attribute", docWatchlist, "**/@apply_condition", "core", "exists", nil, true},
		{"exists/namespace declarations are not attributes", docWatchlist, "STIX_Package/@stix", "core", "exists", nil, false},
		{"does_not_exist/absent", docWatchlist, "STIX_Package/Incidents", "core", "does_not_exist", nil, true},
		{"does_not_exist/present", docWatchlist, "STIX_Package/Indicators", "core", "does_not_exist", nil, false},
		// begins_with / ends_with / contains (§5.1.9–§5.1.11), case_sensitive defaults to true
		{"begins_with/default case", docWatchlist, "**/Description", "core", "begins_with", []string{"value", "The quick"}, true},
		{"begins_with/case counts", docWatchlist, "**/Description", "core", "begins_with", []string{"case_sensitive", "true", "value", "the quick"}, false},
		{"begins_with/case ignored", docWatchlist, "**/Description", "core", "begins_with", []string{"case_sensitive", "false", "value", "the QUICK"}, true},
		{"begins_with/not a prefix", docWatchlist, "**/Description", "core", "begins_with", []string{"value", "quick"}, false},
		{"begins_with/ids", docFileHash, "**/@id", "core", "begins_with", []string{"case_sensitive", "1", "value", "EXAMPLE:"}, true},
		{"ends_with/yes", docWatchlist, "**/Description", "core", "ends_with", []string{"value", "lazy dogs."}, true},
		{"ends_with/case counts", docWatchlist, "**/Description", "core", "ends_with", []string{"value", "LAZY DOGS."}, false},
		{"ends_with/case ignored", docWatchlist, "**/Description", "core", "ends_with", []string{"case_sensitive", "0", "value", "LAZY DOGS."}, true},
		{"contains/yes", docWatchlist, "**/Description", "core", "contains", []string{"value", "brown fox"}, true},
		{"contains/case counts", docWatchlist, "**/Description", "core", "contains", []string{"value", "BROWN"}, false},
		{"contains/case ignored", docWatchlist, "**/Description", "core", "contains", []string{"case_sensitive", "false", "value", "BROWN"}, true},
		{"contains/unicode case ignored", docTTP, "**/Short_Description", "core", "contains", []string{"case_sensitive", "false", "value", "σίσυφος"}, true},
		{"contains/unicode case counts", docTTP, "**/Short_Description", "core", "contains", []string{"value", "σίσυφος"}, false},
		{"contains/sharp s", docTTP, "**/Title", "core", "contains", []string{"case_sensitive", "false", "value", "STRAßE"}, true},
		{"contains/empty value", docTTP, "**/Title", "core", "contains", []string{"value", ""}, true},
	})
}

func TestRegexRelationship(t *testing.T) {
	const domains = "**/Properties/Value"
	runRelCases(t, []relCase{
		{"matches/anchored case counts", docTTP, domains, "regex", "matches", []string{"case_sensitive", "true", "value", `^evil-example\.com$`}, false},
		{"matches/anchored case ignored", docTTP, domains, "regex", "matches", []string{"case_sensitive", "false", "value", `^evil-example\.com$`}, true},
		{"matches/found anywhere", docTTP, domains, "regex", "matches", []string{"value", `bad`}, true},
		{"matches/anchored start", docTTP, domains, "regex", "matches", []string{"value", `^bad`}, false},
		{"matches/anchored end", docTTP, domains, "regex", "matches", []string{"value", `\.net$`}, true},
		{"matches/classes and counts", docWatchlist, "**/@id", "regex", "matches", []string{"case_sensitive", "true", "value", `^example:Indicator-[0-9a-f]{8}-`}, true},
		{"matches/alternation", docFileHash, "**/Type", "regex", "matches", []string{"value", `^(SHA1|SHA256)$`}, true},
		{"matches/nothing selected", docFileHash, "**/Nope", "regex", "matches", []string{"value", `.*`}, false},
	})
}

func TestNestedCriteria(t *testing.T) {
	d := fixtureDocs(t)
	for _, f := range families {
		eq := func(neg *bool, target, value string) string {
			return criterion(f, neg, target, "core", "equals", "match_type", "case_insensitive_string", "value", value)
		}
		yes := eq(nil, "STIX_Package/@version", "1.1.1") // true on W and I
		no := eq(nil, "STIX_Package/@version", "9")      // never true
		notYes := eq(ptr(true), "STIX_Package/@version", "1.1.1")
		cases := []struct {
			name         string
			criteria     string
			wantW, wantF bool // W has version 1.1.1, F has 1.2
		}{
			{"AND all true", criteria("AND", yes, yes), true, false},
			{"AND one false", criteria("AND", yes, no), false, false},
			{"OR one true", criteria("OR", no, yes), true, false},
			{"OR all false", criteria("OR", no, no), false, false},
			{"negated criterion in AND", criteria("AND", yes, notYes), false, false},
			{"negated criterion in OR", criteria("OR", no, eq(ptr(true), "STIX_Package/@version", "9")), true, true},
			{"negated criteria pair", criteria("OR", notYes, eq(ptr(false), "STIX_Package/@version", "1.2")), false, true},
			{"AND of ORs", criteria("AND", criteria("OR", no, yes), criteria("OR", yes, no)), true, false},
			{"AND of ORs, one false", criteria("AND", criteria("OR", no, yes), criteria("OR", no, no)), false, false},
			{"OR of ANDs", criteria("OR", criteria("AND", yes, no), criteria("AND", yes, yes)), true, false},
			{"OR of ANDs, all false", criteria("OR", criteria("AND", yes, no), criteria("AND", no, yes)), false, false},
			{"criteria and criterion mixed", criteria("AND", criteria("OR", no, yes), yes), true, false},
			{"criterion before criteria", criteria("AND", yes, criteria("OR", no, yes)), true, false},
			{"deep", deep(20, yes), true, false},
			{"deep false", deep(20, no), false, false},
			{"deep negated", deep(20, notYes), false, true},
		}
		for _, c := range cases {
			t.Run(string(f)+"/"+c.name, func(t *testing.T) {
				m := compileFor(t, f, defaultQuery(f, vocabulary(f), c.criteria))
				if got := m.Match(d[docWatchlist]); got != c.wantW {
					t.Errorf("on W: got %v, want %v", got, c.wantW)
				}
				if got := m.Match(d[docFileHash]); got != c.wantF {
					t.Errorf("on F: got %v, want %v", got, c.wantF)
				}
			})
		}
	}
}

// deep nests a criterion in n levels of alternating single-child Criteria.
func deep(n int, leaf string) string {
	s := leaf
	for i := 0; i < n; i++ {
		op := "AND"
		if i%2 == 1 {
			op = "OR"
		}
		s = criteria(op, s)
	}
	return s
}

func TestQueryFixtures(t *testing.T) {
	d := fixtureDocs(t)
	cases := []struct {
		file   string
		family Family
		want   map[string]bool
	}{
		{"id-begins-with-111.xml", Family111, map[string]bool{docWatchlist: true, docFileHash: true, docIncident: true, docTTP: true}},
		{"id-and-description-111.xml", Family111, map[string]bool{docWatchlist: true, docFileHash: false, docIncident: false, docTTP: false}},
		{"nested-11.xml", Family11, map[string]bool{docWatchlist: true, docFileHash: true, docIncident: false, docTTP: false}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			q, err := Parse(readFixture(t, "queries/"+c.file))
			if err != nil {
				t.Fatal(err)
			}
			if q.Family != c.family {
				t.Fatalf("family %s, want %s", q.Family, c.family)
			}
			m, err := q.Compile(Supported(c.family))
			if err != nil {
				t.Fatal(err)
			}
			if m.Query() != q {
				t.Error("Matcher.Query is not the compiled query")
			}
			for k, want := range c.want {
				if got := m.Match(d[k]); got != want {
					t.Errorf("on %s: got %v, want %v", k, got, want)
				}
			}
		})
	}
}

// TestConcurrentMatch: one Matcher and the same Documents used from many goroutines (run
// with -race) give the same answers as sequential use.
func TestConcurrentMatch(t *testing.T) {
	d := fixtureDocs(t)
	f := Family111
	m := compileFor(t, f, defaultQuery(f, vocabulary(f), criteria("OR",
		criterion(f, nil, "**/Description", "core", "contains", "case_sensitive", "false", "value", "quick brown"),
		criterion(f, nil, "**/@timestamp", "timestamp", "greater_than", "value", "2016-01-01T00:00:00Z"))))
	want := map[string]bool{}
	for k, doc := range d {
		want[k] = m.Match(doc)
	}
	if !want[docWatchlist] || !want[docFileHash] || want[docIncident] || !want[docTTP] {
		t.Fatalf("sequential answers %v", want)
	}
	errs := make(chan string, 64)
	done := make(chan struct{})
	for g := 0; g < 8; g++ {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := 0; i < 200; i++ {
				for k, doc := range d {
					if m.Match(doc) != want[k] {
						errs <- k
						return
					}
				}
			}
		}()
	}
	for g := 0; g < 8; g++ {
		<-done
	}
	close(errs)
	for k := range errs {
		t.Errorf("concurrent answer differs on %s", k)
	}
}
