// more(1) of util-linux 2.38: a screenful then `--More--(NN%)` on a terminal (see
// lib/pager.ts); like cat otherwise. Several files get `::::::::::::::` headers.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { decode, readAll } from '../lib/io.ts';
import { page } from '../lib/pager.ts';

export const more: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'more');
  const files = ctx.args.filter((a) => !a.startsWith('-') && !a.startsWith('+'));
  if (ctx.args.includes('--version') || ctx.args.includes('-V')) {
    ctx.out('more from util-linux 2.38.1\n');
    return 0;
  }
  if (files.length === 0) {
    if (proc.stdin.tty) {
      ctx.err(`${ctx.name}: bad usage\nTry 'more --help' for more information.\n`);
      return 1;
    }
    return page(proc, decode(await readAll(proc.stdin)), { kind: 'more' });
  }
  let status = 0;
  let text = '';
  for (const f of files) {
    const st = ctx.fs.stat(f, proc.cred, proc.cwd);
    if (st.ok && st.value.type === 'dir') {
      ctx.err(`\n*** ${f}: directory ***\n\n`);
      continue;
    }
    const r = ctx.fs.readFile(f, proc.cred, proc.cwd);
    if (!r.ok) {
      ctx.error(`${r.errno === 'ENOENT' ? 'cannot open' : 'cannot open'} ${f}`, r.errno);
      status = 1;
      continue;
    }
    if (files.length > 1) text += `::::::::::::::\n${f}\n::::::::::::::\n`;
    text += decode(r.value);
  }
  if (text !== '') await page(proc, text, { kind: 'more', name: files.length === 1 ? files[0] : undefined });
  return status;
};
