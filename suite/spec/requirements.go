package spec

// Untestable is a requirement that no case checks, and why: it binds the
// client, or cannot be observed on the wire.
type Untestable struct {
	RFC, Section string
	Level        Level
	Quote        string
	Reason       string
}

// Requirement is one row of the requirements table: a case's metadata.
type Requirement struct {
	RFC, Section string
	Level        Level
	Extension    string
	ID           string
	Does         string
	// Binds is why the case's quote binds the server at its level, when
	// the quote carries no keyword of that level.
	Binds string
	// Strict marks a lenient-acceptance case: its failure is a warn.
	Strict bool
}

// Requirements lists the metadata of the registry's cases.
func Requirements[S any](reg *Registry[S]) []Requirement {
	var out []Requirement
	for _, c := range reg.Cases() {
		out = append(out, Requirement{RFC: c.RFC, Section: c.Section, Level: c.Level, Extension: c.Extension, ID: c.ID, Does: c.Does, Binds: c.Binds, Strict: c.Strict})
	}
	return out
}
