package schematest_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/taxii-conform/taxii-conform/schemas/json21"
	"github.com/taxii-conform/taxii-conform/schemas/schematest"
	"github.com/taxii-conform/taxii-conform/suites/requirements"
)

// recorder stands in for a test, to see what a helper reports.
type recorder struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (r *recorder) Helper() {}

func (r *recorder) Error(args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprint(args...))
}

func (r *recorder) Errorf(format string, args ...any) { r.Error(fmt.Sprintf(format, args...)) }

func TestIndicatorsAreValidAndDistinct(t *testing.T) {
	body := `{"objects":` + schematest.Indicators(300) + `}`
	vs, err := json21.Validate(json21.Envelope, []byte(body))
	if err != nil || len(vs) != 0 {
		t.Fatalf("%v %v", err, vs)
	}
	var env struct {
		Objects []struct{ ID string }
	}
	if err := json.Unmarshal([]byte(body), &env); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, o := range env.Objects {
		ids[o.ID] = true
	}
	if len(env.Objects) != 300 || len(ids) != 300 {
		t.Errorf("%d objects, %d distinct ids", len(env.Objects), len(ids))
	}
	if got := schematest.Indicators(0); got != "[]" {
		t.Errorf("Indicators(0) = %s", got)
	}
}

func TestConcurrentlyReportsEachFailingGoroutineOnce(t *testing.T) {
	var calls sync.Map
	r := &recorder{TB: t}
	schematest.Concurrently(r, 4, 10, func(g, round int) string {
		calls.Store(fmt.Sprint(g, "/", round), true)
		if g%2 == 1 && round == 3 {
			return "broken"
		}
		return ""
	})
	if len(r.errors) != 2 {
		t.Fatalf("%d errors, want 2 (goroutines 1 and 3): %q", len(r.errors), r.errors)
	}
	for _, e := range r.errors {
		if !strings.Contains(e, "round 3: broken") {
			t.Errorf("error %q does not say where", e)
		}
	}
	n := 0
	calls.Range(func(_, _ any) bool { n++; return true })
	if n != 2*10+2*4 { // the failing goroutines stop after their fourth round
		t.Errorf("%d calls, want %d", n, 2*10+2*4)
	}
}

func TestCheckBreakable(t *testing.T) {
	cat, err := requirements.Load()
	if err != nil {
		t.Fatal(err)
	}
	var must, may string
	for _, r := range cat.Protocol(requirements.TAXII21) {
		switch {
		case r.Level == requirements.Must && must == "":
			must = r.ID
		case r.Level == requirements.May && may == "":
			may = r.ID
		}
	}
	if must == "" || may == "" {
		t.Skip("the TAXII 2.1 catalog has no MUST or no MAY entry")
	}
	r := &recorder{TB: t}
	schematest.CheckBreakable(r, []string{must, may, "T21-99.9-99"})
	want := []string{may + ": level MAY", "T21-99.9-99: not in the catalog"}
	if len(r.errors) != len(want) {
		t.Fatalf("errors %q, want %q", r.errors, want)
	}
	for i, w := range want {
		if !strings.HasPrefix(r.errors[i], w) {
			t.Errorf("error %q, want it to start %q", r.errors[i], w)
		}
	}
}
