package smtp

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mailspec/mailspec/reference/mailstore"
	"github.com/mailspec/mailspec/reference/users"
)

// numberRules is the convention for each int and time.Duration field of
// Config: its default, and whether negative means off (else it is
// refused).
var numberRules = map[string]struct {
	def int64
	off bool
}{
	"AuthFailureDelay":         {int64(time.Second), true},
	"MaxAuthFailures":          {3, true},
	"MaxErrors":                {20, true},
	"MaxAuthFailuresPerClient": {20, false},
	"AuthFailureWindow":        {int64(10 * time.Minute), false},
	"MaxMessageSize":           {32 << 20, false},
	"MaxRecipients":            {100, false},
	"MaxCommandLine":           {512, false},
	"MaxAuthLine":              {12288, false},
	"MaxTextLine":              {1000, false},
	"MaxHops":                  {100, false},
	"MaxConnections":           {100, false},
	"MaxConnectionsPerClient":  {20, false},
	"CommandTimeout":           {int64(5 * time.Minute), false},
	"DataTimeout":              {int64(5 * time.Minute), false},
	"WriteTimeout":             {int64(time.Minute), false},
	"TLSHandshakeTimeout":      {int64(time.Minute), false},
}

// TestConfigConvention: for every int and time.Duration field of Config,
// zero gives the default, and negative gives off where the field may be
// off and an error naming the field everywhere else. A new field without
// a rule in numberRules fails the test.
func TestConfigConvention(t *testing.T) {
	store, err := mailstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	valid := Config{Store: store, Users: users.New()}
	typ := reflect.TypeFor[Config]()
	seen := map[string]bool{}
	for i := range typ.NumField() {
		f := typ.Field(i)
		if k := f.Type.Kind(); k != reflect.Int && k != reflect.Int64 {
			continue
		}
		seen[f.Name] = true
		rule, ok := numberRules[f.Name]
		if !ok {
			t.Errorf("Config.%s has no rule in numberRules: say its default and whether negative means off", f.Name)
			continue
		}
		t.Run(f.Name, func(t *testing.T) {
			cfg := valid
			if err := cfg.setDefaults(); err != nil {
				t.Fatalf("zero: %v", err)
			}
			if got := reflect.ValueOf(cfg).Field(i).Int(); got != rule.def {
				t.Errorf("zero became %d, want the default %d", got, rule.def)
			}
			cfg = valid
			reflect.ValueOf(&cfg).Elem().Field(i).SetInt(-1)
			err := cfg.setDefaults()
			got := reflect.ValueOf(cfg).Field(i).Int()
			switch {
			case rule.off && err != nil:
				t.Errorf("negative (off) refused: %v", err)
			case rule.off && got != -1:
				t.Errorf("negative (off) became %d, want it kept", got)
			case !rule.off && (err == nil || !strings.Contains(err.Error(), f.Name)):
				t.Errorf("negative gave %v (value %d), want an error naming %s", err, got, f.Name)
			}
		})
	}
	for name := range numberRules {
		if !seen[name] {
			t.Errorf("numberRules names %s, which is no int or time.Duration field of Config", name)
		}
	}
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
