// passwd(1) of shadow 4.13 (Debian 12), setuid root: root sets anyone's password without the
// current one, a user changes their own after "Current password:"; -l/-u lock and unlock, -d
// deletes, -e expires, -S shows the status line. Prompts come from PAM (translated in French, as
// seed 002 shows); passwd's own messages stay English there, as in the seed.
import type { Process, Program } from '../../os/program.ts';
import { Accounts } from '../lib/accounts.ts';
import { getopt, long } from '../lib/getopt.ts';
import { localeOf } from '../lib/locale.ts';
import { acctText, authLog, nameOfUid, pamChauthtok, pamText } from '../lib/pam.ts';
import { LineInput } from '../lib/line-input.ts';
import { daysSinceEpoch } from '../../os/users/shadow.ts';

const USAGE = `Usage: passwd [options] [LOGIN]

Options:
  -a, --all                     report password status on all accounts
  -d, --delete                  delete the password for the named account
  -e, --expire                  force expire the password for the named account
  -h, --help                    display this help message and exit
  -k, --keep-tokens             change password only if expired
  -i, --inactive INACTIVE       set password inactive after expiration
                                to INACTIVE
  -l, --lock                    lock the password of the named account
  -n, --mindays MIN_DAYS        set minimum number of days before password
                                change to MIN_DAYS
  -q, --quiet                   quiet mode
  -r, --repository REPOSITORY   change password in REPOSITORY repository
  -R, --root CHROOT_DIR         directory to chroot into
  -S, --status                  report password status on the named account
  -u, --unlock                  unlock the password of the named account
  -w, --warndays WARN_DAYS      set expiration warning days to WARN_DAYS
  -x, --maxdays MAX_DAYS        set maximum number of days before password
                                change to MAX_DAYS

`;

export const passwd: Program = async (proc) => {
  const loc = localeOf(proc.env);
  const r = getopt(
    proc.argv.slice(1),
    { short: 'adehklqSu', long: [long('all', 'none', 'a'), long('delete', 'none', 'd'), long('expire', 'none', 'e'), long('help', 'none', 'h'), long('keep-tokens', 'none', 'k'), long('lock', 'none', 'l'), long('quiet', 'none', 'q'), long('status', 'none', 'S'), long('unlock', 'none', 'u')] },
    'passwd',
    loc,
  );
  if (!r.ok) {
    proc.stderr.write(r.message + USAGE);
    return 2;
  }
  const flags = new Set(r.options.map((o) => o.key));
  if (flags.has('h')) {
    proc.stdout.write(USAGE);
    return 0;
  }
  if (r.operands.length > 1) {
    proc.stderr.write(USAGE);
    return 2;
  }
  const realUid = proc.realCred.uid;
  const me = nameOfUid(proc, realUid);
  const target = r.operands[0] ?? me;
  const acc = Accounts.load(proc.host.fs);
  const user = acc.user(target);
  if (user === undefined) {
    proc.stderr.write(acctText(proc, 'shadow', "%s: user '%s' does not exist\n", 'passwd', target));
    return 1;
  }
  const root = realUid === 0;
  if (!root && user.uid !== realUid) {
    proc.stderr.write(acctText(proc, 'shadow', '%s: You may not view or modify password information for %s.\n', 'passwd', target));
    return 1;
  }
  const admin = ['l', 'u', 'd', 'e'].filter((f) => flags.has(f));
  if (admin.length > 0) {
    if (!root) {
      proc.stderr.write(acctText(proc, 'shadow', '%s: Permission denied.\n', 'passwd'));
      return 1;
    }
    const sh = acc.shadow(target);
    if (sh === undefined) {
      proc.stderr.write(`passwd: user '${target}' does not exist in /etc/shadow\n`);
      return 1;
    }
    for (const f of admin) {
      if (f === 'l' && !sh.hash.startsWith('!')) sh.hash = '!' + sh.hash;
      if (f === 'u') {
        if (sh.hash === '!') {
          proc.stderr.write("passwd: unlocking the password would result in a passwordless account.\nYou should set a password with usermod -p to unlock the password of this account.\n");
          return 3;
        }
        sh.hash = sh.hash.replace(/^!/, '');
      }
      if (f === 'd') sh.hash = '';
      if (f === 'e') sh.lastChange = 0;
    }
    acc.touch('shadow');
    acc.save();
    if (!flags.has('q')) proc.stdout.write(acctText(proc, 'shadow', '%s: password changed.\n', 'passwd'));
    return 0;
  }
  if (flags.has('S')) {
    const sh = acc.shadow(target);
    const state = sh === undefined ? 'L' : sh.hash === '' ? 'NP' : sh.hash.startsWith('!') || sh.hash.startsWith('*') ? 'L' : 'P';
    const day = sh?.lastChange ?? daysSinceEpoch(proc.host.wallTimeMs());
    const d = new Date(day * 86_400_000);
    const date = `${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}/${d.getUTCFullYear()}`;
    const n = (v: number | null | undefined) => (v === null || v === undefined ? -1 : v);
    proc.stdout.write(`${target} ${state} ${date} ${n(sh?.minDays)} ${n(sh?.maxDays)} ${n(sh?.warnDays)} ${n(sh?.inactiveDays)}\n`);
    return 0;
  }
  const input = new LineInput(proc.stdin);
  const res = await pamChauthtok(proc, input, target, { asRoot: root });
  if (res === 'ok') {
    proc.stdout.write(acctText(proc, 'shadow', 'passwd: password updated successfully\n'));
    return 0;
  }
  if (res === 'badcurrent') {
    proc.stderr.write(unchanged(proc));
    authLog(proc, 'passwd', `pam_unix(passwd:chauthtok): authentication failure; logname=${me} uid=${realUid} euid=0 tty=${'/dev/' + (proc.host.processes.get(proc.pid)?.tty ?? '')} ruser= rhost=  user=${target}`, 'authpriv', 'notice');
    return 10;
  }
  proc.stderr.write(unchanged(proc));
  return 10;
};

/** What passwd says when pam_chauthtok failed. */
export function unchanged(proc: Process): string {
  return acctText(proc, 'shadow', 'passwd: %s\n', pamText(proc, 'Authentication token manipulation error')) + acctText(proc, 'shadow', 'passwd: password unchanged\n');
}
