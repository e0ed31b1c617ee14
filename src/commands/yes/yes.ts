// yes(1): repeats a line forever. Writes never block here, so it yields to virtual time between
// chunks: a ^C (SIGINT) or the reader closing the pipe (SIGPIPE) can then end it.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { coreutilsVersion } from '../lib/version.ts';

/** Virtual time between chunks: about 8 KiB per millisecond, like a slow terminal. */
const CHUNK_PAUSE_NS = 1_000_000;

export const yes: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'yes');
  const p = ctx.getopt({ short: '+', long: [long('help'), long('version')] });
  if (!p) return 1;
  if (p.options.some((o) => o.key === 'help')) {
    ctx.out(`Usage: ${ctx.name} [STRING]...\n  or:  ${ctx.name} OPTION\nRepeatedly output a line with all specified STRING(s), or 'y'.\n`);
    return 0;
  }
  if (p.options.some((o) => o.key === 'version')) {
    ctx.out(coreutilsVersion('yes'));
    return 0;
  }
  const line = (p.operands.length ? p.operands.join(' ') : 'y') + '\n';
  const chunk = line.repeat(Math.max(1, Math.floor(8192 / line.length)));
  for (;;) {
    ctx.out(chunk);
    await proc.sleep(CHUNK_PAUSE_NS);
  }
};
