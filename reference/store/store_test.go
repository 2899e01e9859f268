package store

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// obj builds a stored object; version "" makes an object without created/modified.
func obj(id, spec, version string) Object {
	o := Object{ID: id, Type: strings.SplitN(id, "--", 2)[0], SpecVersion: spec, Version: version}
	if version != "" {
		t, err := time.Parse(time.RFC3339Nano, version)
		if err != nil {
			panic(err)
		}
		o.VersionTime = t
		o.Raw = fmt.Appendf(nil, `{"id":%q,"type":%q,"spec_version":%q,"modified":%q}`, id, o.Type, spec, version)
	} else {
		o.Raw = fmt.Appendf(nil, `{"id":%q,"type":%q}`, id, o.Type)
	}
	return o
}

const (
	ind = "indicator--00000000-0000-4000-8000-000000000001"
	mal = "malware--00000000-0000-4000-8000-000000000002"
	ip  = "ipv4-addr--00000000-0000-4000-8000-000000000003"
	v1  = "2020-01-01T00:00:00.000Z"
	v2  = "2020-01-02T00:00:00.000Z"
	v3  = "2020-01-03T00:00:00.000Z"
)

func mustAdd(t *testing.T, c *Collection, objs ...Object) []Outcome {
	t.Helper()
	out, err := c.Add(Batch{Objects: objs})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func versions(p Page) []string {
	var out []string
	for _, r := range p.Records {
		out = append(out, r.ID[:3]+"@"+r.Version[:10]+"/"+r.SpecVersion)
	}
	return out
}

func same(a, b []string) bool { return fmt.Sprint(a) == fmt.Sprint(b) }

func seeded(t *testing.T, s *Store) *Collection {
	c := s.Collection("c1")
	mustAdd(t, c,
		obj(ind, "2.1", v1), obj(ind, "2.1", v2), obj(mal, "2.0", v1), obj(mal, "2.1", v1),
		obj(ind, "2.1", v3), obj(mal, "2.0", v2))
	return c
}

func TestQueryFilters(t *testing.T) {
	s, _ := Open("")
	c := seeded(t, s)
	ts := func(v string) time.Time { x, _ := time.Parse(time.RFC3339Nano, v); return x }
	cases := []struct {
		name string
		q    Query
		want []string
	}{
		// Default: the latest version in the latest spec_version of each object.
		{"default", Query{}, []string{"mal@2020-01-01/2.1", "ind@2020-01-03/2.1"}},
		{"all", Query{Versions: VersionFilter{All: true}}, []string{"ind@2020-01-01/2.1", "ind@2020-01-02/2.1", "mal@2020-01-01/2.1", "ind@2020-01-03/2.1"}},
		{"first", Query{Versions: VersionFilter{First: true}}, []string{"ind@2020-01-01/2.1", "mal@2020-01-01/2.1"}},
		{"first,last", Query{Versions: VersionFilter{First: true, Last: true}}, []string{"ind@2020-01-01/2.1", "mal@2020-01-01/2.1", "ind@2020-01-03/2.1"}},
		{"exact", Query{Versions: VersionFilter{Exact: []time.Time{ts(v2)}}}, []string{"ind@2020-01-02/2.1"}},
		{"spec 2.0", Query{SpecVersions: []string{"2.0"}}, []string{"mal@2020-01-02/2.0"}},
		{"spec 2.0 all", Query{SpecVersions: []string{"2.0"}, Versions: VersionFilter{All: true}}, []string{"mal@2020-01-01/2.0", "mal@2020-01-02/2.0"}},
		// Both spec versions: the latest version overall is the 2.0 copy of v2.
		{"spec both", Query{SpecVersions: []string{"2.0", "2.1"}}, []string{"ind@2020-01-03/2.1", "mal@2020-01-02/2.0"}},
		{"spec both first", Query{SpecVersions: []string{"2.1", "2.0"}, Versions: VersionFilter{First: true}}, []string{"ind@2020-01-01/2.1", "mal@2020-01-01/2.0", "mal@2020-01-01/2.1"}},
		{"type", Query{Types: []string{"malware"}}, []string{"mal@2020-01-01/2.1"}},
		{"id", Query{IDs: []string{ind}, Versions: VersionFilter{All: true}}, []string{"ind@2020-01-01/2.1", "ind@2020-01-02/2.1", "ind@2020-01-03/2.1"}},
		{"ids", Query{IDs: []string{mal, ind, mal}}, []string{"mal@2020-01-01/2.1", "ind@2020-01-03/2.1"}},
		{"unknown id", Query{IDs: []string{"x--1"}}, nil},
		{"distinct", Query{IDs: []string{mal}, SpecVersions: []string{"2.0", "2.1"}, Versions: VersionFilter{All: true}, DistinctVersions: true},
			[]string{"mal@2020-01-01/2.0", "mal@2020-01-02/2.0"}},
	}
	for _, tc := range cases {
		if got := versions(c.Query(tc.q)); !same(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestPagingIsExact(t *testing.T) {
	s, _ := Open("")
	c := s.Collection("c")
	var objs []Object
	for i := range 250 {
		objs = append(objs, obj(fmt.Sprintf("indicator--00000000-0000-4000-8000-%012d", i), "2.1", v1))
	}
	// One batch: every object gets its own date_added even though they arrive together.
	mustAdd(t, c, objs...)
	seen := map[string]bool{}
	after, pages := int64(0), 0
	for {
		p := c.Query(Query{After: after, Limit: 100})
		pages++
		for i, r := range p.Records {
			if seen[r.ID] {
				t.Fatalf("%s repeated", r.ID)
			}
			seen[r.ID] = true
			if i > 0 && r.DateAdded <= p.Records[i-1].DateAdded {
				t.Fatal("date_added not strictly increasing")
			}
			after = r.DateAdded
		}
		if !p.More {
			break
		}
	}
	if len(seen) != 250 || pages != 3 {
		t.Errorf("saw %d objects in %d pages", len(seen), pages)
	}
}

func TestDuplicatesAndConflicts(t *testing.T) {
	s, _ := Open("")
	c := s.Collection("c")
	first := mustAdd(t, c, obj(ind, "2.1", v1))
	dup := obj(ind, "2.1", "2020-01-01T00:00:00Z") // same instant, spelt differently
	dup.Raw = []byte(`{"type":"indicator","id":"` + ind + `","modified":"2020-01-01T00:00:00.000Z","spec_version":"2.1"}`)
	other := obj(ind, "2.1", v1)
	other.Raw = []byte(`{"id":"` + ind + `","name":"changed"}`)
	out := mustAdd(t, c, dup, other, obj(ind, "2.0", v1), obj(ind, "2.0", v1))
	if !out[0].Duplicate || out[0].DateAdded != first[0].DateAdded {
		t.Errorf("re-sent object not a duplicate: %+v", out[0])
	}
	if !out[1].Conflict {
		t.Errorf("different content with the same version not a conflict: %+v", out[1])
	}
	if out[2].Duplicate || out[2].Conflict || !out[3].Duplicate {
		t.Errorf("2.0 copy / its duplicate within a batch: %+v %+v", out[2], out[3])
	}
	if c.Len() != 2 {
		t.Errorf("Len = %d, want 2", c.Len())
	}
}

func TestUnversionedObjects(t *testing.T) {
	s, _ := Open("")
	c := s.Collection("c")
	a := obj(ip, "2.1", "")
	b := obj(ip, "2.1", "")
	b.Raw = []byte(`{"id":"` + ip + `","type":"ipv4-addr","value":"10.0.0.1"}`)
	out := mustAdd(t, c, a, b, a)
	if out[0].Version == "" || out[0].Version == out[1].Version || !out[2].Duplicate {
		t.Fatalf("outcomes %+v", out)
	}
	p := c.Query(Query{IDs: []string{ip}})
	if len(p.Records) != 1 || p.Records[0].Version != out[1].Version {
		t.Errorf("latest of an unversioned object: %v", versions(p))
	}
}

func TestDelete(t *testing.T) {
	s, _ := Open("")
	c := seeded(t, s)
	if n, _ := c.Delete("indicator--00000000-0000-4000-8000-00000000ffff", nil, VersionFilter{All: true}); n != 0 {
		t.Errorf("deleted %d of an unknown object", n)
	}
	if n, _ := c.Delete(ind, nil, VersionFilter{}); n != 1 {
		t.Errorf("delete last: %d", n)
	}
	if got := versions(c.Query(Query{IDs: []string{ind}, Versions: VersionFilter{All: true}})); !same(got, []string{"ind@2020-01-01/2.1", "ind@2020-01-02/2.1"}) {
		t.Errorf("after deleting the last version: %v", got)
	}
	if n, _ := c.Delete(mal, []string{"2.0"}, VersionFilter{All: true}); n != 2 {
		t.Errorf("delete 2.0 copies: %d", n)
	}
	if got := versions(c.Query(Query{IDs: []string{mal}, SpecVersions: []string{"2.0", "2.1"}, Versions: VersionFilter{All: true}})); !same(got, []string{"mal@2020-01-01/2.1"}) {
		t.Errorf("after deleting 2.0 copies: %v", got)
	}
	if n, _ := c.Delete(ind, nil, VersionFilter{All: true}); n != 2 {
		t.Errorf("delete all: %d", n)
	}
	if p := c.Query(Query{IDs: []string{ind}}); len(p.Records) != 0 {
		t.Errorf("deleted object still there: %v", versions(p))
	}
	// date_added keeps increasing past deleted records.
	last := c.Query(Query{Versions: VersionFilter{All: true}, SpecVersions: []string{"2.0", "2.1"}}).Records
	out := mustAdd(t, c, obj(ind, "2.1", v1))
	if out[0].DateAdded <= last[len(last)-1].DateAdded {
		t.Error("date_added went backwards after a delete")
	}
	// Deleting an object's only 2.1 copy makes 2.0 its latest spec_version.
	mustAdd(t, c, obj(mal, "2.0", v2))
	if n, _ := c.Delete(mal, []string{"2.1"}, VersionFilter{All: true}); n != 1 {
		t.Errorf("delete 2.1 copy: %d", n)
	}
	if got := versions(c.Query(Query{IDs: []string{mal}})); !same(got, []string{"mal@2020-01-02/2.0"}) {
		t.Errorf("latest spec_version after a delete: %v", got)
	}
}

func TestCompactionKeepsOrder(t *testing.T) {
	s, _ := Open("")
	c := s.Collection("c")
	var objs []Object
	for i := range 3000 {
		objs = append(objs, obj(fmt.Sprintf("indicator--00000000-0000-4000-8000-%012d", i), "2.1", v1))
	}
	mustAdd(t, c, objs...)
	for i := 0; i < 3000; i += 3 {
		if i%3 == 0 {
			for _, k := range []int{i, i + 1} {
				if _, err := c.Delete(objs[k].ID, nil, VersionFilter{All: true}); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	p := c.Query(Query{})
	if len(p.Records) != 1000 || c.Len() != 1000 {
		t.Fatalf("%d records after deleting 2000 of 3000 (Len %d)", len(p.Records), c.Len())
	}
	for i, r := range p.Records {
		if r.ID != objs[3*i+2].ID {
			t.Fatalf("record %d is %s", i, r.ID)
		}
	}
}

func TestDurableReopen(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	c := s.Collection("c1")
	out, err := c.Add(Batch{Objects: []Object{obj(ind, "2.1", v1), obj(ip, "2.1", "")}, Seed: true,
		Status: func(o []Outcome) (string, []byte) { return "s1", []byte(fmt.Sprint(len(o))) }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Delete(ind, nil, VersionFilter{All: true}); err != nil {
		t.Fatal(err)
	}
	mustAdd(t, c, obj(mal, "2.0", v2))
	// The file name is part of existing data directories.
	if _, err := os.Stat(filepath.Join(dir, "taxii21.db")); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir); err == nil {
		t.Error("a second Open of the same file succeeded")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c = s.Collection("c1")
	got := c.Query(Query{Versions: VersionFilter{All: true}, SpecVersions: []string{"2.0", "2.1"}})
	if len(got.Records) != 2 || got.Records[0].ID != ip || got.Records[0].Version != out[1].Version ||
		got.Records[0].DateAdded != out[1].DateAdded || got.Records[1].ID != mal {
		t.Errorf("after reopen: %+v", got.Records)
	}
	if string(got.Records[1].Raw) != string(obj(mal, "2.0", v2).Raw) {
		t.Errorf("raw JSON changed: %s", got.Records[1].Raw)
	}
	if got := versions(c.Query(Query{IDs: []string{mal}})); !same(got, []string{"mal@2020-01-02/2.0"}) {
		t.Errorf("latest spec_version after reopen: %v", got)
	}
	if b, ok := s.Status("s1"); !ok || string(b) != "2" {
		t.Errorf("status after reopen: %q %v", b, ok)
	}
	if out, _ := c.Add(Batch{Objects: []Object{obj(ind, "2.1", v3)}, Seed: true}); out != nil {
		t.Error("seeding ran twice")
	}
}

// TestKillAfterAcknowledgedWrite runs a child process (this test binary) that adds objects and
// reports each acknowledged batch, kills it with SIGKILL right after one, and checks that
// everything acknowledged is in the file.
func TestKillAfterAcknowledgedWrite(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriter$")
	cmd.Env = append(os.Environ(), "STORE_HELPER_DB="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := 0
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "acked ") {
			acked++
			if acked == 5 {
				_ = cmd.Process.Signal(syscall.SIGKILL)
				break
			}
		}
	}
	_ = cmd.Wait()
	if acked != 5 {
		t.Fatalf("child acknowledged %d batches", acked)
	}
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n := s.Collection("c").Len()
	if n < 5*10 {
		t.Errorf("%d objects survived, %d were acknowledged", n, 5*10)
	}
	if _, ok := s.Status("batch-4"); !ok {
		t.Error("status of an acknowledged batch lost")
	}
}

// TestHelperWriter is the child of TestKillAfterAcknowledgedWrite; it does nothing unless
// started by it.
func TestHelperWriter(t *testing.T) {
	dir := os.Getenv("STORE_HELPER_DB")
	if dir == "" {
		t.Skip("helper process")
	}
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	c := s.Collection("c")
	for b := 0; ; b++ {
		var objs []Object
		for i := range 10 {
			objs = append(objs, obj(fmt.Sprintf("indicator--00000000-0000-4000-8000-%06d%06d", b, i), "2.1", v1))
		}
		id := fmt.Sprintf("batch-%d", b)
		if _, err := c.Add(Batch{Objects: objs, Status: func([]Outcome) (string, []byte) { return id, []byte("{}") }}); err != nil {
			t.Fatal(err)
		}
		fmt.Println("acked", b)
	}
}

// TestConcurrentPaging pages through a collection by added_after while writers keep adding:
// every page is in order, nothing repeats, and a final pass finds everything.
func TestConcurrentPaging(t *testing.T) {
	s, _ := Open("")
	c := s.Collection("c")
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range 50 {
				var objs []Object
				for i := range 10 {
					objs = append(objs, obj(fmt.Sprintf("indicator--00000000-0000-4000-8%03d-%06d%06d", w, b, i), "2.1", v1))
				}
				mustAdd(t, c, objs...)
			}
		}()
	}
	seen := map[string]bool{}
	after := int64(0)
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	for finished := false; ; {
		select {
		case <-done:
			finished = true
		default:
		}
		p := c.Query(Query{After: after, Limit: 37})
		for _, r := range p.Records {
			if seen[r.ID] {
				t.Fatalf("%s seen twice", r.ID)
			}
			seen[r.ID] = true
			if r.DateAdded <= after {
				t.Fatal("page out of order")
			}
			after = r.DateAdded
		}
		if finished && !p.More && len(p.Records) == 0 {
			break
		}
	}
	if len(seen) != 4*50*10 {
		t.Errorf("paged %d objects, want %d", len(seen), 4*50*10)
	}
}

func FuzzDecodeRecord(f *testing.F) {
	r := Record{Object: obj(ind, "2.1", v1)}
	f.Add(encodeRecord(&r))
	f.Add([]byte{})
	f.Add([]byte{0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		var r Record
		if decodeRecord(b, &r) != nil {
			return
		}
		again := encodeRecord(&r)
		var r2 Record
		if err := decodeRecord(again, &r2); err != nil || r2.ID != r.ID || string(r2.Raw) != string(r.Raw) || !r2.VersionTime.Equal(r.VersionTime) {
			t.Fatalf("round trip: %v %+v %+v", err, r, r2)
		}
	})
}
