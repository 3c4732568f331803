package smtp

const vrfyLost = "503 5.5.1 Send MAIL first\r\n"

var (
	_ = breaks("smtp-4.5.1-vrfy-supported",
		replyTo("VRFY", "250", "502 5.5.1 VRFY command is disabled\r\n"),
		replyTo("VRFY", "250", "500 5.5.1 Command unrecognized\r\n"),
	)
	_ = breaks("smtp-3.5.1-vrfy-local-user-name",
		replyTo("VRFY [^@]*$", "250", "550 5.1.1 No such user here\r\n"),
		replyTo("VRFY [^@]*$", "250", "501 5.5.4 Syntax error in parameters or arguments\r\n"),
	)
	_ = breaks("smtp-3.5.1-vrfy-mailbox-form", replyTo("VRFY .*@", "250", "501 5.5.4 Syntax error in parameters or arguments\r\n"))
	_ = breaks("smtp-3.5.2-vrfy-reply-names-mailbox",
		replyTo("VRFY", "250", "250 2.1.5 alice\r\n"),
		replyTo("VRFY", "250", "250 2.1.5 Alice Example <alice>\r\n"),
	)
	_ = breaks("smtp-3.5.2-vrfy-reply-angle-brackets", replyTo("VRFY", "250", "250 2.1.5 alice@localhost\r\n"))
	_ = breaks("smtp-3.5.2-vrfy-no-source-route", replyTo("VRFY", "250", "250 2.1.5 <@relay.example:alice@localhost>\r\n"))
	_ = breaks("smtp-3.5.3-vrfy-unverifiable-not-250", replyTo(`VRFY .*\.invalid`, "252", "250 2.1.5 <mailspec@no-such-host.invalid>\r\n"))
	_ = breaks("smtp-4.1.1.6-vrfy-keeps-transaction", coreReplyAfter("VRFY", "250", "DATA", "354", vrfyLost))
	_ = breaks("smtp-3.5.2-expn-advertised-if-supported", coreWithoutKeyword("EXPN"))
	_ = breaks("smtp-3.5.3-expn-unknown-list-not-250", replyTo("EXPN", "550", "250 2.1.5 <mailspec-no-such-list-5f3a9c@localhost>\r\n"))
	_ = breaks("smtp-4.1.1.7-expn-keeps-transaction", coreReplyAfter("EXPN", "550", "DATA", "354", vrfyLost))
)

var _ = breaks("smtp-3.5.2-vrfy-mailbox-usable-in-rcpt", replyTo("VRFY", "250", "250 2.1.5 <alice@mail.internal.invalid>\r\n"))
