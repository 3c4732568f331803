package pop3

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mailspec/mailspec/internal/reftest"
	"github.com/mailspec/mailspec/suite/spec"
)

// env is filled before the specs run: the target from MAILSPEC_POP3 and
// its siblings, or the embedded reference server.
var env spec.Env

var _ = Declare(&env)

// TestConformance runs every POP3 case, as Ginkgo specs, against the
// target. With neither MAILSPEC_POP3 nor MAILSPEC_SMTP it starts the
// reference server, against which every case must pass or be skipped
// with a reason.
func TestConformance(t *testing.T) {
	RegisterFailHandler(Fail)
	tg, _ := reftest.FromEnvOrStart(t)
	env.Target = tg
	RunSpecs(t, "POP3 conformance")
}
