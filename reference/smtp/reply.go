package smtp

import (
	"fmt"
	"strconv"
	"strings"
)

// Reply is one SMTP reply: a three-digit code (RFC 5321 §4.2), an enhanced
// status code (RFC 3463, "class.subject.detail") and text lines.
type Reply struct {
	Code     int
	Enhanced string   // "5.5.1"; empty for replies that carry none (3xx, the greeting)
	Lines    []string // at least one line
}

// reply builds a single-line reply. Its enhanced code is checked: the
// replies are package values, so a wrong one stops the program at start
// rather than reaching a client.
func reply(code int, enhanced, text string) Reply {
	if err := checkEnhanced(code, enhanced); err != nil {
		panic(err)
	}
	return Reply{Code: code, Enhanced: enhanced, Lines: []string{text}}
}

// checkEnhanced reports what is wrong with an enhanced status code for a
// reply code (RFC 3463 §2: class "." subject "." detail, each sub-code one
// to three digits without leading zeros, the class 2, 4 or 5; RFC 2034 §3:
// the class agrees with the reply code's first digit). "" is no code.
func checkEnhanced(code int, enhanced string) error {
	if enhanced == "" {
		return nil
	}
	parts := strings.Split(enhanced, ".")
	if len(parts) != 3 || parts[0] != strconv.Itoa(code/100) || code/100 == 3 {
		return fmt.Errorf("smtp: enhanced code %q does not fit reply code %d", enhanced, code)
	}
	for _, p := range parts {
		if len(p) == 0 || len(p) > 3 || len(p) > 1 && p[0] == '0' || strings.Trim(p, "0123456789") != "" {
			return fmt.Errorf("smtp: enhanced code %q: sub-code %q is not 1 to 3 digits without a leading zero", enhanced, p)
		}
	}
	return nil
}

// Format renders the reply as it goes on the wire. Every line but the last
// has a hyphen after the code (RFC 5321 §4.2.1). RFC 2034 §3: servers that
// offer ENHANCEDSTATUSCODES put the same enhanced code at the start of the
// text of every line of every 2xx, 4xx and 5xx reply, whether or not the
// client used EHLO.
func (r Reply) Format() string {
	var b strings.Builder
	code := strconv.Itoa(r.Code)
	for i, line := range r.Lines {
		b.WriteString(code)
		if i < len(r.Lines)-1 {
			b.WriteByte('-')
		} else {
			b.WriteByte(' ')
		}
		if r.Enhanced != "" {
			b.WriteString(r.Enhanced)
			if line != "" {
				b.WriteByte(' ')
			}
		}
		b.WriteString(line)
		b.WriteString("\r\n")
	}
	return b.String()
}

// Error lets a Reply travel as an error out of a parser or a policy check.
func (r Reply) Error() string { return strings.TrimSuffix(r.Format(), "\r\n") }

// Fixed replies. RFC 5321 §4.2.2 lists the codes; §4.2.3 and RFC 3463 §3
// the enhanced codes.
var (
	replyOK                  = reply(250, "2.0.0", "OK")
	replyResetOK             = reply(250, "2.0.0", "Reset state")
	replySenderOK            = reply(250, "2.1.0", "Sender OK")
	replyRecipientOK         = reply(250, "2.1.5", "Recipient OK")
	replyStartData           = reply(354, "", "Start mail input; end with <CRLF>.<CRLF>")
	replyStartTLS            = reply(220, "2.0.0", "Ready to start TLS")
	replyAuthOK              = reply(235, "2.7.0", "Authentication successful")
	replyCannotVerify        = reply(252, "2.1.5", "Cannot VRFY user, but will accept message and attempt delivery")
	replyUnrecognized        = reply(500, "5.5.1", "Command unrecognized")
	replyLineTooLong         = reply(500, "5.5.6", "Line too long")
	replyBadLineEnding       = reply(500, "5.5.2", "Command line contains a bare CR, bare LF or NUL")
	replyBadSender           = reply(501, "5.1.7", "Bad sender address syntax")
	replyBadRecipient        = reply(501, "5.1.3", "Bad recipient address syntax")
	replyBadSize             = reply(501, "5.5.4", "Bad SIZE value")
	replySMTPUTF8Value       = reply(501, "5.5.4", "SMTPUTF8 takes no value")
	replyBadAuthParam        = reply(501, "5.5.4", "Bad AUTH parameter")
	replyBdatSizeRange       = reply(421, "4.7.0", "BDAT size out of range; closing connection")
	replySyntax              = reply(501, "5.5.4", "Syntax error in parameters or arguments")
	replyNoArguments         = reply(501, "5.5.4", "This command takes no arguments")
	replyNotImplemented      = reply(502, "5.5.1", "Command not implemented")
	replyNeedHelo            = reply(503, "5.5.1", "Send HELO or EHLO first")
	replyNeedMail            = reply(503, "5.5.1", "Send MAIL first")
	replyNeedRcpt            = reply(503, "5.5.1", "Send RCPT first")
	replyNestedMail          = reply(503, "5.5.1", "Mail transaction already in progress")
	replyMixedDataBdat       = reply(503, "5.5.1", "DATA and BDAT cannot be mixed in one transaction")
	replyAuthInMail          = reply(503, "5.5.1", "AUTH is not permitted during a mail transaction")
	replyAlreadyAuthed       = reply(503, "5.5.1", "Already authenticated")
	replyAlreadyTLS          = reply(503, "5.5.1", "TLS already active")
	replyNeedEhlo            = reply(503, "5.5.1", "Send EHLO first")
	replyTLSNotOffered       = reply(454, "4.7.0", "TLS not available")
	replyParamUnknown        = reply(555, "5.5.4", "MAIL FROM/RCPT TO parameter not recognized or not implemented")
	replyTooManyRcpts        = reply(452, "4.5.3", "Too many recipients")
	replyUnknownUser         = reply(550, "5.1.1", "No such user here")
	replyRelayDenied         = reply(550, "5.7.1", "Relaying denied")
	replySizeExceeded        = reply(552, "5.3.4", "Message size exceeds fixed maximum message size")
	replyBareLineEnd         = reply(554, "5.6.0", "Message contains a bare CR or bare LF; lines must end in CRLF (RFC 5321 section 2.3.8)")
	replyTextTooLong         = reply(554, "5.6.0", "Message contains a line longer than the limit (RFC 5321 section 4.5.3.1.6)")
	replyTooManyHops         = reply(554, "5.4.6", "Too many Received header fields: mail loop suspected")
	replyUTF8Needed          = reply(553, "5.6.7", "Non-ASCII address requires the SMTPUTF8 parameter")
	replyUTF8Sender          = reply(550, "5.6.7", "Non-ASCII sender address requires the SMTPUTF8 parameter")
	replyLocalError          = reply(451, "4.3.0", "Local error in processing; message not accepted")
	replyAuthFailed          = reply(535, "5.7.8", "Authentication credentials invalid")
	replyTooManyAuthFailures = reply(421, "4.7.0", "Too many authentication failures; closing connection")
	replyAuthThrottled       = reply(454, "4.7.0", "Temporary authentication failure: too many failed attempts from your address")
	replyAuthCancelled       = reply(501, "5.0.0", "Authentication cancelled")
	replyAuthBadBase64       = reply(501, "5.5.2", "Cannot decode response")
	replyAuthLineLong        = reply(500, "5.5.6", "Authentication exchange line too long")
	replyAuthMechanism       = reply(504, "5.5.4", "Unrecognized authentication mechanism")
	replyAuthNeedsTLS        = reply(538, "5.7.11", "Encryption required for requested authentication mechanism")
	replyHelpTopic           = reply(504, "5.5.4", "HELP topic not recognized")
	replyNoList              = reply(550, "5.1.1", "No such mailing list")
	replyTimeout             = reply(421, "4.4.2", "Idle timeout; closing connection")
	replyTooManyErrors       = reply(421, "4.7.0", "Too many errors; closing connection")
	replyTooManyConns        = reply(421, "4.3.2", "Too many connections; try again later")
	replyTooManyFromClient   = reply(421, "4.7.0", "Too many connections from your address; try again later")
	replyShuttingDown        = reply(421, "4.3.2", "Service shutting down; closing connection")
	replyInternalError       = reply(421, "4.3.0", "Internal error; closing connection")
)
