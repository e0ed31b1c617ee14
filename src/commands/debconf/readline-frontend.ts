// debconf's Readline frontend (Debconf::FrontEnd::Teletype + Readline and Element::Teletype::*,
// debconf 1.5.82): texts wrapped to the terminal width, the title underlined once, a "[More]"
// pause when a screenful went by, select choices listed in numbered columns, and a prompt whose
// line already holds the current value (GNU readline's default text), editable before Enter.
import type { DebconfFrontend, DebconfQuestion } from '../../os/packages/debconf/confmodule.ts';
import type { Wrapper } from './wrap.ts';

/** A terminal to print on and read edited lines from (null: end of input). */
export interface LineTerminal {
  readonly columns: number;
  readonly rows: number;
  write(text: string): void;
  readLine(prompt: string, initial: string): Promise<string | null>;
}

export interface ReadlineTexts {
  readonly more: string;
  readonly yes: string;
  readonly no: string;
}

export class ReadlineFrontend implements DebconfFrontend {
  readonly name = 'Readline';
  readonly interactive = true;
  title = '';
  private shownTitle = '';
  private linecount = 0;

  constructor(
    private readonly term: LineTerminal,
    private readonly wrapper: Wrapper,
    private readonly texts: ReadlineTexts,
  ) {}

  private async display(text: string): Promise<void> {
    await this.displayNowrap(this.wrapper.wrap(text, this.term.columns));
  }

  private async displayNowrap(text: string): Promise<void> {
    const lines = text.split('\n');
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    if (text.endsWith('\n')) lines.push('');
    if (this.title !== '' && this.title !== this.shownTitle) {
      lines.unshift(this.title, '-'.repeat(this.wrapper.width(this.title)), '');
      this.shownTitle = this.title;
    }
    for (const line of lines) {
      this.linecount++;
      if (this.term.rows > 2 && this.linecount > this.term.rows - 2) {
        const resp = await this.prompt(`[${this.texts.more}]`, '');
        if (resp === 'q') break;
      }
      this.term.write(`${line}\n`);
    }
  }

  private async prompt(prompt: string, initial: string): Promise<string | null> {
    this.linecount = 0;
    const r = await this.term.readLine(`${prompt} `, initial);
    await this.displayNowrap('\n');
    return r;
  }

  async ask(q: DebconfQuestion): Promise<string | null> {
    switch (q.type) {
      case 'boolean':
        return this.askBoolean(q);
      case 'select':
        return this.askSelect(q);
      case 'note':
      case 'text':
      case 'error':
        await this.display(`${q.description}\n\n${q.extendedDescription}\n`);
        return '';
      default: {
        await this.display(`${q.extendedDescription}\n`);
        const v = await this.prompt(q.description, q.type === 'password' ? '' : q.value);
        if (v === null) return null;
        await this.display('\n');
        return v;
      }
    }
  }

  private async askBoolean(q: DebconfQuestion): Promise<string | null> {
    let y = this.texts.yes;
    let n = this.texts.no;
    await this.display(`${q.extendedDescription}\n`);
    const dflt = q.value === 'true' ? y : q.value === 'false' ? n : q.value;
    const description = `${q.description} [${y}/${n}]`;
    for (;;) {
      const v = await this.prompt(description, dflt);
      if (v === null) return null;
      if (y[0] !== n[0]) {
        y = y[0];
        n = n[0];
      }
      const lower = v.toLowerCase();
      let value: string | null = null;
      if (lower.startsWith(y.toLowerCase())) value = 'true';
      else if (lower.startsWith(n.toLowerCase())) value = 'false';
      else if (/^y/i.test(v)) value = 'true';
      else if (/^n/i.test(v)) value = 'false';
      if (value !== null) {
        await this.display('\n');
        return value;
      }
    }
  }

  private async askSelect(q: DebconfQuestion): Promise<string | null> {
    const choices = q.choices;
    const idx = q.choicesC.indexOf(q.value);
    const dflt = idx >= 0 ? String(idx + 1) : '';
    await this.display(`${q.extendedDescription}\n`);
    for (const line of printlist(choices, this.term.columns)) await this.displayNowrap(line);
    await this.display('\n');
    for (;;) {
      const v = await this.prompt(q.description, dflt);
      if (v === null) return null;
      const chosen = expandAbbrev(v, choices);
      if (chosen !== '') {
        await this.display('\n');
        const i = choices.indexOf(chosen);
        return q.choicesC[i] ?? chosen;
      }
    }
  }
}

/** Element::Teletype::Select->expandabbrev: a number, the exact choice, or a unique prefix. */
export function expandAbbrev(input: string, choices: readonly string[]): string {
  if (/^[0-9]+$/.test(input) && input !== '0' && Number(input) <= choices.length) return choices[Number(input) - 1];
  let matches: string[] = [];
  for (const c of choices) {
    if (c === input) return c;
    if (c.startsWith(input)) matches.push(c);
  }
  if (matches.length === 1) return matches[0];
  if (matches.length === 0) {
    matches = [];
    for (const c of choices) {
      if (c.toLowerCase() === input.toLowerCase()) return c;
      if (c.toLowerCase().startsWith(input.toLowerCase())) matches.push(c);
    }
    if (matches.length === 1) return matches[0];
  }
  return '';
}

const utf8 = new TextEncoder();

/** Element::Teletype::Select->printlist: the numbered choices in as many columns as fit. */
export function printlist(choices: readonly string[], width: number): string[] {
  // Perl's length() on debconf's undecoded strings: UTF-8 bytes.
  const bytes = (s: string): number => utf8.encode(s).length;
  const n = choices.length;
  if (n === 0) return [];
  const numLen = String(n).length;
  let choiceMin = bytes(choices[0]);
  for (const c of choices) choiceMin = Math.min(choiceMin, bytes(c));
  let maxCols = Math.trunc(width / (2 + numLen + 2 + choiceMin)) - 1;
  if (maxCols > n - 1) maxCols = n - 1;
  let maxLines = 1;
  let numCols = maxCols;
  column: for (; numCols >= 0; numCols--) {
    const colWidth: number[] = [];
    maxLines = Math.ceil(n / (numCols + 1));
    if (Math.ceil(n / maxLines) - 1 < numCols) continue;
    for (let choice = 1; choice <= n; choice++) {
      const len = 2 + numLen + 2 + bytes(choices[choice - 1]);
      const cur = Math.ceil(choice / maxLines) - 1;
      if (colWidth[cur] === undefined || len > colWidth[cur]) {
        colWidth[cur] = len;
        const total = colWidth.reduce((a, b) => a + (b ?? 0), 0);
        if (total > width) continue column;
      }
    }
    break;
  }
  let line = 0;
  let maxLen = 0;
  let col = 0;
  const output: string[] = [];
  for (let choice = 0; choice < n; choice++) {
    output[line] = (output[line] ?? '') + `  ${choice + 1}. ${choices[choice]}`;
    maxLen = Math.max(maxLen, bytes(output[line]));
    if (++line >= maxLines) {
      if (col++ !== numCols) {
        for (let l = 0; l < output.length; l++) output[l] += ' '.repeat(Math.max(0, maxLen - bytes(output[l])));
      }
      line = 0;
      maxLen = 0;
    }
  }
  return output.map((s) => s.replace(/\s+$/, ''));
}
