package query

import (
	"encoding/xml"
	"reflect"
	"strings"
	"testing"

	"github.com/taxii-conform/taxii-conform/schemas/schematest"

	"github.com/lestrrat-go/libxml2"
	"github.com/lestrrat-go/libxml2/parser"
	"github.com/lestrrat-go/libxml2/xsd"
)

func TestParseStructure(t *testing.T) {
	q, err := Parse(readFixture(t, "queries/nested-11.xml"))
	if err != nil {
		t.Fatal(err)
	}
	want := &Query{
		Family:                Family11,
		FormatID:              FormatID11,
		TargetingExpressionID: VocabularySTIX111,
		Criteria: Criteria{
			Operator: OperatorAnd,
			Criteria: []Criteria{{
				Operator: OperatorOr,
				Criterion: []Criterion{
					{Target: "STIX_Package/Indicators/Indicator/Type", Test: Test{CapabilityID: CapabilityCore11, Relationship: "equals",
						Parameters: []Parameter{{"match_type", "case_insensitive_string"}, {"value", "ip watchlist"}}}},
					{Target: "STIX_Package/Indicators/Indicator/**/Size_In_Bytes", Test: Test{CapabilityID: CapabilityCore11, Relationship: "greater_than",
						Parameters: []Parameter{{"value", "1000000.0"}}}},
				},
			}},
			Criterion: []Criterion{{Negate: true, Target: "STIX_Package/@timestamp", Test: Test{CapabilityID: CapabilityTimestamp11, Relationship: "less_than",
				Parameters: []Parameter{{"value", "2015-01-01T00:00:00Z"}}}}},
		},
	}
	if !reflect.DeepEqual(q, want) {
		t.Errorf("got  %+v\nwant %+v", q, want)
	}

	// The bare element and the wrapped one give the same query.
	bare, err := Parse(readFixture(t, "queries/id-and-description-111.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if bare.Family != Family111 || bare.FormatID != FormatID111 || bare.TargetingExpressionID != VocabularySTIX121OASIS {
		t.Errorf("bare query: %+v", bare)
	}
	// negate accepts every xs:boolean spelling.
	for lex, want := range map[string]bool{"true": true, "1": true, " false ": false, "0": false} {
		q, err := Parse(defaultQuery(Family111, "urn:oasis:cti:stix:xml:1.2.1",
			`<tdq:Criteria operator="OR"><tdq:Criterion negate="`+lex+`"><tdq:Target>**</tdq:Target><tdq:Test capability_id="x:y" relationship="r"/></tdq:Criterion></tdq:Criteria>`))
		if err != nil || q.Criteria.Criterion[0].Negate != want {
			t.Errorf("negate=%q: %v %+v", lex, err, q)
		}
	}
}

// badQueries are malformed Default_Query elements; each is refused by Parse and, where
// marked, by the official schema too (some are not schema matters: DOCTYPE, size).
func badQueries() []struct {
	name   string
	doc    string
	schema bool // the official XSD rejects it as well
} {
	ns := Namespace111
	dq := func(attrs, body string) string {
		return `<tdq:Default_Query xmlns:tdq="` + ns + `" ` + attrs + `>` + body + `</tdq:Default_Query>`
	}
	const te = `targeting_expression_id="urn:oasis:cti:stix:xml:1.2.1"`
	const okTest = `<tdq:Test capability_id="urn:oasis:cti:taxii:query:capability:core-1" relationship="exists"/>`
	const okCrit = `<tdq:Criterion><tdq:Target>**</tdq:Target>` + okTest + `</tdq:Criterion>`
	return []struct {
		name   string
		doc    string
		schema bool
	}{
		{"wrong namespace", `<tdq:Default_Query xmlns:tdq="http://example.com/query" ` + te + `><tdq:Criteria operator="OR">` + okCrit + `</tdq:Criteria></tdq:Default_Query>`, true},
		{"no namespace", `<Default_Query ` + te + `><Criteria operator="OR"/></Default_Query>`, true},
		{"child in another namespace", dq(te, `<x:Criteria xmlns:x="http://example.com/x" operator="OR">`+okCrit+`</x:Criteria>`), true},
		{"mixed namespaces", `<tdq:Default_Query xmlns:tdq="` + ns + `" xmlns:old="` + Namespace11 + `" ` + te + `><old:Criteria operator="OR">` + okCrit + `</old:Criteria></tdq:Default_Query>`, true},
		{"missing targeting_expression_id", dq(``, `<tdq:Criteria operator="OR">`+okCrit+`</tdq:Criteria>`), true},
		{"no Criteria", dq(te, ``), true},
		{"two Criteria", dq(te, `<tdq:Criteria operator="OR">`+okCrit+`</tdq:Criteria><tdq:Criteria operator="OR">`+okCrit+`</tdq:Criteria>`), true},
		{"missing operator", dq(te, `<tdq:Criteria>`+okCrit+`</tdq:Criteria>`), true},
		{"lower-case operator", dq(te, `<tdq:Criteria operator="and">`+okCrit+`</tdq:Criteria>`), true},
		{"operator NOT", dq(te, `<tdq:Criteria operator="NOT">`+okCrit+`</tdq:Criteria>`), true},
		{"empty Criteria", dq(te, `<tdq:Criteria operator="AND"/>`), true},
		{"negate on Criteria", dq(te, `<tdq:Criteria operator="AND" negate="true">`+okCrit+`</tdq:Criteria>`), true},
		{"text in Criteria", dq(te, `<tdq:Criteria operator="AND">oops`+okCrit+`</tdq:Criteria>`), true},
		{"unknown element in Criteria", dq(te, `<tdq:Criteria operator="AND"><tdq:Criterium/></tdq:Criteria>`), true},
		{"unknown attribute", dq(te+` color="red"`, `<tdq:Criteria operator="AND">`+okCrit+`</tdq:Criteria>`), true},
		{"Criterion without Test", dq(te, `<tdq:Criteria operator="AND"><tdq:Criterion><tdq:Target>**</tdq:Target></tdq:Criterion></tdq:Criteria>`), true},
		{"Criterion without Target", dq(te, `<tdq:Criteria operator="AND"><tdq:Criterion>`+okTest+`</tdq:Criterion></tdq:Criteria>`), true},
		{"Test before Target", dq(te, `<tdq:Criteria operator="AND"><tdq:Criterion>`+okTest+`<tdq:Target>**</tdq:Target></tdq:Criterion></tdq:Criteria>`), true},
		{"two Targets", dq(te, `<tdq:Criteria operator="AND"><tdq:Criterion><tdq:Target>**</tdq:Target><tdq:Target>**</tdq:Target>`+okTest+`</tdq:Criterion></tdq:Criteria>`), true},
		{"negate not boolean", dq(te, `<tdq:Criteria operator="AND"><tdq:Criterion negate="maybe"><tdq:Target>**</tdq:Target>`+okTest+`</tdq:Criterion></tdq:Criteria>`), true},
		{"element inside Target", dq(te, `<tdq:Criteria operator="AND"><tdq:Criterion><tdq:Target><tdq:Target/></tdq:Target>`+okTest+`</tdq:Criterion></tdq:Criteria>`), true},
		{"missing capability_id", dq(te, `<tdq:Criteria operator="AND"><tdq:Criterion><tdq:Target>**</tdq:Target><tdq:Test relationship="exists"/></tdq:Criterion></tdq:Criteria>`), true},
		{"missing relationship", dq(te, `<tdq:Criteria operator="AND"><tdq:Criterion><tdq:Target>**</tdq:Target><tdq:Test capability_id="a:b"/></tdq:Criterion></tdq:Criteria>`), true},
		{"Parameter without name", dq(te, `<tdq:Criteria operator="AND"><tdq:Criterion><tdq:Target>**</tdq:Target><tdq:Test capability_id="a:b" relationship="r"><tdq:Parameter>x</tdq:Parameter></tdq:Test></tdq:Criterion></tdq:Criteria>`), true},
		{"element inside Parameter", dq(te, `<tdq:Criteria operator="AND"><tdq:Criterion><tdq:Target>**</tdq:Target><tdq:Test capability_id="a:b" relationship="r"><tdq:Parameter name="value"><tdq:b/></tdq:Parameter></tdq:Test></tdq:Criterion></tdq:Criteria>`), true},
		{"unknown element in Test", dq(te, `<tdq:Criteria operator="AND"><tdq:Criterion><tdq:Target>**</tdq:Target><tdq:Test capability_id="a:b" relationship="r"><tdq:Param name="value"/></tdq:Test></tdq:Criterion></tdq:Criteria>`), true},
		{"Default_Query_Info instead", `<tdq:Default_Query_Info xmlns:tdq="` + ns + `"><tdq:Capability_Module>a:b</tdq:Capability_Module></tdq:Default_Query_Info>`, true},
		{"not XML", `this is not a query`, true},
		{"unclosed", `<tdq:Default_Query xmlns:tdq="` + ns + `" ` + te + `><tdq:Criteria operator="AND">`, true},
		{"empty", ``, true},
		{"two roots", dq(te, `<tdq:Criteria operator="OR">`+okCrit+`</tdq:Criteria>`) + dq(te, `<tdq:Criteria operator="OR">`+okCrit+`</tdq:Criteria>`), true},
		{"DOCTYPE", `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]>` + dq(te, `<tdq:Criteria operator="OR">`+okCrit+`</tdq:Criteria>`), false},
		{"undeclared entity", dq(te, `<tdq:Criteria operator="OR"><tdq:Criterion><tdq:Target>&e;</tdq:Target>`+okTest+`</tdq:Criterion></tdq:Criteria>`), true},
		{"non-UTF-8 encoding", `<?xml version="1.0" encoding="ISO-8859-1"?>` + dq(te, `<tdq:Criteria operator="OR">`+okCrit+`</tdq:Criteria>`), false},
		{"too deep", dq(te, strings.Repeat(`<tdq:Criteria operator="OR">`, 70)+okCrit+strings.Repeat(`</tdq:Criteria>`, 70)), false},
		{"too large", dq(te, `<tdq:Criteria operator="OR">`+strings.Repeat(okCrit, maxQueryBytes/len(okCrit)+1)+`</tdq:Criteria>`), false},
	}
}

func TestParseRejects(t *testing.T) {
	for _, c := range badQueries() {
		t.Run(c.name, func(t *testing.T) {
			q, err := Parse([]byte(c.doc))
			if err == nil {
				t.Fatalf("accepted: %+v", q)
			}
			ie := asInvalid(t, err)
			if ie.Reason == "" {
				t.Error("no reason")
			}
		})
	}
	t.Run("hostile fixture", func(t *testing.T) {
		_, err := Parse(readFixture(t, "hostile/query-entity-bomb.xml"))
		if ie := asInvalid(t, err); !strings.Contains(ie.Error(), "DOCTYPE") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("reader", func(t *testing.T) {
		_, err := ParseReader(strings.NewReader(strings.Repeat(" ", maxQueryBytes+10)))
		asInvalid(t, err)
		q, err := ParseReader(strings.NewReader(string(readFixture(t, "queries/nested-11.xml"))))
		if err != nil || q.Family != Family11 {
			t.Errorf("%v %+v", err, q)
		}
	})
}

func TestParseQueryWrapper(t *testing.T) {
	inner := string(defaultQuery(Family111, VocabularySTIX121OASIS, criteria("OR", criterion(Family111, nil, "**", "core", "exists"))))
	wrap := func(formatID, body string) []byte {
		return []byte(`<taxii:Query xmlns:taxii="http://docs.oasis-open.org/cti/ns/taxii/xml-binding-1.1.1" format_id="` + formatID + `">` + body + `</taxii:Query>`)
	}
	q, err := Parse(wrap(FormatID111, "\n  <!-- comment -->\n  "+inner+"\n"))
	if err != nil || q.FormatID != FormatID111 || q.Family != Family111 {
		t.Fatalf("%v %+v", err, q)
	}
	// A format that is not the Default Query.
	ue := asUnsupported(t, func() error { _, err := Parse(wrap("urn:example.com:query:xpath-1", "<x/>")); return err }())
	if ue.StatusType != StatusUnsupportedQuery || len(ue.Details) != 2 {
		t.Errorf("%+v", ue)
	}
	// The 1.1 format ID around a 1.1.1 query, a missing format_id, extra content.
	for name, doc := range map[string][]byte{
		"format of the other family": wrap(FormatID11, inner),
		"missing format_id":          []byte(`<taxii:Query xmlns:taxii="urn:x">` + inner + `</taxii:Query>`),
		"two queries":                wrap(FormatID111, inner+inner),
		"text":                       wrap(FormatID111, "text"+inner),
		"empty":                      wrap(FormatID111, ""),
	} {
		if _, err := Parse(doc); err == nil {
			t.Errorf("%s: accepted", name)
		} else {
			asInvalid(t, err)
		}
	}
}

// officialSchema loads the official Default Query XSD of a family from the shared spec
// copies; the test is skipped where they are not present.
func officialSchema(t *testing.T, f Family) *xsd.Schema {
	t.Helper()
	dir := map[Family]string{Family11: "taxii-1.1", Family111: "taxii-1.1.1-draft"}[f]
	path := schematest.SharedDir(t, "spec", "xsd", dir, "TAXII_DefaultQuery_Schema.xsd")
	s, err := xsd.ParseFromFile(path)
	if err != nil {
		t.Fatalf("schema %s: %v", path, err)
	}
	t.Cleanup(s.Free)
	return s
}

func schemaAccepts(t *testing.T, s *xsd.Schema, doc []byte) bool {
	t.Helper()
	d, err := libxml2.Parse(doc, parser.XMLParseNoNet, parser.XMLParseNoError, parser.XMLParseNoWarning)
	if err != nil {
		return false
	}
	defer d.Free()
	return s.Validate(d) == nil
}

// TestAgreesWithOfficialSchema shows that the parser and the official XSD accept the same
// well-formed queries and reject the same malformed ones.
func TestAgreesWithOfficialSchema(t *testing.T) {
	s111 := officialSchema(t, Family111)
	s11 := officialSchema(t, Family11)
	good := [][]byte{
		readFixture(t, "queries/id-and-description-111.xml"),
		defaultQuery(Family111, VocabularySTIX121OASIS, deep(10, criterion(Family111, ptr(true), "**/@id", "regex", "matches", "value", "^x"))),
		defaultQuery(Family111, VocabularySTIX121OASIS, criteria("OR", criterion(Family111, nil, "**", "core", "exists"), criteria("AND", criterion(Family111, ptr(false), "a", "core", "exists")))),
	}
	for i, doc := range good {
		if !schemaAccepts(t, s111, doc) {
			t.Errorf("good %d: schema rejects it", i)
		}
		if _, err := Parse(doc); err != nil {
			t.Errorf("good %d: %v", i, err)
		}
	}
	good11 := defaultQuery(Family11, VocabularySTIX111, criteria("AND", criterion(Family11, nil, "STIX_Package", "core", "exists")))
	if !schemaAccepts(t, s11, good11) {
		t.Error("1.1 schema rejects a good query")
	}
	if _, err := Parse(good11); err != nil {
		t.Error(err)
	}
	for _, c := range badQueries() {
		if !c.schema {
			continue
		}
		if schemaAccepts(t, s111, []byte(c.doc)) {
			t.Errorf("%s: the official schema accepts what Parse rejects", c.name)
		}
	}
}

// pollRequest is how a server might decode a Poll_Request with encoding/xml, handing the
// Query element to ParseElement.
type pollRequest struct {
	XMLName        xml.Name  `xml:"Poll_Request"`
	CollectionName string    `xml:"collection_name,attr"`
	Query          pollQuery `xml:"Poll_Parameters>Query"`
}

type pollQuery struct{ q *Query }

func (p *pollQuery) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	q, err := ParseElement(d, start)
	p.q = q
	return err
}

func TestParseElement(t *testing.T) {
	// The query prefix is declared on the message root, not on the query elements.
	msg := `<taxii_11:Poll_Request xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1"
  xmlns:tdq="http://taxii.mitre.org/query/taxii_default_query-1" message_id="1" collection_name="default">
  <taxii_11:Poll_Parameters allow_asynch="false">
    <taxii_11:Response_Type>FULL</taxii_11:Response_Type>
    <taxii_11:Query format_id="urn:taxii.mitre.org:query:default:1.0">
      <tdq:Default_Query targeting_expression_id="urn:stix.mitre.org:xml:1.1.1">
        <tdq:Criteria operator="AND">
          <tdq:Criterion><tdq:Target>**/@id</tdq:Target>
            <tdq:Test capability_id="urn:taxii.mitre.org:query:capability:core-1" relationship="exists"/>
          </tdq:Criterion>
        </tdq:Criteria>
      </tdq:Default_Query>
    </taxii_11:Query>
  </taxii_11:Poll_Parameters>
</taxii_11:Poll_Request>`
	var pr pollRequest
	if err := xml.Unmarshal([]byte(msg), &pr); err != nil {
		t.Fatal(err)
	}
	q := pr.Query.q
	if q == nil || q.Family != Family11 || q.FormatID != FormatID11 || len(q.Criteria.Criterion) != 1 {
		t.Fatalf("%+v", q)
	}
	m, err := q.Compile(Supported(Family11))
	if err != nil || !m.Match(fixtureDocs(t)[docWatchlist]) {
		t.Fatalf("%v", err)
	}
	// The element's raw inner XML has lost the tdq declaration: Parse cannot place it.
	inner := msg[strings.Index(msg, "<tdq:Default_Query"):strings.Index(msg, "</taxii_11:Query>")]
	if _, err := Parse([]byte(inner)); err == nil {
		t.Error("raw inner XML without its namespace declaration parsed")
	}
	// Errors come through Unmarshal.
	bad := strings.Replace(msg, `operator="AND"`, `operator="XOR"`, 1)
	if err := xml.Unmarshal([]byte(bad), &pr); err == nil || !strings.Contains(err.Error(), "XOR") {
		t.Errorf("got %v", err)
	}
	// Input that ends inside the element.
	dec := xml.NewDecoder(strings.NewReader(`<tdq:Default_Query xmlns:tdq="` + Namespace111 + `" targeting_expression_id="x"><tdq:Criteria operator="OR">`))
	tok, _ := dec.Token()
	if _, err := ParseElement(dec, tok.(xml.StartElement)); err == nil {
		t.Error("truncated element parsed")
	}
}
