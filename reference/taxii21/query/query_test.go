package query

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestParseGood(t *testing.T) {
	p, err := Parse("added_after=2016-01-01T00:00:00.5Z&limit=10&next="+EncodeNext(12345)+
		"&match[id]=indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f,indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"+
		"&match%5Btype%5D=indicator,x-custom&match[spec_version]=2.0,2.1"+
		"&match[version]=first,2018-03-02T01:01:01.123Z,last&match[foo]=bar&other=1", Objects)
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2016, 1, 1, 0, 0, 0, 5e8, time.UTC).UnixMicro()
	if p.After != want || p.Limit != 10 || p.Cursor != 12345 || len(p.IDs) != 1 || len(p.Types) != 2 ||
		len(p.SpecVersions) != 2 || !p.Versions.First || !p.Versions.Last || p.Versions.All || len(p.Versions.Exact) != 1 {
		t.Errorf("parsed %+v", p)
	}
	if !p.Has(AddedAfter) || !p.Has(MatchVersion) {
		t.Error("Given incomplete")
	}
	// Parameters an endpoint does not support are ignored, even when malformed.
	p, err = Parse("match[type]=BAD&match[type]=x&match[id]=nope&limit=2", Versions)
	if err != nil || p.Limit != 2 || p.Types != nil || p.Has(MatchType) {
		t.Errorf("Versions endpoint: %+v %v", p, err)
	}
	if p, err := Parse("match[id]=indicator--00000000-0000-0000-0000-000000000000", Objects); err != nil || len(p.IDs) != 1 {
		t.Errorf("nil UUID id: %+v %v", p, err)
	}
	if p, err := Parse("match[version]=all", Delete); err != nil || !p.Versions.All {
		t.Errorf("all: %+v %v", p, err)
	}
}

func TestParseBad(t *testing.T) {
	for _, q := range []string{
		"limit=0", "limit=-1", "limit=abc", "limit=1.5", "limit=+5", "limit=", "limit=9007199254740992",
		"limit=99999999999999999999999", "limit=1&limit=2",
		"added_after=yesterday", "added_after=", "added_after=2016-01-01T00:00:00Z&added_after=2016-01-01T00:00:00Z",
		"added_after=2016-01-01T00:00:00%2B01:00",
		"next=", "next=garbage", "next=n", "next=n-1", "next=nzzzzzzzzzzzzzzzzz",
		"match[id]=", "match[id]=foo", "match[id]=--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "match[id]=indicator--8e2e2d2b17d44cbf938f98ee46b3cd3f", "match[id]=indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f,",
		"match[type]=Indicator", "match[type]=indicator,,malware", "match[type]=indicator, malware",
		"match[type]=a&match[type]=b",
		"match[spec_version]=2", "match[spec_version]=two.one", "match[spec_version]=2.1,",
		"match[version]=", "match[version]=last,last", "match[version]=all,first", "match[version]=last,all",
		"match[version]=all,all", "match[version]=newest",
		"match[version]=2016-01-01T00:00:00.000Z,2016-01-01T00:00:00Z",
		"match[version]=first&match[version]=last",
		"limit=%zz", "a=1;b=2",
	} {
		if p, err := Parse(q, Objects); err == nil {
			t.Errorf("Parse(%q) accepted: %+v", q, p)
		}
	}
}

func TestNextRoundTrip(t *testing.T) {
	for _, us := range []int64{0, 1, 1700000000000000, 1<<62 + 5} {
		got, ok := DecodeNext(EncodeNext(us))
		if !ok || got != us {
			t.Errorf("DecodeNext(EncodeNext(%d)) = %d, %v", us, got, ok)
		}
	}
}

// FuzzParse checks that no query string makes the parser panic, and that accepted queries
// satisfy the rules it enforces.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"limit=1", "match[version]=all", "added_after=2016-01-01T00:00:00Z&match[id]=x", "next=n1", "%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		p, err := Parse(raw, Objects)
		if err != nil {
			return
		}
		if p.Has(Limit) && (p.Limit <= 0 || p.Limit > MaxLimit) {
			t.Fatalf("limit %d accepted from %q", p.Limit, raw)
		}
		if p.Versions.All && (p.Versions.First || p.Versions.Last || len(p.Versions.Exact) > 0) {
			t.Fatalf("all combined in %q", raw)
		}
		values, _ := url.ParseQuery(raw)
		for _, n := range names {
			if len(values[n.name]) > 1 {
				t.Fatalf("%s repeated in %q", n.name, raw)
			}
		}
		for _, ty := range p.Types {
			if ty == "" || strings.ContainsAny(ty, ", ") {
				t.Fatalf("type %q from %q", ty, raw)
			}
		}
	})
}
