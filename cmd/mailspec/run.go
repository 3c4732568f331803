package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/onsi/ginkgo/v2"

	"github.com/mailspec/mailspec/reference"
	"github.com/mailspec/mailspec/suite/smtp"
	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/target"
)

// runCommand runs the SMTP conformance suite, the very specs `go test
// ./suite/smtp` runs, against the server the flags name or, with no
// -smtp, against the embedded reference server. It writes Ginkgo's JSON
// and JUnit reports and prints a verdict summary.
func runCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mailspec run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var t target.Target
	fs.StringVar(&t.SMTP.Addr, "smtp", "", "SMTP server under test, host:port (default: start the embedded reference server)")
	tlsMode := fs.String("smtp-tls", "starttls", "how to get TLS when a case needs it: none, starttls or implicit")
	fs.StringVar(&t.SMTP.User, "user", "", "AUTH user (cases needing AUTH are skipped without one)")
	fs.StringVar(&t.SMTP.Password, "password", "", "AUTH password")
	fs.StringVar(&t.Mailbox, "mailbox", "", "a local mailbox the server delivers to, e.g. postmaster@example.test")
	fs.StringVar(&t.SecondMailbox, "second-mailbox", "", "another deliverable mailbox, for cases with several recipients")
	fs.StringVar(&t.RelayRecipient, "relay-recipient", "", "an address the server must not relay to (default relay-test@example.net)")
	fs.StringVar(&t.ClientDomain, "client-domain", "", "domain to give in HELO/EHLO (default client.mailspec.example)")
	fs.DurationVar(&t.Timeout, "timeout", 10*time.Second, "how long to wait for any reply")
	caFile := fs.String("tls-ca", "", "PEM file of CA certificates to trust")
	insecure := fs.Bool("tls-insecure", false, "do not verify the server's certificate")
	serverName := fs.String("tls-server-name", "", "certificate name to verify instead of the host")
	strict := fs.Bool("strict", false, "fail the run on warnings (broken SHOULDs) too")
	labels := fs.String("label-filter", "", "Ginkgo label filter, e.g. 'level:MUST && !ext:CHUNKING'")
	reportDir := fs.String("report-dir", "mailspec-report", "directory for report.json (Ginkgo JSON), junit.xml and verdicts.tsv")
	verbose := fs.Bool("v", false, "print every case with its transcript")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "mailspec run: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	t.SMTP.TLS = target.TLSMode(*tlsMode)

	env := spec.Env{Strict: *strict}
	if t.SMTP.Addr == "" {
		inst, err := reference.Start(reference.Options{})
		if err != nil {
			fmt.Fprintf(stderr, "mailspec run: starting the reference server: %v\n", err)
			return exitNoSetup
		}
		defer inst.Close()
		ref := inst.Target()
		ref.Timeout = t.Timeout
		env.Target = ref
	} else {
		cfg, err := target.TLSConfig(*caFile, *insecure, *serverName)
		if err != nil {
			fmt.Fprintf(stderr, "mailspec run: %v\n", err)
			return exitNoSetup
		}
		t.TLSConfig = cfg
		t.Defaults()
		if err := t.Validate(); err != nil {
			fmt.Fprintf(stderr, "mailspec run: %v\n", err)
			return exitUsage
		}
		env.Target = &t
	}
	if err := os.MkdirAll(*reportDir, 0o755); err != nil {
		fmt.Fprintf(stderr, "mailspec run: %v\n", err)
		return exitNoSetup
	}

	smtp.Declare(&env)
	var summary verdictSummary
	ginkgo.ReportAfterSuite("mailspec summary", func(r ginkgo.Report) { summary = summarize(r) })
	suiteConfig, reporterConfig := ginkgo.GinkgoConfiguration()
	suiteConfig.LabelFilter = *labels
	reporterConfig.JSONReport = filepath.Join(*reportDir, "report.json")
	reporterConfig.JUnitReport = filepath.Join(*reportDir, "junit.xml")
	reporterConfig.Verbose = *verbose
	reporterConfig.Succinct = !*verbose
	passed := ginkgo.RunSpecs(failRecorder{}, "mailspec: "+env.Target.Name, suiteConfig, reporterConfig)

	summary.print(stdout, env.Target.Name, *strict)
	verdictsFile := filepath.Join(*reportDir, "verdicts.tsv")
	if err := writeFile(verdictsFile, summary.writeVerdicts); err != nil {
		fmt.Fprintf(stderr, "mailspec run: %v\n", err)
		return exitNoSetup
	}
	fmt.Fprintf(stdout, "reports: %s, %s, %s\n", reporterConfig.JSONReport, reporterConfig.JUnitReport, verdictsFile)
	if !passed {
		return exitFailed
	}
	return exitOK
}

// writeFile creates path and fills it with write.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// failRecorder is the testing value RunSpecs needs outside `go test`:
// Ginkgo reports failures itself and RunSpecs returns whether all passed.
type failRecorder struct{}

func (failRecorder) Fail() {}
