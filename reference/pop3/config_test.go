package pop3

import (
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
	"LoginDelay":              {Default: int64(DefaultLoginDelay), Off: true},
	"MaxErrors":               {Default: DefaultMaxErrors, Off: true},
	"AutologoutTimeout":       {Default: int64(DefaultAutologoutTimeout)},
	"MaxConnections":          {Default: DefaultMaxConnections},
	"MaxConnectionsPerClient": {Default: DefaultMaxConnectionsPerClient},
}

// TestConfigConvention: Config's numbers follow the convention both
// servers share (configtest). Short autologout timers are allowed, so
// that a negative one is not refused only for being short.
func TestConfigConvention(t *testing.T) {
	store, err := mailstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	configtest.CheckNumbers(t, Config{Store: store, Users: users.New(), AllowShortAutologout: true}, (*Config).setDefaults, numberRules)
}

// TestLoginDelayOff: with LoginDelay negative, a failed PASS is answered
// without the default second's pause.
func TestLoginDelayOff(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.LoginDelay = -1 })
	c := f.dial()
	c.ok("USER alice")
	start := time.Now()
	c.err("PASS wrong")
	if d := time.Since(start); d >= DefaultLoginDelay {
		t.Errorf("a failed PASS was answered after %v, want no delay", d)
	}
}
