// Package fuzz is mailspec's protocol fuzzer: a grammar that decodes any
// input into a program of SMTP and POP3 sessions (valid commands,
// out-of-order commands, malformed arguments, odd line endings, end-of-data
// look-alikes, pipelined batches, STARTTLS at odd moments, AUTH
// exchanges), a model of each protocol's state that says which replies
// each command may get, and an oracle that checks what holds for every
// conforming server:
//
//   - every reply is well formed (RFC 5321 §4.2, RFC 1939 §3), and its
//     code is one the command may get in the state the model is in;
//   - nothing sent as message data is ever executed as a command;
//   - what the server accepted is delivered byte-exact and exactly once,
//     as POP3 shows it, and POP3 counts and sizes agree with what was
//     delivered and deleted;
//   - no reply is missing (no hang) and no connection is dropped without
//     421 or -ERR.
//
// A Program runs against any server given by how to connect to it (Env):
// the reference in process, over an in-memory connection and a memory store, for the
// native Go fuzz targets in this package's tests; any server by address
// for `mailspec fuzz`. A Finding keeps the program that showed it; Minimise
// shortens the program to the fewest steps that still show it, and a
// program saves as a transcript that `mailspec replay` runs again.
//
// The fuzzer sends only what its user names: it dials nothing but Env's
// dialers.
package fuzz
