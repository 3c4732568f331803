package pop3

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mailspec/mailspec/internal/casetest"
	"github.com/mailspec/mailspec/internal/reftarget"
	"github.com/mailspec/mailspec/internal/reftest"
	"github.com/mailspec/mailspec/reference"
	refpop3 "github.com/mailspec/mailspec/reference/pop3"
	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/target"
)

// A fault is a way to break the reference POP3 server so that one case
// must fail against it. Every case has at least one: a case that no
// broken server makes fail proves nothing.
type fault struct {
	name  string
	apply func(*refpop3.Faults)
}

// configure turns the fault into a change of the reference's configuration.
func (f fault) configure(cfg *refpop3.Config) {
	cfg.Faults = &refpop3.Faults{}
	f.apply(cfg.Faults)
}

// faults maps case IDs to the faults that must make them fail.
var faults = map[string][]fault{}

// breaks records that each of fs must make the case id fail; use it as
// `var _ = breaks(id, fault...)` beside the case's tests.
func breaks(id string, fs ...fault) struct{} {
	faults[id] = append(faults[id], fs...)
	return struct{}{}
}

// replyTo rewrites the status line answering commands that match the
// pattern (a regular expression over the command line, case-insensitive;
// "" is the greeting): each line that begins with from becomes to.
func replyTo(command, from, to string) fault {
	re := regexp.MustCompile("(?i)^(?:" + command + ")$")
	return fault{
		name: fmt.Sprintf("answers %s with %q instead of %s", command, to, from),
		apply: func(f *refpop3.Faults) {
			f.Reply = func(cmd, response string) string {
				if re.MatchString(cmd) && strings.HasPrefix(response, from) {
					return to
				}
				return response
			}
		},
	}
}

// bodyOf rewrites the multi-line body answering commands that match the
// pattern.
func bodyOf(name, command string, edit func([]byte) []byte) fault {
	re := regexp.MustCompile("(?i)^(?:" + command + ")$")
	return fault{name: name, apply: func(f *refpop3.Faults) {
		f.Body = func(cmd string, body []byte) []byte {
			if re.MatchString(cmd) {
				return edit(body)
			}
			return body
		}
	}}
}

// flag is a fault that sets one of the behavioural switches.
func flag(name string, set func(*refpop3.Faults)) fault { return fault{name: name, apply: set} }

// TestEveryCaseFailsAgainstItsFault runs each case against the reference
// with each of its faults, and requires the case not to pass: fail for
// MUST, warn for SHOULD or a strict case, info for MAY.
func TestEveryCaseFailsAgainstItsFault(t *testing.T) {
	casetest.EveryCaseFailsAgainstItsFaults(t, &registry, faults, func(f fault) string { return f.name },
		func(t *testing.T, c Case, f fault) spec.Outcome { return runAgainst(t, c, f.configure) })
}

// TestEveryCasePassesAgainstTheReference runs each case, outside Ginkgo,
// against the strict reference server: it must pass, or skip where the
// strict reference does not offer what the case is about.
func TestEveryCasePassesAgainstTheReference(t *testing.T) {
	casetest.EveryCasePassesAgainstTheReference(t, &registry, func(t *testing.T, c Case) spec.Outcome { return runAgainst(t, c, nil) })
}

// configured maps case IDs to the reference configuration a case needs to
// conclude rather than skip: a choice the strict reference does not make
// by default (APOP offered, USER before TLS). Every run of the case in
// these tests, with a fault or without, uses it; the default reference,
// which TestConformance runs, does not.
var configured = map[string]func(*refpop3.Config){}

// configuredBy records that the case id runs against a reference
// configured by set.
func configuredBy(id string, set func(*refpop3.Config)) struct{} {
	configured[id] = set
	return struct{}{}
}

// targeted maps case IDs to what a case needs in the target beyond what
// the reference's Target gives, such as an APOP secret.
var targeted = map[string]func(*target.Target){}

// targetedBy records that the case id runs with the target changed by set.
func targetedBy(id string, set func(*target.Target)) struct{} {
	targeted[id] = set
	return struct{}{}
}

// TestFaultsNameCases: every fault belongs to a declared case.
func TestFaultsNameCases(t *testing.T) {
	casetest.NameCases(t, &registry, casetest.Keys(faults), casetest.Keys(targeted), casetest.Keys(configured))
}

// timeoutForTests bounds each wait in the suite's own tests: the
// reference answers on loopback at once.
const timeoutForTests = 5 * time.Second

// idleWaitForTests stands for RFC 1939 §3's ten minutes in the suite's
// own tests, against a reference whose autologout timer is scaled down to
// match (see faults_more_test.go).
const idleWaitForTests = 200 * time.Millisecond

// runAgainst runs case c against a fresh reference changed by configure:
// a fault, an alternative, or nil for the strict server.
func runAgainst(t *testing.T, c Case, configure func(*refpop3.Config)) spec.Outcome {
	t.Helper()
	return runAgainstTarget(t, c, configure, nil)
}

// runAgainstTarget is runAgainst with the target the case sees changed
// by tweak, if not nil.
func runAgainstTarget(t *testing.T, c Case, configure func(*refpop3.Config), tweak func(*target.Target)) spec.Outcome {
	t.Helper()
	inst := reftest.Start(t, reference.Options{POP3: func(cfg *refpop3.Config) {
		if set := configured[c.ID]; set != nil {
			set(cfg)
		}
		if configure != nil {
			configure(cfg)
		}
	}})
	defer inst.Close()
	tg := reftarget.Of(inst)
	tg.Timeout = timeoutForTests
	tg.Slow, tg.IdleWait = true, idleWaitForTests
	if set := targeted[c.ID]; set != nil {
		set(tg)
	}
	if tweak != nil {
		tweak(tg)
	}
	return spec.Run(c, tg, Open)
}
