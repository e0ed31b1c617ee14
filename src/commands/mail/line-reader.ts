// How mail(1) reads its input. On a terminal mailutils uses GNU readline: the terminal is in raw
// mode while a line is edited, so ^C and ^D reach the program as keys (no "^C" echo from the
// line discipline); Enter ends the line. Off a terminal (a pipe, < file) lines are read as they
// come and nothing is echoed.
import type { Process } from '../../os/program.ts';
import { LineInput } from '../lib/line-input.ts';

export type ReadResult = { kind: 'line'; text: string } | { kind: 'eof' } | { kind: 'interrupt' };

export class LineReader {
  private pending = '';
  private readonly dec = new TextDecoder();
  private readonly pipe: LineInput | null;

  constructor(private readonly proc: Process) {
    this.pipe = proc.stdin.tty === null ? new LineInput(proc.stdin) : null;
  }

  get interactive(): boolean {
    return this.pipe === null;
  }

  /** Shows `prompt` (on a terminal) and reads one line. */
  async read(prompt: string): Promise<ReadResult> {
    if (this.pipe !== null) {
      const l = await this.pipe.line();
      return l === null ? { kind: 'eof' } : { kind: 'line', text: l };
    }
    const tty = this.proc.stdin.tty!;
    const out = this.proc.stdout;
    out.write(prompt);
    tty.setRaw(true);
    let line = '';
    try {
      for (;;) {
        if (this.pending === '') {
          const chunk = await this.proc.stdin.read();
          if (chunk === null) {
            if (line === '') return { kind: 'eof' };
            out.write('\n');
            return { kind: 'line', text: line };
          }
          this.pending = this.dec.decode(chunk);
          continue;
        }
        const ch = [...this.pending][0];
        this.pending = this.pending.slice(ch.length);
        if (ch === '\r' || ch === '\n') {
          out.write('\n');
          return { kind: 'line', text: line };
        }
        if (ch === '\x03') {
          this.pending = '';
          return { kind: 'interrupt' };
        }
        if (ch === '\x04') {
          if (line === '') return { kind: 'eof' };
          continue;
        }
        if (ch === '\x7f' || ch === '\b') {
          if (line !== '') {
            line = [...line].slice(0, -1).join('');
            out.write('\b \b');
          }
          continue;
        }
        if (ch === '\x15') {
          const n = [...line].length;
          if (n > 0) out.write('\b'.repeat(n) + '\x1b[K');
          line = '';
          continue;
        }
        if (ch === '\x1b') {
          // An escape sequence (arrow keys...): dropped.
          const m = /^(\[[0-9;]*[A-Za-z~]|O[A-Za-z])/.exec(this.pending);
          if (m) this.pending = this.pending.slice(m[0].length);
          continue;
        }
        if (ch < ' ') continue;
        line += ch;
        out.write(ch);
      }
    } finally {
      tty.setRaw(false);
    }
  }
}
