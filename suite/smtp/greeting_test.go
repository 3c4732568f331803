package smtp

var (
	_ = breaks("smtp-3.1-greeting-220",
		coreGreeting("250 localhost ready\r\n"),
		coreGreeting("500 5.5.1 Not an SMTP server\r\n"),
	)
	_ = breaks("smtp-4.3.1-greeting-names-server",
		coreGreeting("220\r\n"),
		coreGreeting("220 (mail server) ready\r\n"),
		coreGreeting("220 mx_1.example ESMTP ready\r\n"),
	)
)
