package mailstore

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"
	"time"
)

// A Maildir file name is "unique[:info]", where info is "2,FLAGS" and the
// unique part may carry ",KEY=VALUE" fields after its base, as Dovecot
// writes and Begin/Commit write: "1700000000.M12P34Q5.host,S=120,W=124:2,S".
// Only the base ("1700000000.M12P34Q5.host") names the message for good:
// info changes when flags change, and fields are added by some tools.

// nameParts is what a file name says about its message.
type nameParts struct {
	base       string
	info       string // after ':'; "" when absent
	hasInfo    bool
	size, wire int64 // S= and W=; -1 when absent
}

func parseName(name string) nameParts {
	p := nameParts{size: -1, wire: -1}
	unique, info, hasInfo := strings.Cut(name, ":")
	p.info, p.hasInfo = info, hasInfo
	fields := strings.Split(unique, ",")
	p.base = fields[0]
	for _, f := range fields[1:] {
		key, val, ok := strings.Cut(f, "=")
		if !ok {
			continue
		}
		n, err := strconv.ParseInt(val, 10, 64)
		if err != nil || n < 0 {
			continue
		}
		switch key {
		case "S":
			p.size = n
		case "W":
			p.wire = n
		}
	}
	return p
}

// maxUIDLength and the octet range are RFC 1939 §7 (UIDL): a unique-id is
// one to 70 characters in the range 0x21 to 0x7E.
const maxUIDLength = 70

// uidFor returns the POP3 unique-id of the message whose file base name is
// base. The base name itself is used when it fits RFC 1939 §7; otherwise
// it is "sha256:" and 48 hex digits of its SHA-256. A base name never
// contains ':' (that separates the Maildir info), so the two forms cannot
// collide. The base name survives every rename a Maildir reader makes (new/
// to cur/, flag changes), so the unique-id persists across sessions, and
// Maildir base names are never reused, so neither is the unique-id.
func uidFor(base string) string {
	if len(base) >= 1 && len(base) <= maxUIDLength {
		ok := true
		for i := 0; i < len(base); i++ {
			if base[i] < 0x21 || base[i] > 0x7e {
				ok = false
				break
			}
		}
		if ok {
			return base
		}
	}
	sum := sha256.Sum256([]byte(base))
	return "sha256:" + hex.EncodeToString(sum[:24])
}

// withFlag returns name with the Maildir flag f set in its info, keeping
// flags in ASCII order as the Maildir convention asks.
func withFlag(name string, f byte) string {
	unique, info, ok := strings.Cut(name, ":")
	if !ok {
		return unique + ":2," + string(f)
	}
	flags, isV2 := strings.CutPrefix(info, "2,")
	if !isV2 || strings.IndexByte(flags, f) >= 0 {
		return name
	}
	b := []byte(flags + string(f))
	sort.Slice(b, func(i, j int) bool { return b[i] < b[j] })
	return unique + ":2," + string(b)
}

// deliveryKey orders messages by delivery time. Names written as
// "seconds.MmicrosPpidQn.host" sort by seconds, microseconds and counter;
// names in other forms fall back to the file's modification time. The
// file name breaks ties, so the order is total and stable.
type deliveryKey struct {
	sec, usec, seq int64
	name           string
}

func keyFor(name, base string, mtime time.Time) deliveryKey {
	k := deliveryKey{sec: mtime.Unix(), usec: int64(mtime.Nanosecond() / 1000), name: name}
	secPart, rest, _ := strings.Cut(base, ".")
	sec, err := strconv.ParseInt(secPart, 10, 64)
	if err != nil {
		return k
	}
	k.sec, k.usec = sec, 0
	part, _, _ := strings.Cut(rest, ".")
	for i := 0; i < len(part); {
		tag := part[i]
		j := i + 1
		for j < len(part) && part[j] >= '0' && part[j] <= '9' {
			j++
		}
		if n, err := strconv.ParseInt(part[i+1:j], 10, 64); err == nil {
			switch tag {
			case 'M':
				k.usec = n
			case 'Q':
				k.seq = n
			}
		}
		i = j
	}
	return k
}

func (k deliveryKey) less(o deliveryKey) bool {
	switch {
	case k.sec != o.sec:
		return k.sec < o.sec
	case k.usec != o.usec:
		return k.usec < o.usec
	case k.seq != o.seq:
		return k.seq < o.seq
	}
	return k.name < o.name
}
