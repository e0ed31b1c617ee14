// useradd(8) of shadow 4.13 (Debian 12): the low-level tool. With /etc/default/useradd's
// SHELL=/bin/sh and no -m it writes `etudiant:x:1001:1001::/home/etudiant:/bin/sh` without
// creating the home (seed 002); USERGROUPS_ENAB gives a group of the same name; the new uid is
// the highest in UID_MIN..UID_MAX plus one. Logs "new group"/"new user" to auth.log.
import type { Process, Program } from '../../os/program.ts';
import { nextIdAfterHighest } from '../../os/users/ids.ts';
import { daysSinceEpoch } from '../../os/users/shadow.ts';
import { Accounts, copySkel, loginDefs, ROOT, useraddDefaults } from '../lib/accounts.ts';
import { getopt, long } from '../lib/getopt.ts';
import { localeOf } from '../lib/locale.ts';
import { acctText, authLog, ttyOf } from '../lib/pam.ts';

export const USERADD_USAGE = `Usage: useradd [options] LOGIN
       useradd -D
       useradd -D [options]

Options:
      --badname                 do not check for bad names
  -b, --base-dir BASE_DIR       base directory for the home directory of the
                                new account
      --btrfs-subvolume-home    use BTRFS subvolume for home directory
  -c, --comment COMMENT         GECOS field of the new account
  -d, --home-dir HOME_DIR       home directory of the new account
  -D, --defaults                print or change default useradd configuration
  -e, --expiredate EXPIRE_DATE  expiration date of the new account
  -f, --inactive INACTIVE       password inactivity period of the new account
  -g, --gid GROUP               name or ID of the primary group of the new
                                account
  -G, --groups GROUPS           list of supplementary groups of the new
                                account
  -h, --help                    display this help message and exit
  -k, --skel SKEL_DIR           use this alternative skeleton directory
  -K, --key KEY=VALUE           override /etc/login.defs defaults
  -l, --no-log-init             do not add the user to the lastlog and
                                faillog databases
  -m, --create-home             create the user's home directory
  -M, --no-create-home          do not create the user's home directory
  -N, --no-user-group           do not create a group with the same name as
                                the user
  -o, --non-unique              allow to create users with duplicate
                                (non-unique) UID
  -p, --password PASSWORD       encrypted password of the new account
  -r, --system                  create a system account
  -R, --root CHROOT_DIR         directory to chroot into
  -P, --prefix PREFIX_DIR       prefix directory where are located the /etc/* files
  -s, --shell SHELL             login shell of the new account
  -u, --uid UID                 user ID of the new account
  -U, --user-group              create a group with the same name as the user

`;

/** Debian's relaxed user names (shadow's 506_relaxed_usernames): no ':', ',', blanks, leading -+~. */
export function validUserName(name: string): boolean {
  if (name === '' || name === '.' || name === '..' || name.length > 32) return false;
  if (/^[-+~]/.test(name) || /[:,\s/]/.test(name)) return false;
  return !/^\d+$/.test(name);
}

/** "pts/0" -> "/dev/pts/0", none -> "none" (the from= of useradd's log line). */
export function fromTty(proc: Process): string {
  const t = ttyOf(proc);
  return t === null ? 'none' : `/dev/${t}`;
}

export const useradd: Program = async (proc) => {
  const err = (s: string) => proc.stderr.write(s);
  const r = getopt(
    proc.argv.slice(1),
    {
      short: 'b:c:d:De:f:g:G:hk:K:lmMNop:rR:P:s:u:U',
      long: [
        long('badname'), long('base-dir', 'required', 'b'), long('comment', 'required', 'c'), long('home-dir', 'required', 'd'),
        long('defaults', 'none', 'D'), long('expiredate', 'required', 'e'), long('inactive', 'required', 'f'), long('gid', 'required', 'g'),
        long('groups', 'required', 'G'), long('help', 'none', 'h'), long('skel', 'required', 'k'), long('key', 'required', 'K'),
        long('no-log-init', 'none', 'l'), long('create-home', 'none', 'm'), long('no-create-home', 'none', 'M'),
        long('no-user-group', 'none', 'N'), long('non-unique', 'none', 'o'), long('password', 'required', 'p'), long('system', 'none', 'r'),
        long('root', 'required', 'R'), long('prefix', 'required', 'P'), long('shell', 'required', 's'), long('uid', 'required', 'u'),
        long('user-group', 'none', 'U'),
      ],
    },
    'useradd',
    localeOf(proc.env),
  );
  if (!r.ok) {
    err(r.message + USERADD_USAGE);
    return 2;
  }
  const opt = new Map<string, string>();
  for (const o of r.options) opt.set(o.key, o.arg ?? '');
  if (opt.has('h')) {
    proc.stdout.write(USERADD_USAGE);
    return 0;
  }
  const fs = proc.host.fs;
  const defaults = useraddDefaults(fs);
  if (opt.has('D') && r.operands.length === 0) {
    proc.stdout.write(
      `GROUP=${defaults.get('GROUP') ?? '100'}\nHOME=${defaults.get('HOME') ?? '/home'}\nINACTIVE=${defaults.get('INACTIVE') ?? '-1'}\nEXPIRE=${defaults.get('EXPIRE') ?? ''}\n` +
        `SHELL=${defaults.get('SHELL') ?? '/bin/sh'}\nSKEL=${defaults.get('SKEL') ?? '/etc/skel'}\nCREATE_MAIL_SPOOL=${defaults.get('CREATE_MAIL_SPOOL') ?? 'no'}\nLOG_INIT=yes\n`,
    );
    return 0;
  }
  if (r.operands.length !== 1) {
    err(USERADD_USAGE);
    return 2;
  }
  const name = r.operands[0];
  if (proc.cred.uid !== 0) {
    err(acctText(proc, 'shadow', '%s: Permission denied.\n', 'useradd') + acctText(proc, 'shadow', '%s: cannot lock %s; try again later.\n', 'useradd', '/etc/passwd'));
    return 1;
  }
  if (!opt.has('badname') && !validUserName(name)) {
    err(`useradd: invalid user name '${name}'\n`);
    return 3;
  }
  const acc = Accounts.load(fs);
  const defs = loginDefs(fs);
  if (acc.user(name) !== undefined) {
    err(acctText(proc, 'shadow', "%s: user '%s' already exists\n", 'useradd', name));
    return 9;
  }
  const system = opt.has('r');
  const userGroup = opt.has('U') || (!opt.has('N') && !opt.has('g') && defs.usergroupsEnab);
  if (userGroup && acc.group(name) !== undefined) {
    err(acctText(proc, 'shadow', '%s: group %s exists - if you want to add this user to that group, use -g.\n', 'useradd', name));
    return 9;
  }
  // Primary group: -g, else a new group of the same name, else GROUP= of /etc/default/useradd.
  let gid: number;
  let newGroup = false;
  if (opt.has('g')) {
    const g = acc.groupByNameOrId(opt.get('g')!);
    if (g === undefined) {
      err(acctText(proc, 'shadow', "%s: group '%s' does not exist\n", 'useradd', opt.get('g')!));
      return 6;
    }
    gid = g.gid;
  } else if (userGroup) {
    newGroup = true;
    gid = -1;
  } else {
    const g = acc.groupByNameOrId(defaults.get('GROUP') ?? '100');
    gid = g?.gid ?? 100;
  }
  const extra: string[] = [];
  if (opt.has('G')) {
    for (const gname of opt.get('G')!.split(',').filter((s) => s !== '')) {
      const g = acc.groupByNameOrId(gname);
      if (g === undefined) {
        err(acctText(proc, 'shadow', "%s: group '%s' does not exist\n", 'useradd', gname));
        return 6;
      }
      if (!extra.includes(g.name)) extra.push(g.name);
    }
  }
  let uid: number;
  if (opt.has('u')) {
    const v = opt.get('u')!;
    if (!/^\d+$/.test(v)) {
      err(`useradd: invalid user ID '${v}'\n`);
      return 3;
    }
    uid = Number(v);
    if (!opt.has('o') && acc.userByUid(uid) !== undefined) {
      err(`useradd: UID ${uid} is not unique\n`);
      return 4;
    }
  } else {
    const [min, max] = system ? [defs.sysUidMin, defs.sysUidMax] : [defs.uidMin, defs.uidMax];
    const next = nextIdAfterHighest(acc.usedUids(), min, max);
    if (next === null) {
      err("useradd: Can't get unique UID (no more available UIDs)\n");
      return 4;
    }
    uid = next;
  }
  if (newGroup) {
    // find_new_gid prefers the uid when it is free as a gid.
    const used = acc.usedGids();
    const [min, max] = system ? [defs.sysGidMin, defs.sysGidMax] : [defs.gidMin, defs.gidMax];
    gid = !used.has(uid) ? uid : (nextIdAfterHighest(used, min, max) ?? uid);
  }
  const home = opt.get('d') ?? `${opt.get('b') ?? defaults.get('HOME') ?? '/home'}/${name}`;
  const shell = opt.get('s') ?? defaults.get('SHELL') ?? '/bin/sh';
  const gecos = opt.get('c') ?? '';
  if (gecos.includes(':') || gecos.includes('\n')) {
    err(`useradd: invalid comment '${gecos}'\n`);
    return 3;
  }
  const today = daysSinceEpoch(proc.host.wallTimeMs());
  if (newGroup) {
    acc.addGroup({ name, password: 'x', gid, members: [] }, { name, password: '!', admins: [], members: [] });
  }
  acc.addUser(
    { name, password: 'x', uid, gid, gecos, home, shell },
    { name, hash: opt.get('p') ?? '!', lastChange: today, minDays: system ? null : defs.passMinDays, maxDays: system ? null : defs.passMaxDays, warnDays: system ? null : defs.passWarnAge, inactiveDays: null, expireDay: null, reserved: '' },
  );
  for (const g of extra) acc.addMember(g, name);
  if (!acc.save()) {
    err('useradd: cannot lock /etc/passwd; try again later.\n');
    return 10;
  }
  if (newGroup) authLog(proc, 'useradd', `new group: name=${name}, GID=${gid}`);
  authLog(proc, 'useradd', `new user: name=${name}, UID=${uid}, GID=${gid}, home=${home}, shell=${shell}, from=${fromTty(proc)}`);
  for (const g of extra) {
    authLog(proc, 'useradd', `add '${name}' to group '${g}'`);
    authLog(proc, 'useradd', `add '${name}' to shadow group '${g}'`);
  }
  if (opt.has('m') && !opt.has('M')) {
    if (fs.stat(home, ROOT).ok) {
      err(acctText(proc, 'shadow', '%s: warning: the home directory %s already exists.\n%s: Not copying any file from skel directory into it.\n', 'useradd', home, 'useradd'));
    } else {
      const parent = home.slice(0, home.lastIndexOf('/')) || '/';
      if (!fs.stat(parent, ROOT).ok) fs.mkdir(parent, ROOT, { parents: true, mode: 0o755 });
      // HOME_MODE is unset in Debian 12's login.defs: 0777 & ~UMASK.
      const mode = 0o777 & ~defs.umask;
      fs.mkdir(home, ROOT, { mode });
      fs.chmod(home, mode, ROOT);
      fs.chown(home, uid, gid, ROOT);
      copySkel(fs, opt.get('k') ?? defaults.get('SKEL') ?? '/etc/skel', home, uid, gid);
    }
  }
  return 0;
};
