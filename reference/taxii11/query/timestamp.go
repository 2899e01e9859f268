package query

import (
	"strings"
	"time"
)

// Timestamps (Part 5 §5.3). Part 5 only says that the value is an RFC 3339 timestamp; it has
// no rule for a timestamp without a time zone or for STIX's coarse precisions, and both occur
// in STIX 1.x content (xs:dateTime lets the zone out; DateTimeWithPrecisionType carries a
// precision attribute). The rules here, in the project's words:
//
//   - A timestamp is an RFC 3339 / xs:dateTime date-time, with or without a zone, or a bare
//     date (which has day precision). Fractions of a second beyond nanoseconds are cut off.
//   - A target element's precision attribute (year, month, day, hour, minute, second) says how
//     much of its value is meaningful; without it the value is exact.
//   - Two timestamps are compared at the coarser of their two precisions: both are cut down to
//     that precision, in the zone of the coarser one (the target's when they tie), and the
//     results compared. So a target known to the day equals every instant of that day.
//   - When exactly one of the two lacks a zone, XML Schema's partial order for dateTime applies
//     (XML Schema 1.0 Part 2 §3.2.7.4): the comparison is made with the zoneless one put at
//     +14:00 and at -14:00; if both give the same answer that is the answer, otherwise the
//     two are incomparable and every relationship is false. Two zoneless timestamps are
//     compared as if both were UTC.

type precision uint8

const (
	precYear precision = iota + 1
	precMonth
	precDay
	precHour
	precMinute
	precSecond
	precFull
)

func parsePrecision(s string) (precision, bool) {
	switch strings.TrimSpace(s) {
	case "year":
		return precYear, true
	case "month":
		return precMonth, true
	case "day":
		return precDay, true
	case "hour":
		return precHour, true
	case "minute":
		return precMinute, true
	case "second":
		return precSecond, true
	}
	return 0, false
}

type stamp struct {
	t     time.Time // wall clock in its zone; UTC when zoneless
	zoned bool
	prec  precision
}

var (
	layoutsZoned    = []string{time.RFC3339Nano, "2006-01-02Z07:00"}
	layoutsZoneless = []string{"2006-01-02T15:04:05.999999999", "2006-01-02"}
)

// parseStamp reads a date-time or date, with or without zone.
func parseStamp(s string) (stamp, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 10 || len(s) > 64 {
		return stamp{}, false
	}
	// RFC 3339 lets "T" and "Z" be lower case; Go's layouts do not.
	if len(s) > 10 && s[10] == 't' {
		s = s[:10] + "T" + s[11:]
	}
	if s[len(s)-1] == 'z' {
		s = s[:len(s)-1] + "Z"
	}
	prec := precFull
	if len(s) == 10 || (len(s) > 10 && s[10] != 'T') {
		prec = precDay
	}
	for _, l := range layoutsZoned {
		if t, err := time.Parse(l, s); err == nil {
			return stamp{t: t, zoned: true, prec: prec}, true
		}
	}
	for _, l := range layoutsZoneless {
		if t, err := time.Parse(l, s); err == nil {
			return stamp{t: t, prec: prec}, true
		}
	}
	return stamp{}, false
}

// compareStamps gives -1, 0 or +1 for a before, at or after b, and false when the two are
// incomparable (one zoneless and the answer depends on its zone).
func compareStamps(a, b stamp) (int, bool) {
	if a.zoned == b.zoned {
		return compareAligned(a, b), true
	}
	east, west := time.FixedZone("", 14*3600), time.FixedZone("", -14*3600)
	var r1, r2 int
	if !a.zoned {
		r1, r2 = compareAligned(a.in(east), b), compareAligned(a.in(west), b)
	} else {
		r1, r2 = compareAligned(a, b.in(east)), compareAligned(a, b.in(west))
	}
	if r1 != r2 {
		return 0, false
	}
	return r1, true
}

// in gives a zoneless stamp the zone loc, keeping its wall clock.
func (s stamp) in(loc *time.Location) stamp {
	t := s.t
	return stamp{t: time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc), zoned: true, prec: s.prec}
}

// compareAligned compares two stamps that are both zoned or both zoneless.
func compareAligned(a, b stamp) int {
	p, loc := a.prec, a.t.Location()
	if b.prec < a.prec {
		p, loc = b.prec, b.t.Location()
	}
	return truncate(a.t.In(loc), p).Compare(truncate(b.t.In(loc), p))
}

func truncate(t time.Time, p precision) time.Time {
	if p >= precFull {
		return t
	}
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	switch p {
	case precYear:
		mo, d, h, mi, s = 1, 1, 0, 0, 0
	case precMonth:
		d, h, mi, s = 1, 0, 0, 0
	case precDay:
		h, mi, s = 0, 0, 0
	case precHour:
		mi, s = 0, 0
	case precMinute:
		s = 0
	}
	return time.Date(y, mo, d, h, mi, s, 0, t.Location())
}
