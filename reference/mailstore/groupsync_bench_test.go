package mailstore

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mailspec/mailspec/reference/internal/rawmaildir"
)

// BenchmarkCommit compares, in turns within one run, the ways the store
// can make deliveries durable, with 1 and with 50 concurrent deliveries
// into one Maildir:
//
//   - raw: no store and no group commit: write in tmp/, fsync the file,
//     rename into new/, fsync new/, each delivery on its own;
//   - fsync: the store, each delivery fsyncing its file, one fsync of
//     new/ for the deliveries gathered while the previous one ran;
//   - syncfs: the store, one syncfs(2) for the files of the deliveries
//     gathered, then after the links another for their directory entries.
func BenchmarkCommit(b *testing.B) {
	root := b.TempDir()
	body := []byte(strings.Repeat("Line of a benchmark message, about seventy octets long, no more.\n", 32))
	for _, clients := range []int{1, 50} {
		b.Run(fmt.Sprintf("clients=%d", clients), func(b *testing.B) {
			dir, err := os.MkdirTemp(root, "run")
			if err != nil {
				b.Fatal(err)
			}
			var paths []struct {
				name    string
				deliver func() error
			}
			add := func(name string, deliver func() error) {
				paths = append(paths, struct {
					name    string
					deliver func() error
				}{name, deliver})
			}
			add("raw", rawDeliver(b, filepath.Join(dir, "raw"), body))
			for _, mode := range []string{"fsync", "syncfs"} {
				s, err := Open(filepath.Join(dir, mode))
				if err != nil {
					b.Fatal(err)
				}
				switch {
				case mode == "fsync":
					s.syncfs, s.commits.sync = false, syncDirs
				case !s.syncfs:
					b.Skip("no syncfs(2) here")
				}
				add(mode, func() error {
					d, err := s.Begin([]string{"alice"})
					if err != nil {
						return err
					}
					defer d.Abort()
					if _, err := d.Write(body); err != nil {
						return err
					}
					return d.Commit()
				})
			}
			elapsed := make([]time.Duration, len(paths))
			round := max(100, 4*clients)
			b.ResetTimer()
			for done := 0; done < b.N; done += round {
				n := min(round, b.N-done)
				for i, p := range paths {
					d, err := runConcurrently(clients, n, p.deliver)
					if err != nil {
						b.Fatalf("%s: %v", p.name, err)
					}
					elapsed[i] += d
				}
			}
			b.StopTimer()
			for i, p := range paths {
				b.ReportMetric(float64(b.N)/elapsed[i].Seconds(), p.name+"-msgs/s")
			}
		})
	}
}

// rawDeliver is a durable Maildir delivery with no store.
func rawDeliver(b *testing.B, dir string, body []byte) func() error {
	tmp, newDir := filepath.Join(dir, "tmp"), filepath.Join(dir, "new")
	for _, d := range []string{tmp, newDir} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			b.Fatal(err)
		}
	}
	var seq atomic.Uint64
	return func() error {
		name := fmt.Sprint(seq.Add(1))
		return rawmaildir.Deliver(filepath.Join(tmp, name), filepath.Join(newDir, name), body)
	}
}

// runConcurrently makes n calls of deliver from clients goroutines and
// returns the time they took.
func runConcurrently(clients, n int, deliver func() error) (time.Duration, error) {
	var (
		left     atomic.Int64
		wg       sync.WaitGroup
		firstErr atomic.Value
	)
	left.Store(int64(n))
	start := time.Now()
	for range clients {
		wg.Go(func() {
			for left.Add(-1) >= 0 {
				if err := deliver(); err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
			}
		})
	}
	wg.Wait()
	err, _ := firstErr.Load().(error)
	return time.Since(start), err
}
