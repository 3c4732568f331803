package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/mailspec/mailspec/reference"
	"github.com/mailspec/mailspec/reference/pop3"
	"github.com/mailspec/mailspec/reference/smtp"
	"github.com/mailspec/mailspec/reference/users"
)

// serveCommand runs the reference servers until SIGINT or SIGTERM, then
// shuts them down gracefully (live sessions are told 421 / -ERR).
func serveCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mailspec serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	smtpAddr := fs.String("smtp", "127.0.0.1:2525", "SMTP listen address (loopback unless you say otherwise)")
	pop3Addr := fs.String("pop3", "127.0.0.1:1110", "POP3 listen address")
	store := fs.String("store", "mailspec-store", "Maildir store directory (one Maildir per user)")
	usersFile := fs.String("users", "", "users file, one `name:password` a line; default: generate alice and bob with random passwords")
	domains := fs.String("domains", "localhost", "comma-separated local domains")
	hostname := fs.String("hostname", "localhost", "the servers' own host name, in greetings and Received fields")
	certFile := fs.String("tls-cert", "", "PEM certificate for STARTTLS/STLS (default: a generated self-signed one)")
	keyFile := fs.String("tls-key", "", "PEM private key for -tls-cert")
	insecureAuth := fs.Bool("allow-insecure-auth", false, "allow AUTH PLAIN/LOGIN and USER/PASS without TLS")
	relayMailbox := fs.String("relay-mailbox", "", "let authenticated clients send to other domains, delivering into this local Maildir")
	maxSize := fs.Int64("max-message-size", 32<<20, "largest message accepted, in octets (SIZE); at least 64K (RFC 5321 §4.5.3.1.7), 0 for the default")
	verbose := fs.Bool("v", false, "log every session event")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "mailspec serve: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	if (*certFile == "") != (*keyFile == "") {
		fmt.Fprintln(stderr, "mailspec serve: -tls-cert and -tls-key go together")
		return exitUsage
	}
	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelInfo
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	opts := reference.Options{Dir: *store, SMTPAddr: *smtpAddr, POP3Addr: *pop3Addr, Logger: logger}
	if *usersFile != "" {
		dir, err := users.Load(*usersFile)
		if err != nil {
			fmt.Fprintf(stderr, "mailspec serve: %v\n", err)
			return exitNoSetup
		}
		opts.Users = dir
	}
	var cert *tls.Certificate
	if *certFile != "" {
		c, err := tls.LoadX509KeyPair(*certFile, *keyFile)
		if err != nil {
			fmt.Fprintf(stderr, "mailspec serve: loading TLS key pair: %v\n", err)
			return exitNoSetup
		}
		cert = &c
	}
	withCert := func(cfg *tls.Config) *tls.Config {
		if cert == nil {
			return cfg
		}
		return &tls.Config{Certificates: []tls.Certificate{*cert}, MinVersion: tls.VersionTLS12}
	}
	opts.SMTP = func(c *smtp.Config) {
		c.Hostname = *hostname
		c.LocalDomains = strings.Split(*domains, ",")
		c.TLSConfig = withCert(c.TLSConfig)
		c.AllowInsecureAuth = *insecureAuth
		c.RelayMailbox = *relayMailbox
		c.MaxMessageSize = *maxSize
	}
	opts.POP3 = func(c *pop3.Config) {
		c.Hostname = *hostname
		c.TLSConfig = withCert(c.TLSConfig)
		c.AllowInsecureAuth = *insecureAuth
	}
	// Catch the signals before saying the servers listen: whoever starts
	// serve and waits for that line may stop it straight away.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	inst, err := reference.Start(opts)
	if err != nil {
		fmt.Fprintf(stderr, "mailspec serve: %v\n", err)
		return exitNoSetup
	}
	fmt.Fprintf(stdout, "SMTP listening on %s\nPOP3 listening on %s\nstore: %s\n", inst.SMTP.Addr(), inst.POP3.Addr(), inst.Store.Root())
	for _, a := range inst.Accounts {
		fmt.Fprintf(stdout, "account: %s password: %s\n", a.User, a.Password)
	}
	if cert == nil {
		fmt.Fprintf(stdout, "TLS: self-signed certificate for localhost; CA certificate:\n%s", inst.Cert.PEM)
	}

	<-ctx.Done()
	fmt.Fprintln(stdout, "shutting down")
	done := make(chan error, 1)
	go func() { done <- inst.Close() }()
	select {
	case err := <-done:
		if err != nil && !errors.Is(err, context.DeadlineExceeded) {
			fmt.Fprintf(stderr, "mailspec serve: %v\n", err)
			return exitFailed
		}
	case <-time.After(15 * time.Second):
		fmt.Fprintln(stderr, "mailspec serve: shutdown timed out")
		return exitFailed
	}
	return exitOK
}
