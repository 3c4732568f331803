package smtp

import "strings"

// hangUpAfterTwoAuthFailures answers the first command after the second
// 535 with 421, as a server that drops the connection after two failed
// AUTH attempts does.
var hangUpAfterTwoAuthFailures = coreRewrite("drops the connection after two failed AUTH attempts", func() func(cmd, reply string) string {
	failures := 0
	return func(cmd, reply string) string {
		if failures >= 2 && !strings.HasPrefix(reply, "334") {
			return "421 4.7.0 Too many authentication failures; closing connection\r\n"
		}
		if strings.HasPrefix(reply, "535") {
			failures++
		}
		return reply
	}
})

var (
	_ = breaks("smtp-4954.4-long-sasl-response",
		replyTo("AUTH PLAIN$", "535", "500 5.5.6 Authentication Exchange line is too long\r\n"),
		replyTo("AUTH PLAIN$", "535", "501 5.5.2 Cannot decode response\r\n"))
	_ = breaks("smtp-4954.9-no-hang-up-before-three-failures", hangUpAfterTwoAuthFailures)
)
