// The line editor an interactive bash uses on a terminal (GNU readline, emacs key bindings).
// While a line is edited the terminal is in raw mode and every key comes here; the screen is
// updated with plain bytes and ANSI sequences (CSI A/B/C/D cursor moves, CSI K / CSI J to
// erase) for xterm.js. Redraws are minimal: a character typed at the end of the line is echoed
// alone, a backspace at the end is "\b ESC[K". Lines longer than the terminal wrap; cursor
// positions are computed in cells from the start of the prompt.
import type { InputStream, OutputStream, Terminal } from '../os/program.ts';
import { commonPrefix, formatColumns, type Completion } from './completion.ts';

/** `hangup`: the terminal itself went away (its reads end), unlike ^D which is a key. */
export type LineResult = { kind: 'line'; text: string } | { kind: 'eof' } | { kind: 'interrupt' } | { kind: 'hangup' };

export interface LineEditorOptions {
  input: InputStream;
  output: OutputStream;
  terminal: Terminal;
  /** The history, oldest first (Up goes back through it). */
  history: () => readonly string[];
  complete: (line: string, cursor: number) => Completion;
}

const CSI = '\x1b[';
/** readline's completion-query-items: above this many matches, ask before listing. */
const QUERY_ITEMS = 100;

/** Display width of a character: East Asian wide characters take two cells, combining marks none. */
export function charWidth(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (cp >= 0x300 && cp <= 0x36f) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3fffd)
  ) return 2;
  return 1;
}

export class LineEditor {
  /** Bytes received and not yet used: the rest of a burst of typing stays for the next line. */
  private pending: number[] = [];
  private inputEnded = false;
  private chars: string[] = [];
  private cursor = 0;
  private promptWidth = 0;
  /** Where the terminal's cursor is, in cells from the prompt's start. */
  private cell = 0;
  private histIndex = 0;
  private edited = new Map<number, string[]>();
  private lastTab = false;
  private killRing = '';

  constructor(private readonly opts: LineEditorOptions) {}

  private get cols(): number {
    return Math.max(1, this.opts.terminal.columns);
  }

  private write(s: string): void {
    if (s) this.opts.output.write(s);
  }

  /** Reads one line after showing `prompt` (already decoded; `width` = its visible columns). */
  async readLine(prompt: string, width: number): Promise<LineResult> {
    this.chars = [];
    this.cursor = 0;
    this.promptWidth = width;
    this.histIndex = this.opts.history().length;
    this.edited.clear();
    this.lastTab = false;
    const term = this.opts.terminal;
    term.setRaw(true);
    try {
      this.write(prompt);
      this.cell = width;
      this.fixWrap();
      for (;;) {
        const key = await this.nextKey();
        if (key === null) return { kind: 'hangup' };
        const r = await this.handle(key, prompt);
        if (r) return r;
      }
    } finally {
      term.setRaw(false);
    }
  }

  // ---- input decoding ------------------------------------------------------------------------

  private async fill(): Promise<boolean> {
    if (this.inputEnded) return false;
    const chunk = await this.opts.input.read();
    if (chunk === null) {
      this.inputEnded = true;
      return false;
    }
    for (const b of chunk) this.pending.push(b);
    return true;
  }

  /** One key: a character, a control byte, or a whole escape sequence. null at end of input. */
  private async nextKey(): Promise<string | null> {
    for (;;) {
      const key = this.parseKey();
      if (key !== undefined) return key;
      if (!(await this.fill())) {
        if (this.pending.length === 0) return null;
        // Input ended inside a sequence: take the bytes as they are.
        const rest = String.fromCharCode(...this.pending);
        this.pending = [];
        return rest;
      }
    }
  }

  /** undefined when more bytes are needed. */
  private parseKey(): string | undefined {
    const p = this.pending;
    if (p.length === 0) return undefined;
    const b = p[0];
    if (b === 0x1b) {
      if (p.length < 2) return undefined;
      if (p[1] === 0x5b) {
        let i = 2;
        while (i < p.length && !(p[i] >= 0x40 && p[i] <= 0x7e)) i++;
        if (i >= p.length) return undefined;
        return this.take(i + 1);
      }
      if (p[1] === 0x4f) {
        if (p.length < 3) return undefined;
        return this.take(3);
      }
      return this.take(2);
    }
    if (b < 0x80) return this.take(1);
    const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    if (p.length < len) return undefined;
    const bytes = new Uint8Array(p.splice(0, len));
    return new TextDecoder().decode(bytes);
  }

  private take(n: number): string {
    return String.fromCharCode(...this.pending.splice(0, n));
  }

  // ---- screen --------------------------------------------------------------------------------

  private cellOf(index: number): number {
    let c = this.promptWidth;
    for (let i = 0; i < index; i++) c += charWidth(this.chars[i]);
    return c;
  }

  /** A line ending exactly at the right margin leaves the cursor pending: wrap it for real. */
  private fixWrap(): void {
    if (this.cell > 0 && this.cell % this.cols === 0) this.write(' \r');
  }

  private moveTo(target: number): void {
    const cols = this.cols;
    const fromRow = Math.floor(this.cell / cols);
    const fromCol = this.cell % cols;
    const toRow = Math.floor(target / cols);
    const toCol = target % cols;
    let s = '';
    if (toRow < fromRow) s += `${CSI}${fromRow - toRow === 1 ? '' : fromRow - toRow}A`;
    else if (toRow > fromRow) s += `${CSI}${toRow - fromRow === 1 ? '' : toRow - fromRow}B`;
    if (toCol < fromCol) s += toCol === 0 ? '\r' : fromCol - toCol === 1 ? '\b' : `${CSI}${fromCol - toCol}D`;
    else if (toCol > fromCol) s += `${CSI}${toCol - fromCol === 1 ? '' : toCol - fromCol}C`;
    this.write(s);
    this.cell = target;
  }

  /** Redraws from character `from` to the end, erases what was after, puts the cursor back. */
  private redrawFrom(from: number): void {
    this.moveTo(this.cellOf(from));
    const text = this.chars.slice(from).join('');
    this.write(text + `${CSI}J`);
    this.cell = this.cellOf(this.chars.length);
    this.fixWrap();
    this.moveTo(this.cellOf(this.cursor));
  }

  private finishLine(): void {
    this.moveTo(this.cellOf(this.chars.length));
    this.write('\n');
  }

  private replaceLine(chars: string[]): void {
    this.chars = [...chars];
    this.cursor = this.chars.length;
    this.redrawFrom(0);
  }

  // ---- editing -------------------------------------------------------------------------------

  private insert(text: string): void {
    const add = [...text];
    const atEnd = this.cursor === this.chars.length;
    this.chars.splice(this.cursor, 0, ...add);
    this.cursor += add.length;
    if (atEnd) {
      // The fast path: echo just what was typed.
      this.write(text);
      this.cell = this.cellOf(this.cursor);
      this.fixWrap();
    } else this.redrawFrom(this.cursor - add.length);
  }

  private deleteRange(from: number, to: number, kill = false): void {
    if (to <= from) return;
    const removed = this.chars.splice(from, to - from);
    if (kill) this.killRing = removed.join('');
    const atEnd = from === this.chars.length;
    this.cursor = from;
    if (atEnd && to - from === 1 && this.cell % this.cols !== 0) {
      this.write(`\b${CSI}K`);
      this.cell = this.cellOf(this.cursor);
      return;
    }
    this.redrawFrom(from);
  }

  private wordLeft(): number {
    let i = this.cursor;
    while (i > 0 && !/[A-Za-z0-9À-ÿ]/.test(this.chars[i - 1])) i--;
    while (i > 0 && /[A-Za-z0-9À-ÿ]/.test(this.chars[i - 1])) i--;
    return i;
  }

  private wordRight(): number {
    let i = this.cursor;
    while (i < this.chars.length && !/[A-Za-z0-9À-ÿ]/.test(this.chars[i])) i++;
    while (i < this.chars.length && /[A-Za-z0-9À-ÿ]/.test(this.chars[i])) i++;
    return i;
  }

  private history(delta: number): void {
    const hist = this.opts.history();
    const next = this.histIndex + delta;
    if (next < 0 || next > hist.length) {
      this.write('\x07');
      return;
    }
    this.edited.set(this.histIndex, [...this.chars]);
    this.histIndex = next;
    const line = this.edited.get(next) ?? (next === hist.length ? [] : [...hist[next]]);
    this.replaceLine(line);
  }

  private async handle(key: string, prompt: string): Promise<LineResult | null> {
    const wasTab = this.lastTab;
    this.lastTab = false;
    switch (key) {
      case '\r':
      case '\n':
        this.finishLine();
        return { kind: 'line', text: this.chars.join('') };
      case '\x03': // ^C
        this.moveTo(this.cellOf(this.chars.length));
        this.write('^C\n');
        return { kind: 'interrupt' };
      case '\x04': // ^D
        if (this.chars.length === 0) return { kind: 'eof' };
        this.deleteRange(this.cursor, this.cursor + 1);
        return null;
      case '\x7f':
      case '\x08':
        if (this.cursor > 0) this.deleteRange(this.cursor - 1, this.cursor);
        return null;
      case '\x1b[3~':
        this.deleteRange(this.cursor, this.cursor + 1);
        return null;
      case '\x01':
      case '\x1b[H':
      case '\x1bOH':
      case '\x1b[1~':
      case '\x1b[7~':
        this.cursor = 0;
        this.moveTo(this.cellOf(0));
        return null;
      case '\x05':
      case '\x1b[F':
      case '\x1bOF':
      case '\x1b[4~':
      case '\x1b[8~':
        this.cursor = this.chars.length;
        this.moveTo(this.cellOf(this.cursor));
        return null;
      case '\x02':
      case '\x1b[D':
      case '\x1bOD':
        if (this.cursor > 0) {
          this.cursor--;
          this.moveTo(this.cellOf(this.cursor));
        }
        return null;
      case '\x06':
      case '\x1b[C':
      case '\x1bOC':
        if (this.cursor < this.chars.length) {
          this.cursor++;
          this.moveTo(this.cellOf(this.cursor));
        }
        return null;
      case '\x1bb':
      case '\x1b[1;5D':
      case '\x1b[1;3D':
        this.cursor = this.wordLeft();
        this.moveTo(this.cellOf(this.cursor));
        return null;
      case '\x1bf':
      case '\x1b[1;5C':
      case '\x1b[1;3C':
        this.cursor = this.wordRight();
        this.moveTo(this.cellOf(this.cursor));
        return null;
      case '\x10':
      case '\x1b[A':
      case '\x1bOA':
        this.history(-1);
        return null;
      case '\x0e':
      case '\x1b[B':
      case '\x1bOB':
        this.history(1);
        return null;
      case '\x0b': // ^K
        this.deleteRange(this.cursor, this.chars.length, true);
        return null;
      case '\x15': // ^U
        this.deleteRange(0, this.cursor, true);
        return null;
      case '\x17': {
        // ^W: back to the previous white space.
        let i = this.cursor;
        while (i > 0 && /\s/.test(this.chars[i - 1])) i--;
        while (i > 0 && !/\s/.test(this.chars[i - 1])) i--;
        this.deleteRange(i, this.cursor, true);
        return null;
      }
      case '\x1bd':
        this.deleteRange(this.cursor, this.wordRight(), true);
        return null;
      case '\x1b\x7f':
      case '\x1b\x08':
        this.deleteRange(this.wordLeft(), this.cursor, true);
        return null;
      case '\x19': // ^Y
        if (this.killRing) this.insert(this.killRing);
        return null;
      case '\x14': {
        // ^T: transpose the characters around the cursor.
        if (this.chars.length < 2 || this.cursor === 0) return null;
        const i = this.cursor === this.chars.length ? this.cursor - 1 : this.cursor;
        [this.chars[i - 1], this.chars[i]] = [this.chars[i], this.chars[i - 1]];
        this.cursor = Math.min(this.chars.length, i + 1);
        this.redrawFrom(i - 1);
        return null;
      }
      case '\x0c': // ^L
        this.write(`${CSI}H${CSI}2J`);
        this.write(prompt + this.chars.join(''));
        this.cell = this.cellOf(this.chars.length);
        this.fixWrap();
        this.moveTo(this.cellOf(this.cursor));
        return null;
      case '\t':
        this.lastTab = true;
        await this.completeWord(wasTab, prompt);
        return null;
      case '\x1b[200~':
      case '\x1b[201~':
        return null;
    }
    if (key.length >= 1 && key.charCodeAt(0) >= 0x20 && key !== '\x7f' && !key.startsWith('\x1b')) {
      this.insert(key);
      return null;
    }
    // Unbound keys and sequences: ignored (readline rings the bell for some).
    return null;
  }

  // ---- completion ----------------------------------------------------------------------------

  private async completeWord(second: boolean, prompt: string): Promise<void> {
    const line = this.chars.join('');
    // Completion works on the text before the cursor (in UTF-16 units for the completer).
    const before = this.chars.slice(0, this.cursor).join('');
    const c = this.opts.complete(line, before.length);
    const word = before.slice(c.start);
    if (c.matches.length === 0) {
      this.write('\x07');
      return;
    }
    if (c.matches.length === 1) {
      this.insert(c.matches[0].slice(word.length) + c.suffix[0]);
      return;
    }
    const prefix = commonPrefix(c.matches);
    if (prefix.length > word.length) {
      this.insert(prefix.slice(word.length));
      return;
    }
    if (!second) {
      this.write('\x07');
      return;
    }
    // Second Tab: list the possibilities, then redraw the prompt and the line.
    this.moveTo(this.cellOf(this.chars.length));
    if (c.display.length > QUERY_ITEMS) {
      this.write(`\nDisplay all ${c.display.length} possibilities? (y or n)`);
      let answer: string | null = null;
      while (answer === null) {
        const k = await this.nextKey();
        if (k === null || k === 'n' || k === 'N' || k === '\x7f' || k === '\x03' || k === 'y' || k === 'Y' || k === ' ') answer = k ?? 'n';
      }
      if (answer === 'y' || answer === 'Y' || answer === ' ') this.write('\n' + formatColumns(c.display, this.cols));
      else this.write('\n');
    } else {
      this.write('\n' + formatColumns(c.display, this.cols));
    }
    this.write(prompt + line);
    this.cell = this.cellOf(this.chars.length);
    this.fixWrap();
    this.moveTo(this.cellOf(this.cursor));
  }
}
