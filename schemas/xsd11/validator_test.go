package xsd11

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/taxii-conform/taxii-conform/fixtures/taxii11"
	"github.com/taxii-conform/taxii-conform/schemas"
	"github.com/taxii-conform/taxii-conform/schemas/schematest"
)

func project(t testing.TB) *Validator {
	t.Helper()
	v, err := New()
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return v
}

func validate(t testing.TB, v *Validator, doc string) Result {
	t.Helper()
	r, err := v.Validate([]byte(doc))
	if err != nil {
		t.Fatalf("Validate returned an error: %v", err)
	}
	return r
}

func hasRequirement(vs []schemas.Violation, id string) bool {
	for _, v := range vs {
		if v.Requirement == id {
			return true
		}
	}
	return false
}

func dump(vs []schemas.Violation) string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "\n  %s [rule %s]", v, v.Rule)
	}
	return b.String()
}

const ns11 = NSBinding11

// Every valid corpus message passes, every invalid one fails under the requirement its
// comment names.
func TestCorpus(t *testing.T) {
	v := project(t)
	samples, err := taxii11.Samples()
	if err != nil {
		t.Fatal(err)
	}
	var valid, invalid int
	for _, s := range samples {
		t.Run(s.Name, func(t *testing.T) {
			r := validate(t, v, string(s.Body))
			if s.Valid {
				valid++
				if !r.Valid() {
					t.Fatalf("valid sample rejected:%s", dump(r.Violations))
				}
				if r.Family != s.Family {
					t.Errorf("family %q, want %q", r.Family, s.Family)
				}
				return
			}
			invalid++
			if r.Valid() {
				t.Fatalf("invalid sample accepted (expected %v)", s.Expect)
			}
			for _, id := range s.Expect {
				if !hasRequirement(r.Violations, id) {
					t.Errorf("no violation under %s:%s", id, dump(r.Violations))
				}
			}
		})
	}
	if valid < 50 || invalid < 60 {
		t.Errorf("corpus too small: %d valid, %d invalid", valid, invalid)
	}
}

// Every message type has at least one valid sample in each family's corpus directory or,
// for 1.1.1, by translation (see agreement_test.go); here: the 1.1 directory covers all.
func TestCorpusCoversEveryMessageType(t *testing.T) {
	v := project(t)
	samples, err := taxii11.Samples()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	statusTypes := map[string]bool{}
	for _, s := range samples {
		if !s.Valid || s.Family != Family11 {
			continue
		}
		r := validate(t, v, string(s.Body))
		seen[r.Message] = true
		if r.Message == "Status_Message" {
			if m := statusTypeAttr.FindSubmatch(s.Body); m != nil {
				statusTypes[string(m[1])] = true
			}
		}
	}
	for _, m := range Messages {
		if !seen[m] {
			t.Errorf("no valid TAXII 1.1 sample of %s", m)
		}
	}
	for _, st := range []string{"ASYNCHRONOUS_POLL_ERROR", "BAD_MESSAGE", "DENIED", "DESTINATION_COLLECTION_ERROR",
		"FAILURE", "INVALID_RESPONSE_PART", "NETWORK_ERROR", "NOT_FOUND", "PENDING", "POLLING_UNSUPPORTED", "RETRY",
		"SUCCESS", "UNAUTHORIZED", "UNSUPPORTED_MESSAGE", "UNSUPPORTED_CONTENT", "UNSUPPORTED_PROTOCOL",
		"UNSUPPORTED_QUERY", "UNSUPPORTED_CAPABILITY_MODULE", "UNSUPPORTED_TARGETING_EXPRESSION",
		"UNSUPPORTED_TARGETING_EXPRESSION_ID"} {
		if !statusTypes[st] {
			t.Errorf("no valid Status_Message sample with status_type %s", st)
		}
	}
}

func TestEmptyAndBlankInput(t *testing.T) {
	v := project(t)
	for _, doc := range []string{"", "   \n\t  "} {
		r, err := v.Validate([]byte(doc))
		if err != nil {
			t.Fatalf("%q: error %v", doc, err)
		}
		if r.Valid() || !hasRequirement(r.Violations, reqWellFormed) || !strings.Contains(r.Violations[0].Message, "empty") {
			t.Errorf("%q: %+v", doc, r)
		}
	}
	r, err := v.Validate(nil)
	if err != nil || r.Valid() {
		t.Errorf("nil input: %+v %v", r, err)
	}
}

func TestNilValidator(t *testing.T) {
	var v *Validator
	if _, err := v.Validate([]byte("<x/>")); err == nil {
		t.Error("nil validator: want an error")
	}
}

func TestMalformedReportsLine(t *testing.T) {
	v := project(t)
	r := validate(t, v, "<Discovery_Request xmlns=\""+ns11+"\"\n message_id=\"1\">\n<oops>\n</Discovery_Request>")
	if r.Valid() || r.Message != "" || r.Violations[0].Location == "" || !strings.Contains(r.Violations[0].Message, "not well-formed") {
		t.Fatalf("%+v", r)
	}
	if !strings.HasPrefix(r.Violations[0].Location, "line ") {
		t.Errorf("location %q", r.Violations[0].Location)
	}
}

func TestRootChecks(t *testing.T) {
	v := project(t)
	cases := []struct {
		doc, family, message, want string
	}{
		{`<Discovery_Request message_id="1"/>`, "", "Discovery_Request", "has no namespace"},
		{`<Discovery_Request xmlns="` + NSBinding111Draft + `" message_id="1"/>`, "", "Discovery_Request", NSBinding111},
		{`<Foo xmlns="urn:example"/>`, "", "Foo", "neither TAXII 1.1"},
		{`<Poll_Result xmlns="` + ns11 + `"/>`, Family11, "Poll_Result", "not a TAXII message"},
		{`<Criteria xmlns="` + NSQuery111 + `" operator="AND"/>`, Family111, "Criteria", "not a Default Query structure"},
	}
	for _, c := range cases {
		r := validate(t, v, c.doc)
		if r.Valid() || r.Family != c.family || r.Message != c.message || !strings.Contains(r.Violations[0].Message, c.want) {
			t.Errorf("%s: %+v", c.doc, r)
		}
	}
}

func TestResultAndViolationFields(t *testing.T) {
	v := project(t)
	r := validate(t, v, `<?xml version="1.0"?>
<taxii_11:Poll_Response xmlns:taxii_11="`+ns11+`" message_id="r" in_response_to="p" collection_name="c">
  <taxii_11:Content_Block>
    <taxii_11:Content_Binding binding_id="urn:stix.mitre.org:xml:1.1.1"/>
    <taxii_11:Content/>
    <taxii_11:Timestamp_Label>2015-01-01T00:00:00</taxii_11:Timestamp_Label>
  </taxii_11:Content_Block>
</taxii_11:Poll_Response>`)
	if r.Family != Family11 || r.Message != "Poll_Response" || len(r.Violations) != 1 {
		t.Fatalf("%+v", r)
	}
	got := r.Violations[0]
	want := schemas.Violation{
		Requirement: reqTimestampZone,
		Schema:      "taxii-1.1/Poll_Response",
		Location:    "line 6 /Poll_Response/Content_Block/Timestamp_Label",
		Rule:        "cvc-pattern-valid",
	}
	if got.Requirement != want.Requirement || got.Schema != want.Schema || got.Location != want.Location || got.Rule != want.Rule {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	// Namespace URIs in braces are replaced by the usual (no) prefix.
	if strings.Contains(got.Message, "{http") || !strings.Contains(got.Message, "'Timestamp_Label'") {
		t.Errorf("message %q", got.Message)
	}
}

// A wrong value after third-party content that carries unresolvable xsi:type attributes
// is still found: the foreign types are tolerated, the rest is validated.
func TestForeignXSITypeTolerated(t *testing.T) {
	v := project(t)
	doc := `<Poll_Response xmlns="` + ns11 + `" message_id="r" in_response_to="p" collection_name="c">
  <Content_Block>
    <Content_Binding binding_id="urn:stix.mitre.org:xml:1.1.1"/>
    <Content><s:Package xmlns:s="urn:example:stix" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:i="urn:example:ind"><s:Item xsi:type="i:IndicatorType"><s:Deep xsi:type="i:Other"/></s:Item></s:Package></Content>
    <Timestamp_Label>%s</Timestamp_Label>
  </Content_Block>
</Poll_Response>`
	if r := validate(t, v, fmt.Sprintf(doc, "2015-01-01T00:00:00Z")); !r.Valid() {
		t.Fatalf("foreign xsi:type rejected:%s", dump(r.Violations))
	}
	r := validate(t, v, fmt.Sprintf(doc, "yesterday"))
	if !hasRequirement(r.Violations, reqTimestampZone) || len(r.Violations) != 1 {
		t.Fatalf("the bad label after the content was not reported alone:%s", dump(r.Violations))
	}
	// An unresolvable type named in the TAXII namespace itself is not tolerated.
	r = validate(t, v, `<Poll_Response xmlns="`+ns11+`" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" message_id="r" in_response_to="p" collection_name="c"><Record_Count xsi:type="NoSuchType">1</Record_Count></Poll_Response>`)
	if r.Valid() {
		t.Error("xsi:type naming a missing TAXII type accepted")
	}
}

// An xsi:schemaLocation in a document must not make libxml2 load another schema (which
// here would accept anything as a Poll_Request).
func TestSchemaLocationHintIgnored(t *testing.T) {
	dir := t.TempDir()
	evil := filepath.Join(dir, "evil.xsd")
	if err := os.WriteFile(evil, []byte(`<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="`+ns11+`"><xs:element name="Poll_Request"/></xs:schema>`), 0o600); err != nil {
		t.Fatal(err)
	}
	v := project(t)
	r := validate(t, v, `<Poll_Request xmlns="`+ns11+`" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="`+ns11+` file://`+evil+`" message_id="1"/>`)
	if r.Valid() {
		t.Fatal("a Poll_Request without collection_name passed: the schemaLocation hint was followed")
	}
}

// An external entity naming a local file: the file's content must appear nowhere, and
// the document is refused.
func TestExternalEntityRefused(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret.txt")
	const marker = "TOPSECRET-5f1c2b"
	if err := os.WriteFile(secret, []byte(marker), 0o600); err != nil {
		t.Fatal(err)
	}
	docs := []string{
		`<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://` + secret + `">]><Discovery_Request xmlns="` + ns11 + `" message_id="&x;"/>`,
		`<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://` + secret + `">]><Status_Message xmlns="` + ns11 + `" message_id="1" in_response_to="2" status_type="FAILURE"><Message>&x;</Message></Status_Message>`,
		`<?xml version="1.0"?><!DOCTYPE d [<!ENTITY % p SYSTEM "file://` + secret + `"> %p;]><Discovery_Request xmlns="` + ns11 + `" message_id="1"/>`,
		`<?xml version="1.0"?><!DOCTYPE d SYSTEM "file://` + secret + `"><Discovery_Request xmlns="` + ns11 + `" message_id="1"/>`,
		`<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "http://127.0.0.1:9/never">]><Discovery_Request xmlns="` + ns11 + `" message_id="&x;"/>`,
	}
	for _, vv := range []*Validator{project(t), officialOrNil(t)} {
		if vv == nil {
			continue
		}
		for i, d := range docs {
			r := validate(t, vv, d)
			if r.Valid() || !hasRequirement(r.Violations, reqWellFormed) {
				t.Errorf("%s doc %d accepted: %+v", vv.source, i, r)
			}
			if out := fmt.Sprintf("%+v", r); strings.Contains(out, marker) {
				t.Errorf("%s doc %d: the file's content leaked into the result: %s", vv.source, i, out)
			}
			if !strings.Contains(r.Violations[0].Message, "DOCTYPE") || r.Violations[0].Location != "line 1" {
				t.Errorf("%s doc %d: message %q does not name the DOCTYPE", vv.source, i, r.Violations[0].Message)
			}
		}
	}
}

// An entity-expansion bomb (a billion "laughs") finishes at once and small.
func TestEntityExpansionBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">`)
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, `<!ENTITY lol%d "%s">`, i, strings.Repeat(fmt.Sprintf("&lol%d;", i-1), 10))
	}
	b.WriteString(`]><Status_Message xmlns="` + ns11 + `" message_id="1" in_response_to="2" status_type="FAILURE"><Message>&lol9;</Message></Status_Message>`)
	v := project(t)
	before := cHeapInUse()
	start := time.Now()
	r := validate(t, v, b.String())
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
	if r.Valid() || !hasRequirement(r.Violations, reqWellFormed) {
		t.Errorf("bomb accepted: %+v", r)
	}
	if len(fmt.Sprintf("%+v", r)) > 4096 {
		t.Error("the result is large: entities were expanded")
	}
	if grown := int64(cHeapInUse()) - int64(before); before > 0 && grown > 1<<20 {
		t.Errorf("C heap grew by %d bytes", grown)
	}
}

// Validation frees everything libxml2 allocates: after a warm-up, tens of thousands of
// validations of valid, invalid, malformed and hostile documents leave the C heap where it
// was. The allocator keeps some freed chunks cached (tcache, per-thread arenas), so a few
// tens of KiB move either way; a leak of even one small chunk per validation would show
// as more than 300 KiB here.
func TestNoCMemoryGrowth(t *testing.T) {
	if cHeapInUse() == 0 {
		t.Skip("the C heap cannot be measured here (needs glibc 2.33 or newer)")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	v := project(t)
	samples, err := taxii11.Samples()
	if err != nil {
		t.Fatal(err)
	}
	docs := [][]byte{nil, []byte("<a"), []byte(`<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>`)}
	for _, s := range samples {
		docs = append(docs, s.Body)
		switch s.Name {
		case "valid/1.1/poll-request-parameters.xml", "valid/1.1/status-pending.xml", "valid/1.1/discovery-response-signed.xml":
			// Mutations reach every kind of schema and rule violation.
			ms, err := mutations(s.Body)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				docs = append(docs, m.doc)
			}
		}
	}
	rounds := max(10000/len(docs), 3)
	t.Logf("%d documents, %d rounds", len(docs), rounds)
	run := func(n int) {
		for i := 0; i < n; i++ {
			for _, d := range docs {
				if _, err := v.Validate(d); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	run(3)
	before := cHeapInUse()
	run(rounds)
	after := cHeapInUse()
	grown := int64(after) - int64(before)
	t.Logf("C heap in use moved by %d bytes over %d validations", grown, rounds*len(docs))
	if grown > 160<<10 {
		t.Errorf("C heap grew by %d bytes", grown)
	}
}

func TestConcurrentUse(t *testing.T) {
	v := project(t)
	samples, err := taxii11.Samples()
	if err != nil {
		t.Fatal(err)
	}
	want := make([]int, len(samples))
	for i, s := range samples {
		want[i] = len(validate(t, v, string(s.Body)).Violations)
	}
	schematest.Concurrently(t, 8, len(samples), func(g, i int) string {
		j := (i + g*7) % len(samples)
		r, err := v.Validate(samples[j].Body)
		if err != nil || len(r.Violations) != want[j] {
			return fmt.Sprintf("%s: %d violations, want %d (%v)", samples[j].Name, len(r.Violations), want[j], err)
		}
		return ""
	})
}

// The number of violations is bounded, and the surplus is said.
func TestViolationCap(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(`<Discovery_Response xmlns="` + ns11 + `" message_id="1" in_response_to="2">`)
	for i := 0; i < 200; i++ {
		b.WriteString(`<Service_Instance service_type="NOPE"><Address>x</Address></Service_Instance>`)
	}
	b.WriteString(`</Discovery_Response>`)
	r := validate(t, project(t), b.String())
	if len(r.Violations) != maxCollected+1 || !strings.Contains(r.Violations[maxCollected].Message, "further") {
		t.Fatalf("%d violations, last %v", len(r.Violations), r.Violations[len(r.Violations)-1])
	}
}

func TestSchemaFilesPerFamily(t *testing.T) {
	for _, f := range families {
		files, err := SchemaFiles(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		for name, b := range files {
			other := NSBinding111
			if f.Name == Family111 {
				other = NSBinding11
			}
			if bytes.Contains(b, []byte(other)) || (name != dsigFile && !bytes.Contains(b, []byte(`targetNamespace="`))) {
				t.Errorf("%s %s: wrong namespace", f.Name, name)
			}
		}
		if !bytes.Contains(files[bindingFile], []byte(`targetNamespace="`+f.BindingNS+`"`)) ||
			!bytes.Contains(files[queryFile], []byte(`targetNamespace="`+f.QueryNS+`"`)) {
			t.Errorf("%s: target namespaces not substituted", f.Name)
		}
	}
	if _, err := SchemaFiles("2.1"); err == nil {
		t.Error("unknown family: want an error")
	}
}

// A message of one family is not valid in the other's namespace mix.
func TestFamiliesAreSeparate(t *testing.T) {
	v := project(t)
	r := validate(t, v, `<Poll_Request xmlns="`+NSBinding111+`" message_id="1" collection_name="c"><Poll_Parameters xmlns="`+ns11+`"/></Poll_Request>`)
	if r.Valid() || r.Family != Family111 {
		t.Fatalf("%+v", r)
	}
}

func TestOversizedDocument(t *testing.T) {
	defer func(n int) { maxDocumentSize = n }(maxDocumentSize)
	maxDocumentSize = 1 << 10
	big := append([]byte(`<Discovery_Request xmlns="`+ns11+`" message_id="1">`), bytes.Repeat([]byte(" "), 2<<10)...)
	r, err := project(t).Validate(append(big, "</Discovery_Request>"...))
	if err != nil || r.Valid() || !strings.Contains(r.Violations[0].Message, "more than") {
		t.Fatalf("%+v %v", r, err)
	}
}

// Every schemaLocation of the embedded schemas is a local file name: nothing is ever
// fetched while compiling them.
func TestSchemasImportLocally(t *testing.T) {
	for _, f := range families {
		files, err := SchemaFiles(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		for name, b := range files {
			for _, m := range schemaLocation.FindAllSubmatch(b, -1) {
				if _, ok := files[string(m[1])]; !ok {
					t.Errorf("%s %s: schemaLocation %q is not one of the embedded files", f.Name, name, m[1])
				}
			}
		}
	}
}
