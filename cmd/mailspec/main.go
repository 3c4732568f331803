// Command mailspec is the conformance suite and reference server in one
// binary:
//
//	mailspec run   [flags]   run the SMTP conformance suite against a server
//	                         (by default the embedded reference) and report
//	mailspec serve [flags]   run the reference SMTP and POP3 servers
//	mailspec list [flags]    print the catalogue of cases
//	mailspec report <command> FILE.json …
//	                         re-render, compare and line up JSON reports
//	mailspec fuzz -smtp host:port [flags]
//	                         fuzz a server by address (see package fuzz)
//	mailspec replay FILE -smtp host:port
//	                         say whether a saved finding still reproduces
//
// Run `mailspec <command> -h` for each command's flags.
package main

import (
	"fmt"
	"io"
	"os"
)

// Exit codes (documented in runUsage and the README).
const (
	exitOK      = 0
	exitFailed  = 1 // the run found failures, or the server stopped on an error
	exitUsage   = 2 // bad command line
	exitNoSetup = 3 // the run could not start or conclude: target unusable, unreachable store, run timeout, ...
	// exitInconclusive is exitNoSetup's code for a run whose cases ended in
	// error and none failed: as with an unusable target, nothing was
	// learned about conformance, and a rerun may conclude.
	exitInconclusive = exitNoSetup
)

func main() {
	os.Exit(mainCode(os.Args[1:], os.Stdout, os.Stderr))
}

func mainCode(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "run":
		return runCommand(args[1:], stdout, stderr)
	case "serve":
		return serveCommand(args[1:], stdout, stderr)
	case "list":
		return listCommand(args[1:], stdout, stderr)
	case "report":
		return reportCommand(args[1:], stdout, stderr)
	case "fuzz":
		return fuzzCommand(args[1:], stdout, stderr)
	case "replay":
		return replayCommand(args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		usage(stdout)
		return exitOK
	}
	fmt.Fprintf(stderr, "mailspec: unknown command %q\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage: mailspec <command> [flags]

commands:
  run     run the SMTP conformance suite against a server (default: the
          embedded reference server) and write a report
  serve   run the reference SMTP and POP3 servers on one Maildir store
  list    print the catalogue of cases (IDs, sections, levels, labels), or
          write the requirements table
  report  re-render a run's report.json (html, md, junit), compare two
          runs (diff), line up servers (matrix), list deviations
  fuzz    generate sessions from the fuzzer's grammar against a server by
          address, check every reply, save each finding minimised
  replay  run a saved finding again and say whether it still reproduces

Run 'mailspec <command> -h' for a command's flags.
`)
}
