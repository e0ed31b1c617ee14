// cat(1): copies files (or stdin for none or `-`) to stdout, streaming stdin chunk by chunk so
// `cat` on a terminal echoes each line as it is typed. -n/-b number lines ("%6d\t"), -s squeezes
// blank lines, -E/-T/-v/-A show line ends, tabs and control characters.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { coreutilsVersion } from '../lib/version.ts';

interface CatOptions {
  number: boolean;
  numberNonBlank: boolean;
  squeeze: boolean;
  ends: boolean;
  tabs: boolean;
  nonPrinting: boolean;
}

/** Line-numbering state carries over from one file to the next, as in GNU cat. */
class Transformer {
  private line = 0;
  private atLineStart = true;
  private blankRun = 0;

  constructor(private readonly o: CatOptions) {}

  get plain(): boolean {
    const o = this.o;
    return !(o.number || o.numberNonBlank || o.squeeze || o.ends || o.tabs || o.nonPrinting);
  }

  push(data: Uint8Array): Uint8Array {
    if (this.plain) return data;
    const out: number[] = [];
    const o = this.o;
    const emit = (s: string) => {
      for (let k = 0; k < s.length; k++) out.push(s.charCodeAt(k));
    };
    for (let i = 0; i < data.length; i++) {
      const b = data[i];
      if (this.atLineStart) {
        if (b === 10) {
          this.blankRun++;
          if (o.squeeze && this.blankRun > 1) continue;
        } else this.blankRun = 0;
        if (o.number && !(o.numberNonBlank && b === 10)) emit(String(++this.line).padStart(6) + '\t');
        else if (o.numberNonBlank && b !== 10) emit(String(++this.line).padStart(6) + '\t');
        this.atLineStart = false;
      }
      if (b === 10) {
        if (o.ends) out.push(0x24);
        out.push(10);
        this.atLineStart = true;
        continue;
      }
      if (b === 9 && o.tabs) {
        emit('^I');
        continue;
      }
      if (o.nonPrinting && b !== 9) {
        let c = b;
        if (c >= 128) {
          emit('M-');
          c -= 128;
        }
        if (c < 32) emit('^' + String.fromCharCode(c + 64));
        else if (c === 127) emit('^?');
        else out.push(c);
        continue;
      }
      out.push(b);
    }
    return new Uint8Array(out);
  }
}

export const cat: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'cat');
  const p = ctx.getopt({
    short: 'AbeEnstTuv',
    long: [
      long('show-all', 'none', 'A'), long('number-nonblank', 'none', 'b'), long('show-ends', 'none', 'E'),
      long('number', 'none', 'n'), long('squeeze-blank', 'none', 's'), long('show-tabs', 'none', 'T'),
      long('show-nonprinting', 'none', 'v'), long('help'), long('version'),
    ],
  });
  if (!p) return 1;
  const o: CatOptions = { number: false, numberNonBlank: false, squeeze: false, ends: false, tabs: false, nonPrinting: false };
  for (const opt of p.options) {
    switch (opt.key) {
      case 'A': o.nonPrinting = o.ends = o.tabs = true; break;
      case 'b': o.number = o.numberNonBlank = true; break;
      case 'e': o.nonPrinting = o.ends = true; break;
      case 'E': o.ends = true; break;
      case 'n': o.number = true; break;
      case 's': o.squeeze = true; break;
      case 't': o.nonPrinting = o.tabs = true; break;
      case 'T': o.tabs = true; break;
      case 'v': o.nonPrinting = true; break;
      case 'help':
        ctx.out(`Usage: ${ctx.name} [OPTION]... [FILE]...\nConcatenate FILE(s) to standard output.\n\nWith no FILE, or when FILE is -, read standard input.\n`);
        return 0;
      case 'version':
        ctx.out(coreutilsVersion('cat'));
        return 0;
    }
  }
  const t = new Transformer(o);
  let status = 0;
  for (const name of p.operands.length ? p.operands : ['-']) {
    if (name === '-') {
      for (;;) {
        const chunk = await proc.stdin.read();
        if (chunk === null) break;
        ctx.out(t.push(chunk));
      }
      continue;
    }
    const r = ctx.fs.readFile(name, ctx.cred, ctx.cwd);
    if (!r.ok) {
      ctx.error(ctx.qf(name), r.errno);
      status = 1;
      continue;
    }
    if (r.value.length > 0) ctx.out(t.push(r.value));
  }
  return status;
};
