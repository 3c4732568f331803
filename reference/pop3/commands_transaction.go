package pop3

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/mailspec/mailspec/reference/mailstore"
)

// message resolves a message-number argument (RFC 1939 §4: numbered from
// 1, in decimal) to a mailbox index. A number out of range, or naming a
// message marked as deleted ("may NOT refer to a message marked as
// deleted", RFC 1939 §5), gets its -ERR reply, and ok is false.
func (s *session) message(arg string) (i int, r reply, ok bool) {
	n, err := strconv.ParseUint(arg, 10, 31)
	if err != nil || n == 0 {
		if strings.Trim(arg, "0123456789") != "" {
			return 0, replySyntax, false
		}
		return 0, replyNoSuchMessage, false // 0 or too large: digits, but no message
	}
	i = int(n) - 1
	if s.faulty().RenumberAfterDele {
		i = s.renumbered(i)
	}
	switch _, err := s.mbox.Message(i); {
	case errors.Is(err, mailstore.ErrDeleted):
		return i, replyMessageDeleted.withText("message %d is marked as deleted", i+1), false
	case err != nil:
		return 0, replyNoSuchMessage.withText("no such message, only %d in maildrop", s.mbox.Len()), false
	}
	return i, reply{}, true
}

// cmdStat is STAT (RFC 1939 §5): "+OK nn mm", deleted messages not counted.
func (s *session) cmdStat(c command) error {
	if s.state != stateTransaction {
		return s.reply(replyWrongState)
	}
	if c.hasRest {
		return s.reply(replySyntax)
	}
	n, size := s.mbox.Stat()
	return s.reply(replyOK.withText("%d %d", n, size))
}

// cmdList is LIST [msg] (RFC 1939 §5): scan listings "n size", size in
// octets with CRLF line ends (RFC 1939 §11).
func (s *session) cmdList(c command) error {
	if s.state != stateTransaction {
		return s.reply(replyWrongState)
	}
	if !c.nargs(0, 1) {
		return s.reply(replySyntax)
	}
	if len(c.args) == 1 {
		i, r, ok := s.message(c.args[0])
		if !ok {
			return s.reply(r)
		}
		m, _ := s.mbox.Message(i)
		return s.reply(replyScanListing.withText("%d %d", i+1, m.Size))
	}
	n, size := s.mbox.Stat()
	return s.sendListing(replyScanListing.withText("%d messages (%d octets)", n, size),
		func(m mailstore.Message) string { return strconv.FormatInt(m.Size, 10) })
}

// cmdUidl is UIDL [msg] (RFC 1939 §7): unique-id listings "n uid".
func (s *session) cmdUidl(c command) error {
	if s.state != stateTransaction {
		return s.reply(replyWrongState)
	}
	if !c.nargs(0, 1) {
		return s.reply(replySyntax)
	}
	if len(c.args) == 1 {
		i, r, ok := s.message(c.args[0])
		if !ok {
			return s.reply(r)
		}
		m, _ := s.mbox.Message(i)
		return s.reply(replyOK.withText("%d %s", i+1, m.UID))
	}
	return s.sendListing(replyUIDListing, func(m mailstore.Message) string { return m.UID })
}

// sendListing sends first, then "n value" for every message not marked as
// deleted, as a multi-line response.
func (s *session) sendListing(first reply, value func(mailstore.Message) string) error {
	var b strings.Builder
	for i := 0; i < s.mbox.Len(); i++ {
		if m, err := s.mbox.Message(i); err == nil {
			fmt.Fprintf(&b, "%d %s\r\n", i+1, value(m))
		}
	}
	return s.sendMultiline(first, strings.NewReader(b.String()))
}

// cmdRetr is RETR msg (RFC 1939 §5): the whole message, byte-stuffed.
func (s *session) cmdRetr(c command) error {
	if s.state != stateTransaction {
		return s.reply(replyWrongState)
	}
	if !c.nargs(1, 1) {
		return s.reply(replySyntax)
	}
	i, r, ok := s.message(c.args[0])
	if !ok {
		return s.reply(r)
	}
	m, _ := s.mbox.Message(i)
	body, err := s.mbox.Open(i)
	if err != nil {
		s.log.Error("pop3: open message", "uid", m.UID, "err", err)
		return s.reply(replyMessageGone)
	}
	defer body.Close()
	return s.sendMultiline(replyRetr.withText("%d octets", m.Size), body)
}

// cmdTop is TOP msg n (RFC 1939 §7): the headers, the blank line and n
// lines of the body, byte-stuffed.
func (s *session) cmdTop(c command) error {
	if s.state != stateTransaction {
		return s.reply(replyWrongState)
	}
	if !c.nargs(2, 2) {
		return s.reply(replySyntax)
	}
	lines, err := strconv.ParseUint(c.args[1], 10, 64)
	if err != nil {
		if strings.Trim(c.args[1], "0123456789") != "" {
			return s.reply(replySyntax) // "a non-negative number of lines"
		}
		lines = math.MaxInt // digits, but more lines than any message has
	}
	i, r, ok := s.message(c.args[0])
	if !ok {
		return s.reply(r)
	}
	body, err := s.mbox.OpenTop(i, int(min(lines, math.MaxInt)))
	if err != nil {
		s.log.Error("pop3: open message", "index", i, "err", err)
		return s.reply(replyMessageGone)
	}
	defer body.Close()
	return s.sendMultiline(replyTop, body)
}

// cmdDele is DELE msg (RFC 1939 §5): mark the message deleted; it is
// removed only in the UPDATE state.
func (s *session) cmdDele(c command) error {
	if s.state != stateTransaction {
		return s.reply(replyWrongState)
	}
	if !c.nargs(1, 1) {
		return s.reply(replySyntax)
	}
	i, r, ok := s.message(c.args[0])
	if !ok {
		return s.reply(r)
	}
	s.mbox.Delete(i)
	return s.reply(replyDeleted.withText("message %d deleted", i+1))
}

// cmdNoop is NOOP (RFC 1939 §5), valid only in the TRANSACTION state.
func (s *session) cmdNoop(c command) error {
	if s.state != stateTransaction {
		return s.reply(replyWrongState)
	}
	if c.hasRest {
		return s.reply(replySyntax)
	}
	return s.reply(replyOK)
}

// cmdRset is RSET (RFC 1939 §5): unmark every message marked as deleted.
func (s *session) cmdRset(c command) error {
	if s.state != stateTransaction {
		return s.reply(replyWrongState)
	}
	if c.hasRest {
		return s.reply(replySyntax)
	}
	s.mbox.Undelete()
	n, size := s.mbox.Stat()
	return s.reply(replyReset.withText("maildrop has %d messages (%d octets)", n, size))
}

// cmdQuit is QUIT. In the AUTHORIZATION state it just ends the session
// (RFC 1939 §4). In the TRANSACTION state it enters the UPDATE state: the
// messages marked as deleted are removed, the lock released, and the
// connection closed (RFC 1939 §6), -ERR if some could not be removed.
func (s *session) cmdQuit(c command) error {
	if c.hasRest {
		return s.reply(replySyntax)
	}
	s.quit = true
	bye := replySigningOff.withText("%s POP3 server signing off", s.srv.cfg.Hostname)
	if s.state != stateTransaction {
		return s.send(bye)
	}
	s.state = stateUpdate
	if s.faulty().KeepDeletedOnQuit {
		s.mbox.Undelete()
	}
	left, err := s.mbox.Commit()
	s.mbox = nil
	if err != nil {
		s.log.Error("pop3: update", "err", err)
		return s.send(replyNotRemoved)
	}
	s.log.Info("pop3: update", "left", left)
	if left == 0 {
		return s.send(bye.withText("%s (maildrop empty)", bye.text))
	}
	return s.send(bye.withText("%s (%d messages left)", bye.text, left))
}
