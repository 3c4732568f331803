package smtp

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/mailspec/mailspec/internal/casetest"
	"github.com/mailspec/mailspec/internal/reftarget"
	"github.com/mailspec/mailspec/internal/reftest"
	"github.com/mailspec/mailspec/reference"
	refsmtp "github.com/mailspec/mailspec/reference/smtp"
	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/target"
)

// A fault is a way to break the reference server so that one case must
// fail against it. Every case has at least one: a case that no broken
// server makes fail proves nothing.
type fault struct {
	name  string
	apply func(*refsmtp.Faults)
	// on, if set, is the legal choice (an alternative) the fault is laid
	// over: a rule broken in the way only a server that chose so can.
	on func(*refsmtp.Alternatives)
}

// over lays f over an alternative of the reference.
func over(name string, on func(*refsmtp.Alternatives), f fault) fault {
	f.name = name + ", " + f.name
	f.on = on
	return f
}

// faults maps case IDs to the faults that must make them fail.
var faults = map[string][]fault{}

// configured maps case IDs to the reference configuration a case needs to
// conclude rather than skip: an extension the reference offers only when
// asked (DSN), or a deployment choice (a 554 greeting). Every run of the
// case in these tests, with a fault or without, uses it; the default
// reference, which TestConformance runs, does not.
var configured = map[string]func(*refsmtp.Config){}

// configuredBy records that the case id runs against a reference configured by
// set; use it as `var _ = configuredBy(id, set)` beside the case's faults.
func configuredBy(id string, set func(*refsmtp.Config)) struct{} {
	configured[id] = set
	return struct{}{}
}

// breaks records that each of fs must make the case id fail; use it as
// `var _ = breaks(id, fault...)` beside the case's tests.
func breaks(id string, fs ...fault) struct{} {
	faults[id] = append(faults[id], fs...)
	return struct{}{}
}

// replyTo rewrites the reply to commands matching the pattern (a regular
// expression over the command line, case-insensitive; "." is the end of
// message data): each reply whose code is from becomes the to line.
func replyTo(command, from, to string) fault {
	re := regexp.MustCompile("(?i)^(?:" + command + ")")
	return fault{
		name: fmt.Sprintf("answers %s with %q instead of %s", command, to, from),
		apply: func(f *refsmtp.Faults) {
			prev := f.Reply
			f.Reply = func(cmd, reply string) string {
				if prev != nil {
					reply = prev(cmd, reply)
				}
				if re.MatchString(cmd) && strings.HasPrefix(reply, from) {
					return to
				}
				return reply
			}
		},
	}
}

// TestEveryCaseFailsAgainstItsFault runs each case against the reference
// server with each of its faults, and requires the case not to pass: fail
// for MUST, warn for SHOULD or a strict case, info for MAY. Each case runs
// against servers of its own, beside the others: some faults leave the
// client waiting for a reply that never comes.
func TestEveryCaseFailsAgainstItsFault(t *testing.T) {
	casetest.EveryCaseFailsAgainstItsFaults(t, &registry, faults, func(f fault) string { return f.name },
		func(t *testing.T, c Case, f fault) spec.Outcome { return runAgainst(t, c, f.configure) })
}

// TestEveryCasePassesAgainstTheReference runs each case, outside Ginkgo,
// against the strict reference server: it must pass.
func TestEveryCasePassesAgainstTheReference(t *testing.T) {
	casetest.EveryCasePassesAgainstTheReference(t, &registry, func(t *testing.T, c Case) spec.Outcome { return runAgainst(t, c, nil) })
}

// TestFaultsNameCases: every fault belongs to a declared case.
func TestFaultsNameCases(t *testing.T) {
	casetest.NameCases(t, &registry, casetest.Keys(faults), casetest.Keys(configured))
}

// configure turns the fault into a change of the reference's configuration.
func (f fault) configure(cfg *refsmtp.Config) {
	cfg.Faults = &refsmtp.Faults{}
	f.apply(cfg.Faults)
	if f.on != nil {
		f.on(&cfg.Alternatives)
	}
}

// runAgainst runs case c against a fresh reference server changed by
// configure: a fault, an alternative, or nil for the strict server.
func runAgainst(t *testing.T, c Case, configure func(*refsmtp.Config)) spec.Outcome {
	t.Helper()
	return runAgainstTarget(t, c, configure, nil)
}

// runAgainstTarget is runAgainst with the target the case sees changed
// by tweak, if not nil.
func runAgainstTarget(t *testing.T, c Case, configure func(*refsmtp.Config), tweak func(*target.Target)) spec.Outcome {
	t.Helper()
	inst := reftest.Start(t, reference.Options{SMTP: func(cfg *refsmtp.Config) {
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
	tg.Slow, tg.IdleWait = true, idleWaitForTests // see idle_test.go
	if tweak != nil {
		tweak(tg)
	}
	return spec.Run(c, tg, Open)
}
