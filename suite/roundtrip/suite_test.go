package roundtrip

import (
	"os"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mailspec/mailspec/internal/reftarget"
	"github.com/mailspec/mailspec/reference"
	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/target"
)

// env is filled before the specs run: the target from MAILSPEC_SMTP,
// MAILSPEC_POP3 and their siblings, or the embedded reference server.
var env spec.Env

var _ = Declare(&env)

// TestConformance runs every round-trip case, as Ginkgo specs, against the
// target. With neither MAILSPEC_SMTP nor MAILSPEC_POP3 it starts the
// reference server, against which every case must pass.
func TestConformance(t *testing.T) {
	RegisterFailHandler(Fail)
	tg, err := target.FromEnv(os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	if tg == nil {
		inst, err := reference.Start(reference.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer inst.Close()
		tg = reftarget.Of(inst)
	}
	env.Target = tg
	RunSpecs(t, "SMTP to POP3 round trips")
}
