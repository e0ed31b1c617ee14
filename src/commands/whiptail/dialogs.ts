// whiptail's boxes (newt's dialogboxes.c and whiptail.c, 0.52.23): the size guess when the
// caller gives 0, the window centred on the screen, and the components of each box at the
// positions newt uses (buttons at (width-18)/3 and ((width-18)/3)*2+9, the entry under the
// text, the list centred...). A Dialog is a pure state machine: keys in, screen and result out.
import { Button, Entry, Form, Listbox, Textbox, type Component } from './form.ts';
import { drawRoot, drawWindow } from './newt.ts';
import { CellScreen } from './screen.ts';
import type { Key } from './keys.ts';
import { strWidth } from './text-width.ts';

export type DialogKind = 'msgbox' | 'infobox' | 'yesno' | 'inputbox' | 'passwordbox' | 'menu';

export interface MenuItem {
  readonly tag: string;
  readonly item: string;
}

export interface DialogSpec {
  readonly kind: DialogKind;
  readonly text: string;
  /** As given on whiptail's command line; 0 or less: guessed from the contents. */
  readonly height: number;
  readonly width: number;
  readonly title?: string | null;
  readonly backtitle?: string | null;
  /** --menu: the list's height and items. */
  readonly listHeight?: number;
  readonly items?: readonly MenuItem[];
  readonly defaultItem?: string | null;
  /** --inputbox/--passwordbox: the initial text. */
  readonly init?: string;
  readonly defaultNo?: boolean;
  readonly noCancel?: boolean;
  readonly scrollText?: boolean;
  readonly noItem?: boolean;
  readonly noTags?: boolean;
  readonly topLeft?: boolean;
  /** Button labels (newt's translations: Ok, Cancel, Yes, No; "Annuler", "Oui", "Non" in French). */
  readonly buttons?: { readonly ok?: string; readonly cancel?: string; readonly yes?: string; readonly no?: string };
}

/** whiptail's exit status: 0 Ok/Yes, 1 Cancel/No, 255 Escape. */
export interface DialogResult {
  readonly code: 0 | 1 | 255;
  /** What whiptail prints to its output fd: the entry text or the chosen tag. */
  readonly value: string | null;
}

/** whiptail's cleanNewlines: the two characters `\n` become a newline. */
export function cleanNewlines(text: string): string {
  return text.replace(/\\n/g, '\n');
}

function textSize(text: string, maxWidth: number): { h: number; w: number } {
  let h = 0;
  let w = 0;
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    h++;
    const chrs = strWidth(line);
    w = Math.max(w, chrs);
    h += Math.trunc(chrs / maxWidth);
  }
  return { h: h + 2, w: Math.min(w + 2, maxWidth) };
}

/** whiptail.c guessSize: the window size for the contents; may turn on --scrolltext. */
export function guessSize(spec: DialogSpec, cols: number, rows: number): { height: number; width: number; scroll: boolean } {
  let scroll = false;
  const t = textSize(spec.text, cols - 4);
  let h = t.h;
  let w = Math.max(t.w, spec.title ? strWidth(spec.title) : 0);
  if (w > 0) w += 4;
  const buttons = (count: number): void => {
    h += 2;
    w = Math.max(w, count === 1 ? 7 : 19);
  };
  switch (spec.kind) {
    case 'menu': {
      buttons(spec.noCancel ? 1 : 2);
      const items = spec.items ?? [];
      const tagW = items.reduce((m, i) => Math.max(m, strWidth(i.tag)), 0);
      const descW = items.reduce((m, i) => Math.max(m, strWidth(i.item)), 0);
      w = Math.min(Math.max(w, tagW + descW + 5), cols);
      const lh = Math.min(items.length, rows - h - 4);
      h = h + lh + 1;
      break;
    }
    case 'yesno':
    case 'msgbox':
      buttons(1);
      break;
    case 'inputbox':
    case 'passwordbox':
      buttons(spec.noCancel ? 1 : 2);
      h += 1;
      break;
    default:
      break;
  }
  w += 2;
  h += 2;
  if (h > rows - 1) {
    h = rows - 1;
    scroll = true;
    w += 2;
  }
  const width = Math.min(Math.max(spec.width, w), cols);
  const height = Math.max(spec.height, h);
  return { height, width, scroll };
}

export class Dialog {
  private readonly form = new Form();
  /** Interior size (whiptail's width - 2, height - 2). */
  readonly width: number;
  readonly height: number;
  private readonly menuItems: readonly MenuItem[];
  private listbox: Listbox | null = null;
  private entry: Entry | null = null;
  private cancel: Button | null = null;
  private no: Button | null = null;
  private cols: number;
  private rows: number;

  constructor(
    readonly spec: DialogSpec,
    cols: number,
    rows: number,
  ) {
    this.cols = cols;
    this.rows = rows;
    let height = spec.height;
    let width = spec.width;
    let scroll = spec.scrollText === true;
    const text = cleanNewlines(spec.text);
    if (height <= 0 || width <= 0) {
      const g = guessSize({ ...spec, text }, cols, rows);
      height = g.height;
      width = g.width;
      scroll ||= g.scroll;
    }
    this.width = width - 2;
    this.height = height - 2;
    this.menuItems = spec.items ?? [];
    this.build(text, scroll);
  }

  private label(which: 'ok' | 'cancel' | 'yes' | 'no'): string {
    const dflt = { ok: 'Ok', cancel: 'Cancel', yes: 'Yes', no: 'No' }[which];
    return this.spec.buttons?.[which] ?? dflt;
  }

  /** dialogboxes.c textbox(): at (1, 0), shrunk to its text; returns its height. */
  private topTextbox(maxHeight: number, width: number, text: string, scroll: boolean): number {
    const tb = new Textbox(1, 0, width, maxHeight, text, scroll);
    if (tb.lines.length < maxHeight) tb.height = tb.lines.length;
    this.form.add(tb);
    return tb.height;
  }

  private addButtons(): void {
    const { width, height } = this;
    const row = height - 1 - 1;
    if (this.spec.noCancel) {
      this.form.add(new Button(Math.trunc((width - 8) / 2), row, this.label('ok')));
    } else {
      const third = Math.trunc((width - 18) / 3);
      this.cancel = new Button(third * 2 + 9, row, this.label('cancel'));
      this.form.add(new Button(third, row, this.label('ok')), this.cancel);
    }
  }

  private build(text: string, scroll: boolean): void {
    const { width, height } = this;
    const kind = this.spec.kind;
    if (kind === 'msgbox' || kind === 'infobox' || kind === 'yesno') {
      this.form.add(new Textbox(1, 1, width - 2, height - 3 - 1, text, scroll));
      if (kind === 'msgbox') {
        this.form.add(new Button(Math.trunc((width - 8) / 2), height - 2, this.label('ok')));
      } else if (kind === 'yesno') {
        const third = Math.trunc((width - 16) / 3);
        const yes = new Button(third, height - 2, this.label('yes'));
        this.no = new Button(third * 2 + 9, height - 2, this.label('no'));
        this.form.add(yes, this.no);
        if (this.spec.defaultNo) this.form.setCurrent(this.no);
      }
      return;
    }
    if (kind === 'inputbox' || kind === 'passwordbox') {
      const top = this.topTextbox(height - 3 - 1, width - 2, text, scroll);
      this.entry = new Entry(1, top + 1, width - 2, this.spec.init ?? '', kind === 'passwordbox');
      this.form.add(this.entry);
      this.addButtons();
      return;
    }
    // --menu
    const items = this.menuItems;
    const listHeight = Math.max(0, this.spec.listHeight ?? items.length);
    const top = this.topTextbox(height - 4 - 1 - listHeight, width - 2, text, scroll);
    const scrolls = listHeight < items.length;
    const extra = scrolls ? 2 : 0;
    let maxTag = this.spec.noTags ? 0 : items.reduce((m, i) => Math.max(m, strWidth(i.tag)), 0);
    const maxText = items.reduce((m, i) => Math.max(m, strWidth(this.spec.noItem ? '' : i.item)), 0);
    if (this.spec.noTags) maxTag = 0;
    const lineWidth = Math.min(maxTag + maxText + extra + 1, this.cols - 6);
    let tagWidth = maxTag;
    let textWidth = maxText;
    if (maxText === 0) tagWidth = lineWidth;
    else {
      tagWidth++;
      textWidth++;
      while (textWidth + tagWidth + extra > lineWidth) {
        if (textWidth >= tagWidth && textWidth > 0) textWidth--;
        else if (tagWidth > 0) tagWidth--;
        else break;
      }
    }
    const fit = (s: string, w: number): string => {
      let out = '';
      let used = 0;
      for (const ch of s) {
        const cw = strWidth(ch);
        if (used + cw > w) break;
        out += ch;
        used += cw;
      }
      return out;
    };
    const lines = items.map((i) => {
      if (this.spec.noTags) return this.spec.noItem ? '' : i.item;
      const tag = fit(i.tag, tagWidth);
      return tag + ' '.repeat(Math.max(0, tagWidth - strWidth(tag))) + fit(this.spec.noItem ? '' : i.item, textWidth);
    });
    // The list is as wide as its items; with a scroll bar, the bar takes the last columns.
    const lb = new Listbox(Math.trunc((width - lineWidth) / 2), top + 1, listHeight, lines, scrolls, lines.reduce((m, l) => Math.max(m, strWidth(l)), 0));
    this.listbox = lb;
    const def = this.spec.defaultItem;
    if (def !== undefined && def !== null) {
      const i = items.findIndex((it) => it.tag === def);
      if (i >= 0) lb.setCurrent(i);
    }
    this.form.add(lb);
    this.addButtons();
  }

  /** Window interior position for the current terminal size (centred, or top-left). */
  geometry(): { left: number; top: number; width: number; height: number } {
    if (this.spec.topLeft) return { left: 1, top: 1, width: this.width, height: this.height };
    return {
      left: Math.trunc((this.cols - this.width) / 2),
      top: Math.trunc((this.rows - this.height) / 2),
      width: this.width,
      height: this.height,
    };
  }

  resize(cols: number, rows: number): void {
    this.cols = cols;
    this.rows = rows;
  }

  draw(): CellScreen {
    const screen = new CellScreen(this.cols, this.rows);
    drawRoot(screen, this.spec.backtitle ?? null);
    const g = this.geometry();
    drawWindow(screen, g, this.spec.title ?? null);
    this.form.draw(screen, g.left, g.top);
    return screen;
  }

  /** Feeds one key; the result once the box is closed. */
  key(k: Key): DialogResult | null {
    if (this.spec.kind === 'infobox') return { code: 0, value: null };
    const exit = this.form.key(k);
    if (exit === null) return null;
    return this.result(exit);
  }

  private result(exit: { readonly component: Component } | { readonly escape: true }): DialogResult {
    const kind = this.spec.kind;
    if (kind === 'yesno') {
      // messageBox: the answer is the focused button, even after Escape.
      if (this.form.current === this.no) return { code: 1, value: null };
      return { code: 'escape' in exit ? 255 : 0, value: null };
    }
    if ('escape' in exit) return { code: 255, value: null };
    if (exit.component === this.cancel) return { code: 1, value: null };
    if (kind === 'msgbox') return { code: 0, value: null };
    if (this.entry !== null) return { code: 0, value: this.entry.value };
    if (this.listbox !== null) return { code: 0, value: this.menuItems[this.listbox.current]?.tag ?? '' };
    return { code: 0, value: null };
  }
}
