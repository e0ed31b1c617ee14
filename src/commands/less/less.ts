// less(1) 590: pages a file or stdin on a terminal (see lib/pager.ts); copies like cat when the
// output is not a terminal. `less: nope: No such file or directory`.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { decode, readAll } from '../lib/io.ts';
import { page } from '../lib/pager.ts';

export const less: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'less');
  const files = ctx.args.filter((a) => !a.startsWith('-') || a === '-');
  if (ctx.args.includes('--version') || ctx.args.includes('-V')) {
    ctx.out('less 590 (GNU regular expressions)\nCopyright (C) 1984-2021  Mark Nudelman\n\nless comes with NO WARRANTY, to the extent permitted by law.\nFor information about the terms of redistribution,\nsee the file named README in the less distribution.\nHome page: https://greenwoodsoftware.com/less\n');
    return 0;
  }
  if (files.length === 0) {
    if (proc.stdin.tty) {
      ctx.err('Missing filename ("less --help" for help)\n');
      return 1;
    }
    return page(proc, decode(await readAll(proc.stdin)), { kind: 'less' });
  }
  let status = 0;
  let text = '';
  for (const f of files) {
    if (f === '-') {
      text += decode(await readAll(proc.stdin));
      continue;
    }
    const st = ctx.fs.stat(f, proc.cred, proc.cwd);
    if (st.ok && st.value.type === 'dir') {
      ctx.err(`${f} is a directory\n`);
      status = 1;
      continue;
    }
    const r = ctx.fs.readFile(f, proc.cred, proc.cwd);
    if (!r.ok) {
      ctx.err(`${f}: ${ctx.strerror(r.errno)}\n`);
      status = 1;
      continue;
    }
    text += decode(r.value);
  }
  if (text === '' && status !== 0) return status;
  await page(proc, text, { kind: 'less', name: files.length === 1 ? files[0] : undefined });
  return status;
};
