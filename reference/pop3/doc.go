// Package pop3 is the reference POP3 server: RFC 1939 with CAPA and
// response codes (RFC 2449, RFC 3206), STLS (RFC 2595 §4) and SASL PLAIN
// (RFC 5034, RFC 4616), serving the Maildirs of a mailstore.Store. It is
// strict by default; each relaxation is a named Config field.
//
// Choices the RFCs leave open, made the strict way:
//
//   - Only CRLF ends a valid line. An LF always ends a line, so that the
//     session stays in step, but a line ended by a bare LF or holding a
//     bare CR is answered -ERR and never executed. Command lines are
//     limited to 255 octets with CRLF (RFC 2449 §4); a longer one is read
//     to its end within that memory, answered -ERR, and the session goes on.
//   - Arguments are separated by exactly one SPACE and are printable ASCII
//     (RFC 1939 §3); anything else is -ERR. PASS takes the rest of the line.
//   - NOOP is valid only in the TRANSACTION state, as RFC 1939 §5 says.
//   - PASS is valid only on the line right after a successful USER.
//   - USER answers +OK for any well-formed name, so that names cannot be
//     probed (RFC 1939 §13); only the password check fails, after
//     Config.LoginDelay, with -ERR and the AUTH response code.
//   - Passwords (USER/PASS, SASL PLAIN) are refused before STLS unless
//     Config.AllowInsecureAuth; APOP only with Config.AllowAPOP.
//   - Messages, sizes and numbers are a snapshot taken at login: mail that
//     arrives later waits for the next session. Deletions happen only after
//     QUIT in the TRANSACTION state; a session that ends any other way
//     (dropped, autologout, shutdown, panic) changes nothing but the
//     new/ to cur/ move described in mailstore.OpenMailbox.
package pop3
