// usermod(8) of shadow 4.13: -c sets the GECOS field (seed 002's label, later the sender name
// Postfix puts in From:), -aG/-G supplementary groups, -g primary group, -s shell, -d [-m] home,
// -l new login name, -L/-U lock and unlock, -p hash. "usermod: no changes" when nothing changes.
import type { Program } from '../../os/program.ts';
import { Accounts, ROOT } from '../lib/accounts.ts';
import { getopt, long } from '../lib/getopt.ts';
import { localeOf } from '../lib/locale.ts';
import { acctText, authLog } from '../lib/pam.ts';
import { validUserName } from '../useradd/useradd.ts';

const USAGE = `Usage: usermod [options] LOGIN

Options:
  -a, --append                  append the user to the supplemental GROUPS
                                mentioned by the -G option without removing
                                the user from other groups
  -b, --badname                 allow bad names
  -c, --comment COMMENT         new value of the GECOS field
  -d, --home HOME_DIR           new home directory for the user account
  -e, --expiredate EXPIRE_DATE  set account expiration date to EXPIRE_DATE
  -f, --inactive INACTIVE       set password inactive after expiration
                                to INACTIVE
  -g, --gid GROUP               force use GROUP as new primary group
  -G, --groups GROUPS           new list of supplementary GROUPS
  -h, --help                    display this help message and exit
  -l, --login NEW_LOGIN         new value of the login name
  -L, --lock                    lock the user account
  -m, --move-home               move contents of the home directory to the
                                new location (use only with -d)
  -o, --non-unique              allow using duplicate (non-unique) UID
  -p, --password PASSWORD       use encrypted password for the new password
  -P, --prefix PREFIX_DIR       prefix directory where are located the /etc/* files
  -r, --remove                  remove the user from only the supplemental GROUPS
                                mentioned by the -G option without removing
                                the user from other groups
  -R, --root CHROOT_DIR         directory to chroot into
  -s, --shell SHELL             new login shell for the user account
  -u, --uid UID                 new UID for the user account
  -U, --unlock                  unlock the user account
  -v, --add-subuids FIRST-LAST  add range of subordinate uids
  -V, --del-subuids FIRST-LAST  remove range of subordinate uids
  -w, --add-subgids FIRST-LAST  add range of subordinate gids
  -W, --del-subgids FIRST-LAST  remove range of subordinate gids
  -Z, --selinux-user SEUSER     new SELinux user mapping for the user account

`;

export const usermod: Program = async (proc) => {
  const err = (s: string) => proc.stderr.write(s);
  const r = getopt(
    proc.argv.slice(1),
    {
      short: 'abc:d:e:f:g:G:hl:LmoP:p:rR:s:u:U',
      long: [
        long('append', 'none', 'a'), long('badname', 'none', 'b'), long('comment', 'required', 'c'), long('home', 'required', 'd'),
        long('expiredate', 'required', 'e'), long('inactive', 'required', 'f'), long('gid', 'required', 'g'), long('groups', 'required', 'G'),
        long('help', 'none', 'h'), long('login', 'required', 'l'), long('lock', 'none', 'L'), long('move-home', 'none', 'm'),
        long('non-unique', 'none', 'o'), long('password', 'required', 'p'), long('remove', 'none', 'r'), long('shell', 'required', 's'),
        long('uid', 'required', 'u'), long('unlock', 'none', 'U'),
      ],
    },
    'usermod',
    localeOf(proc.env),
  );
  if (!r.ok) {
    err(r.message + USAGE);
    return 2;
  }
  const opt = new Map<string, string>();
  for (const o of r.options) opt.set(o.key, o.arg ?? '');
  if (opt.has('h')) {
    proc.stdout.write(USAGE);
    return 0;
  }
  if (r.operands.length !== 1) {
    err(USAGE);
    return 2;
  }
  if ((opt.has('a') || opt.has('r')) && !opt.has('G')) {
    err(`usermod: ${opt.has('a') ? '-a' : '-r'} flag is ONLY allowed with the -G flag\n${USAGE}`);
    return 2;
  }
  const name = r.operands[0];
  if (proc.cred.uid !== 0) {
    err(acctText(proc, 'shadow', '%s: Permission denied.\n', 'usermod') + acctText(proc, 'shadow', '%s: cannot lock %s; try again later.\n', 'usermod', '/etc/passwd'));
    return 1;
  }
  const fs = proc.host.fs;
  const acc = Accounts.load(fs);
  const user = acc.user(name);
  if (user === undefined) {
    err(acctText(proc, 'shadow', "%s: user '%s' does not exist\n", 'usermod', name));
    return 6;
  }
  let changed = false;
  const logs: string[] = [];
  if (opt.has('c')) {
    const c = opt.get('c')!;
    if (c.includes(':') || c.includes('\n')) {
      err(`usermod: invalid field '${c}'\n`);
      return 3;
    }
    if (c !== user.gecos) {
      user.gecos = c;
      changed = true;
    }
  }
  if (opt.has('s') && opt.get('s') !== user.shell) {
    logs.push(`change user '${name}' shell from '${user.shell}' to '${opt.get('s')}'`);
    user.shell = opt.get('s')!;
    changed = true;
  }
  if (opt.has('g')) {
    const g = acc.groupByNameOrId(opt.get('g')!);
    if (g === undefined) {
      err(acctText(proc, 'shadow', "%s: group '%s' does not exist\n", 'usermod', opt.get('g')!));
      return 6;
    }
    if (g.gid !== user.gid) {
      logs.push(`change user '${name}' GID from '${user.gid}' to '${g.gid}'`);
      user.gid = g.gid;
      changed = true;
    }
  }
  if (opt.has('u')) {
    const v = opt.get('u')!;
    if (!/^\d+$/.test(v)) {
      err(`usermod: invalid user ID '${v}'\n`);
      return 3;
    }
    const uid = Number(v);
    if (uid !== user.uid) {
      if (!opt.has('o') && acc.userByUid(uid) !== undefined) {
        err(`usermod: UID '${uid}' already exists\n`);
        return 4;
      }
      logs.push(`change user '${name}' UID from '${user.uid}' to '${uid}'`);
      user.uid = uid;
      changed = true;
    }
  }
  if (opt.has('d') && opt.get('d') !== user.home) {
    const to = opt.get('d')!;
    if (opt.has('m') && fs.stat(user.home, ROOT).ok) {
      const mv = fs.rename(user.home, to, ROOT);
      if (!mv.ok) {
        err(`usermod: cannot rename directory ${user.home} to ${to}\n`);
        return 12;
      }
    }
    logs.push(`change user '${name}' home from '${user.home}' to '${to}'`);
    user.home = to;
    changed = true;
  }
  if (opt.has('G')) {
    const want: string[] = [];
    for (const gname of opt.get('G')!.split(',').filter((s) => s !== '')) {
      const g = acc.groupByNameOrId(gname);
      if (g === undefined) {
        err(acctText(proc, 'shadow', "%s: group '%s' does not exist\n", 'usermod', gname));
        return 6;
      }
      if (!want.includes(g.name)) want.push(g.name);
    }
    if (opt.has('r')) {
      for (const g of want) {
        if (acc.group(g)?.members.includes(name)) {
          acc.removeMember(g, name);
          logs.push(`delete '${name}' from group '${g}'`, `delete '${name}' from shadow group '${g}'`);
          changed = true;
        }
      }
    } else {
      if (!opt.has('a')) {
        for (const g of acc.groups) {
          if (g.members.includes(name) && !want.includes(g.name)) {
            acc.removeMember(g.name, name);
            logs.push(`delete '${name}' from group '${g.name}'`, `delete '${name}' from shadow group '${g.name}'`);
            changed = true;
          }
        }
      }
      for (const g of want) {
        if (!acc.group(g)!.members.includes(name)) {
          acc.addMember(g, name);
          logs.push(`add '${name}' to group '${g}'`, `add '${name}' to shadow group '${g}'`);
          changed = true;
        }
      }
    }
  }
  const sh = acc.shadow(name);
  if (opt.has('p') && sh !== undefined) {
    sh.hash = opt.get('p')!;
    changed = true;
  }
  if (opt.has('L') && sh !== undefined && !sh.hash.startsWith('!')) {
    sh.hash = '!' + sh.hash;
    changed = true;
  }
  if (opt.has('U') && sh !== undefined && sh.hash.startsWith('!')) {
    if (sh.hash === '!') {
      err("usermod: unlocking the user's password would result in a passwordless account.\nYou should set a password with usermod -p to unlock this user's password.\n");
    } else {
      sh.hash = sh.hash.slice(1);
      changed = true;
    }
  }
  if (opt.has('l') && opt.get('l') !== name) {
    const to = opt.get('l')!;
    if (!opt.has('b') && !validUserName(to)) {
      err(`usermod: invalid user name '${to}'\n`);
      return 3;
    }
    if (acc.user(to) !== undefined) {
      err(acctText(proc, 'shadow', "%s: user '%s' already exists\n", 'usermod', to));
      return 9;
    }
    for (const g of acc.groups) g.members = g.members.map((m) => (m === name ? to : m));
    for (const l of acc.gshadowFile?.lines ?? []) if ('entry' in l) l.entry.members = l.entry.members.map((m) => (m === name ? to : m));
    if (sh !== undefined) sh.name = to;
    logs.push(`change user name '${name}' to '${to}'`);
    user.name = to;
    changed = true;
  }
  if (!changed) {
    proc.stdout.write(acctText(proc, 'shadow', '%s: no changes\n', 'usermod'));
    return 0;
  }
  acc.touch('passwd', 'group', 'shadow', 'gshadow');
  acc.save();
  for (const l of logs) authLog(proc, 'usermod', l);
  return 0;
};
