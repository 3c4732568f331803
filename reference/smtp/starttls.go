package smtp

// startTLS handles STARTTLS (RFC 3207 §4): "STARTTLS" CRLF, no parameters
// (501 otherwise). After 220 the server discards everything the client
// sent ahead of the handshake: RFC 3207 §4.2 and §6 — a command pipelined
// in plaintext behind STARTTLS must never run as if it came over TLS. After
// the handshake the session is as new: no greeting, no transaction, no
// authentication (§4.2).
func (s *session) startTLS(hasArg bool) error {
	switch {
	case hasArg && !s.cfg.Alternatives.LenientArguments:
		s.send(replyNoArguments)
		return nil
	case s.cfg.TLSConfig == nil:
		s.send(replyTLSNotOffered)
		return nil
	case s.tls && s.cfg.Alternatives.StartTLSAgain454:
		s.send(replyAlreadyTLS454)
		return nil
	case s.tls:
		s.send(replyAlreadyTLS)
		return nil
	case !s.extended:
		s.send(replyNeedEhlo)
		return nil
	}
	if s.refusedPipelinedTLS() {
		return errCloseSession
	}
	s.send(replyStartTLS)
	if err := s.flush(); err != nil {
		return err
	}
	if n := s.r.Buffered(); n > 0 && !s.faulty().KeepPlaintextAfterSTARTTLS {
		s.log.Warn("smtp: discarding plaintext sent after STARTTLS", "octets", n)
		s.r.Discard(n)
	}
	if err := s.upgradeTLS(); err != nil {
		s.log.Info("smtp: TLS handshake failed", "err", err)
		s.closed = true
		return errCloseSession
	}
	if s.faulty().KeepStateAfterSTARTTLS {
		return nil
	}
	s.tx.reset()
	s.state = stateConnected
	s.heloDomain = ""
	s.extended = false
	s.authUser = ""
	return nil
}
