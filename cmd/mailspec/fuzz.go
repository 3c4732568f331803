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
	rng := rand.New(rand.NewPCG(*seed, 0x6d61696c))
	seen := map[string]bool{}
	start, last := time.Now(), time.Now()
	runs := 0
	for ctx.Err() == nil {
		p := fuzz.Decode(fuzz.RandomInput(rng), env.Account)
		f, err := fuzz.Run(ctx, env, p)
		if ctx.Err() != nil {
			break
		}
		if err != nil {
			fmt.Fprintln(stderr, "\nmailspec fuzz:", err)
			return exitNoSetup
		}
		runs++
		if f != nil && !seen[f.Key()] {
			seen[f.Key()] = true
			m := fuzz.Minimise(ctx, env, f, *budget)
			path := filepath.Join(*dir, fmt.Sprintf("finding-%03d.json", len(seen)))
			if err := fuzz.Save(path, m); err != nil {
				fmt.Fprintln(stderr, "\nmailspec fuzz:", err)
				return exitNoSetup
			}
			fmt.Fprintf(stdout, "\nfinding %d: %v (%d steps) -> %s\n", len(seen), m, m.Program.Len(), path)
		}
		if time.Since(last) >= time.Second {
			last = time.Now()
			fmt.Fprintf(stderr, "\r%d programs, %.0f/s, %d distinct findings", runs, float64(runs)/time.Since(start).Seconds(), len(seen))
		}
	}
	fmt.Fprintf(stderr, "\r%d programs in %v, %d distinct findings\n", runs, time.Since(start).Round(time.Second), len(seen))
	if len(seen) > 0 {
		return exitFailed
	}
	return exitOK
}
