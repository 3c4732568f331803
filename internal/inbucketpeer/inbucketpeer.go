// Package inbucketpeer runs Inbucket (github.com/inbucket/inbucket/v3), a
// Go mail server with SMTP and POP3 on one store, in a test process on
// loopback: the Go POP3 peer the POP3 suite and the round trips are run
// against, as go-smtp is for the SMTP suite. It is for tests only.
package inbucketpeer

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/inbucket/inbucket/v3/pkg/config"
	"github.com/inbucket/inbucket/v3/pkg/extension"
	ibmessage "github.com/inbucket/inbucket/v3/pkg/message"
	"github.com/inbucket/inbucket/v3/pkg/policy"
	ibpop3 "github.com/inbucket/inbucket/v3/pkg/server/pop3"
	ibsmtp "github.com/inbucket/inbucket/v3/pkg/server/smtp"
	"github.com/inbucket/inbucket/v3/pkg/storage/mem"
	"github.com/rs/zerolog"

	"github.com/mailspec/mailspec/reference/selfsigned"
	"github.com/mailspec/mailspec/suite/target"
)

// Start serves Inbucket's SMTP and POP3 servers, sharing one
// memory store, on loopback ports and returns the target describing them.
// Inbucket reads its certificate from files and listens on an address it
// is given (it does not report the port it bound), so the test writes a
// self-signed pair to a temporary directory and picks free ports first.
func Start(t testing.TB, timeout time.Duration) *target.Target {
	t.Helper()
	// Inbucket logs every session through zerolog's global logger.
	prev := zerolog.GlobalLevel()
	zerolog.SetGlobalLevel(zerolog.Disabled)
	t.Cleanup(func() { zerolog.SetGlobalLevel(prev) })

	cert, err := selfsigned.New()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "cert.crt"), filepath.Join(dir, "cert.key")
	key, err := x509.MarshalPKCS8PrivateKey(cert.TLS.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(certFile, cert.PEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: key}), 0o600); err != nil {
		t.Fatal(err)
	}

	conf := &config.Root{
		MailboxNaming: config.LocalNaming,
		SMTP: config.SMTP{
			Addr:            freeLoopbackAddr(t),
			Domain:          "localhost",
			MaxRecipients:   200,
			MaxMessageBytes: 32 << 20,
			DefaultAccept:   true,
			DefaultStore:    true,
			Timeout:         300 * time.Second,
			TLSEnabled:      true,
			TLSCert:         certFile,
			TLSPrivKey:      keyFile,
		},
		POP3: config.POP3{
			Addr:       freeLoopbackAddr(t),
			Domain:     "localhost",
			Timeout:    600 * time.Second,
			TLSEnabled: true,
			TLSCert:    certFile,
			TLSPrivKey: keyFile,
		},
		Storage: config.Storage{Type: "memory", MailboxMsgCap: 0},
	}
	extHost := extension.NewHost()
	store, err := mem.New(conf.Storage, extHost)
	if err != nil {
		t.Fatal(err)
	}
	addrPolicy := &policy.Addressing{Config: conf}
	manager := &ibmessage.StoreManager{AddrPolicy: addrPolicy, Store: store, ExtHost: extHost}
	pop3Server, err := ibpop3.NewServer(conf.POP3, store)
	if err != nil {
		t.Fatal(err)
	}
	smtpServer := ibsmtp.NewServer(conf.SMTP, manager, addrPolicy, extHost)

	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	for _, s := range []interface {
		Start(context.Context, func())
		Notify() <-chan error
	}{smtpServer, pop3Server} {
		ready := make(chan struct{})
		go s.Start(ctx, func() { close(ready) })
		select {
		case <-ready:
		case err := <-s.Notify():
			t.Fatalf("starting Inbucket: %v", err)
		case <-time.After(10 * time.Second):
			t.Fatal("starting Inbucket: not ready after 10s")
		}
	}

	tg := &target.Target{
		Name:          "Inbucket v3.2.0 (github.com/inbucket/inbucket/v3)",
		SMTP:          target.Endpoint{Addr: conf.SMTP.Addr, TLS: target.TLSStartTLS},
		POP3:          target.Endpoint{Addr: conf.POP3.Addr, TLS: target.TLSStartTLS, User: "alice", Password: "alice-pw", APOPSecret: "alice-apop"},
		TLSConfig:     cert.ClientConfig("localhost"),
		Mailbox:       "alice@localhost",
		SecondMailbox: "bob@localhost",
		Timeout:       timeout,
	}
	tg.Defaults()
	return tg
}

// freeLoopbackAddr returns a 127.0.0.1 address with a port nothing is
// listening on at the moment.
func freeLoopbackAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}
