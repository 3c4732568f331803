package smtp

var (
	_ = breaks("smtp-1870.3-ehlo-size-parameter-syntax",
		replaceKeyword("advertises SIZE 32M", "SIZE", "SIZE 32M"))
	_ = breaks("smtp-1870.7-size-over-maximum-552",
		replyTo("MAIL", "552", "250 2.1.0 Sender OK\r\n"))
	_ = breaks("smtp-1870.3-size-twenty-digits",
		replyTo("MAIL .* SIZE=9{20}", "552", "501 5.5.4 Bad SIZE value\r\n"))
	_ = breaks("smtp-1870.7-size-within-maximum-accepted",
		replyTo("MAIL .* SIZE=", "250", "555 5.5.4 MAIL FROM/RCPT TO parameter not recognized or not implemented\r\n"))
	_ = breaks("smtp-1870.6-size-value-not-digits",
		replyTo("MAIL .* SIZE=10K", "501", "250 2.1.0 Sender OK\r\n"))
	_ = breaks("smtp-1870.6-size-without-value",
		replyTo("MAIL .* SIZE$", "501", "250 2.1.0 Sender OK\r\n"))
	_ = breaks("smtp-1870.6-size-not-end-of-content",
		appendReplies("ends the data at the declared size and runs the rest as commands", `\.`, "250", "500 5.5.1 Command unrecognized\r\n"))
)
