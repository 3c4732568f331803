package fuzz

import (
	"bytes"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mailspec/mailspec/reference/pop3"
	"github.com/mailspec/mailspec/reference/smtp"
)

// A fault is a named break of the reference (reference/smtp/faults.go,
// reference/pop3/faults.go) that the fuzzer must find: with fixed seeds,
// within a bounded number of programs, and as a finding of one of the
// kinds the break explains.
type fault struct {
	name   string
	area   string // sequencing, syntax, end of data, TLS upgrade, ...
	kinds  []string
	faults smtp.Faults
	pop    *pop3.Faults
}

// popRewrite answers POP3 commands matching the pattern, whose status
// line starts with from, with to instead (via pop3.Faults.Reply).
func popRewrite(command, from string, to func(string) string) func(string, string) string {
	re := regexp.MustCompile("(?i)^(?:" + command + ")")
	return func(cmd, resp string) string {
		if re.MatchString(cmd) && strings.HasPrefix(resp, from) {
			return to(resp)
		}
		return resp
	}
}

func always(s string) func(string) string { return func(string) string { return s } }

// plusOne adds one to the number at field i (0 the first after the
// indicator) of a "+OK n m" status line.
func plusOne(i int) func(string) string {
	return func(resp string) string {
		f := strings.Fields(resp)
		if len(f) <= i+1 {
			return resp
		}
		if n, err := strconv.Atoi(f[i+1]); err == nil {
			f[i+1] = strconv.Itoa(n + 1)
		}
		return strings.Join(f, " ")
	}
}

// rewrite answers commands matching the pattern, whose reply starts with
// from, with to instead.
func rewrite(command, from, to string) func(string, string) string {
	re := regexp.MustCompile("(?i)^(?:" + command + ")")
	return func(cmd, reply string) string {
		if re.MatchString(cmd) && strings.HasPrefix(reply, from) {
			return to
		}
		return reply
	}
}

var faults = []fault{
	{name: "RCPT before MAIL answered 250", area: "sequencing", kinds: []string{"reply-code"},
		faults: smtp.Faults{Reply: rewrite("RCPT", "503", "250 2.1.5 Recipient OK\r\n")}},
	{name: "nested MAIL answered 250", area: "sequencing", kinds: []string{"reply-code"},
		faults: smtp.Faults{Reply: rewrite("MAIL", "503 5.5.1 Mail transaction", "250 2.1.0 Sender OK\r\n")}},
	{name: "AUTH with a wrong password answered 235", area: "sequencing", kinds: []string{"reply-code"},
		faults: smtp.Faults{Reply: rewrite("AUTH", "535", "235 2.7.0 Authentication successful\r\n")}},
	{name: "malformed MAIL answered 250", area: "syntax", kinds: []string{"reply-code"},
		faults: smtp.Faults{Reply: rewrite("MAIL", "501", "250 2.1.0 Sender OK\r\n")}},
	{name: "unknown verb answered 250", area: "syntax", kinds: []string{"reply-code"},
		faults: smtp.Faults{Reply: rewrite("XYZZY|TURN", "50", "250 2.0.0 OK\r\n")}},
	{name: "a bare LF ends a line (BareLFEndsLine)", area: "end of data", kinds: []string{"reply-code", "stray-reply", "delivery", "drop"},
		faults: smtp.Faults{BareLFEndsLine: true}},
	{name: "a bare CR ends a line (BareCREndsLine)", area: "end of data", kinds: []string{"reply-code", "stray-reply", "delivery", "drop"},
		faults: smtp.Faults{BareCREndsLine: true}},
	{name: "the transparency dot kept (NoUnstuffing)", area: "SMTP to POP3: content", kinds: []string{"delivery", "pop3-content"},
		faults: smtp.Faults{NoUnstuffing: true}},
	{name: "refused message delivered all the same", area: "SMTP to POP3: exactly once", kinds: []string{"delivery"},
		faults: smtp.Faults{Reply: rewrite("\\.$", "250", "554 5.6.0 refused\r\n")}},
	{name: "plaintext pipelined behind STARTTLS run over TLS (KeepPlaintextAfterSTARTTLS)", area: "TLS upgrade", kinds: []string{"reply-code", "stray-reply", "drop", "tls"},
		faults: smtp.Faults{KeepPlaintextAfterSTARTTLS: true}},
	{name: "state kept across STARTTLS (KeepStateAfterSTARTTLS)", area: "TLS upgrade", kinds: []string{"reply-code"},
		faults: smtp.Faults{KeepStateAfterSTARTTLS: true}},
	{name: "hangs up after RSET without 421 (HangUpAfter)", area: "drop", kinds: []string{"drop"},
		faults: smtp.Faults{HangUpAfter: func(cmd, _ string) bool { return strings.HasPrefix(strings.ToUpper(cmd), "RSET") }}},
	{name: "no reply to NOOP", area: "hang", kinds: []string{"hang"},
		faults: smtp.Faults{Reply: rewrite("NOOP", "250", "")}},
	{name: "RSET reply without a separator", area: "reply format", kinds: []string{"reply-format"},
		faults: smtp.Faults{Reply: rewrite("RSET", "250", "250Reset\r\n")}},
	{name: "enhanced code dropped from the RSET reply", area: "reply format", kinds: []string{"enhanced-code"},
		faults: smtp.Faults{Reply: rewrite("RSET", "250", "250 Reset state\r\n")}},
	{name: "QUIT answered 250", area: "sequencing", kinds: []string{"reply-code"},
		faults: smtp.Faults{Reply: rewrite("QUIT", "221", "250 2.0.0 bye\r\n")}},
	{name: "malformed EHLO keyword (Keywords)", area: "syntax", kinds: []string{"ehlo-keyword"},
		faults: smtp.Faults{Keywords: func(k []string) []string { return append(k, "X_BAD KEYWORD") }}},

	// POP3, and the path from SMTP to it.
	{name: "POP3: messages marked deleted kept at QUIT (KeepDeletedOnQuit)", area: "deletion", kinds: []string{"delivery", "pop3-count", "pop3-size"},
		pop: &pop3.Faults{KeepDeletedOnQuit: true}},
	{name: "POP3: messages marked deleted removed when the client drops (DeleteOnDrop)", area: "deletion", kinds: []string{"delivery", "pop3-count", "pop3-size"},
		pop: &pop3.Faults{DeleteOnDrop: true}},
	{name: "POP3: message numbers shift after DELE (RenumberAfterDele)", area: "deletion", kinds: []string{"pop3-status", "pop3-count", "pop3-size", "pop3-content"},
		pop: &pop3.Faults{RenumberAfterDele: true}},
	{name: "POP3: a refused DELE (before login, of a deleted or missing message) answered +OK", area: "deletion", kinds: []string{"pop3-status"},
		pop: &pop3.Faults{Reply: popRewrite("DELE", "-ERR", always("+OK message deleted"))}},
	{name: "POP3: multi-line responses not byte-stuffed (NoByteStuffing)", area: "end of data", kinds: []string{"pop3-size", "pop3-status", "pop3-content", "delivery"},
		pop: &pop3.Faults{NoByteStuffing: true}},
	{name: "POP3: RETR sends the message cut short by a line (Body)", area: "sizes", kinds: []string{"pop3-size", "pop3-content", "delivery"},
		pop: &pop3.Faults{Body: func(cmd string, b []byte) []byte {
			if !strings.HasPrefix(strings.ToUpper(cmd), "RETR") {
				return b
			}
			if i := bytes.LastIndex(bytes.TrimSuffix(b, []byte("\r\n")), []byte("\r\n")); i >= 0 {
				return b[:i+2]
			}
			return b
		}}},
	{name: "POP3: LIST n tells a size one octet too large", area: "sizes", kinds: []string{"pop3-size"},
		pop: &pop3.Faults{Reply: popRewrite("LIST ", "+OK", plusOne(1))}},
	{name: "POP3: STAT counts one message too many", area: "sizes", kinds: []string{"pop3-count", "pop3-status", "delivery"},
		pop: &pop3.Faults{Reply: popRewrite("STAT", "+OK", plusOne(0))}},
	{name: "POP3: STAT before login answered +OK", area: "sequencing", kinds: []string{"pop3-status"},
		pop: &pop3.Faults{Reply: popRewrite("STAT", "-ERR", always("+OK 0 0"))}},
	{name: "POP3: a wrong password accepted", area: "sequencing", kinds: []string{"pop3-status"},
		pop: &pop3.Faults{Reply: popRewrite("PASS", "-ERR [AUTH]", always("+OK welcome"))}},
	{name: "POP3: NOOP answered without a status indicator", area: "reply format", kinds: []string{"pop3-status"},
		pop: &pop3.Faults{Reply: popRewrite("NOOP", "+OK", always("OK"))}},
	{name: "POP3: no response to QUIT", area: "hang", kinds: []string{"hang", "drop"},
		pop: &pop3.Faults{Reply: popRewrite("QUIT", "+OK", always(""))}},
	{name: "POP3: USER given before STLS kept after it (KeepUserAfterSTLS)", area: "TLS upgrade", kinds: []string{"pop3-status"},
		pop: &pop3.Faults{KeepUserAfterSTLS: true}},
	{name: "POP3: plaintext pipelined behind STLS run over TLS (KeepPlaintextAfterSTLS)", area: "TLS upgrade", kinds: []string{"pop3-status", "drop", "stray-reply", "tls", "hang"},
		pop: &pop3.Faults{KeepPlaintextAfterSTLS: true}},
}

// maxPrograms bounds each search; the seeds are fixed, so a fault found
// once is found every time.
const maxPrograms = 3000

// programInput draws the next input of the fixed sequence.
func programInput(rng *rand.Rand) []byte { return RandomInput(rng) }

// TestFuzzerFindsFaults runs the session fuzzer against the reference
// broken in each named way, and requires it to find the break, as a
// finding of a kind that explains it, within maxPrograms programs.
func TestFuzzerFindsFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("runs thousands of sessions")
	}
	for _, fl := range faults {
		t.Run(fl.name, func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(1, 2))
			ref := newReusedRef(refOptions{faults: &fl.faults, pop: fl.pop, timeout: 200 * time.Millisecond})
			defer ref.Close()
			for i := range maxPrograms {
				p := Decode(programInput(rng), testAccount)
				f := mustRun(t, ref, p)
				if f == nil {
					continue
				}
				if !slices.Contains(fl.kinds, f.Kind) {
					t.Fatalf("program %d: finding %v, want one of %v\n%s", i, f, fl.kinds, joinLog(f.Log))
				}
				t.Logf("%s (%s): found after %d programs: %v", fl.name, fl.area, i+1, f)
				return
			}
			t.Fatalf("not found in %d programs", maxPrograms)
		})
	}
}

// TestFuzzerFindsNothingInTheReference runs the same fixed programs
// against the strict reference: no finding.
func TestFuzzerFindsNothingInTheReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := maxPrograms
	if testing.Short() {
		n = 300
	}
	ref := newReusedRef(refOptions{})
	defer ref.Close()
	for i := range n {
		p := Decode(programInput(rng), testAccount)
		if f := mustRun(t, ref, p); f != nil {
			t.Fatalf("program %d: %v\n%s", i, f, joinLog(f.Log))
		}
	}
}

// TestMinimiseAndReplay minimises a finding to a short program, saves it,
// and replays it: it reproduces against the broken reference and not
// against the strict one.
func TestMinimiseAndReplay(t *testing.T) {
	o := refOptions{faults: &smtp.Faults{NoUnstuffing: true}}
	env := mustStart(t, o)
	rng := rand.New(rand.NewPCG(1, 2))
	var f *Finding
	for i := 0; i < maxPrograms && f == nil; i++ {
		var err error
		if f, err = Run(t.Context(), env, Decode(programInput(rng), testAccount)); err != nil {
			t.Fatal(err)
		}
	}
	if f == nil {
		t.Fatal("no finding to minimise")
	}
	m := Minimise(t.Context(), env, f, 500)
	if m.Key() != f.Key() || m.Program.Len() > f.Program.Len() {
		t.Fatalf("minimised %v (%d steps) from %v (%d steps)", m, m.Program.Len(), f, f.Program.Len())
	}
	if m.Program.Len() > 5 {
		t.Errorf("minimised program has %d steps; EHLO MAIL RCPT DATA need no more", m.Program.Len())
	}
	path := t.TempDir() + "/finding.json"
	if err := Save(path, m); err != nil {
		t.Fatal(err)
	}
	tr, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if ok, g, err := tr.Reproduces(t.Context(), env); err != nil || !ok {
		t.Fatalf("replay against the fault: %v, %v, %v", ok, g, err)
	}
	clean := mustStart(t, refOptions{})
	if ok, g, err := tr.Reproduces(t.Context(), clean); err != nil || ok {
		t.Fatalf("replay against the strict reference: %v, %v, %v", ok, g, err)
	}
	t.Logf("minimised from %d to %d steps:\n%s", f.Program.Len(), m.Program.Len(), joinLog(m.Log))
}
