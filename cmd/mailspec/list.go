package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/mailspec/mailspec/reports"
	"github.com/mailspec/mailspec/suite/pop3"
	"github.com/mailspec/mailspec/suite/roundtrip"
	"github.com/mailspec/mailspec/suite/smtp"
	"github.com/mailspec/mailspec/suite/spec"
)

// listCommand prints the catalogue of cases: ID, RFC section, level,
// labels; with -requirements it writes the requirements table instead.
func listCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mailspec list", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "usage: mailspec list [flags]\n\nPrints every case and oracle: ID, RFC section, level, labels, one a line.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	labels := fs.String("label-filter", "", "list only the cases this Ginkgo label filter selects, as mailspec run would run them")
	requirements := fs.String("requirements", "", "write the Markdown requirements table (docs/requirements.md) to this file instead; - for standard output")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "mailspec list: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	reg := smtp.Registry()
	if *requirements != "" {
		write := writeRequirements
		var err error
		if *requirements == "-" {
			err = write(stdout)
		} else {
			err = reports.WriteFile(*requirements, write)
		}
		if err != nil {
			fmt.Fprintf(stderr, "mailspec list: %v\n", err)
			return exitNoSetup
		}
		return exitOK
	}
	filter, err := types.ParseLabelFilter(*labels)
	if err != nil {
		fmt.Fprintf(stderr, "mailspec list: -label-filter: %v\n", err)
		return exitUsage
	}
	type row struct {
		id, section string
		level       spec.Level
		labels      []string
	}
	var rows []row
	for _, c := range reg.Cases() {
		rows = append(rows, row{c.ID, "RFC " + c.RFC + " §" + c.Section, c.Level, c.Labels()})
	}
	for _, o := range reg.Oracles() {
		rows = append(rows, row{o.ID, "RFC " + o.RFC + " §" + o.Section, o.Level, o.Labels()})
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	n := 0
	for _, r := range rows {
		if !filter(r.labels) {
			continue
		}
		n++
		var shown []string
		for _, l := range r.labels {
			if !strings.HasPrefix(l, "id:") && !strings.HasPrefix(l, "level:") && !strings.HasPrefix(l, "rfc") {
				shown = append(shown, l)
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.id, r.section, r.level, strings.Join(shown, " "))
	}
	if err := tw.Flush(); err != nil {
		return exitNoSetup
	}
	fmt.Fprintf(stderr, "%d of %d cases and oracles\n", n, len(rows))
	return exitOK
}

// requirementsCommand is what docs/requirements.md says regenerates it.
const requirementsCommand = "go test ./cmd/mailspec -run TestRequirementsTable -update"

// writeRequirements writes the requirements table of both suites, SMTP
// then POP3: one file, so that a reader finds any requirement of a mail
// server in one place, written by the command that runs both suites.
func writeRequirements(w io.Writer) error {
	return reports.WriteRequirements(w, "Requirements and the cases that check them", requirementsCommand,
		// The round trips are SMTP cases: they bind the SMTP server.
		reports.RequirementSet{Protocol: "SMTP", Requirements: append(spec.Requirements(smtp.Registry()), spec.Requirements(roundtrip.Registry())...), Untestable: smtp.Untestable()},
		reports.RequirementSet{Protocol: "POP3", Requirements: spec.Requirements(pop3.Registry()), Untestable: pop3.Untestable()},
	)
}
