package fuzz

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"os"
	"testing"
	"time"
)

// sessionSeeds are inputs for FuzzSessions, each a program the grammar
// decodes (see Decode; the first byte of each step picks its op).
var sessionSeeds = [][]byte{
	{0, 4, 0, 0, 7, 11, 3, 3, 1, 2, 22, 1},                   // EHLO, MAIL, RCPT self, DATA with dots, QUIT
	{7, 4, 0, 0, 11, 0},                                      // RCPT and DATA before EHLO and MAIL
	{0, 4, 0, 0, 7, 13, 3, 2, 2, 0},                          // BDAT LAST
	{0, 20, 0, 0, 4, 0, 0},                                   // STARTTLS, then MAIL before EHLO
	{0, 20, 2, 0},                                            // STARTTLS with QUIT pipelined behind it
	{0, 23, 4, 0, 0, 23, 7, 23, 14, 23, 15, 0},               // a pipelined batch
	{0, 21, 0, 0, 21, 1, 1, 8},                               // AUTH PLAIN right, then wrong
	{0, 4, 0, 0, 7, 11, 2, 6, 7, 22, 1, 0, 0, 5, 0, 7, 3, 0}, // end-of-data look-alikes, then POP3
}

// The environment that points FuzzSessions at a server by address instead
// of the in-process reference. The fuzzer dials these addresses and no
// other.
const (
	envSMTP     = "MAILSPEC_FUZZ_SMTP"         // SMTP host:port; required to fuzz by address
	envPOP3     = "MAILSPEC_FUZZ_POP3"         // POP3 host:port reading the same mailbox (optional)
	envUser     = "MAILSPEC_FUZZ_USER"         // the account: mailbox user@domain, POP3 login
	envPassword = "MAILSPEC_FUZZ_PASSWORD"     // its password (SMTP AUTH, POP3)
	envDomain   = "MAILSPEC_FUZZ_DOMAIN"       // the server's mail domain (default localhost)
	envInsecure = "MAILSPEC_FUZZ_TLS_INSECURE" // "1": accept any certificate after STARTTLS and STLS
)

// addressEnv builds the Env for a server by address from the environment
// (getenv), or returns nil when MAILSPEC_FUZZ_SMTP is not set. POP3 needs
// the user and password; with them every POP3 session upgrades with STLS
// first, as `mailspec fuzz` does.
func addressEnv(getenv func(string) string) (*Env, error) {
	smtpAddr := getenv(envSMTP)
	if smtpAddr == "" {
		return nil, nil
	}
	dial := func(addr string) func(context.Context) (net.Conn, error) {
		return func(ctx context.Context) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "tcp", addr)
		}
	}
	host, _, _ := net.SplitHostPort(smtpAddr)
	env := &Env{
		DialSMTP: dial(smtpAddr),
		TLS:      &tls.Config{ServerName: host, InsecureSkipVerify: getenv(envInsecure) == "1"},
		Account:  Account{User: getenv(envUser), Password: getenv(envPassword), Domain: getenv(envDomain)},
		Timeout:  5 * time.Second,
	}
	if env.Account.Domain == "" {
		env.Account.Domain = "localhost"
	}
	if env.Account.User == "" {
		env.Account.User = "postmaster"
	}
	if addr := getenv(envPOP3); addr != "" {
		if getenv(envUser) == "" || getenv(envPassword) == "" {
			return nil, fmt.Errorf("%s needs %s and %s", envPOP3, envUser, envPassword)
		}
		env.DialPOP3, env.POP3STLS = dial(addr), true
	}
	return env, nil
}

// FuzzSessions decodes the input into SMTP and POP3 sessions and runs them
// against the in-process reference, or against the server named by
// MAILSPEC_FUZZ_SMTP (and MAILSPEC_FUZZ_POP3): the oracle must find
// nothing.
func FuzzSessions(f *testing.F) {
	for _, s := range sessionSeeds {
		f.Add(s)
	}
	remote, err := addressEnv(os.Getenv)
	if err != nil {
		f.Fatal(err)
		return
	}
	ref := newReusedRef(refOptions{})
	f.Cleanup(ref.Close)
	f.Fuzz(func(t *testing.T, data []byte) {
		if remote != nil {
			p := Decode(data, remote.Account)
			fd, err := Run(context.Background(), remote, p)
			if err != nil {
				t.Skip(err) // the server could not be reached: not a finding
			}
			if fd != nil {
				t.Fatalf("%v\n%s", fd, joinLog(fd.Log))
			}
			return
		}
		fd, err := ref.run(Decode(data, testAccount))
		if err != nil {
			t.Fatal(err)
		}
		if fd != nil {
			t.Fatalf("%v\n%s", fd, joinLog(fd.Log))
		}
	})
}
