// dirname(1): each NAME without its last component (`.` when there is no slash).
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { dirName } from '../lib/path.ts';
import { coreutilsVersion } from '../lib/version.ts';

export const dirname: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'dirname');
  const p = ctx.getopt({ short: 'z', long: [long('zero', 'none', 'z'), long('help'), long('version')] });
  if (!p) return 1;
  let end = '\n';
  for (const o of p.options) {
    if (o.key === 'z') end = '\0';
    else if (o.key === 'help') {
      ctx.out(`Usage: ${ctx.name} [OPTION] NAME...\n`);
      return 0;
    } else if (o.key === 'version') {
      ctx.out(coreutilsVersion('dirname'));
      return 0;
    }
  }
  if (p.operands.length === 0) {
    ctx.error(ctx._('missing operand'));
    ctx.tryHelp();
    return 1;
  }
  ctx.out(p.operands.map((n) => dirName(n) + end).join(''));
  return 0;
};
