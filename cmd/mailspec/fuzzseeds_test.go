package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var updateFuzzSeeds = flag.Bool("update-fuzz-seeds", false, "rewrite the fuzz targets' suite seeds under fuzz/testdata/fuzz from the suite's cases")

// seedDir is where Go's fuzzing reads each target's seed corpus.
const seedDir = "../../fuzz/testdata/fuzz"

// seedPrefix names the seed files this generator writes, so that a
// rewrite leaves crashers and hand-written seeds alone.
const seedPrefix = "suite-"

// maxSeeds bounds each target's suite seeds: distinct lines, at most
// perCase from each case, from the first cases that send them.
const (
	maxSeeds = 60
	perCase  = 2
)

// TestFuzzSeedsFromSuite builds seed corpora for the fuzz targets from
// what the suite's cases send and receive: it runs the SMTP and POP3
// suites against the embedded reference and takes, from each case's
// transcript, the SMTP command lines (FuzzSMTPCommand), SMTP replies
// (FuzzSMTPReply), POP3 client lines (FuzzPOP3Command), POP3 status
// lines (FuzzPOP3Status) and AUTH responses (FuzzSASL). Each file is
// named after the case that sent it. Run with -update-fuzz-seeds to
// rewrite them (cases run in parallel and send fresh tokens, so a rewrite
// changes some values); without, it checks that every target has some.
func TestFuzzSeedsFromSuite(t *testing.T) {
	targets := []string{"FuzzSMTPCommand", "FuzzSMTPReply", "FuzzPOP3Command", "FuzzPOP3Status", "FuzzSASL"}
	if !*updateFuzzSeeds {
		for _, target := range targets {
			files, _ := filepath.Glob(filepath.Join(seedDir, target, seedPrefix+"*"))
			if len(files) == 0 {
				t.Errorf("%s has no seeds from the suite; run go test ./cmd/mailspec -run TestFuzzSeedsFromSuite -update-fuzz-seeds", target)
			}
		}
		return
	}
	dir := t.TempDir()
	if code := mainCode([]string{"run", "-report-dir", dir, "-timeout", "5s"}, io.Discard, io.Discard); code != exitOK {
		t.Fatalf("mailspec run against the reference: exit %d", code)
	}
	b, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var report struct {
		Cases []struct {
			ID          string `json:"id"`
			Protocol    string `json:"protocol"`
			Transcripts []struct {
				Lines []struct{ From, Text string } `json:"lines"`
			} `json:"transcripts"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(b, &report); err != nil {
		t.Fatal(err)
	}
	seeds := map[string]*seedSet{}
	for _, target := range targets {
		seeds[target] = &seedSet{seen: map[string]bool{}}
	}
	for _, c := range report.Cases {
		for _, tr := range c.Transcripts {
			var reply []byte // the SMTP reply being assembled
			for _, l := range tr.Lines {
				data := []byte(invisible(l.Text))
				switch {
				case c.Protocol == "smtp" && l.From == "C":
					for line := range strings.SplitSeq(string(data), "\r\n") {
						if line == "" || len(line) > 600 {
							continue
						}
						seeds["FuzzSMTPCommand"].add(c.ID, line)
						if arg, ok := strings.CutPrefix(line, "AUTH PLAIN "); ok {
							seeds["FuzzSASL"].add(c.ID, arg)
						}
					}
				case c.Protocol == "smtp" && l.From == "S":
					reply = append(reply, data...)
					if len(data) < 4 || data[3] != '-' {
						seeds["FuzzSMTPReply"].add(c.ID, normalise(string(reply)))
						reply = nil
					}
				case c.Protocol == "pop3" && l.From == "C":
					seeds["FuzzPOP3Command"].add(c.ID, string(data))
				case c.Protocol == "pop3" && l.From == "S":
					if s := string(data); strings.HasPrefix(s, "+OK") || strings.HasPrefix(s, "-ERR") || strings.HasPrefix(s, "+ ") {
						seeds["FuzzPOP3Status"].add(c.ID, normalise(s))
					}
				}
			}
		}
	}
	for _, target := range targets {
		d := filepath.Join(seedDir, target)
		old, _ := filepath.Glob(filepath.Join(d, seedPrefix+"*"))
		for _, f := range old {
			os.Remove(f)
		}
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, s := range seeds[target].list {
			body := "go test fuzz v1\n[]byte(" + strconv.Quote(s.data) + ")\n"
			if err := os.WriteFile(filepath.Join(d, s.name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("%s: %d seeds from the suite", target, len(seeds[target].list))
	}
}

// seedSet collects distinct seeds in the order the cases give them.
type seedSet struct {
	seen map[string]bool
	list []struct{ name, data string }
}

func (s *seedSet) add(caseID, data string) {
	if s.seen[data] || len(s.list) >= maxSeeds {
		return
	}
	n := 1
	for _, x := range s.list {
		if strings.HasPrefix(x.name, seedPrefix+caseID+"-") {
			n++
		}
	}
	if n > perCase {
		return
	}
	s.seen[data] = true
	s.list = append(s.list, struct{ name, data string }{fmt.Sprintf("%s%s-%d", seedPrefix, caseID, n), data})
}

// volatile are the parts of a reply that change from run to run: message
// ids and APOP timestamps.
var volatile = regexp.MustCompile(`\b[0-9a-f]{16}\b|<[0-9]+\.[0-9]+@[^>]*>`)

func normalise(s string) string { return volatile.ReplaceAllString(s, "0000000000000000") }

// invisible undoes wire.Visible: <CR>, <LF>, <NUL>, <HT> and \xNN back
// to the octets they name.
func invisible(s string) string {
	var b bytes.Buffer
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "<CR>"):
			b.WriteByte('\r')
			i += 4
		case strings.HasPrefix(s[i:], "<LF>"):
			b.WriteByte('\n')
			i += 4
		case strings.HasPrefix(s[i:], "<HT>"):
			b.WriteByte('\t')
			i += 4
		case strings.HasPrefix(s[i:], "<NUL>"):
			b.WriteByte(0)
			i += 5
		case strings.HasPrefix(s[i:], `\x`) && i+4 <= len(s):
			if v, err := strconv.ParseUint(s[i+2:i+4], 16, 8); err == nil {
				b.WriteByte(byte(v))
				i += 4
				continue
			}
			b.WriteByte(s[i])
			i++
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String()
}
