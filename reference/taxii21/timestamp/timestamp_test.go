package timestamp

import (
	"errors"
	"testing"
	"time"
)

func TestParseAccepts(t *testing.T) {
	cases := map[string]time.Time{
		"2016-01-01T01:01:01Z":           time.Date(2016, 1, 1, 1, 1, 1, 0, time.UTC),
		"2016-01-01T01:01:01.1Z":         time.Date(2016, 1, 1, 1, 1, 1, 100000000, time.UTC),
		"2016-01-01T01:01:01.000Z":       time.Date(2016, 1, 1, 1, 1, 1, 0, time.UTC),
		"2018-03-02T01:01:01.123Z":       time.Date(2018, 3, 2, 1, 1, 1, 123000000, time.UTC),
		"2016-11-02T12:34:34.123456Z":    time.Date(2016, 11, 2, 12, 34, 34, 123456000, time.UTC),
		"2016-11-02T12:34:34.123456789Z": time.Date(2016, 11, 2, 12, 34, 34, 123456789, time.UTC),
		"2024-02-29T23:59:59.999999Z":    time.Date(2024, 2, 29, 23, 59, 59, 999999000, time.UTC),
		"2000-02-29T00:00:00Z":           time.Date(2000, 2, 29, 0, 0, 0, 0, time.UTC),
		"0001-01-01T00:00:00Z":           time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		"9999-12-31T23:59:59.999999999Z": time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
	}
	for in, want := range cases {
		got, err := Parse(in)
		if err != nil {
			t.Errorf("Parse(%q): %v", in, err)
			continue
		}
		if !got.Equal(want) {
			t.Errorf("Parse(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestParseRejects(t *testing.T) {
	for _, in := range []string{
		"",
		"yesterday",
		"2016-01-01",
		"2016-01-01T01:01:01",             // no zone
		"2016-01-01T01:01:01+00:00",       // offset instead of Z
		"2016-01-01T01:01:01.000+01:00",   // offset
		"2016-01-01t01:01:01Z",            // lower-case t
		"2016-01-01T01:01:01z",            // lower-case z
		"2016-01-01 01:01:01Z",            // space
		"2016-13-01T01:01:01Z",            // month
		"2016-00-01T01:01:01Z",            // month
		"2016-02-30T01:01:01Z",            // day
		"2015-02-29T01:01:01Z",            // not a leap year
		"1900-02-29T01:01:01Z",            // not a leap year
		"2016-01-01T24:00:00Z",            // hour
		"2016-01-01T23:60:00Z",            // minute
		"2016-01-01T23:59:60Z",            // leap seconds are not accepted
		"2016-01-01T01:01:01.Z",           // empty fraction
		"2016-01-01T01:01:01.1234567890Z", // ten digits
		"2016-01-01T01:01:01,123Z",        // comma
		"2016-01-01T01:01:01.12a4Z",
		"+016-01-01T01:01:01Z",
		"2016-1-01T01:01:01Z",
		"２016-01-01T01:01:01Z",
		"2016-11-04T03:04:051Z", // the typo in the spec's manifest example
	} {
		if _, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) accepted", in)
		} else if !errors.Is(err, ErrSyntax) {
			t.Errorf("Parse(%q) error %v does not wrap ErrSyntax", in, err)
		}
	}
}

func TestFormat(t *testing.T) {
	in := time.Date(2016, 11, 2, 12, 34, 34, 123456789, time.FixedZone("x", 3600))
	if got, want := Format(in), "2016-11-02T11:34:34.123456Z"; got != want {
		t.Errorf("Format = %q, want %q", got, want)
	}
	if got, want := Format(time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)), "2016-01-01T00:00:00.000000Z"; got != want {
		t.Errorf("Format = %q, want %q", got, want)
	}
	us := time.Date(2020, 5, 6, 7, 8, 9, 10000, time.UTC).UnixMicro()
	if got, want := FormatMicros(us), "2020-05-06T07:08:09.000010Z"; got != want {
		t.Errorf("FormatMicros = %q, want %q", got, want)
	}
}

// FuzzParse checks that the parser never panics, that whatever it accepts has the documented
// shape, and that formatting an accepted value reads back as the same instant at microsecond
// precision.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"2016-01-01T01:01:01Z", "2016-11-02T12:34:34.123456Z", "2016-02-30T01:01:01Z", "x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Parse(s)
		if err != nil {
			return
		}
		if len(s) < 20 || s[10] != 'T' || s[len(s)-1] != 'Z' {
			t.Fatalf("accepted %q", s)
		}
		back, err := Parse(Format(got))
		if err != nil {
			t.Fatalf("Format(Parse(%q)) = %q does not parse: %v", s, Format(got), err)
		}
		if !back.Equal(got.Truncate(time.Microsecond)) {
			t.Fatalf("round trip of %q: %v != %v", s, back, got)
		}
	})
}
