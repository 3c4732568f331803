package smtp

import "strings"

// hasWord reports whether the space-separated list holds word, compared
// without regard to case (EHLO keywords and parameters are, RFC 5321 §2.4).
func hasWord(list, word string) bool {
	for _, w := range strings.Fields(list) {
		if strings.EqualFold(w, word) {
			return true
		}
	}
	return false
}
