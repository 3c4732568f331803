package smtp

import "github.com/mailspec/mailspec/suite/spec"

// Untestable lists the SMTP requirements no case checks, with the reason:
// they bind the client, or concern what the server does with a message
// after the session, out of the suite's sight.
func Untestable() []spec.Untestable {
	return []spec.Untestable{
		{RFC: "5321", Section: "2.1", Level: MUST,
			Quote:  `the protocol requires that a server MUST accept responsibility for either delivering the message or properly reporting the failure to do so`,
			Reason: "durability after 250 happens on the server's disk; the reference server's own tests kill it after 250 and find every acknowledged message"},
		{RFC: "5321", Section: "4.4", Level: MUST,
			Quote:  `When an SMTP server receives a message for delivery or further processing, it MUST insert trace ("time stamp" or "Received") information at the beginning of the message content`,
			Reason: "the stored message is not visible over SMTP; the SMTP-to-POP3 round trip shows it where a target has both on one store"},
		{RFC: "5321", Section: "4.5.2", Level: MUST,
			Quote:  `If the first character is a period and there are other characters on the line, the first character is deleted.`,
			Reason: "what the server stores is not visible over SMTP; the cases check the dialogue, and the SMTP-to-POP3 round trip checks the bytes"},
		{RFC: "5321", Section: "4.5.3.2.7", Level: SHOULD,
			Quote:  `An SMTP server SHOULD have a timeout of at least 5 minutes while it is awaiting the next command from the sender.`,
			Reason: "checking it holds a connection idle for five minutes; the reference server's own tests check its timeouts"},
		{RFC: "5321", Section: "4.5.4.1", Level: MUST,
			Quote:  `The sender MUST delay retrying a particular destination after one attempt has failed.`,
			Reason: "binds the sending client's retry strategy"},
		{RFC: "5321", Section: "6.1", Level: MUST,
			Quote:  `It MUST NOT lose the message for frivolous reasons, such as because the host later crashes or because of a predictable resource shortage.`,
			Reason: "concerns the server's storage after the session; see section 2.1 above"},
		{RFC: "5321", Section: "6.1", Level: MUST,
			Quote:  `If there is a delivery failure after acceptance of a message, the receiver-SMTP MUST formulate and mail a notification message.`,
			Reason: "a bounce is sent later, to the reverse-path's host, not on the session under test"},
		{RFC: "5321", Section: "6.3", Level: MUST,
			Quote:  `Whatever mechanisms are used, servers MUST contain provisions for detecting and stopping trivial loops.`,
			Reason: "the mechanism and its threshold are the server's choice (any number of at least 100 Received fields, or none at SMTP time); a case could not tell a loop limit from a size or policy refusal"},
	}
}
