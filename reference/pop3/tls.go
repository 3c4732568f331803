package pop3

import (
	"context"
	"crypto/tls"
)

// cmdSTLS is STLS (RFC 2595 §4), valid only in the AUTHORIZATION state.
// After "+OK" the TLS handshake starts at once. Anything the client sent
// after the STLS line and before the handshake is thrown away unread: the
// buffered reader is dropped, so a command pipelined in the same packet
// (an injection an attacker could make in plaintext) is never executed.
// The session stays in AUTHORIZATION, forgets any USER name given before,
// and CAPA then lists USER and SASL PLAIN (if passwords were refused in
// plaintext) and no longer lists STLS. A failed handshake ends the
// session.
func (s *session) cmdSTLS(c command, pending string) error {
	if s.state != stateAuthorization {
		return s.reply(replyWrongState)
	}
	if c.hasRest {
		return s.reply(replySyntax)
	}
	if s.srv.cfg.TLSConfig == nil {
		return s.reply(replyTLSUnavailable)
	}
	if s.tls {
		return s.reply(replyTLSActive) // RFC 2595 §4: "A -ERR response MAY result if a security layer is already active."
	}
	if a := s.srv.cfg.Alternatives; a.RefuseSTLSAfterUser && pending != "" {
		return s.reply(replyWrongState)
	}
	if a := s.srv.cfg.Alternatives; a.RefuseSTLSWithPipelined && s.br.Buffered() > 0 {
		return s.reply(replyWrongState)
	}
	if err := s.send(replyBeginTLS); err != nil {
		return err
	}
	if n := s.br.Buffered(); n > 0 {
		s.log.Info("pop3: discarded plaintext sent after STLS", "octets", n)
	}
	kept := s.br
	s.br = nil
	defer buffers.Release(kept, nil)
	if !s.arm(s.srv.cfg.AutologoutTimeout) {
		return errShutdown
	}
	conn := tls.Server(s.raw, s.srv.cfg.TLSConfig)
	ctx, cancel := context.WithTimeout(context.Background(), s.srv.cfg.AutologoutTimeout)
	defer cancel()
	if err := conn.HandshakeContext(ctx); err != nil {
		s.log.Info("pop3: TLS handshake failed", "err", err)
		return err
	}
	s.tls = true
	s.user = ""
	s.br = buffers.Reader(conn)
	if f := s.faulty(); f.KeepUserAfterSTLS || f.KeepPlaintextAfterSTLS {
		s.keepAfterSTLS(f, pending, kept, conn)
	}
	s.bw.Reset(deadlineWriter{conn, s.srv.cfg.AutologoutTimeout})
	return nil
}
