// Package wire is the client side of the wire that every conformance case and
// fuzz target uses to talk to an SMTP or POP3 server under test.
//
// A Conn sends exact bytes (nothing is normalised, so bare CR, bare LF, NUL,
// 8-bit octets and over-long lines can all be sent), reads replies with strict
// format checking, upgrades to TLS, puts a deadline on every wait, and records
// a transcript of every line each way.
//
// Reading keeps two kinds of outcome apart, as net/textproto does:
//
//   - The server answered with a code. ReadReply and ReadStatus return the
//     reply as a value, refusals included; Reply.Expect and Status.Expect turn
//     an unwanted one into a *ReplyError or *StatusError.
//   - The server broke the wire format: bad digits, mixed codes, a bare LF line
//     end, garbage, a line beyond the configured bound. That is a
//     *ProtocolError. After one, the position in the stream is undefined and
//     the Conn should be closed.
//
// Timeouts, end of file and resets come back as wrapped I/O errors; IsTimeout
// and IsClosed tell them apart.
//
// The Reader type does the parsing on any io.Reader, and ParseReply and
// ParseStatus do it on bytes, so that fuzz targets and the reference server's
// tests can use the same strict parser without a socket.
package wire
