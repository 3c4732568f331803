package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/mailspec/mailspec/fuzz"
)

// fuzzTarget is the flags `mailspec fuzz` and `mailspec replay` share:
// the addresses (the only ones the fuzzer ever connects to), the account
// and TLS.
type fuzzTarget struct {
	smtp, pop3          string
	user, password, dom string
	insecureTLS, noTLS  bool
	timeout             time.Duration
}

func (t *fuzzTarget) flags(fs *flag.FlagSet) {
	fs.StringVar(&t.smtp, "smtp", "", "SMTP server `host:port` (required)")
	fs.StringVar(&t.pop3, "pop3", "", "POP3 server `host:port` reading the same mailbox: adds POP3 sessions and the delivery check")
	fs.StringVar(&t.user, "user", "", "account user: the mailbox is user@domain, and POP3 logs in as it")
	fs.StringVar(&t.password, "password", "", "account password (SMTP AUTH and POP3)")
	fs.StringVar(&t.dom, "domain", "localhost", "the server's local mail domain")
	fs.BoolVar(&t.insecureTLS, "tls-insecure", false, "accept any certificate after STARTTLS (a test server's self-signed one)")
	fs.BoolVar(&t.noTLS, "no-tls", false, "end a session whose STARTTLS is accepted instead of upgrading")
	fs.DurationVar(&t.timeout, "timeout", 5*time.Second, "the longest wait for a reply before it counts as a hang")
}

// env builds the fuzzer's Env: dialers for the named addresses only.
func (t *fuzzTarget) env() (*fuzz.Env, error) {
	if t.smtp == "" {
		return nil, errors.New("-smtp host:port is required")
	}
	if t.pop3 != "" && (t.user == "" || t.password == "") {
		return nil, errors.New("-pop3 needs -user and -password")
	}
	dial := func(addr string) func(context.Context) (net.Conn, error) {
		return func(ctx context.Context) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "tcp", addr)
		}
	}
	env := &fuzz.Env{DialSMTP: dial(t.smtp), Timeout: t.timeout,
		Account: fuzz.Account{User: t.user, Password: t.password, Domain: t.dom}}
	if env.Account.User == "" {
		env.Account.User = "postmaster"
	}
	if t.pop3 != "" {
		env.DialPOP3 = dial(t.pop3)
	}
	if !t.noTLS {
		host, _, _ := net.SplitHostPort(t.smtp)
		env.TLS = &tls.Config{ServerName: host, InsecureSkipVerify: t.insecureTLS}
		env.POP3STLS = true
	}
	return env, nil
}

func fuzzUsage(fs *flag.FlagSet) func() {
	return func() {
		fmt.Fprint(fs.Output(), `usage: mailspec fuzz -smtp host:port [-pop3 host:port -user U -password P] [flags]

Generates SMTP (and POP3) sessions from the fuzzer's grammar, runs them
against the server, and checks every reply with the same oracle the Go
fuzz targets use. Each distinct finding is minimised and saved as a
transcript that 'mailspec replay' runs again. It connects to the given
addresses only. Exit status 1 if anything was found.

`)
		fs.PrintDefaults()
	}
}

func fuzzCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mailspec fuzz", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = fuzzUsage(fs)
	var t fuzzTarget
	t.flags(fs)
	duration := fs.Duration("duration", time.Minute, "how long to fuzz")
	seed := fs.Uint64("seed", 1, "seed of the generated inputs: the same seed gives the same sessions")
	dir := fs.String("findings", "fuzz-findings", "`directory` for the minimised transcripts")
	budget := fs.Int("minimise", 200, "runs spent minimising each finding")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	env, err := t.env()
	if err != nil {
		fmt.Fprintln(stderr, "mailspec fuzz:", err)
		return exitUsage
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fmt.Fprintln(stderr, "mailspec fuzz:", err)
		return exitNoSetup
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, *duration)
	defer cancel()
	env.Sessions = new(atomic.Int64)
	show := newFuzzProgress(stderr, env.Sessions)
	rng := rand.New(rand.NewPCG(*seed, 0x6d61696c))
	seen := map[string]bool{}
	runs := 0
	for ctx.Err() == nil {
		p := fuzz.Decode(fuzz.RandomInput(rng), env.Account)
		f, err := fuzz.Run(ctx, env, p)
		if ctx.Err() != nil {
			break
		}
		if err != nil {
			show.end()
			fmt.Fprintln(stderr, "mailspec fuzz:", err)
			return exitNoSetup
		}
		runs++
		if f != nil && !seen[f.Key()] {
			seen[f.Key()] = true
			m := fuzz.Minimise(ctx, env, f, *budget)
			path := filepath.Join(*dir, fmt.Sprintf("finding-%03d.json", len(seen)))
			if err := fuzz.Save(path, m); err != nil {
				show.end()
				fmt.Fprintln(stderr, "mailspec fuzz:", err)
				return exitNoSetup
			}
			show.end()
			fmt.Fprintf(stdout, "finding %d: %v (%d steps) -> %s\n", len(seen), m, m.Program.Len(), path)
		}
		show.tick(runs, len(seen))
	}
	show.done(runs, len(seen))
	if len(seen) > 0 {
		return exitFailed
	}
	return exitOK
}

// fuzzProgress shows `mailspec fuzz` going: programs, sessions a second
// and distinct findings, on a terminal as one line rewritten every second,
// into a file or a pipe (or with NO_COLOR) as a plain line every ten.
type fuzzProgress struct {
	w        io.Writer
	live     bool
	sessions *atomic.Int64
	start    time.Time
	last     time.Time
	open     bool // a live line is on the screen, not yet ended
}

func newFuzzProgress(w io.Writer, sessions *atomic.Int64) *fuzzProgress {
	now := time.Now()
	return &fuzzProgress{w: w, live: !plainOutput(w), sessions: sessions, start: now, last: now}
}

func (p *fuzzProgress) status(runs, findings int) string {
	secs := time.Since(p.start).Seconds()
	n := p.sessions.Load()
	return fmt.Sprintf("%d programs, %d sessions, %.0f sessions/s, %d distinct findings", runs, n, float64(n)/secs, findings)
}

// tick shows the status when its interval has passed.
func (p *fuzzProgress) tick(runs, findings int) {
	every := time.Second
	if !p.live {
		every = 10 * time.Second
	}
	if time.Since(p.last) < every {
		return
	}
	p.last = time.Now()
	if p.live {
		fmt.Fprintf(p.w, "\r%s", p.status(runs, findings))
		p.open = true
		return
	}
	fmt.Fprintln(p.w, p.status(runs, findings))
}

// end ends a live line, so that what is printed next starts a line.
func (p *fuzzProgress) end() {
	if p.open {
		fmt.Fprintln(p.w)
		p.open = false
	}
}

// done prints the final status.
func (p *fuzzProgress) done(runs, findings int) {
	if p.live {
		fmt.Fprint(p.w, "\r")
		p.open = false
	}
	fmt.Fprintf(p.w, "%s in %v\n", p.status(runs, findings), time.Since(p.start).Round(time.Second))
}
