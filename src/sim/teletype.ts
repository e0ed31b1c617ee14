// Renders terminal output bytes as the plain lines a person saw, for `netsim run` transcripts:
// escape sequences are dropped, but the editing they and CR/BS do is applied (readline redraws,
// "\b \b" erasing), so a transcript reads like the screen, not like the byte stream.
export class Teletype {
  /** Terminal width: a line longer than this wraps onto the next one, as on the screen. */
  constructor(private readonly columns = 80) {}

  private line: string[] = [];
  private col = 0;
  private escape = '';
  // Between "save cursor" and "restore cursor" a program draws elsewhere on the screen (apt's
  // progress bar on the last line): not part of the scrolling text a transcript shows.
  private detached = false;
  private readonly done: string[] = [];
  // The partial line a previous take() already returned: not returned twice.
  private taken = '';

  write(text: string): void {
    for (const ch of text) {
      if (this.escape !== '') {
        this.escape += ch;
        if (this.escapeComplete()) this.applyEscape();
        continue;
      }
      if (this.detached) {
        if (ch === '\x1b') this.escape = ch;
        continue;
      }
      switch (ch) {
        case '\x1b':
          this.escape = ch;
          break;
        case '\r':
          this.col = 0;
          break;
        case '\n':
          this.done.push(this.line.join('').replace(/\s+$/, ''));
          this.line = [];
          this.col = 0;
          break;
        case '\b':
          if (this.col > 0) this.col--;
          break;
        case '\x07': // bell
          break;
        case '\t': {
          const next = (Math.floor(this.col / 8) + 1) * 8;
          while (this.col < next) this.put(' ');
          break;
        }
        default:
          if (ch >= ' ' || ch > '\x7f') this.put(ch);
      }
    }
  }

  /** Lines completed so far (and the partial line, e.g. a prompt) since the last take. */
  take(includePartial = true): string {
    let out = this.done.map((l) => l + '\n').join('');
    this.done.length = 0;
    const partial = this.line.join('');
    if (includePartial) out += partial;
    if (this.taken !== '' && out.startsWith(this.taken)) out = out.slice(this.taken.length);
    this.taken = includePartial ? partial : '';
    return out;
  }

  /** The line being written (e.g. the prompt and what was typed). */
  get current(): string {
    return this.line.join('');
  }

  private put(ch: string): void {
    if (this.col >= this.columns) {
      // Auto-margin: the character after the last column starts the next line.
      this.done.push(this.line.join('').replace(/\s+$/, ''));
      this.line = [];
      this.col = 0;
    }
    while (this.line.length < this.col) this.line.push(' ');
    this.line[this.col++] = ch;
  }

  private escapeComplete(): boolean {
    const e = this.escape;
    if (e.length < 2) return false;
    if (e[1] === '[') return e.length > 2 && /[@-~]/.test(e[e.length - 1]);
    if (e[1] === ']') return e.endsWith('\x07') || e.endsWith('\x1b\\');
    if (e[1] === '(' || e[1] === ')') return e.length >= 3;
    return true; // ESC + one char (ESC 7, ESC =, ...)
  }

  private applyEscape(): void {
    const e = this.escape;
    this.escape = '';
    if (e === '\x1b7' || e === '\x1b[s') {
      this.detached = true;
      return;
    }
    if (e === '\x1b8' || e === '\x1b[u') {
      this.detached = false;
      return;
    }
    if (this.detached) return;
    const m = /^\x1b\[(\??)([\d;]*)([@-~])$/.exec(e);
    if (!m || m[1] === '?') return;
    const n = m[2] === '' ? 1 : Number(m[2].split(';')[0]) || 1;
    switch (m[3]) {
      case 'C':
        this.col += n;
        break;
      case 'D':
        this.col = Math.max(0, this.col - n);
        break;
      case 'G':
        this.col = n - 1;
        break;
      case 'K': {
        const mode = m[2] === '' ? 0 : Number(m[2]);
        if (mode === 0) this.line.length = Math.min(this.line.length, this.col);
        else if (mode === 2) this.line = [];
        else for (let i = 0; i < this.col && i < this.line.length; i++) this.line[i] = ' ';
        break;
      }
      case 'P': // delete characters
        this.line.splice(this.col, n);
        break;
      case '@': // insert blanks
        this.line.splice(this.col, 0, ...Array<string>(n).fill(' '));
        break;
      case 'J':
        if (m[2] === '2' || m[2] === '3') {
          this.line = [];
          this.col = 0;
        }
        break;
      default:
        break; // colours, cursor addressing of full-screen programs: not in a transcript
    }
  }
}

/** Strip ANSI escapes and apply CR/BS editing: the text a person saw. */
export function plainText(text: string): string {
  const tty = new Teletype();
  tty.write(text);
  return tty.take();
}
