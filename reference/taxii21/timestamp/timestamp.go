// Package timestamp reads and writes the two timestamp forms TAXII 2.1 deals in: the TAXII
// timestamp type (section 2: RFC 3339, UTC, "Z", microsecond precision on output) and the STIX
// timestamp that versions objects (fraction optional, any number of digits).
//
// Both parsers take the same lexical form, YYYY-MM-DDTHH:MM:SS[.fraction]Z with an upper-case
// "T" and "Z": the server writes exactly six fraction digits, but reads any count from none to
// nine so that clients which trim trailing zeros (as common libraries do) are understood.
// Offsets other than "Z", a missing "Z", lower-case letters and out-of-range fields are errors.
package timestamp

import (
	"errors"
	"fmt"
	"time"
)

// Layout is the TAXII timestamp form the server writes.
const Layout = "2006-01-02T15:04:05.000000Z"

// ErrSyntax is wrapped by every parse error.
var ErrSyntax = errors.New("not a timestamp of the form YYYY-MM-DDTHH:MM:SS[.ssssss]Z")

// Parse reads a timestamp (see the package comment for the accepted form).
func Parse(s string) (time.Time, error) {
	t, ok := parse(s)
	if !ok {
		return time.Time{}, fmt.Errorf("%q: %w", clip(s), ErrSyntax)
	}
	return t, nil
}

// Format writes t as a TAXII timestamp with microsecond precision (truncating, never rounding,
// so that a formatted value never names a later instant than t).
func Format(t time.Time) string { return t.UTC().Truncate(time.Microsecond).Format(Layout) }

// FormatMicros writes a count of microseconds since the Unix epoch as a TAXII timestamp.
func FormatMicros(us int64) string { return time.UnixMicro(us).UTC().Format(Layout) }

func parse(s string) (time.Time, bool) {
	// Fixed part: 2006-01-02T15:04:05 (19 bytes), then optional fraction, then Z.
	if len(s) < 20 || s[len(s)-1] != 'Z' {
		return time.Time{}, false
	}
	if s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	year, ok1 := digits(s[0:4])
	month, ok2 := digits(s[5:7])
	day, ok3 := digits(s[8:10])
	hour, ok4 := digits(s[11:13])
	minute, ok5 := digits(s[14:16])
	sec, ok6 := digits(s[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) {
		return time.Time{}, false
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(month, year) || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	nsec := 0
	rest := s[19 : len(s)-1]
	if rest != "" {
		if rest[0] != '.' || len(rest) < 2 || len(rest) > 10 {
			return time.Time{}, false
		}
		frac := rest[1:]
		n, ok := digits(frac)
		if !ok {
			return time.Time{}, false
		}
		for i := len(frac); i < 9; i++ {
			n *= 10
		}
		nsec = n
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC), true
}

// digits reads a run of ASCII digits (at most nine, so it cannot overflow).
func digits(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// clip keeps error messages short when a client sends something huge.
func clip(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
}
