package smtp

import (
	"errors"
	"io"
	"net"
	"strings"
	"testing"

	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"

	"github.com/mailspec/mailspec/internal/peertest"
	"github.com/mailspec/mailspec/reference/selfsigned"
	"github.com/mailspec/mailspec/suite/target"
)

// Why go-smtp v0.25.1 does not pass, one reason per fault.
const (
	controlChars      = "accepts a control character in a MAIL or RCPT command (and echoes it in the reply); RFC 5321 §4.1.2: a command with invalid character codes MUST be rejected with 501"
	outOfSequence502  = "answers a command out of sequence with 502; RFC 5321 §4.1.4 and §4.3.2 call for 503 (\"Bad sequence of commands\"), and 502 means \"Command not implemented\""
	unknownVerb501    = "answers an unknown verb with 501; RFC 5321 §4.2.4: 500 for an unrecognized command"
	unknownParam500   = "answers an unknown MAIL/RCPT parameter with 500; RFC 5321 §4.1.1.11: the server will return code 555 if it does not recognize or cannot implement a parameter"
	postmaster501     = "refuses RCPT TO:<Postmaster> with 501; RFC 5321 §4.1.1.3 defines \"<Postmaster>\" as a valid forward-path and §4.5.1 requires it to be supported"
	badSyntaxAccepted = "accepts an address or domain that breaks the RFC 5321 §4.1.2 grammar, where §4.1.4 calls for 501"
	argumentIgnored   = "ignores an argument to a command that takes none; RFC 5321 §4.3.2: commands specified as not accepting arguments SHOULD return 501 if arguments are supplied"
	badBase64454      = "answers undecodable base64 with 454; RFC 4954 §4: if the server cannot BASE64 decode any client response, it MUST reject the AUTH command with a 501 reply"
	utf8InReply       = "echoes a UTF-8 address, or a control character, in the 250 reply to MAIL; RFC 5321 §4.2's textstring is printable US-ASCII and RFC 6531 §3.7.4 allows UTF-8 only in 251/551 and VRFY/EXPN replies"
)

// goSMTPDeviations are the cases github.com/emersion/go-smtp does not pass,
// each with the rule it breaks. TestGoSMTP requires exactly these: a new
// failure is either a deviation to write down here or a suite bug to fix.
var goSMTPDeviations = map[string]string{
	oracleReplyFormat:                                    utf8InReply,
	oracleCodeTable:                                      "answers commands out of sequence with 502 and unknown verbs with 501 (see those cases): codes RFC 5321 §4.3.2 does not list for them, which §4.3.1 says SHOULD be strictly adhered to",
	"smtp-2.3.8-bare-lf-in-command":                      "reads a bare LF as the end of a command line (net/textproto); RFC 5321 §2.3.8: conforming implementations MUST NOT recognize any other character or character sequence as a line terminator",
	"smtp-4.1.1.6-vrfy-without-argument":                 "VRFY with no argument is not refused with 501; vrfy = \"VRFY\" SP String (strict)",
	"smtp-4.1.2-mail-control-character-in-domain":        controlChars,
	"smtp-4.1.2-mail-control-character-in-local-part":    controlChars,
	"smtp-4.1.2-mail-control-character-in-quoted-string": controlChars,
	"smtp-4.1.2-rcpt-control-character-after-path":       controlChars,
	"smtp-4954.9-no-hang-up-before-three-failures":       "a wrong password gets 454 (temporary), so no attempt counts as failed and the case cannot conclude; RFC 4954 §6 gives 535 5.7.8 for invalid credentials",
	"smtp-1870.3-size-twenty-digits":                     "a 20-digit SIZE gets 501; RFC 1870 §6: size-value ::= 1*20DIGIT, so it is well formed and, being over the maximum, owed 552",
	"smtp-2920.3.1-rset-inside-group":                    outOfSequence502,
	"smtp-2920.3.2-input-kept-after-failure":             outOfSequence502,
	"smtp-3.8-over-long-line-keeps-session":              "closes the connection after an over-long line; RFC 5321 §3.8: the server MUST NOT intentionally close the transmission channel until it receives and replies to a QUIT command (§4.5.3.1.9 answers over-long lines with 500)",
	"smtp-3030.2-bdat-after-last-503":                    outOfSequence502,
	"smtp-3030.2-bdat-before-mail-chunk-discarded":       outOfSequence502,
	"smtp-3030.2-bdat-before-rcpt-chunk-discarded":       outOfSequence502,
	"smtp-3030.2-data-after-bdat-503":                    outOfSequence502,
	"smtp-3030.2-rset-clears-chunks":                     outOfSequence502,
	"smtp-3207.4-starttls-argument-501":                  "STARTTLS with an argument gets 220; RFC 3207 §4: 501 Syntax error (no parameters allowed)",
	"smtp-3207.4.2-transaction-forgotten":                outOfSequence502,
	"smtp-3207.6-pipelined-plaintext-discarded":          outOfSequence502,
	"smtp-4.1.1-trailing-space-tolerated":                "\"RSET \" gets 501; RFC 5321 §4.1.1: SMTP receivers SHOULD tolerate trailing white space before the terminating <CRLF>",
	"smtp-4.1.1.1-helo-resets-transaction":               outOfSequence502,
	"smtp-4.1.1.11-mail-unknown-parameter":               unknownParam500,
	"smtp-4.1.1.11-rcpt-unknown-parameter":               unknownParam500,
	"smtp-4.1.1.3-postmaster-any-case":                   postmaster501,
	"smtp-4.1.1.4-rcpt-after-completed-transaction":      outOfSequence502,
	"smtp-4.1.1.5-rcpt-after-rset":                       outOfSequence502,
	"smtp-4.1.1.8-help-with-topic":                       "HELP is not implemented (502): recorded; RFC 5321 §4.1.1.8: servers MAY support HELP with arguments",
	"smtp-4.1.1.8-help-without-argument":                 "HELP gets 502; RFC 5321 §4.1.1.8: SMTP servers SHOULD support HELP without arguments",
	"smtp-4.1.2-ehlo-underscore-domain":                  badSyntaxAccepted,
	"smtp-4.1.2-mail-domain-underscore":                  badSyntaxAccepted,
	"smtp-4.1.4-ehlo-resets-transaction":                 outOfSequence502,
	"smtp-4.1.4-mail-bad-ipv4-literal":                   badSyntaxAccepted,
	"smtp-4.1.4-mail-before-ehlo":                        outOfSequence502,
	"smtp-4.1.4-mail-domain-empty-label":                 badSyntaxAccepted,
	"smtp-4.1.4-mail-domain-leading-hyphen":              badSyntaxAccepted,
	"smtp-4.1.4-mail-local-part-double-dot":              badSyntaxAccepted,
	"smtp-4.1.4-mail-parameter-bad-keyword":              unknownParam500,
	"smtp-4.1.4-mail-parameter-empty-value":              unknownParam500,
	"smtp-4.1.4-mail-path-without-brackets":              badSyntaxAccepted,
	"smtp-4.1.4-mail-space-after-colon":                  badSyntaxAccepted,
	"smtp-4.1.4-nested-mail":                             "a second MAIL inside a transaction gets 250 but keeps the first transaction's recipients, so DATA gets 354; RFC 5321 §4.1.1.2: MAIL clears the reverse-path, forward-path and mail data buffers",
	"smtp-4.1.4-rcpt-before-ehlo":                        outOfSequence502,
	"smtp-4.1.4-rcpt-before-mail":                        outOfSequence502,
	"smtp-4.2.4-unknown-verb-500":                        unknownVerb501,
	"smtp-4.3.2-data-codes":                              outOfSequence502,
	"smtp-4.3.2-quit-with-argument":                      argumentIgnored,
	"smtp-4.3.2-rset-with-argument":                      argumentIgnored,
	"smtp-4.5.1-postmaster-no-domain":                    postmaster501,
	"smtp-4954.4-auth-in-transaction-503":                "AUTH runs inside a mail transaction; RFC 4954 §4: an AUTH command issued during a mail transaction MUST be rejected with a 503 reply",
	"smtp-4954.4-inner-padding-501":                      badBase64454,
	"smtp-4954.4-invalid-base64-501":                     badBase64454,
	"smtp-4954.4-unknown-mechanism-504":                  "an unknown mechanism gets 334; RFC 4954 §4: if the requested authentication mechanism is invalid (e.g., is not supported...), the server rejects the AUTH command with a 504 reply",
	"smtp-4954.4-wrong-password-535":                     "a wrong password gets 454 (temporary); RFC 4954 §6 gives 535 5.7.8 for invalid credentials",
	"smtp-6152.2-body-binarymime-not-offered":            "BODY=BINARYMIME gets 504, a code RFC 5321 §4.3.2 does not list for MAIL; §4.1.1.11 gives 555 for a parameter not implemented",
	"smtp-6531.3.4-smtputf8-with-value-refused":          "SMTPUTF8=YES is accepted; RFC 6531 §3.4: the SMTPUTF8 parameter does not accept a value",
	"smtp-6531.3.5-utf8-sender-without-parameter":        "accepts a non-ASCII sender without the SMTPUTF8 parameter; RFC 5321 §4.1.2: a command with invalid character codes MUST be rejected with 501",
}

// TestGoSMTP runs every case against the SMTP server of
// github.com/emersion/go-smtp, a library nobody here wrote, with a backend
// that delivers to alice, bob and postmaster at localhost, refuses other
// local users and relaying, and checks AUTH PLAIN credentials. With
// MAILSPEC_GOSMTP_REPORT=FILE it writes the run's JSON report there
// (scripts/peers-matrix.sh puts it in docs/peers/).
func TestGoSMTP(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole suite against go-smtp")
	}
	tg := startGoSMTP(t)
	peertest.Check(t, tg, &registry, Open, peertest.Peer{
		Name:       "go-smtp v0.25.1 (github.com/emersion/go-smtp)",
		ReportEnv:  "MAILSPEC_GOSMTP_REPORT",
		Deviations: goSMTPDeviations,
		SessionTag: SessionTagNote(tg),
	})
}

// startGoSMTP serves go-smtp on a loopback port with STARTTLS and returns
// the target describing it.
func startGoSMTP(t *testing.T) *target.Target {
	t.Helper()
	cert, err := selfsigned.New()
	if err != nil {
		t.Fatal(err)
	}
	srv := gosmtp.NewServer(goSMTPBackend{})
	srv.Domain = "localhost"
	srv.TLSConfig = cert.ServerConfig()
	srv.MaxMessageBytes = 32 << 20
	srv.MaxRecipients = 100
	srv.EnableSMTPUTF8 = true
	srv.ReadTimeout = timeoutForTests
	srv.WriteTimeout = timeoutForTests
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	tg := &target.Target{
		Name:          "github.com/emersion/go-smtp",
		SMTP:          target.Endpoint{Addr: l.Addr().String(), TLS: target.TLSStartTLS, User: "alice", Password: "alice-pw"},
		TLSConfig:     cert.ClientConfig("localhost"),
		Mailbox:       "alice@localhost",
		SecondMailbox: "bob@localhost",
		Timeout:       timeoutForTests,
	}
	tg.Defaults()
	return tg
}

type goSMTPBackend struct{}

func (goSMTPBackend) NewSession(*gosmtp.Conn) (gosmtp.Session, error) { return &goSMTPSession{}, nil }

type goSMTPSession struct{ authed bool }

var goSMTPMailboxes = map[string]bool{"alice": true, "bob": true, "postmaster": true}

func (s *goSMTPSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *goSMTPSession) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, password string) error {
		if (identity == "" || identity == user) && user == "alice" && password == "alice-pw" {
			s.authed = true
			return nil
		}
		return errors.New("invalid credentials")
	}), nil
}

func (s *goSMTPSession) Mail(string, *gosmtp.MailOptions) error { return nil }

func (s *goSMTPSession) Rcpt(to string, _ *gosmtp.RcptOptions) error {
	local, domain, _ := strings.Cut(to, "@")
	if domain != "" && !strings.EqualFold(domain, "localhost") {
		if s.authed {
			return nil
		}
		return &gosmtp.SMTPError{Code: 550, EnhancedCode: gosmtp.EnhancedCode{5, 7, 1}, Message: "Relaying denied"}
	}
	if !goSMTPMailboxes[strings.ToLower(local)] {
		return &gosmtp.SMTPError{Code: 550, EnhancedCode: gosmtp.EnhancedCode{5, 1, 1}, Message: "No such user"}
	}
	return nil
}

func (s *goSMTPSession) Data(r io.Reader) error {
	_, err := io.Copy(io.Discard, r)
	return err
}

func (s *goSMTPSession) Reset()        {}
func (s *goSMTPSession) Logout() error { return nil }
