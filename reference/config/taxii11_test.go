package config

import (
	"testing"
	"time"
)

func TestTAXII11Defaults(t *testing.T) {
	c := Default()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{C11Default, C11Public, C11DropBox} {
		if c.TAXII11.Collection(name) == nil {
			t.Errorf("default collection %q missing", name)
		}
	}
	if c.TAXII11.Collection(C11DropBox).Type != DataSet11 || c.TAXII11.Collection(C11Default).Type != DataFeed11 {
		t.Error("collection types")
	}
	for _, s := range c.TAXII11.Services {
		if s.Address[:len(TAXII11Prefix)] != TAXII11Prefix {
			t.Errorf("service %s at %s", s.ID, s.Address)
		}
	}
	l := c.TAXII11.Limits.WithDefaults()
	if l.MaxBodyBytes != DefaultMaxBodyBytes || l.AsyncDelay != time.Second || l.PushToAnyHost {
		t.Errorf("limits %+v", l)
	}
}

func TestTAXII11YAML(t *testing.T) {
	raw := `
accounts:
  - username: u
    password: p
    permissions: {feed: modify}
taxii11:
  seed: false
  limits:
    async_delay: 250ms
    max_body_bytes: 1000
  services:
    - id: d
      type: discovery
      address: disco
    - id: p
      type: poll
      address: /taxii11/p
      authentication_required: true
  collections:
    - name: feed
      type: DATA_FEED
      accept_all_content: false
      supported_content:
        - urn:stix.mitre.org:xml:1.2
        - binding: urn:stix.mitre.org:xml:1.1.1
          subtypes: [urn:example.com:subtype:a]
      service_ids: [p]
`
	c, err := Parse([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if c.TAXII11.Service("d").Address != "/taxii11/disco/" || c.TAXII11.Service("p").Address != "/taxii11/p/" {
		t.Errorf("addresses %+v", c.TAXII11.Services)
	}
	f := c.TAXII11.Collection("feed")
	if len(f.SupportedContent) != 2 || len(f.SupportedContent[1].Subtypes) != 1 || !f.IsAvailable() {
		t.Errorf("feed %+v", f)
	}
	if c.TAXII11.Limits.AsyncDelay != 250*time.Millisecond || c.TAXII11.Limits.MaxBodyBytes != 1000 {
		t.Errorf("limits %+v", c.TAXII11.Limits)
	}
	out, err := c.YAML()
	if err != nil {
		t.Fatal(err)
	}
	again, err := Parse(out)
	if err != nil {
		t.Fatalf("re-reading rendered configuration: %v\n%s", err, out)
	}
	if len(again.TAXII11.Collection("feed").SupportedContent[1].Subtypes) != 1 {
		t.Error("subtypes lost in round trip")
	}
}

func TestTAXII11NoSectionMeansDefaults(t *testing.T) {
	c, err := Parse([]byte("accounts:\n  - username: u\n    password: p\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.TAXII11.Service("poll") == nil || !c.TAXII11.Seed {
		t.Error("defaults not applied")
	}
}

func TestTAXII11Invalid(t *testing.T) {
	cases := map[string]string{
		"duplicate address": "taxii11:\n  services:\n    - {id: a, type: discovery, address: /x}\n    - {id: b, type: poll, address: /taxii11/x/}\n",
		"no discovery":      "taxii11:\n  services:\n    - {id: b, type: poll, address: /x}\n",
		"nesting binding":   "taxii11:\n  services:\n    - {id: a, type: discovery, address: /x}\n  collections:\n    - {name: c, supported_content: ['a|b']}\n",
		"bad name":          "taxii11:\n  services:\n    - {id: a, type: discovery, address: /x}\n  collections:\n    - {name: 'a b'}\n",
		"negative":          "taxii11:\n  limits: {max_body_bytes: -1}\n",
		"discovery coll":    "taxii11:\n  services:\n    - {id: a, type: discovery, address: /x}\n  collections:\n    - {name: c, service_ids: [a]}\n",
	}
	for name, raw := range cases {
		if _, err := Parse([]byte(raw)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
