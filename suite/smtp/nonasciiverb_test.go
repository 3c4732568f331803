package smtp

// foldsUnicodeCase answers the dotless-i MAIL as the server that upper-cases
// with Unicode rules does: as MAIL.
var _ = breaks("smtp-4.1.2-verb-non-ascii-refused", replyTo("MA\u0131L", "5", "250 2.1.0 Sender OK\r\n"))
