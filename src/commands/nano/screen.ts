// nano's screen as a grid of cells (a character and its colour), drawn on the terminal by rows:
// only the rows that changed since the last frame are rewritten, as curses' refresh does, so a
// keystroke costs a few dozen bytes. The start and end sequences are what nano 7.2 with
// ncurses sends on an xterm (alternate screen, bracketed paste, application keypad).

/** Colours nano uses with Debian 12's nanorc: reverse bars, white-on-red errors, the spotlight
 * of a search match, and the default syntax's colours. */
export type Attr = '' | 'rev' | 'err' | 'spot' | 'cyan' | 'bgreen' | 'magenta' | 'lblue' | 'redbg' | 'orange';

const SGR: Readonly<Record<Attr, string>> = {
  '': '\x1b[0m',
  rev: '\x1b[0;7m',
  err: '\x1b[0;1;37;41m',
  spot: '\x1b[0;30;103m',
  cyan: '\x1b[0;36m',
  bgreen: '\x1b[0;1;32m',
  magenta: '\x1b[0;35m',
  lblue: '\x1b[0;94m',
  redbg: '\x1b[0;41m',
  orange: '\x1b[0;38;5;208m',
};

export interface Cell {
  ch: string;
  a: Attr;
}

export class Frame {
  readonly cells: Cell[][];

  constructor(
    readonly cols: number,
    readonly rows: number,
  ) {
    this.cells = Array.from({ length: rows }, () => Array.from({ length: cols }, () => ({ ch: ' ', a: '' as Attr })));
  }

  /** Writes `text` from (row, col), clipped at the right edge. */
  put(row: number, col: number, text: string, a: Attr = ''): number {
    if (row < 0 || row >= this.rows) return col;
    for (const ch of text) {
      if (col >= this.cols) break;
      if (col >= 0) this.cells[row][col] = { ch, a };
      col++;
    }
    return col;
  }

  fill(row: number, a: Attr): void {
    if (row < 0 || row >= this.rows) return;
    for (let c = 0; c < this.cols; c++) this.cells[row][c] = { ch: ' ', a };
  }

  /** A row as plain text (tests, snapshots). */
  text(row: number): string {
    return this.cells[row].map((c) => c.ch).join('');
  }
}

export const ENTER_SCREEN = '\x1b[?2004h\x1b[?1049h\x1b[22;0;0t\x1b[1;{rows}r\x1b(B\x1b[m\x1b[4l\x1b[?7h\x1b[39;49m\x1b[?1h\x1b=\x1b[?25l\x1b[H\x1b[2J';
export const LEAVE_SCREEN = '\x1b[?25l\x1b[{rows};1H\x1b[?12l\x1b[?25h\x1b[?1049l\x1b[23;0;0t\r\x1b[?1l\x1b>\x1b[?2004l';

function rowKey(row: readonly Cell[]): string {
  let s = '';
  for (const c of row) s += c.a + '\u0000' + c.ch;
  return s;
}

/** Turns frames into terminal output, row by row, skipping unchanged rows. */
export class Renderer {
  private prev: string[] = [];

  invalidate(): void {
    this.prev = [];
  }

  render(frame: Frame, cursor: { row: number; col: number } | null): string {
    let out = '\x1b[?25l';
    for (let r = 0; r < frame.rows; r++) {
      const key = rowKey(frame.cells[r]);
      if (this.prev[r] === key) continue;
      this.prev[r] = key;
      out += `\x1b[${r + 1};1H` + drawRow(frame.cells[r]);
    }
    this.prev.length = frame.rows;
    if (cursor !== null) out += `\x1b[${cursor.row + 1};${cursor.col + 1}H\x1b[?12l\x1b[?25h`;
    return out;
  }
}

/** One row: runs of the same colour, trailing default blanks cleared with EL instead. */
function drawRow(cells: readonly Cell[]): string {
  let end = cells.length;
  while (end > 0 && cells[end - 1].ch === ' ' && cells[end - 1].a === '') end--;
  let out = '';
  let attr: Attr | null = null;
  for (let c = 0; c < end; c++) {
    const cell = cells[c];
    if (cell.a !== attr) {
      out += SGR[cell.a];
      attr = cell.a;
    }
    out += cell.ch;
  }
  if (attr !== '') out += SGR[''];
  if (end < cells.length) out += '\x1b[K';
  return out;
}
