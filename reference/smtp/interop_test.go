package smtp

// Interoperability: real SMTP clients that nobody here wrote (Python's
// smtplib, swaks) send through the reference server, and what lands in the
// Maildir is compared byte for byte with what they sent. The server stores
// messages in local form (each CRLF becomes LF) after a Return-Path and a
// Received field, so the expected file is the client's DATA bytes, dots
// unstuffed, CRLF turned into LF.

import (
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mailspec/mailspec/reference/internal/tooltest"
	"github.com/mailspec/mailspec/reference/selfsigned"
)

// clientTimeout bounds every run of an outside client.
const clientTimeout = 30 * time.Second

// interopMessage is a message in wire form (CRLF line ends, not yet
// dot-stuffed) whose lines each test one thing a client and the server must
// agree on.
func interopMessage(to string) string {
	return strings.Join([]string{
		"From: Sender <sender@example.org>",
		"To: " + to,
		"Subject: interop: dots, 8-bit text, a long line",
		"MIME-Version: 1.0",
		"Content-Type: text/plain; charset=utf-8",
		"Content-Transfer-Encoding: 8bit",
		"",
		"A first line.",
		".A line that starts with a dot (sent as two dots).",
		"..Two dots (sent as three).",
		".", // a lone dot that is not the end of the data: sent as ".."
		"8-bit UTF-8 (BODY=8BITMIME): Grüße aus Köln, 日本語, 🙂",
		strings.Repeat("x", 998), // RFC 5321 §4.5.3.1.6: 998 octets, 1000 with CRLF
		// 998 octets again, 999 on the wire: §4.5.3.1.6 limits the text
		// line, and the transparency dot (§4.5.2) is not part of it.
		"." + strings.Repeat("y", 997),
		"The last line.",
	}, "\r\n") + "\r\n"
}

// localForm is how the server stores a message it received in wire form.
func localForm(wire string) string {
	return strings.ReplaceAll(wire, "\r\n", "\n")
}

// wantDelivery is what one test expects to find in one mailbox.
type wantDelivery struct {
	user       string // the mailbox
	returnPath string // the Return-Path field's value
	with       string // the protocol named in the Received field (RFC 3848)
	body       string // the message after the trace fields, in local form
}

// checkDelivered checks that user's new/ directory holds exactly one
// message and that it is want, byte for byte. transcript is the client's
// side of the session, printed with any failure.
func checkDelivered(t *testing.T, ts *testServer, want wantDelivery, transcript string) {
	t.Helper()
	msgs := ts.delivered(t, want.user)
	if len(msgs) != 1 {
		t.Fatalf("%s's Maildir holds %d messages, want 1\nclient transcript:\n%s", want.user, len(msgs), transcript)
	}
	msg := msgs[0]
	if got := submatch(msg, `^Return-Path: (.*)\n`); got != want.returnPath {
		t.Errorf("%s: Return-Path %q, want %q", want.user, got, want.returnPath)
	}
	if got := submatch(msg, `\n\tby \S+ with (\S+) id `); got != want.with {
		t.Errorf("%s: Received field says with %q, want %q\nstored message starts:\n%s", want.user, got, want.with, firstLines(msg, 5))
	}
	if diff := cmp.Diff(want.body, body(t, msg)); diff != "" {
		t.Errorf("%s: stored message differs from what the client sent (-want +got):\n%s\nclient transcript:\n%s", want.user, diff, transcript)
	}
}

// submatch returns the first submatch of pattern in s, or "".
func submatch(s, pattern string) string {
	m := regexp.MustCompile(pattern).FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	return m[1]
}

// firstLines is the first n lines of s.
func firstLines(s string, n int) string {
	lines := strings.SplitAfterN(s, "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "")
}

// checkNothingDelivered checks that no mailbox of users received anything.
func checkNothingDelivered(t *testing.T, ts *testServer, transcript string, users ...string) {
	t.Helper()
	for _, u := range users {
		if msgs := ts.delivered(t, u); len(msgs) != 0 {
			t.Errorf("%s's Maildir holds %d messages, want none\nclient transcript:\n%s", u, len(msgs), transcript)
		}
	}
}

// writeClientFile writes data to name in dir and returns its path.
func writeClientFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// portNumber is the server's port number, for clients that take it apart.
func (ts *testServer) portNumber(t *testing.T) string {
	t.Helper()
	_, port, err := net.SplitHostPort(ts.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	return port
}

// --- Python's smtplib ---

// smtplibPrelude starts every smtplib script: it connects to the server and
// records the bytes smtplib hands to DATA (before it dot-stuffs them), so
// that a test knows exactly what was sent even when Python's email package
// built the message. smtplib's debug output on stderr is the transcript.
const smtplibPrelude = `
import os, smtplib, ssl
from email.message import EmailMessage

class RecordingSMTP(smtplib.SMTP):
    def data(self, msg):
        with open(os.environ['SENT'], 'wb') as f:
            f.write(msg)
        return super().data(msg)

def message():
    with open(os.environ['MESSAGE'], 'rb') as f:
        return f.read()

def send(smtp, sender, recipients, msg, options=()):
    refused = smtp.sendmail(sender, recipients, msg, mail_options=list(options))
    assert not refused, refused

smtp = RecordingSMTP('127.0.0.1', int(os.environ['SMTP_PORT']), local_hostname='client.example', timeout=10)
smtp.set_debuglevel(1)
`

// runSmtplib runs script (after smtplibPrelude, before QUIT) with
// /usr/bin/python3 against ts. message is the file MESSAGE names. It
// returns the bytes smtplib handed to DATA (empty if it never got there),
// the transcript, and the script's error if it failed.
func runSmtplib(t *testing.T, ts *testServer, script, message string) (sent, transcript string, err error) {
	t.Helper()
	const python = "/usr/bin/python3"
	tooltest.NeedPythonSSL(t, python) // the prelude imports ssl
	dir := t.TempDir()
	scriptPath := writeClientFile(t, dir, "client.py", []byte(smtplibPrelude+script+"\nsmtp.quit()\n"))
	sentPath := filepath.Join(dir, "sent.eml")
	ctx, cancel := context.WithTimeout(t.Context(), clientTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, scriptPath)
	cmd.Env = append(os.Environ(),
		"SMTP_PORT="+ts.portNumber(t),
		"MESSAGE="+writeClientFile(t, dir, "message.eml", []byte(message)),
		"SENT="+sentPath,
		"CAFILE="+writeClientFile(t, dir, "ca.pem", ts.cert.PEM),
		"PYTHONIOENCODING=utf-8",
	)
	out, err := cmd.CombinedOutput()
	b, _ := os.ReadFile(sentPath)
	return string(b), string(out), err
}

// mustRunSmtplib is runSmtplib for scripts that must succeed.
func mustRunSmtplib(t *testing.T, ts *testServer, script, message string) (sent, transcript string) {
	t.Helper()
	sent, transcript, err := runSmtplib(t, ts, script, message)
	if err != nil {
		t.Fatalf("smtplib script failed: %v\n%s", err, transcript)
	}
	return sent, transcript
}

// TestSmtplibPlain sends a message with dots, 8-bit text and 998-octet lines
// to two recipients, without TLS or AUTH.
func TestSmtplibPlain(t *testing.T) {
	ts := startServer(t)
	msg := interopMessage("alice@localhost, bob@localhost")
	sent, transcript := mustRunSmtplib(t, ts, `
send(smtp, 'sender@example.org', ['alice@localhost', 'bob@localhost'], message(), ['BODY=8BITMIME'])
`, msg)
	if sent != msg {
		t.Fatalf("smtplib handed DATA other bytes than the message file:\n%s", cmp.Diff(msg, sent))
	}
	for _, user := range []string{"alice", "bob"} {
		checkDelivered(t, ts, wantDelivery{user: user, returnPath: "<sender@example.org>", with: "ESMTP", body: localForm(msg)}, transcript)
	}
}

// TestSmtplibStartTLSAuth upgrades with STARTTLS, trusting the server's
// self-signed certificate, authenticates as alice and sends: once with the
// mechanism smtplib's login() picks (PLAIN, its first choice of those
// offered) and once with AUTH LOGIN forced.
func TestSmtplibStartTLSAuth(t *testing.T) {
	const starttls = `
smtp.starttls(context=ssl.create_default_context(cafile=os.environ['CAFILE']))
smtp.ehlo()
`
	const sendToAlice = `
send(smtp, 'alice@localhost', ['alice@localhost'], message(), ['BODY=8BITMIME'])
`
	for _, tc := range []struct {
		name, auth, mechanism string
	}{
		{"login", "smtp.login('alice', 'alice-pw')", "PLAIN"},
		{"auth-login", "smtp.user, smtp.password = 'alice', 'alice-pw'\nsmtp.auth('LOGIN', smtp.auth_login)", "LOGIN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := startServer(t)
			msg := interopMessage("alice@localhost")
			_, transcript := mustRunSmtplib(t, ts, starttls+tc.auth+sendToAlice, msg)
			if got := submatch(transcript, `send: 'AUTH (\S+)`); got != tc.mechanism {
				t.Errorf("smtplib authenticated with %q, want %q\n%s", got, tc.mechanism, transcript)
			}
			checkDelivered(t, ts, wantDelivery{user: "alice", returnPath: "<alice@localhost>", with: "ESMTPSA", body: localForm(msg)}, transcript)
		})
	}
}

// TestSmtplibSMTPUTF8 sends, with send_message, a message that Python's
// email package builds from a sender whose local part is UTF-8
// (RFC 6531 §3.3). smtplib sees the non-ASCII address and adds SMTPUTF8
// and BODY=8BITMIME to the MAIL command itself; the server must deliver it
// and name the protocol UTF8SMTP in the Received field (RFC 6531 §3.7.3).
func TestSmtplibSMTPUTF8(t *testing.T) {
	const build = `
msg = EmailMessage()
msg['From'] = 'Jörg Müller <jörg@example.org>'
msg['To'] = 'alice@localhost'
msg['Subject'] = 'Grüße'
msg.set_content('Hallo Alice,\n.ein Punkt am Zeilenanfang\nGrüße, Jörg\n')
`
	for _, tc := range []struct {
		name, send string
	}{
		{"send_message", "refused = smtp.send_message(msg)"},
		// With SMTPUTF8 also in mail_options, smtplib sends the parameter
		// twice: "MAIL FROM:<jörg@example.org> size=235 SMTPUTF8 SMTPUTF8
		// BODY=8BITMIME". No RFC forbids an identical repeat, so the
		// server must accept it.
		{"send_message-mail_options", "refused = smtp.send_message(msg, mail_options=['SMTPUTF8'])"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := startServer(t)
			sent, transcript, err := runSmtplib(t, ts, build+tc.send+"\nassert not refused, refused\n", "")
			if err != nil {
				t.Fatalf("smtplib script failed: %v\n%s", err, transcript)
			}
			// The header keeps its UTF-8 unencoded (RFC 6532 §3.2), so this
			// exercises 8-bit header octets, not just the envelope.
			if !strings.Contains(sent, "\r\nSubject: Grüße\r\n") {
				t.Errorf("smtplib did not send the Subject as raw UTF-8:\n%q", sent)
			}
			checkDelivered(t, ts, wantDelivery{user: "alice", returnPath: "<jörg@example.org>", with: "UTF8SMTP", body: localForm(sent)}, transcript)
		})
	}
}

// --- swaks ---

// swaksMessage is the message swaks sends, in wire form, not dot-stuffed:
// swaks stuffs leading dots itself.
var swaksMessage = strings.Join([]string{
	"From: Sender <sender@example.org>",
	"To: alice@localhost",
	"Subject: swaks interop",
	"",
	"A first line.",
	".A line that starts with a dot.",
	"..Two dots.",
	".",
	strings.Repeat("z", 998), // RFC 5321 §4.5.3.1.6: the longest line
	"The last line.",
}, "\r\n") + "\r\n"

// swaksDataFile is swaksMessage as a --data file. swaks takes the message
// apart and puts it back together ("data fixup"): it removes a closing dot
// if there is one and then always appends CRLF "." itself, so a file that
// ends in its last line's CRLF would gain an empty line. Ending the file
// with the closing dot makes swaks send exactly swaksMessage.
var swaksDataFile = swaksMessage + ".\r\n"

// runSwaks runs /usr/bin/swaks against ts with the message swaksDataFile
// from sender@example.org and args, and returns its exit status (0 for
// success, see "EXIT CODES" in swaks(1)) and its transcript.
func runSwaks(t *testing.T, ts *testServer, args ...string) (exitCode int, transcript string) {
	t.Helper()
	const swaks = tooltest.Swaks
	tooltest.Need(t, swaks, "swaks")
	if slices.Contains(args, "--tls") {
		tooltest.NeedSwaksTLS(t)
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(t.Context(), clientTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, swaks, append([]string{
		"--server", "127.0.0.1:" + ts.portNumber(t),
		"--ehlo", "client.example",
		"--from", "sender@example.org",
		"--data", "@" + writeClientFile(t, dir, "message.eml", []byte(swaksDataFile)),
		"--timeout", "10",
	}, args...)...)
	out, err := cmd.CombinedOutput()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return 0, string(out)
	case errors.As(err, &exitErr) && ctx.Err() == nil:
		return exitErr.ExitCode(), string(out)
	default:
		t.Fatalf("running swaks: %v\n%s", err, out)
		return -1, ""
	}
}

// TestSwaks sends swaksMessage with swaks: in plaintext to two
// recipients, and after STARTTLS (verifying the server's certificate
// against the self-signed CA) with AUTH PLAIN and with AUTH LOGIN.
func TestSwaks(t *testing.T) {
	for _, tc := range []struct {
		name  string
		args  []string
		with  string // the Received field's protocol
		users []string
	}{
		{"plain", []string{"--to", "alice@localhost,bob@localhost"}, "ESMTP", []string{"alice", "bob"}},
		{"starttls-auth-plain", []string{"--to", "alice@localhost", "--tls", "--auth", "PLAIN", "--auth-user", "alice", "--auth-password", "alice-pw"}, "ESMTPSA", []string{"alice"}},
		{"starttls-auth-login", []string{"--to", "alice@localhost", "--tls", "--auth", "LOGIN", "--auth-user", "alice", "--auth-password", "alice-pw"}, "ESMTPSA", []string{"alice"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := startServer(t)
			args := slices.Clone(tc.args)
			if slices.Contains(args, "--tls") {
				args = append(args, "--tls-verify", "--tls-ca-path", writeClientFile(t, t.TempDir(), "ca.pem", ts.cert.PEM))
			}
			code, transcript := runSwaks(t, ts, args...)
			if code != 0 {
				t.Fatalf("swaks exited with status %d, want 0\n%s", code, transcript)
			}
			if i := slices.Index(args, "--auth"); i >= 0 && !strings.Contains(transcript, " ~> AUTH "+args[i+1]) {
				t.Errorf("swaks did not authenticate with AUTH %s:\n%s", args[i+1], transcript)
			}
			for _, user := range tc.users {
				checkDelivered(t, ts, wantDelivery{user: user, returnPath: "<sender@example.org>", with: tc.with, body: localForm(swaksMessage)}, transcript)
			}
		})
	}
}

// TestSwaksWrongPassword authenticates with a wrong password: swaks must
// exit with status 28 ("error in AUTH transaction") and nothing may be
// delivered.
func TestSwaksWrongPassword(t *testing.T) {
	ts := startServer(t)
	code, transcript := runSwaks(t, ts, "--to", "alice@localhost", "--tls", "--auth", "PLAIN", "--auth-user", "alice", "--auth-password", "not-alice-pw")
	if code != 28 {
		t.Errorf("swaks exited with status %d, want 28 (error in AUTH transaction)\n%s", code, transcript)
	}
	if !strings.Contains(transcript, "<~* 535 ") {
		t.Errorf("swaks transcript shows no 535 reply to AUTH:\n%s", transcript)
	}
	checkNothingDelivered(t, ts, transcript, "alice", "bob")
}

// TestSwaksUntrustedCertificate is the control for TestSwaks's
// certificate check: given a CA that did not sign the server's
// certificate, swaks --tls-verify must refuse the handshake (status 29,
// "error in TLS transaction") and nothing may be delivered.
func TestSwaksUntrustedCertificate(t *testing.T) {
	ts := startServer(t)
	other, err := selfsigned.New()
	if err != nil {
		t.Fatal(err)
	}
	code, transcript := runSwaks(t, ts, "--to", "alice@localhost", "--tls", "--tls-verify", "--tls-ca-path", writeClientFile(t, t.TempDir(), "other-ca.pem", other.PEM))
	if code != 29 {
		t.Errorf("swaks exited with status %d, want 29 (error in TLS transaction)\n%s", code, transcript)
	}
	checkNothingDelivered(t, ts, transcript, "alice")
}
