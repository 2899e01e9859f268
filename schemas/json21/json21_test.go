package json21

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/taxii-conform/taxii-conform/schemas/schematest"
)

const fixtureDir = "../../fixtures/taxii21"

func TestEveryKindCompiles(t *testing.T) {
	s, err := load()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range Kinds() {
		if s.compiled[k] == nil {
			t.Errorf("%s: not compiled", k)
		}
		if got, ok := ParseKind(string(k)); !ok || got != k {
			t.Errorf("ParseKind(%q) = %q, %v", k, got, ok)
		}
	}
	if _, ok := ParseKind("bundle"); ok {
		t.Error("ParseKind accepted an unknown kind")
	}
}

// Every $ref of the embedded schemas resolves within them, so the annotation walk can follow it.
func TestEveryRefResolvesLocally(t *testing.T) {
	raw, err := readRaw(Files())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for id, doc := range raw.docs {
		base, _ := url.Parse(id)
		walkObjects(doc, func(v map[string]any) {
			if ref, ok := v["$ref"].(string); ok {
				n++
				if _, _, ok := raw.resolve(base, ref); !ok {
					t.Errorf("%s: $ref %q does not resolve", id, ref)
				}
			}
		})
	}
	if n < 20 {
		t.Errorf("only %d $refs seen", n)
	}
}

func TestLoaderRefusesUnknownURLs(t *testing.T) {
	c := newCompiler()
	const u = BaseURL + "probe.json"
	if err := c.AddResource(u, strings.NewReader(`{"$ref": "https://example.com/elsewhere.json"}`)); err != nil {
		t.Fatal(err)
	}
	_, err := c.Compile(u)
	if err == nil || !strings.Contains(err.Error(), "refusing to load https://example.com/elsewhere.json") {
		t.Fatalf("compiling a schema with a foreign $ref: %v", err)
	}
}

func TestUnknownKindIsAnError(t *testing.T) {
	if _, err := Validate("bundle", []byte(`{}`)); err == nil {
		t.Error("Validate accepted an unknown kind")
	}
	if _, err := ValidateValue("bundle", map[string]any{}); err == nil {
		t.Error("ValidateValue accepted an unknown kind")
	}
}

// The propertyNames enum of each resource lists exactly its properties: the enum is a second
// copy of the names, kept in step here.
func TestPropertyNameListsMatchProperties(t *testing.T) {
	raw, err := readRaw(Files())
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for id, doc := range raw.docs {
		var visit func(string, any)
		visit = func(at string, node any) {
			m, ok := node.(map[string]any)
			if !ok {
				return
			}
			if pn, ok := m["propertyNames"].(map[string]any); ok {
				seen++
				props, _ := m["properties"].(map[string]any)
				var want, got []string
				for k := range props {
					want = append(want, k)
				}
				ifs, _ := pn["if"].(map[string]any)
				enum, _ := ifs["enum"].([]any)
				for _, e := range enum {
					got = append(got, fmt.Sprint(e))
				}
				sort.Strings(want)
				sort.Strings(got)
				if !reflect.DeepEqual(want, got) {
					t.Errorf("%s%s: propertyNames lists %v, properties are %v", id, at, got, want)
				}
			}
			for k, c := range m {
				if k != "properties" {
					visit(at+"/"+k, c)
					continue
				}
				if pm, ok := c.(map[string]any); ok {
					for pk, pc := range pm {
						visit(at+"/properties/"+pk, pc)
					}
				}
			}
		}
		visit("#", doc)
	}
	if seen != 11 { // nine resources, status-details and manifest-record
		t.Errorf("%d resources with propertyNames, want 11", seen)
	}
}

func TestValidFixturesPass(t *testing.T) {
	n := 0
	for _, k := range Kinds() {
		files, _ := filepath.Glob(filepath.Join(fixtureDir, "valid", string(k), "*.json"))
		if len(files) == 0 {
			t.Errorf("no valid fixture for %s", k)
		}
		for _, f := range files {
			body, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			vs, err := Validate(k, body)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range vs {
				t.Errorf("%s: %s", f, v)
			}
			n++
		}
	}
	t.Logf("%d valid fixtures", n)
}

type invalidCase struct {
	File   string `json:"file"`
	Kind   Kind   `json:"kind"`
	Why    string `json:"why"`
	Expect []struct {
		Requirement string `json:"requirement"`
		Location    string `json:"location"`
	} `json:"expect"`
}

func loadInvalid(t testing.TB) []invalidCase {
	data, err := os.ReadFile(filepath.Join(fixtureDir, "invalid.json"))
	if err != nil {
		t.Fatal(err)
	}
	var idx struct {
		Cases []invalidCase `json:"cases"`
	}
	if err := json.Unmarshal(data, &idx); err != nil {
		t.Fatal(err)
	}
	return idx.Cases
}

// Each invalid fixture gives exactly the violations listed for it, each traced to its
// requirement and pointing at the offending value.
func TestInvalidFixturesFailAsExpected(t *testing.T) {
	cases := loadInvalid(t)
	listed := map[string]bool{}
	kinds := map[Kind]int{}
	for _, c := range cases {
		listed[filepath.ToSlash(c.File)] = true
		kinds[c.Kind]++
		t.Run(c.File, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join(fixtureDir, c.File))
			if err != nil {
				t.Fatal(err)
			}
			vs, err := Validate(c.Kind, body)
			if err != nil {
				t.Fatal(err)
			}
			var want, got []string
			for _, e := range c.Expect {
				want = append(want, e.Requirement+" at "+e.Location)
			}
			for _, v := range vs {
				got = append(got, v.Requirement+" at "+v.Location)
				if v.Schema != string(c.Kind) || v.Message == "" || v.Requirement == "" {
					t.Errorf("incomplete violation %+v", v)
				}
			}
			sort.Strings(want)
			sort.Strings(got)
			if !reflect.DeepEqual(dedupe(want), dedupe(got)) {
				t.Errorf("%s\n got: %v\nwant: %v\n%v", c.Why, got, want, vs)
			}
		})
	}
	for _, k := range Kinds() {
		if kinds[k] == 0 {
			t.Errorf("no invalid fixture for %s", k)
		}
	}
	// Every file under invalid/ is listed, so none is silently skipped.
	_ = filepath.WalkDir(filepath.Join(fixtureDir, "invalid"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(fixtureDir, p)
			if !listed[filepath.ToSlash(rel)] {
				t.Errorf("%s is not listed in invalid.json", rel)
			}
		}
		return nil
	})
}

func dedupe(s []string) []string {
	var out []string
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// The timestamp rules, one by one, as the status resource's request_timestamp.
func TestTimestampRules(t *testing.T) {
	cases := map[string][]string{
		"2024-03-18T09:15:42.104233Z":      nil,
		"2024-12-31T23:59:59.999999Z":      nil,
		"2024-03-18T09:15:42Z":             {"T21-2-13"},
		"2024-03-18T09:15:42.1Z":           {"T21-2-13"},
		"2024-03-18T09:15:42.1042331Z":     {"T21-2-13"},
		"2024-03-18T09:15:42.104233z":      {"T21-2-15"},
		"2024-03-18t09:15:42.104233Z":      {"T21-2-12"},
		"2024-03-18T09:15:42.104233":       {"T21-2-12", "T21-2-15"},
		"2024-03-18T09:15:42.104233-05:00": {"T21-2-14", "T21-2-15"},
		"2024-03-18T09:15:42.104233+00:00": {"T21-2-15"},
		"2024-13-18T09:15:42.104233Z":      {"T21-2-12"},
		"2024-03-18T25:15:42.104233Z":      {"T21-2-12"},
		"18/03/2024 09:15":                 {"T21-2-12", "T21-2-13", "T21-2-15"},
	}
	for ts, want := range cases {
		body, _ := json.Marshal(map[string]any{"id": "7b0e2b7c-4d1a-4f7e-9c52-3a8f6e1d2c40", "status": "pending",
			"request_timestamp": ts, "total_count": 0, "success_count": 0, "failure_count": 0, "pending_count": 0})
		vs, err := Validate(Status, body)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, v := range vs {
			if v.Location != "/request_timestamp" {
				t.Errorf("%s: violation elsewhere: %s", ts, v)
			}
			got = append(got, v.Requirement)
		}
		sort.Strings(got)
		if !reflect.DeepEqual(dedupe(got), want) {
			t.Errorf("%s: got %v, want %v", ts, got, want)
		}
	}
}

// Values decoded elsewhere validate like bodies, and numbers stay exact.
func TestValidateValue(t *testing.T) {
	v, bad := Decode([]byte(`{"title":"x","versions":["application/taxii+json;version=2.1"],"max_content_length":9007199254740993}`))
	if bad != nil {
		t.Fatal(bad)
	}
	vs, err := ValidateValue(APIRoot, v)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 1 || vs[0].Requirement != "T21-2-04" {
		t.Errorf("2^53+1 as max_content_length: %v", vs)
	}
}

func TestDecodeRejectsWhatIJSONForbids(t *testing.T) {
	cases := map[string]string{
		"":                          "empty body",
		"  \n":                      "empty body",
		`{"a":1}x`:                  "after the JSON value",
		`{"a":{"b":1,"b":2}}`:       `duplicate member name "b"`,
		"{\"a\":\"\xff\"}":          "not valid UTF-8",
		`{"a":[1,2,}`:               "malformed JSON",
		`{"a" 1}`:                   "malformed JSON",
		"\xef\xbb\xbf{\"title\":1}": "malformed JSON",
	}
	for body, want := range cases {
		v, bad := Decode([]byte(body))
		if v != nil || len(bad) != 1 || !strings.Contains(bad[0].Message, want) {
			t.Errorf("%q: got %v %v, want a violation saying %q", body, v, bad, want)
		}
	}
	if _, bad := Decode([]byte(`{"a":{"b":1,"b":2}}`)); bad[0].Location != "/a/b" {
		t.Errorf("duplicate at %q, want /a/b", bad[0].Location)
	}
	v, bad := Decode([]byte(` {"n": 12345678901234567890, "s": ["a"]} `))
	if bad != nil {
		t.Fatal(bad)
	}
	if n := v.(map[string]any)["n"]; fmt.Sprint(n) != "12345678901234567890" {
		t.Errorf("number decoded as %v", n)
	}
}

func TestValidatorIsSafeForConcurrentUse(t *testing.T) {
	body := envelopeOf(50)
	badBody := []byte(`{"objects":[{"type":"indicator"}]}`)
	schematest.Concurrently(t, 16, 20, func(g, r int) string {
		b, want := body, 0
		if (g+r)%2 == 1 {
			b, want = badBody, 1
		}
		if vs, err := Validate(Envelope, b); err != nil || len(vs) != want {
			return fmt.Sprintf("%v %v", err, vs)
		}
		return ""
	})
}

// Every requirement the schemas and this package's Go code name exists in the catalog, at a
// level a violation can break.
func TestRequirementsExistInCatalog(t *testing.T) {
	ids, err := Annotations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) < 40 {
		t.Errorf("only %d annotated requirements", len(ids))
	}
	schematest.CheckBreakable(t, append(ids, GoRequirements()...))
}

// envelopeOf builds an envelope of n valid STIX objects.
func envelopeOf(n int) []byte {
	return []byte(`{"more":false,"next":"x","objects":` + schematest.Indicators(n) + `}`)
}

func BenchmarkValidateEnvelope1000(b *testing.B) {
	body := envelopeOf(1000)
	if vs, err := Validate(Envelope, body); err != nil || len(vs) != 0 {
		b.Fatal(err, vs)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Validate(Envelope, body); err != nil {
			b.Fatal(err)
		}
	}
}
