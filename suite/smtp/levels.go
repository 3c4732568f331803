package smtp

import "github.com/mailspec/mailspec/suite/spec"

// Requirement levels, short for the case tables.
const (
	MUST   = spec.MUST
	SHOULD = spec.SHOULD
	MAY    = spec.MAY
)
