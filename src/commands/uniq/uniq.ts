// uniq(1): drops adjacent repeated lines; -c counts ("%7d "), -d only repeated, -u only unique,
// -i ignores case; INPUT and OUTPUT files.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { decode, encode, readAll } from '../lib/io.ts';
import { coreutilsVersion } from '../lib/version.ts';

export const uniq: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'uniq');
  const p = ctx.getopt({
    short: 'cdDf:is:uw:z',
    long: [
      long('count', 'none', 'c'), long('repeated', 'none', 'd'), long('all-repeated', 'optional', 'D'), long('skip-fields', 'required', 'f'),
      long('ignore-case', 'none', 'i'), long('skip-chars', 'required', 's'), long('unique', 'none', 'u'), long('check-chars', 'required', 'w'),
      long('help'), long('version'),
    ],
  });
  if (!p) return 1;
  let count = false;
  let onlyRepeated = false;
  let onlyUnique = false;
  let ignoreCase = false;
  let skipFields = 0;
  let skipChars = 0;
  let checkChars = Infinity;
  for (const o of p.options) {
    if (o.key === 'c') count = true;
    else if (o.key === 'd' || o.key === 'D') onlyRepeated = true;
    else if (o.key === 'u') onlyUnique = true;
    else if (o.key === 'i') ignoreCase = true;
    else if (o.key === 'f') skipFields = Number(o.arg) || 0;
    else if (o.key === 's') skipChars = Number(o.arg) || 0;
    else if (o.key === 'w') checkChars = Number(o.arg) || 0;
    else if (o.key === 'help') {
      ctx.out(`Usage: ${ctx.name} [OPTION]... [INPUT [OUTPUT]]\nFilter adjacent matching lines from INPUT (or standard input),\nwriting to OUTPUT (or standard output).\n`);
      return 0;
    } else if (o.key === 'version') {
      ctx.out(coreutilsVersion('uniq'));
      return 0;
    }
  }
  const [input, output, extra] = p.operands;
  if (extra !== undefined) {
    ctx.error(ctx._('extra operand %s', ctx.q(extra)));
    ctx.tryHelp();
    return 1;
  }
  let data: Uint8Array;
  if (input === undefined || input === '-') data = await readAll(proc.stdin);
  else {
    const r = ctx.fs.readFile(input, proc.cred, proc.cwd);
    if (!r.ok) {
      ctx.error(ctx.qf(input), r.errno);
      return 1;
    }
    data = r.value;
  }
  const text = decode(data);
  const lines = text === '' ? [] : (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
  const key = (l: string) => {
    let s = l;
    for (let k = 0; k < skipFields; k++) s = s.replace(/^\s*\S+/, '');
    s = s.slice(skipChars).slice(0, checkChars);
    return ignoreCase ? s.toLowerCase() : s;
  };
  let out = '';
  for (let i = 0; i < lines.length; ) {
    let j = i + 1;
    while (j < lines.length && key(lines[j]) === key(lines[i])) j++;
    const n = j - i;
    if ((!onlyRepeated || n > 1) && (!onlyUnique || n === 1)) out += (count ? `${String(n).padStart(7)} ` : '') + lines[i] + '\n';
    i = j;
  }
  if (output !== undefined && output !== '-') {
    const w = ctx.fs.writeFile(output, out, proc.cred, { cwd: proc.cwd });
    if (!w.ok) {
      ctx.error(ctx.qf(output), w.errno);
      return 1;
    }
    return 0;
  }
  ctx.out(encode(out));
  return 0;
};
