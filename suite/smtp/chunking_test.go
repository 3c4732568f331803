package smtp

// chunkRunAsCommands is what a server that ran commandsAsChunk would add
// after its reply: 250 to RSET, 221 to QUIT.
const chunkRunAsCommands = "250 2.0.0 Reset state\r\n221 2.0.0 localhost closing connection\r\n"

var (
	_ = breaks("smtp-3030.2-bdat-chunks-250",
		replyTo("BDAT [0-9]+$", "250", "252 2.0.0 Chunk taken\r\n"))
	_ = breaks("smtp-3030.2-bdat-zero-last",
		replyTo("BDAT 0 LAST", "250", "501 5.5.4 Syntax error in parameters or arguments\r\n"))
	_ = breaks("smtp-3030.2-chunk-read-by-count",
		appendReplies("ends a chunk at <CRLF>.<CRLF> and runs the rest as commands", "BDAT [0-9]+ LAST", "250", "221 2.0.0 localhost closing connection\r\n"))
	_ = breaks("smtp-3030.2-data-after-bdat-503",
		replyTo("DATA", "503", "354 Start mail input; end with <CRLF>.<CRLF>\r\n"))
	_ = breaks("smtp-3030.2-bdat-after-last-503",
		replyTo("BDAT 6$", "503", "250 2.0.0 6 octets received\r\n"))
	_ = breaks("smtp-3030.2-bdat-before-mail-chunk-discarded",
		appendReplies("runs the chunk of a refused BDAT as commands", "BDAT", "503", chunkRunAsCommands),
		replyTo("BDAT", "503", "250 2.0.0 12 octets received\r\n"))
	_ = breaks("smtp-3030.2-bdat-before-rcpt-chunk-discarded",
		appendReplies("runs the chunk of a refused BDAT as commands", "BDAT", "503", chunkRunAsCommands))
	_ = breaks("smtp-3030.2-pipelined-chunks-after-failure-discarded",
		appendReplies("runs the chunks of refused BDATs as commands", "BDAT", "503", chunkRunAsCommands))
	_ = breaks("smtp-3030.2-rset-clears-chunks",
		replyTo("BDAT 0 LAST", "503", "250 2.0.0 OK: queued\r\n"))
	_ = breaks("smtp-3030.2-data-still-supported",
		replyTo("DATA", "354", "502 5.5.1 Command not implemented\r\n"))
)
