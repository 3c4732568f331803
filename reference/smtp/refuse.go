package smtp

// Session refusal (Config.RefuseSessions), RFC 5321 §3.1: "a 554 response
// MAY be given in the initial connection opening message instead of the
// 220. A server taking this approach MUST still wait for the client to
// send a QUIT (see Section 4.1.1.10) before closing the connection and
// SHOULD respond to any intervening commands with "503 bad sequence of
// commands"."

// replyRefusedSession answers every command but QUIT in a refused session.
var replyRefusedSession = reply(503, "5.5.1", "Bad sequence of commands: this server accepts no mail; send QUIT")

// greeting is the opening reply: 220 and the server's domain (§4.3.1), or,
// for a server that refuses sessions, 554 with the server's domain and the
// configured reason. Neither carries an enhanced status code (RFC 2034 §4).
func (s *session) greeting() Reply {
	if s.cfg.RefuseSessions != "" {
		return Reply{Code: 554, Lines: []string{s.cfg.Hostname + " " + s.cfg.RefuseSessions}}
	}
	return Reply{Code: 220, Lines: []string{s.cfg.Hostname + " ESMTP mailspec reference server ready"}}
}

// refused answers a command in a refused session with 503 and reports
// that it did; QUIT, and every command of a session that is not refused,
// it leaves to the dispatcher.
func (s *session) refused(verb string) bool {
	if s.cfg.RefuseSessions == "" || verb == "QUIT" {
		return false
	}
	s.send(replyRefusedSession)
	if s.faulty().CloseRefusedSessions {
		s.flush()
		s.closed = true
	}
	return true
}
