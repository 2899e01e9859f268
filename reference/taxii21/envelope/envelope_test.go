package envelope

import (
	"encoding/json"
	"strings"
	"testing"
)

const good = `{
  "type": "indicator",
  "spec_version": "2.1",
  "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
  "created": "2016-04-06T20:03:48.000Z",
  "modified": "2016-04-06T20:03:48.000Z",
  "pattern": "[ file:hashes.'SHA-256' = '4bac27393bdd9777ce02453256c5577cd02275510b2227f473d03f533924f877' ]",
  "pattern_type": "stix",
  "valid_from": "2016-01-01T00:00:00Z",
  "x_nested": {"a": [1, {"b": "}]\"\\"}], "c": null}
}`

func TestDecodeEnvelopeErrors(t *testing.T) {
	for body, want := range map[string]string{
		``:                                      "not valid JSON",
		`{`:                                     "not valid JSON",
		`{"objects": []} x`:                     "not valid JSON",
		"\xff":                                  "not UTF-8",
		`[]`:                                    "not a JSON object",
		`"objects"`:                             "not a JSON object",
		`{}`:                                    `no "objects"`,
		`{"objects": []}`:                       "is empty",
		`{"objects": {}}`:                       "not a list",
		`{"objects": null}`:                     "not a list",
		`{"objects": [1], "more": "yes"}`:       `"more" is not a boolean`,
		`{"objects": [1], "next": 5}`:           `"next" is not a string`,
		`{"objects": [1], "objects": [2]}`:      "duplicate",
		`{"objects": [1], "\u006fbjects": [2]}`: "duplicate",
	} {
		_, err := Decode([]byte(body))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Decode(%q) error %v, want %q", body, err, want)
		}
	}
}

func TestDecodeObjects(t *testing.T) {
	replace := func(old, new string) string { return strings.Replace(good, old, new, 1) }
	drop := func(prop string) string {
		var m map[string]any
		if err := json.Unmarshal([]byte(good), &m); err != nil {
			t.Fatal(err)
		}
		delete(m, prop)
		b, _ := json.Marshal(m)
		return string(b)
	}
	refused := map[string]string{
		`5`:          "not a JSON object",
		`"x"`:        "not a JSON object",
		`[]`:         "not a JSON object",
		drop("type"): `"type" is missing`,
		replace(`"type": "indicator"`, `"type": 5`):                                                                   `"type" is missing or not a string`,
		replace(`"type": "indicator"`, `"type": "Indicator"`):                                                         "not a STIX type name",
		replace(`"type": "indicator"`, `"type": "in"`):                                                                "not a STIX type name",
		replace(`"type": "indicator"`, `"type": "-indicator"`):                                                        "not a STIX type name",
		replace(`indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f`, `indicator--8e2e2d2b-17d4-4cbf-138f-98ee46b3cd3f`): "not a STIX identifier",
		replace(`"type": "indicator"`, `"TYPE": "indicator"`):                                                         `"type" is missing`,
		drop("id"): `"id" is missing`,
		replace(`indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f`, `indicator--1234`):                                  "not a STIX identifier",
		replace(`indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f`, `malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f`):    "does not start with",
		replace(`indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f`, `indicator--{8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3}`): "not a STIX identifier",
		replace(`"spec_version": "2.1"`, `"spec_version": "3.0"`):                                                      "not supported",
		replace(`"spec_version": "2.1"`, `"spec_version": 2.1`):                                                        "not a string",
		drop("created"):  `"created" is missing`,
		drop("modified"): `"modified" is missing`,
		replace(`"modified": "2016-04-06T20:03:48.000Z"`, `"modified": "2016-04-06"`):               "not a valid timestamp",
		replace(`"modified": "2016-04-06T20:03:48.000Z"`, `"modified": "2015-04-06T20:03:48.000Z"`): "earlier than",
		replace(`"created": "2016-04-06T20:03:48.000Z"`, `"created": null`):                         "not a string",
		replace(`"pattern_type": "stix"`, `"pattern_type": "stix", "id": "x"`):                      "duplicate",
		`{"type": "bundle", "id": "bundle--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "objects": []}`:   "not a STIX object",
	}
	var list []string
	var want []string
	for body, msg := range refused {
		list = append(list, body)
		want = append(want, msg)
	}
	list = append(list, good,
		`{"type":"ipv4-addr","id":"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd","value":"198.51.100.3"}`,
		`{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da","created":"2017-01-20T00:00:00.000Z","definition_type":"statement","definition":{"statement":"x"}}`,
		strings.Replace(good, `"2.1"`, `"2.0"`, 1),
		drop("spec_version"),
	)
	body, _ := json.Marshal(map[string]any{"objects": rawList(list), "more": false, "x_custom": 1})
	res, err := Decode(body)
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != len(list) || len(res.Failures) != len(refused) || len(res.Objects) != 5 {
		t.Fatalf("total %d, %d failures, %d objects", res.Total, len(res.Failures), len(res.Objects))
	}
	for i, f := range res.Failures {
		if f.Index != i || !strings.Contains(f.Message, want[i]) {
			t.Errorf("object %d (%s): failure %+v, want %q", i, list[i], f, want[i])
		}
	}
	o := res.Objects[0]
	if o.ID != "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f" || o.Type != "indicator" || o.SpecVersion != "2.1" ||
		o.Version != "2016-04-06T20:03:48.000Z" || o.VersionTime.Year() != 2016 {
		t.Errorf("decoded %+v", o)
	}
	var back, orig any
	if err := json.Unmarshal(o.Raw, &back); err != nil {
		t.Fatal(err)
	}
	_ = json.Unmarshal([]byte(good), &orig)
	if strings.ContainsAny(string(o.Raw), "\n ") && !strings.Contains(string(o.Raw), "file:hashes") {
		t.Errorf("not compact: %s", o.Raw)
	}
	if b1, b2 := mustJSON(back), mustJSON(orig); b1 != b2 {
		t.Errorf("raw changed meaning:\n%s\n%s", b1, b2)
	}
	if sco := res.Objects[1]; sco.SpecVersion != "2.1" || sco.Version != "" {
		t.Errorf("SCO decoded as %+v", sco)
	}
	if md := res.Objects[2]; md.Version != "2017-01-20T00:00:00.000Z" {
		t.Errorf("marking definition version %q", md.Version)
	}
	if res.Objects[3].SpecVersion != "2.0" || res.Objects[4].SpecVersion != "2.0" {
		t.Errorf("2.0 copy decoded as %q, object without spec_version as %q", res.Objects[3].SpecVersion, res.Objects[4].SpecVersion)
	}
	if f := res.Failures[0]; list[0] == good && f.ID == "" {
		t.Error("failure lost the id")
	}
}

func rawList(items []string) []json.RawMessage {
	out := make([]json.RawMessage, len(items))
	for i, s := range items {
		out[i] = json.RawMessage(s)
	}
	return out
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestValidID(t *testing.T) {
	for id, want := range map[string]bool{
		"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f":          true,
		"x-custom-thing--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f":     true,
		"indicator--8E2E2D2B-17D4-4CBF-938F-98EE46B3CD3F":          true,
		"indicator--8e2e2d2b17d44cbf938f98ee46b3cd3f":              false,
		"indicator8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f":            false,
		"--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f":                   false,
		"indicator--urn:uuid:8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f": false,
		"indicator--": false,
	} {
		if ValidID(id) != want {
			t.Errorf("ValidID(%q) = %v", id, !want)
		}
	}
}

// FuzzDecode feeds arbitrary bodies to the envelope reader: it must never panic, every element
// must be accounted for exactly once, and accepted objects must be valid compact JSON whose id
// starts with their type.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"objects":[` + good + `]}`))
	f.Add([]byte(`{"objects":[1,"a",{},[],{"type":"x"}]}`))
	f.Add([]byte(`{"objects":[{"type":"ipv4-addr","id":"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd"}]}`))
	f.Add([]byte(`{"more":true,"next":"x","objects":[]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		res, err := Decode(body)
		if err != nil {
			return
		}
		if len(res.Objects)+len(res.Failures) != res.Total {
			t.Fatalf("%d objects + %d failures != %d", len(res.Objects), len(res.Failures), res.Total)
		}
		for _, o := range res.Objects {
			if !json.Valid(o.Raw) || !strings.HasPrefix(o.ID, o.Type+"--") || !ValidID(o.ID) {
				t.Fatalf("accepted %+v", o)
			}
			var m map[string]any
			if err := json.Unmarshal(o.Raw, &m); err != nil || m["id"] != o.ID {
				t.Fatalf("raw %s does not carry id %s", o.Raw, o.ID)
			}
		}
	})
}
