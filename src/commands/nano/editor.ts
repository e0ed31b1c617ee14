// The editing session of GNU nano 7.2 as Debian 12 configures it (/etc/nanorc: stateflags,
// locking, historylog, the default syntax): the buffer as lines with nano's "magic" empty last
// line, the cursor and its wanted column, the title bar, the edit window that scrolls line by
// line (smooth scrolling) and sideways for the current line only, the status bar with its
// [ messages ], the two shortcut rows of each menu, and the prompts (Write Out, Where Is,
// Replace, Go To Line, Read File, Save modified buffer?).
import type { Key } from './keys.ts';
import type { Messages } from './messages.ts';
import { Frame, type Attr } from './screen.ts';
import { colorLine } from './syntax.ts';
import { breadth, columnOf, displayCells, indexAtColumn, pageStart } from './text.ts';

export const VERSION = 'GNU nano 7.2';

/** What the editor needs from the program around it. */
export interface EditorIo {
  nextKey(): Promise<Key | 'resize' | null>;
  draw(frame: Frame, cursor: { row: number; col: number }, full: boolean): void;
  size(): { cols: number; rows: number };
  /** Writes the buffer; an error text ("Permission denied") or null. */
  writeFile(path: string, data: string): string | null;
  /** Reads a file for ^R; its text or an error text. */
  readFile(path: string): { text: string } | { error: string };
  exists(path: string): boolean;
  /** The buffer became modified (the lock file records it). */
  onModified(): void;
}

type MessageKind = 'info' | 'error';

interface Snapshot {
  lines: string[];
  cur: number;
  x: number;
}

/** A shortcut shown in the bottom rows: the key as displayed and its tag. */
type Shortcut = readonly [string, string];

const MAIN_MENU: readonly Shortcut[] = [
  ['^G', 'Help'], ['^X', 'Exit'], ['^O', 'Write Out'], ['^R', 'Read File'], ['^W', 'Where Is'], ['^\\', 'Replace'],
  ['^K', 'Cut'], ['^U', 'Paste'], ['^T', 'Execute'], ['^J', 'Justify'], ['^C', 'Location'], ['^/', 'Go To Line'],
  ['M-U', 'Undo'], ['M-E', 'Redo'], ['M-A', 'Set Mark'], ['M-6', 'Copy'], ['M-]', 'To Bracket'], ['M-Q', 'Where Was'],
  ['M-W', 'Next'],
];
const WRITE_MENU: readonly Shortcut[] = [
  ['^G', 'Help'], ['^C', 'Cancel'], ['M-D', 'DOS Format'], ['M-M', 'Mac Format'], ['M-A', 'Append'], ['M-P', 'Prepend'],
  ['M-B', 'Backup File'], ['^T', 'Browse'],
];
const SEARCH_MENU: readonly Shortcut[] = [
  ['^G', 'Help'], ['^C', 'Cancel'], ['M-C', 'Case Sens'], ['M-R', 'Reg.exp.'], ['M-B', 'Backwards'], ['^R', 'Replace'],
  ['^P', 'Older'], ['^N', 'Newer'], ['^T', 'Go To Line'],
];
const PLAIN_MENU: readonly Shortcut[] = [['^G', 'Help'], ['^C', 'Cancel']];

export class Editor {
  lines: string[];
  cur = 0;
  x = 0;
  /** placewewant: the column the cursor goes back to on up/down. */
  private want = 0;
  private top = 0;
  modified = false;
  filename: string;
  private cutbuf: string[] = [];
  private keepCutting = false;
  private status: { text: string; kind: MessageKind } | null = null;
  private statusBlank = 0;
  private spotlight: { line: number; from: number; to: number } | null = null;
  private lastSearch = '';
  readonly searches: string[] = [];
  private undoStack: Snapshot[] = [];
  private redoStack: Snapshot[] = [];
  private lastEdit: 'type' | 'other' | null = null;
  private full = true;

  constructor(
    private readonly io: EditorIo,
    private readonly msg: Messages,
    opts: { filename: string; text: string | null; message: { text: string; kind: MessageKind } | null; line?: number; column?: number },
  ) {
    this.filename = opts.filename;
    this.lines = splitText(opts.text ?? '');
    this.status = opts.message;
    this.statusBlank = 20;
    if (opts.line !== undefined) this.goTo(opts.line, opts.column ?? 1);
  }

  // ---- the main loop ----------------------------------------------------------------------

  /** Edits until ^X; resolves when nano should exit. */
  async run(): Promise<void> {
    for (;;) {
      this.draw();
      const key = await this.io.nextKey();
      if (key === null) return; // the terminal went away
      if (key === 'resize') {
        this.full = true;
        continue;
      }
      this.spotlight = null;
      if (this.status !== null && --this.statusBlank <= 0) this.status = null;
      if ((await this.handle(key)) === 'exit') return;
    }
  }

  private async handle(key: Key): Promise<'exit' | void> {
    const wasCut = this.keepCutting;
    this.keepCutting = false;
    switch (key.t) {
      case 'text':
        for (const ch of key.text) this.insert(ch);
        return;
      case 'paste':
        this.insertText(key.text.replace(/\r\n?/g, '\n'));
        return;
      case 'enter':
        this.insertText('\n');
        return;
      case 'tab':
        this.insert('\t');
        return;
      case 'bksp':
        return this.backspace();
      case 'del':
        return this.deleteChar();
      case 'up':
        return this.moveVert(-1);
      case 'down':
        return this.moveVert(1);
      case 'left':
        return this.left();
      case 'right':
        return this.right();
      case 'home':
        return this.home();
      case 'end':
        return this.end();
      case 'pgup':
        return this.page(-1);
      case 'pgdn':
        return this.page(1);
      case 'ctrl-home':
        return this.goTo(1, 1);
      case 'ctrl-end':
        return this.goTo(this.lines.length, Number.MAX_SAFE_INTEGER);
      case 'ctrl':
        return this.control(key.c, wasCut);
      case 'meta':
        return this.meta(key.c, wasCut);
      default:
        return;
    }
  }

  private async control(c: string, wasCut: boolean): Promise<'exit' | void> {
    switch (c) {
      case 'x':
        return this.exit();
      case 'o':
        await this.writeOut(true);
        return;
      case 's':
        await this.writeOut(false);
        return;
      case 'w':
        await this.whereIs();
        return;
      case '\\':
        await this.replace();
        return;
      case 'k':
        this.cut(wasCut);
        return;
      case 'u':
        this.paste();
        return;
      case 'c':
        this.reportPosition();
        return;
      case '/':
      case '_':
        await this.goToPrompt();
        return;
      case 'r':
        await this.readFilePrompt();
        return;
      case 'g':
        await this.help();
        return;
      case 'a':
        return this.home();
      case 'e':
        return this.end();
      case 'b':
        return this.left();
      case 'f':
        return this.right();
      case 'p':
        return this.moveVert(-1);
      case 'n':
        return this.moveVert(1);
      case 'y':
        return this.page(-1);
      case 'v':
        return this.page(1);
      case 'd':
        return this.deleteChar();
      case 'h':
        return this.backspace();
      case 'i':
        return this.insert('\t');
      case 'm':
        this.insertText('\n');
        return;
      case 'l':
        this.full = true;
        return;
      default:
        return;
    }
  }

  private async meta(c: string, wasCut: boolean): Promise<'exit' | void> {
    switch (c) {
      case 'u':
        return this.undo();
      case 'e':
        return this.redo();
      case '6':
      case '^':
        this.copyLine(wasCut);
        return;
      case 'w':
        this.findNext();
        return;
      case 'g':
        await this.goToPrompt();
        return;
      case '\\':
        return this.goTo(1, 1);
      case '/':
        return this.goTo(this.lines.length, Number.MAX_SAFE_INTEGER);
      default:
        return;
    }
  }

  // ---- status messages --------------------------------------------------------------------

  private say(text: string, kind: MessageKind = 'info'): void {
    this.status = { text, kind };
    this.statusBlank = 20;
  }

  // ---- editing ----------------------------------------------------------------------------

  private snapshot(kind: 'type' | 'other'): void {
    if (kind === 'type' && this.lastEdit === 'type') return;
    this.undoStack.push({ lines: [...this.lines], cur: this.cur, x: this.x });
    if (this.undoStack.length > 200) this.undoStack.shift();
    this.redoStack = [];
    this.lastEdit = kind;
  }

  private touched(): void {
    if (!this.modified) {
      this.modified = true;
      this.io.onModified();
    }
  }

  private insert(ch: string): void {
    this.snapshot('type');
    const l = this.lines[this.cur];
    this.lines[this.cur] = l.slice(0, this.x) + ch + l.slice(this.x);
    this.x += ch.length;
    this.keepMagicLine();
    this.want = columnOf(this.lines[this.cur], this.x);
    this.touched();
  }

  /** Inserts text that may hold newlines at the cursor. */
  private insertText(text: string): void {
    if (text === '') return;
    this.snapshot('other');
    this.lastEdit = 'other';
    const l = this.lines[this.cur];
    const parts = text.split('\n');
    const before = l.slice(0, this.x);
    const after = l.slice(this.x);
    const added = parts.map((p, i) => (i === 0 ? before + p : p));
    added[added.length - 1] += after;
    this.lines.splice(this.cur, 1, ...added);
    this.cur += parts.length - 1;
    this.x = (parts.length === 1 ? before.length : 0) + parts[parts.length - 1].length;
    this.keepMagicLine();
    this.want = columnOf(this.lines[this.cur], this.x);
    this.touched();
  }

  /** nano keeps an empty line at the end of the buffer (new_magicline). */
  private keepMagicLine(): void {
    if (this.lines[this.lines.length - 1] !== '') this.lines.push('');
  }

  private backspace(): void {
    if (this.x > 0) {
      this.snapshot('type');
      const l = this.lines[this.cur];
      this.lines[this.cur] = l.slice(0, this.x - 1) + l.slice(this.x);
      this.x--;
    } else if (this.cur > 0) {
      this.snapshot('other');
      const prev = this.lines[this.cur - 1];
      this.lines.splice(this.cur - 1, 2, prev + this.lines[this.cur]);
      this.cur--;
      this.x = prev.length;
    } else return;
    this.want = columnOf(this.lines[this.cur], this.x);
    this.touched();
  }

  private deleteChar(): void {
    const l = this.lines[this.cur];
    if (this.x < l.length) {
      this.snapshot('type');
      this.lines[this.cur] = l.slice(0, this.x) + l.slice(this.x + 1);
    } else if (this.cur < this.lines.length - 1) {
      this.snapshot('other');
      this.lines.splice(this.cur, 2, l + this.lines[this.cur + 1]);
      this.keepMagicLine();
    } else return;
    this.touched();
  }

  private cut(append: boolean): void {
    this.snapshot('other');
    this.lastEdit = 'other';
    if (!append) this.cutbuf = [];
    const last = this.cur === this.lines.length - 1;
    if (last) {
      // The magic line: only its text (none, normally) can be cut.
      if (this.lines[this.cur] === '') return;
      this.cutbuf.push(this.lines[this.cur]);
      this.lines[this.cur] = '';
      this.cutbuf.push('');
    } else {
      this.cutbuf.push(this.lines[this.cur]);
      this.lines.splice(this.cur, 1);
    }
    this.x = 0;
    this.want = 0;
    this.keepCutting = true;
    this.touched();
  }

  private copyLine(append: boolean): void {
    if (!append) this.cutbuf = [];
    if (this.cur === this.lines.length - 1) return;
    this.cutbuf.push(this.lines[this.cur]);
    this.cur++;
    this.x = 0;
    this.want = 0;
    this.keepCutting = true;
  }

  private paste(): void {
    if (this.cutbuf.length === 0) return;
    // Whole lines each end with a newline; a final '' marks a last line cut without one.
    const partial = this.cutbuf[this.cutbuf.length - 1] === '';
    this.insertText(partial ? this.cutbuf.slice(0, -1).join('\n') : this.cutbuf.join('\n') + '\n');
  }

  private undo(): void {
    const s = this.undoStack.pop();
    if (s === undefined) {
      this.say(this.msg.t('Nothing to undo'));
      return;
    }
    this.redoStack.push({ lines: [...this.lines], cur: this.cur, x: this.x });
    this.restore(s);
  }

  private redo(): void {
    const s = this.redoStack.pop();
    if (s === undefined) {
      this.say(this.msg.t('Nothing to redo'));
      return;
    }
    this.undoStack.push({ lines: [...this.lines], cur: this.cur, x: this.x });
    this.restore(s);
  }

  private restore(s: Snapshot): void {
    this.lines = s.lines;
    this.cur = Math.min(s.cur, this.lines.length - 1);
    this.x = Math.min(s.x, this.lines[this.cur].length);
    this.want = columnOf(this.lines[this.cur], this.x);
    this.lastEdit = null;
    this.touched();
  }

  // ---- moving -----------------------------------------------------------------------------

  private left(): void {
    if (this.x > 0) this.x--;
    else if (this.cur > 0) {
      this.cur--;
      this.x = this.lines[this.cur].length;
    }
    this.want = columnOf(this.lines[this.cur], this.x);
    this.lastEdit = null;
  }

  private right(): void {
    if (this.x < this.lines[this.cur].length) this.x++;
    else if (this.cur < this.lines.length - 1) {
      this.cur++;
      this.x = 0;
    }
    this.want = columnOf(this.lines[this.cur], this.x);
    this.lastEdit = null;
  }

  private home(): void {
    this.x = 0;
    this.want = 0;
    this.lastEdit = null;
  }

  private end(): void {
    this.x = this.lines[this.cur].length;
    this.want = columnOf(this.lines[this.cur], this.x);
    this.lastEdit = null;
  }

  private moveVert(d: number): void {
    const to = this.cur + d;
    if (to < 0 || to >= this.lines.length) return;
    this.cur = to;
    this.x = indexAtColumn(this.lines[this.cur], this.want);
    this.lastEdit = null;
  }

  /** PageUp/PageDown: the view and the cursor move by the edit window's height minus two. */
  private page(d: number): void {
    const rows = this.editRows();
    const step = rows < 3 ? 1 : rows - 2;
    const row = this.cur - this.top;
    if (d > 0) {
      this.top = Math.min(this.top + step, Math.max(0, this.lines.length - 1));
      this.cur = Math.min(this.lines.length - 1, this.top + row);
    } else {
      this.top = Math.max(0, this.top - step);
      this.cur = Math.min(this.lines.length - 1, this.top + row);
      if (this.cur < 0) this.cur = 0;
    }
    this.x = indexAtColumn(this.lines[this.cur], this.want);
    this.lastEdit = null;
  }

  private goTo(line: number, column: number): void {
    this.cur = Math.max(0, Math.min(this.lines.length - 1, line - 1));
    this.x = Math.min(this.lines[this.cur].length, Math.max(0, indexAtColumn(this.lines[this.cur], column - 1)));
    this.want = columnOf(this.lines[this.cur], this.x);
    // Jumps put the line in the middle of the window (CENTERING).
    this.top = Math.max(0, this.cur - Math.floor(this.editRows() / 2));
    this.lastEdit = null;
  }

  // ---- ^C ---------------------------------------------------------------------------------

  /** report_cursor_position(): line, column and character counts with percentages. */
  private reportPosition(): void {
    const line = this.lines[this.cur];
    const fullwidth = breadth(line) + 1;
    const column = columnOf(line, this.x) + 1;
    const total = this.lines.length;
    let sum = 0;
    for (let i = 0; i < this.cur; i++) sum += [...this.lines[i]].length + 1;
    sum += [...line.slice(0, this.x)].length;
    const totsize = this.lines.reduce((n, l) => n + [...l].length + 1, 0) - 1;
    const linepct = Math.floor((100 * (this.cur + 1)) / total);
    const colpct = Math.floor((100 * column) / fullwidth);
    const charpct = totsize === 0 ? 0 : Math.floor((100 * sum) / totsize);
    this.say(
      this.msg.t(
        'line %*zd/%zd (%2d%%), col %2zu/%2zu (%3d%%), char %*zu/%zu (%2d%%)',
        String(total).length, this.cur + 1, total, linepct, column, fullwidth, colpct, String(totsize).length, sum, totsize, charpct,
      ),
    );
  }

  // ---- search -----------------------------------------------------------------------------

  private async whereIs(): Promise<void> {
    const label = this.lastSearch !== '' ? `${this.msg.t('Search')} [${abbreviate(this.lastSearch)}]` : this.msg.t('Search');
    const answer = await this.prompt(label, '', SEARCH_MENU);
    if (answer === null) {
      this.say(this.msg.t('Cancelled'));
      return;
    }
    const needle = answer === '' ? this.lastSearch : answer;
    if (needle === '') {
      this.say(this.msg.t('Cancelled'));
      return;
    }
    this.lastSearch = needle;
    this.searches.push(needle);
    this.findNext();
  }

  /** Finds the next case-insensitive match after the cursor, wrapping around. */
  private findNext(): boolean {
    const needle = this.lastSearch;
    if (needle === '') return false;
    const low = needle.toLowerCase();
    const n = this.lines.length;
    for (let k = 0; k <= n; k++) {
      const li = (this.cur + k) % n;
      const text = this.lines[li].toLowerCase();
      const from = k === 0 ? this.x + 1 : 0;
      const at = text.indexOf(low, from);
      if (at >= 0 && !(k === n && at > this.x)) {
        const wrapped = this.cur + k >= n;
        const same = li === this.cur && at === this.x;
        this.cur = li;
        this.x = at;
        this.want = columnOf(this.lines[li], at);
        this.spotlight = { line: li, from: at, to: at + needle.length };
        if (same) this.say(this.msg.t('This is the only occurrence'));
        else if (wrapped) this.say(this.msg.t('Search Wrapped'));
        return true;
      }
    }
    // The only match may be where the cursor stands.
    if (this.lines[this.cur].toLowerCase().startsWith(low, this.x)) {
      this.spotlight = { line: this.cur, from: this.x, to: this.x + needle.length };
      this.say(this.msg.t('This is the only occurrence'));
      return true;
    }
    const shown = [...needle];
    const cut = shown.length > 25;
    this.say(this.msg.t('"%.*s%s" not found', 0, cut ? shown.slice(0, 25).join('') : needle, cut ? '...' : ''), 'error');
    return false;
  }

  private async replace(): Promise<void> {
    const search = await this.prompt(this.msg.t('Search') + this.msg.t(' (to replace)'), '', SEARCH_MENU);
    if (search === null || (search === '' && this.lastSearch === '')) {
      this.say(this.msg.t('Cancelled'));
      return;
    }
    const needle = search === '' ? this.lastSearch : search;
    this.lastSearch = needle;
    this.searches.push(needle);
    const repl = await this.prompt(this.msg.t('Replace with'), '', PLAIN_MENU);
    if (repl === null) {
      this.say(this.msg.t('Cancelled'));
      return;
    }
    this.snapshot('other');
    let count = 0;
    let all = false;
    const low = needle.toLowerCase();
    for (let li = this.cur, from = this.x; li < this.lines.length; li++, from = 0) {
      for (let at = this.lines[li].toLowerCase().indexOf(low, from); at >= 0; at = this.lines[li].toLowerCase().indexOf(low, from)) {
        this.cur = li;
        this.x = at;
        let answer: 'yes' | 'no' | 'all' | 'cancel' = 'yes';
        if (!all) {
          this.spotlight = { line: li, from: at, to: at + needle.length };
          answer = await this.yesNo(this.msg.t('Replace this instance?'), true);
          this.spotlight = null;
        }
        if (answer === 'cancel') {
          li = this.lines.length;
          break;
        }
        if (answer === 'all') all = true;
        if (answer === 'no') {
          from = at + 1;
          continue;
        }
        const l = this.lines[li];
        this.lines[li] = l.slice(0, at) + repl + l.slice(at + needle.length);
        from = at + repl.length;
        count++;
        this.touched();
      }
    }
    this.say(this.msg.n('Replaced %zd occurrence', count));
  }

  // ---- go to line, read file, help --------------------------------------------------------

  private async goToPrompt(): Promise<void> {
    const answer = await this.prompt(this.msg.t('Enter line number, column number'), '', PLAIN_MENU);
    if (answer === null || answer.trim() === '') {
      this.say(this.msg.t('Cancelled'));
      return;
    }
    const m = /^\s*(-?\d+)\s*(?:[,\s]\s*(-?\d+))?\s*$/.exec(answer);
    if (m === null) {
      this.say(this.msg.t('Invalid line or column number'), 'error');
      return;
    }
    let line = Number(m[1]);
    if (line < 0) line = this.lines.length + line + 1;
    this.goTo(Math.max(1, line), m[2] !== undefined ? Math.max(1, Number(m[2])) : 1);
  }

  private async readFilePrompt(): Promise<void> {
    const answer = await this.prompt(this.msg.t('File to insert [from %s]', './'), '', WRITE_MENU.slice(0, 2));
    if (answer === null || answer === '') {
      this.say(this.msg.t('Cancelled'));
      return;
    }
    const r = this.io.readFile(answer);
    if ('error' in r) {
      this.say(this.msg.t('Error reading %s: %s', answer, r.error), 'error');
      return;
    }
    this.insertText(r.text);
    this.say(this.msg.n('Read %zu line', lineCount(r.text)));
  }

  private async help(): Promise<void> {
    const text = this.fr() ? HELP_FR : HELP_EN;
    for (;;) {
      const f = this.frame();
      const rows = this.editRows();
      f.fill(0, 'rev');
      f.put(0, 2, VERSION, 'rev');
      const title = 'Help';
      f.put(0, Math.floor((f.cols - title.length) / 2), title, 'rev');
      text.slice(0, rows).forEach((l, i) => f.put(1 + i, 0, l));
      this.bars(f, [['^X', 'Exit'], ['^C', 'Cancel']]);
      this.io.draw(f, { row: f.rows - 3, col: 0 }, this.takeFull());
      const key = await this.io.nextKey();
      if (key === null) return;
      if (key !== 'resize' && key.t === 'ctrl' && 'xcg'.includes(key.c)) return;
    }
  }

  // ---- writing and exiting ----------------------------------------------------------------

  /** ^O (asking for the name) or ^S (saving under the current name). True once written. */
  private async writeOut(ask: boolean): Promise<boolean> {
    let name = this.filename;
    if (ask || name === '') {
      const answer = await this.prompt(this.msg.t('File Name to Write'), this.filename, WRITE_MENU);
      if (answer === null || answer === '') {
        this.say(this.msg.t('Cancelled'));
        return false;
      }
      if (answer !== this.filename && this.io.exists(answer)) {
        const q = this.fr() ? `Le fichier «\u00a0${answer}\u00a0» existe, VOULEZ-VOUS L'ÉCRASER\u00a0? ` : `File "${answer}" exists; OVERWRITE? `;
        const ok = await this.yesNo(q, false);
        if (ok !== 'yes') {
          this.say(this.msg.t('Cancelled'));
          return false;
        }
      }
      name = answer;
    }
    const err = this.io.writeFile(name, this.lines.join('\n'));
    if (err !== null) {
      this.say(this.msg.t('Error writing %s: %s', name, err), 'error');
      return false;
    }
    this.filename = name;
    this.modified = false;
    this.say(this.msg.n('Wrote %zu line', this.lines.length - 1));
    return true;
  }

  private async exit(): Promise<'exit' | void> {
    if (!this.modified) return 'exit';
    const answer = await this.yesNo(this.msg.t('Save modified buffer? '), false);
    if (answer === 'no') return 'exit';
    if (answer === 'cancel') {
      this.say(this.msg.t('Cancelled'));
      return;
    }
    if (await this.writeOut(true)) return 'exit';
  }

  // ---- prompts ----------------------------------------------------------------------------

  /** A status-bar prompt ("Label: answer"); the answer, or null when cancelled with ^C. */
  private async prompt(label: string, initial: string, menu: readonly Shortcut[]): Promise<string | null> {
    let answer = initial;
    let pos = answer.length;
    for (;;) {
      const f = this.frame();
      const row = f.rows - 3;
      const head = `${label}: `;
      f.fill(row, 'rev');
      // Too long to fit: show the end, as nano scrolls the answer.
      const room = f.cols - head.length - 1;
      const start = pos > room ? pos - room : 0;
      f.put(row, 0, head + answer.slice(start), 'rev');
      this.bars(f, menu);
      this.io.draw(f, { row, col: Math.min(f.cols - 1, head.length + pos - start) }, this.takeFull());
      const key = await this.io.nextKey();
      if (key === null) return null;
      if (key === 'resize') {
        this.full = true;
        continue;
      }
      switch (key.t) {
        case 'text':
        case 'paste': {
          const t = key.text.replace(/[\r\n]/g, '');
          answer = answer.slice(0, pos) + t + answer.slice(pos);
          pos += t.length;
          break;
        }
        case 'enter':
          this.status = null;
          return answer;
        case 'bksp':
          if (pos > 0) {
            answer = answer.slice(0, pos - 1) + answer.slice(pos);
            pos--;
          }
          break;
        case 'del':
          answer = answer.slice(0, pos) + answer.slice(pos + 1);
          break;
        case 'left':
          pos = Math.max(0, pos - 1);
          break;
        case 'right':
          pos = Math.min(answer.length, pos + 1);
          break;
        case 'home':
          pos = 0;
          break;
        case 'end':
          pos = answer.length;
          break;
        case 'ctrl':
          if (key.c === 'c') {
            this.status = null;
            return null;
          }
          if (key.c === 'a') pos = 0;
          else if (key.c === 'e') pos = answer.length;
          else if (key.c === 'k') {
            answer = '';
            pos = 0;
          } else if (key.c === 'm') {
            this.status = null;
            return answer;
          }
          break;
        default:
          break;
      }
    }
  }

  /** do_yesno_prompt(): " Y Yes" / " N No   ^C Cancel" (and " A All" when allowed). */
  private async yesNo(question: string, withAll: boolean): Promise<'yes' | 'no' | 'all' | 'cancel'> {
    for (;;) {
      const f = this.frame();
      const row = f.rows - 3;
      const width = f.cols < 32 ? Math.floor(f.cols / 2) : 16;
      f.fill(row, 'rev');
      f.put(row, 0, [...question].slice(0, f.cols - 1).join(''), 'rev');
      f.fill(row + 1, '');
      f.fill(row + 2, '');
      const yes = this.msg.yes[0];
      postKey(f, row + 1, 0, ` ${yes.toUpperCase()}`, this.msg.t('Yes'), width);
      if (withAll) postKey(f, row + 1, width, ` ${this.fr() ? 'T' : 'A'}`, this.msg.t('All'), width);
      postKey(f, row + 2, 0, ' N', this.msg.t('No'), width);
      postKey(f, row + 2, width, '^C', this.msg.t('Cancel'), width);
      this.io.draw(f, { row, col: Math.min(f.cols - 1, [...question].length) }, this.takeFull());
      const key = await this.io.nextKey();
      if (key === null) return 'cancel';
      if (key === 'resize') {
        this.full = true;
        continue;
      }
      if (key.t === 'text') {
        const c = key.text[0];
        if (this.msg.yes.includes(c) || 'Yy'.includes(c)) return 'yes';
        if ('Nn'.includes(c)) return 'no';
        if (withAll && ((this.fr() ? 'Tt' : 'Aa').includes(c) || 'Aa'.includes(c))) return 'all';
      }
      if (key.t === 'ctrl' && key.c === 'c') return 'cancel';
    }
  }

  private fr(): boolean {
    return this.msg.fr;
  }

  // ---- drawing ----------------------------------------------------------------------------

  private editRows(): number {
    return Math.max(1, this.io.size().rows - 4);
  }

  private takeFull(): boolean {
    const f = this.full;
    this.full = false;
    return f;
  }

  /** Scrolls so the current line is visible, one line at a time (smooth scrolling). */
  private adjustViewport(): void {
    const rows = this.editRows();
    if (this.cur < this.top) this.top = this.cur;
    else if (this.cur >= this.top + rows) this.top = this.cur - rows + 1;
  }

  /** The title bar and the edit window (the bottom rows are drawn by the caller). */
  private frame(): Frame {
    const { cols, rows } = this.io.size();
    const f = new Frame(cols, rows);
    this.titlebar(f);
    this.adjustViewport();
    const editRows = this.editRows();
    for (let r = 0; r < editRows; r++) {
      const li = this.top + r;
      if (li >= this.lines.length) break;
      this.drawLine(f, 1 + r, li);
    }
    return f;
  }

  private titlebar(f: Frame): void {
    const cols = f.cols;
    f.fill(0, 'rev');
    const path = this.filename !== '' ? this.filename : this.msg.t('New Buffer');
    // With Debian's `set stateflags` the state is "+.xxxxx": a modified buffer gets " *".
    let verlen = VERSION.length + 3;
    let pathlen = [...path].length + 1;
    let statelen = 9;
    if (verlen + pathlen + statelen <= cols) f.put(0, 2, VERSION, 'rev');
    else {
      verlen = 2;
      if (verlen + pathlen + statelen > cols) {
        verlen = 0;
        statelen -= 2;
      }
    }
    const offset = verlen > 0 ? verlen + Math.floor((cols - (verlen + statelen) - pathlen) / 2) : 0;
    pathlen--;
    let col: number;
    if (pathlen + 1 + statelen <= cols) col = f.put(0, offset, path, 'rev');
    else col = f.put(0, offset, '...' + [...path].slice(3 + pathlen + 1 - cols + statelen).join(''), 'rev');
    if (this.modified) f.put(0, col, ' *', 'rev');
  }

  private drawLine(f: Frame, row: number, li: number): void {
    const line = this.lines[li];
    const cells = displayCells(line);
    const colors = colorLine(line);
    const from = li === this.cur ? pageStart(columnOf(line, this.x), f.cols) : 0;
    const visible = cells.slice(from, from + f.cols);
    const more = cells.length > from + f.cols;
    visible.forEach((c, i) => {
      let a: Attr = colors[c.src] ?? '';
      const s = this.spotlight;
      if (s !== null && s.line === li && c.src >= s.from && c.src < s.to) a = 'spot';
      f.cells[row][i] = { ch: c.ch, a };
    });
    if (from > 0) f.cells[row][0] = { ch: '<', a: 'rev' };
    if (more) f.cells[row][f.cols - 1] = { ch: '>', a: 'rev' };
  }

  /** bottombars(): the shortcut rows of a menu, laid out column by column. */
  private bars(f: Frame, menu: readonly Shortcut[]): void {
    const cols = f.cols;
    const maximum = Math.floor((cols + 40) / 20) * 2;
    const items = menu.slice(0, maximum);
    const number = items.length;
    const itemwidth = Math.floor(cols / Math.floor((number + 1) / 2));
    if (itemwidth === 0) return;
    const base = f.rows - 2;
    f.fill(base, '');
    f.fill(base + 1, '');
    items.forEach(([key, tag], index) => {
      let width = itemwidth;
      if (number % 2 === 1 && index + 2 === number) width += itemwidth;
      if (index + 2 >= number) width += cols % itemwidth;
      postKey(f, base + (index % 2), Math.floor(index / 2) * itemwidth, key, this.msg.t(tag), width);
    });
  }

  draw(): void {
    const f = this.frame();
    const row = f.rows - 3;
    f.fill(row, '');
    if (this.status !== null) {
      const text = [...this.status.text].slice(0, f.cols).join('');
      const start = Math.floor((f.cols - text.length) / 2);
      const bracketed = start > 1;
      f.put(row, bracketed ? start - 2 : start, bracketed ? `[ ${text} ]` : text, this.status.kind === 'error' ? 'err' : 'rev');
    }
    this.bars(f, MAIN_MENU);
    const line = this.lines[this.cur];
    const column = columnOf(line, this.x);
    const cursor = { row: 1 + this.cur - this.top, col: column - pageStart(column, f.cols) };
    this.io.draw(f, cursor, this.takeFull());
  }
}

/** post_one_key(): the key in reverse video, a space, the tag cut to the width. */
function postKey(f: Frame, row: number, col: number, key: string, tag: string, width: number): void {
  const k = [...key].slice(0, width).join('');
  let c = f.put(row, col, k, 'rev');
  const rest = width - [...key].length;
  if (rest < 2) return;
  c = f.put(row, c, ' ');
  f.put(row, c, [...tag].slice(0, rest - 1).join(''));
}

/** nano's buffer: the file's lines, plus the empty "magic" line after a final newline. */
export function splitText(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] !== '') lines.push('');
  return lines;
}

/** How many lines a file's text holds ("Read 9 lines"): a last line without newline counts. */
export function lineCount(text: string): number {
  if (text === '') return 0;
  const n = text.split('\n').length - 1;
  return text.endsWith('\n') ? n : n + 1;
}

/** The previous search shown in "Search [...]": cut to 20 characters with "...". */
function abbreviate(s: string): string {
  const chars = [...s];
  return chars.length > 20 ? chars.slice(0, 20).join('') + '...' : s;
}

const HELP_EN = [
  'Main nano help text',
  '',
  ' The nano editor is designed to emulate the functionality and ease-of-use of the',
  ' UW Pico text editor.  There are four main sections of the editor.  The top',
  ' line shows the program version, the current filename being edited, and whether',
  ' or not the file has been modified.  Next is the main editor window showing the',
  ' file being edited.  The status line is the third line from the bottom and shows',
  ' important messages.  The bottom two lines show the most commonly used shortcuts',
  ' in the editor.',
  '',
  ' Shortcuts are written as follows: Control-key sequences are notated with a \'^\'',
  ' and can be entered either by using the Ctrl key or pressing the Esc key twice.',
  ' Meta-key sequences are notated with \'M-\' and can be entered using either the',
  ' Alt, Cmd, or Esc key, depending on your keyboard setup.',
  '',
  '^G  F1      Display this help text',
  '^X  F2      Exit from nano',
  '^O  F3      Write the current file to disk',
  '^R  Ins     Insert another file into current one',
  '^W  F6      Start forward search',
  '^\\  M-R     Replace a string or a regular expression',
  '^K  F9      Cut current line into cutbuffer',
  '^U  F10     Paste contents of cutbuffer at current cursor position',
];

const HELP_FR = [
  "Texte d'aide de nano",
  '',
  " L'éditeur nano est conçu pour émuler les fonctions et la facilité d'utilisation",
  " de Pico, l'éditeur de texte de l'Université de Washington. Il comporte quatre",
  ' sections : la ligne du haut affiche la version du programme, le nom du fichier',
  " en cours d'édition, et s'il y a eu ou non des modifications. Vient ensuite la",
  " fenêtre principale d'édition qui affiche le fichier en cours de modification.",
  " La ligne d'état est la troisième en partant du bas, elle affiche les messages",
  ' importants. Les deux dernières lignes listent les raccourcis les plus utilisés.',
  '',
  '^G  F1      Afficher ce message',
  '^X  F2      Quitter nano',
  '^O  F3      Écrire le fichier sur disque',
  '^W  F6      Lancer une recherche',
  '^K  F9      Couper la ligne courante',
  '^U  F10     Coller le contenu du tampon de coupe',
];
