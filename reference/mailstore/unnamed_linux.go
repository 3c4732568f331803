package mailstore

import (
	"os"
	"path/filepath"
	"strconv"

	"golang.org/x/sys/unix"
)

// openUnnamed creates a file in dir that has no name: open(2) with
// O_TMPFILE (Linux 3.11). Creating it takes no lock on dir and changes
// none of its entries, so deliveries that begin at once do not queue on
// tmp/, and a process killed before linking it leaves nothing behind.
func openUnnamed(dir string) (*os.File, error) {
	return os.OpenFile(dir, os.O_WRONLY|unix.O_TMPFILE, 0o600)
}

// linkUnnamed gives f, made by openUnnamed, the name dst. linkat(2) with
// AT_EMPTY_PATH would need CAP_DAC_READ_SEARCH; the file's /proc link
// followed with AT_SYMLINK_FOLLOW does not (open(2), O_TMPFILE). Like any
// link, it fails with EXDEV if dst is on another file system than f.
func linkUnnamed(f *os.File, dst string) error {
	raw, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var linkErr error
	err = raw.Control(func(fd uintptr) {
		src := "/proc/self/fd/" + strconv.FormatUint(uint64(fd), 10)
		linkErr = unix.Linkat(unix.AT_FDCWD, src, unix.AT_FDCWD, dst, unix.AT_SYMLINK_FOLLOW)
	})
	if err != nil {
		return err
	}
	if linkErr != nil {
		return &os.LinkError{Op: "link", Old: "(unnamed)", New: dst, Err: linkErr}
	}
	return nil
}

// unnamedWorks reports whether files made by openUnnamed in dir can be
// linked there: the file system must support O_TMPFILE and /proc must be
// mounted. It links a probe and removes it again.
func unnamedWorks(dir string) bool {
	f, err := openUnnamed(dir)
	if err != nil {
		return false
	}
	defer f.Close()
	probe := filepath.Join(dir, ".unnamed-probe."+uniqueName())
	if linkUnnamed(f, probe) != nil {
		return false
	}
	return os.Remove(probe) == nil
}

// sameDevice reports whether f is on the file system of the store's
// root, which syncfs covers.
func (s *Store) sameDevice(f *os.File) bool {
	var st unix.Stat_t
	raw, err := f.SyscallConn()
	if err != nil {
		return false
	}
	var statErr error
	if err := raw.Control(func(fd uintptr) { statErr = unix.Fstat(int(fd), &st) }); err != nil || statErr != nil {
		return false
	}
	return st.Dev == s.rootDev
}
