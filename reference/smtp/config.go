package smtp

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/mailspec/mailspec/reference/internal/serving"
	"github.com/mailspec/mailspec/reference/mailstore"
	"github.com/mailspec/mailspec/reference/users"
)

// Config is the reference SMTP server's configuration. Every limit has a
// default taken from the RFC section named beside it. Its int and
// time.Duration fields follow the convention pop3.Config follows too:
// zero means the default; negative means off where a field says so (a
// delay, a count of errors that ends a session) and is refused by
// NewServer otherwise, as is a value below an RFC minimum. Every
// relaxation of the strict reading is a named option that is off unless
// set.
type Config struct {
	// Addr is the address to listen on. Default "127.0.0.1:0" (loopback,
	// an ephemeral port).
	Addr string
	// Hostname is the server's own domain, used in the greeting and in
	// the Received field (RFC 5321 §4.1.3, §4.4). Default "localhost".
	Hostname string
	// LocalDomains are the domains whose mailboxes live in Store.
	// Default {"localhost"}. Compared without regard to case (§2.4).
	LocalDomains []string
	// Store receives delivered mail. Required.
	Store *mailstore.Store
	// Users lists the local mailboxes and the credentials for AUTH. Required.
	Users *users.Directory
	// Postmaster is the local mailbox that receives mail for "postmaster"
	// (RFC 5321 §4.5.1). Default "postmaster".
	Postmaster string
	// RelayMailbox, when set, lets authenticated clients send to
	// non-local domains: such mail is delivered into this local Maildir,
	// where a deployment would hand it on. When empty, relaying is refused
	// to everyone (RFC 5321 §3.6.2, §7.9). Unauthenticated clients may
	// never relay.
	RelayMailbox string
	// RefuseSessions, when set, refuses every session as RFC 5321 §3.1
	// allows: the greeting is 554 with this text (the reason, which §3.1
	// asks to help debug the sending system), every command but QUIT is
	// answered 503, and the server waits for QUIT. Empty: sessions are
	// greeted 220.
	RefuseSessions string
	// SenderDomains, when not empty, are the only domains MAIL accepts in
	// a reverse-path; any other gets 550 5.1.8, as a server refusing
	// senders whose domain does not resolve gives (RFC 5321 §3.3,
	// senderpolicy.go). Empty: every domain is accepted.
	SenderDomains []string
	// DSN offers Delivery Status Notifications (RFC 3461): the DSN
	// keyword, RET and ENVID on MAIL, NOTIFY and ORCPT on RCPT, checked
	// and recorded (§4, §5.1). Off: the keyword is not listed and the
	// parameters are unknown (555).
	DSN bool
	// BinaryMIME offers BINARYMIME (RFC 3030 §3) beside CHUNKING: MAIL
	// takes BODY=BINARYMIME, whose message comes by BDAT only; DATA in
	// such a transaction is answered 503. Off: the keyword is not listed
	// and the value is unknown (555).
	BinaryMIME bool
	// WithoutSMTPUTF8 withdraws SMTPUTF8 (RFC 6531): the keyword is not
	// listed, the MAIL parameter is unknown (555), and a non-ASCII
	// address is refused with RFC 5321 §4.1.2's 501. Off: offered.
	WithoutSMTPUTF8 bool
	// CRAMMD5 offers the CRAM-MD5 mechanism (RFC 2195), a server-first
	// one, beside PLAIN and LOGIN, on the same terms (TLS unless
	// AllowInsecureAuth). Off: not listed, and AUTH CRAM-MD5 is 504.
	CRAMMD5 bool

	// TLSConfig enables STARTTLS (RFC 3207). Nil: STARTTLS not offered.
	TLSConfig *tls.Config
	// AllowInsecureAuth offers AUTH PLAIN and LOGIN on connections
	// without TLS. Off: they are refused before TLS with 538
	// (RFC 4954 §4, §6; RFC 4616 §6).
	AllowInsecureAuth bool
	// AuthFailureDelay is how long a failed AUTH is held before its 535
	// reply, to slow password guessing. Zero: 1s; negative: no delay (as
	// pop3.Config.LoginDelay).
	AuthFailureDelay time.Duration
	// MaxAuthFailures ends a session with 421 after this many failed AUTH
	// attempts; RFC 4954 §9 asks a server that does so to allow at least
	// 3. Zero: 3; negative: no limit (the session is never ended for it).
	MaxAuthFailures int
	// MaxAuthFailuresPerClient is how many failed AUTH attempts one client
	// address may make within AuthFailureWindow, across all its sessions;
	// past it AUTH gets 454 until old failures age out. Zero: 20;
	// negative: refused.
	MaxAuthFailuresPerClient int
	// AuthFailureWindow is how long a failed AUTH counts against its
	// client address. Zero: 10m; negative: refused.
	AuthFailureWindow time.Duration

	// MaxMessageSize is the largest message accepted, in octets, as
	// advertised by SIZE (RFC 1870 §4). RFC 5321 §4.5.3.1.7 requires at
	// least 64K. Zero: 32 MiB; negative or under 64K: refused.
	MaxMessageSize int64
	// MaxRecipients is the number of RCPT accepted per transaction; past
	// it the reply is 452 (RFC 5321 §4.5.3.1.10). RFC 5321 §4.5.3.1.8
	// requires at least 100. Zero: 100; negative or under 100: refused.
	MaxRecipients int
	// MaxCommandLine is the longest command line, CRLF included
	// (RFC 5321 §4.5.3.1.4: 512). The SIZE, BODY, AUTH and SMTPUTF8
	// parameters extend it for MAIL (RFC 1870 §3, RFC 4954 §3); AUTH
	// exchanges get MaxAuthLine. Zero: 512; negative or under 512:
	// refused.
	MaxCommandLine int
	// MaxAuthLine is the longest AUTH command or SASL response line
	// (RFC 4954 §4: 12288 octets). Zero: 12288; negative: refused.
	MaxAuthLine int
	// MaxTextLine is the longest line of message data, CRLF included and
	// the transparency dot not counted (RFC 5321 §4.5.3.1.6: 1000). Zero:
	// 1000; negative or under 1000: refused.
	MaxTextLine int
	// MaxHops rejects a message with more Received fields than this as a
	// loop (RFC 5321 §6.3 asks for a limit of at least 100). Zero: 100;
	// negative: refused.
	MaxHops int
	// MaxErrors ends a session with 421 after this many error replies.
	// Zero: 20; negative: no limit (as pop3.Config.MaxErrors).
	MaxErrors int
	// MaxConnections is the number of concurrent sessions; past it a new
	// connection gets 421 and is closed (RFC 5321 §4.5.4.2 allows a
	// limit). Zero: 100; negative: refused.
	MaxConnections int
	// MaxConnectionsPerClient is the number of concurrent sessions from
	// one client IP address; past it a new connection from that address
	// gets 421, so that one client cannot starve the others. Zero: 20;
	// negative: refused.
	MaxConnectionsPerClient int

	// CommandTimeout is how long the server waits for the next command
	// (RFC 5321 §4.5.3.2.7: at least 5 minutes). Zero: 5m; negative:
	// refused.
	CommandTimeout time.Duration
	// DataTimeout is how long the server waits for each read of message
	// data (RFC 5321 §4.5.3.2.5 gives the client 3 minutes a block; the
	// server waits longer). Zero: 5m; negative: refused.
	DataTimeout time.Duration
	// WriteTimeout bounds every write of a reply. Zero: 1m; negative:
	// refused.
	WriteTimeout time.Duration
	// TLSHandshakeTimeout bounds the STARTTLS handshake. Zero: 1m;
	// negative: refused.
	TLSHandshakeTimeout time.Duration

	// Logger receives one line a session event. Default: discard.
	Logger *slog.Logger

	// Alternatives are choices the RFCs allow that the strict server does
	// not make; the zero value makes none of them.
	Alternatives Alternatives

	// Faults, for the conformance suite's own tests only, breaks named
	// rules. Nil: the strict server.
	Faults *Faults
}

// setDefaults checks c and fills in its defaults, as NewServer does, by
// the convention in Config's doc.
func (c *Config) setDefaults() error {
	if err := serving.Common(c.Store != nil && c.Users != nil, &c.Addr, "127.0.0.1:0", &c.Hostname, &c.Logger); err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	if len(c.LocalDomains) == 0 {
		c.LocalDomains = []string{"localhost"}
	}
	if c.Postmaster == "" {
		c.Postmaster = "postmaster"
	}
	if !users.ValidName(c.Postmaster) || (c.RelayMailbox != "" && !users.ValidName(c.RelayMailbox)) {
		return errors.New("smtp: Postmaster and RelayMailbox must be valid mailbox names")
	}
	c.Postmaster = strings.ToLower(c.Postmaster)
	c.RelayMailbox = strings.ToLower(c.RelayMailbox)
	// The numeric fields, by the convention of serving.Default: zero is
	// the default, negative is refused, but for the ones that may be off.
	if err := errors.Join(
		serving.Default(&c.MaxMessageSize, 32<<20, "MaxMessageSize"),
		serving.Default(&c.MaxRecipients, 100, "MaxRecipients"),
		serving.Default(&c.MaxCommandLine, 512, "MaxCommandLine"),
		serving.Default(&c.MaxAuthLine, 12288, "MaxAuthLine"),
		serving.Default(&c.MaxTextLine, 1000, "MaxTextLine"),
		serving.Default(&c.MaxHops, 100, "MaxHops"),
		serving.Default(&c.MaxConnections, serving.DefaultMaxSessions, "MaxConnections"),
		serving.Default(&c.MaxConnectionsPerClient, serving.DefaultMaxPerAddress, "MaxConnectionsPerClient"),
		serving.Default(&c.MaxAuthFailuresPerClient, 20, "MaxAuthFailuresPerClient"),
		serving.Default(&c.AuthFailureWindow, 10*time.Minute, "AuthFailureWindow"),
		serving.Default(&c.CommandTimeout, 5*time.Minute, "CommandTimeout"),
		serving.Default(&c.DataTimeout, 5*time.Minute, "DataTimeout"),
		serving.Default(&c.WriteTimeout, time.Minute, "WriteTimeout"),
		serving.Default(&c.TLSHandshakeTimeout, time.Minute, "TLSHandshakeTimeout"),
	); err != nil {
		return fmt.Errorf("smtp: Config: %w", err)
	}
	serving.DefaultOrOff(&c.MaxErrors, 20)
	serving.DefaultOrOff(&c.MaxAuthFailures, 3)
	serving.DefaultOrOff(&c.AuthFailureDelay, time.Second)
	if c.MaxMessageSize < 64<<10 {
		return errors.New("smtp: MaxMessageSize must be at least 64K (RFC 5321 section 4.5.3.1.7)")
	}
	if c.MaxRecipients < 100 {
		return errors.New("smtp: MaxRecipients must be at least 100 (RFC 5321 section 4.5.3.1.8)")
	}
	if c.MaxCommandLine < 512 || c.MaxTextLine < 1000 {
		return errors.New("smtp: line limits below RFC 5321 section 4.5.3.1 minimums")
	}
	return nil
}

// isLocalDomain reports whether domain is one of the local domains.
func (c *Config) isLocalDomain(domain string) bool {
	for _, d := range c.LocalDomains {
		if strings.EqualFold(d, domain) {
			return true
		}
	}
	return false
}
