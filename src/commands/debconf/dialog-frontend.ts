// debconf's Dialog frontend (Debconf::FrontEnd::Dialog and Element::Dialog::*, debconf 1.5.82)
// driving whiptail: the same text wrapping and window sizes (borderwidth 5, borderheight 6,
// spacer 1, titlespacer 10, columnspacer 3, selectspacer 13), a note first when the question's
// text does not fit, --scrolltext for long notes, Cancel/Escape meaning "back".
import type { DebconfFrontend, DebconfQuestion } from '../../os/packages/debconf/confmodule.ts';
import type { DialogResult, DialogSpec, MenuItem } from '../whiptail/dialogs.ts';
import type { Wrapper } from './wrap.ts';

const BORDERWIDTH = 5;
const BORDERHEIGHT = 6;
const SPACER = 1;
const TITLESPACER = 10;
const COLUMNSPACER = 3;
const SELECTSPACER = 13;

/** Runs one whiptail box on the terminal and tells its size. */
export interface DialogRunner {
  readonly columns: number;
  readonly rows: number;
  run(spec: DialogSpec): Promise<DialogResult>;
}

export interface DialogTexts {
  /** "Package configuration" / "Outil de configuration des paquets". */
  readonly backtitle: string;
  readonly buttons: { readonly ok: string; readonly cancel: string; readonly yes: string; readonly no: string };
}

export class DialogFrontend implements DebconfFrontend {
  readonly name = 'Dialog';
  readonly interactive = true;
  title = '';

  constructor(
    private readonly runner: DialogRunner,
    private readonly wrapper: Wrapper,
    private readonly texts: DialogTexts,
  ) {}

  private get screenwidth(): number {
    return this.runner.columns;
  }

  private get screenheight(): number {
    return this.runner.rows;
  }

  /** sizetext: wrapped text, its dialog height and width. */
  private sizetext(text: string): { text: string; lines: number; columns: number } {
    const columns = this.screenwidth - BORDERWIDTH - COLUMNSPACER;
    const wrapped = this.wrapper.wrap(text, columns);
    const lines = splitLines(wrapped);
    let windowColumns = this.wrapper.width(this.title) + TITLESPACER;
    for (const l of lines) windowColumns = Math.max(windowColumns, this.wrapper.width(l));
    return { text: wrapped, lines: lines.length + BORDERHEIGHT, columns: windowColumns + BORDERWIDTH };
  }

  private async show(spec: Omit<DialogSpec, 'title' | 'backtitle' | 'buttons'>): Promise<DialogResult> {
    return this.runner.run({ ...spec, title: this.title, backtitle: this.texts.backtitle, buttons: this.texts.buttons });
  }

  /** showtext: a msgbox, scrolling when taller than the screen. */
  private async showtext(intext: string): Promise<DialogResult> {
    const { text, columns } = this.sizetext(intext);
    const lines = splitLines(text);
    let num: number;
    let scroll = false;
    if (this.screenheight - 4 - BORDERHEIGHT <= lines.length - 1) {
      num = this.screenheight - 4 - BORDERHEIGHT;
      scroll = true;
    } else num = lines.length;
    return this.show({ kind: 'msgbox', text: lines.join('\n'), height: num + BORDERHEIGHT, width: columns, scrollText: scroll });
  }

  /** makeprompt: the whole text if it fits, else the extended part as a note first. */
  private async makeprompt(q: DebconfQuestion, extra = 0): Promise<{ text: string; lines: number; columns: number; back: boolean }> {
    const freelines = this.screenheight - BORDERHEIGHT + 1 + extra;
    let s = this.sizetext(`${q.extendedDescription}\n\n${q.description}`);
    let back = false;
    if (s.lines > freelines) {
      const r = await this.showtext(q.extendedDescription);
      back = isBack(r, false);
      s = this.sizetext(q.description);
    }
    return { ...s, back };
  }

  /** Debconf::FrontEnd::Dialog->ellipsize: a choice too wide for the screen ends in "...". */
  private ellipsize(text: string): string {
    let columns = this.screenwidth - BORDERWIDTH - COLUMNSPACER - SELECTSPACER;
    if (this.wrapper.width(text) > columns) {
      columns -= 3;
      return this.wrapper.wrap(text, columns).split('\n')[0] + '...';
    }
    return text;
  }

  async ask(q: DebconfQuestion): Promise<string | null> {
    switch (q.type) {
      case 'boolean':
        return this.askBoolean(q);
      case 'select':
        return this.askSelect(q);
      case 'string':
      case 'password':
        return this.askString(q);
      case 'note':
      case 'text':
      case 'error': {
        const r = await this.showtext(`${q.description}\n\n${q.extendedDescription}`);
        return isBack(r, false) ? null : '';
      }
      default:
        return this.askString(q);
    }
  }

  private async askString(q: DebconfQuestion): Promise<string | null> {
    const p = await this.makeprompt(q);
    if (p.back) return null;
    const r = await this.show({
      kind: q.type === 'password' ? 'passwordbox' : 'inputbox',
      text: stripFinalNewline(p.text),
      height: p.lines + SPACER,
      width: p.columns,
      init: q.type === 'password' ? '' : q.value,
    });
    if (isBack(r, false)) return null;
    return r.value ?? '';
  }

  private async askBoolean(q: DebconfQuestion): Promise<string | null> {
    const p = await this.makeprompt(q, 1);
    if (p.back) return null;
    const r = await this.show({ kind: 'yesno', text: stripFinalNewline(p.text), height: p.lines, width: p.columns, defaultNo: q.value === 'false' });
    if (isBack(r, true)) return null;
    return r.code === 0 ? 'true' : 'false';
  }

  private async askSelect(q: DebconfQuestion): Promise<string | null> {
    const p = await this.makeprompt(q, -2);
    if (p.back) return null;
    let { lines, columns } = p;
    const screenLines = this.screenheight - SPACER;
    const choices = q.choices;
    let menuHeight = choices.length;
    if (lines + choices.length - 1 + 2 >= screenLines) menuHeight = screenLines - lines - 4;
    lines = lines + menuHeight + SPACER;
    const unellipsized = new Map<string, string>();
    const items: MenuItem[] = [];
    for (const full of choices) {
      let choice = this.ellipsize(full);
      if (unellipsized.has(choice)) choice = full;
      unellipsized.set(choice, full);
      items.push({ tag: choice, item: '' });
      columns = Math.max(columns, this.wrapper.width(choice) + SELECTSPACER);
    }
    // translate_default: the shown choice at the index of the stored (untranslated) value.
    const idx = q.choicesC.indexOf(q.value);
    const shownDefault = idx >= 0 && idx < choices.length ? this.ellipsize(choices[idx]) : '';
    const r = await this.show({
      kind: 'menu',
      text: stripFinalNewline(p.text),
      height: lines,
      width: columns,
      listHeight: menuHeight,
      items,
      defaultItem: shownDefault,
    });
    if (isBack(r, false)) return null;
    const full = unellipsized.get(r.value ?? '') ?? '';
    const i = choices.indexOf(full);
    return i >= 0 ? (q.choicesC[i] ?? full) : '';
  }
}

/** waitdialog: 255 (Escape) is "back", and 1 (Cancel) too except for a yes/no box. */
function isBack(r: DialogResult, yesno: boolean): boolean {
  return r.code === 255 || (r.code === 1 && !yesno);
}

/** Perl's split(/\n/): trailing empty fields dropped. */
function splitLines(text: string): string[] {
  const l = text.split('\n');
  while (l.length > 0 && l[l.length - 1] === '') l.pop();
  return l;
}

function stripFinalNewline(s: string): string {
  return s;
}
