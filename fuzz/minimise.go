package fuzz

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
)

// Minimise shortens f's program to the fewest steps that still show the
// same breach (the same Key): it drops whole sessions, then single steps,
// until no drop keeps the breach (a 1-minimal program, by the reduction of
// delta debugging with chunks of one). Each try is a run against env,
// at most budget runs in all.
func Minimise(ctx context.Context, env *Env, f *Finding, budget int) *Finding {
	best := f
	try := func(p Program) bool {
		if budget <= 0 || ctx.Err() != nil {
			return false
		}
		budget--
		g, err := Run(ctx, env, p)
		if err != nil || g == nil || g.Key() != f.Key() {
			return false
		}
		best = g
		return true
	}
	for changed := true; changed; {
		changed = false
		for i := 0; i < len(best.Program.Sessions); i++ {
			p := Program{Sessions: slices.Delete(slices.Clone(best.Program.Sessions), i, i+1)}
			if try(p) {
				changed = true
				i--
			}
		}
		for i := 0; i < len(best.Program.Sessions); i++ {
			for j := 0; j < len(best.Program.Sessions[i].Steps); j++ {
				p := cloneProgram(best.Program)
				p.Sessions[i].Steps = slices.Delete(p.Sessions[i].Steps, j, j+1)
				if try(p) {
					changed = true
					j--
				}
			}
		}
	}
	return best
}

func cloneProgram(p Program) Program {
	q := Program{Sessions: make([]Session, len(p.Sessions))}
	for i, s := range p.Sessions {
		q.Sessions[i] = Session{Proto: s.Proto, Steps: slices.Clone(s.Steps)}
	}
	return q
}

// Transcript is a finding saved to replay: the program, what breach it
// showed, and the exchange as it was seen. Its JSON is the file format of
// `mailspec fuzz -findings DIR` and `mailspec replay FILE`.
type Transcript struct {
	Version int      `json:"version"`
	Kind    string   `json:"kind"`
	Where   string   `json:"where"`
	Detail  string   `json:"detail"`
	Program Program  `json:"program"`
	Log     []string `json:"log"`
}

// Save writes f as a replayable transcript.
func Save(path string, f *Finding) error {
	b, err := json.MarshalIndent(Transcript{Version: 1, Kind: f.Kind, Where: f.Where, Detail: f.Detail, Program: f.Program, Log: f.Log}, "", "  ")
	if err != nil {
		return fmt.Errorf("fuzz: %w", err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("fuzz: %w", err)
	}
	return nil
}

// Load reads a transcript Save wrote.
func Load(path string) (*Transcript, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("fuzz: %w", err)
	}
	var t Transcript
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, fmt.Errorf("fuzz: %s: %w", path, err)
	}
	if t.Version != 1 {
		return nil, fmt.Errorf("fuzz: %s: transcript version %d, want 1", path, t.Version)
	}
	return &t, nil
}

// Reproduces replays t against env and reports whether the same breach
// (kind and place) shows again, with the finding seen, if any.
func (t *Transcript) Reproduces(ctx context.Context, env *Env) (bool, *Finding, error) {
	f, err := Run(ctx, env, t.Program)
	if err != nil {
		return false, nil, err
	}
	return f != nil && f.Kind == t.Kind && f.Where == t.Where, f, nil
}
