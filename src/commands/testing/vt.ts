// A tiny VT100/xterm screen for tests: feeds the bytes a program wrote to its terminal and
// answers what a person would see, as `tmux capture-pane` prints it (one line per row,
// trailing spaces dropped). Handles printable UTF-8 (wide characters take two cells), CR, LF,
// BS, TAB, CUP/HVP, CUU/CUD/CUF/CUB, ED, EL, DECSTBM with scrolling, DECSC/DECRC, the
// alternate screen (?1049), xterm's delayed autowrap; SGR and other sequences are ignored.
import { charWidth } from '../whiptail/text-width.ts';
import { Utf8Stream } from '../whiptail/utf8-stream.ts';

type Grid = string[][];

function blank(cols: number, rows: number): Grid {
  return Array.from({ length: rows }, () => Array<string>(cols).fill(' '));
}

export class VtScreen {
  private main: Grid;
  private alt: Grid;
  private grid: Grid;
  private inAlt = false;
  row = 0;
  col = 0;
  private wrapPending = false;
  private top = 0;
  private bottom: number;
  private saved: { row: number; col: number } = { row: 0, col: 0 };
  private pending = '';
  private readonly decoder = new Utf8Stream();

  constructor(
    public cols = 80,
    public rows = 24,
  ) {
    this.main = blank(cols, rows);
    this.alt = blank(cols, rows);
    this.grid = this.main;
    this.bottom = rows - 1;
  }

  write(data: Uint8Array | string): void {
    const text = this.pending + (typeof data === 'string' ? data : this.decoder.decode(data));
    this.pending = '';
    let i = 0;
    while (i < text.length) {
      const ch = text[i];
      if (ch === '\x1b') {
        const consumed = this.escape(text, i);
        if (consumed === 0) {
          this.pending = text.slice(i);
          return;
        }
        i += consumed;
        continue;
      }
      const cp = text.codePointAt(i)!;
      const len = cp > 0xffff ? 2 : 1;
      this.char(String.fromCodePoint(cp), cp);
      i += len;
    }
  }

  private char(ch: string, cp: number): void {
    switch (ch) {
      case '\r':
        this.col = 0;
        this.wrapPending = false;
        return;
      case '\n':
      case '\x0b':
      case '\x0c':
        this.lineFeed();
        return;
      case '\b':
        if (this.col > 0) this.col--;
        this.wrapPending = false;
        return;
      case '\t':
        this.col = Math.min(this.cols - 1, (Math.floor(this.col / 8) + 1) * 8);
        return;
      case '\x07':
        return;
    }
    if (cp < 0x20 || cp === 0x7f) return;
    const w = charWidth(cp);
    if (w === 0) {
      if (this.col > 0) this.grid[this.row][this.col - 1] += ch;
      return;
    }
    if (this.wrapPending || this.col + w > this.cols) {
      this.col = 0;
      this.lineFeed();
    }
    this.grid[this.row][this.col] = ch;
    if (w === 2 && this.col + 1 < this.cols) this.grid[this.row][this.col + 1] = '';
    this.col += w;
    if (this.col >= this.cols) {
      this.col = this.cols - 1;
      this.wrapPending = true;
    }
  }

  private lineFeed(): void {
    this.wrapPending = false;
    if (this.row === this.bottom) this.scrollUp();
    else if (this.row < this.rows - 1) this.row++;
  }

  private scrollUp(): void {
    this.grid.splice(this.top, 1);
    this.grid.splice(this.bottom, 0, Array<string>(this.cols).fill(' '));
  }

  /** Parses one escape sequence at `i`; 0 when it is incomplete. */
  private escape(text: string, i: number): number {
    const next = text[i + 1];
    if (next === undefined) return 0;
    if (next === '7') {
      this.saved = { row: this.row, col: this.col };
      return 2;
    }
    if (next === '8') {
      this.row = this.saved.row;
      this.col = this.saved.col;
      this.wrapPending = false;
      return 2;
    }
    if (next === '(' || next === ')') return text.length > i + 2 ? 3 : 0;
    if (next === ']') {
      const end = text.indexOf('\x07', i);
      return end < 0 ? 0 : end - i + 1;
    }
    if (next !== '[') return 2;
    let j = i + 2;
    while (j < text.length && /[0-9;?>=!]/.test(text[j])) j++;
    if (j >= text.length) return 0;
    const params = text.slice(i + 2, j);
    this.csi(params, text[j]);
    return j - i + 1;
  }

  private csi(params: string, final: string): void {
    const priv = params.startsWith('?');
    const nums = (priv ? params.slice(1) : params).split(';').map((s) => (s === '' ? NaN : Number(s)));
    const n = (k: number, d: number): number => (Number.isNaN(nums[k]) || nums[k] === undefined ? d : nums[k]);
    this.wrapPending = false;
    switch (final) {
      case 'H':
      case 'f':
        this.row = Math.min(this.rows - 1, Math.max(0, n(0, 1) - 1));
        this.col = Math.min(this.cols - 1, Math.max(0, n(1, 1) - 1));
        return;
      case 'A':
        this.row = Math.max(0, this.row - n(0, 1));
        return;
      case 'B':
        this.row = Math.min(this.rows - 1, this.row + n(0, 1));
        return;
      case 'C':
        this.col = Math.min(this.cols - 1, this.col + n(0, 1));
        return;
      case 'D':
        this.col = Math.max(0, this.col - n(0, 1));
        return;
      case 'G':
        this.col = Math.min(this.cols - 1, Math.max(0, n(0, 1) - 1));
        return;
      case 'J': {
        const mode = n(0, 0);
        if (mode === 2 || mode === 3) this.clearRows(0, this.rows);
        else if (mode === 0) {
          this.clearLine(this.row, this.col, this.cols);
          this.clearRows(this.row + 1, this.rows);
        } else if (mode === 1) {
          this.clearRows(0, this.row);
          this.clearLine(this.row, 0, this.col + 1);
        }
        return;
      }
      case 'K': {
        const mode = n(0, 0);
        if (mode === 0) this.clearLine(this.row, this.col, this.cols);
        else if (mode === 1) this.clearLine(this.row, 0, this.col + 1);
        else this.clearLine(this.row, 0, this.cols);
        return;
      }
      case 'r': {
        const t = Math.max(1, n(0, 1));
        const b = Math.min(this.rows, n(1, this.rows));
        if (t < b) {
          this.top = t - 1;
          this.bottom = b - 1;
        }
        this.row = 0;
        this.col = 0;
        return;
      }
      case 'h':
      case 'l':
        if (priv && (nums.includes(1049) || nums.includes(47) || nums.includes(1047))) this.altScreen(final === 'h');
        return;
      default:
        return;
    }
  }

  private altScreen(on: boolean): void {
    if (on === this.inAlt) return;
    if (on) {
      this.saved = { row: this.row, col: this.col };
      this.alt = blank(this.cols, this.rows);
      this.grid = this.alt;
    } else {
      this.grid = this.main;
      this.row = this.saved.row;
      this.col = this.saved.col;
    }
    this.inAlt = on;
  }

  private clearRows(from: number, to: number): void {
    for (let r = Math.max(0, from); r < Math.min(this.rows, to); r++) this.grid[r] = Array<string>(this.cols).fill(' ');
  }

  private clearLine(row: number, from: number, to: number): void {
    for (let c = Math.max(0, from); c < Math.min(this.cols, to); c++) this.grid[row][c] = ' ';
  }

  /** The screen as tmux capture-pane prints it: rows without trailing spaces. */
  lines(): string[] {
    return this.grid.map((r) => r.join('').replace(/ +$/, ''));
  }

  /** The lines joined, trailing empty rows dropped. */
  text(): string {
    const l = this.lines();
    while (l.length > 0 && l[l.length - 1] === '') l.pop();
    return l.join('\n');
  }

  resize(cols: number, rows: number): void {
    const fit = (g: Grid): Grid => {
      const out = blank(cols, rows);
      for (let r = 0; r < Math.min(rows, g.length); r++) for (let c = 0; c < Math.min(cols, g[r].length); c++) out[r][c] = g[r][c];
      return out;
    };
    this.main = fit(this.main);
    this.alt = fit(this.alt);
    this.grid = this.inAlt ? this.alt : this.main;
    this.cols = cols;
    this.rows = rows;
    this.top = 0;
    this.bottom = rows - 1;
    this.row = Math.min(this.row, rows - 1);
    this.col = Math.min(this.col, cols - 1);
  }
}
