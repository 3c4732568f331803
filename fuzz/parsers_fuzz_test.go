package fuzz

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/mailspec/mailspec/reference/mailstore"
	"github.com/mailspec/mailspec/reference/pop3"
	"github.com/mailspec/mailspec/reference/smtp"
	"github.com/mailspec/mailspec/suite/wire"
)

// The parser targets: each parser of the reference and of the suite gets
// hostile bytes and must not panic, must stay within its bounds, and must
// hold a property: what it accepts re-serialises to an equivalent line
// that it reads the same way again, and where the reference and the suite
// read (or one writes and the other reads) the same bytes, they agree.
// The seeds below are hand-picked edges; testdata/fuzz/<Target>/ adds
// lines and replies taken from the suite's cases (written by cmd/mailspec/fuzzseeds_test.go).

// smtpCommandSeeds are command lines (CRLF removed) for FuzzSMTPCommand.
var smtpCommandSeeds = []string{
	"MAIL FROM:<sender@example.org>",                          // a plain reverse-path
	"MAIL FROM:<> BODY=8BITMIME SIZE=1000",                    // the null path, parameters
	"mail from:<\"quoted \\\"sender\\\"\"@example.org>",       // lower case, a quoted local part
	"RCPT TO:<@relay.example,@b.example:user@example.org>",    // a source route, dropped
	"RCPT TO:<user@[192.0.2.1]> NOTIFY=SUCCESS,FAILURE",       // an IPv4 literal, a DSN parameter
	"RCPT TO:<user@[IPv6:2001:db8::1]>",                       // an IPv6 literal
	"MAIL FROM:<us\xc3\xa9r@exampl\xc3\xa9.org> SMTPUTF8",     // UTF-8 (RFC 6531)
	"MAIL FROM:<a@b>  SIZE=1",                                 // two SPs before the parameters
	"MAIL FROM:<a@b> =1",                                      // a parameter without a keyword
	"RSET   ",                                                 // trailing white space (RFC 5321 §4.1.1)
	"EHLO",                                                    // a verb alone
	"ma\xc4\xb1l FROM:<a@b>",                                  // a dotless i: not the ASCII verb MAIL
	"MAIL FROM:<" + strings.Repeat("a", 70) + "@example.org>", // a local part over 64 octets
}

// FuzzSMTPCommand reads a command line as the reference's dispatch and
// MAIL and RCPT handlers do: the verb, the path and the parameters. Each
// part it accepts, written out again, reads back the same; the verb is the
// line's first word up to ASCII case (RFC 5321 §2.4), never a word that
// only Unicode case folding makes a verb.
func FuzzSMTPCommand(f *testing.F) {
	for _, s := range smtpCommandSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		v, arg, hasArg := smtp.SplitCommand(line)
		first, _, _ := strings.Cut(strings.TrimRight(string(line), " \t"), " ")
		if v != asciiUpper(first) {
			t.Fatalf("SplitCommand(%q): verb %q, want %q, the first word in ASCII upper case", line, v, asciiUpper(first))
		}
		again := joinArg(v, arg, hasArg)
		if v2, arg2, has2 := smtp.SplitCommand([]byte(again)); v2 != v || arg2 != arg || has2 != hasArg {
			t.Fatalf("SplitCommand(%q) = %q %q; re-serialised %q reads %q %q", line, v, arg, again, v2, arg2)
		}
		prefix := map[string]string{"MAIL": "FROM:", "RCPT": "TO:"}[v]
		if prefix == "" {
			return
		}
		path, ptext, ok := smtp.SplitPathArg(arg, prefix)
		if !ok {
			return
		}
		params, pok := smtp.ParseParams(ptext)
		if pok {
			out := renderParams(params)
			if p2, ok := smtp.ParseParams(out); !ok || !reflect.DeepEqual(p2, params) {
				t.Fatalf("ParseParams(%q) = %v; re-serialised %q reads %v, %v", ptext, params, out, p2, ok)
			}
		}
		if path == "<>" {
			return
		}
		for _, utf8 := range []bool{false, true} {
			p, rest, ok := smtp.ParsePath(path, utf8)
			if !ok || rest != "" {
				continue
			}
			if len(p.Local) > 64 || len(p.Domain) > 255 {
				t.Fatalf("ParsePath(%q) accepted %+v, over RFC 5321 §4.5.3.1's limits", path, p)
			}
			// The whole line again, from what was read.
			line2 := v + " " + prefix + p.String()
			if ptext != "" {
				line2 += " " + ptext
			}
			v2, arg2, _ := smtp.SplitCommand([]byte(line2))
			path2, ptext2, ok2 := smtp.SplitPathArg(arg2, prefix)
			q, rest2, ok3 := smtp.ParsePath(path2, utf8)
			if v2 != v || !ok2 || ptext2 != ptext || !ok3 || rest2 != "" || q != p {
				t.Fatalf("ParsePath(%q, %v) = %+v; re-serialised line %q reads %+v (%q %q %v %v)", path, utf8, p, line2, q, path2, ptext2, ok2, ok3)
			}
		}
	})
}

func joinArg(v, arg string, hasArg bool) string {
	if hasArg {
		return v + " " + arg
	}
	return v
}

func renderParams(ps []smtp.Param) string {
	var out []string
	for _, p := range ps {
		s := p.Keyword
		if p.HasValue {
			s += "=" + p.Value
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

// asciiUpper upper-cases ASCII letters only, as protocol keywords are
// compared (RFC 5234 §2.3: ABNF strings are case-insensitive US-ASCII).
func asciiUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// smtpReplySeeds are replies for FuzzSMTPReply.
var smtpReplySeeds = []string{
	"250 2.0.0 OK\r\n", // single line, enhanced code
	"250-mx.example\r\n250-PIPELINING\r\n250 SIZE 10240000\r\n", // EHLO reply
	"354 Start mail input; end with <CRLF>.<CRLF>\r\n",          // no enhanced code
	"250\r\n",                           // the code alone
	"250 \r\n",                          // the code and SP
	"220-\r\n220 ready\r\n",             // an empty continuation line
	"550 5.1.1 caf\xc3\xa9\r\n",         // 8-bit text: TextProblem
	"451 4.3.0 a\rb\r\n",                // a bare CR in the text
	"250-a\r\n251 b\r\n",                // two codes: not a reply
	"250 OK\n",                          // bare LF: not a reply
	"\x02\x05\x01hello\nworld",          // as the reference side decodes it: 2 5 1, enhanced, two lines
	"\x03\x00\x00Username:\x00\x00\x00", // a 354-style reply without an enhanced code
}

// FuzzSMTPReply checks the suite's reply reader against the reference's
// reply writer, both ways. What wire.ParseReply accepts, the reference
// writes out again (smtp.Reply.Format) as a reply the suite reads the same
// (the code alone comes back with its SP, which RFC 5321 §4.2 lets a
// client take either way). And any reply the reference can build, the
// suite reads with the same code, lines and enhanced code, and finds its
// text outside textstring exactly when it is.
func FuzzSMTPReply(f *testing.F) {
	for _, s := range smtpReplySeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if rep, err := wire.ParseReply(b); err == nil {
			out := smtp.Reply{Code: rep.Code, Lines: rep.Lines}.Format()
			again, err := wire.ParseReply([]byte(out))
			if err != nil || again.Code != rep.Code || !reflect.DeepEqual(again.Lines, rep.Lines) || (again.TextProblem == "") != (rep.TextProblem == "") {
				t.Fatalf("ParseReply(%q) = %d %q; the reference writes it %q, read as %v, %v", b, rep.Code, rep.Lines, out, again, err)
			}
			if last := rep.Lines[len(rep.Lines)-1]; out != string(b) && !(last == "" && !rep.TrailingSP) {
				t.Fatalf("ParseReply(%q): the reference writes it back as %q", b, out)
			}
		} else {
			var pe *wire.ProtocolError
			if !errors.As(err, &pe) && !wire.IsClosed(err) {
				t.Fatalf("ParseReply(%q): error %v is neither a ProtocolError nor a short read", b, err)
			}
		}
		ref := referenceReply(b)
		out := ref.Format()
		rep, err := wire.ParseReply([]byte(out))
		if err != nil {
			t.Fatalf("the reference's reply %q does not read: %v", out, err)
		}
		if rep.Code != ref.Code || rep.String() != out || len(rep.Lines) != len(ref.Lines) {
			t.Fatalf("the reference's reply %q reads as %d %q", out, rep.Code, rep.Lines)
		}
		if ref.Enhanced != "" {
			if ec, ok := rep.EnhancedCode(); !ok || ec.String() != ref.Enhanced {
				t.Fatalf("the reference's reply %q: enhanced code %v %v, want %s", out, ec, ok, ref.Enhanced)
			}
		}
		textual := true
		for _, l := range ref.Lines {
			for i := 0; i < len(l); i++ {
				textual = textual && (l[i] == '\t' || l[i] >= 32 && l[i] <= 126)
			}
		}
		if textual != (rep.TextProblem == "") {
			t.Fatalf("the reference's reply %q: text problem %q, want one: %v", out, rep.TextProblem, !textual)
		}
	})
}

// referenceReply decodes b into a reply the reference could send: the
// first three octets pick the code's digits within RFC 5321 §4.2's
// ranges, the code's class the enhanced code's, and the rest, split at
// LF, are the lines (a NUL as the first octet of the rest: no enhanced
// code). No line holds CR or LF: the reference never writes one inside a
// line.
func referenceReply(b []byte) smtp.Reply {
	var d [3]byte
	copy(d[:], b)
	rest := b[min(len(b), 3):]
	code := (2+int(d[0])%4)*100 + int(d[1])%6*10 + int(d[2])%10
	r := smtp.Reply{Code: code}
	if code/100 != 3 && !bytes.HasPrefix(rest, []byte{0}) {
		r.Enhanced = fmt.Sprintf("%d.%d.%d", code/100, int(d[1])*7%1000, int(d[2])*13%1000)
	}
	for l := range strings.SplitSeq(string(rest), "\n") {
		if len(r.Lines) == maxReplyLines {
			break
		}
		l = strings.ReplaceAll(l, "\r", "")
		r.Lines = append(r.Lines, l[:min(len(l), maxReplyText)])
	}
	return r
}

// Bounds on the replies referenceReply builds: the reference's own are
// far within them (RFC 5321 §4.5.3.1.5: 512 octets a line).
const (
	maxReplyLines = 100
	maxReplyText  = 500
)

// pop3CommandSeeds are client input for FuzzPOP3Command: lines, CRLF kept.
var pop3CommandSeeds = []string{
	"USER alice\r\nPASS secret word\r\n",      // PASS takes the rest whole
	"LIST 1\r\nlist\r\nTOP 1 0\r\n",           // arguments, lower case
	"RETR  1\r\n",                             // two SPs: an empty argument
	"STAT\r\r\nNOOP\nRSET\r\n",                // bare CR and bare LF: never line ends
	"DELE 1 \r\n",                             // a trailing SP
	"XY\r\nTOOLONG\r\n",                       // keywords of 2 and 7 octets
	"AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n",     // AUTH with an initial response
	strings.Repeat("N", 300) + "\r\nSTAT\r\n", // over 255 octets, then a command
	"RETR 1\r",                                // no LF: incomplete
}

// FuzzPOP3Command reads client input line by line as the reference's
// session does, with a small buffer so that lines cross it. Every line
// it returns is what splitting at CRLF gives, no longer than RFC 2449
// §4's 255 octets and holding no CR or LF; it refuses exactly the lines
// with a bare CR or LF and those over the limit. Each command it splits,
// written out again, splits the same.
func FuzzPOP3Command(f *testing.F) {
	for _, s := range pop3CommandSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		br := bufio.NewReaderSize(bytes.NewReader(b), 16)
		pieces := bytes.SplitAfter(b, []byte("\r\n"))
		for i := 0; ; i++ {
			line, err := pop3.ReadLine(br, pop3.MaxCommandLine)
			if i >= len(pieces) || !bytes.HasSuffix(pieces[i], []byte("\r\n")) {
				if err == nil {
					t.Fatalf("ReadLine(%q): line %d %q, but no CRLF is left", b, i+1, line)
				}
				if !errors.Is(err, io.EOF) {
					t.Fatalf("ReadLine(%q): line %d: %v, want EOF", b, i+1, err)
				}
				return
			}
			want := pieces[i][:len(pieces[i])-2]
			switch {
			case len(want)+2 > pop3.MaxCommandLine:
				if !errors.Is(err, pop3.ErrLineTooLong) {
					t.Fatalf("ReadLine(%q): line %d of %d octets: %q, %v; want ErrLineTooLong", b, i+1, len(want)+2, line, err)
				}
				continue
			case bytes.ContainsAny(want, "\r\n"):
				if !errors.Is(err, pop3.ErrBadLineEnd) {
					t.Fatalf("ReadLine(%q): line %d %q: %q, %v; want ErrBadLineEnd", b, i+1, want, line, err)
				}
				continue
			case err != nil || !bytes.Equal(line, want):
				t.Fatalf("ReadLine(%q): line %d: %q, %v; want %q", b, i+1, line, err, want)
			}
			c, ok := pop3.ParseCommand(line)
			if !ok {
				continue
			}
			again := joinArg(c.Keyword, c.Rest, c.HasRest)
			if c2, ok := pop3.ParseCommand([]byte(again)); !ok || !reflect.DeepEqual(c2, c) {
				t.Fatalf("ParseCommand(%q) = %+v; re-serialised %q reads %+v, %v", line, c, again, c2, ok)
			}
		}
	})
}

// pop3StatusSeeds are status lines for FuzzPOP3Status.
var pop3StatusSeeds = []string{
	"+OK\r\n",                              // the indicator alone
	"+OK \r\n",                             // and a SP
	"-ERR [IN-USE] maildrop is locked\r\n", // a response code (RFC 2449 §8)
	"-ERR [SYS/TEMP] try later\r\n",        // a hierarchical code
	"+OK 2 320\r\n",                        // STAT's answer
	"+ AGFsaWNl\r\n",                       // a SASL continuation
	"+ok\r\n",                              // lower case: not an indicator
	"-ERR caf\xc3\xa9\r\n",                 // 8-bit text: outside CHAR
	"\x01IN-USE\x00maildrop locked",        // as the reference side decodes it
	"\x00\x00\x00",                         // -ERR, no code, no text
}

// FuzzPOP3Status checks the suite's status reader against the reference's
// status writer, both ways: a +OK or -ERR line the suite reads, the
// reference writes the same (but for a trailing SP after the indicator,
// which it never sends) and the suite reads it alike; a status the
// reference builds, the suite reads with the same indicator, response
// code and text, and refuses exactly when the text is outside RFC 2449
// §9's CHAR.
func FuzzPOP3Status(f *testing.F) {
	for _, s := range pop3StatusSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if st, err := wire.ParseStatus(b); err == nil && st.Kind != wire.StatusContinue {
			out := pop3.StatusLine(st.OK(), "", st.Text)
			again, err := wire.ParseStatus([]byte(out))
			if err != nil || again.Kind != st.Kind || again.Text != st.Text || again.Code != st.Code {
				t.Fatalf("ParseStatus(%q) = %+v; the reference writes it %q, read as %+v, %v", b, st, out, again, err)
			}
			if out != string(b) && !st.TrailingSP {
				t.Fatalf("ParseStatus(%q): the reference writes it back as %q", b, out)
			}
		}
		var ok bool
		if len(b) > 0 {
			ok, b = b[0]&1 == 1, b[1:]
		}
		code, text, _ := strings.Cut(string(b), "\x00")
		if !validRespCode(code) {
			code = ""
		}
		out := pop3.StatusLine(ok, code, text)
		st, err := wire.ParseStatus([]byte(out))
		if !statusOctets(code + text) {
			if err == nil {
				t.Fatalf("the reference's status %q holds a NUL, CR or LF, and reads as %+v", out, st)
			}
			return
		}
		if err != nil {
			t.Fatalf("the reference's status %q does not read: %v", out, err)
		}
		if ascii := statusChars(code + text); ascii != (st.TextProblem == "") {
			t.Fatalf("the reference's status %q: US-ASCII %v, but TextProblem %q", out, ascii, st.TextProblem)
		}
		if st.OK() != ok || st.String() != out || code != "" && st.Code != code {
			t.Fatalf("the reference's status %q reads as %+v", out, st)
		}
	})
}

// validRespCode reports whether s is a resp-code's content (RFC 2449 §9):
// resp-level *("/" resp-level), resp-level = 1*rchar, rchar = %x21-2E /
// %x30-5C / %x5E-7F.
func validRespCode(s string) bool {
	if s == "" {
		return false
	}
	for level := range strings.SplitSeq(s, "/") {
		if level == "" {
			return false
		}
		for i := 0; i < len(level); i++ {
			if c := level[i]; c < 0x21 || c > 0x7f || c == ']' {
				return false
			}
		}
	}
	return true
}

// statusChars reports whether s is all CHAR (RFC 2449 §9) but CR and LF.
// statusOctets reports whether s may stand in a status line's text at
// all: no NUL, CR or LF (anything else reads, 8-bit text noted).
func statusOctets(s string) bool {
	return !strings.ContainsAny(s, "\x00\r\n")
}

func statusChars(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == 0 || c > 0x7f || c == '\r' || c == '\n' {
			return false
		}
	}
	return true
}

// pop3MultilineSeeds are message bodies for FuzzPOP3Multiline.
var pop3MultilineSeeds = []string{
	"",                                  // empty
	"Subject: x\r\n\r\nbody\r\n",        // a message
	".\r\n..\r\n.hidden\r\n",            // lines that need the stuffing
	"a\n.\nb",                           // local form, no final line end
	"a\r.\r\n",                          // a bare CR before a dot
	"\r\n.\r\n",                         // the end of a response, inside a body
	strings.Repeat("x", 5000) + "\r\n.", // a line longer than the buffers
}

// FuzzPOP3Multiline checks the reference's multi-line writer against the
// suite's multi-line reader: any message, put in network form as the
// store does, written byte-stuffed by the reference, reads back
// byte-identical and the read ends at the terminator, no sooner; the
// reference's stuffing is the suite's own (wire.DotStuff). With a bound
// on the body, the reader stops with ErrLimit rather than buffer past it.
func FuzzPOP3Multiline(f *testing.F) {
	for _, s := range pop3MultilineSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		body, err := io.ReadAll(mailstore.NewCRLFReader(bytes.NewReader(b)))
		if err != nil {
			t.Fatal(err)
		}
		var sent bytes.Buffer
		if err := pop3.WriteMultiline(&sent, body); err != nil {
			t.Fatal(err)
		}
		if want := wire.DotStuff(string(body)) + ".\r\n"; sent.String() != want {
			t.Fatalf("the reference stuffs %q as %q, the suite as %q", body, sent.Bytes(), want)
		}
		rd := bytes.NewReader(sent.Bytes())
		got, err := wire.NewReader(rd, wire.Limits{}).ReadMultiline()
		if err != nil || !bytes.Equal(got, body) || rd.Len() != 0 {
			t.Fatalf("the reference sends %q as %q; the suite reads %q, %v, %d octets left", body, sent.Bytes(), got, err, rd.Len())
		}
		const bound = 64
		got, err = wire.NewReader(bytes.NewReader(sent.Bytes()), wire.Limits{MaxBody: bound}).ReadMultiline()
		switch {
		case sent.Len()-3 > bound:
			if !errors.Is(err, wire.ErrLimit) {
				t.Fatalf("%d octets read under a bound of %d: %q, %v", sent.Len()-3, bound, got, err)
			}
		case err != nil || !bytes.Equal(got, body):
			t.Fatalf("%q within the bound reads %q, %v", body, got, err)
		}
	})
}

// saslSeeds are SASL responses and PLAIN messages for FuzzSASL.
var saslSeeds = []string{
	"AGFsaWNlAHNlY3JldA==", // base64 of a PLAIN message
	"=",                    // the empty response (RFC 4954 §4)
	"",                     // an empty line
	"YWJj\r\n",             // a CRLF, which no line read holds
	"YW=j",                 // padding inside
	"YWJ=",                 // non-zero padding bits: not canonical
	"\x00alice\x00secret",  // a PLAIN message
	"alice\x00alice\x00pw", // with an authorization identity
	"\x00alice\x00",        // an empty password
	"\x00\x00pw",           // an empty authentication identity
	"a\x00b\x00c\x00d",     // four fields
}

// FuzzSASL checks the two SASL readings of the reference, SMTP's (RFC
// 4954) and POP3's (RFC 5034), against each other and against the
// canonical encoding. A response either decodes identically in both or is
// refused by both ("" and "=" excepted, which each protocol gives its own
// meaning); what decodes encodes back to the same text (strict base64
// has one form). A PLAIN message splits the same in both (one parser,
// reference/internal/sasl, serves them), an empty authcid or passwd
// refused by both. What splits joins back to the message.
func FuzzSASL(f *testing.F) {
	for _, s := range saslSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s := string(b)
		if strings.ContainsAny(s, "\r\n") {
			// No response line holds one: both line readers refuse it
			// first. (Go's base64 decoder skips CR and LF.)
			s = ""
		}
		sb, sok := smtp.DecodeSASL(s)
		pb, perr := pop3.DecodeSASL(s)
		if s != "" && s != "=" && (sok != (perr == nil) || sok && !bytes.Equal(sb, pb)) {
			t.Fatalf("response %q: SMTP reads %q, %v; POP3 %q, %v", s, sb, sok, pb, perr)
		}
		if sok && s != "=" && base64.StdEncoding.EncodeToString(sb) != s {
			t.Fatalf("response %q decodes to %q, which encodes as %q", s, sb, base64.StdEncoding.EncodeToString(sb))
		}
		a1, c1, p1, ok1 := smtp.SplitPlain(b)
		a2, c2, p2, ok2 := pop3.ParsePlain(b)
		if ok1 != ok2 || a1 != a2 || c1 != c2 || p1 != p2 {
			t.Fatalf("PLAIN %q: POP3 reads %q %q %q, %v; SMTP %q %q %q, %v", b, a2, c2, p2, ok2, a1, c1, p1, ok1)
		}
		if ok1 && (c1 == "" || p1 == "") {
			t.Fatalf("PLAIN %q: an empty authcid or passwd taken (%q %q)", b, c1, p1)
		}
		if ok1 && a1+"\x00"+c1+"\x00"+p1 != string(b) {
			t.Fatalf("PLAIN %q splits as %q %q %q", b, a1, c1, p1)
		}
	})
}
