package query

import (
	"encoding/xml"
	"reflect"
	"strings"
	"testing"
)

func TestSupported(t *testing.T) {
	for _, f := range families {
		info := Supported(f)
		if err := info.Validate(); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		if info.FormatID() != f.FormatID() || info.FormatID() == "" {
			t.Errorf("%s: format %q", f, info.FormatID())
		}
		for _, m := range info.CapabilityModules {
			if !strings.HasPrefix(m, map[Family]string{Family11: "urn:taxii.mitre.org:", Family111: "urn:oasis:cti:taxii:"}[f]) {
				t.Errorf("%s advertises %s of the other family", f, m)
			}
		}
	}
	if err := Supported("2.1").Validate(); err == nil {
		t.Error("unknown family validated")
	}
}

// infoXML mirrors the Default_Query_Info structure for reading rendered fragments back.
type infoXML struct {
	XMLName xml.Name
	TEI     []struct {
		ID        string   `xml:"targeting_expression_id,attr"`
		Preferred []string `xml:"Preferred_Scope"`
		Allowed   []string `xml:"Allowed_Scope"`
	} `xml:"Targeting_Expression_Info"`
	Modules []string `xml:"Capability_Module"`
}

func TestDefaultQueryInfoXML(t *testing.T) {
	for _, f := range families {
		s := officialSchema(t, f)
		for name, info := range map[string]Info{"default": Supported(f), "narrow": narrow(f)} {
			frags := info.DefaultQueryInfoXML()
			if len(frags) != len(info.TargetingExpressions) {
				t.Fatalf("%s/%s: %d fragments", f, name, len(frags))
			}
			for i, frag := range frags {
				if !schemaAccepts(t, s, frag) {
					t.Errorf("%s/%s: official schema rejects %s", f, name, frag)
				}
				var got infoXML
				if err := xml.Unmarshal(frag, &got); err != nil {
					t.Fatal(err)
				}
				te := info.TargetingExpressions[i]
				if got.XMLName != (xml.Name{Space: f.Namespace(), Local: "Default_Query_Info"}) || len(got.TEI) != 1 ||
					got.TEI[0].ID != te.ID || !reflect.DeepEqual(got.Modules, info.CapabilityModules) ||
					!sameStrings(got.TEI[0].Preferred, te.PreferredScope) || !sameStrings(got.TEI[0].Allowed, te.AllowedScope) {
					t.Errorf("%s/%s: %s reads back as %+v", f, name, frag, got)
				}
			}
		}
	}
	// Text is escaped.
	i := Supported(Family111)
	i.TargetingExpressions = []TargetingExpressionInfo{{ID: `urn:stix.mitre.org:xml:1.2?a=1&b="2"`, AllowedScope: []string{"**"}}}
	var got infoXML
	if err := xml.Unmarshal(i.DefaultQueryInfoXML()[0], &got); err != nil || got.TEI[0].ID != i.TargetingExpressions[0].ID {
		t.Errorf("escaping: %v %+v", err, got)
	}
}

func sameStrings(a, b []string) bool {
	return len(a) == len(b) && (len(a) == 0 || reflect.DeepEqual(a, b))
}

func TestInfoValidate(t *testing.T) {
	base := func() Info { return narrow(Family111) }
	cases := map[string]func(*Info){
		"no vocabulary":        func(i *Info) { i.TargetingExpressions = nil },
		"not STIX":             func(i *Info) { i.TargetingExpressions[0].ID = "urn:example.com:vocab:filehash" },
		"duplicate vocabulary": func(i *Info) { i.TargetingExpressions = append(i.TargetingExpressions, i.TargetingExpressions[0]) },
		"no scope": func(i *Info) {
			i.TargetingExpressions[0].PreferredScope, i.TargetingExpressions[0].AllowedScope = nil, nil
		},
		"bad scope":         func(i *Info) { i.TargetingExpressions[0].AllowedScope = []string{"a//b"} },
		"no module":         func(i *Info) { i.CapabilityModules = nil },
		"unknown module":    func(i *Info) { i.CapabilityModules = append(i.CapabilityModules, "urn:example.com:cm:x") },
		"duplicate module":  func(i *Info) { i.CapabilityModules = append(i.CapabilityModules, i.CapabilityModules[0]) },
		"family is missing": func(i *Info) { i.Family = "" },
	}
	if err := base().Validate(); err != nil {
		t.Fatal(err)
	}
	for name, mutate := range cases {
		i := base()
		mutate(&i)
		if err := i.Validate(); err == nil {
			t.Errorf("%s: validated", name)
		}
	}
}
