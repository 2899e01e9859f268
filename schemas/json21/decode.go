package json21

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/taxii-conform/taxii-conform/schemas"
)

// decode parses body into generic values (objects as map[string]any, numbers as json.Number)
// and holds it to the serialization TAXII uses (section 1.6.7: UTF-8 JSON per RFC 8259 and
// I-JSON, RFC 7493): exactly one JSON value, valid UTF-8, no duplicate member names. A failure
// comes back as a violation whose Requirement is empty unless a precise one applies (UTF-8):
// what a body that is not JSON at all breaks depends on where it was met.
func decode(body []byte) (any, *schemas.Violation) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, &schemas.Violation{Message: "empty body: a JSON value was expected"}
	}
	if !utf8.Valid(body) {
		return nil, &schemas.Violation{Requirement: ReqUTF8, Message: "body is not valid UTF-8"}
	}
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	p := parser{d: d}
	v, err := p.value("")
	if err == nil {
		// Anything but white space after the value makes the body malformed.
		if _, terr := d.Token(); terr != io.EOF {
			err = &parseError{msg: "data after the JSON value"}
		}
	}
	if err != nil {
		var pe *parseError
		if errors.As(err, &pe) {
			return nil, &schemas.Violation{Location: pe.loc, Message: pe.msg}
		}
		return nil, &schemas.Violation{Message: "malformed JSON: " + err.Error()}
	}
	return v, nil
}

type parseError struct {
	loc, msg string
}

func (e *parseError) Error() string { return e.msg }

type parser struct {
	d *json.Decoder
}

// value reads one JSON value whose JSON pointer is loc.
func (p *parser) value(loc string) (any, error) {
	t, err := p.d.Token()
	if err != nil {
		if err == io.EOF {
			return nil, &parseError{loc: loc, msg: "malformed JSON: unexpected end of input"}
		}
		return nil, &parseError{loc: loc, msg: "malformed JSON: " + err.Error()}
	}
	switch t := t.(type) {
	case json.Delim:
		switch t {
		case '{':
			m := map[string]any{}
			for p.d.More() {
				kt, err := p.d.Token()
				if err != nil {
					return nil, &parseError{loc: loc, msg: "malformed JSON: " + err.Error()}
				}
				k, ok := kt.(string)
				if !ok {
					return nil, &parseError{loc: loc, msg: fmt.Sprintf("malformed JSON: member name expected, found %v", kt)}
				}
				kloc := loc + "/" + escapePointer(k)
				if _, dup := m[k]; dup {
					return nil, &parseError{loc: kloc, msg: fmt.Sprintf("duplicate member name %q (I-JSON forbids it)", k)}
				}
				v, err := p.value(kloc)
				if err != nil {
					return nil, err
				}
				m[k] = v
			}
			if _, err := p.d.Token(); err != nil { // the closing brace
				return nil, &parseError{loc: loc, msg: "malformed JSON: " + err.Error()}
			}
			return m, nil
		case '[':
			a := []any{}
			for i := 0; p.d.More(); i++ {
				v, err := p.value(loc + "/" + strconv.Itoa(i))
				if err != nil {
					return nil, err
				}
				a = append(a, v)
			}
			if _, err := p.d.Token(); err != nil {
				return nil, &parseError{loc: loc, msg: "malformed JSON: " + err.Error()}
			}
			return a, nil
		default:
			return nil, &parseError{loc: loc, msg: fmt.Sprintf("malformed JSON: unexpected %v", t)}
		}
	default:
		return t, nil // string, json.Number, bool or nil
	}
}

// escapePointer escapes one JSON pointer reference token (RFC 6901).
func escapePointer(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// unescapePointer undoes escapePointer.
func unescapePointer(s string) string {
	if !strings.Contains(s, "~") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}
