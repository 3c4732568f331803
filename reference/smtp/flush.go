package smtp

import (
	"io"
	"time"
)

// flushingReader is what the session's buffered reader reads from: before
// each read from the connection, which may block, it sends the replies
// still queued. Queued replies are how pipelined commands get theirs in
// batches (RFC 2920 §3.2 (2)); but no reply may wait on input that has not
// arrived. Flushing only when the read buffer is empty is not enough: with
// "NOOP<CRLF>RS" read, NOOP is answered while "RS" waits in the buffer,
// and the reader blocks for the rest of the line with NOOP's reply unsent,
// which §3.2 (5) and (7) forbid.
type flushingReader struct {
	s   *session
	src io.Reader
}

// The read gets the deadline of what is being read (armRead,
// deadlineRead), and only such a read: a line already in the buffer costs
// none.
func (f flushingReader) Read(p []byte) (int, error) {
	if f.s.w.Buffered() > 0 {
		if err := f.s.flush(); err != nil {
			return 0, err
		}
	}
	if err := f.s.deadlineRead(); err != nil {
		return 0, err
	}
	return f.src.Read(p)
}

// connWriter is what the session's reply buffer writes to: the current
// connection (TLS after STARTTLS), each write with a fresh deadline
// (Config.WriteTimeout), set only when replies actually go out.
type connWriter struct{ s *session }

func (w connWriter) Write(p []byte) (int, error) {
	w.s.conn.SetWriteDeadline(time.Now().Add(w.s.cfg.WriteTimeout))
	return w.s.conn.Write(p)
}
