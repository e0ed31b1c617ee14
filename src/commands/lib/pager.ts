// The pagers behind less, more and man. Off a terminal they copy their input like cat. On a
// terminal they read keys in raw mode: `more` prints a screenful and a reverse-video
// `--More--(NN%)` prompt (space: next page, Enter: next line, b: back, q: quit), ending by itself
// at the end of the text; `less` draws full screens on the alternate screen with a `:` prompt
// (the file name on the first screen, `(END)` at the end) and scrolls both ways, with /search.
// Keys come from stdin, so a pager needs stdin to be the terminal (real ones open /dev/tty).
import type { Process } from '../../os/program.ts';
import { encode } from './io.ts';

const ESC = '\x1b';
const SO = `${ESC}[7m`;
const SE = `${ESC}[27m`;

export interface PagerOptions {
  kind: 'less' | 'more';
  /** For less's first prompt and more's percentage: the file shown, if any. */
  name?: string;
  /** A fixed prompt (man's " Manual page ls(1) line N ..."); `%l` is the first line shown. */
  prompt?: string;
}

/** Splits text into screen rows of at most `width` columns (long lines wrap, as less does). */
export function screenRows(text: string, width: number): string[] {
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  const rows: string[] = [];
  for (const line of lines) {
    const visible = line.replace(/\x1b\[[0-9;]*m/g, '');
    if (visible.length <= width) {
      rows.push(line);
      continue;
    }
    // Wrap plain text only; styled lines are rare in the pages shown.
    for (let i = 0; i < line.length; i += width) rows.push(line.slice(i, i + width));
  }
  return rows;
}

/** Reads one key press (a chunk from the terminal in raw mode); null at end of input. */
async function key(proc: Process): Promise<string | null> {
  const chunk = await proc.stdin.read();
  return chunk === null ? null : new TextDecoder().decode(chunk);
}

export async function page(proc: Process, text: string, o: PagerOptions): Promise<number> {
  const out = proc.stdout;
  const tty = out.tty;
  if (!tty || !proc.stdin.tty) {
    out.write(encode(text));
    return 0;
  }
  const term = proc.stdin.tty;
  const rows = screenRows(text, tty.columns);
  const height = Math.max(2, tty.rows - 1);
  term.setRaw(true);
  try {
    if (o.kind === 'more') await more(proc, rows, height, text.length, o);
    else await less(proc, rows, height, o);
  } finally {
    term.setRaw(false);
  }
  return 0;
}

async function more(proc: Process, rows: string[], height: number, totalBytes: number, o: PagerOptions): Promise<void> {
  const out = proc.stdout;
  let shown = 0;
  const bytesUpTo = (n: number) => rows.slice(0, n).reduce((a, r) => a + encode(r).length + 1, 0);
  const show = (n: number) => {
    const end = Math.min(rows.length, shown + n);
    let s = '';
    for (let i = shown; i < end; i++) s += rows[i] + '\n';
    out.write(s);
    shown = end;
  };
  show(height);
  while (shown < rows.length) {
    const pct = o.name !== undefined ? `(${Math.floor((bytesUpTo(shown) * 100) / Math.max(1, totalBytes))}%)` : '';
    out.write(`${SO}--More--${pct}${SE}`);
    const k = await key(proc);
    out.write(`\r${ESC}[K`);
    if (k === null || k === 'q' || k === 'Q' || k === '\x03') return;
    if (k === ' ' || k === 'f' || k === 'z') show(height);
    else if (k === '\r' || k === '\n' || k === 'j') show(1);
    else if (k === 'd' || k === '\x04') show(Math.floor(height / 2));
    else if (k === 'b' || k === '\x02') {
      shown = Math.max(0, shown - 2 * height);
      out.write('\n...back 1 page\n');
      show(height);
    } else out.write('\x07');
  }
}

async function less(proc: Process, rows: string[], height: number, o: PagerOptions): Promise<void> {
  const out = proc.stdout;
  let top = 0;
  let first = true;
  let message = '';
  let lastSearch = '';
  const maxTop = Math.max(0, rows.length - height);
  const draw = () => {
    let s = `${ESC}[H${ESC}[2J`;
    for (let i = top; i < top + height; i++) s += (i < rows.length ? rows[i] : '~') + '\n';
    const atEnd = top + height >= rows.length;
    let prompt: string;
    if (message) prompt = `${SO}${message}${SE}`;
    else if (o.prompt) prompt = `${SO}${o.prompt.replace('%l', String(top + 1))}${atEnd ? ' (END)' : ''}${SE}`;
    else if (atEnd) prompt = `${SO}(END)${SE}`;
    else if (first && o.name) prompt = `${SO}${o.name}${SE}`;
    else prompt = ':';
    out.write(s + prompt);
    message = '';
  };
  out.write(`${ESC}[?1049h${ESC}[22;0;0t${ESC}[?1h${ESC}=`);
  draw();
  for (;;) {
    const k = await key(proc);
    first = false;
    if (k === null || k === 'q' || k === 'Q' || k === ':q' || k === 'ZZ') break;
    switch (k) {
      case ' ': case 'f': case '\x06': case `${ESC}[6~`: case 'z':
        top = Math.min(maxTop, top + height);
        break;
      case 'b': case '\x02': case `${ESC}[5~`: case 'w':
        top = Math.max(0, top - height);
        break;
      case '\r': case '\n': case 'j': case 'e': case `${ESC}[B`: case `${ESC}OB`:
        top = Math.min(maxTop, top + 1);
        break;
      case 'k': case 'y': case `${ESC}[A`: case `${ESC}OA`:
        top = Math.max(0, top - 1);
        break;
      case 'd': case '\x04':
        top = Math.min(maxTop, top + Math.floor(height / 2));
        break;
      case 'u': case '\x15':
        top = Math.max(0, top - Math.floor(height / 2));
        break;
      case 'g': case '<': case `${ESC}<`:
        top = 0;
        break;
      case 'G': case '>': case `${ESC}>`:
        top = maxTop;
        break;
      case '/': case 'n': {
        let pattern = lastSearch;
        if (k === '/') {
          out.write(`\r${ESC}[K/`);
          pattern = '';
          for (;;) {
            const c = await key(proc);
            if (c === null || c === '\r' || c === '\n') break;
            if (c === '\x7f' || c === '\b') {
              pattern = pattern.slice(0, -1);
              out.write('\b \b');
              continue;
            }
            if (c === ESC || c === '\x03') {
              pattern = '';
              break;
            }
            pattern += c;
            out.write(c);
          }
          lastSearch = pattern;
        }
        if (pattern === '') break;
        const from = k === 'n' ? top + 1 : top;
        const hit = rows.findIndex((r, i) => i >= from && r.includes(pattern));
        if (hit < 0) message = 'Pattern not found  (press RETURN)';
        else top = hit;
        break;
      }
      case 'h': case 'H':
        message = 'HELP -- Press RETURN for more, or q when done';
        break;
      default:
        break;
    }
    draw();
  }
  out.write(`\r${ESC}[K${ESC}[?1l${ESC}>${ESC}[?1049l${ESC}[23;0;0t`);
}
