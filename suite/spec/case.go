// Package spec is what a conformance case is, for every protocol: its
// stable identity and the requirement it checks, how it is run on a fresh
// connection, and the verdict it comes to. Protocol packages (suite/smtp,
// suite/pop3) declare their cases with it; Ginkgo runs them, and so can a
// plain test that injects a fault and wants to see a case fail.
package spec

import (
	"fmt"
	"regexp"
	"strings"
)

// Level is a requirement level of RFC 2119.
type Level string

const (
	MUST   Level = "MUST"   // also MUST NOT, REQUIRED, SHALL
	SHOULD Level = "SHOULD" // also SHOULD NOT, RECOMMENDED
	MAY    Level = "MAY"    // also OPTIONAL, and choices the RFC leaves open
)

// Case is one behaviour, checked on one fresh connection.
type Case[S any] struct {
	// ID is the stable name: protocol, section, behaviour, e.g.
	// "smtp-4.1.4-rcpt-before-mail". Never reused, never renumbered.
	ID string
	// RFC and Section locate the requirement: "5321", "4.1.4".
	RFC     string
	Section string
	Level   Level
	// Extension is the EHLO / CAPA keyword the case needs; the case is
	// skipped when the server does not advertise it: its body skips on
	// finding the keyword missing (Require), and Run turns any failure of
	// a case whose session saw the keyword in no EHLO or CAPA reply into
	// a skip (Advertiser).
	Extension string
	// Quote is the RFC sentence the case checks, as written. For a MUST
	// or SHOULD case it is the sentence that binds the server at that
	// level, never one that binds the client.
	Quote string
	// Binds says in one line why Quote binds the server at Level when
	// the quote carries no RFC 2119 keyword of that level: it is the
	// protocol's definition of a command's effect or replies, say, or a
	// SHOULD case quoting a MUST that rests on a SHOULD. Required then,
	// and shown in the requirements table.
	Binds string
	// Strict marks a case that checks the refusal of input the grammar
	// forbids where no sentence obliges the server to refuse it. A server
	// that accepts such input is lenient, not broken: the case's failure
	// is a warn labelled "strict" (Autobahn's NON-STRICT), which a strict
	// run fails. A Strict case is MUST or SHOULD by the grammar it reads.
	Strict bool
	// Does says in one line what the case sends and what it requires.
	Does string
	// Run drives the session. It fails through the session's Gomega,
	// skips through the session's Skip.
	Run func(S)
}

var idPattern = regexp.MustCompile(`^(smtp|pop3)-[0-9a-z.]+-[a-z0-9]+(-[a-z0-9]+)*$`)

// Check reports what is wrong with the case's metadata.
func (c Case[S]) Check() error {
	switch {
	case !idPattern.MatchString(c.ID):
		return fmt.Errorf("spec: case ID %q is not protocol-section-behaviour in lower case", c.ID)
	case c.RFC == "" || c.Section == "":
		return fmt.Errorf("spec: case %s has no RFC section", c.ID)
	case c.Level != MUST && c.Level != SHOULD && c.Level != MAY:
		return fmt.Errorf("spec: case %s has level %q", c.ID, c.Level)
	case strings.TrimSpace(c.Quote) == "" || strings.TrimSpace(c.Does) == "":
		return fmt.Errorf("spec: case %s needs the RFC sentence and a one-line description", c.ID)
	case c.Run == nil:
		return fmt.Errorf("spec: case %s has no body", c.ID)
	case c.Level == MAY && c.Strict:
		return fmt.Errorf("spec: case %s is MAY and strict: a MAY is never refused by the grammar", c.ID)
	}
	return c.CheckBinding()
}

// CheckBinding reports a MUST or SHOULD case whose quote carries no
// keyword of its level and which does not say, in Binds, why the quote
// binds the server at that level.
func (c Case[S]) CheckBinding() error {
	if c.Level != MAY && !QuoteBinds(c.RFC, c.Quote, c.Level) && strings.TrimSpace(c.Binds) == "" {
		return fmt.Errorf("spec: case %s is %s but its quote has no %s keyword: quote the sentence that binds the server, or say in Binds why this one does", c.ID, c.Level, c.Level)
	}
	return nil
}

// keywords are the RFC 2119 words of each level that a quote must carry
// for a case of that level to rest on it alone.
var keywords = map[Level]*regexp.Regexp{
	MUST:   regexp.MustCompile(`\b(MUST|REQUIRED|SHALL)\b`),
	SHOULD: regexp.MustCompile(`\b(SHOULD|RECOMMENDED)\b`),
}

// pre2119 are the RFCs written before RFC 2119 fixed the capitals: their
// requirement words are normative in lower case too ("These codes must
// appear …", RFC 2034 section 4).
var pre2119 = map[string]bool{"1870": true, "1939": true, "2034": true}

// QuoteBinds reports whether quote, from the given RFC, carries a
// requirement keyword of the level.
func QuoteBinds(rfc, quote string, level Level) bool {
	re, ok := keywords[level]
	if !ok {
		return true
	}
	if pre2119[rfc] {
		quote = strings.ToUpper(quote)
	}
	return re.MatchString(quote)
}

// Protocol is "smtp" or "pop3", from the ID.
func (c Case[S]) Protocol() string {
	p, _, _ := strings.Cut(c.ID, "-")
	return p
}

// Labels are the Ginkgo labels of the case, so that --label-filter selects
// by any of them: protocol, id, level, RFC section and extension. Labels
// may not hold "&|!,()/", hence key:value.
func (c Case[S]) Labels() []string {
	labels := []string{
		c.Protocol(),
		"id:" + c.ID,
		"level:" + string(c.Level),
		"rfc" + c.RFC + ":" + c.Section,
		"rfc:" + c.RFC,
	}
	if c.Extension != "" {
		labels = append(labels, "ext:"+c.Extension)
	}
	if c.Strict {
		labels = append(labels, "strict")
	}
	return labels
}

// Registry is a protocol's list of cases and oracles, in declaration
// order.
type Registry[S any] struct {
	cases   []Case[S]
	oracles []Oracle
	ids     map[string]bool
}

// AddOracle declares an oracle; bad metadata or a reused ID panics at init.
func (r *Registry[S]) AddOracle(o Oracle) struct{} {
	if err := o.Check(); err != nil {
		panic(err)
	}
	r.claim(o.ID)
	r.oracles = append(r.oracles, o)
	return struct{}{}
}

// Oracles returns the declared oracles.
func (r *Registry[S]) Oracles() []Oracle { return r.oracles }

// claim reserves an ID for a case or an oracle.
func (r *Registry[S]) claim(id string) {
	if r.ids == nil {
		r.ids = make(map[string]bool)
	}
	if r.ids[id] {
		panic(fmt.Sprintf("spec: duplicate case ID %s", id))
	}
	r.ids[id] = true
}

// Add declares a case. A case with bad metadata or a reused ID panics at
// init, so that a broken suite cannot run at all.
func (r *Registry[S]) Add(c Case[S]) struct{} {
	if err := c.Check(); err != nil {
		panic(err)
	}
	r.claim(c.ID)
	r.cases = append(r.cases, c)
	return struct{}{}
}

// Cases returns the declared cases.
func (r *Registry[S]) Cases() []Case[S] { return r.cases }

// Find returns the case with the given ID.
func (r *Registry[S]) Find(id string) (Case[S], bool) {
	for _, c := range r.cases {
		if c.ID == id {
			return c, true
		}
	}
	return Case[S]{}, false
}
