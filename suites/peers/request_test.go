package peers

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/testcontainers/testcontainers-go"
)

func TestParseRequest(t *testing.T) {
	r, err := ParseRequest("refserver")
	if err != nil || !r.Refserver || r.Label() != "refserver" {
		t.Fatalf("refserver: %+v, %v", r, err)
	}
	r, err = ParseRequest("refserver,fault=t21-a,fault=t21-b,config=/tmp/c.yaml")
	if err != nil || !r.Refserver || !reflect.DeepEqual(r.Options.Faults, []string{"t21-a", "t21-b"}) ||
		r.Options.ConfigFile != "/tmp/c.yaml" || r.Label() != "refserver+t21-a+t21-b" {
		t.Fatalf("refserver with options: %+v, %v", r, err)
	}

	r, err = ParseRequest("image=opentaxii:local,port=9000,hostport=19000,path=/services/discovery/,ready=/management/health," +
		"env=OPENTAXII_CONFIG=/conf/a=b.yml,env=EMPTY=,file=/host/dir:with:colons/data.yml:/conf/data.yml,arg=--debug,arg=x")
	if err != nil {
		t.Fatal(err)
	}
	want := Spec{Image: "opentaxii:local", Port: 9000, HostPort: 19000, Path: "/services/discovery/", ReadyPath: "/management/health",
		Env:   map[string]string{"OPENTAXII_CONFIG": "/conf/a=b.yml", "EMPTY": ""},
		Files: []File{{HostPath: "/host/dir:with:colons/data.yml", ContainerPath: "/conf/data.yml"}},
		Args:  []string{"--debug", "x"}}
	if !reflect.DeepEqual(r.Spec, want) || r.Refserver || r.Label() != "opentaxii:local" {
		t.Errorf("image request\n got %+v\nwant %+v", r.Spec, want)
	}

	for text, wantErr := range map[string]string{
		"":                                  "not key=value",
		"refserver,fault":                   "not key=value",
		"refserver,color=blue":              "unknown key",
		"refserver,config=a,config=b":       "twice",
		"image=x,port=80":                   "path= is required",
		"image=x,path=/":                    "port= is required",
		"port=80,path=/":                    "image= is required",
		"image=x,port=eighty,path=/":        "not a number",
		"image=x,port=1,hostport=x,path=/":  "hostport \"x\" is not a number",
		"image=x,image=y,port=1,path=/":     "image given twice",
		"image=x,port=1,path=/,env=noequal": "NAME=VALUE",
		"image=x,port=1,path=/,file=rel":    "HOST_PATH:/CONTAINER/PATH",
		"image=x,port=1,path=/,volume=/a":   "unknown key",
		"opentaxii":                         "not key=value",
	} {
		if _, err := ParseRequest(text); err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("ParseRequest(%q): err = %v, want %q", text, err, wantErr)
		}
	}
}

func TestSpecValidate(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "data.yml")
	if err := os.WriteFile(file, []byte("x: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ok := Spec{Image: "img", Port: 9000, Path: "/taxii2/", Env: map[string]string{"A": "b"},
		Files: []File{{HostPath: file, ContainerPath: "/conf/data.yml"}}}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid spec: %v", err)
	}
	for name, mutate := range map[string]func(*Spec){
		"an image name":       func(s *Spec) { s.Image = " " },
		"not a TCP port":      func(s *Spec) { s.Port = 70000 },
		"host port":           func(s *Spec) { s.HostPort = -1 },
		"must start with /":   func(s *Spec) { s.Path = "taxii2/" },
		"readiness path":      func(s *Spec) { s.ReadyPath = "health" },
		"variable name":       func(s *Spec) { s.Env = map[string]string{"A B": "c"} },
		"absolute file path":  func(s *Spec) { s.Files = []File{{HostPath: file, ContainerPath: "conf"}} },
		"no such file":        func(s *Spec) { s.Files = []File{{HostPath: filepath.Join(dir, "missing"), ContainerPath: "/a"}} },
		"not a regular file":  func(s *Spec) { s.Files = []File{{HostPath: dir, ContainerPath: "/a"}} },
		"negative start time": func(s *Spec) { s.StartTimeout = -1 },
	} {
		s := ok
		mutate(&s)
		err := s.Validate()
		if err == nil || !strings.Contains(err.Error(), strings.TrimPrefix(name, "no such file")) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

func TestRefserverSpec(t *testing.T) {
	s := RefserverSpec("img:1", "1.1.1", RefserverOptions{Faults: []string{"a", "b"}, ConfigFile: "/x.yaml"})
	if s.Path != "/taxii11/discovery/" || s.Port != RefserverPort || s.Image != "img:1" {
		t.Errorf("spec %+v", s)
	}
	want := []string{"--listen", "0.0.0.0:8080", "--fault", "a,b", "--config", refserverConfigPath}
	if !reflect.DeepEqual(s.Args, want) || len(s.Files) != 1 || s.Files[0].ContainerPath != refserverConfigPath {
		t.Errorf("args %v files %v", s.Args, s.Files)
	}
	if got := RefserverSpec("img", "2.1", RefserverOptions{}); got.Path != "/taxii2/" || len(got.Args) != 2 || got.Files != nil {
		t.Errorf("2.1 spec %+v", got)
	}
}

func TestFindModuleRoot(t *testing.T) {
	root, err := FindModuleRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "cmd", "taxii-refserver")); err != nil {
		t.Errorf("module root %s has no cmd/taxii-refserver: %v", root, err)
	}
	// A go.mod of another module on the way up does not count.
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "go.mod"), []byte("module example.com/other\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := FindModuleRoot(other); err == nil || !strings.Contains(err.Error(), "no source of") {
		t.Errorf("another module: err = %v", err)
	}
}

func TestCheckStatic(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "script")
	if err := os.WriteFile(text, []byte("#!/bin/sh\necho hi\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := CheckStatic(text); err == nil || !strings.Contains(err.Error(), "not a Linux executable") {
		t.Errorf("shell script: %v", err)
	}
	// Debian's base programs are dynamically linked.
	for _, p := range []string{"/bin/sh", "/usr/bin/env", "/bin/ls"} {
		if _, err := os.Stat(p); err != nil {
			continue
		}
		if err := CheckStatic(p); err == nil || !strings.Contains(err.Error(), "dynamically linked") {
			t.Errorf("%s: err = %v (expected a dynamic executable)", p, err)
		}
		return
	}
	t.Log("no dynamically linked program found to check against")
}

func TestPresent(t *testing.T) {
	var typedNil *testcontainers.DockerContainer
	if present(nil) || present(typedNil) || !present(&testcontainers.DockerContainer{}) {
		t.Error("present misjudges nil containers")
	}
	// Terminate and Logs of a peer without a container do not panic.
	var p *Peer
	if err := p.Terminate(context.Background()); err != nil {
		t.Errorf("nil peer: %v", err)
	}
	if _, err := (&Peer{}).Logs(context.Background()); err == nil {
		t.Error("logs of no container")
	}
}
