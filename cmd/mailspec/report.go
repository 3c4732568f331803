package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/mailspec/mailspec/reports"
)

const reportUsage = `usage: mailspec report <command> [flags] FILE.json ...

Reads the report.json files mailspec run writes (docs/report-json.md).

commands:
  html FILE.json         render the HTML page again
  json FILE.json         write the JSON report again (-no-transcripts:
                         without the transcripts, for a record to keep)
  md FILE.json           render the Markdown summary again
  junit FILE.json        render the JUnit XML again
  diff OLD.json NEW.json list regressions, fixes, other changes, new and
                         removed cases; exit status 1 on a regression
  matrix A.json B.json … one HTML page comparing the servers case by case
                         (-md FILE writes it as Markdown too)
  deviations FILE.json   print the run's deviations (cases that neither
                         pass nor skip) as a deviations file; with
                         -expect FILE, compare them with it instead and
                         exit 1 if they differ

Each writes to standard output unless -o FILE is given. Exit status 2 is
a bad command line or a file that cannot be read.
`

// reportCommand re-renders and compares JSON reports.
func reportCommand(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		fmt.Fprint(stderr, reportUsage)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	sub := args[0]
	fs := flag.NewFlagSet("mailspec report "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(fs.Output(), reportUsage, "\nFlags:\n"); fs.PrintDefaults() }
	out := fs.String("o", "", "write to this file instead of standard output")
	md := fs.String("md", "", "matrix: also write the Markdown matrix to this file")
	expect := fs.String("expect", "", "deviations: the recorded deviations file to compare with")
	noTranscripts := fs.Bool("no-transcripts", false, "json: leave the transcripts out")
	if err := fs.Parse(args[1:]); err != nil {
		return exitUsage
	}
	files := fs.Args()
	want := map[string]int{"json": 1, "html": 1, "md": 1, "junit": 1, "diff": 2, "matrix": -1, "deviations": 1}
	n, ok := want[sub]
	switch {
	case !ok:
		fmt.Fprintf(stderr, "mailspec report: unknown command %q\n%s", sub, reportUsage)
		return exitUsage
	case n > 0 && len(files) != n, n < 0 && len(files) < 1:
		fmt.Fprintf(stderr, "mailspec report %s: want %s, got %d files\n", sub, map[int]string{1: "one report", 2: "two reports, old then new", -1: "one or more reports"}[n], len(files))
		return exitUsage
	}
	var runs []*reports.Run
	for _, f := range files {
		r, err := reports.ReadFile(f)
		if err != nil {
			fmt.Fprintf(stderr, "mailspec report %s: %v\n", sub, err)
			return exitUsage
		}
		runs = append(runs, r)
	}
	code := exitOK
	var write func(io.Writer) error
	switch sub {
	case "json":
		if *noTranscripts {
			for i := range runs[0].Cases {
				runs[0].Cases[i].Transcripts = nil
			}
		}
		write = func(w io.Writer) error { return reports.WriteJSON(w, runs[0]) }
	case "html":
		write = func(w io.Writer) error { return reports.WriteHTML(w, runs[0]) }
	case "md":
		write = func(w io.Writer) error { return reports.WriteMarkdown(w, runs[0]) }
	case "junit":
		write = func(w io.Writer) error { return reports.WriteJUnit(w, runs[0]) }
	case "diff":
		d := reports.Diff(runs[0], runs[1])
		if len(d.Regressions) > 0 {
			code = exitFailed
		}
		write = d.Write
	case "matrix":
		m := reports.NewMatrix(runs...)
		if *md != "" {
			if err := reports.WriteFile(*md, m.WriteMarkdown); err != nil {
				fmt.Fprintf(stderr, "mailspec report matrix: %v\n", err)
				return exitNoSetup
			}
		}
		write = m.WriteHTML
	case "deviations":
		if *expect == "" {
			write = func(w io.Writer) error { return reports.WriteDeviations(w, runs[0].Deviations()) }
			break
		}
		recorded, err := readDeviationsFile(*expect)
		if err != nil {
			fmt.Fprintf(stderr, "mailspec report deviations: %v\n", err)
			return exitUsage
		}
		d := runs[0].DiffDeviations(recorded)
		if !d.Empty() {
			code = exitFailed
		}
		write = func(w io.Writer) error {
			if d.Empty() {
				_, err := fmt.Fprintf(w, "%s deviates exactly as %s records (%d deviations)\n", runs[0].Target.Name, *expect, len(recorded))
				return err
			}
			return d.Write(w, runs[0])
		}
	}
	var err error
	if *out == "" {
		err = write(stdout)
	} else {
		err = reports.WriteFile(*out, write)
	}
	if err != nil {
		fmt.Fprintf(stderr, "mailspec report %s: %v\n", sub, err)
		return exitNoSetup
	}
	return code
}

func readDeviationsFile(path string) ([]reports.Deviation, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ds, err := reports.ReadDeviations(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ds, nil
}
