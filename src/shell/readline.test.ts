// The line editor alone: keys in (the bytes a terminal sends), screen bytes and lines out.
import { describe, it, expect } from 'vitest';
import type { InputStream, OutputStream, Terminal } from '../os/program.ts';
import type { Completion } from './completion.ts';
import { LineEditor, type LineResult } from './readline.ts';

class Keys implements InputStream {
  readonly tty = null;
  private queue: Uint8Array[] = [];
  private waiting: ((c: Uint8Array | null) => void) | null = null;
  ended = false;

  push(keys: string): void {
    const bytes = new TextEncoder().encode(keys);
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w(bytes);
    } else this.queue.push(bytes);
  }

  pushBytes(bytes: number[]): void {
    const b = new Uint8Array(bytes);
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w(b);
    } else this.queue.push(b);
  }

  read(): Promise<Uint8Array | null> {
    const next = this.queue.shift();
    if (next) return Promise.resolve(next);
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }
}

function setup(opts: { columns?: number; history?: string[]; complete?: (line: string, cursor: number) => Completion } = {}) {
  const keys = new Keys();
  let screen = '';
  const output: OutputStream = { tty: null, write: (d) => void (screen += typeof d === 'string' ? d : new TextDecoder().decode(d)), close() {} };
  const modes: boolean[] = [];
  const terminal: Terminal = {
    columns: opts.columns ?? 80,
    rows: 24,
    canonical: true,
    echo: true,
    isig: true,
    setRaw: (raw: boolean) => void modes.push(raw),
    onResize: { on: () => ({ dispose() {} }) },
    name: 'pts/0',
    foregroundPgid: 0,
  };
  const history = opts.history ?? [];
  const editor = new LineEditor({
    input: keys,
    output,
    terminal,
    history: () => history,
    complete: opts.complete ?? ((_l, cursor) => ({ start: cursor, matches: [], display: [], suffix: [] })),
  });
  return {
    keys,
    modes,
    editor,
    get screen() {
      return screen;
    },
    clear() {
      screen = '';
    },
    /** Reads a line after typing `typed`. */
    async line(typed: string, prompt = '$ '): Promise<LineResult> {
      const p = editor.readLine(prompt, [...prompt].length);
      keys.push(typed);
      return p;
    },
  };
}

describe('readline', () => {
  it('echoes typed characters one by one and returns the line on Enter', async () => {
    const t = setup();
    expect(await t.line('ls -l\r')).toEqual({ kind: 'line', text: 'ls -l' });
    expect(t.screen).toBe('$ ls -l\n');
    // Raw mode while editing, canonical again after.
    expect(t.modes).toEqual([true, false]);
  });

  it('erases at the end of the line with a backspace and erase-to-end-of-line', async () => {
    const t = setup();
    expect(await t.line('lsx\x7f\r')).toEqual({ kind: 'line', text: 'ls' });
    expect(t.screen).toBe('$ lsx\b\x1b[K\n');
  });

  it('inserts in the middle after Left arrows and redraws only the tail', async () => {
    const t = setup();
    expect(await t.line('echo ac\x1b[DB\r')).toEqual({ kind: 'line', text: 'echo aBc' });
    expect(t.screen).toBe('$ echo ac\bBc\x1b[J\b\x1b[C\n');
  });

  it('moves with Home/End (^A, ^E and the escape sequences) and deletes under the cursor', async () => {
    const t = setup();
    expect(await t.line('bc\x01a\x05d\r')).toEqual({ kind: 'line', text: 'abcd' });
    expect(await t.line('xyz\x1b[H\x1b[3~\x1b[F!\r')).toEqual({ kind: 'line', text: 'yz!' });
    expect(await t.line('abc\x02\x02\x04\r')).toEqual({ kind: 'line', text: 'ac' });
  });

  it('kills with ^U, ^K and ^W, and yanks back with ^Y', async () => {
    const t = setup();
    expect(await t.line('echo abc def\x17\r')).toEqual({ kind: 'line', text: 'echo abc ' });
    expect(await t.line('echo abc\x15pwd\r')).toEqual({ kind: 'line', text: 'pwd' });
    expect(await t.line('echo abc\x1b[D\x1b[D\x0b\r')).toEqual({ kind: 'line', text: 'echo a' });
    expect(await t.line('one two\x17\x19\x19\r')).toEqual({ kind: 'line', text: 'one twotwo' });
  });

  it('walks the history with Up and Down, keeping the line being typed', async () => {
    const t = setup({ history: ['echo first', 'echo second'] });
    expect(await t.line('\x1b[A\r')).toEqual({ kind: 'line', text: 'echo second' });
    expect(await t.line('\x1b[A\x1b[A\r')).toEqual({ kind: 'line', text: 'echo first' });
    expect(await t.line('draft\x1b[A\x1b[B\r')).toEqual({ kind: 'line', text: 'draft' });
    t.clear();
    await t.line('\x1b[A\x1b[A\x1b[A\r');
    // Past the oldest entry: the bell.
    expect(t.screen).toContain('\x07');
  });

  it('prints ^C and gives up the line on ^C; ^D on an empty line is end of input', async () => {
    const t = setup();
    expect(await t.line('echo abc\x03')).toEqual({ kind: 'interrupt' });
    expect(t.screen).toBe('$ echo abc^C\n');
    expect(await t.line('\x04')).toEqual({ kind: 'eof' });
  });

  it('clears the screen on ^L and draws the prompt and line again', async () => {
    const t = setup();
    await t.line('ab\x0c\r');
    expect(t.screen).toBe('$ ab\x1b[H\x1b[2J$ ab\n');
  });

  it('keeps keys typed ahead for the next line', async () => {
    const t = setup();
    expect(await t.line('one\rtwo\r')).toEqual({ kind: 'line', text: 'one' });
    const p = t.editor.readLine('$ ', 2);
    expect(await p).toEqual({ kind: 'line', text: 'two' });
  });

  it('takes a UTF-8 character split across two reads', async () => {
    const t = setup();
    const p = t.editor.readLine('$ ', 2);
    t.keys.pushBytes([0x63, 0x61, 0x66, 0xc3]);
    t.keys.pushBytes([0xa9, 0x0d]);
    expect(await p).toEqual({ kind: 'line', text: 'café' });
  });

  it('wraps long lines: at the margin the cursor moves to the next row', async () => {
    const t = setup({ columns: 10 });
    expect(await t.line('12345678\x01\r')).toEqual({ kind: 'line', text: '12345678' });
    // "$ " + 8 characters fill the row: a space and CR put the cursor on the next row; Home goes up.
    expect(t.screen).toBe('$ 12345678 \r\x1b[A\x1b[2C\x1b[B\r\n');
  });

  it('completes a single match, lists several on the second Tab', async () => {
    const commands = ['systemctl', 'sysctl', 'sync'];
    const complete = (line: string, cursor: number): Completion => {
      const start = line.lastIndexOf(' ', cursor - 1) + 1;
      const word = line.slice(start, cursor);
      const m = commands.filter((c) => c.startsWith(word));
      return { start, matches: m, display: m, suffix: m.map(() => ' ') };
    };
    const t = setup({ complete });
    expect(await t.line('systemc\tstatus\r')).toEqual({ kind: 'line', text: 'systemctl status' });
    t.clear();
    expect(await t.line('sys\t\t\x15\r')).toEqual({ kind: 'line', text: '' });
    // First Tab: the common prefix "sys" adds nothing, bell; second Tab lists, then redraws.
    expect(t.screen).toBe('$ sys\x07\nsystemctl  sysctl\n$ sys\x1b[3D\x1b[J\n');
  });
});
