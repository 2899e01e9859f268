package blocks

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

func add(t *testing.T, s *Store, coll string, n int) []*Block {
	t.Helper()
	var items []NewBlock
	for i := range n {
		items = append(items, NewBlock{Collection: coll, Binding: "urn:b", Content: []byte(fmt.Sprintf("<x n='%d'/>", i))})
	}
	out, err := s.Add(items)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestLabelsAndRanges(t *testing.T) {
	s, err := Open("")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	frozen := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return frozen } // a stopped clock must still give increasing labels
	a := add(t, s, "a", 5)
	b := add(t, s, "b", 2)
	for i := 1; i < len(a); i++ {
		if !a[i].Label.After(a[i-1].Label) || a[i].Seq <= a[i-1].Seq {
			t.Fatalf("labels or sequence not increasing: %v %v", a[i-1], a[i])
		}
	}
	if !b[0].Label.After(a[4].Label) {
		t.Error("labels are not increasing across collections")
	}
	bound := s.Clock()
	c := add(t, s, "a", 1)
	if !c[0].Label.After(bound) {
		t.Errorf("label %s not after the reported bound %s", c[0].Label, bound)
	}
	got, end := s.Range("a", &a[1].Label, &a[3].Label, nil)
	if len(got) != 2 || got[0] != a[2] || got[1] != a[3] || !end.Equal(a[3].Label) {
		t.Errorf("range (a1, a3]: %v, end %s", got, end)
	}
	got, end = s.Range("a", nil, nil, func(b *Block) bool { return b.Seq%2 == 0 })
	if len(got) != 3 || end.Before(c[0].Label) {
		t.Errorf("filtered open range: %d blocks, end %s", len(got), end)
	}
	got, scanned := s.Since("a", a[2].Seq, 2, nil)
	if len(got) != 2 || got[0] != a[3] || scanned != a[4].Seq {
		t.Errorf("since: %v scanned %d", got, scanned)
	}
	if _, err := s.Add([]NewBlock{{Collection: "a", Label: a[0].Label}}); err == nil {
		t.Error("an old label was accepted")
	}
	if s.Count("a") != 6 || len(s.Get([]uint64{a[0].Seq, 9999})) != 1 {
		t.Error("count or get")
	}
}

func TestConcurrentAddAndClock(t *testing.T) {
	s, _ := Open("")
	defer s.Close()
	var wg sync.WaitGroup
	bounds := make(chan [2]time.Time, 400)
	for w := range 4 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for range 50 {
				if _, err := s.Add([]NewBlock{{Collection: fmt.Sprint(w), Content: []byte("x")}}); err != nil {
					t.Error(err)
				}
			}
		}()
		go func() {
			defer wg.Done()
			for range 50 {
				list, end := s.Range(fmt.Sprint(w), nil, nil, nil)
				var last time.Time
				if len(list) > 0 {
					last = list[len(list)-1].Label
				}
				bounds <- [2]time.Time{last, end}
			}
		}()
	}
	wg.Wait()
	close(bounds)
	for b := range bounds {
		if b[0].After(b[1]) {
			t.Fatalf("block labelled %s returned under bound %s", b[0], b[1])
		}
	}
}

func TestDurable(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := s.SeedOnce([]NewBlock{{Collection: "a", Binding: "b", Subtype: "st", Message: "m", Content: []byte("<seed/>"), Label: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}}); !ok || err != nil {
		t.Fatalf("seed: %v %v", ok, err)
	}
	added := add(t, s, "a", 3)
	sub := &Subscription{ID: "s1", Collection: "a", Owner: "u", Status: "ACTIVE", Bindings: []Binding{{ID: "b", Subtypes: []string{"x"}}},
		Query: &Query{Format: "f", Body: []byte("<q/>")}, Push: &Push{Protocol: "p", Address: "http://127.0.0.1/", MessageBinding: "m"}, Cursor: 2}
	if err := s.PutSubscription(sub); err != nil {
		t.Fatal(err)
	}
	rs := &ResultSet{ID: "r1", Collection: "a", Owner: "u", Expires: time.Now().Add(time.Hour), Parts: []Part{{Seqs: []uint64{1, 2}}, {Seqs: []uint64{3}}}, Total: 3}
	if err := s.PutResultSet(rs); err != nil {
		t.Fatal(err)
	}
	old := &ResultSet{ID: "r0", Expires: time.Now().Add(-time.Second)}
	if err := s.PutResultSet(old); err != nil {
		t.Fatal(err)
	}
	if n, err := s.ExpireResultSets(time.Now()); n != 1 || err != nil {
		t.Fatalf("expire: %d %v", n, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Add([]NewBlock{{Collection: "a"}}); err != ErrClosed {
		t.Errorf("add after close: %v", err)
	}

	s2, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if ok, _ := s2.SeedOnce([]NewBlock{{Collection: "a", Content: []byte("again")}}); ok {
		t.Error("seeded twice")
	}
	got, _ := s2.Range("a", nil, nil, nil)
	if len(got) != 4 || got[0].Subtype != "st" || got[0].Message != "m" || string(got[3].Content) != string(added[2].Content) || !got[3].Label.Equal(added[2].Label) {
		t.Errorf("reloaded blocks %v", got)
	}
	sub2, ok := s2.Subscription("s1")
	if !ok || sub2.Push.Address != sub.Push.Address || sub2.Bindings[0].Subtypes[0] != "x" || string(sub2.Query.Body) != "<q/>" || sub2.Cursor != 2 {
		t.Errorf("reloaded subscription %+v", sub2)
	}
	if r, ok := s2.ResultSet("r1"); !ok || len(r.Parts) != 2 || r.Parts[1].Seqs[0] != 3 {
		t.Errorf("reloaded result set %+v", r)
	}
	if _, ok := s2.ResultSet("r0"); ok {
		t.Error("expired result set came back")
	}
	next := add(t, s2, "a", 1)
	if next[0].Seq != 5 || !next[0].Label.After(added[2].Label) {
		t.Errorf("after reload: seq %d label %s", next[0].Seq, next[0].Label)
	}
	if _, err := Open(dir); err == nil {
		t.Error("a second open of the same directory succeeded while the first holds it")
	}
}

func TestDecodeCorrupt(t *testing.T) {
	k, v := encodeBlock(&Block{Seq: 7, Collection: "c", Content: []byte("abc"), Label: time.Now()})
	for i := range len(v) {
		if _, err := decodeBlock(k, v[:i]); err == nil {
			t.Fatalf("truncated value of %d bytes decoded", i)
		}
	}
	if _, err := decodeBlock(k[:3], v); err == nil {
		t.Error("short key decoded")
	}
}
