package smtp

var (
	_ = breaks("smtp-2.2.2-ehlo-keywords-registered",
		addKeyword("offers MAILSPEC, neither registered nor X-prefixed", "MAILSPEC"),
		addKeyword("offers Y-MAILSPEC, prefixed but not with X", "Y-MAILSPEC"))
	_ = breaks("smtp-2034.3-ehlo-keyword-without-parameter",
		replaceKeyword("advertises ENHANCEDSTATUSCODES with a parameter", "ENHANCEDSTATUSCODES", "ENHANCEDSTATUSCODES 3463"))
)
