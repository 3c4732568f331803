package smtp

// RFC 5321 §2.4 (case of verbs, keywords and domains), §4.1.2 (Command
// Argument Syntax), §4.1.3 (Address Literals), source routes (§3.3,
// §4.1.1.3, Appendix F.2), MAIL and RCPT parameters (§4.1.1.11) and §4.1.4
// on a refused MAIL argument: what the grammar allows is accepted, what it
// does not is refused with 501 and changes nothing.

import (
	"strings"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

const quoteCaseInsensitive = `Verbs and argument values (e.g., "TO:" or "to:" in the RCPT command and extension name keywords) are not case sensitive, with the sole exception in this specification of a mailbox local-part (SMTP Extensions may explicitly specify case-sensitive elements).`

// verbCase declares a case that runs a transaction's opening with the
// verbs written by spell.
func verbCase(id, how string, spell func(verb string) string) struct{} {
	return register(Case{
		ID: id, RFC: "5321", Section: "2.4", Level: MUST,
		Quote: quoteCaseInsensitive,
		Binds: "§2.4 calls servers that require upper-case verbs \"in violation of this specification\"",
		Does:  "sends EHLO, MAIL, RCPT, RSET and NOOP with the verbs in " + how + "; requires 250 to each",
		Run: func(s *Session) {
			s.ExpectCmd(spell("EHLO")+" "+s.clientDomain(), 250)
			s.ExpectCmd(spell("MAIL")+" FROM:<"+s.Sender()+">", 250)
			s.ExpectCmd(spell("RCPT")+" TO:<"+s.Mailbox()+">", 250, 251)
			s.ExpectCmd(spell("RSET"), 250)
			s.ExpectCmd(spell("NOOP"), 250)
		},
	})
}

var (
	_ = verbCase("smtp-2.4-lowercase-verbs", "lower case", strings.ToLower)
	_ = verbCase("smtp-2.4-mixed-case-verbs", "mixed case", func(verb string) string {
		b := []byte(strings.ToLower(verb))
		for i := 0; i < len(b); i += 2 {
			b[i] -= 'a' - 'A'
		}
		return string(b)
	})
)

var _ = register(Case{
	ID: "smtp-2.4-lowercase-from-to", RFC: "5321", Section: "2.4", Level: MUST,
	Binds: "§2.4: argument values such as \"TO:\" or \"to:\" are not case sensitive; refusing one spelling refuses valid input",
	Quote: quoteCaseInsensitive,
	Does:  "sends MAIL from:<...> and RCPT to:<...> with the keywords in lower case; requires 250 to both",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("MAIL from:<"+s.Sender()+">", 250)
		s.ExpectCmd("RCPT to:<"+s.Mailbox()+">", 250, 251)
	},
})

var _ = register(Case{
	ID: "smtp-2.4-domain-case-insensitive", RFC: "5321", Section: "2.4", Level: MUST,
	Binds: "§2.4: domains are not case sensitive; refusing the upper-case domain refuses the same mailbox",
	Quote: `Mailbox domains follow normal DNS rules and are hence not case sensitive.`,
	Does:  "sends RCPT for the deliverable mailbox with its domain in upper case; requires 250 or 251",
	Run: func(s *Session) {
		local, domain := s.mailboxParts()
		if strings.HasPrefix(domain, "[") {
			spec.Skipf("the mailbox's domain %s is an address literal", domain)
		}
		s.Ehlo()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
		s.ExpectCmd("RCPT TO:<"+local+"@"+strings.ToUpper(domain)+">", 250, 251)
	},
})

// quoteLocalPart writes local as a Quoted-string (§4.1.2), with the octet
// at pairAt (if any) written as a quoted-pair.
func quoteLocalPart(local string, pairAt int) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(local); i++ {
		if i == pairAt || local[i] == '"' || local[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(local[i])
	}
	b.WriteByte('"')
	return b.String()
}

const quoteQuotedForms = `For any purposes that require generating or comparing Local-parts (e.g., to specific mailbox names), all quoted forms MUST be treated as equivalent, and the sending system SHOULD transmit the form that uses the minimum quoting possible.`

// quotedRecipient declares a case that gives the deliverable mailbox's
// local part as a Quoted-string; pairAt as in quoteLocalPart.
func quotedRecipient(id, how string, pairAt int) struct{} {
	return register(Case{
		ID: id, RFC: "5321", Section: "4.1.2", Level: MUST,
		Quote: quoteQuotedForms,
		Does:  "sends RCPT for the deliverable mailbox with its local part " + how + "; requires 250 or 251, as for the plain form",
		Run: func(s *Session) {
			local, domain := s.mailboxParts()
			if strings.HasPrefix(local, `"`) {
				spec.Skipf("the mailbox's local part %s is already quoted", local)
			}
			s.Ehlo()
			s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
			s.ExpectCmd("RCPT TO:<"+quoteLocalPart(local, pairAt)+"@"+domain+">", 250, 251)
		},
	})
}

var (
	_ = quotedRecipient("smtp-4.1.2-quoted-local-part", `quoted ("alice")`, -1)
	_ = quotedRecipient("smtp-4.1.2-quoted-pair-local-part", `quoted with a quoted-pair ("a\lice")`, 1)
)

// pathRefusals are the replies with which a server may refuse a path the
// grammar allows: by policy (RFC 5321 §3.3 "for some reason", §4.2.2's
// 550 and 553), as "not acceptable" (§4.1.4's 501), or for now (4yz). The
// wire cannot tell such a policy from a parser that misreads the grammar,
// so a case grades only what it can tell: the command was understood (not
// 500, 502, 503 or 504) and the session goes on; a refusal is recorded.
var pathRefusals = []int{4, 501, 550, 551, 552, 553, 554}

// acceptedPath sends a MAIL or RCPT line whose path the grammar allows;
// accepted lists the codes of acceptance. It requires acceptance or a
// refusal of pathRefusals, then a usable session, and ends the case as
// info when the path was refused.
func (s *Session) acceptedPath(line string, accepted ...int) {
	r := s.Cmd(line)
	s.ExpectReply(line, r, append(accepted, pathRefusals...)...)
	s.Sync()
	if r.Class() != 2 {
		spec.Infof("%s\nrefused with %s: the RFC lets a server refuse such a path by policy, and the wire cannot tell that from a parser gap", wire.Visible([]byte(line)), wire.Visible([]byte(r.String())))
	}
}

// bindsAcceptedPath says why the accepted-path cases are MUST although a
// refusal passes: what they fail is a server that does not understand
// the command at all.
const bindsAcceptedPath = "the path is in the grammar every server implements; 500, 502, 503 or 504 to it, or a lost session, misreads the command itself"

// acceptedSender declares a case whose MAIL path is valid by the grammar.
func acceptedSender(id, section, quote, path string) struct{} {
	return register(Case{
		ID: id, RFC: "5321", Section: section, Level: MUST,
		Quote: quote,
		Binds: bindsAcceptedPath,
		Does:  "sends MAIL FROM:" + path + "; requires 250 or a refusal a policy may give (4yz, 501, 550-554; recorded as info), not 500/502/503/504, then a usable session",
		Run: func(s *Session) {
			s.Ehlo()
			s.acceptedPath("MAIL FROM:"+s.fromSender(path), 250)
		},
	})
}

var (
	_ = acceptedSender("smtp-4.1.2-quoted-local-part-with-space", "4.1.2",
		`qtextSMTP = %d32-33 / %d35-91 / %d93-126 ; i.e., within a quoted string, any ; ASCII graphic or space is permitted ; without blackslash-quoting except ; double-quote and the backslash itself.`,
		`<"mailspec test"@sender.example>`)
	_ = acceptedSender("smtp-4.1.2-quoted-pair-comma", "4.1.2",
		`For example, "Joe\,Smith" indicates a single nine-character user name string with the comma being the fourth character of that string.`,
		`<"Joe\,Smith"@sender.example>`)
	_ = acceptedSender("smtp-4.1.3-ipv4-literal-in-path", "4.1.3",
		`To bypass this barrier, a special literal form of the address is allowed as an alternative to a domain name.`,
		`<mailspec@[192.0.2.1]>`)
	_ = acceptedSender("smtp-4.1.3-ipv6-literal-in-path", "4.1.3",
		`For IPv6 and other forms of addressing that might eventually be standardized, the form consists of a standardized "tag" that identifies the address syntax, a colon, and the address itself, in a format specified as part of the relevant standards (i.e., RFC 4291 [8] for IPv6).`,
		`<mailspec@[IPv6:2001:db8::1]>`)
	_ = acceptedSender("smtp-f.2-source-route-in-reverse-path", "F.2",
		`SMTP servers MUST continue to accept source route syntax as specified in the main body of this document and in RFC 1123.`,
		`<@relay.example:mailspec@sender.example>`)
)

// routedRecipient is the deliverable mailbox behind a two-hop source route.
func routedRecipient(s *Session) string {
	return "<@one.mailspec.example,@two.mailspec.example:" + s.Mailbox() + ">"
}

var _ = register(Case{
	ID: "smtp-3.3-source-route-accepted", RFC: "5321", Section: "3.3", Level: MUST,
	Quote: `Servers MUST be prepared to encounter a list of source routes in the forward-path, but they SHOULD ignore the routes or MAY decline to support the relaying they imply.`,
	Does:  "sends RCPT TO:<@one,@two:mailbox>; requires 250 or 251, or a refusal of the relaying (4yz, 501, 550-554; recorded as info), not 500/502/503/504, then a usable session",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
		// "MAY decline to support the relaying they imply": any policy
		// refusal declines it.
		s.acceptedPath("RCPT TO:"+routedRecipient(s), 250, 251)
	},
})

var _ = register(Case{
	ID: "smtp-4.1.1.3-source-route-ignored", RFC: "5321", Section: "4.1.1.3", Level: SHOULD,
	Quote: `Receiving systems MUST recognize source route syntax but SHOULD strip off the source route specification and utilize the domain name associated with the mailbox as if the source route had not been provided.`,
	Does:  "sends RCPT TO:<@one,@two:mailbox> for the deliverable mailbox; requires 250 or 251, as without the route",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
		s.ExpectCmd("RCPT TO:"+routedRecipient(s), 250, 251)
	},
})

// refusedSender declares a case whose MAIL argument breaks the grammar of
// §4.1.2. No sentence obliges a server to refuse it — §4.1.4's 501 is for
// an argument the server finds "not acceptable" — so a server that takes
// it is lenient: the case is strict. One that refuses it must give 501 (or
// §4.2.2's 553) and begin no transaction.
func refusedSender(id, what, arg string, codes ...int) struct{} {
	return register(Case{
		ID: id, RFC: "5321", Section: "4.1.4", Level: MUST, Strict: true,
		Quote: `If the transaction beginning command argument is not acceptable, a 501 failure reply MUST be returned and the SMTP server MUST stay in the same state.`,
		Does:  "sends MAIL FROM:" + arg + " (" + what + "); requires " + describeCodeChoice(codes) + ", then MAIL with a good path 250",
		Run: func(s *Session) {
			s.Ehlo()
			s.ExpectCmd("MAIL FROM:"+s.fromSender(arg), codes...)
			s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
		},
	})
}

// describeCodeChoice writes codes as "501 or 553".
func describeCodeChoice(codes []int) string {
	return strings.TrimPrefix(describeAllowed(codes), "a reply ")
}

// badSenders are MAIL arguments the grammar refuses. Besides 501, §4.2.2
// gives 553 for "mailbox syntax incorrect" and §4.1.1.11 555 for
// parameters; a server may reach either first.
var badSenders = []struct {
	id, what, arg string
	codes         []int
}{
	{"smtp-4.1.4-mail-path-without-brackets", "no pointed brackets", "mailspec@sender.example", []int{501, 553}},
	{"smtp-4.1.4-mail-space-after-colon", "SP after the colon", " <mailspec@sender.example>", []int{501, 553}},
	{"smtp-4.1.4-mail-unclosed-bracket", "no closing bracket", "<mailspec@sender.example", []int{501, 553}},
	{"smtp-4.1.4-mail-unbalanced-quote", "a quote never closed", `<"mailspec@sender.example>`, []int{501, 553}},
	{"smtp-4.1.4-mail-path-without-domain", "a local part with no domain", "<mailspec>", []int{501, 553}},
	{"smtp-4.1.4-mail-local-part-double-dot", "two dots in a row in a Dot-string", "<mail..spec@sender.example>", []int{501, 553}},
	{"smtp-4.1.4-mail-domain-empty-label", "an empty domain label", "<mailspec@sender..example>", []int{501, 553}},
	{"smtp-4.1.4-mail-domain-leading-hyphen", "a label that starts with a hyphen", "<mailspec@-sender.example>", []int{501, 553}},
	{"smtp-4.1.4-mail-bad-ipv4-literal", "an IPv4 literal with an octet over 255", "<mailspec@[192.0.2.300]>", []int{501, 553}},
	{"smtp-4.1.4-mail-parameter-empty-value", `esmtp-value empty after "="`, "<mailspec@sender.example> XMAILSPEC=", []int{501, 555}},
	{"smtp-4.1.4-mail-parameter-bad-keyword", "an underscore in an esmtp-keyword", "<mailspec@sender.example> X_MAILSPEC=1", []int{501, 555}},
}

var _ = func() struct{} {
	for _, b := range badSenders {
		refusedSender(b.id, b.what, b.arg, b.codes...)
	}
	return struct{}{}
}()

var _ = register(Case{
	// Strict: "_" is an ASCII graphic, a character code the commands
	// use; that the Domain grammar leaves it out obliges no refusal.
	ID: "smtp-4.1.2-mail-domain-underscore", RFC: "5321", Section: "4.1.2", Level: MUST, Strict: true,
	Quote: quoteInvalidCharacters,
	Does:  "sends MAIL FROM:<mailspec@bad_name.example> (an underscore in a label); requires 501, then MAIL with a good path 250",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("MAIL FROM:<mailspec@bad_name.example>", 501)
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
	},
})

const quoteUnknownParameter = `If the server SMTP does not recognize or cannot implement one or more of the parameters associated with a particular MAIL FROM or RCPT TO command, it will return code 555.`

var _ = register(Case{
	ID: "smtp-4.1.1.11-mail-unknown-parameter", RFC: "5321", Section: "4.1.1.11", Level: MUST,
	Binds: "§4.1.1.11 defines the reply to a parameter the server does not implement (555; §4.1.4's 501)",
	Quote: quoteUnknownParameter,
	Does:  "sends MAIL with a parameter no server offers (XMAILSPEC=1); requires 555 (or 501), then MAIL without it 250",
	Run: func(s *Session) {
		s.Ehlo()
		// §4.1.4 requires 501 for an unacceptable MAIL argument; §4.1.1.11
		// names 555 for this one. Either refuses it.
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+"> XMAILSPEC=1", 555, 501)
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
	},
})

var _ = register(Case{
	ID: "smtp-4.1.1.11-rcpt-unknown-parameter", RFC: "5321", Section: "4.1.1.11", Level: MUST,
	Binds: "§4.1.1.11 defines the reply to a parameter the server does not implement (555; §4.1.4's 501)",
	Quote: quoteUnknownParameter,
	Does:  "sends RCPT with a parameter no server offers (XMAILSPEC=1); requires 555 (or 501), then RCPT without it 250",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
		s.ExpectCmd("RCPT TO:<"+s.Mailbox()+"> XMAILSPEC=1", 555, 501)
		s.ExpectCmd("RCPT TO:<"+s.Mailbox()+">", 250, 251)
	},
})
