package xsd11

import (
	"bytes"
	"fmt"
	"testing"
)

// pollResponse builds a Poll Response of at least size bytes: STIX-like content blocks,
// each with xsi:type attributes as real STIX 1.x content has.
func pollResponse(size int) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<taxii_11:Poll_Response xmlns:taxii_11="` + NSBinding11 + `" message_id="bench" in_response_to="p" collection_name="default" more="false">` + "\n")
	b.WriteString("  <taxii_11:Inclusive_End_Timestamp>2015-01-31T00:00:00Z</taxii_11:Inclusive_End_Timestamp>\n")
	b.WriteString("  <taxii_11:Record_Count partial_count=\"false\">100000</taxii_11:Record_Count>\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, `  <taxii_11:Content_Block>
    <taxii_11:Content_Binding binding_id="urn:stix.mitre.org:xml:1.1.1"/>
    <taxii_11:Content>
      <stix:STIX_Package xmlns:stix="http://stix.mitre.org/stix-1" xmlns:indicator="http://stix.mitre.org/Indicator-2" xmlns:cybox="http://cybox.mitre.org/cybox-2" xmlns:AddressObj="http://cybox.mitre.org/objects#AddressObject-2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="example:Package-%d" version="1.1.1">
        <stix:Indicators>
          <stix:Indicator xsi:type="indicator:IndicatorType" id="example:Indicator-%d">
            <indicator:Title>Block %d</indicator:Title>
            <indicator:Observable><cybox:Object><cybox:Properties xsi:type="AddressObj:AddressObjectType" category="ipv4-addr"><AddressObj:Address_Value>198.51.100.%d</AddressObj:Address_Value></cybox:Properties></cybox:Object></indicator:Observable>
          </stix:Indicator>
        </stix:Indicators>
      </stix:STIX_Package>
    </taxii_11:Content>
    <taxii_11:Timestamp_Label>2015-01-02T10:00:%02d.%06dZ</taxii_11:Timestamp_Label>
  </taxii_11:Content_Block>
`, i, i, i, i%256, i%60, i%1000000)
	}
	b.WriteString("</taxii_11:Poll_Response>\n")
	return b.Bytes()
}

func TestBenchmarkDocumentIsValid(t *testing.T) {
	doc := pollResponse(1 << 20)
	if r := validate(t, project(t), string(doc)); !r.Valid() {
		t.Fatalf("the benchmark document is invalid:%s", dump(r.Violations))
	}
}

// BenchmarkValidatePollResponse1MiB validates a 1 MiB Poll Response (about 1,000 content
// blocks) with the project's schemas and rules.
func BenchmarkValidatePollResponse1MiB(b *testing.B) {
	doc := pollResponse(1 << 20)
	v, err := New()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := v.Validate(doc)
		if err != nil || !r.Valid() {
			b.Fatalf("%v %v", err, r.Violations)
		}
	}
}
