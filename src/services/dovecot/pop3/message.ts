// How Dovecot's pop3 sends a stored message (src/pop3/pop3-commands.c fetch_callback): bare LF
// becomes CRLF, a line starting with "." gets another one (RFC 1939 section 3, byte-stuffing), a
// missing final line end is added, and TOP stops after the blank line plus N body lines.
// The size in LIST/STAT/RETR is the "virtual" size, with every line end counted as CRLF.

const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;

/** RFC 1939 size of a message: its bytes with each bare LF counted as CRLF. */
export function pop3Size(content: Uint8Array): number {
  let size = content.length;
  for (let i = content.indexOf(LF); i >= 0; i = content.indexOf(LF, i + 1)) if (i === 0 || content[i - 1] !== CR) size += 1;
  return size;
}

/**
 * The bytes sent after "+OK" for RETR (bodyLines = null) or TOP (bodyLines = N), without the
 * terminating ".\r\n".
 */
export function pop3MessageBytes(content: Uint8Array, bodyLines: number | null): Uint8Array {
  const out = new Uint8Array(content.length * 2 + 2);
  let n = 0;
  let inBody = false;
  // Dovecot counts the blank line that ends the header as one of the lines to send.
  let remaining = bodyLines === null ? Infinity : bodyLines + 1;
  let i = 0;
  while (i < content.length && remaining > 0) {
    const lf = content.indexOf(LF, i);
    const end = lf < 0 ? content.length : lf;
    let textEnd = end;
    if (lf >= 0 && textEnd > i && content[textEnd - 1] === CR) textEnd -= 1;
    if (!inBody && (textEnd === i || content[i] === CR || content[i] === LF)) inBody = true;
    if (content[i] === DOT) out[n++] = DOT;
    out.set(content.subarray(i, textEnd), n);
    n += textEnd - i;
    if (lf < 0) break;
    out[n++] = CR;
    out[n++] = LF;
    if (inBody) remaining -= 1;
    i = lf + 1;
  }
  // "didn't end with CRLF": a message cut inside its last line still ends its reply cleanly.
  if (n === 0 || out[n - 1] !== LF) {
    out[n++] = CR;
    out[n++] = LF;
  }
  return out.slice(0, n);
}
