package fuzz

import (
	"encoding/base64"
	"strings"
)

// Op is what a step is, as the model reads it: the model predicts replies
// from the op, never by parsing the bytes, so that a malformed line is
// judged as what it was meant to be.
type Op string

// SMTP ops.
const (
	OpEHLO       Op = "ehlo"        // EHLO with a valid domain
	OpHELO       Op = "helo"        // HELO with a valid domain
	OpGreetBad   Op = "greet-bad"   // EHLO or HELO without a valid argument
	OpMail       Op = "mail"        // MAIL with a valid path and parameters
	OpMailBad    Op = "mail-bad"    // MAIL with a malformed path or parameter
	OpRcpt       Op = "rcpt"        // RCPT with a valid path (Rcpt says whose)
	OpRcptBad    Op = "rcpt-bad"    // RCPT with a malformed path
	OpData       Op = "data"        // DATA, then Body if the server says 354
	OpBdat       Op = "bdat"        // BDAT with Body as the chunk (Last for LAST)
	OpRset       Op = "rset"        // RSET
	OpNoop       Op = "noop"        // NOOP
	OpVrfy       Op = "vrfy"        // VRFY or HELP: any non-3xx answer, no state change
	OpUnknown    Op = "unknown"     // an unrecognised or obsolete verb
	OpOddLine    Op = "odd-line"    // a line with a bare CR, bare LF or NUL, or over-long
	OpArgs       Op = "args"        // a no-argument command (RSET, DATA, QUIT) given one
	OpStartTLS   Op = "starttls"    // STARTTLS, Body pipelined behind it in the same write
	OpAuth       Op = "auth"        // AUTH PLAIN (Good: the right credentials)
	OpAuthLogin  Op = "auth-login"  // AUTH LOGIN exchange (Good: the right credentials)
	OpAuthCancel Op = "auth-cancel" // AUTH LOGIN, cancelled with "*"
	OpQuit       Op = "quit"        // QUIT: the session ends
	OpDrop       Op = "drop"        // the client closes without QUIT
)

// POP3 ops.
const (
	OpLogin   Op = "login"     // USER and PASS (Good: the right password)
	OpStat    Op = "stat"      // STAT
	OpList    Op = "list"      // LIST, or LIST N when N > 0
	OpRetr    Op = "retr"      // RETR N
	OpDele    Op = "dele"      // DELE N
	OpPRset   Op = "pop-rset"  // RSET
	OpPNoop   Op = "pop-noop"  // NOOP
	OpUidl    Op = "uidl"      // UIDL, or UIDL N when N > 0
	OpTop     Op = "top"       // TOP N 0
	OpPBad    Op = "pop-bad"   // an unknown command or a malformed argument
	OpPQuit   Op = "pop-quit"  // QUIT
	OpPDrop   Op = "pop-drop"  // the client closes without QUIT
	OpCapa    Op = "capa"      // CAPA
	OpPassBad Op = "pass-only" // PASS alone: +OK only right after a successful USER (OpUser)
	OpUser    Op = "user"      // USER alone
	OpSTLS    Op = "stls"      // STLS, Body pipelined behind it in the same write (Good: CAPA after TLS)
)

// Step is one client action. Line is sent exactly as it is (a malformed
// line included); Body is what follows it, as the op says.
type Step struct {
	Op   Op     `json:"op"`
	Line string `json:"line,omitempty"`
	Body string `json:"body,omitempty"`
	// Rcpt, for OpRcpt: "self" (the mailbox POP3 reads), "unknown" (a
	// local user that does not exist) or "remote" (a relay).
	Rcpt string `json:"rcpt,omitempty"`
	Last bool   `json:"last,omitempty"` // BDAT LAST
	Good bool   `json:"good,omitempty"` // AUTH / login with the right credentials
	N    int    `json:"n,omitempty"`    // POP3 message number
	// Pipe sends this step in one write with the steps after it up to the
	// first without Pipe, replies read after (RFC 2920).
	Pipe bool `json:"pipe,omitempty"`
}

// Session is one connection's steps.
type Session struct {
	Proto string `json:"proto"` // "smtp" or "pop3"
	Steps []Step `json:"steps"`
}

// Program is what one fuzz input decodes into: SMTP sessions, then POP3
// sessions, then (always) a POP3 check of what was delivered.
type Program struct {
	Sessions []Session `json:"sessions"`
}

// Len is the number of steps in the program.
func (p Program) Len() int {
	n := 0
	for _, s := range p.Sessions {
		n += len(s.Steps)
	}
	return n
}

// Account names the mailbox the fuzzer delivers to and reads from.
type Account struct {
	User, Password string
	Domain         string // the mailbox is User@Domain
}

func (a Account) mailbox() string { return a.User + "@" + a.Domain }

// Bounds keep one program small, so that a core runs many.
const (
	maxSteps    = 48
	maxBodyPart = 8
	maxFree     = 64
)

// decoder reads the fuzz input as a stream of choices; past its end every
// choice is 0.
type decoder struct {
	b []byte
	i int
}

func (d *decoder) more() bool { return d.i < len(d.b) }

func (d *decoder) byte() byte {
	if d.i >= len(d.b) {
		return 0
	}
	c := d.b[d.i]
	d.i++
	return c
}

func (d *decoder) pick(n int) int { return int(d.byte()) % n }

func (d *decoder) bytes(n int) string {
	end := min(d.i+n, len(d.b))
	s := string(d.b[d.i:end])
	d.i = end
	return s
}

// Decode turns any input into a program for acct, through the grammar:
// each input byte picks an op, later bytes its variant. The same input
// always gives the same program.
func Decode(data []byte, acct Account) Program {
	d := &decoder{b: data}
	var p Program
	cur := Session{Proto: "smtp"}
	flush := func(next string) {
		if len(cur.Steps) > 0 {
			p.Sessions = append(p.Sessions, cur)
		}
		cur = Session{Proto: next}
	}
	steps := 0
	for d.more() && steps < maxSteps {
		steps++
		if cur.Proto == "smtp" {
			st, ends, toPOP := smtpStep(d, acct)
			if toPOP {
				flush("pop3")
				continue
			}
			cur.Steps = append(cur.Steps, st)
			if ends {
				flush("smtp")
			}
			continue
		}
		st, ends := pop3Step(d, acct)
		cur.Steps = append(cur.Steps, st)
		if ends {
			flush("pop3")
		}
	}
	flush("")
	return p
}

// smtpStep decodes one SMTP step; ends says the session ends with it,
// toPOP that the program moves on to POP3.
func smtpStep(d *decoder, a Account) (st Step, ends, toPOP bool) {
	switch d.pick(24) {
	case 0, 1:
		return Step{Op: OpEHLO, Line: "EHLO fuzz.example\r\n"}, false, false
	case 2:
		return Step{Op: OpHELO, Line: "HELO fuzz.example\r\n"}, false, false
	case 3:
		return Step{Op: OpGreetBad, Line: []string{"EHLO\r\n", "HELO\r\n", "EHLO bad..domain\r\n", "HELO -x-\r\n"}[d.pick(4)]}, false, false
	case 4, 5:
		param := []string{"", "", " SIZE=1000", " BODY=8BITMIME", " SIZE=99999999999999"}[d.pick(5)]
		from := []string{"<sender@example.org>", "<>", "<\"quoted sender\"@example.org>"}[d.pick(3)]
		return Step{Op: OpMail, Line: "MAIL FROM:" + from + param + "\r\n"}, false, false
	case 6:
		return Step{Op: OpMailBad, Line: []string{
			"MAIL FROM:sender@example.org\r\n", "MAIL FROM:<sender@>\r\n", "MAIL TO:<sender@example.org>\r\n",
			"MAIL FROM:<sender@example.org> BOGUS=1\r\n", "MAIL FROM:<sender@example.org> BODY=9BIT\r\n", "MAIL\r\n",
		}[d.pick(6)]}, false, false
	case 7, 8:
		return Step{Op: OpRcpt, Rcpt: "self", Line: "RCPT TO:<" + a.mailbox() + ">\r\n"}, false, false
	case 9:
		if d.pick(2) == 0 {
			return Step{Op: OpRcpt, Rcpt: "unknown", Line: "RCPT TO:<no-such-user-x7@" + a.Domain + ">\r\n"}, false, false
		}
		return Step{Op: OpRcpt, Rcpt: "remote", Line: "RCPT TO:<someone@example.invalid>\r\n"}, false, false
	case 10:
		return Step{Op: OpRcptBad, Line: []string{
			"RCPT TO:" + a.mailbox() + "\r\n", "RCPT TO:<@>\r\n", "RCPT FROM:<" + a.mailbox() + ">\r\n", "RCPT TO:<>\r\n", "RCPT\r\n",
		}[d.pick(5)]}, false, false
	case 11, 12:
		return Step{Op: OpData, Line: "DATA\r\n", Body: body(d)}, false, false
	case 13:
		b := body(d)
		last := d.pick(2) == 0
		line := "BDAT " + itoa(len(b))
		if last {
			line += " LAST"
		}
		return Step{Op: OpBdat, Line: line + "\r\n", Body: b, Last: last}, false, false
	case 14:
		return Step{Op: OpRset, Line: "RSET\r\n"}, false, false
	case 15:
		return Step{Op: OpNoop, Line: []string{"NOOP\r\n", "NOOP anything\r\n", "noop\r\n"}[d.pick(3)]}, false, false
	case 16:
		return Step{Op: OpVrfy, Line: []string{"VRFY " + a.User + "\r\n", "HELP\r\n", "HELP DATA\r\n", "EXPN staff\r\n"}[d.pick(4)]}, false, false
	case 17:
		return Step{Op: OpUnknown, Line: []string{"XYZZY\r\n", "TURN\r\n", "MAILFROM:<a@b>\r\n", "\r\n"}[d.pick(4)]}, false, false
	case 18:
		return Step{Op: OpOddLine, Line: []string{
			"NOOP\nRSET\r\n", "RSET\rNOOP\r\n", "NO\x00OP\r\n", "NOOP " + strings.Repeat("x", 600) + "\r\n",
			"RSET\r\r\n", "NOOP\n.\r\n",
		}[d.pick(6)]}, false, false
	case 19:
		return Step{Op: OpArgs, Line: []string{"RSET now\r\n", "DATA now\r\n", "QUIT now\r\n", "STARTTLS now\r\n"}[d.pick(4)]}, false, false
	case 20:
		piggy := []string{"", "", "QUIT\r\n", "MAIL FROM:<smuggled@example.org>\r\n", "NOOP\r\n"}[d.pick(5)]
		return Step{Op: OpStartTLS, Line: "STARTTLS\r\n", Body: piggy}, false, false
	case 21:
		switch d.pick(5) {
		case 0, 1:
			good := d.pick(2) == 0
			pw := a.Password
			if !good {
				pw = "wrong-" + a.Password
			}
			return Step{Op: OpAuth, Good: good, Line: "AUTH PLAIN " + base64.StdEncoding.EncodeToString([]byte("\x00"+a.User+"\x00"+pw)) + "\r\n"}, false, false
		case 2:
			return Step{Op: OpAuthLogin, Good: true, Line: "AUTH LOGIN\r\n"}, false, false
		case 3:
			return Step{Op: OpAuthCancel, Line: "AUTH LOGIN\r\n"}, false, false
		default:
			return Step{Op: OpUnknown, Line: []string{"AUTH BOGUS-MECH\r\n", "AUTH PLAIN !!!notbase64\r\n"}[d.pick(2)]}, false, false
		}
	case 22:
		if d.pick(3) == 0 {
			return Step{Op: OpDrop}, true, false
		}
		return Step{Op: OpQuit, Line: "QUIT\r\n"}, true, false
	default:
		// A pipelined batch: the next few simple steps in one write.
		st, ends, toPOP := smtpStep(d, a)
		if !ends && !toPOP && pipelinable(st.Op) {
			st.Pipe = true
		}
		if d.pick(4) == 0 {
			return st, ends, true
		}
		return st, ends, toPOP
	}
}

// pipelinable ops can be sent in a batch: their replies come in order and
// none waits for the client to send more (RFC 2920 §3.1).
func pipelinable(op Op) bool {
	switch op {
	case OpMail, OpMailBad, OpRcpt, OpRcptBad, OpRset, OpNoop, OpVrfy, OpUnknown, OpEHLO, OpHELO, OpGreetBad, OpBdat, OpArgs:
		return true
	}
	return false
}

// bodyParts are the lines a message body is built from: plain lines, lines
// that need the transparency dot, and end-of-data look-alikes, each with
// a command behind it so that a server that ends the data early executes
// something the oracle sees.
var bodyParts = []string{
	"Subject: fuzz\r\n",
	"\r\n",
	"hello, world\r\n",
	".\r\n",                            // the terminator unless stuffed
	"..\r\n",                           // stuffed twice
	".hidden\r\n",                      // a leading dot
	"a\n.\nRSET\r\n",                   // <LF>.<LF>
	"a\r.\rRSET\r\n",                   // <CR>.<CR>
	"a\r\n.\nRSET\r\n",                 // <CRLF>.<LF>
	"a\n.\r\nRSET\r\n",                 // <LF>.<CRLF>
	"a\r\n.\rRSET\r\n",                 // <CRLF>.<CR>
	"caf\xc3\xa9 \xff\x00\r\n",         // 8-bit and NUL
	strings.Repeat("y", 1001) + "\r\n", // over RFC 5321 §4.5.3.1.6's 1000
	"QUIT\r\n",                         // a command as data
}

// body decodes a message body: a few parts, or raw input bytes.
func body(d *decoder) string {
	var b strings.Builder
	n := d.pick(maxBodyPart)
	for range n {
		k := d.pick(len(bodyParts) + 1)
		if k == len(bodyParts) {
			b.WriteString(d.bytes(d.pick(maxFree)))
			continue
		}
		b.WriteString(bodyParts[k])
	}
	return b.String()
}

// pop3Step decodes one POP3 step; ends says the session ends with it.
func pop3Step(d *decoder, a Account) (Step, bool) {
	n := d.pick(6) // 0 and numbers past the end are invalid on purpose
	switch d.pick(20) {
	case 0, 1, 2:
		good := d.pick(4) != 0
		return Step{Op: OpLogin, Good: good}, false
	case 3:
		return Step{Op: OpStat, Line: "STAT\r\n"}, false
	case 4:
		if d.pick(2) == 0 {
			return Step{Op: OpList, Line: "LIST\r\n"}, false
		}
		return Step{Op: OpList, N: n, Line: "LIST " + itoa(n) + "\r\n"}, false
	case 5, 6:
		return Step{Op: OpRetr, N: n, Line: "RETR " + itoa(n) + "\r\n"}, false
	case 7, 8:
		return Step{Op: OpDele, N: n, Line: "DELE " + itoa(n) + "\r\n"}, false
	case 9:
		return Step{Op: OpPRset, Line: "RSET\r\n"}, false
	case 10:
		if d.pick(2) == 0 {
			return Step{Op: OpUidl, Line: "UIDL\r\n"}, false
		}
		return Step{Op: OpUidl, N: n, Line: "UIDL " + itoa(n) + "\r\n"}, false
	case 11:
		return Step{Op: OpTop, N: n, Line: "TOP " + itoa(n) + " 0\r\n"}, false
	case 12:
		return Step{Op: OpPBad, Line: []string{"XTND\r\n", "RETR x\r\n", "DELE\r\n", "LIST 1 2\r\n", "STAT\r\r\n", "STAT\n\r\n"}[d.pick(6)]}, false
	case 13:
		if d.pick(2) == 0 {
			return Step{Op: OpCapa, Line: "CAPA\r\n"}, false
		}
		return Step{Op: OpPNoop, Line: "NOOP\r\n"}, false
	case 14:
		return Step{Op: OpPassBad, Line: "PASS " + a.Password + "\r\n"}, false
	case 15, 16:
		return Step{Op: OpUser, Line: "USER " + a.User + "\r\n"}, false
	case 17, 18:
		// Good: re-issue CAPA after the handshake, as RFC 2595 §4 advises.
		piggy := []string{"", "", "QUIT\r\n", "USER " + a.User + "\r\n", "NOOP\r\n"}[d.pick(5)]
		return Step{Op: OpSTLS, Line: "STLS\r\n", Body: piggy, Good: d.pick(2) == 0}, false
	default:
		if d.pick(3) == 0 {
			return Step{Op: OpPDrop}, true
		}
		return Step{Op: OpPQuit, Line: "QUIT\r\n"}, true
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
