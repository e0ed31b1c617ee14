// env(1): print the environment, or run a command in a modified one (-i, -u NAME, NAME=VALUE,
// -C DIR). A command that cannot be found exits 127, one that cannot run exits 126.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { coreutilsVersion } from '../lib/version.ts';

export const env: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'env');
  // A lone '-' means -i; options stop at the first NAME=VALUE or command (no permutation).
  const args = ctx.args.map((a) => (a === '-' ? '-i' : a));
  const p = ctx.getopt(
    {
      short: '+iu:0C:S:v',
      long: [
        long('ignore-environment', 'none', 'i'), long('unset', 'required', 'u'), long('null', 'none', '0'),
        long('chdir', 'required', 'C'), long('split-string', 'required', 'S'), long('debug', 'none', 'v'),
        long('help'), long('version'),
      ],
    },
    args,
  );
  if (!p) return 125;
  const vars = new Map(proc.env);
  let nul = false;
  let dir: string | null = null;
  let operands = p.operands;
  for (const o of p.options) {
    if (o.key === 'i') vars.clear();
    else if (o.key === 'u') vars.delete(o.arg!);
    else if (o.key === '0') nul = true;
    else if (o.key === 'C') dir = o.arg!;
    else if (o.key === 'S') operands = [...o.arg!.split(/[ \t]+/).filter((s) => s !== ''), ...operands];
    else if (o.key === 'help') {
      ctx.out(`Usage: ${ctx.name} [OPTION]... [-] [NAME=VALUE]... [COMMAND [ARG]...]\nSet each NAME to VALUE in the environment and run COMMAND.\n`);
      return 0;
    } else if (o.key === 'version') {
      ctx.out(coreutilsVersion('env'));
      return 0;
    }
  }
  let i = 0;
  for (; i < operands.length; i++) {
    const eq = operands[i].indexOf('=');
    if (eq <= 0) break;
    vars.set(operands[i].slice(0, eq), operands[i].slice(eq + 1));
  }
  const command = operands.slice(i);
  if (command.length === 0) {
    if (dir !== null) {
      ctx.error(ctx._('must specify command with --chdir (-C)'));
      ctx.tryHelp();
      return 125;
    }
    let out = '';
    for (const [k, v] of vars) out += `${k}=${v}${nul ? '\0' : '\n'}`;
    ctx.out(out);
    return 0;
  }
  let cwd = proc.cwd;
  if (dir !== null) {
    const st = ctx.fs.stat(dir, ctx.cred, proc.cwd);
    if (!st.ok || st.value.type !== 'dir') {
      ctx.error(ctx._('cannot change directory to %s', ctx.q(dir)), st.ok ? 'ENOTDIR' : st.errno);
      return 125;
    }
    cwd = ctx.abs(dir);
  }
  const child = proc.spawn(command, { env: vars, cwd });
  if ('error' in child) {
    const errno = child.error === 'ENOENT' ? 'ENOENT' : child.error === 'EISDIR' ? 'EACCES' : 'EACCES';
    ctx.error(ctx.q(command[0]), errno);
    return child.error === 'ENOENT' ? 127 : 126;
  }
  return child.wait();
};
