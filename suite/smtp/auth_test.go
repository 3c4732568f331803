package smtp

const (
	authOK       = "235 2.7.0 Authentication successful\r\n"
	authInvalid  = "535 5.7.8 Authentication credentials invalid\r\n"
	authNotFound = "504 5.5.4 Unrecognized authentication mechanism\r\n"
)

var (
	_ = breaks("smtp-4954.4-plain-initial-response",
		replyTo("AUTH PLAIN ", "235", authInvalid))
	_ = breaks("smtp-4954.4-plain-empty-challenge",
		replyTo("AUTH PLAIN$", "334", "334 PDE+\r\n"),
		replyTo("AUTH PLAIN$", "334", "334\r\n"),
		replyTo("AUTH PLAIN$", "235", authInvalid))
	_ = breaks("smtp-4954.4-empty-initial-response",
		replyTo("AUTH PLAIN =", "535", "334 \r\n"))
	_ = breaks("smtp-4954.4-cancel-501",
		replyTo("AUTH", "501", authInvalid))
	_ = breaks("smtp-4954.4-invalid-base64-501",
		replyTo("AUTH PLAIN ", "501", authInvalid),
		replyTo("AUTH PLAIN ", "501", "501 5.5.4 Syntax error in parameters or arguments\r\n"))
	_ = breaks("smtp-4954.4-inner-padding-501",
		replyTo("AUTH", "501", authInvalid))
	_ = breaks("smtp-4954.4-unknown-mechanism-504",
		replyTo("AUTH "+unknownMechanism, "504", authInvalid))
	_ = breaks("smtp-4616.2-wrong-password-refused",
		replyTo("AUTH", "535", authOK))
	_ = breaks("smtp-4954.4-wrong-password-535",
		replyTo("AUTH", "535", "554 5.7.8 Authentication failed\r\n"))
	_ = breaks("smtp-4954.4-auth-after-auth-503",
		replyTo("AUTH", "503", authOK))
	_ = breaks("smtp-4954.4-auth-in-transaction-503",
		replyTo("AUTH", "503", authInvalid))
	_ = breaks("smtp-4954.3-advertised-mechanisms-available",
		replaceKeyword("advertises CRAM-MD5, which it does not implement", "AUTH", "AUTH PLAIN LOGIN CRAM-MD5"))
	_ = breaks("smtp-4954.6-no-mechanism-needing-encryption-advertised",
		addKeyword("advertises AUTH PLAIN LOGIN before TLS, where it refuses them", "AUTH PLAIN LOGIN"))
	_ = breaks("smtp-4954.4-challenge-is-base64",
		replyTo("AUTH LOGIN", "334", "334 Username:\r\n"))
	_ = breaks("smtp-4954.4-login-exchange",
		replyTo("AUTH LOGIN", "235", authInvalid))
	_ = breaks("smtp-4954.8-mechanism-case-insensitive",
		replyToExact("knows the mechanism name only in upper case", "auth plain ", "235", authNotFound))
	_ = breaks("smtp-4954.4-plain-pipelined-with-mail",
		replyTo("MAIL", "250", ""))
	_ = breaks("smtp-4954.4-plain-offered-under-tls",
		replaceKeyword("offers only LOGIN", "AUTH", "AUTH LOGIN"))
	_ = breaks("smtp-4954.5-mail-auth-empty",
		replyTo("MAIL .* AUTH=", "250", "555 5.5.4 MAIL FROM/RCPT TO parameter not recognized or not implemented\r\n"))
	_ = breaks("smtp-4954.5-mail-auth-xtext",
		replyTo("MAIL .* AUTH=mailspec", "250", "501 5.5.4 Bad AUTH parameter\r\n"))
)
