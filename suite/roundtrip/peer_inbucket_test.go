package roundtrip

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
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
	"github.com/mailspec/mailspec/reports"
	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/target"
)

// inbucketDeviations are the round trips Inbucket v3.2.0 does not pass,
// each with the rule it breaks. TestInbucket requires exactly these.
var inbucketDeviations = map[string]string{
	"smtp-2.3.8-roundtrip-bare-lf-not-line-break": "a bare LF inside a DATA line is taken as a line end (Inbucket reads DATA with net/textproto's ReadDotBytes, which stores every line end as LF, and its POP3 server sends each LF as CRLF), so before-bare-lf<LF>after-bare-lf comes back as two lines; RFC 5321 §2.3.8: conforming implementations MUST NOT recognize or generate any other character or character sequence as a line terminator",
}

// TestInbucket runs every SMTP-to-POP3 round trip against Inbucket v3.2.0
// (github.com/inbucket/inbucket/v3), embedded as in suite/pop3's
// TestInbucket: its SMTP server delivers into its memory store and its
// POP3 server reads the messages back. With
// MAILSPEC_INBUCKET_ROUNDTRIP_REPORT=FILE it writes the run's JSON report
// there.
func TestInbucket(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every round trip against Inbucket")
	}
	tg := startInbucket(t)
	run := &reports.Run{
		Tool:    reports.Tool{Name: "mailspec", Version: "go test"},
		Target:  reports.Target{Name: "Inbucket v3.2.0 (github.com/inbucket/inbucket/v3)", SMTP: tg.SMTP.Addr, POP3: tg.POP3.Addr, TLS: string(tg.SMTP.TLS), POP3TLS: string(tg.POP3.TLS)},
		Started: time.Now(),
		Options: reports.Options{Timeout: tg.Timeout},
	}
	for _, c := range registry.Cases() {
		start := time.Now()
		out := spec.Run(c, tg, Open)
		run.Cases = append(run.Cases, reports.CaseFrom(c.Entry(), c.Labels(), out, time.Since(start)))
	}
	run.Duration = time.Since(run.Started)
	run.Sort()
	if path := os.Getenv("MAILSPEC_INBUCKET_ROUNDTRIP_REPORT"); path != "" {
		if err := reports.WriteFile(path, func(w io.Writer) error { return reports.WriteJSON(w, run) }); err != nil {
			t.Fatal(err)
		}
	}
	var recorded []reports.Deviation
	for id, reason := range inbucketDeviations {
		recorded = append(recorded, reports.Deviation{ID: id, Reason: reason})
	}
	if d := run.DiffDeviations(recorded); !d.Empty() {
		var b strings.Builder
		d.Write(&b, run)
		t.Errorf("Inbucket deviates otherwise than inbucketDeviations lists (new: write it down there or fix the suite; gone: remove it):\n%s", b.String())
	}
	all := len(registry.Cases())
	t.Logf("Inbucket: %d of %d round trips pass or skip; %d listed deviations", all-len(run.Deviations()), all, len(inbucketDeviations))
}

// startInbucket serves Inbucket's SMTP and POP3 servers, sharing one
// memory store, on loopback ports and returns the target describing them.
// Inbucket reads its certificate from files and listens on an address it
// is given (it does not report the port it bound), so the test writes a
// self-signed pair to a temporary directory and picks free ports first.
func startInbucket(t *testing.T) *target.Target {
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
		Timeout:       timeoutForTests,
	}
	tg.Defaults()
	return tg
}

// freeLoopbackAddr returns a 127.0.0.1 address with a port nothing is
// listening on at the moment.
func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}
