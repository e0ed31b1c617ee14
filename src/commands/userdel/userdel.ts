// userdel(8) of shadow 4.13: removes the account from the four files, the user's own group when
// no one else uses it (USERGROUPS_ENAB), and with -r the home directory and mail spool. Refuses
// while a process of the user runs (unless -f).
import type { Program } from '../../os/program.ts';
import { Accounts, loginDefs, removeTree, ROOT } from '../lib/accounts.ts';
import { getopt, long } from '../lib/getopt.ts';
import { localeOf } from '../lib/locale.ts';
import { acctText, authLog } from '../lib/pam.ts';

const USAGE = `Usage: userdel [options] LOGIN

Options:
  -f, --force                   force some actions that would fail otherwise
                                e.g. removal of user still logged in
                                or files, even if not owned by the user
  -h, --help                    display this help message and exit
  -r, --remove                  remove home directory and mail spool
  -R, --root CHROOT_DIR         directory to chroot into
  -P, --prefix PREFIX_DIR       prefix directory where are located the /etc/* files
      --extrausers              Use the extra users database
  -Z, --selinux-user            remove any SELinux user mapping for the user

`;

export const userdel: Program = async (proc) => {
  const err = (s: string) => proc.stderr.write(s);
  const r = getopt(proc.argv.slice(1), { short: 'fhrR:P:Z', long: [long('force', 'none', 'f'), long('help', 'none', 'h'), long('remove', 'none', 'r'), long('root', 'required', 'R'), long('prefix', 'required', 'P')] }, 'userdel', localeOf(proc.env));
  if (!r.ok) {
    err(r.message + USAGE);
    return 2;
  }
  const flags = new Set(r.options.map((o) => o.key));
  if (flags.has('h')) {
    proc.stdout.write(USAGE);
    return 0;
  }
  if (r.operands.length !== 1) {
    err(USAGE);
    return 2;
  }
  const name = r.operands[0];
  if (proc.cred.uid !== 0) {
    err(acctText(proc, 'shadow', '%s: Permission denied.\n', 'userdel') + acctText(proc, 'shadow', '%s: cannot lock %s; try again later.\n', 'userdel', '/etc/passwd'));
    return 1;
  }
  const fs = proc.host.fs;
  const acc = Accounts.load(fs);
  const user = acc.user(name);
  if (user === undefined) {
    err(acctText(proc, 'shadow', "%s: user '%s' does not exist\n", 'userdel', name));
    return 6;
  }
  const busy = proc.host.processes.list().find((p) => p.uid === user.uid && p.state !== 'Z');
  if (busy !== undefined && !flags.has('f')) {
    err(acctText(proc, 'shadow', '%s: user %s is currently used by process %d\n', 'userdel', name, busy.pid));
    return 8;
  }
  acc.removeUser(name);
  for (const g of acc.groups) if (g.members.includes(name)) acc.removeMember(g.name, name);
  for (const gs of acc.gshadowFile === null ? [] : acc.gshadowFile.lines) {
    if ('entry' in gs && (gs.entry.members.includes(name) || gs.entry.admins.includes(name))) acc.removeMember(gs.entry.name, name);
  }
  const own = acc.group(name);
  const removedGroup = own !== undefined && own.gid === user.gid && own.members.length === 0 && !acc.users.some((u) => u.gid === own.gid) && loginDefs(fs).usergroupsEnab;
  if (removedGroup) acc.removeGroup(name);
  acc.save();
  authLog(proc, 'userdel', `delete user '${name}'`);
  if (removedGroup) {
    authLog(proc, 'userdel', `removed group '${name}' owned by '${name}'`);
    authLog(proc, 'userdel', `removed shadow group '${name}' owned by '${name}'`);
  }
  let rc = 0;
  if (flags.has('r')) {
    const spool = `${loginDefs(fs).mailDir}/${name}`;
    if (fs.lstat(spool, ROOT).ok) fs.unlink(spool, ROOT);
    else err(acctText(proc, 'shadow', '%s: %s mail spool (%s) not found\n', 'userdel', name, spool));
    if (fs.lstat(user.home, ROOT).ok) {
      removeTree(fs, user.home);
    } else {
      err(acctText(proc, 'shadow', '%s: %s home directory (%s) not found\n', 'userdel', name, user.home));
      rc = 12;
    }
  }
  return rc;
};
