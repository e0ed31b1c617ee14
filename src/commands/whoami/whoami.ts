// whoami(1): the name of the effective user, from /etc/passwd.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { UserDb } from '../../os/users/user-db.ts';
import { coreutilsVersion } from '../lib/version.ts';

export const whoami: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'whoami');
  const p = ctx.getopt({ short: '', long: [long('help'), long('version')] });
  if (!p) return 1;
  if (p.options.some((o) => o.key === 'help')) {
    ctx.out(`Usage: ${ctx.name} [OPTION]...\nPrint the user name associated with the current effective user ID.\nSame as id -un.\n`);
    return 0;
  }
  if (p.options.some((o) => o.key === 'version')) {
    ctx.out(coreutilsVersion('whoami'));
    return 0;
  }
  if (p.operands.length > 0) {
    ctx.error(ctx._('extra operand %s', ctx.q(p.operands[0])));
    ctx.tryHelp();
    return 1;
  }
  const u = UserDb.load(ctx.fs).userByUid(proc.cred.uid);
  if (!u) {
    ctx.error(ctx._('cannot find name for user ID %lu', proc.cred.uid));
    return 1;
  }
  ctx.out(u.name + '\n');
  return 0;
};
