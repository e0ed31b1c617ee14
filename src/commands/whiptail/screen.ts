// A character-cell screen the dialog widgets draw into, as S-Lang's screen management does for
// newt: cells with a colour pair, wide characters taking two cells, everything outside the
// terminal clipped. `render()` turns it into ANSI for the terminal: a full redraw, one SGR
// change per colour run, the cursor left where the focused widget wants it.
import { charWidth } from './text-width.ts';

/** SGR parameters of a colour pair, e.g. "30;47" (black on light grey). */
export type Attr = string;

interface Cell {
  ch: string;
  attr: Attr;
}

/** A placeholder for the right half of a wide character. */
const CONT = '';

export class CellScreen {
  private readonly cells: Cell[];
  cursorRow = 0;
  cursorCol = 0;

  constructor(
    readonly cols: number,
    readonly rows: number,
    fillAttr: Attr = '0',
  ) {
    this.cells = Array.from({ length: Math.max(0, cols * rows) }, () => ({ ch: ' ', attr: fillAttr }));
  }

  private cell(row: number, col: number): Cell | null {
    if (row < 0 || col < 0 || row >= this.rows || col >= this.cols) return null;
    return this.cells[row * this.cols + col];
  }

  /** Writes text from (row, col); returns the column after it. Control characters are skipped. */
  put(row: number, col: number, text: string, attr: Attr): number {
    let c = col;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (cp < 0x20 || cp === 0x7f) continue;
      const w = charWidth(cp);
      if (w === 0) {
        const prev = this.cell(row, c - 1);
        if (prev !== null) prev.ch += ch;
        continue;
      }
      const cell = this.cell(row, c);
      if (cell !== null) {
        cell.ch = w === 2 && c + 1 >= this.cols ? ' ' : ch;
        cell.attr = attr;
      }
      if (w === 2) {
        const right = this.cell(row, c + 1);
        if (right !== null) {
          right.ch = CONT;
          right.attr = attr;
        }
      }
      c += w;
    }
    return c;
  }

  fill(row: number, col: number, height: number, width: number, ch: string, attr: Attr): void {
    for (let r = row; r < row + height; r++) {
      for (let c = col; c < col + width; c++) {
        const cell = this.cell(r, c);
        if (cell !== null) {
          cell.ch = ch;
          cell.attr = attr;
        }
      }
    }
  }

  /** The text of a row (wide characters once), trailing spaces kept. */
  rowText(row: number): string {
    let s = '';
    for (let c = 0; c < this.cols; c++) s += this.cells[row * this.cols + c].ch;
    return s;
  }

  /** The whole screen as ANSI: home, every row with its colours, then the cursor. */
  render(): string {
    let out = '\x1b[0m\x1b[H';
    let cur = '';
    for (let r = 0; r < this.rows; r++) {
      out += `\x1b[${r + 1};1H`;
      for (let c = 0; c < this.cols; c++) {
        const cell = this.cells[r * this.cols + c];
        if (cell.ch === CONT) continue;
        if (cell.attr !== cur) {
          out += `\x1b[0;${cell.attr}m`;
          cur = cell.attr;
        }
        out += cell.ch;
      }
    }
    out += `\x1b[0m\x1b[${this.cursorRow + 1};${this.cursorCol + 1}H`;
    return out;
  }
}
