// Package target describes the server under test: where it listens, how
// to reach it securely, which credentials and mailboxes the cases may use,
// and how long to wait for it. It is filled from environment variables for
// `go test`, from flags by the mailspec command, or from the embedded
// reference server when nothing is given.
package target

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"
)

// TLSMode says how a case gets a TLS session when it needs one.
type TLSMode string

const (
	// TLSNone: never use TLS; cases that need it are skipped.
	TLSNone TLSMode = "none"
	// TLSStartTLS: upgrade with STARTTLS (SMTP) or STLS (POP3) when a case
	// needs TLS. Cases about the plaintext session run without it.
	TLSStartTLS TLSMode = "starttls"
	// TLSImplicit: TLS from the first byte (RFC 8314 §3), as on ports 465
	// and 995.
	TLSImplicit TLSMode = "implicit"
)

// Endpoint is one protocol's server.
type Endpoint struct {
	Addr     string  // host:port
	TLS      TLSMode // default TLSStartTLS
	User     string  // credentials for AUTH / USER-PASS, if any
	Password string
	// APOPSecret is the POP3 user's APOP shared secret (RFC 1939 §7), if
	// APOP is to be tested: it need not be the password, and a server may
	// refuse APOP to a user who logs in with USER/PASS (RFC 1939 §13).
	APOPSecret string
}

// Target is everything a run needs to know about the servers under test.
type Target struct {
	// Name says what is under test, for reports.
	Name string
	SMTP Endpoint
	POP3 Endpoint
	// TLSConfig verifies the server's certificate (and may skip that, if
	// the user asked). ServerName is filled per dial when empty.
	TLSConfig *tls.Config
	// Mailbox is a local mailbox the SMTP server delivers to, such as
	// "alice@localhost". Required for cases that send mail.
	Mailbox string
	// SecondMailbox is another deliverable mailbox, for cases with several
	// recipients; empty skips them.
	SecondMailbox string
	// RelayRecipient is an address in a domain the server must not relay
	// to for an unauthenticated client (RFC 5321 §3.6.2, §7.9).
	RelayRecipient string
	// Sender is the reverse-path the suite gives in MAIL. The default is
	// in a reserved domain (RFC 2606), so no bounce can reach anyone; a
	// server that refuses senders whose domain does not resolve (RFC 5321
	// §3.3 lets it refuse a reverse-path) needs one it accepts.
	Sender string
	// ClientDomain is the domain the suite gives in HELO and EHLO.
	ClientDomain string
	// Timeout bounds every wait for the server.
	Timeout time.Duration
	// CaseTimeout bounds each case as a whole, however promptly each
	// reply comes; 0 means a multiple of Timeout set by the suite.
	CaseTimeout time.Duration
	// MaxMessageSize is the largest message the suite may send; 0 means
	// what the server advertises with SIZE, or 1 MiB.
	MaxMessageSize int64
	// Slow opts in to the cases that take minutes by design, such as the
	// five idle minutes of RFC 5321 §4.5.3.2.7; without it they skip.
	Slow bool
	// IdleWait is how long the idle cases stay silent; 0 means what the
	// RFC sets (RFC 5321 §4.5.3.2.7's 5 minutes, RFC 1939 §3's 10). It is for the suite's own tests, which
	// shorten it against a reference configured to match; a run against a
	// real server leaves it alone.
	IdleWait time.Duration
}

// DefaultSender is the reverse-path given in MAIL when none is set.
const DefaultSender = "mailspec@sender.example"

// Defaults fills empty fields with the suite's defaults.
func (t *Target) Defaults() {
	if t.SMTP.TLS == "" {
		t.SMTP.TLS = TLSStartTLS
	}
	if t.POP3.TLS == "" {
		t.POP3.TLS = TLSStartTLS
	}
	if t.RelayRecipient == "" {
		t.RelayRecipient = "relay-test@example.net" // RFC 2606 reserved domain
	}
	if t.Sender == "" {
		t.Sender = DefaultSender
	}
	if t.ClientDomain == "" {
		t.ClientDomain = DefaultClientDomain
	}
	if t.Timeout <= 0 {
		t.Timeout = 10 * time.Second
	}
	if t.Name == "" {
		t.Name = t.defaultName()
	}
}

// defaultName names the target after the addresses it has: the SMTP
// address alone, as before POP3 was tested, the POP3 address alone, or
// both.
func (t *Target) defaultName() string {
	switch {
	case t.POP3.Addr == "":
		return t.SMTP.Addr
	case t.SMTP.Addr == "":
		return t.POP3.Addr
	}
	return "SMTP " + t.SMTP.Addr + ", POP3 " + t.POP3.Addr
}

// Validate reports the first field that makes the target unusable.
func (t *Target) Validate() error {
	for _, e := range []struct {
		name string
		ep   Endpoint
	}{{"SMTP", t.SMTP}, {"POP3", t.POP3}} {
		if e.ep.Addr == "" {
			continue
		}
		if _, _, err := net.SplitHostPort(e.ep.Addr); err != nil {
			return fmt.Errorf("target: %s address %q: want host:port", e.name, e.ep.Addr)
		}
		switch e.ep.TLS {
		case TLSNone, TLSStartTLS, TLSImplicit:
		default:
			return fmt.Errorf("target: %s TLS mode %q: want none, starttls or implicit", e.name, e.ep.TLS)
		}
	}
	if t.SMTP.Addr == "" && t.POP3.Addr == "" {
		return errors.New("target: no SMTP or POP3 address")
	}
	for _, m := range []string{t.Mailbox, t.SecondMailbox, t.RelayRecipient, t.Sender} {
		if m != "" && strings.Count(m, "@") != 1 {
			return fmt.Errorf("target: %q is not a mailbox (local@domain)", m)
		}
	}
	return nil
}

// TLSFor returns the client TLS configuration for addr.
func (t *Target) TLSFor(addr string) *tls.Config {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if t.TLSConfig != nil {
		cfg = t.TLSConfig.Clone()
	}
	if cfg.ServerName == "" {
		host, _, _ := net.SplitHostPort(addr)
		cfg.ServerName = host
	}
	return cfg
}

// Environment variables read by FromEnv.
const (
	EnvSMTP           = "MAILSPEC_SMTP"             // host:port of the SMTP server
	EnvSMTPTLS        = "MAILSPEC_SMTP_TLS"         // none | starttls | implicit
	EnvSMTPUser       = "MAILSPEC_SMTP_USER"        // AUTH user
	EnvSMTPPassword   = "MAILSPEC_SMTP_PASSWORD"    // AUTH password
	EnvPOP3           = "MAILSPEC_POP3"             // host:port of the POP3 server
	EnvPOP3TLS        = "MAILSPEC_POP3_TLS"         // none | starttls | implicit
	EnvPOP3User       = "MAILSPEC_POP3_USER"        // POP3 user
	EnvPOP3Password   = "MAILSPEC_POP3_PASSWORD"    // POP3 password
	EnvPOP3APOPSecret = "MAILSPEC_POP3_APOP_SECRET" // the POP3 user's APOP shared secret
	EnvMailbox        = "MAILSPEC_MAILBOX"          // deliverable local mailbox
	EnvSecondMailbox  = "MAILSPEC_SECOND_MAILBOX"   // another deliverable mailbox
	EnvRelayRecipient = "MAILSPEC_RELAY_RECIPIENT"  // an address the server must not relay to
	EnvSender         = "MAILSPEC_SENDER"           // the reverse-path to give in MAIL
	EnvClientDomain   = "MAILSPEC_CLIENT_DOMAIN"    // the HELO/EHLO domain to give
	EnvTimeout        = "MAILSPEC_TIMEOUT"          // a Go duration, e.g. 10s
	EnvTLSCA          = "MAILSPEC_TLS_CA"           // PEM file of CA certificates to trust
	EnvTLSInsecure    = "MAILSPEC_TLS_INSECURE"     // "1": do not verify certificates
	EnvTLSServerName  = "MAILSPEC_TLS_SERVER_NAME"  // name to verify instead of the host
	EnvMaxMessageSize = "MAILSPEC_MAX_MESSAGE_SIZE"
	EnvSlow           = "MAILSPEC_SLOW" // "1": run the cases that take minutes by design
)

// FromEnv builds a target from the MAILSPEC_* variables. It returns nil
// and no error when neither MAILSPEC_SMTP nor MAILSPEC_POP3 is set: the
// caller then starts the embedded reference server.
func FromEnv(getenv func(string) string) (*Target, error) {
	if getenv(EnvSMTP) == "" && getenv(EnvPOP3) == "" {
		return nil, nil
	}
	t := &Target{
		SMTP:           Endpoint{Addr: getenv(EnvSMTP), TLS: TLSMode(getenv(EnvSMTPTLS)), User: getenv(EnvSMTPUser), Password: getenv(EnvSMTPPassword)},
		POP3:           Endpoint{Addr: getenv(EnvPOP3), TLS: TLSMode(getenv(EnvPOP3TLS)), User: getenv(EnvPOP3User), Password: getenv(EnvPOP3Password)},
		Mailbox:        getenv(EnvMailbox),
		SecondMailbox:  getenv(EnvSecondMailbox),
		RelayRecipient: getenv(EnvRelayRecipient),
		Sender:         getenv(EnvSender),
		ClientDomain:   getenv(EnvClientDomain),
		Slow:           getenv(EnvSlow) == "1",
	}
	t.POP3.APOPSecret = getenv(EnvPOP3APOPSecret)
	if v := getenv(EnvTimeout); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("target: %s=%q: want a positive duration such as 10s", EnvTimeout, v)
		}
		t.Timeout = d
	}
	if v := getenv(EnvMaxMessageSize); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("target: %s=%q: want a positive number of octets", EnvMaxMessageSize, v)
		}
		t.MaxMessageSize = n
	}
	tlsCfg, err := TLSConfig(getenv(EnvTLSCA), getenv(EnvTLSInsecure) == "1", getenv(EnvTLSServerName))
	if err != nil {
		return nil, err
	}
	t.TLSConfig = tlsCfg
	t.Defaults()
	if err := t.Validate(); err != nil {
		return nil, err
	}
	return t, nil
}

// TLSConfig builds the client TLS configuration: the system roots, or the
// CA certificates in caFile; no verification at all if insecure.
func TLSConfig(caFile string, insecure bool, serverName string) (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: insecure, ServerName: serverName}
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("target: CA file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("target: CA file %s holds no PEM certificate", caFile)
		}
		cfg.RootCAs = pool
	}
	return cfg, nil
}

// LocalDomain is the domain of Mailbox.
func (t *Target) LocalDomain() string {
	_, domain, _ := strings.Cut(t.Mailbox, "@")
	return domain
}

// DefaultClientDomain is the domain the suite gives in HELO and EHLO when
// none is set: under example (RFC 2606), so it can name no real host.
const DefaultClientDomain = "client.mailspec.example"
