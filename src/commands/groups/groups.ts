// groups(1) of coreutils 9.1: the process's groups by name, or "user : g1 g2" per user named.
import type { Program } from '../../os/program.ts';
import { UserDb } from '../../os/users/user-db.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { coreutilsVersion } from '../lib/version.ts';

export const groups: Program = async (proc) => {
  const ctx = new Ctx(proc, 'groups');
  const p = ctx.getopt({ short: '', long: [long('help'), long('version')] });
  if (!p) return 1;
  if (p.options.some((o) => o.key === 'help')) {
    ctx.out(`Usage: ${ctx.name} [OPTION]... [USERNAME]...\nPrint group memberships for each USERNAME or, if no USERNAME is specified, for\nthe current process (which may differ if the groups database has changed).\n      --help        display this help and exit\n      --version     output version information and exit\n`);
    return 0;
  }
  if (p.options.some((o) => o.key === 'version')) {
    ctx.out(coreutilsVersion('groups'));
    return 0;
  }
  const db = UserDb.load(ctx.fs);
  if (p.operands.length === 0) {
    const ids = [proc.realCred.gid];
    if (proc.cred.gid !== proc.realCred.gid) ids.push(proc.cred.gid);
    for (const g of proc.cred.groups) if (!ids.includes(g)) ids.push(g);
    ctx.out(ids.map((g) => db.groupName(g)).join(' ') + '\n');
    return 0;
  }
  let rc = 0;
  for (const name of p.operands) {
    const u = db.userByName(name);
    if (u === undefined) {
      ctx.error(ctx._('%s: no such user', ctx.q(name)));
      rc = 1;
      continue;
    }
    ctx.out(`${name} : ${db.groupIdsOf(name).map((g) => db.groupName(g)).join(' ')}\n`);
  }
  return rc;
};
