// Package configtest checks that a reference server's Config follows the
// convention both servers share for their numbers (serving.Default): for
// every int and time.Duration field, zero gives the default, and a
// negative value gives off where the field may be off and an error naming
// the field everywhere else.
package configtest

import (
	"reflect"
	"strings"
	"testing"
)

// Rule is the convention for one field: its default, and whether a
// negative value means off (else it is refused).
type Rule struct {
	Default int64
	Off     bool
}

// CheckNumbers checks every int and int64 field of C (time.Duration is
// one) against rules, with setDefaults the server's own check of its
// Config and valid a Config it accepts. A field without a rule fails, so
// that a new field has to say what its zero and its negatives mean; so
// does a rule naming no such field.
func CheckNumbers[C any](t *testing.T, valid C, setDefaults func(*C) error, rules map[string]Rule) {
	t.Helper()
	typ := reflect.TypeFor[C]()
	seen := map[string]bool{}
	for i := range typ.NumField() {
		f := typ.Field(i)
		if k := f.Type.Kind(); k != reflect.Int && k != reflect.Int64 {
			continue
		}
		seen[f.Name] = true
		rule, ok := rules[f.Name]
		if !ok {
			t.Errorf("Config.%s has no rule: say its default and whether negative means off", f.Name)
			continue
		}
		t.Run(f.Name, func(t *testing.T) {
			cfg := valid
			if err := setDefaults(&cfg); err != nil {
				t.Fatalf("zero: %v", err)
			}
			if got := reflect.ValueOf(cfg).Field(i).Int(); got != rule.Default {
				t.Errorf("zero became %d, want the default %d", got, rule.Default)
			}
			cfg = valid
			reflect.ValueOf(&cfg).Elem().Field(i).SetInt(-1)
			err := setDefaults(&cfg)
			got := reflect.ValueOf(cfg).Field(i).Int()
			switch {
			case rule.Off && err != nil:
				t.Errorf("negative (off) refused: %v", err)
			case rule.Off && got != -1:
				t.Errorf("negative (off) became %d, want it kept", got)
			case !rule.Off && (err == nil || !strings.Contains(err.Error(), f.Name)):
				t.Errorf("negative gave %v (value %d), want an error naming %s", err, got, f.Name)
			}
		})
	}
	for name := range rules {
		if !seen[name] {
			t.Errorf("a rule names %s, which is no int or time.Duration field of Config", name)
		}
	}
}
