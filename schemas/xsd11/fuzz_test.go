package xsd11

import (
	"strings"
	"testing"

	"github.com/taxii-conform/taxii-conform/fixtures/taxii11"
	"github.com/taxii-conform/taxii-conform/suites/requirements"
)

// FuzzValidate feeds arbitrary bytes to the validator: it must never panic or crash (C
// included), never return an error for bad input, and always name a catalog-shaped
// requirement. TestNoCMemoryGrowth covers leaks on the same kinds of input.
func FuzzValidate(f *testing.F) {
	samples, err := taxii11.Samples()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range samples {
		f.Add(s.Body)
	}
	f.Add([]byte(""))
	f.Add([]byte("\xef\xbb\xbf<?xml version='1.0' encoding='UTF-16'?><a/>"))
	f.Add([]byte(`<?xml version="1.0" encoding="ISO-8859-1"?><Status_Message xmlns="` + NSBinding11 + `" message_id="\xe9" in_response_to="1" status_type="FAILURE"/>`))
	f.Add([]byte(`<!DOCTYPE a [<!ENTITY % p "<!ENTITY x 'y'>"> %p;]><a>&x;</a>`))
	f.Add([]byte(`<Status_Message xmlns="` + NSBinding11 + `" message_id="1" in_response_to="1" status_type="` + strings.Repeat("X", 5000) + `"/>`))
	v, err := New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		r, err := v.Validate(doc)
		if err != nil {
			t.Fatalf("error for input: %v", err)
		}
		if r.Valid() && r.Message == "" {
			t.Fatal("valid without a message type")
		}
		for _, vio := range r.Violations {
			if !requirements.IsID(vio.Requirement) || vio.Message == "" || vio.Schema == "" {
				t.Fatalf("malformed violation %+v", vio)
			}
		}
	})
}
