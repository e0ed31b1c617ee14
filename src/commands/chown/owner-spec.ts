// OWNER[:[GROUP]] as chown parses it (userspec.c): names or numbers; `user:` means the user's
// login group; `:group` changes only the group. '.' is accepted as the old separator.
import type { UserDb } from '../../os/users/user-db.ts';

export type OwnerSpec = { ok: true; uid: number; gid: number; userName?: string; groupName?: string } | { ok: false; error: 'invalid user' | 'invalid group' | 'invalid spec' };

export function parseOwnerSpec(spec: string, db: UserDb): OwnerSpec {
  let sep = spec.indexOf(':');
  if (sep < 0 && spec.includes('.') && !db.userByName(spec)) sep = spec.indexOf('.');
  const userPart = sep < 0 ? spec : spec.slice(0, sep);
  const groupPart = sep < 0 ? null : spec.slice(sep + 1);
  let uid = -1;
  let gid = -1;
  let userName: string | undefined;
  let groupName: string | undefined;
  if (userPart !== '') {
    const u = db.userByName(userPart);
    if (u) {
      uid = u.uid;
      userName = u.name;
      if (groupPart === '') {
        gid = u.gid;
        groupName = db.groupByGid(u.gid)?.name;
      }
    } else if (/^\d+$/.test(userPart)) {
      uid = Number(userPart);
      if (groupPart === '') return { ok: false, error: 'invalid spec' };
    } else return { ok: false, error: 'invalid user' };
  }
  if (groupPart !== null && groupPart !== '') {
    const g = db.groupByName(groupPart);
    if (g) {
      gid = g.gid;
      groupName = g.name;
    } else if (/^\d+$/.test(groupPart)) gid = Number(groupPart);
    else return { ok: false, error: 'invalid group' };
  }
  return { ok: true, uid, gid, userName, groupName };
}
