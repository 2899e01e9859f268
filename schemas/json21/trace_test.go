package json21

import (
	"testing"
	"testing/fstest"
)

// The walk picks the nearest annotation along the dynamic keyword path, following $refs into
// other files, with keyword-specific annotations winning at their own level.
func TestWalkFollowsRefsToTheNearestAnnotation(t *testing.T) {
	fsys := fstest.MapFS{
		"a.json": {Data: []byte(`{"$id":"` + BaseURL + `a.json","x-requirement":"A",
			"properties":{
				"p":{"$ref":"b.json#/$defs/d","x-requirement":"P"},
				"q":{"type":"string"},
				"r":{"$ref":"#/$defs/local"}},
			"$defs":{"local":{"items":{"$ref":"b.json"}, "x-requirements":{"items":"ITEMS","minItems":"MIN"}}}}`)},
		"b.json": {Data: []byte(`{"$id":"` + BaseURL + `b.json","x-requirement":"B",
			"$defs":{"d":{"x-requirements":{"pattern":"D"},"allOf":[{"minLength":1},{"maxLength":3,"x-requirement":"D1"}]}}}`)},
	}
	raw, err := readRaw(fsys)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"":                                     "A",
		"/required":                            "A",
		"/properties/q/type":                   "A",
		"/properties/p/$ref/pattern":           "D",
		"/properties/p/$ref/allOf/0/minLength": "P",
		"/properties/p/$ref/allOf/1/maxLength": "D1",
		"/properties/r/$ref/minItems":          "MIN",
		"/properties/r/$ref/items/$ref/type":   "B",
		"/properties/missing/type":             "A",
	}
	for loc, want := range cases {
		if got, _, _ := raw.walk("a", loc); got != want {
			t.Errorf("%q: got %q, want %q", loc, got, want)
		}
	}
	if _, holder, kw := raw.walk("a", "/properties/p/$ref/allOf/1/maxLength"); kw != "maxLength" || holder["x-requirement"] != "D1" {
		t.Errorf("holder %v, keyword %q", holder, kw)
	}
	if _, err := readRaw(fstest.MapFS{"c.json": {Data: []byte(`{"$id":"https://elsewhere.example/c.json"}`)}}); err == nil {
		t.Error("a schema whose $id is not its embedded name was accepted")
	}
}
