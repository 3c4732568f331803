package smtp

import "strings"

// Sender-domain policy (Config.SenderDomains). RFC 5321 §3.3: the
// reverse-path "may be rejected for some reason", and real servers refuse
// a sender whose domain does not resolve (Postfix's
// reject_unknown_sender_domain, sendmail without
// accept_unresolvable_domains), with RFC 3463's X.1.8 "bad sender's
// system address". The reference stands for DNS with a list: a domain not
// in it is "not found". The conformance suite's own tests turn it on to
// see that a server refusing the suite's default sender stops the run at
// the setup check, and that, given a sender it accepts, no case fails it.

// replySenderDomainNotFound refuses a reverse-path whose domain is not one
// of Config.SenderDomains.
var replySenderDomainNotFound = reply(550, "5.1.8", "Sender address rejected: Domain not found")

// refusesSender reports the policy refusal of tx's reverse-path under
// Config.SenderDomains. The null reverse-path is never refused (§4.5.5:
// notifications MUST be accepted), nor is an address literal, which
// needs no lookup and so cannot be "not found".
func (s *session) refusesSender(tx *transaction) (Reply, bool) {
	if len(s.cfg.SenderDomains) == 0 || tx.nullSender || tx.from.literal {
		return Reply{}, false
	}
	for _, d := range s.cfg.SenderDomains {
		// Domains are not case sensitive (§2.4).
		if strings.EqualFold(d, tx.from.domain) {
			return Reply{}, false
		}
	}
	return replySenderDomainNotFound, true
}
