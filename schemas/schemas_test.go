package schemas

import (
	"reflect"
	"testing"
)

func TestTidy(t *testing.T) {
	a := Violation{Requirement: "R1", Location: "/b", Rule: "x", Message: "m"}
	b := Violation{Requirement: "R2", Location: "/a", Rule: "z", Message: "m"}
	c := Violation{Requirement: "R3", Location: "/a", Rule: "y", Message: "m"}
	in := []Violation{a, b, a, c, b}
	got := Tidy(in)
	if want := []Violation{c, b, a}; !reflect.DeepEqual(got, want) {
		t.Errorf("Tidy = %v, want %v", got, want)
	}
	if in[0] != a || in[1] != b {
		t.Error("Tidy changed its input")
	}
	if Tidy(nil) != nil || Tidy([]Violation{}) != nil {
		t.Error("Tidy of nothing is not nil")
	}
}
