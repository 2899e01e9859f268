package query

import (
	"fmt"
	"testing"
)

// blocks builds n distinct STIX 1.1.1 packages of about 2 KB, shaped like the watchlist
// fixture: ids, titles, addresses, sizes and timestamps vary with i.
func blocks(n int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		out[i] = []byte(fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<stix:STIX_Package xmlns:stix="http://stix.mitre.org/stix-1" xmlns:indicator="http://stix.mitre.org/Indicator-2"
    xmlns:stixCommon="http://stix.mitre.org/common-1" xmlns:cybox="http://cybox.mitre.org/cybox-2"
    xmlns:AddressObj="http://cybox.mitre.org/objects#AddressObject-2" xmlns:FileObj="http://cybox.mitre.org/objects#FileObject-2"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:example="http://example.com/"
    id="example:Package-%08d-b694-11e3-b71c-0800271e87d2" version="1.1.1" timestamp="2015-%02d-%02dT10:00:00Z">
  <stix:STIX_Header>
    <stix:Title>Watchlist %d</stix:Title>
    <stix:Package_Intent xsi:type="stixVocabs:PackageIntentVocab-1.0">Indicators - Watchlist</stix:Package_Intent>
  </stix:STIX_Header>
  <stix:Indicators>
    <stix:Indicator xsi:type="indicator:IndicatorType" id="example:Indicator-%08d-0201-47cf-85d0-97c02164528d" timestamp="2015-%02d-%02dT10:00:00Z">
      <indicator:Title>Indicator %d</indicator:Title>
      <indicator:Type xsi:type="stixVocabs:IndicatorTypeVocab-1.1">%s</indicator:Type>
      <indicator:Description>Traffic to 10.%d.%d.%d seen from several hosts; the quick brown fox.</indicator:Description>
      <indicator:Observable id="example:Observable-%08d-a4cd-434d-a958-884d6980c459">
        <cybox:Object id="example:Object-%08d-8e03-490b-863a-ea404d12242e">
          <cybox:Properties xsi:type="AddressObj:AddressObjectType" category="ipv4-addr">
            <AddressObj:Address_Value condition="Equals">10.%d.%d.%d</AddressObj:Address_Value>
          </cybox:Properties>
        </cybox:Object>
      </indicator:Observable>
      <indicator:Observable id="example:Observable-%08d-b5de-434d-a958-884d6980c459">
        <cybox:Object>
          <cybox:Properties xsi:type="FileObj:FileObjectType">
            <FileObj:File_Name>sample-%d.exe</FileObj:File_Name>
            <FileObj:Size_In_Bytes>%d</FileObj:Size_In_Bytes>
          </cybox:Properties>
        </cybox:Object>
      </indicator:Observable>
      <indicator:Confidence timestamp="2015-03-01T10:00:00Z"><stixCommon:Value>High</stixCommon:Value></indicator:Confidence>
    </stix:Indicator>
  </stix:Indicators>
</stix:STIX_Package>`,
			i, i%12+1, i%28+1, i, i, i%12+1, i%28+1, i, []string{"IP Watchlist", "File Hash Watchlist", "Domain Watchlist"}[i%3],
			i>>16&255, i>>8&255, i&255, i, i, i>>16&255, i>>8&255, i&255, i, i, i*37%5000000))
	}
	return out
}

// benchQuery mixes the three modules: an IP watchlist indicator of 2015-06 or later whose
// address matches a pattern, or a large file whose name does not begin with "sample-1".
func benchQuery(b *testing.B) *Matcher {
	f := Family111
	return compileFor(b, f, defaultQuery(f, vocabulary(f), criteria("OR",
		criteria("AND",
			criterion(f, nil, "STIX_Package/Indicators/Indicator/Type", "core", "equals", "match_type", "case_insensitive_string", "value", "ip watchlist"),
			criterion(f, nil, "STIX_Package/Indicators/Indicator/@timestamp", "timestamp", "greater_than_or_equals", "value", "2015-06-01T00:00:00Z"),
			criterion(f, nil, "**/Address_Value", "regex", "matches", "value", `^10\.0\.[0-9]+\.(1|2)[0-9]*$`)),
		criteria("AND",
			criterion(f, nil, "**/Size_In_Bytes", "core", "greater_than", "value", "4900000"),
			criterion(f, ptr(true), "**/File_Name", "core", "begins_with", "value", "sample-1"))),
	))
}

const benchBlocks = 100000

// BenchmarkMatch100k evaluates one query over 100,000 cached parsed blocks per operation.
func BenchmarkMatch100k(b *testing.B) {
	raw := blocks(benchBlocks)
	parsed := make([]*Document, len(raw))
	for i, r := range raw {
		d, err := ParseContent(r)
		if err != nil {
			b.Fatal(err)
		}
		parsed[i] = d
	}
	m := benchQuery(b)
	matched := 0
	for b.Loop() {
		matched = 0
		for _, d := range parsed {
			if m.Match(d) {
				matched++
			}
		}
	}
	if matched == 0 || matched == benchBlocks {
		b.Fatalf("%d of %d matched: the query does not discriminate", matched, benchBlocks)
	}
	b.ReportMetric(float64(matched), "matches")
}

// BenchmarkParseAndMatch100k parses and evaluates 100,000 blocks per operation, for a
// caller that caches nothing.
func BenchmarkParseAndMatch100k(b *testing.B) {
	raw := blocks(benchBlocks)
	m := benchQuery(b)
	var total int64
	for _, r := range raw {
		total += int64(len(r))
	}
	b.SetBytes(total)
	for b.Loop() {
		for _, r := range raw {
			d, err := ParseContent(r)
			if err != nil {
				b.Fatal(err)
			}
			m.Match(d)
		}
	}
}

// BenchmarkParseContent parses one 2 KB block per operation.
func BenchmarkParseContent(b *testing.B) {
	raw := blocks(1)[0]
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := ParseContent(raw); err != nil {
			b.Fatal(err)
		}
	}
}
