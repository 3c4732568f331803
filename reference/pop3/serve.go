package pop3

import (
	"github.com/mailspec/mailspec/reference/internal/serving"
)

// Start returns a server already serving on Config.Addr (DefaultAddr,
// a free loopback port, if empty) in a goroutine: for tests and for
// embedding. Stop it with Shutdown.
func Start(cfg Config) (*Server, error) { return serving.Start(NewServer(cfg)) }
