package smtp

// RFC 1870 (SIZE) §4 and §5: a message larger than the fixed maximum the
// server advertises is refused with 552, declared or not.

import (
	"fmt"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/target"
)

// oversizeDefault bounds the message the over-the-maximum case sends when
// the target sets no MaxMessageSize.
const oversizeDefault = 1 << 20

var _ = register(Case{
	ID: "smtp-1870.4-message-over-maximum-552", RFC: "1870", Section: "4", Level: MUST, Extension: "SIZE",
	Quote: `If a numeric parameter follows the SIZE keyword value of the EHLO response, it indicates the size of the largest message that the server is willing to accept. Any attempt by a client to transfer a message which is larger than this limit will be rejected with a permanent failure (552) reply code.`,
	Binds: "RFC 1870 predates RFC 2119; this is its definition of what the advertised maximum means, so a server that takes a larger message, or refuses it otherwise, advertised a limit it does not keep",
	Does:  "sends, without a SIZE parameter, a message one octet over the advertised maximum (section 5's message size); requires 552 after the end of data, then a usable session",
	Run: func(s *Session) {
		max := s.fixedMaximum()
		limit := s.T.MaxMessageSize
		if limit <= 0 {
			limit = oversizeDefault
		}
		if !max.IsInt64() || max.Int64() >= limit {
			spec.Skipf("the advertised maximum, %s octets, leaves no message over it the suite may send (at most %d octets; %s)", max, limit, target.EnvMaxMessageSize)
		}
		s.Transaction()
		s.ExpectCmd("DATA", 354)
		// §5: the message size counts CRLFs, not the terminating dot line.
		header := s.extMessage(fmt.Sprintf("one octet over %s", max), "")
		msg := header + textOfLength(int(max.Int64())+1-len(header))
		s.ExpectReply(fmt.Sprintf("a message of %d octets, one over the advertised maximum", len(msg)), s.SendData(msg+".\r\n"), 552)
		s.Sync()
	},
})
