// What supervisord's SyslogHandler sends for one record: the message without its final newlines,
// split at each newline, every piece formatted on its own (a program's `NAME piece`, the main log's
// `asctime LEVEL piece`). A line logger would drop or misread (an empty one, a NUL) is kept visible.

/** The pieces of one chunk or message, as supervisord splits them. */
export function syslogPieces(text: string): string[] {
  return text
    .replace(/\n+$/, '')
    .split('\n')
    .map((piece) => piece.replace(/\0/g, '\\x00'));
}

/** A program's output chunk (decoded as UTF-8, invalid bytes replaced) as its syslog lines. */
export function programSyslogLines(name: string, chunk: Uint8Array): string[] {
  return syslogPieces(Buffer.from(chunk).toString('utf8')).map((piece) => `${name} ${piece}`);
}
