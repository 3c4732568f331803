package smtp

import "github.com/mailspec/mailspec/suite/spec"

// Untestable lists the SMTP requirements no case checks, with the reason:
// they bind the client, or concern what the server does with a message
// after the session, out of the suite's sight. What the stored message
// shows where a target has SMTP and POP3 on one store (trace fields,
// unstuffing, 8-bit octets) is checked by the round trips
// (suite/roundtrip).
func Untestable() []spec.Untestable {
	return []spec.Untestable{
		{RFC: "5321", Section: "2.1", Level: MUST,
			Quote:  `the protocol requires that a server MUST accept responsibility for either delivering the message or properly reporting the failure to do so`,
			Reason: "durability after 250 happens on the server's disk; the reference server's own tests kill it after 250 and find every acknowledged message"},
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
		{RFC: "5321", Section: "2.4", Level: MUST,
			Quote:  `The local-part of a mailbox MUST BE treated as case sensitive.`,
			Reason: "shows only in the stored or relayed message, and a server may name its own mailboxes without regard to case"},
		{RFC: "5321", Section: "4.1.1.10", Level: MUST,
			Quote:  `The QUIT command may be issued at any time. Any current uncompleted mail transaction will be aborted.`,
			Reason: "whether a message was stored is not visible over SMTP; the reference server's own tests check it"},
		{RFC: "3207", Section: "4.2", Level: MUST,
			Quote:  `The server MUST discard any knowledge obtained from the client, such as the argument to the EHLO command, which was not obtained from the TLS negotiation itself.`,
			Reason: "the EHLO argument has no effect on the wire; the forgotten greeting and transaction are checked, the forgotten EHLO argument shows only in a Received field"},
		{RFC: "4954", Section: "5", Level: MUST,
			Quote:  `A MAIL FROM parameter of AUTH=<> indicates that the original submitter of the message is not known. The server MUST NOT treat the message as having been originally submitted by the authenticated identity that resulted from the AUTH command.`,
			Reason: "shows only in mail the server relays onward"},
		{RFC: "1870", Section: "3", Level: MUST,
			Quote:  `the maximum length of a MAIL FROM command line is increased by 26 characters by the possible addition of the SIZE keyword and value;`,
			Reason: "no MAIL line can need it: with SIZE alone the longest valid line is 294 octets (\"MAIL FROM:\", a 256-octet path, 26, CRLF), far under 512; past 512 only AUTH= (500 more) reaches, and every such line also fits AUTH's allowance, so a server ignoring SIZE's 26 could never be seen"},
	}
}
