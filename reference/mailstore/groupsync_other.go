//go:build !linux

package mailstore

import "errors"

// useSyncfs reports that this system has no syncfs(2): each delivery
// fsyncs its own file, and directories are fsynced once for many.
func (s *Store) useSyncfs() error {
	return errors.New("syncfs(2) is Linux only")
}
