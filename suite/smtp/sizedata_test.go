package smtp

import refsmtp "github.com/mailspec/mailspec/reference/smtp"

var (
	// The smallest maximum RFC 5321 §4.5.3.1.7 allows, so that the case
	// sends 64K and one octet rather than the default's 32 MiB.
	_ = configuredBy("smtp-1870.4-message-over-maximum-552", func(cfg *refsmtp.Config) { cfg.MaxMessageSize = 64 << 10 })
	_ = breaks("smtp-1870.4-message-over-maximum-552",
		replyTo(`\.`, "552", "250 2.0.0 OK: queued\r\n"),
		replyTo(`\.`, "552", "554 5.3.4 Message too big for system\r\n"))
)
