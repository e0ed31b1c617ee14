// uname(1): the Debian 12 kernel's strings (shared with /proc/version); -a omits the unknown
// processor and hardware platform, as Debian's coreutils does.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { KERNEL_RELEASE, KERNEL_VERSION } from '../../os/procfs.ts';
import { coreutilsVersion } from '../lib/version.ts';

export const uname: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'uname');
  const p = ctx.getopt({
    short: 'asnrvmpio',
    long: [
      long('all', 'none', 'a'), long('kernel-name', 'none', 's'), long('nodename', 'none', 'n'), long('kernel-release', 'none', 'r'),
      long('kernel-version', 'none', 'v'), long('machine', 'none', 'm'), long('processor', 'none', 'p'),
      long('hardware-platform', 'none', 'i'), long('operating-system', 'none', 'o'), long('help'), long('version'),
    ],
  });
  if (!p) return 1;
  const want = new Set<string>();
  for (const o of p.options) {
    if (o.key === 'help') {
      ctx.out(`Usage: ${ctx.name} [OPTION]...\nPrint certain system information.  With no OPTION, same as -s.\n`);
      return 0;
    }
    if (o.key === 'version') {
      ctx.out(coreutilsVersion('uname'));
      return 0;
    }
    want.add(o.key);
  }
  if (p.operands.length > 0) {
    ctx.error(ctx._('extra operand %s', ctx.q(p.operands[0])));
    ctx.tryHelp();
    return 1;
  }
  const all = want.has('a');
  if (want.size === 0) want.add('s');
  const fields: string[] = [];
  if (all || want.has('s')) fields.push('Linux');
  if (all || want.has('n')) fields.push(proc.host.hostname);
  if (all || want.has('r')) fields.push(KERNEL_RELEASE);
  if (all || want.has('v')) fields.push(KERNEL_VERSION);
  if (all || want.has('m')) fields.push('x86_64');
  if (!all && want.has('p')) fields.push('unknown');
  if (!all && want.has('i')) fields.push('unknown');
  if (all || want.has('o')) fields.push('GNU/Linux');
  ctx.out(fields.join(' ') + '\n');
  return 0;
};
