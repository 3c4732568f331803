package smtp

var (
	_ = breaks("smtp-3.3-resent-field-counts-differ",
		replyTo(`\.`, "250", "554 5.6.0 Resent- header fields do not match\r\n"))
	_ = breaks("smtp-3.3-resent-to-alone",
		replyTo(`\.`, "250", "550 5.6.0 Resent-To without Resent-From\r\n"))
	_ = breaks("smtp-3.3-no-date-or-from",
		replyTo(`\.`, "250", "554 5.6.0 Message lacks a Date or From field\r\n"))
	_ = breaks("smtp-3.3-mime-multipart-unterminated",
		replyTo(`\.`, "250", "554 5.6.0 Malformed MIME structure\r\n"))
)
