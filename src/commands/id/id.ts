// id(1): `uid=0(root) gid=0(root) groups=0(root)`, or one field with -u/-g/-G (-n names, -r real).
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { UserDb } from '../../os/users/user-db.ts';
import { coreutilsVersion } from '../lib/version.ts';

export const id: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'id');
  const p = ctx.getopt({
    short: 'agnruzGZ',
    long: [
      long('context', 'none', 'Z'), long('group', 'none', 'g'), long('groups', 'none', 'G'), long('name', 'none', 'n'),
      long('real', 'none', 'r'), long('user', 'none', 'u'), long('zero', 'none', 'z'), long('help'), long('version'),
    ],
  });
  if (!p) return 1;
  const f = new Set<string>();
  for (const o of p.options) {
    if (o.key === 'help') {
      ctx.out(`Usage: ${ctx.name} [OPTION]... [USER]...\nPrint user and group information for each specified USER,\nor (when USER omitted) for the current process.\n`);
      return 0;
    }
    if (o.key === 'version') {
      ctx.out(coreutilsVersion('id'));
      return 0;
    }
    f.add(o.key);
  }
  if (f.has('Z')) {
    ctx.error(ctx._('--context (-Z) works only on an SELinux-enabled kernel'));
    return 1;
  }
  const only = ['u', 'g', 'G'].filter((k) => f.has(k));
  if (only.length > 1) {
    ctx.error(ctx._('cannot print "only" of more than one choice'));
    return 1;
  }
  if (only.length === 0 && (f.has('n') || f.has('r'))) {
    ctx.error(ctx._('cannot print only names or real IDs in default format'));
    return 1;
  }
  if (only.length === 0 && f.has('z')) {
    ctx.error(ctx._('option --zero not permitted in default format'));
    return 1;
  }
  const db = UserDb.load(ctx.fs);
  const names = f.has('n');
  const end = f.has('z') ? '\0' : '\n';
  const targets: { uid: number; gid: number; groups: number[] }[] = [];
  let status = 0;
  if (p.operands.length === 0) {
    const g = [proc.cred.gid, ...proc.cred.groups.filter((x) => x !== proc.cred.gid)];
    targets.push({ uid: proc.cred.uid, gid: proc.cred.gid, groups: g });
  } else {
    for (const name of p.operands) {
      const u = db.userByName(name) ?? (/^\d+$/.test(name) ? db.userByUid(Number(name)) : undefined);
      if (!u) {
        ctx.error(ctx._('%s: no such user', ctx.q(name)));
        status = 1;
        continue;
      }
      targets.push({ uid: u.uid, gid: u.gid, groups: db.groupIdsOf(u.name) });
    }
  }
  let out = '';
  for (const t of targets) {
    const un = (uid: number) => db.userByUid(uid)?.name;
    const gn = (gid: number) => db.groupByGid(gid)?.name;
    if (only[0] === 'u') out += (names ? un(t.uid) ?? String(t.uid) : String(t.uid)) + end;
    else if (only[0] === 'g') out += (names ? gn(t.gid) ?? String(t.gid) : String(t.gid)) + end;
    else if (only[0] === 'G') out += t.groups.map((g) => (names ? gn(g) ?? String(g) : String(g))).join(f.has('z') ? '\0' : ' ') + end;
    else {
      const withName = (n: number, s: string | undefined) => (s === undefined ? String(n) : `${n}(${s})`);
      out += `uid=${withName(t.uid, un(t.uid))} gid=${withName(t.gid, gn(t.gid))}${ctx._(' groups=')}${t.groups.map((g) => withName(g, gn(g))).join(',')}\n`;
    }
  }
  ctx.out(out);
  return status;
};
