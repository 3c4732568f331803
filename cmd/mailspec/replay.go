package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/mailspec/mailspec/fuzz"
)

// replayCommand runs a saved finding again and says whether it still
// reproduces: exit 1 if it does, 0 if it does not.
func replayCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mailspec replay", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, "usage: mailspec replay FILE -smtp host:port [-pop3 host:port -user U -password P]\n\nRuns a transcript 'mailspec fuzz' saved against the server and says whether\nthe finding still reproduces (exit 1) or not (exit 0).\n\n")
		fs.PrintDefaults()
	}
	var t fuzzTarget
	t.flags(fs)
	verbose := fs.Bool("v", false, "print the exchange")
	// The file may come before the flags, as the usage line shows it.
	var file string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		file, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if file == "" && fs.NArg() == 1 {
		file = fs.Arg(0)
	}
	if file == "" {
		fs.Usage()
		return exitUsage
	}
	env, err := t.env()
	if err != nil {
		fmt.Fprintln(stderr, "mailspec replay:", err)
		return exitUsage
	}
	tr, err := fuzz.Load(file)
	if err != nil {
		fmt.Fprintln(stderr, "mailspec replay:", err)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ok, f, err := tr.Reproduces(ctx, env)
	if err != nil {
		fmt.Fprintln(stderr, "mailspec replay:", err)
		return exitNoSetup
	}
	if *verbose && f != nil {
		fmt.Fprintln(stdout, strings.Join(f.Log, "\n"))
	}
	switch {
	case ok:
		fmt.Fprintf(stdout, "reproduces: %v\n", f)
		return exitFailed
	case f != nil:
		fmt.Fprintf(stdout, "does not reproduce %s | %s; a different finding instead: %v\n", tr.Kind, tr.Where, f)
		return exitFailed
	}
	fmt.Fprintf(stdout, "does not reproduce: %s | %s\n", tr.Kind, tr.Where)
	return exitOK
}
