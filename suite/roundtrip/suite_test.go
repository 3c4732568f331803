package roundtrip

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mailspec/mailspec/internal/reftest"
	"github.com/mailspec/mailspec/suite/spec"
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
	tg, _ := reftest.FromEnvOrStart(t)
	env.Target = tg
	RunSpecs(t, "SMTP to POP3 round trips")
}
