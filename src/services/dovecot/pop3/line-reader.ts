// Dovecot's i_stream_next_line() over a bounded input buffer: a line ends at LF, one CR before it is
// dropped; when the buffer fills up with no LF the stream reports "buffer full" (i_stream_read -2)
// and Dovecot disconnects instead of reading on (login-common client_read, pop3 client_input).

export type LineRead =
  | { readonly kind: 'line'; readonly line: Uint8Array; readonly next: number }
  | { readonly kind: 'partial' }
  | { readonly kind: 'overflow' };

export class BoundedLineReader {
  private buf: Uint8Array;
  private len = 0;

  constructor(private readonly size: number) {
    this.buf = new Uint8Array(Math.min(size, 256));
  }

  /** Reads from segment[start..]; a 'partial' result has consumed the whole segment. */
  read(segment: Uint8Array, start: number): LineRead {
    const lf = segment.indexOf(0x0a, start);
    const end = lf < 0 ? segment.length : lf;
    // The LF itself needs room in the buffer too: a line of `size` bytes plus LF does not fit.
    if (this.len + (end - start) + (lf < 0 ? 0 : 1) > this.size) {
      this.len = 0;
      return { kind: 'overflow' };
    }
    this.append(segment.subarray(start, end));
    if (lf < 0) return { kind: 'partial' };
    let n = this.len;
    if (n > 0 && this.buf[n - 1] === 0x0d) n -= 1;
    const line = this.buf.slice(0, n);
    this.len = 0;
    return { kind: 'line', line, next: lf + 1 };
  }

  private append(bytes: Uint8Array): void {
    if (this.len + bytes.length > this.buf.length) {
      const grown = new Uint8Array(Math.min(this.size, Math.max(this.buf.length * 2, this.len + bytes.length)));
      grown.set(this.buf.subarray(0, this.len));
      this.buf = grown;
    }
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }
}
