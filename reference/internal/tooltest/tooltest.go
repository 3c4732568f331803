// Package tooltest lets the reference servers' interop tests check, before
// they rely on an outside program, that it is installed and can do what
// the test needs, and skip with the reason and the Debian package to
// install when it cannot. A tool found but lacking a capability (swaks
// without Perl's TLS modules, as `apt-get install --no-install-recommends
// swaks` leaves it) is a skip that says so, not a failure of the server.
package tooltest

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// probeTimeout bounds each capability probe.
const probeTimeout = 30 * time.Second

// Need skips the test unless the program at path is installed; pkg is
// the Debian package that provides it.
func Need(t testing.TB, path, pkg string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Skipf("needs %s (Debian package %s): %v", path, pkg, err)
	}
}

// probe runs a program once per process and keeps its output.
type probe struct {
	once sync.Once
	out  string
	err  error
}

func (p *probe) run(name string, args ...string) (string, error) {
	p.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
		defer cancel()
		b, err := exec.CommandContext(ctx, name, args...).CombinedOutput()
		p.out, p.err = string(b), err
	})
	return p.out, p.err
}

// Swaks is where the interop tests expect swaks.
const Swaks = "/usr/bin/swaks"

var swaksSupport probe

// NeedSwaksTLS skips the test unless swaks is installed and can do TLS
// (STARTTLS, --tls-verify): swaks needs Perl's Net::SSLeay and
// IO::Socket::SSL for that, which Debian's swaks only recommends.
func NeedSwaksTLS(t testing.TB) {
	t.Helper()
	Need(t, Swaks, "swaks")
	out, err := swaksSupport.run(Swaks, "--support")
	if err != nil && out == "" {
		t.Skipf("swaks --support failed: %v", err)
	}
	if why, ok := SwaksTLS(out); !ok {
		t.Skipf("swaks cannot do TLS (%s); install Debian packages libnet-ssleay-perl and libio-socket-ssl-perl", why)
	}
}

// SwaksTLS reads the output of `swaks --support`: ok when it lists TLS
// as supported, else the line that says why not.
func SwaksTLS(support string) (why string, ok bool) {
	for _, line := range strings.Split(support, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "=== TLS supported":
			return "", true
		case strings.HasPrefix(line, "*** TLS not available"):
			return strings.TrimPrefix(line, "*** "), false
		}
	}
	return "swaks --support does not mention TLS", false
}

var pythonSSL probe

// NeedPythonSSL skips the test unless python, installed, has its ssl
// module (STARTTLS and STLS with smtplib and poplib).
func NeedPythonSSL(t testing.TB, python string) {
	t.Helper()
	Need(t, python, "python3")
	if out, err := pythonSSL.run(python, "-c", "import ssl, smtplib, poplib"); err != nil {
		t.Skipf("%s cannot import ssl, smtplib and poplib (Debian package python3): %v\n%s", python, err, out)
	}
}

var fetchmailVersion probe

// NeedFetchmailSSL skips the test unless fetchmail is installed and was
// built with TLS, which `fetchmail -V` shows as "+SSL".
func NeedFetchmailSSL(t testing.TB, fetchmail string) {
	t.Helper()
	Need(t, fetchmail, "fetchmail")
	// fetchmail -V exits non-zero when it finds no configuration; its
	// first line is the version and the options it was built with.
	out, _ := fetchmailVersion.run(fetchmail, "-V", "-f", os.DevNull)
	if !strings.Contains(out, "+SSL") && !strings.Contains(out, "+TLS") {
		t.Skipf("fetchmail was built without TLS (fetchmail -V says %q)", out)
	}
}
