package smtp

// RFC 5321 §2.4 and §4.1.2: verbs are case-insensitive, but only in
// US-ASCII. A server that folds case by Unicode rules reads "MAıL" (a
// dotless i) as MAIL and "ſ" (a long s) as S: a command nobody sent.

var _ = register(Case{
	ID: "smtp-4.1.2-verb-non-ascii-refused", RFC: "5321", Section: "4.1.2", Level: MUST,
	Quote: quoteInvalidCharacters,
	Does:  "sends MA\u0131L FROM:<sender> (a dotless i, whose Unicode upper case is I); requires a refusal (5yz), not 250: the verb is no MAIL, then a usable session",
	Run: func(s *Session) {
		s.Ehlo()
		// Case-insensitive (§2.4) is ASCII case: "MA\u0131L" holds an
		// invalid character code and names no command.
		s.ExpectCmd("MA\u0131L FROM:<"+s.Sender()+">", 5)
		s.Sync()
	},
})
