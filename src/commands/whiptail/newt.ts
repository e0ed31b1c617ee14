// The parts of the newt library (0.52.23, what whiptail is built on) that decide what a dialog
// looks like: its default colours, the text reflow of a textbox (doReflow in textbox.c) and the
// window frame of newtOpenWindow (box, title between ┤ ├, shadow) over the blue root with the
// back title in its corner.
import type { Attr, CellScreen } from './screen.ts';
import { charWidth, strWidth } from './text-width.ts';

/** newt's default palette (newt.c newtDefaultColorPalette) as SGR pairs. */
export const COLORS = {
  root: '1;37;44',
  roottext: '37;44',
  border: '30;47',
  window: '30;47',
  shadow: '1;37;40',
  title: '31;47',
  button: '30;47',
  actbutton: '37;41',
  textbox: '30;47',
  listbox: '30;47',
  actlistbox: '30;47',
  sellistbox: '30;47',
  actsellistbox: '37;41',
  entry: '37;44',
  disentry: '1;30;47',
  helpline: '30;47',
} as const satisfies Record<string, Attr>;

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\v';
}

/** Tabs to spaces as newt's expandTabs does (its `8 - (pos & 8)` quirk included). */
export function expandTabs(text: string): string {
  let out = '';
  let pos = 0;
  for (const ch of text) {
    if (ch === '\t') {
      const n = 8 - (pos & 8);
      out += ' '.repeat(n);
      pos += n;
    } else {
      pos = ch === '\n' ? 0 : pos + 1;
      out += ch;
    }
  }
  return out;
}

/**
 * newt's doReflow: each line that is too wide is cut at the start of the last run of spaces
 * before the overflowing character (or at that character when there is no space), and the
 * spaces at the start of the next piece are dropped.
 */
export function reflow(text: string, width: number): string[] {
  const out: string[] = [];
  const lines = expandTabs(text).split('\n');
  // "a\n" is one line for newt (the text ends at the last newline).
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  for (const whole of lines) {
    let line = [...whole];
    for (;;) {
      if (strWidth(line.join('')) <= width) {
        out.push(line.join(''));
        break;
      }
      let i = 0;
      let spc = false;
      let spcAt = -1;
      let k = 0;
      for (; k < line.length; k++) {
        const ch = line[k];
        if (spc && !isSpace(ch)) spc = false;
        else if (!spc && isSpace(ch)) {
          spc = true;
          spcAt = k;
        }
        const w = charWidth(ch.codePointAt(0)!);
        if (i > 0 && w + i > width) break;
        i += w;
      }
      const cut = spcAt >= 0 ? spcAt : k;
      out.push(line.slice(0, cut).join(''));
      let rest = cut;
      while (rest < line.length && isSpace(line[rest])) rest++;
      line = line.slice(rest);
      if (line.length === 0) break;
    }
  }
  return out;
}

/** A line cut to what fits in `width` columns (addLine's truncation). */
export function clip(line: string, width: number): string {
  let w = 0;
  let out = '';
  for (const ch of line) {
    const cw = charWidth(ch.codePointAt(0)!);
    if (w + cw > width) break;
    w += cw;
    out += ch;
  }
  return out;
}

export interface WindowGeometry {
  /** Interior position and size (the frame is drawn one cell outside). */
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** The blue root, the back title at (0, 0) (newtCls + newtDrawRootText). */
export function drawRoot(screen: CellScreen, backtitle: string | null): void {
  screen.fill(0, 0, screen.rows, screen.cols, ' ', COLORS.root);
  if (backtitle !== null) screen.put(0, 0, backtitle, COLORS.roottext);
}

/** newtOpenWindow: frame, title, interior and shadow. */
export function drawWindow(screen: CellScreen, g: WindowGeometry, title: string | null): void {
  const { left, top, width, height } = g;
  const b = COLORS.border;
  const row0 = top - 1;
  const col0 = left - 1;
  screen.put(row0, col0, '┌' + '─'.repeat(Math.max(0, width)) + '┐', b);
  for (let r = top; r < top + height; r++) {
    screen.put(r, col0, '│', b);
    screen.put(r, left + width, '│', b);
  }
  screen.put(top + height, col0, '└' + '─'.repeat(Math.max(0, width)) + '┘', b);
  if (title !== null && title !== '') {
    const i = Math.trunc((width - (strWidth(title) + 4)) / 2) + left;
    let c = screen.put(row0, i, '┤ ', b);
    c = screen.put(row0, c, title, COLORS.title);
    screen.put(row0, c, ' ├', b);
  }
  screen.fill(top, left, height, width, ' ', COLORS.window);
  screen.fill(top + height + 1, left, 1, width + 2, ' ', COLORS.shadow);
  screen.fill(top, left + width + 1, height + 1, 1, ' ', COLORS.shadow);
}
