package pop3

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
	"LoginDelay":              {int64(DefaultLoginDelay), true},
	"MaxErrors":               {DefaultMaxErrors, true},
	"AutologoutTimeout":       {int64(DefaultAutologoutTimeout), false},
	"MaxConnections":          {DefaultMaxConnections, false},
	"MaxConnectionsPerClient": {DefaultMaxConnectionsPerClient, false},
}

// TestConfigConvention: for every int and time.Duration field of Config,
// zero gives the default, and negative gives off where the field may be
// off and an error naming the field everywhere else, as for the SMTP
// server. A new field without a rule in numberRules fails the test.
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
			cfg.AllowShortAutologout = true // not to confuse negative with short
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
