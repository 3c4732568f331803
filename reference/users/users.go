// Package users is the reference server's account directory: who has a
// mailbox, and the secret each one logs in with. The SMTP server asks it
// whether a local recipient exists (RFC 5321 §3.6.2 lets a server refuse
// unknown users with 550); both servers ask it to check credentials.
package users

import (
	"bufio"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
)

// maxNameLength bounds a user name. RFC 5321 §4.5.3.1.1 allows a local-part
// of 64 octets; a mailbox name must fit in it.
const maxNameLength = 64

// Directory is a set of accounts. It is safe for concurrent use.
type Directory struct {
	mu       sync.RWMutex
	accounts map[string]string // lower-case name → password
}

// New returns an empty directory.
func New() *Directory {
	return &Directory{accounts: make(map[string]string)}
}

// Load reads a users file: one account a line, written `name:password`.
// Blank lines and lines starting with '#' are skipped. Names are compared
// without regard to case, as postmaster must be (RFC 5321 §4.5.1); the
// password is everything after the first colon, kept exactly.
func Load(path string) (*Directory, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("users: %w", err)
	}
	defer f.Close()
	d, err := Parse(f)
	if err != nil {
		return nil, fmt.Errorf("users: %s: %w", path, err)
	}
	return d, nil
}

// Parse reads a users file from r; see Load for the format.
func Parse(r io.Reader) (*Directory, error) {
	d := New()
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, password, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("line %d: want name:password", n)
		}
		if err := d.Add(name, password); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return d, nil
}

// ErrBadName reports a user name that cannot name a mailbox.
var ErrBadName = errors.New("users: name must be 1-64 characters of letters, digits and . _ + - (not starting with a dot)")

// ValidName reports whether name may name an account and so a mailbox
// directory: it must not be able to escape the store ("..", "/", NUL) nor
// need quoting as an RFC 5321 §4.1.2 Dot-string.
func ValidName(name string) bool {
	if name == "" || len(name) > maxNameLength || name[0] == '.' || strings.Contains(name, "..") {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '.' || c == '_' || c == '+' || c == '-':
		default:
			return false
		}
	}
	return name[len(name)-1] != '.'
}

// Add creates or replaces an account.
func (d *Directory) Add(name, password string) error {
	if !ValidName(name) {
		return fmt.Errorf("%w: %q", ErrBadName, name)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.accounts[strings.ToLower(name)] = password
	return nil
}

// Exists reports whether name has an account; it returns the canonical
// (lower-case) mailbox name.
func (d *Directory) Exists(name string) (string, bool) {
	key := strings.ToLower(name)
	d.mu.RLock()
	defer d.mu.RUnlock()
	_, ok := d.accounts[key]
	return key, ok
}

// Names returns every account name, sorted.
func (d *Directory) Names() []string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	names := make([]string, 0, len(d.accounts))
	for n := range d.accounts {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Secret returns the password of name, for mechanisms that need the shared
// secret itself (POP3 APOP, RFC 1939 §7).
func (d *Directory) Secret(name string) (string, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	p, ok := d.accounts[strings.ToLower(name)]
	return p, ok
}

// Authenticate reports whether password is name's password. Both sides are
// hashed before a constant-time comparison, so the time taken reveals
// neither whether the name exists, nor the password's length, nor how much
// of it matched.
func (d *Directory) Authenticate(name, password string) bool {
	want, ok := d.Secret(name)
	w := sha256.Sum256([]byte(want))
	g := sha256.Sum256([]byte(password))
	match := subtle.ConstantTimeCompare(w[:], g[:]) == 1
	return ok && match
}
