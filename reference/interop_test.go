package reference_test

// Interoperability of the whole reference server with programs nobody here
// wrote: Python's smtplib sends through the reference SMTP server, and what
// comes back out of the reference POP3 server (read by Python's poplib), out
// of Dovecot's POP3 server reading the same Maildir, and out of fetchmail is
// compared with what was sent.
//
// What the servers add or change, and so what the comparisons allow for:
//
//   - The SMTP server puts a Return-Path field and a folded Received field
//     at the top of every message (RFC 5321 §4.4). Everything after them is
//     the client's data, byte for byte.
//   - A message sent with BDAT need not end in CRLF (RFC 3030 §2 puts no
//     rule on the last chunk's octets). It is stored without a final line
//     end, and POP3 must add one before the terminating dot (RFC 1939 §3:
//     the termination octet is at the start of a line), so RETR returns the
//     message with CRLF appended, and the LIST size counts those two octets.
//     Dovecot counts them differently; see TestDovecotReadsOurMaildir.

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net"
	"net/smtp"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mailspec/mailspec/reference"
	"github.com/mailspec/mailspec/reference/internal/tooltest"
)

// Outside programs, and the Debian package each comes from.
const (
	pythonPath    = "/usr/bin/python3"   // python3: smtplib and poplib
	dovecotPath   = "/usr/sbin/dovecot"  // dovecot-core (dovecot-pop3d for POP3)
	fetchmailPath = "/usr/bin/fetchmail" // fetchmail
)

// programTimeout bounds every run of an outside client.
const programTimeout = 60 * time.Second

// needProgram skips the test when an outside program is not installed.
func needProgram(t *testing.T, path, pkg string) {
	t.Helper()
	tooltest.Need(t, path, pkg)
}

// startReference runs the reference servers for one test. The first
// generated account (alice) receives everything the tests send.
func startReference(t *testing.T) (*reference.Instance, reference.Account) {
	t.Helper()
	inst, err := reference.Start(reference.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := inst.Close(); err != nil {
			t.Errorf("closing the reference servers: %v", err)
		}
	})
	return inst, inst.Accounts[0]
}

// port is the port number of addr, for clients that take it apart.
func port(t *testing.T, addr net.Addr) string {
	t.Helper()
	_, p, err := net.SplitHostPort(addr.String())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// writeFile writes data to name in dir and returns its path.
func writeFile(t *testing.T, dir, name string, data []byte, perm fs.FileMode) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, perm); err != nil {
		t.Fatal(err)
	}
	return path
}

// runProgram runs an outside program under programTimeout and returns its
// combined output; it fails the test if the program fails.
func runProgram(t *testing.T, env []string, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), programTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// --- the messages ---

// interopMessage is a message in wire form (CRLF line ends, not
// dot-stuffed) with a fixed header and body lines that each test one thing
// the sender, the servers and the reader must agree on. The subject names
// it, so that messages can be matched by content.
func interopMessage(name string, body ...string) string {
	return strings.Join(append([]string{
		"From: Alice <alice@localhost>",
		"To: alice@localhost",
		"Subject: interop: " + name,
		"Message-ID: <" + name + "@client.example>",
		"MIME-Version: 1.0",
		"Content-Type: text/plain; charset=utf-8",
		"Content-Transfer-Encoding: 8bit",
		"",
	}, body...), "\r\n") + "\r\n"
}

// smtplibMessages are sent with DATA and BODY=8BITMIME (RFC 6152), in this
// order. smtplib dot-stuffs them (RFC 5321 §4.5.2); the servers must undo
// that on the way in and redo it on the way out.
var smtplibMessages = []string{
	interopMessage("dot-lines",
		".",   // a lone dot: sent as "..", not the end of the data
		"..",  // sent as "..."
		".x",  // sent as "..x"
		"...", // sent as "...."
		"x.",  // a dot not at the start: unchanged
		". ",  // a dot and a space: sent as ".. "
		".",   // the last line is a lone dot too
	),
	interopMessage("8bit",
		"UTF-8: Grüße aus Köln, 日本語, 🙂",
		"Octets that are not UTF-8: caf\xe9 \x80\xa0\xfe\xff",
		"",
		"After an empty line.",
	),
	interopMessage("998-octet-lines",
		// RFC 5321 §4.5.3.1.6: 998 octets and CRLF, the longest line.
		strings.Repeat("x", 998),
		// 998 octets again, 999 on the wire: the transparency dot is not
		// part of the line (§4.5.2).
		"."+strings.Repeat("y", 997),
		strings.Repeat("z", 998),
	),
	interopMessage("empty-lines-at-end", "text", "", ""),
}

// bdatMessage is sent with BDAT ... LAST (RFC 3030) and does not end in
// CRLF: smtplib always adds a final CRLF, so a Go client sends it. Its dot
// line is not stuffed: BDAT carries data as it is.
var bdatMessage = interopMessage("no-final-line-end",
	".A dot line, sent unstuffed in a BDAT chunk.",
	"") + "The last line has no line end."

// sentMessage is what POP3 RETR must give for a message sent by
// sendInteropMessages, after the trace fields, and the protocol the
// Received field must name (RFC 3848).
type sentMessage struct {
	with string
	retr string
}

// sendInteropMessages sends smtplibMessages with smtplib and then
// bdatMessage with a Go client, both after STARTTLS and AUTH as acct, to
// acct's own mailbox, and returns them in delivery order.
func sendInteropMessages(t *testing.T, inst *reference.Instance, acct reference.Account) []sentMessage {
	t.Helper()
	sendSmtplib(t, inst, acct, smtplibMessages)
	sendBdat(t, inst, acct, bdatMessage)
	var sent []sentMessage
	for _, m := range smtplibMessages {
		sent = append(sent, sentMessage{"ESMTPSA", m})
	}
	// net/smtp asks for SMTPUTF8 when the server offers it (RFC 6531
	// §3.7.3), and the server adds the CRLF that bdatMessage lacks
	// (RFC 1939 §3).
	return append(sent, sentMessage{"UTF8SMTPSA", bdatMessage + "\r\n"})
}

// smtplibScript sends each message file with sendmail after STARTTLS
// (trusting only CAFILE) and AUTH. smtplib's debug transcript goes to
// stderr.
const smtplibScript = `
import smtplib, ssl, sys
port, cafile, user, password, *files = sys.argv[1:]
smtp = smtplib.SMTP('127.0.0.1', int(port), local_hostname='client.example', timeout=20)
smtp.set_debuglevel(1)
smtp.starttls(context=ssl.create_default_context(cafile=cafile))
smtp.login(user, password)
addr = user + '@localhost'
for name in files:
    with open(name, 'rb') as f:
        refused = smtp.sendmail(addr, [addr], f.read(), mail_options=['BODY=8BITMIME'])
    assert not refused, refused
smtp.quit()
`

// sendSmtplib sends msgs with Python's smtplib, in one session.
func sendSmtplib(t *testing.T, inst *reference.Instance, acct reference.Account, msgs []string) {
	t.Helper()
	tooltest.NeedPythonSSL(t, pythonPath)
	dir := t.TempDir()
	args := []string{
		writeFile(t, dir, "send.py", []byte(smtplibScript), 0o600),
		port(t, inst.SMTP.Addr()),
		writeFile(t, dir, "ca.pem", inst.Cert.PEM, 0o600),
		acct.User, acct.Password,
	}
	for i, m := range msgs {
		args = append(args, writeFile(t, dir, fmt.Sprintf("%d.eml", i+1), []byte(m), 0o600))
	}
	runProgram(t, nil, pythonPath, args...)
}

// sendBdat sends msg as one chunk, "BDAT <size> LAST" (RFC 3030 §2), with
// Go's net/smtp for the session and the raw connection for BDAT, which
// net/smtp does not know.
func sendBdat(t *testing.T, inst *reference.Instance, acct reference.Account, msg string) {
	t.Helper()
	c, err := smtp.Dial(inst.SMTP.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	addr := acct.User + "@localhost"
	step := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("BDAT client: %s: %v", what, err)
		}
	}
	step("EHLO", c.Hello("client.example"))
	if ok, _ := c.Extension("CHUNKING"); !ok {
		t.Fatal("the server does not offer CHUNKING (RFC 3030)")
	}
	step("STARTTLS", c.StartTLS(inst.Cert.ClientConfig("127.0.0.1")))
	step("AUTH", c.Auth(smtp.PlainAuth("", acct.User, acct.Password, "127.0.0.1")))
	step("MAIL", c.Mail(addr)) // net/smtp adds BODY=8BITMIME, as offered
	step("RCPT", c.Rcpt(addr))
	step("BDAT", c.Text.PrintfLine("BDAT %d LAST", len(msg)))
	_, err = c.Text.W.WriteString(msg)
	if err == nil {
		err = c.Text.W.Flush()
	}
	step("BDAT chunk", err)
	_, _, err = c.Text.ReadResponse(250)
	step("BDAT reply", err)
	step("QUIT", c.Quit())
}

// --- POP3 with poplib ---

// poplibScript logs in (after STLS if a CA file is given), and records
// STAT, LIST, and for each message RETR's reply line, the octets poplib
// counted on the wire (line ends included, stuffing dots not) and the
// message (in OUT/<n>.eml, its lines joined with CRLF again). It quits
// without deleting anything.
const poplibScript = `
import json, os, poplib, ssl, sys
port, user, password, cafile, out = sys.argv[1:]
p = poplib.POP3('127.0.0.1', int(port), timeout=20)
if cafile:
    p.stls(context=ssl.create_default_context(cafile=cafile))
p.user(user)
p.pass_(password)
count, total = p.stat()
_, listing, _ = p.list()
retr = []
for n in range(1, count + 1):
    resp, lines, octets = p.retr(n)
    with open(os.path.join(out, '%d.eml' % n), 'wb') as f:
        f.write(b''.join(line + b'\r\n' for line in lines))
    retr.append({'reply': resp.decode('latin-1'), 'octets': octets})
p.quit()
with open(os.path.join(out, 'result.json'), 'w') as f:
    json.dump({'stat': [count, total], 'list': [l.decode() for l in listing], 'retr': retr}, f)
`

// popMessage is one message as poplib retrieved it.
type popMessage struct {
	Data     string // the message, with CRLF line ends
	ListSize int    // the size LIST gave
	Octets   int    // the octets poplib counted while reading RETR's reply
	Reply    string // RETR's first line
}

// fetchPoplib retrieves every message of user's maildrop from the POP3
// server at addr with Python's poplib, after STLS trusting caPEM unless it
// is nil, and checks that STAT agrees with LIST.
func fetchPoplib(t *testing.T, addr net.Addr, user, password string, caPEM []byte) []popMessage {
	t.Helper()
	tooltest.NeedPythonSSL(t, pythonPath)
	dir := t.TempDir()
	cafile := ""
	if caPEM != nil {
		cafile = writeFile(t, dir, "ca.pem", caPEM, 0o600)
	}
	script := writeFile(t, dir, "fetch.py", []byte(poplibScript), 0o600)
	runProgram(t, nil, pythonPath, script, port(t, addr), user, password, cafile, dir)
	var res struct {
		Stat [2]int
		List []string
		Retr []struct {
			Reply  string
			Octets int
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "result.json"))
	if err == nil {
		err = json.Unmarshal(b, &res)
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(res.List) != res.Stat[0] || len(res.Retr) != res.Stat[0] {
		t.Fatalf("STAT says %d messages, LIST lists %d", res.Stat[0], len(res.List))
	}
	msgs := make([]popMessage, res.Stat[0])
	total := 0
	for i := range msgs {
		num, size, _ := strings.Cut(res.List[i], " ")
		n, err := strconv.Atoi(size)
		if err != nil || num != strconv.Itoa(i+1) {
			t.Fatalf("LIST line %d is %q", i+1, res.List[i])
		}
		data, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("%d.eml", i+1)))
		if err != nil {
			t.Fatal(err)
		}
		msgs[i] = popMessage{Data: string(data), ListSize: n, Octets: res.Retr[i].Octets, Reply: res.Retr[i].Reply}
		total += n
	}
	if res.Stat[1] != total {
		t.Errorf("STAT says %d octets, the LIST sizes add up to %d", res.Stat[1], total)
	}
	return msgs
}

// cutField cuts the header field name, with its continuation lines, off
// the start of msg, whose lines end in eol.
func cutField(msg, name, eol string) (field, rest string, ok bool) {
	if !strings.HasPrefix(msg, name+": ") {
		return "", msg, false
	}
	rest = msg
	for first := true; first || strings.HasPrefix(rest, "\t") || strings.HasPrefix(rest, " "); first = false {
		if _, rest, ok = strings.Cut(rest, eol); !ok {
			return "", msg, false
		}
	}
	return msg[:len(msg)-len(rest)], rest, true
}

// splitTrace takes the trace fields the reference SMTP server adds off msg,
// whose lines end in eol: a Return-Path line, then a Received field folded
// over several lines. It fails the test if they are not there.
func splitTrace(t *testing.T, msg, eol string) (returnPath, received, rest string) {
	t.Helper()
	returnPath, rest, ok := cutField(msg, "Return-Path", eol)
	if ok {
		received, rest, ok = cutField(rest, "Received", eol)
	}
	if !ok {
		t.Fatalf("message does not start with Return-Path and Received:\n%.400q", msg)
	}
	return returnPath, received, rest
}

// checkTrace checks the trace fields of a message acct sent itself and the
// protocol (RFC 3848) the Received field names; eol ends their lines.
func checkTrace(t *testing.T, acct reference.Account, returnPath, received, with, eol string) {
	t.Helper()
	wantReturnPath := "Return-Path: <" + acct.User + "@localhost>" + eol
	wantReceived := "Received: from client.example ([127.0.0.1])" + eol + "\tby localhost with " + with + " id "
	if returnPath != wantReturnPath || !strings.HasPrefix(received, wantReceived) {
		t.Errorf("trace fields are not %q and %q...:\n%s%s", wantReturnPath, wantReceived, returnPath, received)
	}
}

// TestRoundTripSmtplibPoplib sends messages with dot lines, 8-bit data,
// 998-octet lines and empty lines at the end through the reference SMTP
// server with smtplib, and one without a final line end with BDAT, and
// retrieves them from the reference POP3 server with poplib (STLS,
// USER/PASS). Each must come back byte for byte as sent, after the trace
// fields, and LIST must give the exact number of octets RETR sends.
func TestRoundTripSmtplibPoplib(t *testing.T) {
	inst, acct := startReference(t)
	want := sendInteropMessages(t, inst, acct)
	got := fetchPoplib(t, inst.POP3.Addr(), acct.User, acct.Password, inst.Cert.PEM)
	if len(got) != len(want) {
		t.Fatalf("POP3 lists %d messages, %d were sent", len(got), len(want))
	}
	for i, m := range got {
		returnPath, received, rest := splitTrace(t, m.Data, "\r\n")
		checkTrace(t, acct, returnPath, received, want[i].with, "\r\n")
		if diff := cmp.Diff(want[i].retr, rest); diff != "" {
			t.Errorf("message %d: RETR differs from what was sent, after the trace fields (-sent +retrieved):\n%s", i+1, diff)
		}
		// RFC 1939 §5 (LIST): the size is the exact size of the message
		// in octets; §11: as sent, with CRLF line ends. poplib's count
		// shows every line ended in CRLF (a bare LF would count one less).
		if m.ListSize != len(m.Data) || m.Octets != len(m.Data) {
			t.Errorf("message %d: LIST size %d, RETR sent %d octets (poplib counted %d)", i+1, m.ListSize, len(m.Data), m.Octets)
		}
	}
}

// --- Dovecot ---

// dovecotConf is a complete Dovecot 2.3 configuration (no system file is
// read) for one POP3 listener on loopback, plaintext USER/PASS, one static
// password for every user, and Maildirs under a directory of the test's.
// Dovecot refuses to run mail processes as root ("userdb returned 0 as
// uid"), so when the test runs as root the mail user is nobody, which owns
// the copied Maildir. Otherwise every Dovecot process runs as the test's
// user ({{users}} names it as Dovecot's internal and login user), and
// anvil and pop3-login, which only root can chroot, are not chrooted.
const dovecotConf = `
base_dir = {{dir}}/run
state_dir = {{dir}}/state
log_path = {{dir}}/dovecot.log
protocols = pop3
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
mail_location = maildir:{{mail}}/%u
first_valid_uid = {{uid}}
{{users}}
passdb {
  driver = static
  args = password={{password}}
}
userdb {
  driver = static
  args = uid={{uid}} gid={{gid}} home={{mail}}/%u
}
service anvil {
  chroot =
}
service pop3-login {
  chroot =
  inet_listener pop3 {
    address = 127.0.0.1
    port = {{port}}
  }
}
`

// dovecot is a Dovecot POP3 server the test started.
type dovecot struct {
	addr net.Addr
	log  string // its log file
}

// startDovecot copies maildir into a directory of its own as login's
// Maildir and runs Dovecot on it in the foreground until the test ends.
func startDovecot(t *testing.T, maildir, login, password string) *dovecot {
	t.Helper()
	needProgram(t, dovecotPath, "dovecot-core")
	needProgram(t, "/usr/lib/dovecot/pop3", "dovecot-pop3d")
	// Not t.TempDir: its parents are private to root, and Dovecot's mail
	// processes run as nobody when the test runs as root.
	dir, err := os.MkdirTemp("", "mailspec-dovecot-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	mail := filepath.Join(dir, "mail")
	if err := os.CopyFS(filepath.Join(mail, login), os.DirFS(maildir)); err != nil {
		t.Fatal(err)
	}
	uid, gid, users := os.Getuid(), os.Getgid(), ""
	if uid == 0 {
		nobody, err := user.Lookup("nobody")
		if err != nil {
			t.Skipf("Dovecot will not run mail processes as root, and there is no user nobody: %v", err)
		}
		uid, _ = strconv.Atoi(nobody.Uid)
		gid, _ = strconv.Atoi(nobody.Gid)
		if err := os.Chmod(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		err = filepath.WalkDir(mail, func(path string, _ fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			return os.Chown(path, uid, gid)
		})
		if err != nil {
			t.Fatal(err)
		}
	} else {
		me, err := user.Current()
		if err != nil {
			t.Fatal(err)
		}
		group, err := user.LookupGroupId(strconv.Itoa(gid))
		if err != nil {
			t.Fatal(err)
		}
		users = fmt.Sprintf("default_internal_user = %s\ndefault_internal_group = %s\ndefault_login_user = %[1]s", me.Username, group.Name)
	}
	port := freePort(t)
	conf := strings.NewReplacer(
		"{{dir}}", dir, "{{mail}}", mail, "{{password}}", password, "{{port}}", port,
		"{{uid}}", strconv.Itoa(uid), "{{gid}}", strconv.Itoa(gid), "{{users}}", users,
	).Replace(dovecotConf)
	confPath := writeFile(t, dir, "dovecot.conf", []byte(conf), 0o644)

	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, dovecotPath, "-F", "-c", confPath)
	// SIGTERM lets the master stop its children, as "doveadm stop" does.
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 10 * time.Second
	out := &strings.Builder{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatal(err)
	}
	d := &dovecot{log: filepath.Join(dir, "dovecot.log")}
	t.Cleanup(func() {
		cancel()
		cmd.Wait()
		if t.Failed() {
			b, _ := os.ReadFile(d.log)
			t.Logf("dovecot output:\n%s\ndovecot log:\n%s", out, b)
		}
	})
	d.addr = waitForGreeting(t, net.JoinHostPort("127.0.0.1", port), "+OK")
	return d
}

// freePort returns a loopback port that was free a moment ago, for a
// server that must be told its port.
func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return port(t, l.Addr())
}

// waitForGreeting connects to addr until a server there greets with
// prefix, for up to 15 seconds.
func waitForGreeting(t *testing.T, addr, prefix string) net.Addr {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.SetDeadline(time.Now().Add(5 * time.Second))
			buf := make([]byte, 512)
			n, rerr := c.Read(buf)
			c.Close()
			if strings.HasPrefix(string(buf[:n]), prefix) {
				return c.RemoteAddr()
			}
			err = fmt.Errorf("greeting %q, %v", buf[:n], rerr)
		}
		if time.Now().After(deadline) {
			t.Fatalf("no server greets on %s: %v", addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestDovecotReadsOurMaildir fills a Maildir through the reference SMTP
// server, gives Dovecot a copy of it, and retrieves every message from
// both POP3 servers with poplib. Dovecot must find as many messages and
// return each one byte for byte as the reference POP3 server does: the
// store's file names, line ends and S=/W= fields mean the same to both.
// UIDLs are not compared: they differ by design.
func TestDovecotReadsOurMaildir(t *testing.T) {
	needProgram(t, dovecotPath, "dovecot-core")
	inst, acct := startReference(t)
	sendInteropMessages(t, inst, acct)
	// Copy before the reference POP3 server moves new/ to cur/.
	maildir, err := inst.Store.Maildir(acct.User)
	if err != nil {
		t.Fatal(err)
	}
	dc := startDovecot(t, maildir, acct.User, acct.Password)
	theirs := fetchPoplib(t, dc.addr, acct.User, acct.Password, nil)
	ours := fetchPoplib(t, inst.POP3.Addr(), acct.User, acct.Password, inst.Cert.PEM)

	// Match messages by content: each server numbers them in its own way.
	byData := func(a, b popMessage) int { return strings.Compare(a.Data, b.Data) }
	slices.SortFunc(ours, byData)
	slices.SortFunc(theirs, byData)
	data := func(ms []popMessage) (d []string) {
		for _, m := range ms {
			d = append(d, m.Data)
		}
		return d
	}
	if diff := cmp.Diff(data(ours), data(theirs)); diff != "" {
		t.Fatalf("the two POP3 servers return different messages (-reference +dovecot):\n%s", diff)
	}
	for i, o := range ours {
		d := theirs[i]
		want := o.ListSize
		// Dovecot's LIST size is the W= of the file name, the message with
		// CRLF line ends, and leaves out the CRLF it adds to a message that
		// lacks a final line end before the terminating dot. The
		// reference server counts it: the size is what RETR sends.
		if strings.Contains(o.Data, "Subject: interop: no-final-line-end\r\n") {
			want -= 2
		}
		if d.ListSize != want || d.Octets != o.Octets {
			_, subject, _ := strings.Cut(o.Data, "Subject: ")
			subject, _, _ = strings.Cut(subject, "\r\n")
			t.Errorf("%q: Dovecot LIST size %d (want %d), %d octets sent; the reference server's LIST size %d, %d octets sent",
				subject, d.ListSize, want, d.Octets, o.ListSize, o.Octets)
		}
	}
}

// --- fetchmail ---

// fetchmailRC is a fetchmail run control file for one poll of the
// reference POP3 server: STLS required (sslproto without ssl means
// STARTTLS, RFC 2595 §4), the server's certificate checked against the
// test's CA file (whose name is localhost; fetchmail compares the name
// with the certificate's CommonName, not its IP addresses), USER/PASS,
// every message fetched and then deleted, each handed to the MDA.
const fetchmailRC = `set no syslog
poll 127.0.0.1 protocol POP3 port {{port}} timeout 30
  auth password
  user "{{user}}" there with password "{{password}}"
  sslproto "tls1.2+" sslcertck sslcertfile "{{ca}}" sslcommonname "localhost"
  fetchall no keep
  mda "/bin/sh {{mda}}"
`

// fetchmailMDA stores each message it is handed in OUT/<n>.eml,
// numbering them in the order fetchmail delivers them.
const fetchmailMDA = `set -e
n=$(ls "$OUT" | wc -l)
cat > "$OUT/$((n + 1)).eml"
`

// TestFetchmail sends the interop messages with smtplib and BDAT, then
// lets fetchmail retrieve them from the reference POP3 server over STLS
// and hand them to an MDA that writes files. Each file must be the message
// as sent, after the trace fields, changed only in the ways fetchmail
// documents.
func TestFetchmail(t *testing.T) {
	tooltest.NeedFetchmailSSL(t, fetchmailPath) // STLS, see fetchmailrc
	inst, acct := startReference(t)
	sent := sendInteropMessages(t, inst, acct)

	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o700); err != nil {
		t.Fatal(err)
	}
	rc := strings.NewReplacer(
		"{{port}}", port(t, inst.POP3.Addr()), "{{user}}", acct.User, "{{password}}", acct.Password,
		"{{ca}}", writeFile(t, dir, "ca.pem", inst.Cert.PEM, 0o600),
		"{{mda}}", writeFile(t, dir, "mda.sh", []byte(fetchmailMDA), 0o700),
	).Replace(fetchmailRC)
	// fetchmail refuses a run control file that others can read.
	rcPath := writeFile(t, dir, "fetchmailrc", []byte(rc), 0o600)
	transcript := runProgram(t, []string{"HOME=" + dir, "FETCHMAILHOME=" + dir, "OUT=" + out},
		fetchmailPath, "-f", rcPath, "-v", "--nosyslog", "--idfile", filepath.Join(dir, "idfile"), "--pidfile", filepath.Join(dir, "pid"))
	for i, want := range sent {
		b, err := os.ReadFile(filepath.Join(out, fmt.Sprintf("%d.eml", i+1)))
		if err != nil {
			t.Fatalf("%v\nfetchmail transcript:\n%s", err, transcript)
		}
		// fetchmail puts its own Received field after the Return-Path.
		msg := string(b)
		returnPath, rest, ok := cutField(msg, "Return-Path", "\n")
		fetchmailReceived, rest, ok2 := cutField(rest, "Received", "\n")
		if !ok || !ok2 || !strings.Contains(fetchmailReceived, " with POP3 (fetchmail-") {
			t.Fatalf("message %d does not start with Return-Path and fetchmail's Received field:\n%.600q", i+1, msg)
		}
		received, rest, _ := cutField(rest, "Received", "\n")
		checkTrace(t, acct, returnPath, received, want.with, "\n")
		// With an MDA, fetchmail strips the CR of each CRLF (its stripcr
		// option, on by default with an MDA).
		if diff := cmp.Diff(strings.ReplaceAll(want.retr, "\r\n", "\n"), rest); diff != "" {
			t.Errorf("message %d: fetchmail delivered other content than was sent, after the trace fields and with LF line ends (-sent +fetched):\n%s", i+1, diff)
		}
	}
	if _, err := os.Stat(filepath.Join(out, fmt.Sprintf("%d.eml", len(sent)+1))); err == nil {
		t.Errorf("fetchmail delivered more than the %d messages sent", len(sent))
	}
	// fetchmail deleted each message (DELE) and ended with QUIT, so the
	// reference server's UPDATE state emptied the maildrop (RFC 1939 §6).
	mb, err := inst.Store.OpenMailbox(acct.User)
	if err != nil {
		t.Fatal(err)
	}
	defer mb.Close()
	if n := mb.Len(); n != 0 {
		t.Errorf("%d messages left in the maildrop after fetchmail deleted them all\nfetchmail transcript:\n%s", n, transcript)
	}
}
