package faults

import "testing"

func TestParse(t *testing.T) {
	s, err := Parse(T21ContentTypeNoVersion + ", " + T11NoInResponseTo)
	if err != nil {
		t.Fatal(err)
	}
	if !s.On(T21ContentTypeNoVersion) || !s.On(T11NoInResponseTo) || len(s.Names()) != 2 {
		t.Errorf("parsed set %v", s.Names())
	}
	if _, err := Parse("no-such-fault"); err == nil {
		t.Error("unknown fault accepted")
	}
	var none Set
	if none.On(T21ContentTypeNoVersion) {
		t.Error("nil set has a fault on")
	}
}

func TestEveryFaultIsComplete(t *testing.T) {
	for _, f := range All() {
		if f.Protocol != "2.1" && f.Protocol != "1.1.1" {
			t.Errorf("%s: protocol %q", f.Name, f.Protocol)
		}
	}
}
