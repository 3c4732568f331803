package smtp

// RFC 5321 §4.5.5 (Messages with a Null Reverse-Path): delivery status
// notifications, bounces and disposition notifications are sent with
// MAIL FROM:<> (Reverse-path = Path / "<>", §4.1.2), and §6.1 requires
// the bounces of every server to be sent so, so a server that refuses the
// null reverse-path refuses every notification on the Internet.

const quoteNullPath = `There are several types of notification messages that are required by existing and proposed Standards to be sent with a null reverse-path, namely non-delivery notifications as discussed in Section 3.7, other kinds of Delivery Status Notifications (DSNs, RFC 3461 [32]), and Message Disposition Notifications (MDNs, RFC 3798 [37]).`

var _ = register(Case{
	ID: "smtp-4.5.5-null-reverse-path", RFC: "5321", Section: "4.5.5", Level: MUST,
	Binds: "§4.1.2's Reverse-path = Path / \"<>\", which notifications MUST use (§4.5.5, §6.1); refusing it refuses valid input",
	Quote: quoteNullPath,
	Does:  "sends MAIL FROM:<> after EHLO; requires 250",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("MAIL FROM:<>", 250)
	},
})

var _ = register(Case{
	ID: "smtp-4.5.5-null-reverse-path-delivered", RFC: "5321", Section: "4.5.5", Level: MUST,
	Binds: "§4.1.2's Reverse-path = Path / \"<>\", which notifications MUST use (§4.5.5, §6.1); refusing it refuses valid input",
	Quote: quoteNullPath,
	Does:  "sends MAIL FROM:<>, RCPT to the deliverable mailbox, DATA and a notification-like message; requires 250, 250 or 251, 354, 250",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("MAIL FROM:<>", 250)
		s.ExpectCmd("RCPT TO:<"+s.Mailbox()+">", 250, 251)
		s.ExpectCmd("DATA", 354)
		s.deliverData("a message with a null reverse-path",
			s.testHeader("null reverse-path")+"This stands for a delivery status notification.\r\n")
	},
})
