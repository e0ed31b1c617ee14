// tee(1): copies stdin to stdout and to each FILE (-a appends), chunk by chunk as it arrives.
import type { Process, Program } from '../../os/program.ts';
import { SIGINT } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { coreutilsVersion } from '../lib/version.ts';

export const tee: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'tee');
  const p = ctx.getopt({
    short: 'aip',
    long: [long('append', 'none', 'a'), long('ignore-interrupts', 'none', 'i'), long('output-error', 'optional', 'p'), long('help'), long('version')],
  });
  if (!p) return 1;
  let append = false;
  for (const o of p.options) {
    if (o.key === 'a') append = true;
    else if (o.key === 'i') proc.onSignal(SIGINT, () => {});
    else if (o.key === 'help') {
      ctx.out(`Usage: ${ctx.name} [OPTION]... [FILE]...\nCopy standard input to each FILE, and also to standard output.\n`);
      return 0;
    } else if (o.key === 'version') {
      ctx.out(coreutilsVersion('tee'));
      return 0;
    }
  }
  let status = 0;
  const targets: string[] = [];
  for (const name of p.operands) {
    if (name === '-') continue; // GNU tee 9.1 treats '-' as a file named '-' only with POSIXLY_CORRECT
    const r = ctx.fs.writeFile(name, new Uint8Array(0), ctx.cred, { append: true, cwd: ctx.cwd });
    if (r.ok && !append) ctx.fs.writeFile(name, new Uint8Array(0), ctx.cred, { cwd: ctx.cwd });
    if (!r.ok) {
      ctx.error(ctx.qf(name), r.errno);
      status = 1;
      continue;
    }
    targets.push(name);
  }
  for (;;) {
    const chunk = await proc.stdin.read();
    if (chunk === null) break;
    ctx.out(chunk);
    for (const t of targets) ctx.fs.writeFile(t, chunk, ctx.cred, { append: true, cwd: ctx.cwd });
  }
  return status;
};
