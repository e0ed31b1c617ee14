// Splits a byte stream into SMTP lines as Postfix's smtp_get() does: a line ends at LF, one CR before
// the LF is dropped (so bare LF is accepted, RFC 5321 section 2.3.8 notwithstanding), and bytes past
// `limit` are skipped up to the next LF (SMTP_GET_FLAG_SKIP) so memory stays bounded on 1 MB lines.

export interface LineStep {
  /** A complete line without its terminator, or null when the segment ended first. */
  readonly line: Uint8Array | null;
  /** Index in the segment where reading should resume. */
  readonly next: number;
  /** Bytes of this line dropped past the limit. */
  readonly skipped: number;
}

export class SmtpLineReader {
  private buf = new Uint8Array(256);
  private len = 0;
  private skipped = 0;

  /** Bytes of the incomplete line held so far (kept or skipped). */
  get pendingBytes(): number {
    return this.len + this.skipped;
  }

  read(segment: Uint8Array, start: number, limit: number): LineStep {
    const lf = segment.indexOf(0x0a, start);
    const end = lf < 0 ? segment.length : lf;
    this.append(segment, start, end, limit);
    if (lf < 0) return { line: null, next: segment.length, skipped: this.skipped };
    let n = this.len;
    if (n > 0 && this.buf[n - 1] === 0x0d && this.skipped === 0) n -= 1;
    const line = this.buf.slice(0, n);
    const skipped = this.skipped;
    this.len = 0;
    this.skipped = 0;
    return { line, next: lf + 1, skipped };
  }

  /** Forget a partial line (connection state changes such as QUIT). */
  clear(): void {
    this.len = 0;
    this.skipped = 0;
  }

  private append(src: Uint8Array, start: number, end: number, limit: number): void {
    const room = Math.max(0, limit - this.len);
    const take = Math.min(room, end - start);
    if (take > 0) {
      if (this.len + take > this.buf.length) {
        let size = this.buf.length * 2;
        while (size < this.len + take) size *= 2;
        const grown = new Uint8Array(size);
        grown.set(this.buf.subarray(0, this.len));
        this.buf = grown;
      }
      this.buf.set(src.subarray(start, start + take), this.len);
      this.len += take;
    }
    this.skipped += end - start - take;
  }
}
