package smtp

import "io"

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

func (f flushingReader) Read(p []byte) (int, error) {
	if f.s.w.Buffered() > 0 {
		if err := f.s.flush(); err != nil {
			return 0, err
		}
	}
	return f.src.Read(p)
}
