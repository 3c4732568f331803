package users

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	d, err := Parse(strings.NewReader("# accounts\nalice:secret\n\nBob:pa:ss word\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Names(); strings.Join(got, ",") != "alice,bob" {
		t.Fatalf("Names() = %v", got)
	}
	if name, ok := d.Exists("ALICE"); !ok || name != "alice" {
		t.Fatalf("Exists(ALICE) = %q, %v", name, ok)
	}
	if !d.Authenticate("bob", "pa:ss word") {
		t.Error("bob's password, colon and space included, was refused")
	}
	for _, c := range []struct{ name, pass string }{
		{"alice", "secre"}, {"alice", "secret "}, {"alice", ""}, {"carol", "secret"}, {"", ""},
	} {
		if d.Authenticate(c.name, c.pass) {
			t.Errorf("Authenticate(%q, %q) = true", c.name, c.pass)
		}
	}
}

func TestParseRejects(t *testing.T) {
	for _, in := range []string{"nocolon\n", "../etc:x\n", "a/b:x\n", ".hidden:x\n", "trailing.:x\n", "a b:x\n", strings.Repeat("a", 65) + ":x\n", ":x\n"} {
		if _, err := Parse(strings.NewReader(in)); err == nil {
			t.Errorf("Parse(%q) succeeded", in)
		}
	}
}

func TestValidName(t *testing.T) {
	for name, want := range map[string]bool{
		"alice": true, "a.b": true, "first+tag": true, "x_y-z": true,
		"..": false, "a..b": false, "a/b": false, "a\x00": false, "é": false, "": false,
	} {
		if got := ValidName(name); got != want {
			t.Errorf("ValidName(%q) = %v, want %v", name, got, want)
		}
	}
}
