package smtp

// The faults that take a bare LF or bare CR for a line end, from
// smuggling_test.go, break the command-line cases too.
var (
	_ = breaks("smtp-2.3.8-bare-lf-in-command", bareLFEndsLine, bareCRorLF)
	_ = breaks("smtp-2.3.8-bare-cr-in-command", bareCREndsLine, bareCRorLF)
)
