package smtp

import "strings"

// optionKeywords edits the EHLO keyword lines (the greeting line first)
// for the extensions the configuration adds or withdraws: BINARYMIME
// (Config.BinaryMIME), SMTPUTF8 (Config.WithoutSMTPUTF8) and CRAM-MD5 in
// the AUTH line (Config.CRAMMD5).
func (s *session) optionKeywords(lines []string) []string {
	if s.cfg.BinaryMIME {
		lines = append(lines, "BINARYMIME") // RFC 3030 §3
	}
	if s.cfg.WithoutSMTPUTF8 {
		lines = withoutKeyword(lines, "SMTPUTF8")
	}
	if s.cfg.CRAMMD5 {
		for i, l := range lines {
			if strings.HasPrefix(l, "AUTH ") {
				lines[i] = l + " CRAM-MD5" // RFC 4954 §3
			}
		}
	}
	return lines
}
