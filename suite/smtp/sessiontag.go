package smtp

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/mailspec/mailspec/suite/target"
)

// maxLabel is the longest DNS label (RFC 1035 §2.3.4), which RFC 5321
// §4.1.2's sub-domain is.
const maxLabel = 63

// caseLabel is the case's ID as a domain label: "smtp-4.1.4-data-before-rcpt"
// becomes "smtp-4-1-4-data-before-rcpt"; an ID too long for one label is
// cut and ends in eight hex digits of its SHA-256, so labels stay distinct.
func caseLabel(id string) string {
	l := strings.ToLower(strings.ReplaceAll(id, ".", "-"))
	if len(l) <= maxLabel {
		return l
	}
	sum := sha256.Sum256([]byte(id))
	return strings.TrimRight(l[:maxLabel-9], "-") + "-" + hex.EncodeToString(sum[:4])
}

// clientDomain is the domain the case gives in HELO and EHLO. With the
// default client domain it is tagged with the case, so that an operator
// finds the case's sessions in the server's log: the EHLO of
// smtp-4.1.4-data-before-rcpt names "smtp-4-1-4-data-before-rcpt.client.mailspec.example".
// A client domain the user gave is used as given: the server may check it.
func (s *Session) clientDomain() string {
	if s.T.ClientDomain != target.DefaultClientDomain {
		return s.T.ClientDomain
	}
	return caseLabel(s.Case.ID) + "." + target.DefaultClientDomain
}

// SessionTagNote says, for a report, how to find a case's sessions in the
// server's own log when the suite runs against t.
func SessionTagNote(t *target.Target) string {
	if t.ClientDomain != target.DefaultClientDomain {
		return "Every case gives HELO and EHLO the client domain " + t.ClientDomain + "; each message a case sends has a Subject naming the case."
	}
	return "Each case gives HELO and EHLO a domain naming it (smtp-4.1.4-data-before-rcpt as smtp-4-1-4-data-before-rcpt." + target.DefaultClientDomain + "), and each message it sends has a Subject naming it: search the server's log for the case's ID with its dots as hyphens."
}
