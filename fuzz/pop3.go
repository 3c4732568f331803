package fuzz

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mailspec/mailspec/suite/wire"
)

// popModel is what the client knows of the maildrop (RFC 1939 §5): how
// many messages the next session's snapshot holds, which the session has
// marked deleted, and the sizes it has been told, which must never change.
type popModel struct {
	baseline int // messages there before the program
	total    int // messages in the current (or next) snapshot
	deleted  map[int]bool
	sizes    map[int]int64
	loggedIn bool
	// user: the last command was a USER the server accepted, so PASS may
	// follow (RFC 1939 §7: "immediately after a successful USER").
	user bool
	tls  bool // the session runs over TLS
}

func (m *popModel) valid(n int) bool { return n >= 1 && n <= m.total && !m.deleted[n] }

// popRun is one POP3 session in progress.
type popRun struct {
	r       *runner
	c       *conn
	where   place
	lastErr bool // the last status was -ERR: the server may close now
}

// errEnded is not a breach: the server closed the session after -ERR, as
// it may. Sessions end quietly on it.
var errEnded = &Finding{Kind: "ended"}

// quiet turns errEnded into no finding.
func quiet(f *Finding) *Finding {
	if f == errEnded {
		return nil
	}
	return f
}

// status reads one status line; a -ERR is a Status, and an unreadable
// line, a hang or a drop is a finding.
func (p *popRun) status() (*wire.Status, *Finding) {
	p.c.arm()
	st, err := p.c.rd.ReadStatus()
	if err != nil {
		f := readFailure(p.where, err, p.r.env.Timeout)
		switch {
		case f.Kind == "reply-format":
			f.Kind = "pop3-status"
		case f.Kind == "drop" && p.lastErr:
			f = errEnded // a close after -ERR is allowed (RFC 1939 §3)
		}
		return nil, f
	}
	p.r.noteRead(st)
	p.lastErr = st.Kind == wire.StatusErr
	return st, nil
}

// expect reads a status line that must be +OK (want true) or -ERR.
func (p *popRun) expect(want bool) (*wire.Status, *Finding) {
	st, f := p.status()
	if f != nil {
		return nil, f
	}
	if st.OK() != want || st.Kind == wire.StatusContinue {
		w := "-ERR"
		if want {
			w = "+OK"
		}
		return st, &Finding{Kind: "pop3-status", Where: p.where.String(), Detail: fmt.Sprintf("want %s, got %s", w, strings.TrimSpace(st.String()))}
	}
	return st, nil
}

func (p *popRun) multiline() ([]byte, *Finding) {
	p.c.arm()
	b, err := p.c.rd.ReadMultiline()
	if err != nil {
		f := readFailure(p.where, err, p.r.env.Timeout)
		if f.Kind == "reply-format" {
			f.Kind = "pop3-status"
		}
		return nil, f
	}
	p.r.note("S: (" + strconv.Itoa(len(b)) + " octets)")
	return b, nil
}

// open connects, reads the greeting and, if login, logs in.
func (r *runner) popOpen(where place, login bool) (*popRun, *Finding, error) {
	c, err := r.dial("pop3", r.env.DialPOP3)
	if err != nil {
		return nil, nil, err
	}
	p := &popRun{r: r, c: c, where: where}
	if _, f := p.expect(true); f != nil {
		c.close()
		return nil, f, nil
	}
	if r.env.POP3STLS && r.env.TLS != nil {
		c.send("STLS\r\n")
		if _, f := p.expect(true); f != nil {
			c.close()
			return nil, f, nil
		}
		if err := c.startTLS(r.env.TLS); err != nil {
			c.close()
			return nil, &Finding{Kind: "tls", Where: where.String(), Detail: "STLS handshake after +OK failed: " + err.Error()}, nil
		}
	}
	if login {
		if f := p.login(true, loginRetries); f != nil {
			c.close()
			return nil, f, nil
		}
	}
	return p, nil, nil
}

// login sends USER and PASS; with the right password +OK is required
// (a maildrop in use excepted: RFC 2449 [IN-USE]), with a wrong one -ERR.
func (p *popRun) login(good bool, retry int) *Finding {
	a := p.r.env.Account
	if err := p.c.send("USER " + a.User + "\r\n"); err != nil {
		return &Finding{Kind: "drop", Where: p.where.String(), Detail: err.Error()}
	}
	if _, f := p.status(); f != nil {
		return f
	}
	pw := a.Password
	if !good {
		pw = "wrong-" + pw
	}
	if err := p.c.send("PASS " + pw + "\r\n"); err != nil {
		return &Finding{Kind: "drop", Where: p.where.String(), Detail: err.Error()}
	}
	st, f := p.expect(good)
	if f != nil && st != nil && st.HasCode("IN-USE") && retry > 0 {
		// A session the client left a moment ago may not have been
		// noticed yet (RFC 2449 §8.1.2): wait for it, then try again.
		time.Sleep(time.Duration(8-retry) * 2 * time.Millisecond)
		return p.login(good, retry-1)
	}
	return f
}

// loginRetries is how many times a login refused [IN-USE] is tried again.
const loginRetries = 7

// baselineCount is the number of messages in the mailbox before the
// program: Env.Baseline's, or countMailbox's.
func (r *runner) baselineCount() (int, *Finding, error) {
	if r.env.Baseline != nil {
		return r.env.Baseline(), nil, nil
	}
	return r.countMailbox()
}

// countMailbox reads how many messages the mailbox has before the program.
func (r *runner) countMailbox() (int, *Finding, error) {
	p, f, err := r.popOpen(place{text: "pop3 before the program"}, true)
	if err != nil || f != nil {
		return 0, f, err
	}
	defer p.c.close()
	p.c.send("STAT\r\n")
	st, f := p.expect(true)
	if f != nil {
		return 0, f, nil
	}
	n, _, ok := parseStat(st.Text)
	if !ok {
		return 0, &Finding{Kind: "pop3-status", Where: p.where.String(), Detail: "STAT reply is not +OK nn mm (RFC 1939 §5): " + st.Text}, nil
	}
	p.c.send("QUIT\r\n")
	p.status()
	return n, nil, nil
}

func parseStat(text string) (n int, size int64, ok bool) {
	f := strings.Fields(text)
	if len(f) < 2 {
		return 0, 0, false
	}
	a, err1 := strconv.Atoi(f[0])
	b, err2 := strconv.ParseInt(f[1], 10, 64)
	return a, b, err1 == nil && err2 == nil && a >= 0 && b >= 0
}

// pop3Session runs one fuzzed POP3 session against the model.
func (r *runner) pop3Session(index int, sess Session) (*Finding, error) {
	m := r.pop
	p, f, err := r.popOpen(place{proto: "pop3", session: index + 1}, false)
	if err != nil || f != nil {
		return f, err
	}
	defer p.c.close()
	m.loggedIn, m.user, m.tls = false, false, r.env.POP3STLS && r.env.TLS != nil
	m.deleted = map[int]bool{}
	steps := sess.Steps
	if n := len(steps); n == 0 || (steps[n-1].Op != OpPQuit && steps[n-1].Op != OpPDrop) {
		steps = append(steps[:n:n], Step{Op: OpPQuit, Line: "QUIT\r\n"})
	}
	for _, st := range steps {
		state := "authorization"
		if m.loggedIn {
			state = "transaction"
		}
		p.where = place{proto: "pop3", session: index + 1, op: st.Op, state: state}
		if st.Op == OpPDrop {
			return nil, nil // no QUIT: no UPDATE state, nothing deleted (§6)
		}
		if over, f := p.do(st, true); over || f != nil {
			return quiet(f), nil
		}
	}
	return nil, nil
}

// do sends one step (unless send is false: a command pipelined behind a
// refused STLS, already sent) and checks the response. over says the
// session has ended.
func (p *popRun) do(st Step, send bool) (over bool, f *Finding) {
	m, r := p.r.pop, p.r
	user := m.user
	m.user = false
	switch st.Op {
	case OpLogin:
		if m.loggedIn {
			p.c.send("USER " + r.env.Account.User + "\r\n")
			_, f := p.expect(false)
			return false, f
		}
		if f := p.login(st.Good, loginRetries); f != nil {
			return true, f
		}
		m.loggedIn = st.Good
		return false, p.learnCount()
	case OpUser:
		if send {
			p.c.send(st.Line)
		}
		if m.loggedIn {
			_, f := p.expect(false)
			return false, f
		}
		s, f := p.status() // USER may be refused, before TLS say (RFC 2595 §4)
		m.user = f == nil && s.OK()
		return false, f
	case OpPassBad:
		p.c.send(st.Line)
		if !user || m.loggedIn {
			_, f := p.expect(false) // §7: PASS only right after a successful USER
			return false, f
		}
		s, f := p.status() // the right password: +OK, or -ERR [IN-USE]
		if f != nil || !s.OK() {
			return false, f
		}
		m.loggedIn = true
		return false, p.learnCount()
	case OpSTLS:
		p.c.send(st.Line + st.Body)
		if m.loggedIn || m.tls {
			// RFC 2595 §4: STLS only in the AUTHORIZATION state, and not
			// over TLS.
			if _, f := p.expect(false); f != nil {
				return true, f
			}
			return p.piggy(st.Body)
		}
		s, f := p.status()
		if f != nil {
			return true, f
		}
		if !s.OK() {
			return p.piggy(st.Body) // STLS is optional
		}
		if r.env.TLS == nil {
			return true, nil
		}
		if err := p.c.startTLS(r.env.TLS); err != nil {
			return true, &Finding{Kind: "tls", Where: p.where.String(), Detail: "STLS handshake after +OK failed: " + err.Error()}
		}
		m.tls = true
		if !st.Good {
			return false, nil
		}
		// RFC 2595 §4: the client SHOULD re-issue CAPA, and what it sent
		// behind STLS in plaintext was discarded, so CAPA's is the next
		// response.
		p.where.note = ", CAPA after TLS"
		p.c.send("CAPA\r\n")
		if s, f = p.status(); f != nil || !s.OK() {
			return f != nil, f
		}
		_, f = p.multiline()
		return f != nil, f
	}
	if err := p.c.send(st.Line); err != nil {
		return true, &Finding{Kind: "drop", Where: p.where.String(), Detail: err.Error()}
	}
	if f := p.answer(st); f != nil {
		return true, f
	}
	if st.Op == OpPQuit {
		return true, p.c.expectEOF(p.where)
	}
	return false, nil
}

// piggy answers the command pipelined behind a refused STLS, which the
// server must take as an ordinary command.
func (p *popRun) piggy(line string) (bool, *Finding) {
	var st Step
	switch {
	case line == "":
		return false, nil
	case strings.HasPrefix(line, "QUIT"):
		st = Step{Op: OpPQuit, Line: line}
	case strings.HasPrefix(line, "USER"):
		st = Step{Op: OpUser, Line: line}
	default:
		st = Step{Op: OpPNoop, Line: line}
	}
	if st.Op == OpUser {
		return p.do(st, false)
	}
	if f := p.answer(st); f != nil {
		return true, f
	}
	if st.Op == OpPQuit {
		return true, p.c.expectEOF(p.where)
	}
	return false, nil
}

// learnCount, after a login, reads STAT when the model has lost count of
// the deliveries.
func (p *popRun) learnCount() *Finding {
	m := p.r.pop
	if !m.loggedIn || !p.r.unsure {
		return nil
	}
	p.c.send("STAT\r\n")
	s, f := p.expect(true)
	if f != nil {
		return f
	}
	m.total, _, _ = parseStat(s.Text)
	m.sizes = map[int]int64{}
	return nil
}

// answer checks the response to one POP3 command against the model.
func (p *popRun) answer(st Step) *Finding {
	m := p.r.pop
	if !m.loggedIn {
		switch st.Op {
		case OpPQuit, OpCapa, OpPNoop:
			if st.Op == OpPNoop {
				_, f := p.status() // NOOP is a TRANSACTION command; some answer it anyway
				return f
			}
			if _, f := p.expect(true); f != nil {
				return f
			}
			if st.Op == OpCapa {
				_, f := p.multiline()
				return f
			}
			return nil
		}
		_, f := p.expect(false) // §4: only USER, PASS, APOP, QUIT here
		return f
	}
	switch st.Op {
	case OpStat:
		s, f := p.expect(true)
		if f != nil {
			return f
		}
		n, size, ok := parseStat(s.Text)
		if !ok {
			return &Finding{Kind: "pop3-status", Where: p.where.String(), Detail: "STAT reply is not +OK nn mm (RFC 1939 §5): " + s.Text}
		}
		return p.checkCount(n, size)
	case OpList, OpUidl:
		if strings.Contains(st.Line, " ") { // LIST N, UIDL N
			s, f := p.expect(m.valid(st.N))
			if f != nil || !s.OK() || st.Op == OpUidl {
				return f
			}
			return p.checkListing([]byte(s.Text + "\r\n"))
		}
		s, f := p.status()
		if f != nil {
			return f
		}
		if !s.OK() {
			if st.Op == OpUidl {
				return nil // UIDL is optional (§7)
			}
			return &Finding{Kind: "pop3-status", Where: p.where.String(), Detail: "LIST answered -ERR in the TRANSACTION state"}
		}
		b, f := p.multiline()
		if f != nil || st.Op == OpUidl {
			return f
		}
		if f := p.checkListing(b); f != nil {
			return f
		}
		if lines := bytes.Count(b, []byte("\r\n")); lines != m.live() {
			return &Finding{Kind: "pop3-count", Where: p.where.String(), Detail: fmt.Sprintf("LIST gave %d messages, want %d", lines, m.live())}
		}
		return nil
	case OpRetr, OpTop:
		if !m.valid(st.N) {
			_, f := p.expect(false)
			return f
		}
		s, f := p.status()
		if f != nil {
			return f
		}
		if !s.OK() {
			if st.Op == OpTop {
				return nil // TOP is optional (§7)
			}
			return &Finding{Kind: "pop3-status", Where: p.where.String(), Detail: "RETR of a live message answered -ERR"}
		}
		b, f := p.multiline()
		if f != nil {
			return f
		}
		if st.Op == OpRetr {
			if f := p.size(st.N, int64(len(b)), "RETR"); f != nil {
				return f
			}
			return p.r.checkContent(p.where, st.N, b)
		}
		return nil
	case OpDele:
		ok := m.valid(st.N)
		if _, f := p.expect(ok); f != nil {
			return f
		}
		if ok {
			m.deleted[st.N] = true
		}
		return nil
	case OpPRset:
		m.deleted = map[int]bool{}
		_, f := p.expect(true)
		return f
	case OpPNoop, OpPQuit:
		if _, f := p.expect(true); f != nil {
			return f
		}
		if st.Op == OpPQuit {
			m.total -= len(m.deleted)
			m.shift()
		}
		return nil
	case OpCapa:
		s, f := p.status()
		if f != nil || !s.OK() {
			return f
		}
		_, f = p.multiline()
		return f
	}
	_, f := p.expect(false)
	return f
}

func (m *popModel) live() int { return m.total - len(m.deleted) }

// shift renumbers the known sizes after an UPDATE removed messages.
func (m *popModel) shift() {
	sizes := map[int]int64{}
	k := 0
	for n := 1; n <= m.total+len(m.deleted); n++ {
		if m.deleted[n] {
			continue
		}
		k++
		if s, ok := m.sizes[n]; ok {
			sizes[k] = s
		}
	}
	m.sizes, m.deleted = sizes, map[int]bool{}
}

// size checks a size against the one told before (§5: the exact size).
func (p *popRun) size(n int, size int64, what string) *Finding {
	m := p.r.pop
	if old, ok := m.sizes[n]; ok && old != size {
		return &Finding{Kind: "pop3-size", Where: p.where.String(), Detail: fmt.Sprintf("%s of message %d: %d octets, told %d before", what, n, size, old)}
	}
	m.sizes[n] = size
	return nil
}

// checkListing checks "n size" lines against the model.
func (p *popRun) checkListing(b []byte) *Finding {
	for l := range strings.SplitSeq(strings.TrimSuffix(string(b), "\r\n"), "\r\n") {
		if l == "" {
			continue
		}
		n, size, ok := parseStat(l)
		if !ok || !p.r.pop.valid(n) {
			return &Finding{Kind: "pop3-count", Where: p.where.String(), Detail: fmt.Sprintf("listing line %q names no live message", l)}
		}
		if f := p.size(n, size, "LIST"); f != nil {
			return f
		}
	}
	return nil
}

// checkCount checks STAT against the model: the live count, and the total
// size when every size is known.
func (p *popRun) checkCount(n int, size int64) *Finding {
	m := p.r.pop
	if n != m.live() && !p.r.unsure {
		return &Finding{Kind: "pop3-count", Where: p.where.String(), Detail: fmt.Sprintf("STAT counts %d messages, want %d (%d before, %d delivered, %d marked deleted)", n, m.live(), m.baseline, len(p.r.delivered), len(m.deleted))}
	}
	var sum int64
	for i := 1; i <= m.total; i++ {
		if m.deleted[i] {
			continue
		}
		s, ok := m.sizes[i]
		if !ok {
			return nil
		}
		sum += s
	}
	if sum != size {
		return &Finding{Kind: "pop3-size", Where: p.where.String(), Detail: fmt.Sprintf("STAT size %d, the listed sizes add up to %d", size, sum)}
	}
	return nil
}

// checkContent checks a retrieved message against what SMTP accepted: it
// is one of them, byte-exact, after trace fields the server added.
func (r *runner) checkContent(where place, n int, got []byte) *Finding {
	if n <= r.baseline || r.unsure {
		return nil
	}
	for _, e := range r.delivered {
		if matches(got, e) {
			return nil
		}
	}
	return &Finding{Kind: "pop3-content", Where: where.String(), Detail: fmt.Sprintf("message %d is none of the %d accepted: %s", n, len(r.delivered), wire.Visible(tail(got, 200)))}
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

// matches reports whether got is e's body after header fields the server
// prepended (Return-Path, Received: RFC 5321 §4.4).
func matches(got []byte, e expected) bool {
	if e.loose {
		return true // a bare CR or LF may have been normalised
	}
	if !bytes.HasSuffix(got, []byte(e.body)) {
		return false
	}
	return isTrace(got[:len(got)-len(e.body)])
}

// isTrace reports whether b is header fields only: lines "Name: value" or
// folded continuations, each ending in CRLF.
func isTrace(b []byte) bool {
	for len(b) > 0 {
		i := bytes.Index(b, []byte("\r\n"))
		if i < 0 {
			return false
		}
		line := b[:i]
		b = b[i+2:]
		if len(line) > 0 && (line[0] == ' ' || line[0] == '\t') {
			continue
		}
		colon := bytes.IndexByte(line, ':')
		if colon <= 0 || bytes.ContainsAny(line[:colon], " \t") {
			return false
		}
	}
	return true
}

// checkMailbox is the path's oracle, run after every program: the mailbox
// holds what was there, and what SMTP accepted for it, each exactly once
// and byte-exact, less what POP3 deleted; sizes agree with the bytes.
func (r *runner) checkMailbox() (*Finding, error) {
	p, f, err := r.popOpen(place{text: "pop3 delivery check"}, true)
	if err != nil || f != nil {
		return f, err
	}
	defer p.c.close()
	p.where = place{text: "pop3 delivery check: STAT"}
	p.c.send("STAT\r\n")
	s, f := p.expect(true)
	if f != nil {
		return f, nil
	}
	n, size, ok := parseStat(s.Text)
	if !ok {
		return &Finding{Kind: "pop3-status", Where: p.where.String(), Detail: "STAT reply is not +OK nn mm: " + s.Text}, nil
	}
	want := r.pop.total
	// Every message delivered is still there unless a session deleted it;
	// those sessions' counts were checked as they went.
	if n != want && !r.unsure {
		return &Finding{Kind: "delivery", Where: p.where.String(), Detail: fmt.Sprintf("mailbox has %d messages, want %d (%d before, %d accepted by SMTP, less those POP3 deleted)", n, want, r.baseline, len(r.delivered))}, nil
	}
	var sum int64
	var got [][]byte
	for i := 1; i <= n; i++ {
		p.where = place{text: "pop3 delivery check: RETR", n: i}
		p.c.send("LIST " + itoa(i) + "\r\n")
		ls, f := p.expect(true)
		if f != nil {
			return f, nil
		}
		_, lsize, _ := parseStat(ls.Text)
		p.c.send("RETR " + itoa(i) + "\r\n")
		if _, f := p.expect(true); f != nil {
			return f, nil
		}
		b, f := p.multiline()
		if f != nil {
			return f, nil
		}
		if int64(len(b)) != lsize {
			return &Finding{Kind: "pop3-size", Where: p.where.String(), Detail: fmt.Sprintf("LIST says %d octets, RETR gave %d (RFC 1939 §5: the exact size)", lsize, len(b))}, nil
		}
		sum += lsize
		if i > r.baseline {
			got = append(got, b)
		}
	}
	if sum != size {
		return &Finding{Kind: "pop3-size", Where: "pop3 delivery check: STAT", Detail: fmt.Sprintf("STAT size %d, messages add up to %d", size, sum)}, nil
	}
	p.c.send("QUIT\r\n")
	p.status()
	if r.unsure || r.pop.total != r.baseline+len(r.delivered) {
		return nil, nil // POP3 deleted some: which ones the sessions checked
	}
	return matchAll(got, r.delivered), nil
}

// matchAll pairs each retrieved message with an accepted one: each
// accepted message arrives once (or once a RCPT of the mailbox), and
// nothing else arrives.
func matchAll(got [][]byte, want []expected) *Finding {
	used := make([]int, len(want))
	for i, g := range got {
		found := false
		for j, e := range want {
			if used[j] < e.max && matches(g, e) {
				used[j]++
				found = true
				break
			}
		}
		if !found {
			return &Finding{Kind: "delivery", Where: "pop3 delivery check", Detail: fmt.Sprintf("message %d is none of those SMTP accepted, or one too many times: …%s", i+1, wire.Visible(tail(g, 200)))}
		}
	}
	for j, e := range want {
		if used[j] == 0 {
			return &Finding{Kind: "delivery", Where: "pop3 delivery check", Detail: fmt.Sprintf("accepted message %d never arrived: …%s", j+1, wire.Visible(tail([]byte(e.body), 200)))}
		}
	}
	return nil
}
