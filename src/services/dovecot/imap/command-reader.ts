// Splits the client's byte stream into IMAP commands (RFC 3501 section 2.2.1 and 4.3): a command
// is one or more lines, each but the last ending with a literal announcement {n} (synchronizing:
// the server answers "+ OK" before the client sends the n octets) or {n+} (LITERAL+, RFC 7888:
// no answer). Lines are bounded as Dovecot bounds its input buffer; the octets of a literal are
// read whatever they contain (a client that lies about the size simply has its next lines eaten).

export type CommandPart =
  | { readonly kind: 'line'; readonly text: string }
  | { readonly kind: 'literal'; readonly bytes: Uint8Array };

export type ReadEvent =
  /** A complete command; `bytes` counts every octet of it, `eol` the length of its final line end. */
  | { readonly kind: 'command'; readonly parts: readonly CommandPart[]; readonly bytes: number; readonly eol: number }
  /** A literal was announced: accept it (answering "+ OK" when `sync`) or refuse it. */
  | { readonly kind: 'literal'; readonly size: number; readonly sync: boolean; readonly firstLine: string }
  /** A raw line (AUTHENTICATE continuation, IDLE's DONE). */
  | { readonly kind: 'line'; readonly text: string; readonly bytes: number }
  /** The line outgrew the buffer: the rest of it up to LF is skipped. `head` is its start. */
  | { readonly kind: 'too-long'; readonly head: string }
  | { readonly kind: 'need-more' };

const latin1 = new TextDecoder('latin1');
const LITERAL_AT_END = /\{(\d{1,20})(\+?)\}$/;

export class CommandReader {
  /** Bytes of the line being read (no LF yet). */
  private line = new Uint8Array(256);
  private lineLen = 0;
  private parts: CommandPart[] = [];
  private bytes = 0;
  private literal: Uint8Array | null = null;
  private literalLen = 0;
  private literalSize = 0;
  private skipping = false;
  private pendingLiteral: number | null = null;
  /** When true, lines are returned as they are (no literal handling). */
  rawLines = false;

  constructor(public maxLine: number) {}

  /** Reads from segment[at..]; returns the event and where reading stopped. */
  next(segment: Uint8Array, at: number): { event: ReadEvent; at: number } {
    let i = at;
    if (this.literal !== null) {
      const take = Math.min(this.literalSize - this.literalLen, segment.length - i);
      if (this.literalLen + take > this.literal.length) {
        // Grown as the octets arrive: a client announcing a huge literal costs nothing until it sends it.
        const grown = new Uint8Array(Math.min(this.literalSize, Math.max(this.literal.length * 2, this.literalLen + take)));
        grown.set(this.literal.subarray(0, this.literalLen));
        this.literal = grown;
      }
      this.literal.set(segment.subarray(i, i + take), this.literalLen);
      this.literalLen += take;
      this.bytes += take;
      i += take;
      if (this.literalLen < this.literalSize) return { event: { kind: 'need-more' }, at: i };
      this.parts.push({ kind: 'literal', bytes: this.literal });
      this.literal = null;
    }
    while (i < segment.length) {
      const lf = segment.indexOf(0x0a, i);
      const end = lf < 0 ? segment.length : lf;
      if (this.skipping) {
        if (lf < 0) return { event: { kind: 'need-more' }, at: segment.length };
        this.skipping = false;
        i = lf + 1;
        continue;
      }
      if (this.lineLen + (end - i) > this.maxLine) {
        const head = latin1.decode(this.line.subarray(0, Math.min(this.lineLen, 200))) + latin1.decode(segment.subarray(i, Math.min(end, i + 200)));
        this.resetCommand();
        this.skipping = lf < 0;
        return { event: { kind: 'too-long', head }, at: lf < 0 ? segment.length : lf + 1 };
      }
      this.append(segment.subarray(i, end));
      if (lf < 0) return { event: { kind: 'need-more' }, at: segment.length };
      i = lf + 1;
      let n = this.lineLen;
      const eol = n > 0 && this.line[n - 1] === 0x0d ? 2 : 1;
      if (eol === 2) n -= 1;
      const text = latin1.decode(this.line.subarray(0, n));
      this.bytes += this.lineLen + 1;
      this.lineLen = 0;
      if (this.rawLines) {
        const bytes = this.bytes;
        this.bytes = 0;
        return { event: { kind: 'line', text, bytes }, at: i };
      }
      const m = LITERAL_AT_END.exec(text);
      if (m === null) {
        this.parts.push({ kind: 'line', text });
        const event: ReadEvent = { kind: 'command', parts: this.parts, bytes: this.bytes, eol };
        this.parts = [];
        this.bytes = 0;
        return { event, at: i };
      }
      this.parts.push({ kind: 'line', text });
      const first = this.parts[0];
      const firstLine = first?.kind === 'line' ? first.text : '';
      // The engine accepts (acceptLiteral) or refuses (resetCommand) before reading on.
      this.pendingLiteral = Number(m[1]);
      return { event: { kind: 'literal', size: Number(m[1]), sync: m[2] !== '+', firstLine }, at: i };
    }
    return { event: { kind: 'need-more' }, at: i };
  }

  /** Forgets the command being read (its literal was refused). */
  resetCommand(): void {
    this.parts = [];
    this.bytes = 0;
    this.literal = null;
    this.literalLen = 0;
    this.lineLen = 0;
    this.pendingLiteral = null;
  }

  /** After a 'literal' event: read its octets next (the engine sent "+ OK" for a synchronizing one). */
  acceptLiteral(): void {
    const size = this.pendingLiteral ?? 0;
    this.pendingLiteral = null;
    if (size === 0) this.parts.push({ kind: 'literal', bytes: new Uint8Array(0) });
    else {
      this.literal = new Uint8Array(Math.min(size, 65536));
      this.literalSize = size;
      this.literalLen = 0;
    }
  }

  private append(bytes: Uint8Array): void {
    if (this.lineLen + bytes.length > this.line.length) {
      const grown = new Uint8Array(Math.max(this.line.length * 2, this.lineLen + bytes.length));
      grown.set(this.line.subarray(0, this.lineLen));
      this.line = grown;
    }
    this.line.set(bytes, this.lineLen);
    this.lineLen += bytes.length;
  }
}
