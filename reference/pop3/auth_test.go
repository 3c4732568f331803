package pop3

import (
	"encoding/base64"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

func plain(authzid, authcid, passwd string) string {
	return base64.StdEncoding.EncodeToString([]byte(authzid + "\x00" + authcid + "\x00" + passwd))
}

func TestUserPass(t *testing.T) {
	f := newFixture(t)
	c := f.dial()
	c.err("PASS secret") // RFC 1939 §7: only after a successful USER
	c.ok("USER nobody")  // RFC 1939 §13: no clue which names exist
	if got := c.err("PASS secret"); !strings.HasPrefix(got, "-ERR [AUTH] ") {
		t.Errorf("PASS for an unknown user = %q, want -ERR [AUTH]", got)
	}
	c.err("PASS secret") // the failed PASS used up the USER
	c.ok("USER alice")
	if got := c.err("PASS wrong"); !strings.HasPrefix(got, "-ERR [AUTH] ") {
		t.Errorf("wrong password = %q, want -ERR [AUTH]", got)
	}
	c.ok("USER alice")
	c.err("XYZZY")
	c.err("PASS secret") // not immediately after USER
	c.ok("USER carol")
	c.ok("PASS pa ss word") // spaces belong to the password (RFC 1939 §7)
	c.ok("STAT")
	c = f.dial()
	c.ok("USER ALICE") // names are case-insensitive
	c.ok("PASS secret")
}

func TestLoginDelay(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.LoginDelay = 200 * time.Millisecond })
	c := f.dial()
	c.ok("USER alice")
	start := time.Now()
	c.err("PASS wrong")
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Errorf("a failed PASS was answered after %v, before LoginDelay", d)
	}
	start = time.Now()
	c.login("alice", "secret")
	if d := time.Since(start); d > 150*time.Millisecond {
		t.Errorf("a good login took %v: only failures are delayed", d)
	}
}

// Names that could escape the store are refused, and nothing is created
// outside it.
func TestUserNamesCannotEscape(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.AllowAPOP = true })
	c := f.dial()
	for _, name := range []string{"../alice", "..", "a/b", "/etc", ".alice", "alice/../bob"} {
		if got := c.err("USER " + name); !strings.HasPrefix(got, "-ERR [AUTH]") {
			t.Errorf("USER %s = %q", name, got)
		}
		c.err("AUTH PLAIN " + plain("", name, "secret"))
		c.err("APOP " + name + " " + apopDigest(timestampOf(c.greeting), "secret"))
	}
	des, err := os.ReadDir(f.store.Root())
	if err != nil {
		t.Fatal(err)
	}
	if len(des) != 0 {
		t.Errorf("store root holds %v after refused logins", des)
	}
	parent, _ := os.ReadDir(f.store.Root() + "/..")
	for _, de := range parent {
		if de.Name() == "alice" || de.Name() == "bob" || de.Name() == "etc" {
			t.Errorf("%s created beside the store", de.Name())
		}
	}
}

func TestInsecureAuthRefused(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.AllowInsecureAuth = false })
	c := f.dial()
	capa := c.multi("CAPA")
	if strings.Contains(capa, "USER\r\n") || strings.Contains(capa, "SASL") {
		t.Errorf("CAPA without TLS offers passwords in the clear:\n%s", capa)
	}
	if got := c.err("USER alice"); !strings.HasPrefix(got, "-ERR [AUTH]") {
		t.Errorf("USER without TLS = %q", got)
	}
	c.err("PASS secret")
	c.err("AUTH PLAIN " + plain("", "alice", "secret"))
	c.err("AUTH PLAIN")
}

// RFC 5034 §4 and RFC 4616 §2.
func TestAuthPlain(t *testing.T) {
	f := newFixture(t)
	c := f.dial()
	if capa := c.multi("CAPA"); !strings.Contains(capa, "SASL PLAIN\r\n") {
		t.Errorf("CAPA = %q, want SASL PLAIN", capa)
	}
	c.err("AUTH")
	c.err("AUTH CRAM-MD5")
	c.err("AUTH PLAIN =")        // empty initial response: no credentials
	c.err("AUTH PLAIN !!!!")     // not base64
	c.err("AUTH PLAIN AAA=BBBB") // padding in the middle
	c.err("AUTH PLAIN " + plain("", "alice", "wrong"))
	c.err("AUTH PLAIN " + plain("bob", "alice", "secret")) // no proxy authorization
	c.err("AUTH PLAIN " + base64.StdEncoding.EncodeToString([]byte("alice\x00secret")))
	// Continuation: an empty challenge, then "*" cancels.
	c.raw("AUTH PLAIN\r\n")
	if got := c.line(); got != "+ " {
		t.Fatalf("challenge %q, want %q", got, "+ ")
	}
	if got := c.cmd("*"); !strings.HasPrefix(got, "-ERR") {
		t.Errorf("cancel = %q", got)
	}
	c.raw("auth plain\r\n")
	c.line()
	if got := c.cmd("="); !strings.HasPrefix(got, "-ERR") {
		t.Errorf(`"=" as a continuation = %q: it means empty only as the initial response`, got)
	}
	c.raw("AUTH PLAIN\r\n")
	c.line()
	c.ok(plain("alice", "alice", "secret"))
	c.err("AUTH PLAIN " + plain("", "alice", "secret")) // no AUTH after a successful one
	c.ok("STAT")

	c = f.dial()
	c.ok("AUTH PLAIN " + plain("", "Bob", "hunter2"))
	// A 255-octet password fits in the continuation, not in a command line.
	long := strings.Repeat("p", 255)
	if err := f.users.Add("dave", long); err != nil {
		t.Fatal(err)
	}
	c = f.dial()
	c.raw("AUTH PLAIN\r\n")
	c.line()
	c.ok(plain(strings.Repeat("d", 0)+"dave", "dave", long))
}

// RFC 1939 §7: APOP, with the example of that section.
func TestAPOP(t *testing.T) {
	if got := apopDigest("<1896.697170952@dbc.mtview.ca.us>", "tanstaaf"); got != "c4c9334bac560ecc979e58001b3e22fb" {
		t.Fatalf("digest of RFC 1939 §7's example = %s", got)
	}
	f := newFixture(t, func(c *Config) { c.AllowAPOP = true; c.AllowInsecureAuth = false })
	c := f.dial()
	ts := timestampOf(c.greeting)
	if ts == "" {
		t.Fatalf("greeting %q has no timestamp", c.greeting)
	}
	if other := timestampOf(f.dial().greeting); other == ts {
		t.Errorf("two greetings share timestamp %s (RFC 1939 §7: MUST be different each time)", ts)
	}
	digest := apopDigest(ts, "tanstaaf")
	if got := c.err("APOP mrose " + apopDigest(ts, "wrong")); !strings.HasPrefix(got, "-ERR [AUTH]") {
		t.Errorf("APOP with a wrong digest = %q", got)
	}
	c.err("APOP mrose " + strings.ToUpper(digest)) // lower-case hex only
	c.err("APOP mrose")
	c.err("APOP nobody " + digest)
	if got := c.ok("APOP mrose " + digest); !strings.Contains(got, "0 messages") {
		t.Errorf("APOP = %q", got)
	}

	f = newFixture(t) // APOP off: no timestamp, no command
	c = f.dial()
	if timestampOf(c.greeting) != "" {
		t.Errorf("greeting %q offers APOP", c.greeting)
	}
	c.err("APOP mrose " + digest)
}

var timestampRE = regexp.MustCompile(`<[^<>@ ]+@[^<>@ ]+>`)

func timestampOf(greeting string) string { return timestampRE.FindString(greeting) }

// RFC 1939 §4 and RFC 2449 §8.1.2: a second session for a locked maildrop
// gets -ERR [IN-USE] and stays in AUTHORIZATION.
func TestMaildropLock(t *testing.T) {
	f := newFixture(t)
	f.deliver("alice", "Subject: x\n\n")
	first := f.dial()
	first.login("alice", "secret")
	second := f.dial()
	second.ok("USER alice")
	if got := second.err("PASS secret"); !strings.HasPrefix(got, "-ERR [IN-USE]") {
		t.Errorf("second login = %q, want -ERR [IN-USE]", got)
	}
	second.err("STAT")
	other := f.dial()
	other.login("bob", "hunter2") // another maildrop is not locked
	first.ok("QUIT")
	second.ok("USER alice")
	second.ok("PASS secret")
	second.ok("STAT")
}
