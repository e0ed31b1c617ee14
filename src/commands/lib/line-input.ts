// Reading answers typed at prompts: whole lines from the terminal (canonical mode gives one line
// per read) or from a pipe (a chunk may hold several lines, kept for the next question), and
// secrets read with echo off as PAM's misc_conv does (prompt and the final newline on stderr).
import type { InputStream, OutputStream, Process } from '../../os/program.ts';

export class LineInput {
  private pending = '';
  private ended = false;
  private readonly dec = new TextDecoder();

  constructor(private readonly stdin: InputStream) {}

  /** The next line without its newline; null at end of input with nothing pending. */
  async line(): Promise<string | null> {
    for (;;) {
      const nl = this.pending.indexOf('\n');
      if (nl >= 0) {
        const l = this.pending.slice(0, nl);
        this.pending = this.pending.slice(nl + 1);
        return l;
      }
      if (this.ended) {
        if (this.pending === '') return null;
        const l = this.pending;
        this.pending = '';
        return l;
      }
      const chunk = await this.stdin.read();
      if (chunk === null) {
        this.ended = true;
        continue;
      }
      // ^D after some text hands it over without a newline: that is a whole answer too.
      const text = this.dec.decode(chunk);
      if (!text.endsWith('\n') && this.stdin.tty !== null && this.stdin.tty.canonical) {
        this.pending += text + '\n';
        continue;
      }
      this.pending += text;
    }
  }
}

/** A question whose answer is echoed (chfn's fields, adduser's confirmation). */
export async function ask(input: LineInput, out: OutputStream, prompt: string): Promise<string | null> {
  out.write(prompt);
  return input.line();
}

/**
 * PAM misc_conv with echo off: prompt on stderr, the terminal's echo switched off while the user
 * types, then a newline (the Enter was not echoed). Null at end of input.
 */
export async function askSecret(proc: Process, input: LineInput, prompt: string): Promise<string | null> {
  proc.stderr.write(prompt);
  const tty = proc.stdin.tty;
  const was = tty?.echo ?? false;
  if (tty !== null) tty.echo = false;
  try {
    return await input.line();
  } finally {
    if (tty !== null) {
      tty.echo = was;
      proc.stderr.write('\n');
    }
  }
}
