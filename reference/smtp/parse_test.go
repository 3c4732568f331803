package smtp

import (
	"strings"
	"testing"
)

func TestIsDomain(t *testing.T) {
	for in, want := range map[string]bool{
		"localhost":                      true,
		"mail.example.org":               true,
		"a-b.c9":                         true,
		"9.example":                      true,
		"":                               false,
		"-a.example":                     false,
		"a-.example":                     false,
		"a..b":                           false,
		"a.":                             false,
		".a":                             false,
		"under_score.example":            false,
		"sp ace.example":                 false,
		strings.Repeat("a", 64):          false, // label over 63 octets
		strings.Repeat("a.", 127) + "aa": false, // 256 octets, over §4.5.3.1.2
		"bücher.example":                 false, // a U-label needs SMTPUTF8
	} {
		if got := isDomain(in, false); got != want {
			t.Errorf("isDomain(%q) = %v, want %v", in, got, want)
		}
	}
	if !isDomain("bücher.example", true) {
		t.Error("isDomain(U-label, utf8) = false")
	}
	if isDomain("b\xffcher.example", true) {
		t.Error("isDomain(invalid UTF-8, utf8) = true")
	}
}

func TestIsAddressLiteral(t *testing.T) {
	for in, want := range map[string]bool{
		"[127.0.0.1]":           true,
		"[255.255.255.255]":     true,
		"[IPv6:::1]":            true,
		"[IPv6:2001:db8::1]":    true,
		"[ipv6:2001:db8::1]":    true,
		"[IPv6:::ffff:1.2.3.4]": true,
		"[x-tag:some-content]":  true,
		"[256.1.1.1]":           false,
		"[1.2.3]":               false,
		"[1.2.3.4.5]":           false,
		"[1.2.3.0004]":          false,
		"127.0.0.1":             false,
		"[IPv6:1.2.3.4]":        false,
		"[IPv6:fe80::1%eth0]":   false,
		"[IPv6:]":               false,
		"[tag:has[bracket]":     false,
		"[]":                    false,
		"[-tag:x]":              false,
	} {
		if got := isAddressLiteral(in); got != want {
			t.Errorf("isAddressLiteral(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestParsePath(t *testing.T) {
	type result struct {
		local, domain, rest string
		ok                  bool
	}
	for _, c := range []struct {
		in    string
		utf8  bool
		local string
		dom   string
		rest  string
		ok    bool
	}{
		{in: "<alice@localhost>", local: "alice", dom: "localhost", ok: true},
		{in: "<Alice.B+tag@Example.ORG> SIZE=10", local: "Alice.B+tag", dom: "Example.ORG", rest: " SIZE=10", ok: true},
		{in: `<"john doe"@example.org>`, local: "john doe", dom: "example.org", ok: true},
		{in: `<"a\"b\\c"@example.org>`, local: `a"b\c`, dom: "example.org", ok: true},
		{in: `<"a>b"@example.org>`, local: "a>b", dom: "example.org", ok: true},
		{in: "<@relay.example,@other.example:alice@localhost>", local: "alice", dom: "localhost", ok: true},
		{in: "<alice@[127.0.0.1]>", local: "alice", dom: "[127.0.0.1]", ok: true},
		{in: "<alice@[IPv6:::1]>", local: "alice", dom: "[IPv6:::1]", ok: true},
		{in: "<jöran@bücher.example>", utf8: true, local: "jöran", dom: "bücher.example", ok: true},
		{in: "<jöran@example.org>"},
		{in: "alice@localhost"},
		{in: "<alice@localhost"},
		{in: "<alice>"},
		{in: "<@localhost>"},
		{in: "<alice@>"},
		{in: "<.alice@localhost>"},
		{in: "<alice.@localhost>"},
		{in: "<al..ice@localhost>"},
		{in: "<al ice@localhost>"},
		{in: "<alice@local_host>"},
		{in: `<"unterminated@localhost>`},
		{in: "<" + strings.Repeat("a", 65) + "@localhost>"},
		{in: "<a@" + strings.Repeat("b", 62) + "." + strings.Repeat("c", 62) + "." + strings.Repeat("d", 62) + "." + strings.Repeat("e", 62) + ".org>"}, // 259 octets with brackets
		{in: "<@relay.example:>"},
		{in: "<@relay_example:alice@localhost>"},
	} {
		a, rest, ok := parsePath(c.in, c.utf8)
		got := result{a.local, a.domain, rest, ok}
		want := result{c.local, c.dom, c.rest, c.ok}
		if !ok {
			got = result{ok: false}
			want.rest = ""
		}
		if got != want {
			t.Errorf("parsePath(%q) = %+v, want %+v", c.in, got, want)
		}
	}
}

func TestParseParams(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []param
		ok   bool
	}{
		{in: "", ok: true},
		{in: "SIZE=1000", want: []param{{"SIZE", "1000", true}}, ok: true},
		{in: "body=8bitmime smtputf8", want: []param{{"BODY", "8bitmime", true}, {"SMTPUTF8", "", false}}, ok: true},
		{in: "X-EXT=a+b", want: []param{{"X-EXT", "a+b", true}}, ok: true},
		{in: "SIZE="},
		{in: "=1"},
		{in: "-X=1"},
		{in: "SIZE=1  BODY=7BIT"},
		{in: "SIZE=1 "},
		{in: "K=a=b"},
		{in: "K=a\x7f"},
	} {
		got, ok := parseParams(c.in)
		if ok != c.ok || len(got) != len(c.want) {
			t.Errorf("parseParams(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("parseParams(%q)[%d] = %+v, want %+v", c.in, i, got[i], c.want[i])
			}
		}
	}
}

func TestAddressString(t *testing.T) {
	for _, c := range []struct {
		a    address
		want string
	}{
		{address{local: "alice", domain: "localhost"}, "alice@localhost"},
		{address{local: "john doe", domain: "example.org"}, `"john doe"@example.org`},
		{address{local: `a"b`, domain: "x.org"}, `"a\"b"@x.org`},
		{address{local: "Postmaster"}, "Postmaster"},
	} {
		if got := c.a.String(); got != c.want {
			t.Errorf("%+v.String() = %q, want %q", c.a, got, c.want)
		}
	}
}

func TestIsXtext(t *testing.T) {
	for in, want := range map[string]bool{"alice@localhost": true, "a+2Bb": true, "a+2bb": false, "a+2": false, "a=b": false, "a b": false} {
		if got := isXtext(in); got != want {
			t.Errorf("isXtext(%q) = %v, want %v", in, got, want)
		}
	}
}
