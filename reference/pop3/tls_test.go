package pop3

import (
	"bufio"
	"crypto/tls"
	"strings"
	"testing"
	"time"

	"github.com/mailspec/mailspec/reference/selfsigned"
)

// newTestCert makes a self-signed certificate for the test's server,
// valid for pop.test and 127.0.0.1.
func newTestCert(t *testing.T) *selfsigned.Certificate {
	t.Helper()
	cert, err := selfsigned.New("pop.test", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

func withTLS(cert *selfsigned.Certificate) func(*Config) {
	return func(c *Config) {
		c.TLSConfig = cert.ServerConfig()
		c.AllowInsecureAuth = false
	}
}

// startTLS runs the client side of STLS's handshake, verifying the
// certificate, after the +OK has been read.
func (c *client) startTLS(cert *selfsigned.Certificate) error {
	conn := tls.Client(c.conn, cert.ClientConfig("pop.test"))
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if err := conn.Handshake(); err != nil {
		return err
	}
	c.conn, c.br = conn, bufio.NewReader(conn)
	return nil
}

func TestSTLS(t *testing.T) {
	cert := newTestCert(t)
	f := newFixture(t, withTLS(cert))
	f.deliver("alice", "Subject: tls\n\nsecret body\n")
	c := f.dial()
	capa := c.multi("CAPA")
	if !strings.Contains(capa, "STLS\r\n") || strings.Contains(capa, "USER\r\n") || strings.Contains(capa, "SASL") {
		t.Errorf("CAPA before TLS = %q: want STLS, and no USER or SASL", capa)
	}
	c.ok("STLS")
	if c.br.Buffered() != 0 {
		t.Fatal("the server sent more after +OK to STLS")
	}
	if err := c.startTLS(cert); err != nil {
		t.Fatal(err)
	}
	// RFC 2595 §4: the client re-issues CAPA; the server may list other
	// things now.
	capa = c.multi("CAPA")
	if strings.Contains(capa, "STLS") || !strings.Contains(capa, "USER\r\n") || !strings.Contains(capa, "SASL PLAIN\r\n") {
		t.Errorf("CAPA under TLS = %q: want USER and SASL PLAIN, no STLS", capa)
	}
	c.err("STLS") // already active
	c.login("alice", "secret")
	if got := c.multi("RETR 1"); got != "Subject: tls\r\n\r\nsecret body\r\n" {
		t.Errorf("RETR 1 under TLS = %q", got)
	}
	if capa := c.multi("CAPA"); strings.Contains(capa, "STLS") || !strings.Contains(capa, "SASL PLAIN") {
		t.Errorf("CAPA in TRANSACTION = %q", capa)
	}
	c.err("STLS")
	c.ok("QUIT")

	c = f.dial()
	c.ok("STLS")
	if err := c.startTLS(cert); err != nil {
		t.Fatal(err)
	}
	c.ok("AUTH PLAIN " + plain("", "alice", "secret"))
}

// RFC 2595 §4: "Once a client issues a STLS command, it MUST NOT issue
// further commands until a server response is seen and the TLS negotiation
// is complete." A server that ran plaintext sent behind STLS would let an
// attacker inject commands into the protected session.
func TestSTLSDiscardsPipelinedPlaintext(t *testing.T) {
	cert := newTestCert(t)
	f := newFixture(t, withTLS(cert))
	c := f.dial()
	c.raw("STLS\r\nUSER alice\r\nCAPA\r\n") // one write, one segment on loopback
	if got := c.line(); !strings.HasPrefix(got, "+OK") {
		t.Fatalf("STLS = %q", got)
	}
	if err := c.startTLS(cert); err != nil {
		// Had the injected bytes reached the handshake instead, it fails;
		// either way they were not run as commands.
		t.Logf("handshake failed, as the plaintext reached it: %v", err)
		return
	}
	// Had USER been run, this PASS would succeed; had CAPA, its listing
	// would come first.
	if got := c.cmd("PASS secret"); got != replyPassWithoutUser.String() {
		t.Errorf("first reply under TLS = %q, want %q", got, replyPassWithoutUser)
	}
}

func TestSTLSUnavailable(t *testing.T) {
	f := newFixture(t)
	c := f.dial()
	if capa := c.multi("CAPA"); strings.Contains(capa, "STLS") {
		t.Errorf("CAPA without TLSConfig lists STLS: %q", capa)
	}
	c.err("STLS")
	c.err("STLS now")
	c.ok("USER alice") // still in plaintext, still working
}

func TestSTLSForgetsUser(t *testing.T) {
	cert := newTestCert(t)
	f := newFixture(t, withTLS(cert), func(c *Config) { c.AllowInsecureAuth = true })
	c := f.dial()
	c.ok("USER alice")
	c.ok("STLS")
	if err := c.startTLS(cert); err != nil {
		t.Fatal(err)
	}
	c.err("PASS secret")
}
