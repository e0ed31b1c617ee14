// rmdir(1): removes empty directories; -p also their parents; `rmdir: failed to remove 'x':
// Directory not empty`.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { dirName } from '../lib/path.ts';
import { coreutilsVersion } from '../lib/version.ts';

export const rmdir: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'rmdir');
  const p = ctx.getopt({
    short: 'pv',
    long: [long('parents', 'none', 'p'), long('verbose', 'none', 'v'), long('ignore-fail-on-non-empty'), long('help'), long('version')],
  });
  if (!p) return 1;
  let parents = false;
  let verbose = false;
  let ignoreNonEmpty = false;
  for (const o of p.options) {
    if (o.key === 'p') parents = true;
    else if (o.key === 'v') verbose = true;
    else if (o.key === 'ignore-fail-on-non-empty') ignoreNonEmpty = true;
    else if (o.key === 'help') {
      ctx.out(`Usage: ${ctx.name} [OPTION]... DIRECTORY...\nRemove the DIRECTORY(ies), if they are empty.\n`);
      return 0;
    } else if (o.key === 'version') {
      ctx.out(coreutilsVersion('rmdir'));
      return 0;
    }
  }
  if (p.operands.length === 0) {
    ctx.error(ctx._('missing operand'));
    ctx.tryHelp();
    return 1;
  }
  let status = 0;
  const remove = (path: string): boolean => {
    if (verbose) ctx.out(`${ctx.name}: ${ctx._('removing directory, %s', ctx.qaf(path))}\n`);
    const r = ctx.fs.rmdir(path, proc.cred, proc.cwd);
    if (!r.ok) {
      if (ignoreNonEmpty && r.errno === 'ENOTEMPTY') return false;
      ctx.error(ctx._('failed to remove %s', ctx.qaf(path)), r.errno);
      status = 1;
      return false;
    }
    return true;
  };
  for (const name of p.operands) {
    if (!remove(name) || !parents) continue;
    let d = name.replace(/\/+$/, '');
    for (;;) {
      d = dirName(d);
      if (d === '.' || d === '/') break;
      if (!remove(d)) break;
    }
  }
  return status;
};
