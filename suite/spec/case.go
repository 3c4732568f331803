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
	// skipped when the server does not advertise it.
	Extension string
	// Quote is the RFC sentence the case checks, as written.
	Quote string
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
	}
	return nil
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
	return labels
}

// Registry is a protocol's list of cases, in declaration order.
type Registry[S any] struct {
	cases []Case[S]
	ids   map[string]bool
}

// Add declares a case. A case with bad metadata or a reused ID panics at
// init, so that a broken suite cannot run at all.
func (r *Registry[S]) Add(c Case[S]) struct{} {
	if err := c.Check(); err != nil {
		panic(err)
	}
	if r.ids == nil {
		r.ids = make(map[string]bool)
	}
	if r.ids[c.ID] {
		panic(fmt.Sprintf("spec: duplicate case ID %s", c.ID))
	}
	r.ids[c.ID] = true
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
