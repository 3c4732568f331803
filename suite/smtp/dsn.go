package smtp

// RFC 3461 (DSN) §4 and §5.1: the parameters RET and ENVID of MAIL and
// NOTIFY and ORCPT of RCPT. Valid ones change no reply; invalid or
// repeated ones get 501 (a MUST for MAIL, a SHOULD for RCPT). Whether
// notifications are then sent as asked happens after the session, out of
// the suite's sight.

import (
	"fmt"
	"strings"
)

const (
	quoteDSNMailValid = `A conforming SMTP server MUST NOT refuse a MAIL command based on the absence or presence of valid ENVID or RET parameters, or on their associated esmtp-values.`
	quoteDSNMailBad   = `However, if the associated esmtp-value is not valid (i.e., contains illegal characters), or if there is more than one ENVID or RET parameter in a particular MAIL command, the server MUST issue the reply-code 501 with an appropriate message (e.g., "syntax error in parameter").`
	quoteDSNRcptValid = `If an SMTP client issues a RCPT command containing any valid NOTIFY and/or ORCPT parameters, a conforming SMTP server MUST return the same response as it would to the same RCPT command without those NOTIFY and/or ORCPT parameters.`
	quoteDSNRcptBad   = `However, if any of the associated esmtp-values are not valid, or if there is more than one of any of these parameters in a particular RCPT command, the server SHOULD issue the response "501 syntax error in parameter".`
)

// dsnMail declares a case that sends MAIL with DSN parameters: accepted
// (250) when valid, refused with 501 otherwise, and in either case a MAIL
// without them 250 afterwards (no transaction began on a refusal).
func dsnMail(id, params string, valid bool) struct{} {
	quote, want, does := quoteDSNMailBad, 501, "requires 501, then MAIL without them 250"
	if valid {
		quote, want, does = quoteDSNMailValid, 250, "requires 250, as without them"
	}
	return register(Case{
		ID: id, RFC: "3461", Section: "5.1", Level: MUST, Extension: "DSN",
		Quote: quote,
		Does:  "sends MAIL FROM:<sender> " + params + "; " + does,
		Run: func(s *Session) {
			s.Require("DSN")
			s.ExpectCmd("MAIL FROM:<"+s.Sender()+"> "+params, want)
			if !valid {
				s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
			}
		},
	})
}

// dsnRcpt declares a case that sends RCPT for the deliverable mailbox with
// DSN parameters (params gets the mailbox, for ORCPT): accepted (250 or
// 251) when valid, refused with 501 otherwise, then RCPT without them
// accepted.
func dsnRcpt(id, what string, params func(mailbox string) string, valid bool) struct{} {
	level, quote, want, does := SHOULD, quoteDSNRcptBad, []int{501}, "requires 501, then RCPT without them 250 or 251"
	if valid {
		level, quote, want, does = MUST, quoteDSNRcptValid, []int{250, 251}, "requires 250 or 251, as without them"
	}
	return register(Case{
		ID: id, RFC: "3461", Section: "5.1", Level: level, Extension: "DSN",
		Quote: quote,
		Does:  "sends RCPT for the mailbox with " + what + "; " + does,
		Run: func(s *Session) {
			s.Require("DSN")
			s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
			s.ExpectCmd("RCPT TO:<"+s.Mailbox()+"> "+params(s.Mailbox()), want...)
			if !valid {
				s.ExpectCmd("RCPT TO:<"+s.Mailbox()+">", 250, 251)
			}
		},
	})
}

// orcpt is the ORCPT value for mailbox (RFC 3461 §4.2): addr-type
// "rfc822", then the mailbox as xtext.
func orcpt(mailbox string) string { return "ORCPT=rfc822;" + xtext(mailbox) }

// xtext encodes s (RFC 3461 §4): "+", "=" and octets outside 33-126 as
// "+" and two upper-case hex digits.
func xtext(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 33 || c > 126 || c == '+' || c == '=' {
			fmt.Fprintf(&b, "+%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

var (
	_ = dsnMail("smtp-3461.5.1-mail-ret-envid-accepted", "RET=HDRS ENVID=mailspec+2Benvelope-1", true)
	_ = dsnMail("smtp-3461.5.1-mail-ret-lower-case-accepted", "ret=full", true)
	_ = dsnMail("smtp-3461.5.1-mail-ret-bad-value-501", "RET=BODY", false)
	_ = dsnMail("smtp-3461.5.1-mail-envid-bad-xtext-501", "ENVID=mailspec+zz", false)
	_ = dsnMail("smtp-3461.5.1-mail-ret-repeated-501", "RET=FULL RET=FULL", false)
	_ = dsnMail("smtp-3461.5.1-mail-envid-repeated-501", "ENVID=one ENVID=two", false)

	_ = dsnRcpt("smtp-3461.5.1-rcpt-notify-orcpt-accepted", "NOTIFY=SUCCESS,FAILURE,DELAY and ORCPT=rfc822;<mailbox>",
		func(m string) string { return "NOTIFY=SUCCESS,FAILURE,DELAY " + orcpt(m) }, true)
	_ = dsnRcpt("smtp-3461.5.1-rcpt-notify-never-lower-case-accepted", "NOTIFY=never (section 4.1: any case)",
		func(string) string { return "NOTIFY=never" }, true)
	_ = dsnRcpt("smtp-3461.5.1-rcpt-notify-never-combined-501", "NOTIFY=NEVER,SUCCESS (section 4.1: NEVER stands alone)",
		func(string) string { return "NOTIFY=NEVER,SUCCESS" }, false)
	_ = dsnRcpt("smtp-3461.5.1-rcpt-orcpt-without-type-501", "ORCPT=<mailbox>, no addr-type",
		func(m string) string { return "ORCPT=" + xtext(m) }, false)
	_ = dsnRcpt("smtp-3461.5.1-rcpt-notify-repeated-501", "NOTIFY=FAILURE given twice",
		func(string) string { return "NOTIFY=FAILURE NOTIFY=FAILURE" }, false)
)
