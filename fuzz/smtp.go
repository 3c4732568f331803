package fuzz

import (
	"encoding/base64"
	"fmt"
	"slices"
	"strings"

	"github.com/mailspec/mailspec/suite/wire"
)

// smtpModel is what the client knows of the SMTP session's state (RFC
// 5321 §4.1.4, §3.3), learnt from the replies the oracle allowed.
type smtpModel struct {
	refused bool // greeted 554: every command but QUIT gets 503 (§3.1)
	greeted bool // HELO or EHLO accepted
	ehlo    bool // by EHLO
	esc     bool // ENHANCEDSTATUSCODES advertised
	tls     bool
	authed  bool
	mail    bool     // MAIL accepted
	rcpts   []string // accepted RCPTs: "self", "unknown", "remote"
	bdat    bool     // BDAT chunks accepted, LAST not yet
	chunks  strings.Builder
	// unsure: a reply was allowed that leaves the transaction's state
	// open to more than one reading; until RSET, HELO or EHLO the model
	// allows any class for transaction commands.
	unsure bool
}

func (m *smtpModel) state() string {
	switch {
	case m.refused:
		return "refused"
	case m.bdat:
		return "bdat"
	case len(m.rcpts) > 0:
		return "rcpt"
	case m.mail:
		return "mail"
	case m.greeted:
		return "ready"
	}
	return "connected"
}

func (m *smtpModel) resetTx() {
	m.mail, m.rcpts, m.bdat = false, nil, false
	m.chunks.Reset()
}

// allowed is the model's prediction: the reply codes (or classes, 2 to 5)
// a conforming server may give to st in this state. 421 is always allowed
// and ends the session (RFC 5321 §3.8).
func (m *smtpModel) allowed(st Step) []int {
	if m.refused && st.Op != OpQuit && st.Op != OpDrop {
		return []int{5}
	}
	tx := func(a ...int) []int {
		if m.unsure {
			return []int{2, 3, 4, 5}
		}
		return a
	}
	switch st.Op {
	case OpEHLO, OpHELO:
		return []int{250}
	case OpGreetBad, OpMailBad, OpRcptBad, OpUnknown:
		return []int{5} // §4.1.2, §4.2.4: 500, 501, 502, 504, 553, 555
	case OpMail:
		if m.mail {
			return tx(5) // §4.1.4: nested MAIL is 503
		}
		return []int{2, 4, 5} // MAIL before HELO is lenient, not forbidden
	case OpRcpt:
		if !m.mail {
			return tx(5) // §4.1.4: RCPT before MAIL is 503
		}
		return tx(250, 251, 4, 5)
	case OpData:
		switch {
		case m.bdat:
			return tx(5) // RFC 3030 §2: DATA inside a BDAT transaction
		case !m.mail || len(m.rcpts) == 0:
			// §3.3, RFC 2920 §3.2: 503/554, or 354 and a refusal after.
			return tx(5, 354)
		}
		return tx(354, 4, 5)
	case OpBdat:
		if !m.mail || len(m.rcpts) == 0 {
			return tx(5)
		}
		return tx(250, 4, 5)
	case OpRset, OpNoop:
		return []int{250}
	case OpVrfy:
		return []int{2, 4, 5}
	case OpOddLine:
		// §2.3.8: a bare CR or LF ends no line, so the line is one
		// command, refused or (lenient) taken as written; never two.
		return []int{2, 5}
	case OpArgs:
		switch {
		case strings.HasPrefix(st.Line, "QUIT"):
			return []int{5, 221}
		case strings.HasPrefix(st.Line, "RSET"):
			return []int{5, 250}
		}
		return []int{5}
	case OpStartTLS:
		if m.tls {
			return []int{5} // RFC 3207 §4.2: no STARTTLS over TLS
		}
		return []int{220, 4, 5}
	case OpAuth, OpAuthLogin, OpAuthCancel:
		if m.mail || m.authed {
			return []int{5} // RFC 4954 §4: 503 in a transaction, after AUTH
		}
		if st.Op == OpAuth && st.Good {
			return []int{235, 4, 5}
		}
		if st.Op == OpAuth {
			return []int{4, 5} // wrong credentials are never accepted
		}
		return []int{334, 4, 5}
	case OpQuit:
		return []int{221}
	}
	return []int{2, 3, 4, 5}
}

// smtpRun is one SMTP session in progress.
type smtpRun struct {
	r     *runner
	c     *conn
	m     smtpModel
	where place
	index int
	// greeting: the reply being read answers EHLO or HELO, which carry
	// no enhanced code (RFC 2034 §3 covers replies after the greeting).
	greeting bool
	// lastCode is the code of the last reply authStep read.
	lastCode int
}

// reply reads one reply and checks it: well formed, allowed, with an
// enhanced code of its class when they are advertised. done says the
// session is over (421, or a finding).
func (s *smtpRun) reply(allowed []int) (rep *wire.Reply, f *Finding) {
	s.c.arm()
	rep, err := s.c.rd.ReadReply()
	if err != nil {
		return nil, readFailure(s.where, err, s.r.env.Timeout)
	}
	s.r.noteRead(rep)
	if rep.TextProblem != "" {
		return rep, &Finding{Kind: "reply-format", Where: s.where.String(), Detail: rep.TextProblem}
	}
	if rep.Code == 421 {
		return rep, nil
	}
	if rep.Expect(allowed...) != nil {
		return rep, &Finding{Kind: "reply-code", Where: s.where.String(), Detail: fmt.Sprintf("got %d, allowed %s", rep.Code, codes(allowed))}
	}
	if s.m.esc && rep.Class() != 3 && !s.greeting {
		if ec, ok := rep.EnhancedCode(); !ok || ec.Class != rep.Class() {
			return rep, &Finding{Kind: "enhanced-code", Where: s.where.String(), Detail: "ENHANCEDSTATUSCODES advertised (RFC 2034 §3), reply without an enhanced code of its class: " + wire.Visible([]byte(rep.String()))}
		}
	}
	return rep, nil
}

// smtpSession runs one SMTP session; an error means it could not connect.
func (r *runner) smtpSession(index int, sess Session) (*Finding, error) {
	c, err := r.dial("smtp", r.env.DialSMTP)
	if err != nil {
		return nil, err
	}
	defer c.close()
	s := &smtpRun{r: r, c: c, index: index, where: place{proto: "smtp", session: index + 1}}
	rep, f := s.reply([]int{220, 554})
	if f != nil {
		return f, nil
	}
	if rep.Code == 421 {
		return nil, nil
	}
	s.m.refused = rep.Code == 554
	steps := sess.Steps
	if n := len(steps); n == 0 || (steps[n-1].Op != OpQuit && steps[n-1].Op != OpDrop) {
		steps = append(slices.Clip(steps), Step{Op: OpQuit, Line: "QUIT\r\n"})
	}
	for i := 0; i < len(steps); i++ {
		// A pipelined batch goes in one write; its replies are read in order.
		j := i
		for j < len(steps)-1 && steps[j].Pipe && pipelinable(steps[j].Op) && batchEnd(steps[j+1].Op) {
			j++
		}
		if j > i {
			var batch strings.Builder
			for _, st := range steps[i : j+1] {
				batch.WriteString(st.Line)
				if st.Op == OpBdat {
					batch.WriteString(st.Body)
				}
			}
			if err := c.send(batch.String()); err != nil {
				return &Finding{Kind: "drop", Where: s.at(steps[i]).String(), Detail: "send failed: " + err.Error()}, nil
			}
			for _, st := range steps[i : j+1] {
				s.where = s.at(st)
				over, f := s.answer(st)
				if f != nil || over {
					return f, nil
				}
			}
			i = j
			continue
		}
		st := steps[i]
		s.where = s.at(st)
		if st.Op == OpDrop {
			return nil, nil
		}
		out := st.Line
		if st.Op == OpBdat {
			out += st.Body
		}
		if st.Op == OpStartTLS {
			out += st.Body
		}
		if err := c.send(out); err != nil {
			return &Finding{Kind: "drop", Where: s.where.String(), Detail: "send failed: " + err.Error()}, nil
		}
		over, f := s.answer(st)
		if f != nil || over {
			return f, nil
		}
	}
	return nil, nil
}

func (s *smtpRun) at(st Step) place {
	return place{proto: "smtp", session: s.index + 1, op: st.Op, state: s.m.state()}
}

// answer reads and checks the replies to st, already sent, carries on any
// exchange it starts (the message after 354, AUTH, TLS), and moves the
// model. over says the session has ended.
func (s *smtpRun) answer(st Step) (over bool, f *Finding) {
	m := &s.m
	allowed := m.allowed(st)
	s.greeting = st.Op == OpEHLO || st.Op == OpHELO
	rep, f := s.reply(allowed)
	s.greeting = false
	if f != nil {
		return true, f
	}
	if rep.Code == 421 {
		return true, nil
	}
	ok := rep.Class() == 2
	switch st.Op {
	case OpEHLO, OpHELO:
		m.greeted, m.ehlo, m.unsure = true, st.Op == OpEHLO, false
		m.resetTx()
		if st.Op == OpEHLO {
			m.esc = false
			for _, l := range rep.Lines[1:] {
				if kw, _, _ := strings.Cut(l, " "); strings.EqualFold(kw, "ENHANCEDSTATUSCODES") {
					m.esc = true
				}
				if p := ehloLineProblem(l); p != "" {
					return true, &Finding{Kind: "ehlo-keyword", Where: s.where.String(), Detail: p}
				}
			}
		}
	case OpMail:
		if ok {
			m.mail = true
		}
	case OpRcpt:
		if ok {
			m.rcpts = append(m.rcpts, st.Rcpt)
		}
	case OpData:
		if rep.Code != 354 {
			break
		}
		refuse := !m.unsure && (!m.mail || len(m.rcpts) == 0)
		if err := s.c.send(dataOf(st.Body) + ".\r\n"); err != nil {
			return true, &Finding{Kind: "drop", Where: s.where.String(), Detail: "send failed: " + err.Error()}
		}
		s.where.note = ", end of data"
		want := []int{250, 4, 5}
		if refuse {
			want = []int{4, 5} // 354 without recipients: the data is refused
		}
		if m.unsure {
			want = []int{2, 4, 5}
		}
		end, f := s.reply(want)
		if f != nil {
			return true, f
		}
		if end.Code == 421 {
			return true, nil
		}
		if end.Class() == 2 {
			s.deliver(withFinalCRLF(st.Body))
		}
		m.resetTx()
	case OpBdat:
		switch {
		case ok:
			m.bdat = true
			m.chunks.WriteString(st.Body)
			if st.Last {
				s.deliver(m.chunks.String())
				m.resetTx()
			}
		case m.mail:
			m.resetTx()
			m.unsure = true // RFC 3030 leaves the transaction's fate to the server
		}
	case OpRset:
		m.resetTx()
		m.unsure = false
	case OpOddLine, OpArgs:
		if ok && strings.HasPrefix(st.Line, "RSET") {
			m.resetTx()
		} else if ok {
			m.unsure = true
		}
		if rep.Code == 221 {
			return true, s.c.expectEOF(s.where)
		}
	case OpStartTLS:
		if rep.Code != 220 {
			if st.Body != "" {
				// Refused, STARTTLS changes nothing: what was pipelined
				// behind it is an ordinary command, and is answered.
				return s.answer(piggyStep(st.Body))
			}
			break
		}
		if s.r.env.TLS == nil {
			return true, nil
		}
		if err := s.c.startTLS(s.r.env.TLS); err != nil {
			return true, &Finding{Kind: "tls", Where: s.where.String(), Detail: "handshake after 220 failed: " + err.Error()}
		}
		// RFC 3207 §4.2: the server discards all knowledge from the client.
		*m = smtpModel{tls: true}
	case OpAuth:
		if rep.Code == 235 {
			m.authed = true
		}
	case OpAuthLogin, OpAuthCancel:
		if rep.Code != 334 {
			break
		}
		if st.Op == OpAuthCancel {
			return s.authStep("*\r\n", []int{501})
		}
		a := s.r.env.Account
		if over, f := s.authStep(b64(a.User)+"\r\n", []int{334, 4, 5}); over || f != nil || s.lastCode != 334 {
			return over, f
		}
		over, f := s.authStep(b64(a.Password)+"\r\n", []int{235, 4, 5})
		if s.lastCode == 235 {
			m.authed = true
		}
		return over, f
	case OpQuit:
		return true, s.c.expectEOF(s.where)
	}
	return false, nil
}

// batchEnd reports whether op may end a pipelined batch (RFC 2920 §3.1:
// DATA and QUIT may, as may any command that can be pipelined).
func batchEnd(op Op) bool { return pipelinable(op) || op == OpData || op == OpQuit }

// piggyStep is the step a command pipelined behind STARTTLS is.
func piggyStep(line string) Step {
	switch {
	case strings.HasPrefix(line, "QUIT"):
		return Step{Op: OpQuit, Line: line}
	case strings.HasPrefix(line, "MAIL"):
		return Step{Op: OpMail, Line: line}
	}
	return Step{Op: OpNoop, Line: line}
}

// authStep sends one SASL response line and checks the reply.
func (s *smtpRun) authStep(line string, allowed []int) (bool, *Finding) {
	if err := s.c.send(line); err != nil {
		return true, &Finding{Kind: "drop", Where: s.where.String(), Detail: "send failed: " + err.Error()}
	}
	rep, f := s.reply(allowed)
	if f != nil {
		return true, f
	}
	s.lastCode = rep.Code
	return rep.Code == 421, nil
}

// deliver records a message the server accepted: it must reach the
// mailbox if the mailbox was among the accepted recipients.
func (s *smtpRun) deliver(body string) {
	n := 0
	for _, r := range s.m.rcpts {
		if r == "self" {
			n++
		}
	}
	if s.m.unsure {
		s.r.unsure = true
		return
	}
	if n > 0 {
		s.r.delivered = append(s.r.delivered, expected{body: withFinalCRLF(body), loose: hasBareEnd(body), max: 1})
		if s.r.pop != nil {
			s.r.pop.total++
		}
	}
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// ehloLineProblem checks one EHLO keyword line (RFC 5321 §4.1.1.1):
// ehlo-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-"), then SP-separated
// ehlo-params of %d33-126.
func ehloLineProblem(l string) string {
	kw, params, _ := strings.Cut(l, " ")
	if kw == "" || !isAlnum(kw[0]) {
		return fmt.Sprintf("EHLO line %q: keyword does not start with a letter or digit (RFC 5321 §4.1.1.1)", l)
	}
	for i := 0; i < len(kw); i++ {
		if !isAlnum(kw[i]) && kw[i] != '-' {
			return fmt.Sprintf("EHLO line %q: keyword holds %q (RFC 5321 §4.1.1.1)", l, kw[i])
		}
	}
	for p := range strings.SplitSeq(params, " ") {
		for i := 0; i < len(p); i++ {
			if p[i] < 33 || p[i] > 126 {
				return fmt.Sprintf("EHLO line %q: parameter holds %q (RFC 5321 §4.1.1.1)", l, p[i])
			}
		}
	}
	return ""
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// dataOf is body as DATA sends it, the end-of-data line excluded: ending
// in CRLF (withFinalCRLF), then dot-stuffed by the suite's own writer,
// wire.DotStuff, so that the fuzzer and the suite send data alike.
func dataOf(body string) string { return wire.DotStuff(withFinalCRLF(body)) }

// withFinalCRLF returns body ending in CRLF (an empty body stays empty).
func withFinalCRLF(body string) string {
	if body == "" || strings.HasSuffix(body, "\r\n") {
		return body
	}
	return body + "\r\n"
}

// hasBareEnd reports a CR not before LF, or an LF not after CR.
func hasBareEnd(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\r':
			if i+1 >= len(s) || s[i+1] != '\n' {
				return true
			}
		case '\n':
			if i == 0 || s[i-1] != '\r' {
				return true
			}
		}
	}
	return false
}
