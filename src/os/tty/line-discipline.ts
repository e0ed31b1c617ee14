// N_TTY, Linux's line discipline (drivers/tty/n_tty.c) with Debian's default termios
// (`stty sane`: icrnl isig icanon iexten echo echoe echok echoctl echoke; VERASE ^?, VKILL ^U,
// VWERASE ^W, VEOF ^D, VINTR ^C, VQUIT ^\, VSUSP ^Z, VLNEXT ^V, VREPRINT ^R).
// Canonical mode edits a line and hands it out whole on Enter; ^D hands out what is typed (or
// end of file on an empty line). Echo and the signal keys work in both modes.
import { SIGINT, SIGQUIT, SIGTSTP } from '../program.ts';

const VINTR = 0x03;
const VQUIT = 0x1c;
const VSUSP = 0x1a;
const VEOF = 0x04;
const VERASE = 0x7f;
const VKILL = 0x15;
const VWERASE = 0x17;
const VLNEXT = 0x16;
const VREPRINT = 0x12;
const NL = 0x0a;
const CR = 0x0d;
const TAB = 0x09;
/** N_TTY_BUF_SIZE - 1: a canonical line longer than this takes no more characters but NL. */
const MAX_LINE = 4095;

/** termios flags the line discipline reads (the rest of `stty -a` has no effect here). */
export interface Termios {
  icanon: boolean;
  echo: boolean;
  isig: boolean;
  icrnl: boolean;
  iexten: boolean;
}

export function saneTermios(): Termios {
  return { icanon: true, echo: true, isig: true, icrnl: true, iexten: true };
}

/** What the discipline does to the outside: the device implements it. */
export interface LineDisciplineHost {
  /** Bytes to echo (the device applies output processing: NL -> CR NL). */
  echo(bytes: string | Uint8Array): void;
  /** The cursor column now (to erase a TAB, which took 1 to 8 columns). */
  column(): number;
  /** ^C, ^\, ^Z with ISIG: the device signals the foreground process group. */
  signal(signal: number): void;
}

const isContinuation = (b: number): boolean => b >= 0x80 && b < 0xc0;
const isWordByte = (b: number): boolean =>
  (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f || b >= 0x80;

export class LineDiscipline {
  readonly termios: Termios = saneTermios();
  /** Completed input, oldest first: a canonical line each (null = ^D on an empty line), or raw bytes. */
  private readonly records: (Uint8Array | null)[] = [];
  /** The canonical line being edited, and the columns each byte took on screen when echoed. */
  private line: number[] = [];
  private widths: number[] = [];
  private literalNext = false;

  constructor(private readonly host: LineDisciplineHost) {}

  /** True when a read could be answered now. */
  get hasInput(): boolean {
    return this.records.length > 0;
  }

  /** The partial canonical line (what ^U would erase). */
  get editing(): Uint8Array {
    return Uint8Array.from(this.line);
  }

  /** A read(2): a whole line in canonical mode, everything queued otherwise; undefined if none. */
  take(): Uint8Array | null | undefined {
    if (this.records.length === 0) return undefined;
    if (this.termios.icanon) return this.records.shift();
    let n = 0;
    for (const r of this.records) if (r !== null) n += r.length;
    const out = new Uint8Array(n);
    let off = 0;
    for (const r of this.records.splice(0)) {
      if (r === null) continue;
      out.set(r, off);
      off += r.length;
    }
    return out;
  }

  /** Switching canonical mode off makes the partial line readable as it is (n_tty_set_termios). */
  setCanonical(on: boolean): void {
    if (this.termios.icanon === on) return;
    if (!on && this.line.length > 0) {
      this.records.push(Uint8Array.from(this.line));
      this.line = [];
      this.widths = [];
    }
    this.termios.icanon = on;
  }

  /** TCIFLUSH, and what a signal key does without NOFLSH. */
  flush(): void {
    this.records.length = 0;
    this.line = [];
    this.widths = [];
    this.literalNext = false;
  }

  receive(bytes: Uint8Array): void {
    const raw: number[] = [];
    for (let b of bytes) {
      const t = this.termios;
      if (this.literalNext) {
        this.literalNext = false;
        if (t.icanon) this.insert(b);
        else raw.push(b);
        continue;
      }
      if (t.icrnl && b === CR) b = NL;
      if (t.isig && (b === VINTR || b === VQUIT || b === VSUSP)) {
        if (raw.length > 0) this.records.push(Uint8Array.from(raw.splice(0)));
        this.flush();
        if (t.echo) this.echoChar(b);
        this.host.signal(b === VINTR ? SIGINT : b === VQUIT ? SIGQUIT : SIGTSTP);
        continue;
      }
      if (!t.icanon) {
        if (t.iexten && b === VLNEXT) {
          this.literalNext = true;
          continue;
        }
        if (t.echo) this.echoChar(b);
        raw.push(b);
        continue;
      }
      this.canonical(b);
    }
    if (raw.length > 0) this.records.push(Uint8Array.from(raw));
  }

  private canonical(b: number): void {
    const t = this.termios;
    if (t.iexten && b === VLNEXT) {
      this.literalNext = true;
      if (t.echo) this.host.echo('^\b'); // a caret the next character overwrites
      return;
    }
    if (b === VERASE) return this.erase('char');
    if (b === VKILL) return this.erase('line');
    if (t.iexten && b === VWERASE) return this.erase('word');
    if (t.iexten && b === VREPRINT) {
      if (t.echo) {
        this.echoChar(b);
        this.host.echo('\n');
        this.host.echo(Uint8Array.from(this.line));
      }
      return;
    }
    if (b === VEOF) {
      // Not echoed; the line so far is handed out without a newline, or EOF when it is empty.
      this.records.push(this.line.length > 0 ? Uint8Array.from(this.line) : null);
      this.line = [];
      this.widths = [];
      return;
    }
    if (b === NL) {
      if (t.echo) this.host.echo('\n');
      this.line.push(NL);
      this.records.push(Uint8Array.from(this.line));
      this.line = [];
      this.widths = [];
      return;
    }
    this.insert(b);
  }

  private insert(b: number): void {
    if (this.line.length >= MAX_LINE) return;
    const w = this.termios.echo ? this.echoChar(b) : 0;
    this.line.push(b);
    this.widths.push(w);
  }

  /** Echoes one byte as the screen should show it; returns the columns it took. */
  private echoChar(b: number): number {
    if (b === TAB) {
      const w = 8 - (this.host.column() % 8);
      this.host.echo('\t');
      return w;
    }
    if (b === NL) {
      this.host.echo('\n');
      return 0;
    }
    if (b < 0x20 || b === 0x7f) {
      // ECHOCTL: ^C, ^[, ^? (two columns).
      this.host.echo(`^${String.fromCharCode(b ^ 0x40)}`);
      return 2;
    }
    this.host.echo(Uint8Array.of(b));
    return isContinuation(b) ? 0 : 1;
  }

  /** VERASE/VKILL/VWERASE (n_tty's eraser with ECHOE and ECHOKE). */
  private erase(kind: 'char' | 'line' | 'word'): void {
    let seenWord = false;
    while (this.line.length > 0) {
      // One character: its UTF-8 continuation bytes and its lead byte.
      let start = this.line.length - 1;
      while (start > 0 && isContinuation(this.line[start])) start--;
      const lead = this.line[start];
      if (kind === 'word') {
        // Linux's WERASE (BSD ALTWERASE): erase up to the start of the last run of alphanumerics.
        if (isWordByte(lead)) seenWord = true;
        else if (seenWord) break;
      }
      let width = 0;
      for (let i = start; i < this.line.length; i++) width += this.widths[i];
      this.line.length = start;
      this.widths.length = start;
      if (this.termios.echo && width > 0) {
        this.host.echo(lead === TAB ? '\b'.repeat(width) : '\b \b'.repeat(width));
      }
      if (kind === 'char') break;
    }
  }
}
