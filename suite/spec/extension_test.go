package spec

import "testing"

// advertiser is a session that saw the given CAPA or EHLO listing.
type advertiser struct {
	listed, seen bool
}

func (a advertiser) Advertises(string) (bool, bool) { return a.listed, a.seen }

// TestUnadvertisedExtension: a failure, warn or info of a case whose
// extension the server was seen not to advertise becomes a skip; any
// other outcome, a case without an extension, or a session that saw no
// listing at all, keeps its verdict.
func TestUnadvertisedExtension(t *testing.T) {
	for _, tc := range []struct {
		name      string
		extension string
		session   any
		verdict   Verdict
		want      Verdict
	}{
		{"fail, listing seen without it", "TOP", advertiser{false, true}, Fail, Skip},
		{"warn, listing seen without it", "TOP", advertiser{false, true}, Warn, Skip},
		{"info, listing seen without it", "TOP", advertiser{false, true}, Info, Skip},
		{"error stays", "TOP", advertiser{false, true}, Error, Error},
		{"pass stays", "TOP", advertiser{false, true}, Pass, Pass},
		{"fail, advertised", "TOP", advertiser{true, true}, Fail, Fail},
		{"fail, no listing seen", "TOP", advertiser{false, false}, Fail, Fail},
		{"fail, no extension", "", advertiser{false, true}, Fail, Fail},
		{"fail, not an advertiser", "TOP", 1, Fail, Fail},
	} {
		c := Case[int]{ID: "pop3-7-example", Extension: tc.extension}
		out := unadvertised(c, tc.session, Outcome{Verdict: tc.verdict, Message: "m"})
		if out.Verdict != tc.want {
			t.Errorf("%s: verdict %s, want %s (%s)", tc.name, out.Verdict, tc.want, out.Message)
		}
	}
}
