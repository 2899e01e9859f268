package xsd11

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/taxii-conform/taxii-conform/schemas/schematest"

	"github.com/lestrrat-go/libxml2/xsd"
)

func TestLoadOfficialBothFamilies(t *testing.T) {
	o := official(t)
	if got := strings.Join(o.Families(), ","); got != "1.1,1.1.1" {
		t.Fatalf("families %s", got)
	}
	for _, doc := range []string{
		`<Discovery_Request xmlns="` + NSBinding11 + `" message_id="1"/>`,
		`<Discovery_Request xmlns="` + NSBinding111 + `" message_id="1"/>`,
	} {
		if r := validate(t, o, doc); !r.Valid() || r.Message != "Discovery_Request" {
			t.Errorf("%s: %+v", doc, r)
		}
	}
	r := validate(t, o, `<Discovery_Request xmlns="`+NSBinding11+`"/>`)
	if r.Valid() || !strings.HasPrefix(r.Violations[0].Schema, "official taxii-1.1/") {
		t.Errorf("%+v", r)
	}
	// The official validator applies the schemas only: a co-occurrence rule of the spec
	// text is not checked.
	if r := validate(t, o, `<Status_Message xmlns="`+NSBinding11+`" message_id="1" in_response_to="2" status_type="PENDING"/>`); !r.Valid() {
		t.Errorf("official validator ran a project rule: %+v", r)
	}
	// A Default Query inside a Query is validated against the official query schema too.
	r = validate(t, o, `<Poll_Request xmlns="`+NSBinding11+`" message_id="1" collection_name="c"><Poll_Parameters><Query format_id="urn:x"><q:Default_Query xmlns:q="`+NSQuery11+`"/></Query></Poll_Parameters></Poll_Request>`)
	if r.Valid() {
		t.Error("an empty Default_Query passed the official schemas")
	}
}

func TestLoadOfficialOneDirectory(t *testing.T) {
	dir := schematest.SharedDir(t, "spec", "xsd", "taxii-1.1")
	o, err := LoadOfficial(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(o.Families(), ","); got != "1.1" {
		t.Fatalf("families %s", got)
	}
	r := validate(t, o, `<Discovery_Request xmlns="`+NSBinding111+`" message_id="1"/>`)
	if r.Valid() || r.Family != Family111 || !strings.Contains(r.Violations[0].Message, "no schema") {
		t.Errorf("%+v", r)
	}
	again, err := LoadOfficial(dir + "/")
	if err != nil || again.sets[Family11] != o.sets[Family11] {
		t.Error("a second load of the same directory parsed the schemas again")
	}
}

func TestLoadOfficialErrors(t *testing.T) {
	if _, err := LoadOfficial(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("missing directory: want an error")
	}
	empty := t.TempDir()
	if _, err := LoadOfficial(empty); err == nil {
		t.Error("directory without schemas: want an error")
	}
	// A remote import with no local file of that name is an error, never a fetch.
	dir := t.TempDir()
	schema := `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="` + NSBinding11 + `">
  <xs:import namespace="urn:remote" schemaLocation="http://127.0.0.1:9/remote.xsd"/>
</xs:schema>`
	if err := os.WriteFile(filepath.Join(dir, officialBinding), []byte(schema), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := LoadOfficial(dir)
	if err == nil || !strings.Contains(err.Error(), "remote.xsd") {
		t.Errorf("remote import without a local copy: %v", err)
	}
	// A binding schema of another namespace (TAXII 1.0) is skipped, which here leaves none.
	if _, err := LoadOfficial(schematest.SharedDir(t, "spec", "xsd", "taxii-1.0")); err == nil {
		t.Error("TAXII 1.0 only: want an error")
	}
}

// The official files are copied, not edited.
func TestLoadOfficialLeavesFilesAlone(t *testing.T) {
	path := filepath.Join(schematest.SharedDir(t, "spec", "xsd", "taxii-1.1"), officialBinding)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	official(t)
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) || !bytes.Contains(after, []byte("http://www.w3.org/TR/xmldsig-core/xmldsig-core-schema.xsd")) {
		t.Error("the official schema file changed")
	}
}

// libxml2 here is built with HTTP support. Pointing its proxy at a local listener shows
// any HTTP fetch: loading the schemas (whose xmldsig copy names a remote DTD) and
// validating hostile documents must make none. The first fetch is a control that proves
// the listener would see one.
func TestNoNetworkAccess(t *testing.T) {
	src := schematest.SharedDir(t, "spec", "xsd")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var hits atomic.Int32
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			hits.Add(1)
			_, _ = c.Write([]byte("HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n"))
			c.Close()
		}
	}()
	proxy := "http://" + ln.Addr().String() + "/"
	t.Setenv("http_proxy", proxy)
	t.Setenv("HTTP_PROXY", proxy)

	if s, err := xsd.ParseFromFile("http://example.invalid/control.xsd"); err == nil {
		s.Free()
	}
	control := hits.Load()
	if control == 0 {
		t.Skip("libxml2 made no HTTP request even when asked to: the check below would prove nothing")
	}

	// A fresh copy of the official schemas, so that they are parsed again.
	copyDir := t.TempDir()
	for _, sub := range []string{"taxii-1.1", "taxii-1.1.1-draft"} {
		entries, err := os.ReadDir(filepath.Join(src, sub))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(copyDir, sub), 0o700); err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(src, sub, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(copyDir, sub, e.Name()), b, 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	o, err := LoadOfficial(copyDir)
	if err != nil {
		t.Fatal(err)
	}
	docs := []string{
		`<!DOCTYPE d SYSTEM "http://example.invalid/d.dtd"><Discovery_Request xmlns="` + NSBinding11 + `" message_id="1"/>`,
		`<!DOCTYPE d [<!ENTITY x SYSTEM "http://example.invalid/x">]><Discovery_Request xmlns="` + NSBinding11 + `" message_id="&x;"/>`,
		`<Discovery_Request xmlns="` + NSBinding11 + `" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="` + NSBinding11 + ` http://example.invalid/s.xsd" message_id="1"/>`,
		`<Discovery_Request xmlns="` + NSBinding11 + `" xmlns:xi="http://www.w3.org/2001/XInclude" message_id="1"><xi:include href="http://example.invalid/i.xml"/></Discovery_Request>`,
	}
	for _, v := range []*Validator{project(t), o} {
		for _, d := range docs {
			if _, err := v.Validate([]byte(d)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if n := hits.Load() - control; n != 0 {
		t.Errorf("%d HTTP requests reached the proxy", n)
	}
}
