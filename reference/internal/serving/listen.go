package serving

import (
	"errors"
	"fmt"
	"net"
	"time"
)

// Start listens on addr and serves h in the background until Shutdown,
// for the servers' embedding API: Addr answers as soon as it returns. An
// error of the accept loop other than the shutdown is logged.
func (g *Group) Start(addr string, h Handler) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("%s: %w", g.name, err)
	}
	if !g.Track(l) {
		return ErrClosed
	}
	go func() {
		if err := g.Serve(l, h); err != nil && !errors.Is(err, ErrClosed) {
			g.log.Error(g.name+": serve", "err", err)
		}
	}()
	return nil
}

// ListenAndServe listens on addr and serves h until Shutdown.
func (g *Group) ListenAndServe(addr string, h Handler) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("%s: %w", g.name, err)
	}
	return g.Serve(l, h)
}

// refusalWriteTimeout bounds the write of a refusal: a client that does
// not read it must not hold the goroutine that answers it.
const refusalWriteTimeout = 5 * time.Second

// Refuse writes a refusal line (its line end included) to a connection
// that gets no session, and closes it: one way for both servers.
func Refuse(c net.Conn, line string) {
	c.SetWriteDeadline(time.Now().Add(refusalWriteTimeout))
	c.Write([]byte(line))
	c.Close()
}
