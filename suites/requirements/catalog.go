// Package requirements holds the requirement catalogs of TAXII 2.1 and TAXII 1.1.1 (data files
// under catalog/, embedded) and the code that loads them and checks that specs trace to them.
package requirements

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed catalog/*.yaml
var catalogFS embed.FS

// Level is the strength of a normative statement.
type Level string

// The levels, as the specs spell them (RFC 2119).
const (
	Must      Level = "MUST"
	MustNot   Level = "MUST NOT"
	Should    Level = "SHOULD"
	ShouldNot Level = "SHOULD NOT"
	May       Level = "MAY"
)

// Mandatory reports whether breaking the statement is a conformance failure (MUST, MUST NOT).
func (l Level) Mandatory() bool { return l == Must || l == MustNot }

// Recommended reports whether breaking the statement earns a warning (SHOULD, SHOULD NOT).
func (l Level) Recommended() bool { return l == Should || l == ShouldNot }

// Label is the Ginkgo label for the level: labels may not hold spaces usefully in filters,
// so "MUST NOT" becomes "MUST-NOT".
func (l Level) Label() string { return strings.ReplaceAll(string(l), " ", "-") }

// Rank orders levels from strongest (0) to weakest.
func (l Level) Rank() int {
	switch l {
	case Must, MustNot:
		return 0
	case Should, ShouldNot:
		return 1
	default:
		return 2
	}
}

// Subject says whom a statement binds.
type Subject string

// Subjects.
const (
	Server  Subject = "server"
	Client  Subject = "client"
	Message Subject = "message"
	Both    Subject = "both"
)

// Remote is the value of Testable for statements a harness can check against a remote server.
const Remote = "remote"

// Protocols, as the CLI names them.
const (
	TAXII21  = "2.1"
	TAXII111 = "1.1.1"
)

// Docs maps each document prefix to its protocol.
var Docs = map[string]string{
	"T21":  TAXII21,
	"T11S": TAXII111,
	"T11H": TAXII111,
	"T11X": TAXII111,
	"T11Q": TAXII111,
}

// Requirement is one normative statement.
type Requirement struct {
	ID      string  `yaml:"id" json:"id"`
	Doc     string  `yaml:"-" json:"doc"`
	Section string  `yaml:"section" json:"section"`
	Level   Level   `yaml:"level" json:"level"`
	Subject Subject `yaml:"subject" json:"subject"`
	// Testable is "remote" or the reason the statement cannot be observed from outside the server.
	Testable string `yaml:"testable" json:"testable"`
	Summary  string `yaml:"summary" json:"summary"`
	// NoFault, when set, says why no fault of the reference server can break this statement.
	NoFault string `yaml:"no_fault,omitempty" json:"no_fault,omitempty"`
}

// Protocol is the protocol the requirement belongs to ("2.1" or "1.1.1").
func (r Requirement) Protocol() string { return Docs[r.Doc] }

// RemotelyTestable reports whether a harness can check the statement against a remote server.
func (r Requirement) RemotelyTestable() bool { return r.Testable == Remote }

// NeedsSpec reports whether the traceability check demands a spec for the requirement:
// remotely testable statements that bind a server or a message, at any level but MAY.
func (r Requirement) NeedsSpec() bool {
	return r.RemotelyTestable() && (r.Subject == Server || r.Subject == Message || r.Subject == Both) && r.Level != May
}

// file is the shape of one catalog data file.
type file struct {
	Doc          string        `yaml:"doc"`
	Title        string        `yaml:"title"`
	Source       string        `yaml:"source"`
	Requirements []Requirement `yaml:"requirements"`
}

// Catalog is the set of all requirements, in file order.
type Catalog struct {
	list []Requirement
	byID map[string]int
}

var idPattern = regexp.MustCompile(`^(T21|T11S|T11H|T11X|T11Q)-([0-9]+(?:\.[0-9]+)*|[A-Z](?:\.[0-9]+)*)-([0-9]{2,3})$`)

// Load reads and checks every embedded catalog file.
func Load() (*Catalog, error) {
	return LoadFS(catalogFS, "catalog")
}

// LoadFS reads and checks every *.yaml file in dir of fsys.
func LoadFS(fsys fs.FS, dir string) (*Catalog, error) {
	names, err := fs.Glob(fsys, dir+"/*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	c := &Catalog{byID: map[string]int{}}
	for _, name := range names {
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		if err := c.add(name, raw); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (c *Catalog) add(name string, raw []byte) error {
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if _, ok := Docs[f.Doc]; !ok {
		return fmt.Errorf("%s: unknown doc %q", name, f.Doc)
	}
	for i, r := range f.Requirements {
		r.Doc = f.Doc
		if err := r.check(); err != nil {
			return fmt.Errorf("%s: entry %d: %w", name, i+1, err)
		}
		if _, dup := c.byID[r.ID]; dup {
			return fmt.Errorf("%s: duplicate id %s", name, r.ID)
		}
		c.byID[r.ID] = len(c.list)
		c.list = append(c.list, r)
	}
	return nil
}

func (r Requirement) check() error {
	m := idPattern.FindStringSubmatch(r.ID)
	if m == nil {
		return fmt.Errorf("id %q does not match <doc>-<section>-<nn>", r.ID)
	}
	if m[1] != r.Doc {
		return fmt.Errorf("id %s is in the %s catalog", r.ID, r.Doc)
	}
	if m[2] != r.Section {
		return fmt.Errorf("id %s names section %s but the entry says %q", r.ID, m[2], r.Section)
	}
	switch r.Level {
	case Must, MustNot, Should, ShouldNot, May:
	default:
		return fmt.Errorf("%s: level %q", r.ID, r.Level)
	}
	switch r.Subject {
	case Server, Client, Message, Both:
	default:
		return fmt.Errorf("%s: subject %q", r.ID, r.Subject)
	}
	if strings.TrimSpace(r.Testable) == "" {
		return fmt.Errorf("%s: testable must be %q or a reason", r.ID, Remote)
	}
	if strings.TrimSpace(r.Summary) == "" {
		return fmt.Errorf("%s: empty summary", r.ID)
	}
	return nil
}

// All returns every requirement in catalog order.
func (c *Catalog) All() []Requirement { return append([]Requirement(nil), c.list...) }

// Protocol returns the requirements of one protocol ("2.1" or "1.1.1"); "" means all.
func (c *Catalog) Protocol(p string) []Requirement {
	var out []Requirement
	for _, r := range c.list {
		if p == "" || r.Protocol() == p {
			out = append(out, r)
		}
	}
	return out
}

// Get looks a requirement up by ID.
func (c *Catalog) Get(id string) (Requirement, bool) {
	i, ok := c.byID[id]
	if !ok {
		return Requirement{}, false
	}
	return c.list[i], true
}

// IsID reports whether s has the shape of a requirement ID (whether or not the catalog has it).
func IsID(s string) bool { return idPattern.MatchString(s) }
