package smtp

import (
	"strings"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

// CaseRounds is the default bound on a whole case, in multiples of the
// target's Timeout (spec.CaseRounds).
const CaseRounds = spec.CaseRounds

// Overrun reports, once the case's overall deadline has passed, that the
// case could not conclude within it (spec.Bounded).
func (s *Session) Overrun() error { return s.conns.Overrun() }

// noteAdvertised records the keywords of an EHLO reply.
func (s *Session) noteAdvertised(r *wire.Reply) {
	if s.advertised == nil {
		return
	}
	s.advertised[""] = true // an EHLO reply was seen
	for _, line := range r.Lines[1:] {
		kw, _, _ := strings.Cut(line, " ")
		s.advertised[asciiUpper(kw)] = true
	}
}

// Advertises reports whether any EHLO reply of the case listed keyword,
// and whether the case saw an EHLO reply at all (spec.Advertiser).
func (s *Session) Advertises(keyword string) (listed, seen bool) {
	return s.advertised[asciiUpper(keyword)], s.advertised[""]
}
