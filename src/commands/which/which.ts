// which(1) of debianutils 5.7: the first executable of each name on $PATH (-a: all of them);
// exit 1 if any name was not found, silently.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';

export const which: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'which');
  const args = [...ctx.args];
  let all = false;
  while (args.length > 0 && args[0].startsWith('-') && args[0] !== '-') {
    const a = args.shift()!;
    if (a === '--') break;
    if (a === '-a') all = true;
    else {
      ctx.err(`Illegal option ${a}\n`);
      ctx.out(`Usage: ${ctx.name} [-a] args\n`);
      return 2;
    }
  }
  if (args.length === 0) return 1;
  const path = (proc.env.get('PATH') ?? '/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games').split(':');
  const executable = (p: string) => {
    const st = ctx.fs.stat(p, proc.cred, proc.cwd);
    return st.ok && st.value.type === 'file' && ctx.fs.access(p, 1, proc.cred, proc.cwd).ok;
  };
  let status = 0;
  let out = '';
  for (const name of args) {
    let found = false;
    if (name.includes('/')) {
      if (executable(name)) {
        out += name + '\n';
        found = true;
      }
    } else {
      for (const dir of path) {
        const candidate = `${dir === '' ? '.' : dir}/${name}`;
        if (executable(candidate)) {
          out += candidate + '\n';
          found = true;
          if (!all) break;
        }
      }
    }
    if (!found) status = 1;
  }
  ctx.out(out);
  return status;
};
