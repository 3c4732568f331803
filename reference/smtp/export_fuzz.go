package smtp

import (
	"bytes"

	"github.com/mailspec/mailspec/reference/internal/sasl"
)

// This file exports the reference's parsers, thinly, for the fuzzer
// (package fuzz), which checks that what each accepts re-serialises to an
// equivalent line and that the reference and the suite read the same
// bytes alike. They exist for the fuzzer alone: each is the very function
// the session calls, with no behaviour of its own, and a server never
// needs them.

// Path is a Mailbox as the reference reads it from a Path (RFC 5321
// §4.1.2): the local part with its quoting undone, and a Domain or an
// address literal, brackets kept.
type Path struct {
	Local   string
	Domain  string
	Literal bool // Domain is an address literal
}

// ParsePath consumes a Path at the start of s, as MAIL and RCPT do, and
// returns it and the rest of s; utf8 allows RFC 6531's UTF-8 (SMTPUTF8).
// Source routes are parsed and dropped.
func ParsePath(s string, utf8 bool) (Path, string, bool) {
	a, rest, ok := parsePath(s, utf8)
	return Path{Local: a.local, Domain: a.domain, Literal: a.literal}, rest, ok
}

// String renders p as a Path, "<" Mailbox ">", the local part quoted
// where it is not a Dot-string: what the reference writes in Return-Path.
func (p Path) String() string {
	return "<" + address{local: p.Local, domain: p.Domain, literal: p.Literal}.String() + ">"
}

// Param is one esmtp-param of MAIL or RCPT, its keyword upper-cased.
type Param struct {
	Keyword, Value string
	HasValue       bool
}

// ParseParams parses Mail-parameters or Rcpt-parameters, the text after
// the path's single SP.
func ParseParams(s string) ([]Param, bool) {
	ps, ok := parseParams(s)
	out := make([]Param, len(ps))
	for i, p := range ps {
		out[i] = Param{Keyword: p.keyword, Value: p.value, HasValue: p.hasValue}
	}
	return out, ok
}

// SplitCommand splits a command line (CRLF removed) as dispatch does:
// trailing white space dropped, the verb upper-cased, the argument after
// exactly one SP.
func SplitCommand(line []byte) (cmdVerb, arg string, hasArg bool) {
	return verb(bytes.TrimRight(line, " \t"))
}

// SplitPathArg splits the argument of MAIL (prefix "FROM:") or RCPT
// ("TO:") into the path, brackets kept, and the parameter text, as the
// handlers do before parsing either.
func SplitPathArg(arg, prefix string) (path, params string, ok bool) {
	rest, ok := cutPrefixFold(arg, prefix)
	if !ok {
		return "", "", false
	}
	return splitPathParams(rest)
}

// DecodeSASL decodes one client response of an AUTH exchange (RFC 4954
// §4): strict base64, "=" for an empty response; ok false is 501.
func DecodeSASL(s string) ([]byte, bool) {
	b, r := decodeSASL(s)
	return b, r == nil
}

// SplitPlain splits a SASL PLAIN message (RFC 4616 §2) as AUTH PLAIN does.
func SplitPlain(msg []byte) (authzid, authcid, passwd string, ok bool) {
	p, ok := sasl.ParsePlain(msg)
	return p.Authzid, p.Authcid, p.Passwd, ok
}
