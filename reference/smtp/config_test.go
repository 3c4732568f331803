package smtp

import (
	"strings"
	"testing"
	"time"

	"github.com/mailspec/mailspec/reference/internal/configtest"
	"github.com/mailspec/mailspec/reference/mailstore"
	"github.com/mailspec/mailspec/reference/users"
)

// numberRules is the convention for each int and time.Duration field of
// Config: its default, and whether negative means off (else it is
// refused).
var numberRules = map[string]configtest.Rule{
	"AuthFailureDelay":         {Default: int64(time.Second), Off: true},
	"MaxAuthFailures":          {Default: 3, Off: true},
	"MaxErrors":                {Default: 20, Off: true},
	"MaxAuthFailuresPerClient": {Default: 20},
	"AuthFailureWindow":        {Default: int64(10 * time.Minute)},
	"MaxMessageSize":           {Default: 32 << 20},
	"MaxRecipients":            {Default: 100},
	"MaxCommandLine":           {Default: 512},
	"MaxAuthLine":              {Default: 12288},
	"MaxTextLine":              {Default: 1000},
	"MaxHops":                  {Default: 100},
	"MaxConnections":           {Default: 100},
	"MaxConnectionsPerClient":  {Default: 20},
	"CommandTimeout":           {Default: int64(5 * time.Minute)},
	"DataTimeout":              {Default: int64(5 * time.Minute)},
	"WriteTimeout":             {Default: int64(time.Minute)},
	"TLSHandshakeTimeout":      {Default: int64(time.Minute)},
}

// TestConfigConvention: Config's numbers follow the convention both
// servers share (configtest).
func TestConfigConvention(t *testing.T) {
	store, err := mailstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	configtest.CheckNumbers(t, Config{Store: store, Users: users.New()}, (*Config).setDefaults, numberRules)
}

// TestMaxErrorsOff: with MaxErrors negative, no number of error replies
// ends the session.
func TestMaxErrorsOff(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.MaxErrors = -1 })
	c := ts.ehlo(t)
	c.send(strings.Repeat("XYZZY\r\n", 25))
	for range 25 {
		c.expect(500)
	}
	c.cmd("NOOP", 250)
}

// TestMaxAuthFailuresOff: with MaxAuthFailures negative, failed AUTH
// attempts do not end the session.
func TestMaxAuthFailuresOff(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.MaxAuthFailures, c.AllowInsecureAuth = -1, true })
	c := ts.ehlo(t)
	for range 5 {
		c.cmd("AUTH PLAIN "+b64("\x00alice\x00guess"), 535)
	}
	c.cmd("NOOP", 250)
}
