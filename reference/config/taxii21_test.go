package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTAXII21Defaults(t *testing.T) {
	c := Default()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	t21 := c.TAXII21
	if len(t21.APIRoots) != 2 || t21.Root("api1") == nil || t21.Root("trustgroup1") == nil || t21.Default != "api1" {
		t.Fatalf("default API roots %+v", t21.APIRoots)
	}
	want := map[string]bool{C21Intel: true, C21Public: true, C21DropBox: true, C21Shared: true}
	for _, r := range t21.APIRoots {
		for _, coll := range r.Collections {
			if !want[coll.ID] || len(coll.Seed) == 0 {
				t.Errorf("collection %+v", coll)
			}
			delete(want, coll.ID)
		}
	}
	if len(want) != 0 {
		t.Errorf("default collections missing: %v", want)
	}
}

// TestTAXII21PartialFile: a file that sets only some TAXII 2.1 fields keeps the default API
// roots and gets the default limits; relative seed paths are taken from the file's directory.
func TestTAXII21PartialFile(t *testing.T) {
	c, err := Parse([]byte("taxii21:\n  title: Mine\n  public_discovery: true\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.TAXII21.Title != "Mine" || !c.TAXII21.PublicDiscovery || len(c.TAXII21.APIRoots) != 2 ||
		c.TAXII21.MaxPageSize != DefaultMaxPageSize || c.TAXII21.Default != "api1" {
		t.Errorf("partial file: %+v", c.TAXII21)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "c.yaml")
	yaml := "taxii21:\n  api_roots:\n    - name: r\n      title: R\n      collections:\n" +
		"        - id: 3b4d6a2c-6f0e-4e8e-9c5e-2b9f0c7d1a10\n          title: C\n          seed: [data/a.json, /abs/b.json, builtin:intel]\n"
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err = Load(path)
	if err != nil {
		t.Fatal(err)
	}
	seeds := c.TAXII21.APIRoots[0].Collections[0].Seed
	if seeds[0] != filepath.Join(dir, "data/a.json") || seeds[1] != "/abs/b.json" || seeds[2] != "builtin:intel" {
		t.Errorf("seeds %v", seeds)
	}
	if c.TAXII21.Default != "" || c.TAXII21.APIRoots[0].MaxContentLength != DefaultMaxContentLength {
		t.Errorf("explicit roots: %+v", c.TAXII21)
	}
}

func TestTAXII21Invalid(t *testing.T) {
	for name, yaml := range map[string]string{
		"reserved name": "taxii21:\n  api_roots:\n    - {name: taxii2, title: x}\n",
		"bad name":      "taxii21:\n  api_roots:\n    - {name: 'a b', title: x}\n",
		"no title":      "taxii21:\n  api_roots:\n    - {name: a}\n",
		"dup root":      "taxii21:\n  api_roots:\n    - {name: a, title: x}\n    - {name: a, title: y}\n",
		"bad id":        "taxii21:\n  api_roots:\n    - {name: a, title: x, collections: [{id: nope, title: c}]}\n",
		"upper id":      "taxii21:\n  api_roots:\n    - {name: a, title: x, collections: [{id: 3B4D6A2C-6F0E-4E8E-9C5E-2B9F0C7D1A10, title: c}]}\n",
		"no coll title": "taxii21:\n  api_roots:\n    - {name: a, title: x, collections: [{id: 3b4d6a2c-6f0e-4e8e-9c5e-2b9f0c7d1a10}]}\n",
		"bad alias":     "taxii21:\n  api_roots:\n    - {name: a, title: x, collections: [{id: 3b4d6a2c-6f0e-4e8e-9c5e-2b9f0c7d1a10, title: c, alias: 'a/b'}]}\n",
		"empty seed":    "taxii21:\n  api_roots:\n    - {name: a, title: x, collections: [{id: 3b4d6a2c-6f0e-4e8e-9c5e-2b9f0c7d1a10, title: c, seed: ['']}]}\n",
		"bad default":   "taxii21:\n  default: b\n  api_roots:\n    - {name: a, title: x}\n",
		"page size":     "taxii21:\n  max_page_size: -2\n",
		"length":        "taxii21:\n  api_roots:\n    - {name: a, title: x, max_content_length: -1}\n",
		"unknown field": "taxii21:\n  api_root: []\n",
	} {
		if _, err := Parse([]byte(yaml)); err == nil {
			t.Errorf("%s: accepted", name)
		} else if !strings.Contains(err.Error(), "config") {
			t.Errorf("%s: error %v does not say where", name, err)
		}
	}
}
