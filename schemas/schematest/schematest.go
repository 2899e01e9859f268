// Package schematest holds what the validators' tests share: bodies to validate, a harness
// for concurrent use, and the check that every requirement a validator names is in the
// catalog at a level a message can break. Only tests import it.
package schematest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/taxii-conform/taxii-conform/suites/requirements"
)

// Indicators returns a JSON array of n valid STIX 2.1 indicators with distinct ids and
// modified times, each with a custom property.
func Indicators(n int) string {
	var b strings.Builder
	b.WriteByte('[')
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"type":"indicator","spec_version":"2.1","id":"indicator--%08x-1111-4222-8333-444455556666",`+
			`"created":"2024-03-18T09:15:40.000Z","modified":"2024-03-18T09:15:40.%03dZ","name":"indicator %d",`+
			`"pattern":"[ipv4-addr:value = '10.0.%d.%d']","pattern_type":"stix","valid_from":"2024-03-18T00:00:00Z",`+
			`"labels":["malicious-activity"],"x_harbour_score":%d}`, i, i%1000, i, i/256, i%256, i%100)
	}
	b.WriteByte(']')
	return b.String()
}

// Concurrently calls check from goroutines at once, rounds times in each, and fails the test
// with what check returns when that is not empty (a goroutine stops at its first problem).
// check gets the goroutine's and the round's number, so that goroutines can interleave
// different inputs.
func Concurrently(t testing.TB, goroutines, rounds int, check func(g, round int) string) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan string, goroutines)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for r := 0; r < rounds; r++ {
				if msg := check(g, r); msg != "" {
					errs <- fmt.Sprintf("goroutine %d, round %d: %s", g, r, msg)
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// CheckBreakable requires every id to be a TAXII 2.1 catalog entry at a level a message or
// an exchange can break (MUST, MUST NOT, SHOULD, SHOULD NOT). It skips while the catalog has
// no TAXII 2.1 entries.
func CheckBreakable(t testing.TB, ids []string) {
	t.Helper()
	cat, err := requirements.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Protocol(requirements.TAXII21)) == 0 {
		t.Skip("the TAXII 2.1 catalog has no entries yet")
	}
	for _, id := range ids {
		r, ok := cat.Get(id)
		if !ok {
			t.Errorf("%s: not in the catalog", id)
			continue
		}
		switch r.Level {
		case requirements.Must, requirements.MustNot, requirements.Should, requirements.ShouldNot:
		default:
			t.Errorf("%s: level %s, which no message can break", id, r.Level)
		}
	}
}

// SharedDir is a path inside ../shared beside the repository (the specification texts,
// official schemas and seed documents), found from the test's working directory; the test
// is skipped when it is absent, since a clone may be checked out without it.
func SharedDir(t testing.TB, sub ...string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("repository root not found")
		}
		dir = parent
	}
	p := filepath.Join(append([]string{dir, "..", "shared"}, sub...)...)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s is absent (the shared specification material beside the repository): skipping", p)
	}
	return p
}
