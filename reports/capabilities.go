package reports

import (
	"fmt"
	"sort"
	"strings"

	"github.com/mailspec/mailspec/suite/spec"
)

// CapabilityRow is one advertised keyword: where it was advertised, and
// what the cases that need it came to.
type CapabilityRow struct {
	Protocol, Keyword string
	// Plain and TLS say whether the keyword was advertised before and
	// after TLS, each with its parameters.
	Plain, TLS             bool
	PlainParams, TLSParams string
	// Counts are the verdicts of the cases that need the keyword.
	Counts Counts
	// Working is the cases' finding in a few words: "yes", "no: 2 fail",
	// "with warnings", "not tested", "no case".
	Working string
}

// CapabilityReport lines up what the target advertised with what the
// cases that need each keyword found, keyword by keyword.
func (r *Run) CapabilityReport() []CapabilityRow {
	rows := map[string]*CapabilityRow{}
	var order []string
	for _, cp := range r.Capabilities {
		for _, line := range cp.Keywords {
			kw, params, _ := strings.Cut(strings.TrimSpace(line), " ")
			kw = strings.ToUpper(kw)
			key := cp.Protocol + " " + kw
			row, ok := rows[key]
			if !ok {
				row = &CapabilityRow{Protocol: cp.Protocol, Keyword: kw, Counts: Counts{}}
				rows[key] = row
				order = append(order, key)
			}
			if cp.TLS {
				row.TLS, row.TLSParams = true, params
			} else {
				row.Plain, row.PlainParams = true, params
			}
		}
	}
	for _, c := range r.Cases {
		if c.Extension == "" {
			continue
		}
		if row, ok := rows[c.Protocol+" "+strings.ToUpper(c.Extension)]; ok {
			row.Counts[c.Verdict]++
		}
	}
	sort.Strings(order)
	out := make([]CapabilityRow, 0, len(order))
	for _, k := range order {
		row := rows[k]
		row.Working = working(row.Counts)
		out = append(out, *row)
	}
	return out
}

func working(c Counts) string {
	switch {
	case c.Total() == 0:
		return "no case"
	case c[spec.Fail]+c[spec.Error] > 0:
		return "no: " + Counts{spec.Fail: c[spec.Fail], spec.Error: c[spec.Error]}.Brief()
	case c[spec.Warn] > 0:
		return "with warnings"
	case c[spec.Skip] == c.Total():
		return "not tested"
	}
	return "yes"
}

// Brief is the counts that are not zero, "12 pass, 1 warn", in report
// order; "none" when all are.
func (c Counts) Brief() string {
	var parts []string
	for _, v := range Verdicts {
		if c[v] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c[v], v))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
