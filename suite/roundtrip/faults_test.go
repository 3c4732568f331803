package roundtrip

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mailspec/mailspec/internal/casetest"
	"github.com/mailspec/mailspec/internal/reftarget"
	"github.com/mailspec/mailspec/internal/reftest"
	"github.com/mailspec/mailspec/reference"
	refpop3 "github.com/mailspec/mailspec/reference/pop3"
	refsmtp "github.com/mailspec/mailspec/reference/smtp"
	"github.com/mailspec/mailspec/suite/spec"
)

// A fault breaks the reference SMTP server so that one case must fail
// against it; most break what it stores (refsmtp.StoreFaults), which only
// a round trip sees.
type fault struct {
	name  string
	apply func(*refsmtp.Faults)
}

// faults maps case IDs to the faults that must make them fail.
var faults = map[string][]fault{}

// breaks records that each of fs must make the case id fail.
func breaks(id string, fs ...fault) struct{} {
	faults[id] = append(faults[id], fs...)
	return struct{}{}
}

// stored is a fault of what the server stores.
func stored(name string, set func(*refsmtp.StoreFaults)) fault {
	return fault{name: name, apply: func(f *refsmtp.Faults) { set(&f.Store) }}
}

var (
	noUnstuffing = fault{"keeps the transparency dot", func(f *refsmtp.Faults) { f.NoUnstuffing = true }}
	bareLFEnds   = fault{"a bare LF ends a line", func(f *refsmtp.Faults) { f.BareLFEndsLine = true }}
	bareCREnds   = fault{"a bare CR ends a line", func(f *refsmtp.Faults) { f.BareCREndsLine = true }}
)

var (
	_ = breaks("smtp-4.5.2-roundtrip-leading-dots", noUnstuffing)
	_ = breaks("smtp-4.5.2-roundtrip-lone-dot-line", noUnstuffing)
	_ = breaks("smtp-6152.3-roundtrip-8bit-preserved", stored("clears the high bit of every octet", func(f *refsmtp.StoreFaults) { f.Clear8Bit = true }))
	_ = breaks("smtp-4.5.3.1.6-roundtrip-998-octet-lines", stored("folds lines after 990 octets", func(f *refsmtp.StoreFaults) { f.SplitLinesAt = 990 }))
	_ = breaks("smtp-4.1.1.4-roundtrip-no-final-newline", stored("adds an empty line at the end", func(f *refsmtp.StoreFaults) { f.ExtraFinalLine = true }))
	_ = breaks("smtp-3030.2-roundtrip-bdat-chunks", stored("ends each chunk with a CRLF", func(f *refsmtp.StoreFaults) { f.ChunkEndsLine = true }))
	_ = breaks("smtp-1870.4-roundtrip-near-size-limit", stored("stores the first 64 KiB and answers 250", func(f *refsmtp.StoreFaults) { f.TruncateAfter = 64 << 10 }))
	_ = breaks("smtp-4.4-roundtrip-received-prepended", stored("adds no Received field", func(f *refsmtp.StoreFaults) { f.NoReceived = true }))
	_ = breaks("smtp-4.4-roundtrip-return-path-added", stored("adds no Return-Path field", func(f *refsmtp.StoreFaults) { f.NoReturnPath = true }))
	_ = breaks("smtp-4.4-roundtrip-many-recipients", stored("names every recipient in the FOR clause", func(f *refsmtp.StoreFaults) { f.ForEveryRecipient = true }))
	_ = breaks("smtp-2.3.8-roundtrip-bare-lf-not-line-break", bareLFEnds,
		stored("stores a bare LF as it came, a line break in a Maildir", func(f *refsmtp.StoreFaults) { f.BareLineEndsKept = true }))
	_ = breaks("smtp-2.3.8-roundtrip-bare-cr-not-line-break", bareCREnds)
)

// TestEveryCaseFailsAgainstItsFault runs each case against the reference
// with each of its faults, and requires the case's failure verdict.
func TestEveryCaseFailsAgainstItsFault(t *testing.T) {
	casetest.EveryCaseFailsAgainstItsFaults(t, &registry, faults, func(f fault) string { return f.name },
		func(t *testing.T, c Case, f fault) spec.Outcome {
			return runAgainst(t, c, func(cfg *refsmtp.Config) {
				cfg.Faults = &refsmtp.Faults{}
				f.apply(cfg.Faults)
			}, nil)
		})
}

// TestEveryCasePassesAgainstTheReference runs each case against the
// strict reference server: it must pass, and leave the maildrop empty.
func TestEveryCasePassesAgainstTheReference(t *testing.T) {
	casetest.EveryCasePassesAgainstTheReference(t, &registry, func(t *testing.T, c Case) spec.Outcome { return runAgainst(t, c, nil, nil) })
}

// TestFaultsNameCases: every fault belongs to a declared case.
func TestFaultsNameCases(t *testing.T) {
	casetest.NameCases(t, &registry, casetest.Keys(faults))
}

// timeoutForTests bounds each wait in the suite's own tests: the
// reference answers on loopback at once, and delivers before its 250.
const timeoutForTests = 5 * time.Second

// runAgainst runs case c against a fresh reference changed by configure
// (SMTP) and configurePOP3, and requires the maildrop empty afterwards
// when the case passed: each case deletes what it delivered.
func runAgainst(t *testing.T, c Case, configure func(*refsmtp.Config), configurePOP3 func(*refpop3.Config)) spec.Outcome {
	t.Helper()
	inst := reftest.Start(t, reference.Options{SMTP: configure, POP3: configurePOP3})
	defer inst.Close()
	tg := reftarget.Of(inst)
	tg.Timeout = timeoutForTests
	out := spec.Run(c, tg, Open)
	if out.Verdict == spec.Pass {
		if left := leftIn(t, inst); left != 0 {
			t.Errorf("the case passed and left %d messages in the maildrop", left)
		}
	}
	return out
}

// leftIn counts the messages in the first account's Maildir (new/ and
// cur/).
func leftIn(t *testing.T, inst *reference.Instance) int {
	t.Helper()
	dir, err := inst.Store.Maildir(inst.Accounts[0].User)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, sub := range []string{"new", "cur"} {
		entries, err := os.ReadDir(filepath.Join(dir, sub))
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		n += len(entries)
	}
	return n
}
