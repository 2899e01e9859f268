package config

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"
)

// TAXII21 configures the TAXII 2.1 part: the discovery resource, the API roots and their
// collections, and the seed objects. A configuration file without a taxii21 section (or one
// without api_roots) gets the default API roots.
type TAXII21 struct {
	Title       string `yaml:"title"`
	Description string `yaml:"description,omitempty"`
	Contact     string `yaml:"contact,omitempty"`
	// Default is the name of the API root that discovery names as default ("" for none).
	Default string `yaml:"default,omitempty"`
	// PublicDiscovery serves /taxii2/ without authentication. Every other TAXII 2.1 endpoint
	// always requires HTTP Basic credentials.
	PublicDiscovery bool `yaml:"public_discovery"`
	// MaxPageSize is the most objects, manifest records or versions one response holds; a
	// client's larger limit is cut down to it (0: 1000).
	MaxPageSize int `yaml:"max_page_size"`
	// StatusPendingFor makes the status of every Add Objects request read "pending" (its
	// objects listed as pendings) for this long after the request, though the objects are
	// stored at once: for testing how clients, and the suites, wait on a status (0: statuses
	// are complete at once).
	StatusPendingFor time.Duration `yaml:"status_pending_for,omitempty"`
	APIRoots         []APIRoot21   `yaml:"api_roots"`
}

// APIRoot21 is one TAXII 2.1 API root, served at /<name>/.
type APIRoot21 struct {
	Name        string `yaml:"name"`
	Title       string `yaml:"title"`
	Description string `yaml:"description,omitempty"`
	// MaxContentLength is the largest request body accepted, in bytes (0: 10 MiB).
	MaxContentLength int64          `yaml:"max_content_length"`
	Collections      []Collection21 `yaml:"collections"`
}

// Collection21 is one TAXII 2.1 collection. Who may read or write it is set per account, by
// collection id (see Account.Permissions).
type Collection21 struct {
	ID          string `yaml:"id"` // a UUID, unique on the server
	Title       string `yaml:"title"`
	Description string `yaml:"description,omitempty"`
	// Alias is a second name for the collection in URLs, unique within its API root.
	Alias string `yaml:"alias,omitempty"`
	// Seed lists TAXII envelopes (or STIX bundles) of objects put into the collection the first
	// time it is created: "builtin:NAME" names one shipped with the server (fixtures/stix21),
	// anything else is a JSON file, relative to the configuration file's directory.
	Seed []string `yaml:"seed,omitempty"`
}

// Defaults of the TAXII 2.1 part.
const (
	DefaultMaxPageSize      = 1000
	DefaultMaxContentLength = 10 << 20
	// BuiltinSeed prefixes the names of seed files shipped with the server.
	BuiltinSeed = "builtin:"
)

func defaultTAXII21() TAXII21 {
	return TAXII21{
		Title:       "taxii-conform reference server",
		Description: "TAXII 2.1 reference server of the taxii-conform harness.",
		Contact:     "https://github.com/taxii-conform/taxii-conform",
		Default:     "api1",
		MaxPageSize: DefaultMaxPageSize,
		APIRoots: []APIRoot21{
			{
				Name: "api1", Title: "API root 1",
				Description:      "Collections with different rights per account.",
				MaxContentLength: DefaultMaxContentLength,
				Collections: []Collection21{
					{ID: C21Intel, Title: "Intel", Alias: "intel", Seed: []string{BuiltinSeed + "intel"},
						Description: "Read-write for writer, read-only for reader."},
					{ID: C21Public, Title: "Public", Alias: "public", Seed: []string{BuiltinSeed + "public"},
						Description: "Read-only for writer and reader."},
					{ID: C21DropBox, Title: "Drop box", Alias: "drop-box", Seed: []string{BuiltinSeed + "drop-box"},
						Description: "Write-only for writer; reader cannot see it."},
				},
			},
			{
				Name: "trustgroup1", Title: "Trust group 1",
				Description:      "A second API root with a smaller request size limit.",
				MaxContentLength: 1 << 20,
				Collections: []Collection21{
					{ID: C21Shared, Title: "Shared", Alias: "shared", Seed: []string{BuiltinSeed + "shared"},
						Description: "Read-write for writer, read-only for reader."},
				},
			},
		},
	}
}

// Root finds an API root by name.
func (t *TAXII21) Root(name string) *APIRoot21 {
	for i := range t.APIRoots {
		if t.APIRoots[i].Name == name {
			return &t.APIRoots[i]
		}
	}
	return nil
}

var (
	rootName  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._~-]*$`)
	aliasName = rootName
	// Paths an API root may not take: discovery of TAXII 2.1 and 2.0, and TAXII 1.1.1.
	reservedRoots = map[string]bool{"taxii2": true, "taxii": true, "taxii11": true}
)

// validate checks the TAXII 2.1 part and fills in defaults. A part without API roots (a file
// without a taxii21 section) gets the default API roots and collections.
func (t *TAXII21) validate() error {
	if len(t.APIRoots) == 0 {
		d := defaultTAXII21()
		t.APIRoots = d.APIRoots
		if t.Default == "" {
			t.Default = d.Default
		}
	}
	if t.Title == "" {
		t.Title = defaultTAXII21().Title
	}
	switch {
	case t.MaxPageSize == 0:
		t.MaxPageSize = DefaultMaxPageSize
	case t.MaxPageSize < 0:
		return fmt.Errorf("max_page_size %d is not positive", t.MaxPageSize)
	}
	if t.StatusPendingFor < 0 {
		return fmt.Errorf("status_pending_for %v is negative", t.StatusPendingFor)
	}
	roots := map[string]bool{}
	ids := map[string]string{}
	for i := range t.APIRoots {
		r := &t.APIRoots[i]
		if !rootName.MatchString(r.Name) || reservedRoots[strings.ToLower(r.Name)] {
			return fmt.Errorf("api root name %q: use letters, digits, '.', '_', '~' and '-', and not taxii, taxii2 or taxii11", r.Name)
		}
		if roots[r.Name] {
			return fmt.Errorf("api root %q is defined twice", r.Name)
		}
		roots[r.Name] = true
		if r.Title == "" {
			return fmt.Errorf("api root %q has no title", r.Name)
		}
		switch {
		case r.MaxContentLength == 0:
			r.MaxContentLength = DefaultMaxContentLength
		case r.MaxContentLength < 0 || r.MaxContentLength > 1<<53-1:
			return fmt.Errorf("api root %q: max_content_length %d out of range", r.Name, r.MaxContentLength)
		}
		aliases := map[string]bool{}
		for _, c := range r.Collections {
			// The TAXII identifier type is a version 4 UUID (section 2); lower case keeps URLs unique.
			if u, err := uuid.Parse(c.ID); err != nil || u.String() != c.ID || u.Version() != 4 || u.Variant() != uuid.RFC4122 {
				return fmt.Errorf("api root %q: collection id %q is not a lower-case version 4 UUID", r.Name, c.ID)
			}
			if other, dup := ids[c.ID]; dup {
				return fmt.Errorf("collection %s is defined in api roots %q and %q; ids must be unique on the server", c.ID, other, r.Name)
			}
			ids[c.ID] = r.Name
			if c.Title == "" {
				return fmt.Errorf("collection %s has no title", c.ID)
			}
			if c.Alias != "" {
				if !aliasName.MatchString(c.Alias) {
					return fmt.Errorf("collection %s: alias %q is not a single URL path segment", c.ID, c.Alias)
				}
				if _, err := uuid.Parse(c.Alias); err == nil || aliases[c.Alias] {
					return fmt.Errorf("collection %s: alias %q is a UUID or not unique in api root %q", c.ID, c.Alias, r.Name)
				}
				aliases[c.Alias] = true
			}
			for _, s := range c.Seed {
				if strings.TrimSpace(s) == "" || s == BuiltinSeed {
					return fmt.Errorf("collection %s: empty seed entry", c.ID)
				}
			}
		}
	}
	if t.Default != "" && !roots[t.Default] {
		return fmt.Errorf("default api root %q is not defined", t.Default)
	}
	return nil
}

// resolveSeeds makes relative seed file paths relative to dir.
func (t *TAXII21) resolveSeeds(dir string) {
	for i := range t.APIRoots {
		for j := range t.APIRoots[i].Collections {
			seeds := t.APIRoots[i].Collections[j].Seed
			for k, s := range seeds {
				if !strings.HasPrefix(s, BuiltinSeed) && !filepath.IsAbs(s) {
					seeds[k] = filepath.Join(dir, s)
				}
			}
		}
	}
}
