package smtp

import (
	"bufio"
	"errors"
	"io"
	"strconv"
	"strings"
)

// data handles DATA (RFC 5321 §4.1.1.4): data = "DATA" CRLF. It needs at
// least one accepted recipient; RFC 5321 §3.3 allows 503 or 554 when there
// is none, and this server answers 503, the out-of-sequence reply.
func (s *session) data(hasArg bool) error {
	if hasArg {
		s.send(replyNoArguments)
		return nil
	}
	switch s.state {
	case stateConnected:
		s.send(replyNeedHelo)
		return nil
	case stateReady:
		s.send(replyNeedMail)
		return nil
	case stateMail:
		if s.cfg.Alternatives.DataWithoutRecipients354 {
			return s.refuseDataAfterwards()
		}
		s.send(replyNeedRcpt)
		return nil
	case stateBdat:
		s.send(replyMixedDataBdat) // RFC 3030 §2
		return nil
	}
	if s.tx.binaryMIME {
		s.send(replyBinaryMIMEData) // RFC 3030 §3
		return nil
	}
	// The 354 goes out before the delivery is opened, so that creating
	// its file overlaps the client's sending the data. A delivery that
	// cannot be opened has its data read and then refused (451): RFC 5321
	// §4.1.1.4 lets the reply to the end of data report the failure.
	s.send(replyStartData)
	if err := s.flush(); err != nil {
		return err
	}
	w, err := s.newDataWriter()
	if err != nil {
		s.log.Error("smtp: starting delivery", "err", err)
		if err := s.readData(io.Discard); err != nil {
			return err
		}
		s.endData(replyLocalError)
		return nil
	}
	if err := s.readData(w); err != nil {
		w.abort()
		return err
	}
	s.endData(w.finish())
	return nil
}

// endData answers the end of message data with r and ends the
// transaction (RFC 5321 §4.1.1.4).
func (s *session) endData(r Reply) {
	s.command = "."
	s.tx.reset()
	s.state = stateReady
	s.afterBdatLast = true
	s.send(r)
}

// readData reads message data up to the end-of-data indicator and feeds
// it, unstuffed, to w. RFC 5321 §4.1.1.4: the data ends with
// <CRLF>.<CRLF>, where the first CRLF ends the last line of the message.
// Only a line that begins after a real CRLF can be the lone dot or carry a
// transparency dot (§4.5.2); a line that follows a bare LF or bare CR is
// still the same line. So <LF>.<LF>, <CR>.<CR>, <LF>.<CRLF>, <CRLF>.<LF>
// and the like never end the data, whatever follows them is read as data,
// and the message that holds them is refused by w.
func (s *session) readData(w io.Writer) error {
	atLineStart := true // the data begins at the start of a line
	var last byte       // the last octet read, across fragments
	for {
		if err := s.armRead(s.cfg.DataTimeout); err != nil {
			return err
		}
		frag, err := s.r.ReadSlice('\n')
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
		complete := err == nil
		if len(frag) == 0 {
			continue
		}
		crlf := complete && (len(frag) >= 2 && frag[len(frag)-2] == '\r' || len(frag) == 1 && last == '\r')
		last = frag[len(frag)-1]
		if atLineStart && frag[0] == '.' {
			if complete && len(frag) == 3 && crlf {
				return nil // <CRLF>.<CRLF>
			}
			if !s.faulty().NoUnstuffing {
				frag = frag[1:] // a transparency dot (§4.5.2)
			}
		}
		w.Write(frag)
		atLineStart = crlf
	}
}

// bdat handles BDAT (RFC 3030 §2): bdat-cmd = "BDAT" SP chunk-size
// [ SP end-marker ] CRLF, chunk-size = 1*DIGIT, end-marker = "LAST". The
// chunk that follows is read whatever the reply will be: RFC 3030 §2
// requires a server to accept and discard the data of a failed BDAT.
// The chunk is message data as sent: no dot-stuffing.
func (s *session) bdat(arg string, hasArg bool) error {
	sizeText, last, ok := parseBdatArgs(arg)
	if !hasArg || !ok {
		s.send(replySyntax)
		return nil
	}
	size, err := strconv.ParseInt(sizeText, 10, 64)
	if err != nil {
		size = -1 // too large to represent: read what can be, refuse the rest
	}
	var refusal *Reply
	switch s.state {
	case stateConnected:
		refusal = &replyNeedHelo
	case stateReady:
		refusal = &replyNeedMail
	case stateMail:
		refusal = &replyNeedRcpt
	}
	if r, ok := s.bdatWithoutRecipients(); ok {
		refusal = &r
	}
	if refusal == nil && !s.extended {
		refusal = &replyNeedEhlo // CHUNKING is offered only after EHLO
	}
	if refusal == nil && (size < 0 || s.bdatSize()+size > s.cfg.MaxMessageSize) {
		refusal = &replySizeExceeded
	}
	if refusal != nil {
		if size < 0 {
			// The chunk cannot be read off the stream: the session
			// cannot be kept in step, so it ends.
			s.send(replyBdatSizeRange)
			return errCloseSession
		}
		if err := s.discard(size); err != nil {
			return err
		}
		s.failBdat(*refusal)
		return nil
	}
	if s.state == stateRcpt {
		w, err := s.newDataWriter()
		if err != nil {
			s.log.Error("smtp: starting delivery", "err", err)
			if err := s.discard(size); err != nil {
				return err
			}
			s.failBdat(replyLocalError)
			return nil
		}
		s.tx.chunks = w
		s.state = stateBdat
	}
	if err := s.copyChunk(s.tx.chunks, size); err != nil {
		return err
	}
	s.tx.chunks.endChunk()
	if !last {
		s.send(reply(250, "2.0.0", strconv.FormatInt(size, 10)+" octets received"))
		return nil
	}
	w := s.tx.chunks
	s.tx.chunks = nil
	r := w.finish()
	s.tx.reset()
	s.state = stateReady
	s.afterBdatLast = true
	s.send(r)
	return nil
}

// failBdat answers a failed BDAT and drops the transaction. RFC 3030 §2
// leaves the state indeterminate until RSET; this server returns to the
// greeted state, so further BDATs in the pipeline are read and refused.
func (s *session) failBdat(r Reply) {
	if s.state >= stateMail {
		s.tx.reset()
		s.state = stateReady
	}
	s.send(r)
}

// bdatSize is how much message data the open BDAT transaction holds.
func (s *session) bdatSize() int64 {
	if s.tx.chunks == nil {
		return 0
	}
	return s.tx.chunks.size
}

func parseBdatArgs(arg string) (size string, last bool, ok bool) {
	size, marker, hasMarker := strings.Cut(arg, " ")
	if size == "" || strings.Trim(size, "0123456789") != "" {
		return "", false, false
	}
	if hasMarker && !strings.EqualFold(marker, "LAST") {
		return "", false, false
	}
	return size, hasMarker, true
}

// copyChunk reads exactly n octets of chunk data into w, with a fresh
// deadline on every read. The octets go to w straight from the command
// reader's buffer, with no copy buffer of their own.
func (s *session) copyChunk(w io.Writer, n int64) error {
	for n > 0 {
		if err := s.armRead(s.cfg.DataTimeout); err != nil {
			return err
		}
		if s.r.Buffered() == 0 {
			if _, err := s.r.Peek(1); err != nil {
				return err
			}
		}
		k := int(min(int64(s.r.Buffered()), n))
		chunk, _ := s.r.Peek(k)
		w.Write(chunk)
		s.r.Discard(k)
		n -= int64(k)
	}
	return nil
}

// discard reads and drops n octets of chunk data.
func (s *session) discard(n int64) error {
	return s.copyChunk(io.Discard, n)
}
