// basename(1): strips directory and an optional suffix; -a/-s take several names, -z ends with NUL.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { baseName } from '../lib/path.ts';
import { coreutilsVersion } from '../lib/version.ts';

function strip(name: string, suffix: string): string {
  const b = baseName(name);
  return suffix && b !== suffix && b.endsWith(suffix) ? b.slice(0, -suffix.length) : b;
}

export const basename: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'basename');
  const p = ctx.getopt({
    short: 'as:z',
    long: [long('multiple', 'none', 'a'), long('suffix', 'required', 's'), long('zero', 'none', 'z'), long('help'), long('version')],
  });
  if (!p) return 1;
  let multiple = false;
  let suffix = '';
  let end = '\n';
  for (const o of p.options) {
    if (o.key === 'a') multiple = true;
    else if (o.key === 's') {
      multiple = true;
      suffix = o.arg!;
    } else if (o.key === 'z') end = '\0';
    else if (o.key === 'help') {
      ctx.out(`Usage: ${ctx.name} NAME [SUFFIX]\n  or:  ${ctx.name} OPTION... NAME...\n`);
      return 0;
    } else if (o.key === 'version') {
      ctx.out(coreutilsVersion('basename'));
      return 0;
    }
  }
  const names = p.operands;
  if (names.length === 0) {
    ctx.error(ctx._('missing operand'));
    ctx.tryHelp();
    return 1;
  }
  if (multiple) {
    ctx.out(names.map((n) => strip(n, suffix) + end).join(''));
    return 0;
  }
  if (names.length > 2) {
    ctx.error(ctx._('extra operand %s', ctx.q(names[2])));
    ctx.tryHelp();
    return 1;
  }
  ctx.out(strip(names[0], names[1] ?? '') + end);
  return 0;
};
