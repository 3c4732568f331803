package pop3

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mailspec/mailspec/reference/internal/tooltest"
)

// pythonPath is Debian's interpreter, whose poplib is a POP3 client
// nobody here wrote.
const pythonPath = "/usr/bin/python3"

// poplibScript logs in (STLS first if a CA file is given; APOP if asked),
// records CAPA, STAT, LIST and UIDL, retrieves every message into
// OUT/<n>.eml as poplib returns it, joined again with CRLF, deletes
// message 1 and quits.
const poplibScript = `
import json, os, poplib, ssl, sys
host, port, user, password, cafile, mode, out = sys.argv[1:]
p = poplib.POP3(host, int(port), timeout=10)
if cafile:
    ctx = ssl.create_default_context(cafile=cafile)
    p.stls(context=ctx)
caps = p.capa()
if mode == "apop":
    p.apop(user, password)
else:
    p.user(user)
    p.pass_(password)
count, size = p.stat()
_, listing, _ = p.list()
_, uidl, _ = p.uidl()
for n in range(1, count + 1):
    _, lines, _ = p.retr(n)
    data = b"\r\n".join(lines) + b"\r\n" if lines else b""
    with open(os.path.join(out, "%d.eml" % n), "wb") as f:
        f.write(data)
_, top, _ = p.top(1, 0)
p.dele(1)
p.quit()
json.dump({"capa": sorted(caps), "stat": [count, size],
           "list": [l.decode() for l in listing], "uidl": [l.decode() for l in uidl],
           "top": [l.decode("latin-1") for l in top]}, open(os.path.join(out, "result.json"), "w"))
`

type poplibResult struct {
	Capa []string `json:"capa"`
	Stat [2]int   `json:"stat"`
	List []string `json:"list"`
	UIDL []string `json:"uidl"`
	Top  []string `json:"top"`
}

// poplibMessages go into the store through Begin/Commit (local form) or,
// with a name, straight into new/ as a foreign tool would.
var poplibMessages = []struct{ name, content, want string }{
	{"", "Subject: one\nFrom: a@example.test\n\nHello.\n", "Subject: one\r\nFrom: a@example.test\r\n\r\nHello.\r\n"},
	{"", "Subject: dots\n\n.\n..\n.leading\n.\nend\n", "Subject: dots\r\n\r\n.\r\n..\r\n.leading\r\n.\r\nend\r\n"},
	{"", "Subject: =?utf-8?q?caf=C3=A9?=\n\ncaf\xc3\xa9 \xe2\x82\xac\n\n\n", "Subject: =?utf-8?q?caf=C3=A9?=\r\n\r\ncaf\xc3\xa9 \xe2\x82\xac\r\n\r\n\r\n"},
	{"1.M1P1Q1.foreign", "Subject: crlf\r\n\r\nno final newline", "Subject: crlf\r\n\r\nno final newline\r\n"},
}

func runPoplib(t *testing.T, f *fixture, user, password, cafile, mode string) (poplibResult, string) {
	t.Helper()
	tooltest.NeedPythonSSL(t, pythonPath) // the script imports ssl
	dir := t.TempDir()
	script := filepath.Join(dir, "client.py")
	if err := os.WriteFile(script, []byte(poplibScript), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	os.Mkdir(out, 0o700)
	_, port, _ := strings.Cut(f.srv.Addr().String(), ":")
	cmd := exec.Command(pythonPath, script, "127.0.0.1", port, user, password, cafile, mode, out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("poplib: %v\n%s", err, b)
	}
	var res poplibResult
	b, err := os.ReadFile(filepath.Join(out, "result.json"))
	if err == nil {
		err = json.Unmarshal(b, &res)
	}
	if err != nil {
		t.Fatal(err)
	}
	return res, out
}

func deliverForPoplib(f *fixture, user string) {
	for _, m := range poplibMessages {
		if m.name == "" {
			f.deliver(user, m.content)
		} else {
			f.putFile(user, m.name, m.content)
		}
	}
}

// checkPoplib compares what poplib got with what was delivered, in
// delivery order (the foreign file's name says second 1: it is first).
func checkPoplib(t *testing.T, f *fixture, user string, res poplibResult, out string) {
	t.Helper()
	order := []int{3, 0, 1, 2}
	total := 0
	for n, i := range order {
		want := poplibMessages[i].want
		got, err := os.ReadFile(filepath.Join(out, fmt.Sprintf("%d.eml", n+1)))
		if err != nil || string(got) != want {
			t.Errorf("message %d: poplib got %q, %v; want %q", n+1, got, err, want)
		}
		if res.List[n] != strconv.Itoa(n+1)+" "+strconv.Itoa(len(want)) {
			t.Errorf("LIST line %q, but %d octets were sent", res.List[n], len(want))
		}
		total += len(want)
	}
	if res.Stat != [2]int{4, total} {
		t.Errorf("STAT = %v, want [4 %d]", res.Stat, total)
	}
	if len(res.UIDL) != 4 {
		t.Errorf("UIDL = %v", res.UIDL)
	}
	if strings.Join(res.Top, "|") != "Subject: crlf|" {
		t.Errorf("TOP 1 0 = %q", res.Top)
	}
	if n := f.files(user); n != 3 {
		t.Errorf("%d messages left after DELE 1 and QUIT, want 3", n)
	}
}

func TestPoplibPlaintext(t *testing.T) {
	f := newFixture(t)
	deliverForPoplib(f, "alice")
	res, out := runPoplib(t, f, "alice", "secret", "", "user")
	checkPoplib(t, f, "alice", res, out)
	for _, c := range []string{"USER", "UIDL", "TOP", "PIPELINING", "RESP-CODES"} {
		if !strings.Contains(strings.Join(res.Capa, " "), c) {
			t.Errorf("poplib's capa() = %v, lacks %s", res.Capa, c)
		}
	}
}

func TestPoplibSTLS(t *testing.T) {
	cert := newTestCert(t)
	f := newFixture(t, withTLS(cert))
	deliverForPoplib(f, "bob")
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, cert.PEM, 0o600); err != nil {
		t.Fatal(err)
	}
	res, out := runPoplib(t, f, "bob", "hunter2", ca, "user")
	checkPoplib(t, f, "bob", res, out)
}

func TestPoplibAPOP(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.AllowAPOP = true; c.AllowInsecureAuth = false })
	deliverForPoplib(f, "mrose")
	res, out := runPoplib(t, f, "mrose", "tanstaaf", "", "apop")
	checkPoplib(t, f, "mrose", res, out)
}
