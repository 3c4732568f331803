package spec

// Entry is the case's metadata as its report entry carries it.
func (c Case[S]) Entry() CaseEntry {
	return CaseEntry{ID: c.ID, RFC: c.RFC, Section: c.Section, Level: c.Level, Extension: c.Extension, Quote: c.Quote, Binds: c.Binds, Strict: c.Strict, Does: c.Does}
}

// Entry is the oracle's metadata as its report entry carries it.
func (o Oracle) Entry() CaseEntry {
	return CaseEntry{ID: o.ID, RFC: o.RFC, Section: o.Section, Level: o.Level, Extension: o.Extension, Quote: o.Quote, Binds: o.Binds, Does: o.Does}
}
