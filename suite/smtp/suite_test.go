package smtp

import (
	"context"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mailspec/mailspec/internal/reftest"
	"github.com/mailspec/mailspec/suite/spec"
)

// env is filled before the specs run: the target from MAILSPEC_SMTP and
// its siblings, or the embedded reference server.
var env spec.Env

var _ = Declare(&env)

// TestConformance runs every SMTP case, as Ginkgo specs, against the
// target. With no MAILSPEC_SMTP it starts the reference server, against
// which every case must pass or be skipped with a reason.
func TestConformance(t *testing.T) {
	RegisterFailHandler(Fail)
	tg, fromEnv := reftest.FromEnvOrStart(t)
	if fromEnv {
		// As mailspec run does: a target that cannot carry the run stops
		// it here, once, not in every case.
		if err := CheckSetup(context.Background(), tg); err != nil {
			t.Fatalf("target unusable, no case run: %v", err)
		}
	}
	env.Target = tg
	RunSpecs(t, "SMTP conformance")
}
