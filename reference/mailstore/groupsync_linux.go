package mailstore

import (
	"errors"
	"fmt"
	"runtime"

	"golang.org/x/sys/unix"
)

// useSyncfs makes s sync deliveries with syncfs(2) on the file system of
// its root (see Commit), where the kernel reports write errors to it.
//
// The root stays open for the life of the store: syncfs reports the write
// errors of the whole file system that happened since the descriptor it
// is given was opened, so a descriptor opened for each sync would miss an
// error of the kernel's background writeback before the sync began.
func (s *Store) useSyncfs() error {
	if !kernelAtLeast(5, 8) {
		return errors.New("syncfs(2) reports write errors only from Linux 5.8 on")
	}
	fd, err := unix.Open(s.root, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return err
	}
	runtime.AddCleanup(s, func(fd int) { unix.Close(fd) }, fd)
	s.syncfs, s.rootDev = true, st.Dev
	s.commits.sync = func(dirs []string, own func() error) error {
		if own != nil {
			return own() // one delivery alone: its file or directories
		}
		if err := unix.Syncfs(fd); err != nil {
			return fmt.Errorf("syncfs %s: %w", s.root, err)
		}
		// On file systems that keep metadata in the block device's cache,
		// as ext4 without a journal does (inode tables, directory
		// blocks), syncfs writes some of those blocks after it has
		// flushed the disk's write cache (Linux's sync_filesystem: the
		// file system's sync_fs, then sync_blockdev), so they may still
		// be in that cache. An fsync of a directory there flushes the
		// cache again, after them; elsewhere it costs little.
		if err := unix.Fsync(fd); err != nil {
			return fmt.Errorf("fsync %s: %w", s.root, err)
		}
		// Directories on other file systems (see Delivery.create).
		return syncDirs(dirs, nil)
	}
	return nil
}

// kernelAtLeast reports whether the running kernel is Linux major.minor
// or later.
func kernelAtLeast(major, minor int) bool {
	var u unix.Utsname
	if unix.Uname(&u) != nil {
		return false
	}
	var ma, mi int
	if _, err := fmt.Sscanf(unix.ByteSliceToString(u.Release[:]), "%d.%d", &ma, &mi); err != nil {
		return false
	}
	return ma > major || ma == major && mi >= minor
}
