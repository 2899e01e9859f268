package query

import "testing"

func TestTimestampRelationships(t *testing.T) {
	const (
		pkgW      = "STIX_Package/@timestamp"                      // 2015-03-01T10:00:00Z
		startDay  = "**/Valid_Time_Position/Start_Time"            // precision day, 2015-03-01T00:00:00Z
		pkgF      = "STIX_Package/@timestamp"                      // 2016-01-15T08:30:00+02:00
		indF      = "STIX_Package/Indicators/Indicator/@timestamp" // 2016-01-15T06:30:00.250Z
		pkgT      = "STIX_Package/@timestamp"                      // 2016-05-05T05:05:05.123456789Z
		pkgI      = "STIX_Package/@timestamp"                      // 2015-07-04T12:00:00 (no zone)
		firstHour = "**/Time/First_Malicious_Action"               // precision hour, 2015-07-01T03:00:00+00:00
		discovery = "**/Time/Incident_Discovery"                   // precision day, 2015-07-02T00:00:00 (no zone)
		reported  = "**/Time/Incident_Reported"                    // precision month, 2015-07-01T00:00:00Z
		closed    = "**/Time/Incident_Closed"                      // precision "fortnight" (unknown)
		ts        = "timestamp"
	)
	v := func(s string) []string { return []string{"value", s} }
	runRelCases(t, []relCase{
		// exact, zoned (Part 5 §5.3.1–§5.3.5)
		{"equals/same instant", docWatchlist, pkgW, ts, "equals", v("2015-03-01T10:00:00Z"), true},
		{"equals/other zone same instant", docWatchlist, pkgW, ts, "equals", v("2015-03-01T11:00:00+01:00"), true},
		{"equals/lower case t and z", docWatchlist, pkgW, ts, "equals", v("2015-03-01t10:00:00z"), true},
		{"equals/fraction zero", docWatchlist, pkgW, ts, "equals", v("2015-03-01T10:00:00.000Z"), true},
		{"equals/one second off", docWatchlist, pkgW, ts, "equals", v("2015-03-01T10:00:01Z"), false},
		{"greater_than/yes", docWatchlist, pkgW, ts, "greater_than", v("2015-03-01T09:59:59.999Z"), true},
		{"greater_than/same", docWatchlist, pkgW, ts, "greater_than", v("2015-03-01T10:00:00Z"), false},
		{"greater_than_or_equals/same", docWatchlist, pkgW, ts, "greater_than_or_equals", v("2015-03-01T10:00:00Z"), true},
		{"greater_than_or_equal/libtaxii spelling", docWatchlist, pkgW, ts, "greater_than_or_equal", v("2015-03-01T10:00:00Z"), true},
		{"greater_than_or_equals/no", docWatchlist, pkgW, ts, "greater_than_or_equals", v("2015-03-01T10:00:00.001Z"), false},
		{"less_than/yes", docWatchlist, pkgW, ts, "less_than", v("2015-03-01T10:00:00.001Z"), true},
		{"less_than/same", docWatchlist, pkgW, ts, "less_than", v("2015-03-01T10:00:00Z"), false},
		{"less_than_or_equals/same", docWatchlist, pkgW, ts, "less_than_or_equals", v("2015-03-01T05:00:00-05:00"), true},
		{"less_than_or_equal/libtaxii spelling", docWatchlist, pkgW, ts, "less_than_or_equal", v("2015-03-01T09:00:00Z"), false},
		{"equals/offset in content", docFileHash, pkgF, ts, "equals", v("2016-01-15T06:30:00Z"), true},
		{"equals/milliseconds", docFileHash, indF, ts, "equals", v("2016-01-15T06:30:00.25Z"), true},
		{"greater_than/milliseconds", docFileHash, indF, ts, "greater_than", v("2016-01-15T06:30:00Z"), true},
		{"equals/nanoseconds", docTTP, pkgT, ts, "equals", v("2016-05-05T05:05:05.123456789Z"), true},
		{"greater_than/one nanosecond", docTTP, pkgT, ts, "greater_than", v("2016-05-05T05:05:05.123456788Z"), true},
		{"equals/not a timestamp", docWatchlist, "**/Title", ts, "equals", v("2015-03-01T10:00:00Z"), false},
		{"equals/nothing selected", docWatchlist, "**/@nope", ts, "equals", v("2015-03-01T10:00:00Z"), false},
		// coarse precision on the target element: compared at that precision
		{"precision day/equals same day", docWatchlist, startDay, ts, "equals", v("2015-03-01T18:00:00Z"), true},
		{"precision day/equals next day", docWatchlist, startDay, ts, "equals", v("2015-03-02T00:00:00Z"), false},
		{"precision day/greater than day before", docWatchlist, startDay, ts, "greater_than", v("2015-02-28T23:59:59Z"), true},
		{"precision day/not greater within day", docWatchlist, startDay, ts, "greater_than", v("2015-03-01T12:00:00Z"), false},
		{"precision day/less than next day", docWatchlist, startDay, ts, "less_than", v("2015-03-02T00:00:00Z"), true},
		{"precision day/lte within day", docWatchlist, startDay, ts, "less_than_or_equals", v("2015-03-01T12:00:00Z"), true},
		{"precision hour/equals within hour", docIncident, firstHour, ts, "equals", v("2015-07-01T03:59:59Z"), true},
		{"precision hour/equals next hour", docIncident, firstHour, ts, "equals", v("2015-07-01T04:00:00Z"), false},
		{"precision hour/other zone", docIncident, firstHour, ts, "equals", v("2015-07-01T05:30:00+02:00"), true},
		{"precision month/equals within month", docIncident, reported, ts, "equals", v("2015-07-31T23:00:00Z"), true},
		{"precision month/greater than previous month", docIncident, reported, ts, "greater_than", v("2015-06-30T23:59:59Z"), true},
		{"precision month/equals next month", docIncident, reported, ts, "equals", v("2015-08-01T00:00:00Z"), false},
		{"precision unknown/never compares", docIncident, closed, ts, "equals", v("2015-07-20T00:00:00Z"), false},
		{"precision unknown/never compares either way", docIncident, closed, ts, "less_than", v("2099-01-01T00:00:00Z"), false},
		// date-only values have day precision
		{"date value/zoned", docWatchlist, pkgW, ts, "equals", v("2015-03-01Z"), true},
		{"date value/zoned other day", docWatchlist, pkgW, ts, "greater_than", v("2015-02-28Z"), true},
		{"date value/day taken in the value's zone", docWatchlist, pkgW, ts, "equals", v("2015-03-01+09:00"), true},
		{"date value/earlier in the value's zone", docWatchlist, pkgW, ts, "less_than", v("2015-03-02+12:00"), true},
		{"date value/zoneless against zoned is indeterminate", docWatchlist, pkgW, ts, "equals", v("2015-03-01"), false},
		// zoneless target: XML Schema's ±14:00 partial order
		{"zoneless target/equals is indeterminate", docIncident, pkgI, ts, "equals", v("2015-07-04T12:00:00Z"), false},
		{"zoneless target/surely greater", docIncident, pkgI, ts, "greater_than", v("2015-07-03T21:00:00Z"), true},
		{"zoneless target/maybe greater", docIncident, pkgI, ts, "greater_than", v("2015-07-03T23:00:00Z"), false},
		{"zoneless target/maybe less", docIncident, pkgI, ts, "less_than", v("2015-07-05T01:00:00Z"), false},
		{"zoneless target/surely less", docIncident, pkgI, ts, "less_than", v("2015-07-05T03:00:00Z"), true},
		{"zoneless both/equal", docIncident, pkgI, ts, "equals", v("2015-07-04T12:00:00"), true},
		{"zoneless both/greater", docIncident, pkgI, ts, "greater_than", v("2015-07-04T11:59:59"), true},
		{"zoneless value/indeterminate", docWatchlist, pkgW, ts, "equals", v("2015-03-01T10:00:00"), false},
		{"zoneless value/surely greater", docWatchlist, pkgW, ts, "greater_than", v("2015-02-28T00:00:00"), true},
		{"zoneless and day precision/indeterminate", docIncident, discovery, ts, "equals", v("2015-07-02T12:00:00Z"), false},
		{"zoneless and day precision/both zoneless", docIncident, discovery, ts, "equals", v("2015-07-02T12:00:00"), true},
		{"zoneless and day precision/far apart", docIncident, discovery, ts, "less_than", v("2015-07-04T00:00:00Z"), true},
	})
}

func TestParseStamp(t *testing.T) {
	good := map[string]struct {
		zoned bool
		prec  precision
	}{
		"2015-03-01T10:00:00Z":            {true, precFull},
		"2015-03-01T10:00:00.123456789Z":  {true, precFull},
		"2015-03-01T10:00:00.1234567891Z": {true, precFull},
		"2015-03-01T10:00:00+14:00":       {true, precFull},
		"2015-03-01T10:00:00-05:30":       {true, precFull},
		"2015-03-01T10:00:00":             {false, precFull},
		"2015-03-01T10:00:00.5":           {false, precFull},
		"2015-03-01":                      {false, precDay},
		"2015-03-01Z":                     {true, precDay},
		"2015-03-01+02:00":                {true, precDay},
		" 2015-03-01T10:00:00Z ":          {true, precFull},
		"2016-02-29T00:00:00Z":            {true, precFull},
		"2015-03-01t10:00:00z":            {true, precFull},
	}
	for s, want := range good {
		st, ok := parseStamp(s)
		if !ok || st.zoned != want.zoned || st.prec != want.prec {
			t.Errorf("%q: got %+v ok=%v, want %+v", s, st, ok, want)
		}
	}
	bad := []string{"", "yesterday", "2015-3-1", "2015-03-01T10:00Z", "2015-02-29T00:00:00Z", "2015-13-01T00:00:00Z",
		"2015-03-01T24:00:00Z", "2015-03-01 10:00:00Z", "2015-03-01T10:00:00+5", "15-03-01T10:00:00Z", "2015-03-01T10:00:00ZZ"}
	for _, s := range bad {
		if st, ok := parseStamp(s); ok {
			t.Errorf("%q accepted as %+v", s, st)
		}
	}
}

func TestComparePrecisions(t *testing.T) {
	cases := []struct {
		target, prec, value string
		want                int
	}{
		{"2015-07-01T03:04:05.5Z", "year", "2015-12-31T23:59:59Z", 0},
		{"2015-07-01T03:04:05.5Z", "year", "2016-01-01T00:00:00Z", -1},
		{"2015-07-01T03:04:05.5Z", "minute", "2015-07-01T03:04:59Z", 0},
		{"2015-07-01T03:04:05.5Z", "minute", "2015-07-01T03:03:59Z", 1},
		{"2015-07-01T03:04:05.5Z", "second", "2015-07-01T03:04:05Z", 0},
		{"2015-07-01T03:04:05.5Z", "second", "2015-07-01T03:04:06Z", -1},
		{"2015-07-01T03:04:05.5Z", "", "2015-07-01T03:04:05Z", 1},
		{"2015-07-01T03:04:05.5Z", "day", "2015-07-01T23:00:00-02:00", -1}, // in UTC the value falls on 07-02
	}
	for _, c := range cases {
		a, ok1 := parseStamp(c.target)
		b, ok2 := parseStamp(c.value)
		if !ok1 || !ok2 {
			t.Fatalf("parse %q %q", c.target, c.value)
		}
		if c.prec != "" {
			p, ok := parsePrecision(c.prec)
			if !ok {
				t.Fatal(c.prec)
			}
			a.prec = p
		}
		if got, ok := compareStamps(a, b); !ok || got != c.want {
			t.Errorf("%s (%s) vs %s: got %d %v, want %d", c.target, c.prec, c.value, got, ok, c.want)
		}
	}
	if _, ok := parsePrecision("week"); ok {
		t.Error("week accepted")
	}
}
