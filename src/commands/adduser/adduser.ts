// adduser(8) 3.134 of Debian 12 (also addgroup): the friendly front end. For a normal user:
//   Adding user `foo' ...                     (then the group, the user, the home from /etc/skel)
//   New password: / Retype new password:      (passwd, echo off; "Try again? [y/N]" on failure)
//   Changing the user information for foo     (chfn's questions)
//   Is the information correct? [Y/n]
//   Adding new user `foo' to supplemental / extra groups `users' ...
// Options --disabled-password, --disabled-login, --gecos/--comment, --home, --shell, --uid,
// --gid, --ingroup, --no-create-home, --system, --group; `adduser USER GROUP` adds to a group.
import type { Process, Program } from '../../os/program.ts';
import { parseAdduserConf, type AdduserConfig } from '../../os/users/adduser-conf.ts';
import { firstFreeId } from '../../os/users/ids.ts';
import { daysSinceEpoch } from '../../os/users/shadow.ts';
import { readSystemFile } from '../../os/users/user-db.ts';
import { Accounts, copySkel, loginDefs, ROOT } from '../lib/accounts.ts';
import { acctText, authLog, gettextAcct, isNo, isYes, pamChauthtok } from '../lib/pam.ts';
import { unchanged } from '../passwd/passwd.ts';
import { format } from '../lib/locale.ts';
import { baseName } from '../lib/path.ts';
import type { GroupEntry } from '../../os/users/group.ts';
import { ask, LineInput } from '../lib/line-input.ts';
import { chfnDialog, formatGecos, parseGecos } from '../chfn/chfn.ts';
import { fromTty } from '../useradd/useradd.ts';

const USAGE = `adduser [--uid id] [--firstuid id] [--lastuid id]
        [--gid id] [--firstgid id] [--lastgid id] [--ingroup group]
        [--add-extra-groups] [--shell shell]
        [--comment comment] [--home dir] [--no-create-home]
        [--allow-all-names] [--allow-bad-names]
        [--disabled-password] [--disabled-login]
        [--conf file] [--quiet] [--verbose] [--debug]
        user
    Add a normal user

adduser --system
        [--uid id] [--group] [--ingroup group] [--gid id]
        [--shell shell] [--comment comment] [--home dir] [--no-create-home]
        [--conf file] [--quiet] [--verbose] [--debug]
        user
   Add a system user

adduser --group
        [--gid id] [--firstgid id] [--lastgid id]
        [--conf file] [--quiet] [--verbose] [--debug]
        group
addgroup
        [--gid id] [--firstgid id] [--lastgid id]
        [--conf file] [--quiet] [--verbose] [--debug]
        group
   Add a user group

addgroup --system
        [--gid id]
        [--conf file] [--quiet] [--verbose] [--debug]
        group
   Add a system group

adduser USER GROUP
   Add an existing user to an existing group
`;

/** Options taking a value (Getopt::Long: `--home DIR` or `--home=DIR`). */
const WITH_VALUE = new Set(['home', 'shell', 'uid', 'gid', 'firstuid', 'lastuid', 'firstgid', 'lastgid', 'ingroup', 'gecos', 'comment', 'conf', 'c']);
const FLAGS = new Set([
  'system', 'group', 'disabled-password', 'disabled-login', 'no-create-home', 'quiet', 'q', 'debug', 'verbose', 'force-badname',
  'allow-bad-names', 'allow-all-names', 'add_extra_groups', 'add-extra-groups', 'encrypt-home', 'help', 'h', 'version', 'v',
]);

interface Parsed {
  opts: Map<string, string>;
  names: string[];
}

function parseArgs(args: readonly string[]): Parsed | string {
  const opts = new Map<string, string>();
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      names.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      names.push(a);
      continue;
    }
    const body = a.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const key = eq >= 0 ? body.slice(0, eq) : body;
    if (WITH_VALUE.has(key)) {
      if (eq >= 0) opts.set(key, body.slice(eq + 1));
      else if (i + 1 < args.length) opts.set(key, args[++i]);
      else return `Option ${key} requires an argument`;
    } else if (FLAGS.has(key) && eq < 0) {
      opts.set(key, '');
    } else {
      return `Unknown option: ${key}`;
    }
  }
  if (opts.has('comment') && !opts.has('gecos')) opts.set('gecos', opts.get('comment')!);
  if (opts.has('c')) opts.set('conf', opts.get('c')!);
  return { opts, names };
}

class Io {
  readonly input: LineInput;
  constructor(
    readonly proc: Process,
    readonly prog: string,
    readonly quiet: boolean,
  ) {
    this.input = new LineInput(proc.stdin);
  }
  /** gtx(): adduser's message in the locale. */
  t(msgid: string, ...args: readonly (string | number)[]): string {
    return acctText(this.proc, 'adduser', msgid, ...args);
  }
  /** printf(...) if $verbose. */
  info(msgid: string, ...args: readonly (string | number)[]): void {
    if (!this.quiet) this.proc.stdout.write(this.t(msgid, ...args));
  }
  /** warnf: "adduser: message" on stderr. */
  warn(msgid: string, ...args: readonly (string | number)[]): void {
    this.proc.stderr.write(format(gettextAcct(this.proc, 'adduser', '%s: %s'), this.prog, this.t(msgid, ...args)));
  }
  /** dief: warnf, then exit 1. */
  die(msgid: string, ...args: readonly (string | number)[]): number {
    this.warn(msgid, ...args);
    return 1;
  }
}

export const adduser: Program = async (proc) => {
  const prog = baseName(proc.argv[0] ?? 'adduser') || 'adduser';
  const parsed = parseArgs(proc.argv.slice(1));
  if (typeof parsed === 'string') {
    proc.stderr.write(`${parsed}\n${USAGE}`);
    return 1;
  }
  const { opts, names } = parsed;
  const io = new Io(proc, prog, opts.has('quiet') || opts.has('q'));
  if (opts.has('help') || opts.has('h')) {
    proc.stdout.write(USAGE);
    return 0;
  }
  if (opts.has('version') || opts.has('v')) {
    proc.stdout.write(`adduser version 3.134\n\nAdds a user or group to the system.\n\nFor detailed copyright information, please refer to\n/usr/share/doc/adduser/copyright.\n\n`);
    return 0;
  }
  // Everyone may ask for --help and --version; only root goes on.
  if (proc.cred.uid !== 0) return io.die('Only root may add a user or group to the system.\n');
  if (names.length === 0 || names[0] === '' || names.length > 2) return io.die('Only one or two names allowed.\n');
  const fs = proc.host.fs;
  const conf = parseAdduserConf(readSystemFile(fs, opts.get('conf') ?? '/etc/adduser.conf') ?? '');
  const groupAction = prog === 'addgroup';
  if (names.length === 2) {
    if (opts.has('system') || opts.has('group')) return io.die('Specify only one name in this mode.\n');
    if (groupAction) return io.die('addgroup with two arguments is an unspecified operation.\n');
    return addToGroup(io, names[0], names[1]);
  }
  const name = names[0];
  const nameCheck = checkName(io, conf, name, opts);
  if (nameCheck !== 0) return nameCheck;
  if (groupAction || (opts.has('group') && !opts.has('system'))) return addGroup(io, conf, name, opts);
  if (opts.has('system')) return addSystemUser(io, conf, name, opts);
  return addUser(io, conf, name, opts);
};

/** checkname(): the checks of adduser 3.134, in its order (exit 13, RET_INVALID_CHARS_IN_NAME). */
function checkName(io: Io, conf: AdduserConfig, name: string, opts: Map<string, string>): number {
  const level = opts.has('allow-all-names') ? 2 : opts.has('allow-bad-names') || opts.has('force-badname') ? 1 : 0;
  if (/^\d+$/.test(name)) {
    io.warn('To avoid ambiguity with numerical UIDs, usernames which\n            consist of only digits are not allowed.\n');
    return 13;
  }
  if (new TextEncoder().encode(name).length > 32) {
    io.warn('Usernames must be no more than 32 bytes in length;\n            note that if you are using Unicode characters, the character\n            limit will be less than 32.\n');
    return 13;
  }
  if (!/^[^-+~:,\s/][^:,\s/]*$/.test(name)) {
    io.warn('To avoid problems, the username must not start with a\n            dash, plus sign, or tilde, and it must not contain any of the\n            following: colon, comma, slash, or any whitespace characters\n            including spaces, tabs, and newlines.\n');
    return 13;
  }
  const variable = opts.has('system') ? 'SYS_NAME_REGEX' : 'NAME_REGEX';
  let re: RegExp;
  try {
    re = new RegExp(opts.has('system') ? '^[a-z_][-a-z0-9_]*\\$?$' : conf.nameRegex);
  } catch {
    re = /^[a-z][-a-z0-9_]*\$?$/;
  }
  if (re.test(name)) return 0;
  if (!/^[_.A-Za-z0-9][-@_.A-Za-z0-9]*\$?$/.test(name) && level < 2) {
    io.warn("To avoid problems, the username should consist only of\n            letters, digits, underscores, periods, at signs and dashes, and\n            not start with a dash (as defined by IEEE Std 1003.1-2001). For\n            compatibility with Samba machine accounts, $ is also supported\n            at the end of the username.  (Use the `--allow-all-names' option\n            to bypass this restriction.)\n");
    return 13;
  }
  if (level > 0) {
    io.info('Allowing use of questionable username.\n');
    return 0;
  }
  io.warn("Please enter a username matching the regular expression\n            configured via the %s configuration variable.  Use the\n            `--allow-bad-names' option to relax this check or reconfigure\n            %s in configuration.\n", variable, variable);
  return 13;
}

function num(opts: Map<string, string>, key: string, def: number): number {
  const v = opts.get(key);
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : def;
}

/** The first id free both as a uid and as a gid (first_avail_uid_gid). */
function firstFreeUidGid(acc: Accounts, first: number, last: number): number | null {
  const uids = acc.usedUids();
  const gids = acc.usedGids();
  for (let id = first; id <= last; id++) if (!uids.has(id) && !gids.has(id)) return id;
  return null;
}

/** ch_comment(): chfn -f/-r/-w/-h/-o with the comma-separated parts (chfn writes 4 fields). */
function commentToGecos(comment: string): string {
  if (!comment.includes(',')) return formatGecos({ full: comment, room: '', work: '', home: '', other: '' });
  const [full = '', room = '', work = '', home = '', other = ''] = comment.split(',');
  return formatGecos({ full, room, work, home, other });
}

async function addUser(io: Io, conf: AdduserConfig, name: string, opts: Map<string, string>): Promise<number> {
  const proc = io.proc;
  const fs = proc.host.fs;
  const acc = Accounts.load(fs);
  const ingroup = opts.get('ingroup');
  const gidOption = opts.has('gid') ? num(opts, 'gid', -1) : undefined;
  const makeGroup = conf.usergroups && ingroup === undefined && gidOption === undefined;
  if (opts.has('group') || [ingroup, gidOption].filter((x) => x !== undefined).length > 1) {
    return io.die('The --group, --ingroup, and --gid options are mutually exclusive.\n');
  }
  // check_user_group(0)
  if (acc.user(name) !== undefined) return io.die("The user `%s' already exists.\n", name);
  if (opts.has('uid') && acc.userByUid(num(opts, 'uid', -1)) !== undefined) return io.die('The UID %d is already in use.\n', num(opts, 'uid', -1));
  if (makeGroup && acc.group(name) !== undefined) return io.die("The group `%s' already exists.\n", name);
  if (ingroup !== undefined && acc.group(ingroup) === undefined) return io.die("The group `%s' does not exist.\n", ingroup);
  if (gidOption !== undefined && acc.groupByGid(gidOption) === undefined) return io.die('The GID %d does not exist.\n', gidOption);
  const supplemental: string[] = conf.usergroups ? [conf.usersGroup] : [];
  io.info("Adding user `%s' ...\n", name);
  const firstUid = num(opts, 'firstuid', conf.firstUid);
  const lastUid = num(opts, 'lastuid', conf.lastUid);
  let uid: number;
  if (opts.has('uid')) uid = num(opts, 'uid', -1);
  else {
    const u = ingroup !== undefined ? firstFreeId(acc.usedUids(), firstUid, lastUid) : firstFreeUidGid(acc, firstUid, lastUid);
    if (u === null) {
      io.warn('No UID/GID pair is available in the range %d-%d (FIRST_UID - LAST_UID).\n', firstUid, lastUid);
      return io.die("The user `%s' was not created.\n", name);
    }
    uid = u;
  }
  let group: GroupEntry;
  if (makeGroup) {
    const gid = uid;
    io.info("Adding new group `%s' (%d) ...\n", name, gid);
    group = { name, password: 'x', gid, members: [] };
    acc.addGroup(group, { name, password: '!', admins: [], members: [] });
    acc.save();
    authLog(proc, 'groupadd', `group added to /etc/group: name=${name}, GID=${gid}`);
    authLog(proc, 'groupadd', `group added to /etc/gshadow: name=${name}`);
    authLog(proc, 'groupadd', `new group: name=${name}, GID=${gid}`);
  } else {
    group = (ingroup !== undefined ? acc.group(ingroup) : gidOption !== undefined ? acc.groupByGid(gidOption) : acc.group(conf.usersGroup))
      ?? { name: 'users', gid: 100, password: 'x', members: [] };
  }
  io.info("Adding new user `%s' (%d) with group `%s (%d)' ...\n", name, uid, group.name, group.gid);
  const home = opts.get('home') ?? `${conf.dhome}/${name}`;
  const shell = opts.get('shell') ?? (opts.has('disabled-login') ? '/usr/sbin/nologin' : conf.dshell);
  const defs = loginDefs(fs);
  // useradd -d HOME -g GID -s SHELL -u UID NAME: the account starts locked ('!').
  acc.addUser(
    { name, password: 'x', uid, gid: group.gid, gecos: '', home, shell },
    { name, hash: '!', lastChange: daysSinceEpoch(proc.host.wallTimeMs()), minDays: defs.passMinDays, maxDays: defs.passMaxDays, warnDays: defs.passWarnAge, inactiveDays: null, expireDay: null, reserved: '' },
  );
  acc.save();
  authLog(proc, 'useradd', `new user: name=${name}, UID=${uid}, GID=${group.gid}, home=${home}, shell=${shell}, from=${fromTty(proc)}`);
  createHome(io, conf, home, uid, group.gid, opts);

  if (!opts.has('disabled-login') && !opts.has('disabled-password')) {
    for (;;) {
      const r = await pamChauthtok(proc, io.input, name, { asRoot: true });
      if (r === 'ok') {
        proc.stdout.write(acctText(proc, 'shadow', 'passwd: password updated successfully\n'));
        break;
      }
      proc.stderr.write(unchanged(proc));
      if (r === 'eof') break;
      const again = await ask(io.input, proc.stdout, io.t('Try again? [y/N] '));
      if (again === null || !isYes(proc, again)) break;
    }
  }
  let gecos: string | null = null;
  if (opts.has('gecos')) gecos = commentToGecos(opts.get('gecos')!);
  else {
    const restrict = defs.raw.get('CHFN_RESTRICT') ?? 'rwh';
    let current = parseGecos('');
    for (;;) {
      const next = await chfnDialog(proc, io.input, name, current, true, restrict);
      if (next === null) break;
      current = next;
      gecos = formatGecos(current);
      const ok = await ask(io.input, proc.stdout, io.t('Is the information correct? [Y/n] '));
      if (ok === null || !isNo(ok)) break;
    }
  }
  if (gecos !== null) {
    const fresh = Accounts.load(fs);
    const u = fresh.user(name);
    if (u !== undefined && u.gecos !== gecos) {
      u.gecos = gecos;
      fresh.touch('passwd');
      fresh.save();
    }
    authLog(proc, 'chfn', `changed user '${name}' information`);
  }
  if (conf.addExtraGroups || opts.has('add-extra-groups') || opts.has('add_extra_groups')) supplemental.push(...conf.extraGroups);
  addSupplemental(io, name, supplemental);
  return 0;
}

function createHome(io: Io, conf: AdduserConfig, home: string, uid: number, gid: number, opts: Map<string, string>): void {
  const fs = io.proc.host.fs;
  if (/^\/+nonexistent(\/|$)/.test(home)) {
    io.info("Not creating `%s'.\n", home);
    return;
  }
  if (opts.has('no-create-home')) {
    io.info("Not creating home directory `%s'.\n", home);
    return;
  }
  if (fs.stat(home, ROOT).ok) {
    if (!io.quiet) io.warn("The home directory `%s' already exists.  Not touching this directory.\n", home);
    return;
  }
  io.info("Creating home directory `%s' ...\n", home);
  const parent = home.slice(0, home.lastIndexOf('/')) || '/';
  if (!fs.stat(parent, ROOT).ok) fs.mkdir(parent, ROOT, { parents: true, mode: 0o755 });
  fs.mkdir(home, ROOT, { mode: conf.dirMode });
  fs.chown(home, uid, gid, ROOT);
  fs.chmod(home, conf.dirMode, ROOT);
  io.info("Copying files from `%s' ...\n", conf.skel);
  let ignore: RegExp | null = null;
  try {
    ignore = new RegExp(conf.skelIgnoreRegex);
  } catch {
    ignore = null;
  }
  copySkel(fs, conf.skel, home, uid, gid, ignore);
}

function addSupplemental(io: Io, name: string, groups: readonly string[]): void {
  if (groups.length === 0) return;
  io.info("Adding new user `%s' to supplemental / extra groups `%s' ...\n", name, groups.join(', '));
  const acc = Accounts.load(io.proc.host.fs);
  const added: string[] = [];
  for (const g of groups) {
    const entry = acc.group(g);
    if (entry === undefined) {
      io.warn("The group `%s' does not exist.\n", g);
      continue;
    }
    if (entry.members.includes(name)) {
      if (!io.quiet) io.warn("The user `%s' is already a member of `%s'.\n", name, g);
      continue;
    }
    io.info("Adding user `%s' to group `%s' ...\n", name, g);
    acc.addMember(g, name);
    added.push(g);
  }
  acc.save();
  for (const g of added) authLog(io.proc, 'gpasswd', `members of group ${g} set by root to ${acc.group(g)!.members.join(',')}`);
}

async function addToGroup(io: Io, user: string, group: string): Promise<number> {
  const acc = Accounts.load(io.proc.host.fs);
  if (acc.user(user) === undefined) return io.die("The user `%s' does not exist.\n", user);
  const g = acc.group(group);
  if (g === undefined) return io.die("The group `%s' does not exist.\n", group);
  if (g.members.includes(user)) {
    if (!io.quiet) io.warn("The user `%s' is already a member of `%s'.\n", user, group);
    return 0;
  }
  io.info("Adding user `%s' to group `%s' ...\n", user, group);
  acc.addMember(group, user);
  acc.save();
  authLog(io.proc, 'gpasswd', `user ${user} added by root to group ${group}`);
  io.info('Done.\n');
  return 0;
}

function addGroup(io: Io, conf: AdduserConfig, name: string, opts: Map<string, string>): number {
  const acc = Accounts.load(io.proc.host.fs);
  const system = opts.has('system');
  if (acc.group(name) !== undefined) return io.die("The group `%s' already exists.\n", name);
  let gid: number;
  if (opts.has('gid')) {
    gid = num(opts, 'gid', -1);
    if (acc.groupByGid(gid) !== undefined) return io.die("The GID `%s' is already in use.\n", String(gid));
  } else {
    const [first, last] = system ? [conf.firstSystemGid, conf.lastSystemGid] : [num(opts, 'firstgid', conf.firstGid), num(opts, 'lastgid', conf.lastGid)];
    const g = firstFreeId(acc.usedGids(), first, last);
    if (g === null) return io.die("The group `%s' was not created.\n", name);
    gid = g;
  }
  io.info("Adding group `%s' (GID %d) ...\n", name, gid);
  acc.addGroup({ name, password: 'x', gid, members: [] }, { name, password: '!', admins: [], members: [] });
  acc.save();
  authLog(io.proc, 'groupadd', `group added to /etc/group: name=${name}, GID=${gid}`);
  authLog(io.proc, 'groupadd', `group added to /etc/gshadow: name=${name}`);
  authLog(io.proc, 'groupadd', `new group: name=${name}, GID=${gid}`);
  io.info('Done.\n');
  return 0;
}

function addSystemUser(io: Io, conf: AdduserConfig, name: string, opts: Map<string, string>): number {
  const proc = io.proc;
  const fs = proc.host.fs;
  const acc = Accounts.load(fs);
  const existing = acc.user(name);
  if (existing !== undefined) {
    if (existing.uid >= conf.firstSystemUid && existing.uid <= conf.lastSystemUid) {
      io.info("The system user `%s' already exists. Exiting.\n", name);
      return 0;
    }
    io.warn("The user `%s' already exists, but is not a system user. Exiting.\n", name);
    return 11;
  }
  const makeGroup = opts.has('group');
  const uid = opts.has('uid') ? num(opts, 'uid', -1) : firstFreeId(acc.usedUids(), num(opts, 'firstuid', conf.firstSystemUid), num(opts, 'lastuid', conf.lastSystemUid));
  if (uid === null) return io.die("The user `%s' was not created.\n", name);
  let group: GroupEntry | undefined;
  if (opts.has('ingroup')) group = acc.group(opts.get('ingroup')!);
  else if (opts.has('gid')) group = acc.groupByGid(num(opts, 'gid', -1));
  if ((opts.has('ingroup') || opts.has('gid')) && group === undefined) return io.die("The group `%s' does not exist.\n", opts.get('ingroup') ?? opts.get('gid')!);
  io.info("Adding system user `%s' (UID %d) ...\n", name, uid);
  if (group === undefined && makeGroup) {
    const gid = firstFreeId(acc.usedGids(), conf.firstSystemGid, conf.lastSystemGid) ?? uid;
    io.info("Adding new group `%s' (GID %d) ...\n", name, gid);
    group = { name, password: 'x', gid, members: [] };
    acc.addGroup(group, { name, password: '!', admins: [], members: [] });
  }
  const g = group ?? acc.group('nogroup') ?? { name: 'nogroup', gid: 65534, password: 'x', members: [] };
  const home = opts.get('home') ?? '/nonexistent';
  const shell = opts.get('shell') ?? '/usr/sbin/nologin';
  io.info("Adding new user `%s' (UID %d) with group `%s' ...\n", name, uid, g.name);
  acc.addUser(
    { name, password: 'x', uid, gid: g.gid, gecos: opts.has('gecos') ? commentToGecos(opts.get('gecos')!) : '', home, shell },
    { name, hash: '!', lastChange: daysSinceEpoch(proc.host.wallTimeMs()), minDays: null, maxDays: null, warnDays: null, inactiveDays: null, expireDay: null, reserved: '' },
  );
  acc.save();
  authLog(proc, 'useradd', `new user: name=${name}, UID=${uid}, GID=${g.gid}, home=${home}, shell=${shell}, from=${fromTty(proc)}`);
  createHome(io, { ...conf, dirMode: conf.sysDirMode }, home, uid, g.gid, opts);
  return 0;
}
