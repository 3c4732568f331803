package spec

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// An Oracle is a requirement that holds for every reply, not for one
// command: the reply format, the code table, enhanced status codes. The
// session checks it on every reply any case receives and notes a breach;
// the breach does not change the case's verdict, which is about the case's
// own requirement. Each oracle is reported once, as a spec of its own
// after the cases, with the first case and transcript where it was seen.
type Oracle struct {
	ID, RFC, Section string
	Level            Level
	// Extension is the keyword whose replies the oracle judges, if any.
	Extension string
	Quote     string
	// Binds, as for a case, says why a keyword-less quote binds the server.
	Binds string
	Does  string
}

// asCase is the oracle's metadata as a case's, for checks and labels.
func (o Oracle) asCase() Case[struct{}] {
	return Case[struct{}]{ID: o.ID, RFC: o.RFC, Section: o.Section, Level: o.Level, Extension: o.Extension, Quote: o.Quote, Binds: o.Binds, Does: o.Does, Run: func(struct{}) {}}
}

// Check reports what is wrong with the oracle's metadata.
func (o Oracle) Check() error {
	return o.asCase().Check()
}

// Labels are the oracle's Ginkgo labels, as a case's, with "oracle".
func (o Oracle) Labels() []string { return append(o.asCase().Labels(), "oracle") }

// Breach is one reply that broke an oracle.
type Breach struct {
	Oracle  string
	Message string
}

// Breacher is a session that notes oracle breaches while its case runs.
type Breacher interface {
	Breaches() []Breach
}

// Sighting is where an oracle's breach was seen: the case, the first
// message and the case's transcripts.
type Sighting struct {
	Case        string
	Message     string
	Transcripts []string
}

// Sightings gathers, across a run, the breaches each oracle saw, and the
// number of cases that ran; the oracle specs read it once the cases have
// run. The zero value is ready to use.
type Sightings struct {
	mu    sync.Mutex
	cases int
	seen  map[string][]Sighting
}

// Record notes a case's outcome: one sighting per oracle it breached.
func (s *Sightings) Record(caseID string, out Outcome) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cases++
	if s.seen == nil {
		s.seen = make(map[string][]Sighting)
	}
	first := map[string]bool{}
	for _, b := range out.Breaches {
		if first[b.Oracle] {
			continue
		}
		first[b.Oracle] = true
		s.seen[b.Oracle] = append(s.seen[b.Oracle], Sighting{Case: caseID, Message: b.Message, Transcripts: out.Transcripts})
	}
}

// Judge is the outcome of an oracle over the cases recorded so far: pass,
// skip when no case ran, or its level's failure verdict with the first
// sighting and the list of cases where it was seen.
func (s *Sightings) Judge(o Oracle) Outcome {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cases == 0 {
		return Outcome{Verdict: Skip, Message: "no case ran, so no reply was seen"}
	}
	seen := s.seen[o.ID]
	if len(seen) == 0 {
		return Outcome{Verdict: Pass}
	}
	var ids []string
	for _, x := range seen {
		ids = append(ids, x.Case)
	}
	sort.Strings(ids)
	msg := fmt.Sprintf("seen in %d of %d cases (%s); first in %s:\n%s", len(seen), s.cases, strings.Join(ids, ", "), seen[0].Case, seen[0].Message)
	return Outcome{Verdict: FailureVerdict(o.Level, false), Message: msg, Transcripts: seen[0].Transcripts}
}
