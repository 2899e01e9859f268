package config

import (
	"reflect"
	"strings"
	"testing"

	"github.com/taxii-conform/taxii-conform/fixtures/opentaxii"
)

// The OpenTAXII fixture must provision exactly the built-in TAXII 1.1.1 setup, except for the
// one right OpenTAXII cannot express (write-only, which it spells "modify").
func TestOpenTAXIIFixtureEqualsDefaults(t *testing.T) {
	if !isOpenTAXII(opentaxii.DataConfiguration) {
		t.Fatal("fixture not recognised as OpenTAXII data configuration")
	}
	got, err := Parse(opentaxii.DataConfiguration)
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	if err := want.Validate(); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.TAXII11, want.TAXII11) {
		t.Errorf("taxii11 differs:\n got %+v\nwant %+v", got.TAXII11, want.TAXII11)
	}
	// Apply the documented difference to the defaults, then compare accounts.
	for i := range want.Accounts {
		for coll, p := range want.Accounts[i].Permissions {
			if p == Write {
				want.Accounts[i].Permissions[coll] = ReadWrite
			}
		}
	}
	if len(got.Accounts) != len(want.Accounts) {
		t.Fatalf("accounts: got %d, want %d", len(got.Accounts), len(want.Accounts))
	}
	for i := range want.Accounts {
		g, w := got.Accounts[i], want.Accounts[i]
		if g.Username != w.Username || g.Password != w.Password || g.Admin != w.Admin {
			t.Errorf("account %d: got %+v want %+v", i, g, w)
		}
		if len(g.Permissions) != len(w.Permissions) {
			t.Errorf("account %s: permissions got %v want %v", w.Username, g.Permissions, w.Permissions)
		}
		for k, v := range w.Permissions {
			if g.Permissions[k] != v {
				t.Errorf("account %s on %s: got %q want %q", w.Username, k, g.Permissions[k], v)
			}
		}
	}
}

// OpenTAXII's own example file (flat permissions, /services/ addresses).
const openTAXIIExample = `
services:
  - id: inbox_a
    type: inbox
    address: /services/inbox-a
    description: Custom Inbox Service Description A
    destination_collection_required: yes
    accept_all_content: yes
    authentication_required: no
    protocol_bindings:
      - urn:taxii.mitre.org:protocol:http:1.0
  - id: discovery_a
    type: discovery
    address: /services/discovery-a
    advertised_services: [inbox_a, discovery_a, poll_a]
    protocol_bindings: [urn:taxii.mitre.org:protocol:http:1.0]
  - id: poll_a
    type: poll
    address: /services/poll-a
    subscription_required: no
    max_result_count: 100
    max_result_size: 10
    authentication_required: yes
collections:
  - name: collection-a
    available: true
    accept_all_content: true
    type: DATA_SET
    service_ids: [inbox_a, poll_a]
  - name: collection-b
    accept_all_content: false
    supported_content:
      - urn:stix.mitre.org:xml:1.1.1
    service_ids: [inbox_a, poll_a]
accounts:
  - username: test
    password: test
    permissions:
      collection-a: modify
      collection-b: read
  - username: admin
    password: admin
    is_admin: yes
`

func TestOpenTAXIIExample(t *testing.T) {
	c, err := Parse([]byte(openTAXIIExample))
	if err != nil {
		t.Fatal(err)
	}
	in := c.TAXII11.Service("inbox_a")
	if in == nil || in.Address != "/taxii11/services/inbox-a/" || in.AuthenticationRequired || !in.DestinationCollectionRequired || !in.AcceptAllContent {
		t.Errorf("inbox_a: %+v", in)
	}
	if p := c.TAXII11.Service("poll_a"); p == nil || p.PartSize() != 100 || !p.AuthenticationRequired {
		t.Errorf("poll_a: %+v", p)
	}
	a, b := c.TAXII11.Collection("collection-a"), c.TAXII11.Collection("collection-b")
	if a == nil || a.Type != DataSet11 || !a.IsAvailable() || b == nil || b.Type != DataFeed11 || !b.IsAvailable() ||
		len(b.SupportedContent) != 1 || b.SupportedContent[0].Binding != ContentSTIX111 {
		t.Errorf("collections: %+v %+v", a, b)
	}
	if c.TAXII11.Seed {
		t.Error("an OpenTAXII file without the default collections must not be seeded")
	}
	test := c.Account("test")
	if test.Can("collection-a") != ReadWrite || test.Can("collection-b") != Read || test.Can("other") != "" {
		t.Errorf("test permissions %v", test.Permissions)
	}
	if !c.Account("admin").Admin {
		t.Error("admin is not admin")
	}
}

func TestOpenTAXIIErrors(t *testing.T) {
	cases := map[string]string{
		"unknown key":        "services:\n  - id: d\n    type: discovery\n    address: /d\n    colour: blue\n",
		"unknown permission": "services:\n  - id: d\n    type: discovery\n    address: /d\naccounts:\n  - username: u\n    password: p\n    permissions:\n      c: some\n",
		"unknown service":    "services:\n  - id: d\n    type: discovery\n    address: /d\ncollections:\n  - name: c\n    service_ids: [nope]\n",
		"bad type":           "services:\n  - id: d\n    type: teleport\n    address: /d\n",
		"bad collection":     "services:\n  - id: d\n    type: discovery\n    address: /d\ncollections:\n  - name: c\n    type: DATA_HEAP\n",
	}
	for name, raw := range cases {
		if _, err := Parse([]byte(raw)); err == nil {
			t.Errorf("%s: accepted", name)
		} else if strings.Contains(err.Error(), "panic") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestOpenTAXIIAccountsOnly(t *testing.T) {
	raw := "accounts:\n  - username: user\n    password: user\n    permissions:\n      taxii1:\n        firstcollection: read\n      taxii2:\n        ec5f3df5-2b43-4037-9ae1-fe168554ed08:\n          PrivCollectionAlias: read\n"
	if !isOpenTAXII([]byte(raw)) {
		t.Fatal("nested permissions not recognised")
	}
	c, err := Parse([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	u := c.Account("user")
	if u.Can("firstcollection") != Read || u.Can("PrivCollectionAlias") != Read {
		t.Errorf("permissions %v", u.Permissions)
	}
	if c.TAXII11.Service("discovery") == nil {
		t.Error("no TAXII 1.1.1 services: the defaults should apply")
	}
}
