// chpasswd(8) of shadow 4.13: "user:password" lines on stdin (-e: already hashed), all or
// nothing: any bad line and no password changes ("chpasswd: error detected, changes ignored").
import type { Program } from '../../os/program.ts';
import { hashPassword } from '../../os/users/sha512-crypt.ts';
import { daysSinceEpoch } from '../../os/users/shadow.ts';
import { Accounts } from '../lib/accounts.ts';
import { LineInput } from '../lib/line-input.ts';
import { acctText, authLog } from '../lib/pam.ts';

export const chpasswd: Program = async (proc) => {
  const args = proc.argv.slice(1);
  const encrypted = args.includes('-e') || args.includes('--encrypted');
  if (args.includes('-h') || args.includes('--help')) {
    proc.stdout.write('Usage: chpasswd [options]\n\nOptions:\n  -c, --crypt-method METHOD     the crypt method (one of NONE DES MD5 SHA256 SHA512 YESCRYPT)\n  -e, --encrypted               supplied passwords are encrypted\n  -h, --help                    display this help message and exit\n  -m, --md5                     encrypt the clear text password using\n                                the MD5 algorithm\n  -R, --root CHROOT_DIR         directory to chroot into\n  -P, --prefix PREFIX_DIR       directory prefix\n  -s, --sha-rounds              number of rounds for the SHA, BCRYPT\n                                or YESCRYPT crypt algorithms\n\n');
    return 0;
  }
  const input = new LineInput(proc.stdin);
  const pairs: [number, string, string][] = [];
  for (let n = 1; ; n++) {
    const line = await input.line();
    if (line === null) break;
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon < 0) {
      proc.stderr.write(acctText(proc, 'shadow', '%s: line %d: missing new password\n', 'chpasswd', n));
      pairs.push([n, '', '']);
      continue;
    }
    pairs.push([n, line.slice(0, colon), line.slice(colon + 1)]);
  }
  if (proc.cred.uid !== 0) {
    for (const [n, user] of pairs) {
      if (user === '') continue;
      proc.stderr.write(`chpasswd: (user ${user}) pam_chauthtok() failed, error:\nAuthentication token manipulation error\nchpasswd: (line ${n}, user ${user}) password not changed\n`);
    }
    return pairs.length > 0 ? 1 : 0;
  }
  const acc = Accounts.load(proc.host.fs);
  let bad = pairs.some(([, u]) => u === '');
  const today = daysSinceEpoch(proc.host.wallTimeMs());
  for (const [n, user, pw] of pairs) {
    if (user === '') continue;
    if (acc.user(user) === undefined) {
      proc.stderr.write(acctText(proc, 'shadow', "%s: line %d: user '%s' does not exist\n", 'chpasswd', n, user));
      bad = true;
      continue;
    }
    const sh = acc.shadow(user);
    if (sh === undefined) {
      proc.stderr.write(`chpasswd: line ${n}: user '${user}' does not exist in /etc/shadow\n`);
      bad = true;
      continue;
    }
    sh.hash = encrypted ? pw : hashPassword(pw, proc.host.rng);
    sh.lastChange = today;
  }
  if (bad) {
    proc.stderr.write(acctText(proc, 'shadow', '%s: error detected, changes ignored\n', 'chpasswd'));
    return 1;
  }
  if (pairs.length === 0) return 0;
  acc.touch('shadow');
  acc.save();
  for (const [, user] of pairs) authLog(proc, 'chpasswd', `pam_unix(chpasswd:chauthtok): password changed for ${user}`, 'authpriv', 'notice');
  return 0;
};
