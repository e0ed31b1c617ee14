// newt's form and the widgets whiptail puts in it (textbox, listbox, entry, compact button),
// as a small state machine: components placed relative to the window interior, drawn into a
// CellScreen, and the key handling of newtRunForm (the focused widget first, then Tab, the
// arrows and Escape at form level). Positions and sizes follow newt 0.52.23 as whiptail shows it.
import { COLORS, clip, reflow } from './newt.ts';
import type { CellScreen } from './screen.ts';
import type { Key } from './keys.ts';
import { charWidth, strWidth } from './text-width.ts';

export type KeyResult = 'swallowed' | 'exit' | 'ignored';

export interface Component {
  left: number;
  top: number;
  width: number;
  height: number;
  readonly takesFocus: boolean;
  /** `x`, `y`: the window interior's position on the screen. */
  draw(screen: CellScreen, x: number, y: number, focused: boolean): void;
  key(k: Key): KeyResult;
  /** Where the terminal cursor goes while focused (relative to the interior). */
  cursor(): { row: number; col: number };
}

/** A read-only text area; with `scroll` it takes focus and scrolls with the arrows and pages. */
export class Textbox implements Component {
  readonly lines: string[];
  topLine = 0;
  width: number;
  readonly takesFocus: boolean;
  readonly textWidth: number;

  constructor(
    public left: number,
    public top: number,
    width: number,
    public height: number,
    text: string,
    readonly scroll: boolean,
  ) {
    this.textWidth = Math.max(1, width);
    this.width = this.textWidth + (scroll ? 2 : 0);
    this.takesFocus = scroll;
    this.lines = reflow(text, this.textWidth).map((l) => clip(l, this.textWidth));
  }

  draw(screen: CellScreen, x: number, y: number): void {
    for (let i = 0; i + this.topLine < this.lines.length && i < this.height; i++) {
      screen.put(y + this.top + i, x + this.left, this.lines[i + this.topLine], COLORS.textbox);
    }
  }

  key(k: Key): KeyResult {
    if (!this.scroll || !('name' in k)) return 'ignored';
    const max = Math.max(0, this.lines.length - this.height);
    switch (k.name) {
      case 'up':
        if (this.topLine > 0) this.topLine--;
        return 'swallowed';
      case 'down':
        if (this.topLine < max) this.topLine++;
        return 'swallowed';
      case 'pgdn':
        this.topLine = Math.min(max, this.topLine + this.height);
        return 'swallowed';
      case 'pgup':
        this.topLine = Math.max(0, this.topLine - this.height);
        return 'swallowed';
      default:
        return 'ignored';
    }
  }

  cursor(): { row: number; col: number } {
    return { row: this.top, col: this.left };
  }
}

/** whiptail's compact button: `<Text>` one cell right of its position. */
export class Button implements Component {
  readonly takesFocus = true;
  width: number;
  height = 1;

  constructor(
    public left: number,
    public top: number,
    readonly text: string,
  ) {
    this.width = strWidth(text) + 3;
  }

  draw(screen: CellScreen, x: number, y: number, focused: boolean): void {
    screen.put(y + this.top, x + this.left + 1, `<${this.text}>`, focused ? COLORS.actbutton : COLORS.button);
  }

  key(k: Key): KeyResult {
    if ('name' in k && k.name === 'enter') return 'exit';
    if ('char' in k && k.char === ' ') return 'exit';
    return 'ignored';
  }

  cursor(): { row: number; col: number } {
    return { row: this.top, col: this.left + 2 };
  }
}

/** A list of items, one highlighted; Enter chooses (NEWT_FLAG_RETURNEXIT). */
export class Listbox implements Component {
  readonly takesFocus = true;
  current = 0;
  startShow = 0;
  /** Columns of an item line (all are padded to it). */
  readonly itemWidth: number;

  constructor(
    public left: number,
    public top: number,
    public height: number,
    readonly items: readonly string[],
    readonly scroll: boolean,
    itemWidth?: number,
  ) {
    this.itemWidth = itemWidth ?? items.reduce((m, s) => Math.max(m, strWidth(s)), 0);
  }

  /** The scroll bar sits two columns right of the items. */
  get width(): number {
    return this.itemWidth + (this.scroll ? 3 : 0);
  }

  setCurrent(i: number): void {
    const n = this.items.length;
    this.current = Math.max(0, Math.min(n - 1, i));
    if (this.current < this.startShow) this.startShow = this.current;
    else if (this.current - this.startShow > this.height - 1) this.startShow = this.current - this.height + 1;
    if (this.startShow + this.height > n) this.startShow = Math.max(0, n - this.height);
  }

  draw(screen: CellScreen, x: number, y: number, focused: boolean): void {
    for (let i = 0; i < this.height && this.startShow + i < this.items.length; i++) {
      const idx = this.startShow + i;
      const attr = idx === this.current ? (focused ? COLORS.actsellistbox : COLORS.sellistbox) : COLORS.listbox;
      const text = clip(this.items[idx], this.itemWidth);
      screen.put(y + this.top + i, x + this.left, text + ' '.repeat(this.itemWidth - strWidth(text)), attr);
    }
    if (this.scroll && this.height > 0) {
      // newt's scrollbar.c: arrows at both ends (height >= 2), a trough (blank on a UTF-8
      // xterm), the thumb (▮) placed by newtScrollbarSet(current + 1, items).
      const col = x + this.left + this.itemWidth + 2;
      const n = this.items.length;
      const arrows = this.height >= 2;
      for (let r = 0; r < this.height; r++) screen.put(y + this.top + r, col, ' ', COLORS.listbox);
      if (arrows) {
        screen.put(y + this.top, col, '↑', COLORS.listbox);
        screen.put(y + this.top + this.height - 1, col, '↓', COLORS.listbox);
      }
      const where = this.current + 1;
      const thumb = arrows ? Math.trunc((where * (this.height - 3)) / Math.max(1, n)) + 1 : Math.trunc((where * (this.height - 1)) / Math.max(1, n));
      screen.put(y + this.top + thumb, col, '▮', COLORS.listbox);
    }
  }

  key(k: Key): KeyResult {
    if ('char' in k) {
      // Typing a letter moves to the next item starting with it.
      const c = k.char.toLowerCase();
      const n = this.items.length;
      for (let d = 1; d <= n; d++) {
        const i = (this.current + d) % n;
        if (this.items[i].trimStart().toLowerCase().startsWith(c)) {
          this.setCurrent(i);
          return 'swallowed';
        }
      }
      return c === ' ' ? 'ignored' : 'swallowed';
    }
    switch (k.name) {
      case 'enter':
        return 'exit';
      case 'up':
        if (this.current === 0) return 'ignored';
        this.setCurrent(this.current - 1);
        return 'swallowed';
      case 'down':
        if (this.current >= this.items.length - 1) return 'ignored';
        this.setCurrent(this.current + 1);
        return 'swallowed';
      case 'pgup':
        this.setCurrent(this.current - this.height + 1);
        return 'swallowed';
      case 'pgdn':
        this.setCurrent(this.current + this.height - 1);
        return 'swallowed';
      case 'home':
        this.setCurrent(0);
        return 'swallowed';
      case 'end':
        this.setCurrent(this.items.length - 1);
        return 'swallowed';
      default:
        return 'ignored';
    }
  }

  cursor(): { row: number; col: number } {
    return { row: this.top + this.current - this.startShow, col: this.left };
  }
}

/** A one-line text field: underscores show its free space; it scrolls when the text is longer. */
export class Entry implements Component {
  readonly takesFocus = true;
  height = 1;
  chars: string[];
  pos: number;
  firstShown = 0;

  constructor(
    public left: number,
    public top: number,
    public width: number,
    value: string,
    readonly password: boolean,
  ) {
    this.chars = [...value];
    this.pos = this.chars.length;
    this.scrollToCursor();
  }

  get value(): string {
    return this.chars.join('');
  }

  private shown(c: string): string {
    return this.password ? '*' : c;
  }

  private scrollToCursor(): void {
    if (this.pos < this.firstShown) this.firstShown = this.pos;
    // Keep the cursor inside the field (one column is the cursor itself).
    for (;;) {
      let w = 0;
      for (let i = this.firstShown; i < this.pos; i++) w += charWidth(this.shown(this.chars[i]).codePointAt(0)!);
      if (w < this.width || this.firstShown >= this.pos) break;
      this.firstShown++;
    }
  }

  draw(screen: CellScreen, x: number, y: number): void {
    let text = '';
    let w = 0;
    for (let i = this.firstShown; i < this.chars.length; i++) {
      const c = this.shown(this.chars[i]);
      const cw = charWidth(c.codePointAt(0)!);
      if (w + cw > this.width) break;
      text += c;
      w += cw;
    }
    screen.put(y + this.top, x + this.left, text + '_'.repeat(Math.max(0, this.width - w)), COLORS.entry);
  }

  key(k: Key): KeyResult {
    if ('char' in k) {
      const cp = k.char.codePointAt(0)!;
      if (k.char === '\x01') this.pos = 0;
      else if (k.char === '\x05') this.pos = this.chars.length;
      else if (k.char === '\x0b') this.chars.splice(this.pos);
      else if (k.char === '\x15') {
        this.chars.splice(0, this.pos);
        this.pos = 0;
      } else if (cp < 0x20) return 'ignored';
      else {
        this.chars.splice(this.pos, 0, k.char);
        this.pos++;
      }
      this.scrollToCursor();
      return 'swallowed';
    }
    switch (k.name) {
      case 'enter':
        return 'exit';
      case 'left':
        if (this.pos > 0) this.pos--;
        break;
      case 'right':
        if (this.pos < this.chars.length) this.pos++;
        break;
      case 'home':
        this.pos = 0;
        break;
      case 'end':
        this.pos = this.chars.length;
        break;
      case 'backspace':
        if (this.pos > 0) {
          this.chars.splice(this.pos - 1, 1);
          this.pos--;
        }
        break;
      case 'delete':
        this.chars.splice(this.pos, 1);
        break;
      default:
        return 'ignored';
    }
    this.scrollToCursor();
    return 'swallowed';
  }

  cursor(): { row: number; col: number } {
    let w = 0;
    for (let i = this.firstShown; i < this.pos; i++) w += charWidth(this.shown(this.chars[i]).codePointAt(0)!);
    return { row: this.top, col: this.left + w };
  }
}

/** What ended a form: a component (Enter/Space on it), or Escape. */
export type FormExit = { readonly component: Component } | { readonly escape: true };

export class Form {
  readonly components: Component[] = [];
  focus = 0;

  add(...cs: Component[]): this {
    this.components.push(...cs);
    return this;
  }

  private focusable(): Component[] {
    return this.components.filter((c) => c.takesFocus);
  }

  get current(): Component | null {
    return this.focusable()[this.focus] ?? null;
  }

  setCurrent(c: Component): void {
    const i = this.focusable().indexOf(c);
    if (i >= 0) this.focus = i;
  }

  /** Draws every component (the form's box is first cleared, as newtDrawForm does). */
  draw(screen: CellScreen, x: number, y: number): void {
    let top = Infinity;
    let left = Infinity;
    let bottom = 0;
    let right = 0;
    for (const c of this.components) {
      top = Math.min(top, c.top);
      left = Math.min(left, c.left);
      bottom = Math.max(bottom, c.top + c.height);
      right = Math.max(right, c.left + c.width);
    }
    if (top !== Infinity) screen.fill(y + top, x + left, bottom - top, right - left, ' ', COLORS.window);
    const cur = this.current;
    for (const c of this.components) c.draw(screen, x, y, c === cur);
    if (cur !== null) {
      const p = cur.cursor();
      screen.cursorRow = y + p.row;
      screen.cursorCol = x + p.col;
    }
  }

  /** One key: null while the form goes on, else why it ended. */
  key(k: Key): FormExit | null {
    const cur = this.current;
    if (cur !== null) {
      const r = cur.key(k);
      if (r === 'exit') return { component: cur };
      if (r === 'swallowed') return null;
    }
    if (!('name' in k)) return null;
    const n = this.focusable().length;
    if (n === 0) return k.name === 'esc' ? { escape: true } : null;
    switch (k.name) {
      case 'esc':
        return { escape: true };
      case 'tab':
        this.focus = (this.focus + 1) % n;
        return null;
      case 'backtab':
        this.focus = (this.focus + n - 1) % n;
        return null;
      case 'right':
      case 'down':
        if (this.focus < n - 1) this.focus++;
        return null;
      case 'left':
      case 'up':
        if (this.focus > 0) this.focus--;
        return null;
      default:
        return null;
    }
  }
}
