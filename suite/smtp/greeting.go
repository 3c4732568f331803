package smtp

// RFC 5321 §3.1 (Session Initiation) and §4.3.1 (Sequencing Overview): the
// server opens the session with 220 and its own name, or refuses it.

import (
	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

var _ = register(Case{
	ID: "smtp-3.1-greeting-220", RFC: "5321", Section: "3.1", Level: MUST,
	Binds: "§4.2's Greeting = \"220 \" … and §4.3.2's CONNECTION ESTABLISHMENT (220, 554; 421 by §3.8) are the server's only openings",
	Quote: `The SMTP protocol allows a server to formally reject a mail session while still allowing the initial connection as follows: a 554 response MAY be given in the initial connection opening message instead of the 220.`,
	Does:  "connects and reads the opening reply; requires 220 (or the 554 refusal, or a 421 shutdown)",
	Run: func(s *Session) {
		// §4.3.2 lists 220 and 554 for connection establishment; §3.8 and
		// §4.2.2 let 421 answer at any time when the service must close.
		s.ExpectReply("the greeting", s.Greeting(), 220, 554, 421)
	},
})

var _ = register(Case{
	ID: "smtp-4.3.1-greeting-names-server", RFC: "5321", Section: "4.3.1", Level: MUST,
	Binds: "§4.2's Greeting = \"220 \" (Domain / address-literal) … is the server's reply format",
	Quote: `Note: all the greeting-type replies have the official name (the fully-qualified primary domain name) of the server host as the first word following the reply code.`,
	Does:  "reads the 220 greeting; requires its first word to be a Domain or an address literal",
	Run: func(s *Session) {
		g := s.Greeting()
		if g.Code != 220 {
			spec.Skipf("the server greeted with %d, not 220", g.Code)
		}
		// §4.2: Greeting = "220 " (Domain / address-literal) [ SP textstring ].
		if w := firstWordOfReply(g.Lines); !namesAHost(w) {
			spec.Failf("the greeting does not begin with the server's name\nExpected: 220 <Domain or address-literal> [text]\nActual:   %s", wire.Visible([]byte(g.String())))
		}
	},
})
