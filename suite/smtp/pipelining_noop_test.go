package smtp

var _ = breaks("smtp-2920.3.2-noop-reply-not-buffered",
	holdReply("keeps the NOOP reply to send with the next command's", "NOOP", "250", ""))
