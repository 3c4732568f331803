package serving

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// RateLimited returns a logger that writes at most burst records of the
// same level and message in each interval and drops the rest, so that a
// flood of connections cannot flood the log: the first record written
// after some were dropped says how many, as "suppressed". Loggers derived
// from it (With, WithGroup) share its count.
func RateLimited(l *slog.Logger, interval time.Duration, burst int) *slog.Logger {
	return slog.New(&limitedHandler{next: l.Handler(), st: &limitState{interval: interval, burst: burst, now: time.Now, windows: map[limitKey]*window{}}})
}

type limitKey struct {
	level slog.Level
	msg   string
}

// window counts one kind of record in the current interval.
type window struct {
	start   time.Time
	written int
	dropped int // since the last record written
}

type limitState struct {
	mu       sync.Mutex
	interval time.Duration
	burst    int
	now      func() time.Time
	windows  map[limitKey]*window // messages are constants in the code: a bounded set
}

// admit reports whether a record may be written, and how many of its
// kind were dropped before it.
func (s *limitState) admit(k limitKey) (bool, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	w := s.windows[k]
	if w == nil {
		w = &window{start: now}
		s.windows[k] = w
	}
	if now.Sub(w.start) >= s.interval {
		w.start, w.written = now, 0
	}
	if w.written >= s.burst {
		w.dropped++
		return false, 0
	}
	w.written++
	dropped := w.dropped
	w.dropped = 0
	return true, dropped
}

type limitedHandler struct {
	next slog.Handler
	st   *limitState
}

func (h *limitedHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.next.Enabled(ctx, l)
}

func (h *limitedHandler) Handle(ctx context.Context, r slog.Record) error {
	ok, dropped := h.st.admit(limitKey{r.Level, r.Message})
	if !ok {
		return nil
	}
	if dropped > 0 {
		r = r.Clone()
		r.AddAttrs(slog.Int("suppressed", dropped))
	}
	return h.next.Handle(ctx, r)
}

func (h *limitedHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &limitedHandler{next: h.next.WithAttrs(attrs), st: h.st}
}

func (h *limitedHandler) WithGroup(name string) slog.Handler {
	return &limitedHandler{next: h.next.WithGroup(name), st: h.st}
}
