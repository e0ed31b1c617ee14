// How nano lays a line of text on the screen: tabs to the next multiple of 8, control
// characters as ^X (two columns), everything else one column. Byte offsets in nano are string
// indexes here; columns are what xplustabs() and actual_x() convert to and from.

export const TAB_SIZE = 8;

function isControl(code: number): boolean {
  return code < 0x20 || code === 0x7f;
}

/** The columns a character at column `col` takes. */
export function charColumns(ch: string, col: number): number {
  const code = ch.charCodeAt(0);
  if (ch === '\t') return TAB_SIZE - (col % TAB_SIZE);
  if (isControl(code)) return 2;
  return 1;
}

/** xplustabs(): the column where the character at index `x` starts. */
export function columnOf(line: string, x: number): number {
  let col = 0;
  for (let i = 0; i < x && i < line.length; i++) col += charColumns(line[i], col);
  return col;
}

/** breadth(): the columns of the whole line. */
export function breadth(line: string): number {
  return columnOf(line, line.length);
}

/** actual_x(): the index of the character shown at (or covering) column `col`. */
export function indexAtColumn(line: string, col: number): number {
  let c = 0;
  for (let i = 0; i < line.length; i++) {
    const w = charColumns(line[i], c);
    if (c + w > col) return i;
    c += w;
  }
  return line.length;
}

/** The line as display cells: each with the index of the character it shows. */
export function displayCells(line: string): { ch: string; src: number }[] {
  const out: { ch: string; src: number }[] = [];
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    const code = ch.charCodeAt(0);
    if (ch === '\t') {
      const w = TAB_SIZE - (out.length % TAB_SIZE);
      for (let k = 0; k < w; k++) out.push({ ch: ' ', src: i });
    } else if (isControl(code)) {
      out.push({ ch: '^', src: i }, { ch: code === 0x7f ? '?' : String.fromCharCode(code + 0x40), src: i });
    } else out.push({ ch, src: i });
  }
  return out;
}

/** get_page_start(): the first column shown of a line whose cursor is at `column`. */
export function pageStart(column: number, editwincols: number): number {
  if (column === 0 || column + 2 < editwincols) return 0;
  if (editwincols > 8) return column - 6 - ((column - 6) % (editwincols - 8));
  return column - (editwincols - 2);
}
