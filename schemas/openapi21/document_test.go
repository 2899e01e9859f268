package openapi21

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/taxii-conform/taxii-conform/schemas/json21"
	"github.com/taxii-conform/taxii-conform/schemas/schematest"
)

func mustParse(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// The document has every endpoint of section 3.1's table, and nothing else.
func TestDocumentCoversTheEndpointTable(t *testing.T) {
	v := validator(t)
	want := map[string]string{
		"GET /taxii2/":                                        "getDiscovery",
		"GET /":                                               "getAPIRoot",
		"GET /status/{status-id}/":                            "getStatus",
		"GET /collections/":                                   "getCollections",
		"GET /collections/{id}/":                              "getCollection",
		"GET /collections/{id}/manifest/":                     "getManifest",
		"GET /collections/{id}/objects/":                      "getObjects",
		"POST /collections/{id}/objects/":                     "addObjects",
		"GET /collections/{id}/objects/{object-id}/":          "getObject",
		"DELETE /collections/{id}/objects/{object-id}/":       "deleteObject",
		"GET /collections/{id}/objects/{object-id}/versions/": "getObjectVersions",
	}
	got := map[string]string{}
	for path, item := range v.doc.Paths.Map() {
		for method, op := range item.Operations() {
			got[method+" "+path] = op.OperationID
			for _, facet := range []string{"status", "content-type", "errors"} {
				if extFacet(op.Extensions, facet) == "" {
					t.Errorf("%s: no %q requirement", op.OperationID, facet)
				}
			}
			success := 0
			for code, ref := range op.Responses.Map() {
				if !strings.HasPrefix(code, "2") {
					continue
				}
				success++
				kind := bodyKind(ref.Value.Content)
				if (kind == "") != (op.OperationID == "deleteObject") {
					t.Errorf("%s %s: body kind %q", op.OperationID, code, kind)
				}
				if kind != "" && extFacet(op.Extensions, "body") == "" {
					t.Errorf("%s: no \"body\" requirement", op.OperationID)
				}
			}
			if success != 1 {
				t.Errorf("%s: %d success codes", op.OperationID, success)
			}
			for _, code := range []string{"401", "403", "404", "406", "4XX", "5XX"} {
				if op.Responses.Value(code) == nil {
					t.Errorf("%s: no %s response", op.OperationID, code)
				}
			}
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d operations, want %d: %v", len(got), len(want), got)
	}
	for k, id := range want {
		if got[k] != id {
			t.Errorf("%s: operation %q, want %q", k, got[k], id)
		}
	}
}

// The document's Timestamp and Identifier patterns agree with json21's definitions on the values
// below (json21 also rejects impossible dates through the date-time format; the header pattern
// bounds each field, which is as close as a pattern gets).
func TestDocumentPatternsAgreeWithJSON21(t *testing.T) {
	v := validator(t)
	ts := v.doc.Components.Schemas["Timestamp"].Value
	for _, s := range []string{
		"2024-03-18T09:15:42.104233Z", "2024-03-18T09:15:42Z", "2024-03-18T09:15:42.104Z", "2024-03-18T09:15:42.1042331Z",
		"2024-03-18T09:15:42.104233z", "2024-03-18t09:15:42.104233Z", "2024-03-18T09:15:42.104233+00:00", "2024-03-18 09:15:42.104233Z",
		"2024-13-18T09:15:42.104233Z", "2024-03-18T24:15:42.104233Z", "2024-03-18T09:15:42.104233", "", "now",
	} {
		docOK := ts.VisitJSON(s) == nil
		vs, err := json21.Validate(json21.Manifest, []byte(`{"objects":[{"id":"x","version":"v","date_added":`+quote(s)+`}]}`))
		if err != nil {
			t.Fatal(err)
		}
		if docOK != (len(vs) == 0) {
			t.Errorf("%q: document accepts %v, json21 says %v", s, docOK, vs)
		}
	}
	id := v.doc.Components.Schemas["Identifier"].Value
	for _, s := range []string{"7b0e2b7c-4d1a-4f7e-9c52-3a8f6e1d2c40", "7B0E2B7C-4D1A-4F7E-9C52-3A8F6E1D2C40", "c232ab00-9414-11ec-b3c8-9f6bdeced846", "7b0e2b7c-4d1a-4f7e-7c52-3a8f6e1d2c40", "7b0e2b7c4d1a4f7e9c523a8f6e1d2c40"} {
		docOK := id.VisitJSON(s) == nil
		vs, err := json21.Validate(json21.Collection, []byte(`{"id":`+quote(s)+`,"title":"t","can_read":true,"can_write":true}`))
		if err != nil {
			t.Fatal(err)
		}
		if docOK != (len(vs) == 0) {
			t.Errorf("%q: document accepts %v, json21 says %v", s, docOK, vs)
		}
	}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// documentRequirements collects every requirement ID the document's annotations name.
func documentRequirements(t *testing.T) []string {
	var doc any
	if err := yaml.Unmarshal(Document(), &doc); err != nil {
		t.Fatal(err)
	}
	return json21.AnnotatedRequirements(doc)
}

// Every requirement the document and this package's Go code name exists in the catalog, at a
// level an exchange can break.
func TestRequirementsExistInCatalog(t *testing.T) {
	ids := append(documentRequirements(t), GoRequirements()...)
	if len(ids) < 50 {
		t.Errorf("only %d requirements named", len(ids))
	}
	schematest.CheckBreakable(t, ids)
}
