// Package reference starts the reference SMTP and POP3 servers together on
// one Maildir store, ready to be tested: loopback ports, a self-signed
// certificate for STARTTLS and STLS, and two accounts with fresh random
// passwords. It is the conformance suite's default target and what
// `mailspec serve` runs.
package reference

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"time"

	"github.com/mailspec/mailspec/reference/mailstore"
	"github.com/mailspec/mailspec/reference/pop3"
	"github.com/mailspec/mailspec/reference/selfsigned"
	"github.com/mailspec/mailspec/reference/smtp"
	"github.com/mailspec/mailspec/reference/users"
)

// Options adjusts what Start runs. The zero value is the default target:
// both servers on ephemeral loopback ports, a temporary store, accounts
// "alice" and "bob".
type Options struct {
	// Dir is the store's root; empty means a temporary directory that
	// Close removes.
	Dir string
	// Users replaces the generated accounts.
	Users *users.Directory
	// SMTPAddr and POP3Addr default to 127.0.0.1:0.
	SMTPAddr, POP3Addr string
	// SMTP and POP3, if set, adjust each server's configuration last.
	SMTP func(*smtp.Config)
	POP3 func(*pop3.Config)
	// Logger receives both servers' logs; nothing is logged if nil.
	Logger *slog.Logger
	// Store, if set, is the store both servers use (a memory store, say),
	// in place of a Maildir store at Dir.
	Store *mailstore.Store
	// Cert, if set, is the certificate both serve, in place of a new one.
	Cert *selfsigned.Certificate
	// SMTPListener and POP3Listener, if set, are where the servers accept
	// connections (a fuzzer's in-memory listener, say), in place of
	// listening at SMTPAddr and POP3Addr. Close closes them.
	SMTPListener, POP3Listener net.Listener
}

// Account is a generated login.
type Account struct{ User, Password string }

// Instance is a running pair of reference servers.
type Instance struct {
	SMTP     *smtp.Server
	POP3     *pop3.Server
	Store    *mailstore.Store
	Users    *users.Directory
	Cert     *selfsigned.Certificate
	Accounts []Account // the generated accounts, when Options.Users was nil
	tempDir  string
}

// Start runs both servers. Close stops them.
func Start(opts Options) (*Instance, error) {
	inst := &Instance{Store: opts.Store, Cert: opts.Cert}
	fail := func(err error) (*Instance, error) {
		inst.Close()
		for _, l := range []net.Listener{opts.SMTPListener, opts.POP3Listener} {
			if l != nil {
				l.Close()
			}
		}
		return nil, fmt.Errorf("reference: %w", err)
	}
	if inst.Store == nil {
		dir := opts.Dir
		if dir == "" {
			d, err := os.MkdirTemp("", "mailspec-store-")
			if err != nil {
				return fail(err)
			}
			dir, inst.tempDir = d, d
		}
		store, err := mailstore.Open(dir)
		if err != nil {
			return fail(err)
		}
		inst.Store = store
	}
	store := inst.Store
	inst.Users = opts.Users
	if inst.Users == nil {
		inst.Users = users.New()
		for _, name := range []string{"alice", "bob"} {
			pw := randomPassword()
			inst.Users.Add(name, pw)
			inst.Accounts = append(inst.Accounts, Account{name, pw})
		}
	}
	var err error
	if inst.Cert == nil {
		if inst.Cert, err = selfsigned.New(); err != nil {
			return fail(err)
		}
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	// One TLS configuration for both, as one host with one certificate
	// has: a session ticket from either resumes on either.
	serverTLS := inst.Cert.ServerConfig()
	sc := smtp.Config{Addr: opts.SMTPAddr, Store: store, Users: inst.Users, TLSConfig: serverTLS, Logger: logger}
	if opts.SMTP != nil {
		opts.SMTP(&sc)
	}
	if inst.SMTP, err = smtp.NewServer(sc); err != nil {
		return fail(err)
	}
	if err := start(inst.SMTP, opts.SMTPListener); err != nil {
		return fail(err)
	}
	pc := pop3.Config{Addr: opts.POP3Addr, Store: store, Users: inst.Users, TLSConfig: serverTLS, Logger: logger}
	if opts.POP3 != nil {
		opts.POP3(&pc)
	}
	if inst.POP3, err = pop3.NewServer(pc); err != nil {
		return fail(err)
	}
	if err := start(inst.POP3, opts.POP3Listener); err != nil {
		return fail(err)
	}
	return inst, nil
}

// start makes s serve: on l if given, else listening at its configured
// address.
func start(s interface {
	StartServing() error
	Serve(net.Listener) error
}, l net.Listener) error {
	if l == nil {
		return s.StartServing()
	}
	go s.Serve(l)
	return nil
}

func randomPassword() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Close shuts both servers down (live sessions are told so) and removes a
// temporary store.
func (inst *Instance) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var errs []error
	if inst.SMTP != nil {
		errs = append(errs, inst.SMTP.Shutdown(ctx))
	}
	if inst.POP3 != nil {
		errs = append(errs, inst.POP3.Shutdown(ctx))
	}
	if inst.tempDir != "" {
		errs = append(errs, os.RemoveAll(inst.tempDir))
	}
	return errors.Join(errs...)
}
