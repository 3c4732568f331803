package pop3

import "github.com/mailspec/mailspec/suite/spec"

// Untestable lists the POP3 requirements no case checks, with the reason:
// they bind the client, or rest on what the suite cannot see or provoke
// from outside.
func Untestable() []spec.Untestable {
	return []spec.Untestable{
		{RFC: "1939", Section: "3", Level: MUST,
			Quote:  `When the timer expires, the session does NOT enter the UPDATE state--the server should close the TCP connection without removing any messages or sending any response to the client.`,
			Reason: "the timer's length is the server's choice above ten minutes and unbounded; a case cannot wait for it to expire (pop3-3-autologout-ten-minutes checks the minimum, and pop3-6-drop-removes-nothing any session end without QUIT)"},
		{RFC: "1939", Section: "4", Level: MUST,
			Quote:  `(If a lock was acquired but the POP3 server intends to respond with a negative status indicator, the POP3 server must release the lock prior to rejecting the command.)`,
			Reason: "the suite cannot make a server fail after it took the lock"},
		{RFC: "1939", Section: "13", Level: SHOULD,
			Quote:  `Accordingly, a POP3 server which implements both the PASS and APOP commands should not allow both methods of access for a given user`,
			Reason: "the target gives one password; whether it is also the user's APOP secret is the deployment's configuration, which the suite cannot see"},
		{RFC: "2449", Section: "6.5", Level: SHOULD,
			Quote:  `Servers which advertise LOGIN-DELAY SHOULD enforce it.`,
			Reason: "a second login within the delay would leave every later case of the run refused with [LOGIN-DELAY], inconclusive; a case would have to wait out the delay, which may be minutes"},
		{RFC: "2449", Section: "6.7", Level: SHOULD,
			Quote:  `If a site uses any automatic deletion policy, it SHOULD use the EXPIRE capability to announce this.`,
			Reason: "a deletion policy acts over days, outside any session"},
		{RFC: "2449", Section: "6.9", Level: MUST,
			Quote:  `Clients MUST NOT modify their behavior based on the server implementation.`,
			Reason: "binds the client: the suite never reads IMPLEMENTATION"},
		{RFC: "2595", Section: "4", Level: MUST,
			Quote:  `Once TLS has been started, the client MUST discard cached information about server capabilities and SHOULD re-issue the CAPA command.`,
			Reason: "binds the client: the suite forgets the CAPA list at STLS"},
		{RFC: "5034", Section: "4", Level: MUST,
			Quote:  `A server implementation MUST implement a configuration in which it does NOT advertise or permit any plaintext password mechanisms, unless the STLS command has been used to negotiate a TLS session`,
			Reason: "a configuration the server must have, not one it must run with; the suite sees only the one it is pointed at"},
		{RFC: "2449", Section: "4", Level: MUST,
			Quote:  `Servers which support the CAPA command MUST support commands up to 255 octets.`,
			Reason: "no command of 255 octets has an answer that shows the length was accepted: every long argument a client can send (a user name, a password, a padded number) is one the server may refuse for itself, with the same -ERR a too-long line gets"},
	}
}
