// Package rawmaildir is a durable Maildir delivery done the usual way,
// with no store around it: write the file in tmp/, fsync it, rename it
// into new/, fsync new/. It is the floor the delivery benchmarks measure
// the reference's store against, and the delivery of the go-smtp peer
// they measure its server against, so that both compare with one thing.
package rawmaildir

import (
	"os"
	"path/filepath"
)

// Deliver writes data to tmpPath, makes it durable and renames it to
// newPath, making the rename durable too.
func Deliver(tmpPath, newPath string, data []byte) error {
	f, err := os.OpenFile(tmpPath, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmpPath, newPath); err != nil {
		return err
	}
	d, err := os.Open(filepath.Dir(newPath))
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
