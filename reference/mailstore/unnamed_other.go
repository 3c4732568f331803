//go:build !linux

package mailstore

import (
	"errors"
	"os"
)

// openUnnamed needs O_TMPFILE, which only Linux has.
func openUnnamed(string) (*os.File, error) {
	return nil, errors.New("mailstore: O_TMPFILE is Linux only")
}

// linkUnnamed is never called where openUnnamed fails.
func linkUnnamed(*os.File, string) error {
	return errors.New("mailstore: O_TMPFILE is Linux only")
}

// unnamedWorks reports that files cannot be made without a name here.
func unnamedWorks(string) bool { return false }

// sameDevice is never asked without syncfs(2).
func (s *Store) sameDevice(*os.File) bool { return false }
