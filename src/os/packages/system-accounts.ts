// `addgroup --system` and `adduser --system` as maintainer scripts run them (adduser 3.134):
// the first free id of 100-999, the lines in /etc/passwd, /etc/group, /etc/shadow and
// /etc/gshadow, and what adduser prints about it (in French under a French locale).
import type { Credentials, FileSystem } from '../fs/types.ts';
import { entries } from '../users/colon-file.ts';
import { formatGroup, parseGroup } from '../users/group.ts';
import { formatGshadow, parseGshadow } from '../users/gshadow.ts';
import { firstFreeId } from '../users/ids.ts';
import { formatPasswd, parsePasswd } from '../users/passwd.ts';
import { daysSinceEpoch, formatShadow, parseShadow } from '../users/shadow.ts';
import { readSystemFile } from '../users/user-db.ts';
import type { SystemAccount } from './types.ts';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };
const FIRST_SYSTEM = 100;
const LAST_SYSTEM = 999;

/** adduser's messages, English and French (adduser.mo of Debian 12). */
const MSG = {
  en: {
    addGroup: (g: string, gid: number) => `Adding group \`${g}' (GID ${gid}) ...\n`,
    done: 'Done.\n',
    addSystemUser: (u: string, uid: number) => `Adding system user \`${u}' (UID ${uid}) ...\n`,
    addNewGroup: (g: string, gid: number) => `Adding new group \`${g}' (GID ${gid}) ...\n`,
    addNewUser: (u: string, uid: number, g: string) => `Adding new user \`${u}' (UID ${uid}) with group \`${g}' ...\n`,
    notCreatingHome: (h: string) => `Not creating home directory \`${h}'.\n`,
    creatingHome: (h: string) => `Creating home directory \`${h}' ...\n`,
  },
  fr: {
    addGroup: (g: string, gid: number) => `Ajout du groupe «\u00a0${g}\u00a0» (GID ${gid})...\n`,
    done: 'Fait.\n',
    addSystemUser: (u: string, uid: number) => `Ajout de l'utilisateur système «\u00a0${u}\u00a0» (UID ${uid}) ...\n`,
    addNewGroup: (g: string, gid: number) => `Ajout du nouveau groupe «\u00a0${g}\u00a0» (GID ${gid}) ...\n`,
    addNewUser: (u: string, uid: number, g: string) => `Ajout du nouvel utilisateur «\u00a0${u}\u00a0» (UID ${uid}) avec pour groupe d'appartenance «\u00a0${g}\u00a0» ...\n`,
    notCreatingHome: (h: string) => `Pas de création du répertoire personnel «\u00a0${h}\u00a0».\n`,
    creatingHome: (h: string) => `Création du répertoire personnel «\u00a0${h}\u00a0» ...\n`,
  },
};

function read(fs: FileSystem, path: string): string {
  return readSystemFile(fs, path) ?? '';
}

/** Adds a system group; returns its gid (the existing one when it is already there). */
function addGroup(fs: FileSystem, name: string): { gid: number; created: boolean } {
  const group = parseGroup(read(fs, '/etc/group'));
  const existing = entries(group).find((g) => g.name === name);
  if (existing !== undefined) return { gid: existing.gid, created: false };
  const used = new Set(entries(group).map((g) => g.gid));
  const gid = firstFreeId(used, FIRST_SYSTEM, LAST_SYSTEM) ?? LAST_SYSTEM;
  group.lines.push({ entry: { name, password: 'x', gid, members: [] } });
  fs.writeFile('/etc/group', formatGroup({ ...group, finalNewline: true }), ROOT);
  const gs = parseGshadow(read(fs, '/etc/gshadow'));
  if (!entries(gs).some((g) => g.name === name)) {
    gs.lines.push({ entry: { name, password: '!', admins: [], members: [] } });
    fs.writeFile('/etc/gshadow', formatGshadow({ ...gs, finalNewline: true }), ROOT, { mode: 0o640 });
  }
  return { gid, created: true };
}

/**
 * Runs one account request; returns what adduser printed ('' when quiet or when the account
 * already existed, as the scripts' `getent ... ||` guards make sure).
 */
export function addSystemAccount(fs: FileSystem, account: SystemAccount, opts: { fr: boolean; nowMs: number }): string {
  const m = opts.fr ? MSG.fr : MSG.en;
  let out = '';
  if (account.kind === 'group') {
    const g = addGroup(fs, account.name);
    if (g.created && !account.quiet) out += m.addGroup(account.name, g.gid) + m.done;
    return out;
  }
  const passwd = parsePasswd(read(fs, '/etc/passwd'));
  if (entries(passwd).some((u) => u.name === account.name)) return '';
  const used = new Set(entries(passwd).map((u) => u.uid));
  const uid = firstFreeId(used, FIRST_SYSTEM, LAST_SYSTEM) ?? LAST_SYSTEM;
  out += m.addSystemUser(account.name, uid);
  const g = addGroup(fs, account.group);
  if (g.created) out += m.addNewGroup(account.group, g.gid);
  out += m.addNewUser(account.name, uid, account.group);
  passwd.lines.push({
    entry: { name: account.name, password: 'x', uid, gid: g.gid, gecos: account.gecos ?? '', home: account.home, shell: '/usr/sbin/nologin' },
  });
  fs.writeFile('/etc/passwd', formatPasswd({ ...passwd, finalNewline: true }), ROOT);
  const shadow = parseShadow(read(fs, '/etc/shadow'));
  shadow.lines.push({
    entry: { name: account.name, hash: '*', lastChange: daysSinceEpoch(opts.nowMs), minDays: 0, maxDays: 99999, warnDays: 7, inactiveDays: null, expireDay: null, reserved: '' },
  });
  fs.writeFile('/etc/shadow', formatShadow({ ...shadow, finalNewline: true }), ROOT, { mode: 0o640 });
  if (account.createHome) {
    out += m.creatingHome(account.home);
    if (!fs.stat(account.home, ROOT).ok) fs.mkdir(account.home, ROOT, { parents: true, mode: 0o755 });
    fs.chown(account.home, uid, g.gid, ROOT);
  } else out += m.notCreatingHome(account.home);
  return account.quiet ? '' : out;
}
