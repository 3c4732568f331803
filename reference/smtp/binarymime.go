package smtp

// BINARYMIME (RFC 3030 §3), offered when Config.BinaryMIME is set, beside
// CHUNKING, which it needs (§3 item 3). MAIL takes BODY=BINARYMIME, and
// such a message comes by BDAT only: "If a DATA command is issued after a
// MAIL command containing the body-value of "BINARYMIME", a 503 "Bad
// sequence of commands" response MUST be sent." The transaction is kept
// as it was; §3 leaves its state indeterminate and the client must RSET.
//
// The message is stored like any other, in local form (LF line ends) with
// no limit on the length of a line, since binary data has no text lines.
// A body whose CR and LF octets come only as CRLF pairs survives that bit
// for bit, and may hold any other octet, NUL included. One with a bare CR
// or bare LF is refused (554) at its end, as in any transaction (RFC 5321
// §2.3.8): the Maildir could not give its octets back unchanged, which §3
// requires of a message once accepted ("MUST deliver or relay the message
// in such a way as to preserve all bits in each octet").

// replyBinaryMIMEData answers DATA in a BODY=BINARYMIME transaction.
var replyBinaryMIMEData = reply(503, "5.5.1", "Bad sequence of commands: a BODY=BINARYMIME message must be sent with BDAT; send RSET")
