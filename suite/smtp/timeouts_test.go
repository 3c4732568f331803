package smtp

import "time"

// timeoutForTests bounds each wait when the suite's own tests run cases
// against the reference: long enough for a loaded machine, short enough
// that a case that wrongly waits fails quickly.
const timeoutForTests = 3 * time.Second
