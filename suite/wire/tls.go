package wire

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"time"
)

// StartTLS upgrades the connection to TLS as a client, after the caller has
// sent STARTTLS (RFC 3207 §4) or STLS (RFC 2595 §4) and read the 220 or
// +OK that allows it. The transcript goes on, recording plaintext inside
// TLS. If cfg.ServerName is empty and the Conn came from Dial, the host of
// the dialled address is used.
//
// Octets the server sent after that reply and before the handshake are a
// *ProtocolError and the connection is not upgraded: RFC 3207 §4.2 has the
// client discard anything not obtained from the TLS negotiation, and such
// octets are how plaintext injection shows up.
func (c *Conn) StartTLS(cfg *tls.Config) error {
	if cfg == nil {
		return errors.New("wire: starttls: nil tls.Config")
	}
	c.mu.Lock()
	up, r := c.tc != nil, c.r
	c.mu.Unlock()
	if up {
		return errors.New("wire: starttls: connection already uses TLS")
	}
	if n := r.buffered(); n > 0 {
		early, _ := r.br.Peek(n)
		c.rec.event("protocol error: %d octets received before the TLS handshake", n)
		return &ProtocolError{Op: "starttls", Line: clone(early), Reason: fmt.Sprintf(
			"server sent %d octets after its reply and before the TLS handshake (RFC 3207 §4.2)", n)}
	}
	return c.handshake(context.Background(), cfg, "STARTTLS")
}

// TLSState returns the TLS connection state, and false if TLS is not up.
func (c *Conn) TLSState() (tls.ConnectionState, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tc == nil {
		return tls.ConnectionState{}, false
	}
	return c.tc.ConnectionState(), true
}

// handshake runs a client TLS handshake over the socket within the timeout
// and, on success, moves reading and writing onto it.
func (c *Conn) handshake(ctx context.Context, cfg *tls.Config, how string) error {
	if cfg.ServerName == "" && c.host != "" {
		cfg = cfg.Clone()
		cfg.ServerName = c.host
	}
	tc := tls.Client(c.raw, cfg)
	if err := c.raw.SetDeadline(time.Now().Add(c.timeout)); err != nil {
		return fmt.Errorf("wire: %s: %w", how, err)
	}
	c.rec.event("%s: TLS handshake, server name %q", how, cfg.ServerName)
	if err := tc.HandshakeContext(ctx); err != nil {
		c.rec.event("%s: TLS handshake failed: %v", how, err)
		return fmt.Errorf("wire: %s: tls handshake: %w", how, err)
	}
	st := tc.ConnectionState()
	c.rec.event("%s: TLS established: %s, %s", how,
		tls.VersionName(st.Version), tls.CipherSuiteName(st.CipherSuite))
	c.mu.Lock()
	c.cur, c.tc = tc, tc
	c.r = NewReader(recConn{Conn: tc, rec: c.rec}, c.lim)
	c.mu.Unlock()
	return nil
}
