// mkdir(1): `mkdir: cannot create directory ‘x’: File exists` (locale quotes), -p for parents
// (existing ones are fine), -m MODE for the new directory, -v to say what was created.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { parseMode } from '../lib/mode-arg.ts';
import { coreutilsVersion } from '../lib/version.ts';

export const mkdir: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'mkdir');
  const p = ctx.getopt({
    short: 'm:pvZ',
    long: [long('mode', 'required', 'm'), long('parents', 'none', 'p'), long('verbose', 'none', 'v'), long('context', 'optional', 'Z'), long('help'), long('version')],
  });
  if (!p) return 1;
  let parents = false;
  let verbose = false;
  let mode: number | null = null;
  for (const o of p.options) {
    if (o.key === 'p') parents = true;
    else if (o.key === 'v') verbose = true;
    else if (o.key === 'm') {
      const change = parseMode(o.arg!);
      if (!change) {
        ctx.error(ctx._('invalid mode %s', ctx.q(o.arg!)));
        return 1;
      }
      mode = change(0o777, true);
    } else if (o.key === 'help') {
      ctx.out(`Usage: ${ctx.name} [OPTION]... DIRECTORY...\nCreate the DIRECTORY(ies), if they do not already exist.\n`);
      return 0;
    } else if (o.key === 'version') {
      ctx.out(coreutilsVersion('mkdir'));
      return 0;
    }
  }
  if (p.operands.length === 0) {
    ctx.error(ctx._('missing operand'));
    ctx.tryHelp();
    return 1;
  }
  const fs = ctx.fs;
  const cred = proc.cred;
  const cwd = proc.cwd;
  let status = 0;
  /** `exact`: the -m mode, set with chmod after mkdir(2) as GNU does (the umask does not apply). */
  const make = (path: string, exact: boolean): boolean => {
    const r = fs.mkdir(path, cred, { mode: 0o755, cwd });
    if (!r.ok) {
      ctx.error(ctx._('cannot create directory %s', ctx.q(path)), r.errno);
      return false;
    }
    if (exact && mode !== null) fs.chmod(path, mode, cred, cwd);
    if (verbose) ctx.out(`${ctx.name}: ${ctx._('created directory %s', ctx.qaf(path))}\n`);
    return true;
  };
  for (const name of p.operands) {
    if (parents) {
      const parts = name.split('/');
      let prefix = '';
      let failed = false;
      for (let i = 0; i < parts.length; i++) {
        if (parts[i] === '' && i > 0) continue;
        prefix = i === 0 ? parts[0] : `${prefix}/${parts[i]}`;
        if (prefix === '' || parts[i] === '.' || parts[i] === '..') continue;
        const st = fs.stat(prefix, cred, cwd);
        if (st.ok && st.value.type === 'dir') continue;
        if (st.ok) {
          ctx.error(ctx._('cannot create directory %s', ctx.q(prefix)), i === parts.length - 1 || parts.slice(i + 1).every((s) => s === '') ? 'EEXIST' : 'ENOTDIR');
          failed = true;
          break;
        }
        const last = parts.slice(i + 1).every((s) => s === '');
        if (!make(prefix, last)) {
          failed = true;
          break;
        }
      }
      if (failed) status = 1;
      continue;
    }
    if (!make(name, true)) status = 1;
  }
  return status;
};
