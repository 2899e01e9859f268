package envelope

import (
	"bytes"
	"encoding/json"
	"errors"
)

// The functions here walk JSON text that json.Valid has already accepted, so they only need to
// find the boundaries of values; they never see malformed input. encoding/json is not used to
// decode objects because it matches member names case-insensitively and keeps the last of
// duplicate names, while STIX and TAXII names are case-sensitive and I-JSON (RFC 7493, which
// TAXII serialisation follows) forbids duplicates.

var errDuplicate = errors.New("duplicate member name")

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// valueEnd returns the index just past the value starting at b[i].
func valueEnd(b []byte, i int) int {
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				i = stringEnd(b, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
		return i
	default: // number, true, false, null
		for i < len(b) {
			switch b[i] {
			case ',', '}', ']', ' ', '\t', '\r', '\n':
				return i
			}
			i++
		}
		return i
	}
}

// stringEnd returns the index just past the string literal starting at b[i].
func stringEnd(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return i
}

// memberName returns the name a member-name literal stands for, without copying when it has
// no escapes.
func memberName(lit []byte) []byte {
	if bytes.IndexByte(lit, '\\') < 0 {
		return lit[1 : len(lit)-1]
	}
	var s string
	_ = json.Unmarshal(lit, &s) // the literal is valid JSON
	return []byte(s)
}

// members calls fn with each member of the object literal obj, in order. Duplicate names are
// an error.
func members(obj []byte, fn func(name, value []byte)) error {
	var small [24][]byte
	names := small[:0]
	var many map[string]bool // past a couple of dozen members a map beats the linear check
	i := skipSpace(obj, 1)
	for i < len(obj) && obj[i] != '}' {
		end := stringEnd(obj, i)
		name := memberName(obj[i:end])
		i = skipSpace(obj, end)
		i = skipSpace(obj, i+1) // ':'
		vend := valueEnd(obj, i)
		if many != nil {
			if many[string(name)] {
				return errDuplicate
			}
			many[string(name)] = true
		} else {
			for _, n := range names {
				if bytes.Equal(n, name) {
					return errDuplicate
				}
			}
			names = append(names, name)
			if len(names) == len(small) {
				many = make(map[string]bool, 2*len(names))
				for _, n := range names {
					many[string(n)] = true
				}
			}
		}
		fn(name, obj[i:vend])
		i = skipSpace(obj, vend)
		if i < len(obj) && obj[i] == ',' {
			i = skipSpace(obj, i+1)
		}
	}
	return nil
}

// elements calls fn with each element of the array literal arr, in order.
func elements(arr []byte, fn func(value []byte)) {
	i := skipSpace(arr, 1)
	for i < len(arr) && arr[i] != ']' {
		end := valueEnd(arr, i)
		fn(arr[i:end])
		i = skipSpace(arr, end)
		if i < len(arr) && arr[i] == ',' {
			i = skipSpace(arr, i+1)
		}
	}
}
