package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/taxii-conform/taxii-conform/schemas"
	"github.com/taxii-conform/taxii-conform/schemas/json21"
	"github.com/taxii-conform/taxii-conform/schemas/xsd11"
)

// maxValidateFile bounds what validate reads of one file.
const maxValidateFile = 64 << 20

// cmdValidate checks captured messages offline: TAXII 1.x XML against the project's XSDs (the
// root element says which message), TAXII 2.1 JSON against the resource schemas (the members
// say which resource, or --as names it). Exit 0 when every file is valid, 1 when one is not.
func cmdValidate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	as := fs.String("as", "", "TAXII 2.1 resource type of every JSON file: "+kindList())
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: taxii-conform validate [--as TYPE] FILE...")
		fs.PrintDefaults()
	}
	if ok, code := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() == 0 {
		return report(stderr, usagef("validate: name at least one file"))
	}
	var kind json21.Kind
	if *as != "" {
		k, ok := json21.ParseKind(*as)
		if !ok {
			return report(stderr, usagef("validate: --as must be one of %s", kindList()))
		}
		kind = k
	}
	var xv *xsd11.Validator
	worst := exitOK
	for _, name := range fs.Args() {
		raw, err := readBounded(name)
		if err != nil {
			fmt.Fprintf(stdout, "%s: cannot read: %v\n", name, err)
			worst = max(worst, exitUsage)
			continue
		}
		var what string
		var vs []schemas.Violation
		trimmed := bytes.TrimLeft(raw, " \t\r\n\ufeff")
		isXML := len(trimmed) > 0 && trimmed[0] == '<'
		embedded := !isXML && !json.Valid(raw) && kind == ""
		if isXML || embedded {
			if xv == nil {
				if xv, err = xsd11.New(); err != nil {
					return report(stderr, fmt.Errorf("loading the XML schemas: %w", err))
				}
			}
		}
		switch {
		case isXML:
			res, err := xv.Validate(raw)
			if err != nil {
				return report(stderr, fmt.Errorf("%s: %w", name, err))
			}
			what = "TAXII XML message"
			if res.Message != "" {
				what = fmt.Sprintf("TAXII %s %s", res.Family, res.Message)
			}
			vs = res.Violations
		case embedded:
			// A text document (documentation, a capture) with TAXII messages inside it.
			msgs := embeddedMessages(raw)
			if len(msgs) == 0 {
				fmt.Fprintf(stdout, "%s: neither JSON nor XML, and no TAXII XML message inside\n", name)
				worst = max(worst, exitFailed)
				continue
			}
			for _, m := range msgs {
				res, err := xv.Validate(m.doc)
				if err != nil {
					return report(stderr, fmt.Errorf("%s:%d: %w", name, m.line, err))
				}
				worst = max(worst, printResult(stdout, fmt.Sprintf("%s:%d", name, m.line),
					fmt.Sprintf("TAXII %s %s", res.Family, res.Message), res.Violations))
			}
			continue
		default:
			k := kind
			if k == "" {
				k, err = detectKind(raw)
				if err != nil {
					fmt.Fprintf(stdout, "%s: %v\n", name, err)
					worst = max(worst, exitFailed)
					continue
				}
			}
			what = "TAXII 2.1 " + string(k)
			if vs, err = json21.Validate(k, raw); err != nil {
				return report(stderr, fmt.Errorf("%s: %w", name, err))
			}
		}
		worst = max(worst, printResult(stdout, name, what, vs))
	}
	return worst
}

// printResult says whether one message is valid and lists its problems.
func printResult(w io.Writer, where, what string, vs []schemas.Violation) int {
	if len(vs) == 0 {
		fmt.Fprintf(w, "%s: valid %s\n", where, what)
		return exitOK
	}
	fmt.Fprintf(w, "%s: invalid %s, %d problem(s)\n", where, what, len(vs))
	for _, v := range vs {
		fmt.Fprintf(w, "  %s\n", v)
	}
	return exitFailed
}

type embeddedMessage struct {
	line int
	doc  []byte
}

// messageStart finds the start tag of a TAXII message element, prefixed or not.
var messageStart = regexp.MustCompile(`<(?:[A-Za-z_][\w.-]*:)?(` + strings.Join(xsd11.Messages, "|") + `)[\s/>]`)

// embeddedMessages finds the TAXII XML messages quoted inside a text document: from each
// message start tag to the end of that element, as an XML tokenizer sees it.
func embeddedMessages(raw []byte) []embeddedMessage {
	var out []embeddedMessage
	for off := 0; off < len(raw); {
		loc := messageStart.FindIndex(raw[off:])
		if loc == nil {
			break
		}
		start := off + loc[0]
		end := elementEnd(raw[start:])
		if end <= 0 {
			off = start + 1
			continue
		}
		out = append(out, embeddedMessage{line: 1 + bytes.Count(raw[:start], []byte("\n")), doc: raw[start : start+end]})
		off = start + end
	}
	return out
}

// elementEnd returns the length of the XML element that doc starts with, or 0 when it does
// not close properly. Namespaces are not resolved and no entity is expanded.
func elementEnd(doc []byte) int {
	dec := xml.NewDecoder(bytes.NewReader(doc))
	dec.Strict = false
	depth := 0
	for {
		tok, err := dec.RawToken()
		if err != nil {
			return 0
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
			if depth == 0 {
				return int(dec.InputOffset())
			}
		}
	}
}

func readBounded(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, maxValidateFile+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > maxValidateFile {
		return nil, fmt.Errorf("larger than %d MiB", maxValidateFile>>20)
	}
	return raw, nil
}

func kindList() string {
	var ks []string
	for _, k := range json21.Kinds() {
		ks = append(ks, string(k))
	}
	return strings.Join(ks, ", ")
}

// detectKind guesses which TAXII 2.1 resource a JSON document is from the members that only
// that resource has. An ambiguous document (e.g. "{}", which several resources allow) asks
// for --as.
func detectKind(raw []byte) (json21.Kind, error) {
	v, problems := json21.Decode(raw)
	if len(problems) > 0 {
		return "", fmt.Errorf("not a JSON document: %s", problems[0].Message)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return "", errors.New("the top-level JSON value is not an object, so it is no TAXII 2.1 resource")
	}
	has := func(k string) bool { _, ok := obj[k]; return ok }
	var found []json21.Kind
	if vs, ok := obj["versions"].([]any); ok || has("versions") {
		// An API root lists media types; a versions resource lists timestamps.
		first, _ := firstString(vs)
		if has("max_content_length") || strings.Contains(first, "/") {
			found = append(found, json21.APIRoot)
		} else {
			found = append(found, json21.Versions)
		}
	}
	if has("api_roots") || has("default") {
		found = append(found, json21.Discovery)
	}
	if has("status") && (has("total_count") || has("success_count") || has("pending_count")) {
		found = append(found, json21.Status)
	}
	if has("collections") {
		found = append(found, json21.Collections)
	}
	if has("can_read") || has("can_write") {
		found = append(found, json21.Collection)
	}
	if objs, ok := obj["objects"].([]any); ok && len(objs) > 0 {
		if first, ok := objs[0].(map[string]any); ok {
			if _, stix := first["type"]; stix {
				found = append(found, json21.Envelope)
			} else if _, m := first["date_added"]; m {
				found = append(found, json21.Manifest)
			}
		}
	}
	if has("error_id") || has("error_code") || has("http_status") || has("external_details") {
		found = append(found, json21.Error)
	}
	if has("type") && has("id") && has("spec_version") {
		found = append(found, json21.Object)
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return "", errors.New("cannot tell which TAXII 2.1 resource this is: give --as")
	}
	names := make([]string, len(found))
	for i, k := range found {
		names[i] = string(k)
	}
	sort.Strings(names)
	return "", fmt.Errorf("could be any of %s: give --as", strings.Join(names, ", "))
}

func firstString(vs []any) (string, bool) {
	if len(vs) == 0 {
		return "", false
	}
	s, ok := vs[0].(string)
	return s, ok
}
