package wire

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"
)

// testCerts returns a server config with a self-signed certificate for
// 127.0.0.1 and a client config that trusts it.
func testCerts(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "mailspec test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	server = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	return server, &tls.Config{RootCAs: pool}
}

func TestStartTLS(t *testing.T) {
	serverCfg, clientCfg := testCerts(t)
	addr := serve(t, func(nc net.Conn) {
		io.WriteString(nc, "220 mx.example ESMTP\r\n")
		if line, _ := bufio.NewReader(nc).ReadString('\n'); line != "STARTTLS\r\n" {
			return
		}
		io.WriteString(nc, "220 2.0.0 ready\r\n")
		tc := tls.Server(nc, serverCfg)
		if tc.Handshake() != nil {
			return
		}
		if line, _ := bufio.NewReader(tc).ReadString('\n'); line == "EHLO client\r\n" {
			io.WriteString(tc, "250 secure\r\n")
		}
		tc.Close()
	})
	c := dial(t, addr, Options{})
	mustReply(t, c, 220)
	if _, ok := c.TLSState(); ok {
		t.Error("TLSState reports TLS before StartTLS")
	}
	mustSend(t, c, "STARTTLS")
	mustReply(t, c, 220)
	if err := c.StartTLS(clientCfg); err != nil {
		t.Fatalf("StartTLS: %v\n%s", err, c.Transcript())
	}
	if st, ok := c.TLSState(); !ok || !st.HandshakeComplete {
		t.Error("TLSState reports no TLS after StartTLS")
	}
	mustSend(t, c, "EHLO client")
	mustReply(t, c, 250)
	if err := c.StartTLS(clientCfg); err == nil {
		t.Error("second StartTLS succeeded")
	}

	tr := c.Transcript().String()
	i := strings.Index(tr, "-- STARTTLS: TLS established")
	j := strings.Index(tr, "C: EHLO client<CR><LF>")
	k := strings.Index(tr, "S: 250 secure<CR><LF>")
	if i < 0 || j < i || k < j {
		t.Errorf("transcript does not show the upgrade, then the plaintext inside TLS:\n%s", tr)
	}
}

func TestStartTLSBadCertificate(t *testing.T) {
	serverCfg, _ := testCerts(t)
	addr := serve(t, func(nc net.Conn) {
		io.WriteString(nc, "+OK begin TLS\r\n")
		tls.Server(nc, serverCfg).Handshake()
	})
	c := dial(t, addr, Options{})
	if _, err := c.ExpectStatus(StatusOK); err != nil {
		t.Fatal(err)
	}
	err := c.StartTLS(&tls.Config{}) // trusts nothing
	var ve *tls.CertificateVerificationError
	if !errors.As(err, &ve) {
		t.Errorf("StartTLS with an untrusted certificate = %v, want a verification error", err)
	}
}

func TestStartTLSRefusesEarlyData(t *testing.T) {
	_, clientCfg := testCerts(t)
	client, server := net.Pipe()
	defer server.Close()
	go io.WriteString(server, "220 go ahead\r\n250 injected\r\n") // one write, one read
	c, err := NewConn(client, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	mustReply(t, c, 220)
	err = c.StartTLS(clientCfg)
	var pe *ProtocolError
	if !errors.As(err, &pe) || string(pe.Line) != "250 injected\r\n" {
		t.Fatalf("StartTLS with octets waiting = %v, want *ProtocolError naming them", err)
	}
	if _, ok := c.TLSState(); ok {
		t.Error("connection was upgraded despite the early octets")
	}
}

func TestImplicitTLS(t *testing.T) {
	serverCfg, clientCfg := testCerts(t)
	addr := serve(t, func(nc net.Conn) {
		tc := tls.Server(nc, serverCfg)
		script("+OK POP3 ready\r\n", "+OK bye\r\n")(tc)
		tc.Close()
	})
	c := dial(t, addr, Options{TLS: clientCfg})
	if _, ok := c.TLSState(); !ok {
		t.Fatal("implicit TLS connection reports no TLS")
	}
	if _, err := c.ExpectStatus(StatusOK); err != nil {
		t.Fatal(err)
	}
	mustSend(t, c, "QUIT")
	if _, err := c.ExpectStatus(StatusOK); err != nil {
		t.Fatal(err)
	}
	if tr := c.Transcript().String(); !strings.Contains(tr, "-- implicit TLS: TLS established") ||
		!strings.Contains(tr, "S: +OK POP3 ready<CR><LF>") {
		t.Errorf("transcript:\n%s", tr)
	}
}
