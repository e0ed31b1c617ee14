// /usr/bin/pwd: unlike the builtin, it prints the physical directory (-P) unless -L is given
// and $PWD names the current directory.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { coreutilsVersion } from '../lib/version.ts';

export const pwd: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'pwd');
  const p = ctx.getopt({ short: 'LP', long: [long('logical', 'none', 'L'), long('physical', 'none', 'P'), long('help'), long('version')] });
  if (!p) return 1;
  let logical = proc.env.has('POSIXLY_CORRECT');
  for (const o of p.options) {
    if (o.key === 'L') logical = true;
    else if (o.key === 'P') logical = false;
    else if (o.key === 'help') {
      ctx.out(`Usage: ${ctx.name} [OPTION]...\nPrint the full filename of the current working directory.\n`);
      return 0;
    } else if (o.key === 'version') {
      ctx.out(coreutilsVersion('pwd'));
      return 0;
    }
  }
  if (logical) {
    const env = proc.env.get('PWD');
    if (env && env.startsWith('/') && !/(^|\/)\.\.?(\/|$)/.test(env)) {
      const a = ctx.fs.stat(env, ctx.cred);
      const b = ctx.fs.stat(proc.cwd, ctx.cred);
      if (a.ok && b.ok && a.value.ino === b.value.ino) {
        ctx.out(env + '\n');
        return 0;
      }
    }
  }
  const real = ctx.fs.realpath(proc.cwd, ctx.cred);
  if (!real.ok) {
    ctx.error(ctx._("couldn't find directory entry in %s with matching i-node", ctx.q('..')));
    return 1;
  }
  ctx.out(real.value + '\n');
  return 0;
};
