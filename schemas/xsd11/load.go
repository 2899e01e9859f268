package xsd11

import (
	"bytes"
	"embed"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sync"

	"github.com/lestrrat-go/libxml2/xsd"
)

// The project's schemas. binding.xsd and query.xsd are written in the TAXII 1.1
// namespaces; the 1.1.1 family is the same text with the namespace URIs substituted
// (familyFiles), because TAXII 1.1.1 changed identifiers and namespaces but no structure.
//
//go:embed xsd/*.xsd
var xsdFS embed.FS

const (
	bindingFile = "binding.xsd"
	queryFile   = "query.xsd"
	dsigFile    = "xmldsig.xsd"
	driverFile  = "driver.xsd"
)

var (
	projectOnce sync.Once
	projectSets map[string]*compiled
	projectErr  error
)

// New returns a validator over the project's schemas for TAXII 1.1 and 1.1.1. The
// schemas are parsed once per process; every Validator New returns shares them.
func New() (*Validator, error) {
	projectOnce.Do(func() {
		projectSets = map[string]*compiled{}
		for _, f := range families {
			files, err := familyFiles(f)
			if err != nil {
				projectErr = err
				return
			}
			s, err := compileSet(files, f)
			if err != nil {
				projectErr = fmt.Errorf("xsd11: project schema for TAXII %s: %w", f.Name, err)
				return
			}
			projectSets[f.Name] = &compiled{fam: f, schema: s}
		}
	})
	if projectErr != nil {
		return nil, projectErr
	}
	return &Validator{source: "project", sets: projectSets, checkRules: true}, nil
}

// SchemaFiles returns the project's schema files of one family ("1.1" or "1.1.1") by
// name, as they are compiled: binding.xsd, query.xsd and xmldsig.xsd. Tools that want the
// XSDs themselves (e.g. to publish them) take them from here.
func SchemaFiles(familyName string) (map[string][]byte, error) {
	for _, f := range families {
		if f.Name == familyName {
			return familyFiles(f)
		}
	}
	return nil, fmt.Errorf("xsd11: unknown family %q", familyName)
}

// familyFiles reads the embedded schemas and puts them in f's namespaces.
func familyFiles(f family) (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, name := range []string{bindingFile, queryFile, dsigFile} {
		b, err := xsdFS.ReadFile("xsd/" + name)
		if err != nil {
			return nil, err
		}
		b = bytes.ReplaceAll(b, []byte(NSBinding11), []byte(f.BindingNS))
		b = bytes.ReplaceAll(b, []byte(NSQuery11), []byte(f.QueryNS))
		out[name] = b
	}
	return out, nil
}

// driver is a schema document without a namespace that imports the binding and the
// Default Query schema, so that a Default_Query inside a Query element (a lax wildcard)
// is validated too.
func driver(imports map[string]string) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">` + "\n")
	for _, ns := range slices.Sorted(maps.Keys(imports)) {
		fmt.Fprintf(&b, "  <xs:import namespace=%q schemaLocation=%q/>\n", ns, imports[ns])
	}
	b.WriteString("</xs:schema>\n")
	return b.Bytes()
}

// compileSet writes files to a fresh temporary directory (libxml2 resolves imports
// relative to the including document's path), parses the driver once, and removes the
// directory again: the compiled schema keeps nothing on disk.
func compileSet(files map[string][]byte, f family) (*xsd.Schema, error) {
	dir, err := os.MkdirTemp("", "xsd11-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			return nil, err
		}
	}
	imports := map[string]string{f.BindingNS: bindingFileName(files)}
	if q := queryFileName(files); q != "" {
		imports[f.QueryNS] = q
	}
	drv := driver(imports)
	path := filepath.Join(dir, driverFile)
	if err := os.WriteFile(path, drv, 0o600); err != nil {
		return nil, err
	}
	s, err := xsd.Parse(drv, xsd.WithPath(path))
	if err != nil {
		return nil, err
	}
	return s, nil
}

func bindingFileName(files map[string][]byte) string {
	if _, ok := files[bindingFile]; ok {
		return bindingFile
	}
	return officialBinding
}

func queryFileName(files map[string][]byte) string {
	for _, n := range []string{queryFile, officialQuery} {
		if _, ok := files[n]; ok {
			return n
		}
	}
	return ""
}

// The official schemas (../shared/spec/xsd), for comparison only.
const (
	officialBinding = "TAXII_XMLMessageBinding_Schema.xsd"
	officialQuery   = "TAXII_DefaultQuery_Schema.xsd"
)

var (
	officialMu    sync.Mutex
	officialCache = map[string]map[string]*compiled{}
)

// LoadOfficial returns a validator with the same API over the official TAXII schemas in
// xsdDir: either a directory holding TAXII_XMLMessageBinding_Schema.xsd (one family,
// told by its target namespace) or a parent of such directories (e.g. ../shared/spec/xsd,
// whose taxii-1.1 and taxii-1.1.1-draft give both families; taxii-1.0 is ignored). The
// files are not edited: they are copied to a temporary directory where every remote
// schemaLocation is pointed at the local file of the same name, so nothing is fetched.
// Results are cached per directory. The official validator applies the schemas only,
// not the project's extra rules.
func LoadOfficial(xsdDir string) (*Validator, error) {
	abs, err := filepath.Abs(xsdDir)
	if err != nil {
		return nil, err
	}
	officialMu.Lock()
	defer officialMu.Unlock()
	if sets, ok := officialCache[abs]; ok {
		return &Validator{source: "official", sets: sets}, nil
	}
	dirs := []string{abs}
	if _, err := os.Stat(filepath.Join(abs, officialBinding)); err != nil {
		entries, err := os.ReadDir(abs)
		if err != nil {
			return nil, fmt.Errorf("xsd11: official schemas: %w", err)
		}
		dirs = dirs[:0]
		for _, e := range entries {
			if e.IsDir() {
				if _, err := os.Stat(filepath.Join(abs, e.Name(), officialBinding)); err == nil {
					dirs = append(dirs, filepath.Join(abs, e.Name()))
				}
			}
		}
	}
	sets := map[string]*compiled{}
	for _, d := range dirs {
		set, err := loadOfficialDir(d)
		if err != nil {
			return nil, err
		}
		if set == nil {
			continue // a namespace this validator does not cover, e.g. TAXII 1.0
		}
		if _, dup := sets[set.fam.Name]; dup {
			return nil, fmt.Errorf("xsd11: official schemas: two directories define TAXII %s", set.fam.Name)
		}
		sets[set.fam.Name] = set
	}
	if len(sets) == 0 {
		return nil, fmt.Errorf("xsd11: no TAXII 1.1 or 1.1.1 message binding schema under %s", abs)
	}
	officialCache[abs] = sets
	return &Validator{source: "official", sets: sets}, nil
}

var (
	targetNS       = regexp.MustCompile(`targetNamespace\s*=\s*"([^"]*)"`)
	remoteLocation = regexp.MustCompile(`schemaLocation\s*=\s*"(https?://[^"]*)"`)
)

func loadOfficialDir(dir string) (*compiled, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, e := range entries {
		if e.IsDir() || filepath.Ext(e.Name()) != ".xsd" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		files[e.Name()] = b
	}
	bind, ok := files[officialBinding]
	if !ok {
		return nil, fmt.Errorf("xsd11: %s: no %s", dir, officialBinding)
	}
	m := targetNS.FindSubmatch(bind)
	if m == nil {
		return nil, fmt.Errorf("xsd11: %s: no targetNamespace", filepath.Join(dir, officialBinding))
	}
	var fam *family
	for i := range families {
		if families[i].BindingNS == string(m[1]) {
			fam = &families[i]
		}
	}
	if fam == nil {
		return nil, nil
	}
	for name, b := range files {
		var missing error
		files[name] = remoteLocation.ReplaceAllFunc(b, func(attr []byte) []byte {
			url := string(remoteLocation.FindSubmatch(attr)[1])
			local := filepath.Base(url)
			if _, ok := files[local]; !ok {
				missing = fmt.Errorf("xsd11: %s imports %s, and no local %s is beside it", name, url, local)
				return attr
			}
			return []byte(fmt.Sprintf("schemaLocation=%q", local))
		})
		if missing != nil {
			return nil, missing
		}
	}
	s, err := compileSet(files, *fam)
	if err != nil {
		return nil, fmt.Errorf("xsd11: official schema %s: %w", dir, err)
	}
	return &compiled{fam: *fam, schema: s}, nil
}
