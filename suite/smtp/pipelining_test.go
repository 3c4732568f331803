package smtp

var (
	_ = breaks("smtp-2920.3.2-replies-in-order",
		holdReply("answers DATA before the RCPTs pipelined ahead of it", "RCPT", "2", "DATA"),
		replyTo("MAIL", "250", ""))
	_ = breaks("smtp-2920.3.2-flush-when-input-drained",
		holdReply("keeps the RCPT reply until the next command arrives", "RCPT", "2", ""))
	_ = breaks("smtp-2920.3.2-input-kept-after-failure",
		silentAfter("discards its buffered input after a failed command", "RCPT", "503"))
	_ = breaks("smtp-2920.3.2-unrecognized-command-answered-in-place",
		holdReply("answers an unrecognized command after the command that follows it", "XMAILSPEC", "500", ""))
	_ = breaks("smtp-2920.3.1-rset-inside-group",
		replyTo("RSET", "250", ""),
		replyTo("RCPT", "503", "250 2.1.5 Recipient OK\r\n"))
	_ = breaks("smtp-2920.3.1-message-then-next-transaction",
		silentAfter("discards the commands pipelined behind the end of data", `\.`, "250"))
	_ = breaks("smtp-2920.3.2-data-refused-without-valid-rcpt",
		replyTo("DATA", "503", "354 Start mail input; end with <CRLF>.<CRLF>\r\n"))
	_ = breaks("smtp-2920.3.2-data-accepted-after-last-rcpt-failed",
		replyTo("DATA", "354", "554 5.5.1 No valid recipients\r\n"))
)
