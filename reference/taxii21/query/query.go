// Package query reads the URL query parameters of TAXII 2.1 requests (section 3.4): added_after,
// limit, next and match[<field>] for the fields id, type, version and spec_version.
//
// Each endpoint names the parameters it supports; the others, and match fields this server does
// not know, are ignored as section 3.4 allows. A supported parameter that is malformed is an
// error (the server answers 400): given twice, empty, an empty item in a comma list, a bad
// timestamp, a limit that is not a positive integer, a version keyword given twice or "all"
// combined with anything else.
package query

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/taxii-conform/taxii-conform/reference/store"
	"github.com/taxii-conform/taxii-conform/reference/taxii21/envelope"
	"github.com/taxii-conform/taxii-conform/reference/taxii21/timestamp"
)

// Field is a set of query parameters.
type Field uint8

// The parameters of section 3.4.
const (
	AddedAfter Field = 1 << iota
	Limit
	Next
	MatchID
	MatchType
	MatchVersion
	MatchSpecVersion
)

// Parameter sets of the endpoints that filter.
const (
	Objects  = AddedAfter | Limit | Next | MatchID | MatchType | MatchVersion | MatchSpecVersion // 5.3, 5.4
	Object   = AddedAfter | Limit | Next | MatchVersion | MatchSpecVersion                       // 5.6
	Delete   = MatchVersion | MatchSpecVersion                                                   // 5.7
	Versions = AddedAfter | Limit | Next | MatchSpecVersion                                      // 5.8
)

var names = []struct {
	f    Field
	name string
}{
	{AddedAfter, "added_after"}, {Limit, "limit"}, {Next, "next"}, {MatchID, "match[id]"},
	{MatchType, "match[type]"}, {MatchVersion, "match[version]"}, {MatchSpecVersion, "match[spec_version]"},
}

// MaxLimit is the largest limit the TAXII integer type can carry (section 2).
const MaxLimit = 1<<53 - 1

// Params is a parsed query.
type Params struct {
	Given        Field // the supported parameters present
	After        int64 // added_after, in microseconds since the epoch (rounded down)
	Limit        int
	Cursor       int64 // decoded next: the date_added of the last record already returned
	IDs          []string
	Types        []string
	SpecVersions []string
	Versions     store.VersionFilter
}

// Has reports whether the parameter was given.
func (p Params) Has(f Field) bool { return p.Given&f != 0 }

// Parse reads a raw query string, keeping the parameters in allowed.
func Parse(raw string, allowed Field) (Params, error) {
	var p Params
	values, err := url.ParseQuery(raw)
	if err != nil {
		return p, errors.New("the query string is malformed")
	}
	for _, n := range names {
		vs, ok := values[n.name]
		if !ok || allowed&n.f == 0 {
			continue
		}
		if len(vs) != 1 {
			return p, fmt.Errorf("%s is given %d times; it may be given once", n.name, len(vs))
		}
		v := vs[0]
		if v == "" {
			return p, fmt.Errorf("%s is empty", n.name)
		}
		p.Given |= n.f
		if err := p.set(n.f, v); err != nil {
			return p, fmt.Errorf("%s: %w", n.name, err)
		}
	}
	return p, nil
}

func (p *Params) set(f Field, v string) error {
	switch f {
	case AddedAfter:
		t, err := timestamp.Parse(v)
		if err != nil {
			return err
		}
		p.After = t.UnixMicro()
	case Limit:
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil || n == 0 || n > MaxLimit || v[0] == '+' {
			return fmt.Errorf("%q is not a positive integer", clip(v))
		}
		p.Limit = int(n)
	case Next:
		us, ok := DecodeNext(v)
		if !ok {
			return fmt.Errorf("%q is not a value this server gave out", clip(v))
		}
		p.Cursor = us
	case MatchID:
		return list(v, func(s string) error {
			if !validIDQuery(s) {
				return fmt.Errorf("%q is not a STIX identifier", clip(s))
			}
			p.IDs = appendNew(p.IDs, s)
			return nil
		})
	case MatchType:
		return list(v, func(s string) error {
			if !validTypeQuery(s) {
				return fmt.Errorf("%q is not a type name", clip(s))
			}
			p.Types = appendNew(p.Types, s)
			return nil
		})
	case MatchSpecVersion:
		return list(v, func(s string) error {
			if !validSpecVersion(s) {
				return fmt.Errorf("%q is not a version of the form n.m", clip(s))
			}
			p.SpecVersions = appendNew(p.SpecVersions, s)
			return nil
		})
	case MatchVersion:
		return p.versions(v)
	}
	return nil
}

// versions reads match[version]: first, last, all or timestamps, each at most once, and all
// alone.
func (p *Params) versions(v string) error {
	vf := &p.Versions
	n := 0
	err := list(v, func(s string) error {
		n++
		switch s {
		case "all", "first", "last":
			flag := &vf.All
			if s == "first" {
				flag = &vf.First
			} else if s == "last" {
				flag = &vf.Last
			}
			if *flag {
				return fmt.Errorf("%q is given twice", s)
			}
			*flag = true
		default:
			t, err := timestamp.Parse(s)
			if err != nil {
				return fmt.Errorf("%q is neither first, last, all nor a timestamp", clip(s))
			}
			for _, x := range vf.Exact {
				if x.Equal(t) {
					return fmt.Errorf("version %q is given twice", clip(s))
				}
			}
			vf.Exact = append(vf.Exact, t)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if vf.All && n > 1 {
		return errors.New(`"all" cannot be combined with other versions`)
	}
	return nil
}

// list calls fn with each item of a comma-separated list; empty items are errors.
func list(v string, fn func(string) error) error {
	for _, s := range strings.Split(v, ",") {
		if s == "" {
			return errors.New("the list has an empty item")
		}
		if err := fn(s); err != nil {
			return err
		}
	}
	return nil
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// validTypeQuery accepts the characters of STIX type names; the shortest length and the first
// character are not checked, since a query for a type the server does not know simply matches
// nothing.
func validTypeQuery(s string) bool { return envelope.TypeNameChars(s) }

// validIDQuery accepts anything shaped like a STIX identifier, type--UUID; a well-formed id
// the server does not hold simply matches nothing.
func validIDQuery(s string) bool {
	typ, _, ok := envelope.SplitID(s)
	return ok && typ != "" && validTypeQuery(typ)
}

func validSpecVersion(s string) bool {
	major, minor, ok := strings.Cut(s, ".")
	return ok && allDigits(major) && allDigits(minor)
}

func allDigits(s string) bool {
	if s == "" || len(s) > 9 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// EncodeNext makes the next value that resumes after the record added at us. The value is
// only a position, so a client cannot use it to reach anything its query would not return.
func EncodeNext(us int64) string { return "n" + strconv.FormatInt(us, 36) }

// DecodeNext reads a value EncodeNext made.
func DecodeNext(s string) (int64, bool) {
	rest, ok := strings.CutPrefix(s, "n")
	if !ok || rest == "" || len(rest) > 13 {
		return 0, false
	}
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z') {
			return 0, false
		}
	}
	us, err := strconv.ParseInt(rest, 36, 64)
	return us, err == nil && us >= 0
}

func clip(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
}
