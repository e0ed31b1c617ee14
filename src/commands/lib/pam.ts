// What Debian 12's PAM stack (pam_unix through common-auth/common-password) says and does for
// su, passwd, adduser and chpasswd: its prompts and messages in English or French (Linux-PAM's
// fr.po, as seed 002 shows "Nouveau mot de passe :"), the password change dialogue, the delay
// after a failed authentication, and the auth.log lines it writes.
import type { Process } from '../../os/program.ts';
import { syslogOf } from '../../os/services/host-services.ts';
import type { Facility, Severity } from '../../os/syslog/syslog.ts';
import { hashPassword } from '../../os/users/sha512-crypt.ts';
import { authenticate, setPasswordHash } from '../../os/users/user-db.ts';
import { format, localeOf } from './locale.ts';
import { FR_ACCOUNT_CATALOGS, type AccountDomain } from './fr-account-messages.ts';
import { askSecret, type LineInput } from './line-input.ts';

/** A message of one of the account packages in the process's LC_MESSAGES, printf-formatted. */
export function acctText(proc: Process, domain: AccountDomain, msgid: string, ...args: readonly (string | number)[]): string {
  return format(gettextAcct(proc, domain, msgid), ...args);
}

/** The translated template itself (for a format applied later). */
export function gettextAcct(proc: Process, domain: AccountDomain, msgid: string): string {
  const fr = localeOf(proc.env, 'LC_MESSAGES').fr;
  return fr ? (FR_ACCOUNT_CATALOGS[domain].get(msgid) ?? msgid) : msgid;
}

/** pam_strerror / pam_unix messages (Linux-PAM's domain). */
export function pamText(proc: Process, msg: string, ...args: string[]): string {
  return acctText(proc, 'pam', msg, ...args);
}

/** rpmatch() of the locale: French accepts o/O as well as y/Y. */
export function isYes(proc: Process, answer: string): boolean {
  return (localeOf(proc.env, 'LC_MESSAGES').fr ? /^[oOyY]/ : /^[yY]/).test(answer);
}

export function isNo(answer: string): boolean {
  return /^[nN]/.test(answer);
}

/** "pts/0" of the process's controlling terminal, or null. */
export function ttyOf(proc: Process): string | null {
  return proc.host.processes.get(proc.pid)?.tty ?? null;
}

/** One line to the host's syslog under the program's name and pid (auth.log by default). */
export function authLog(proc: Process, tag: string, message: string, facility: Facility = 'auth', severity: Severity = 'info'): void {
  syslogOf(proc.host)?.log({ facility, severity, tag, pid: proc.pid, message });
}

/** The name of the user running the program (real uid), as logname/ruser in PAM's messages. */
export function nameOfUid(proc: Process, uid: number): string {
  const r = proc.host.fs.readFile('/etc/passwd', { uid: 0, gid: 0, groups: [] });
  if (r.ok) {
    for (const line of new TextDecoder().decode(r.value).split('\n')) {
      const f = line.split(':');
      if (f.length >= 3 && f[2] === String(uid)) return f[0];
    }
  }
  return String(uid);
}

/** pam_unix's delay after a failed authentication (about 2 s, FAIL_DELAY of the stack). */
export const FAIL_DELAY_NS = 2_000_000_000;

/** pam_authenticate for `user`: the Password: prompt, then the check. */
export async function pamAuthenticate(proc: Process, input: LineInput, user: string): Promise<'ok' | 'fail' | 'eof'> {
  const pw = await askSecret(proc, input, pamText(proc, 'Password: '));
  if (pw === null) return 'eof';
  if (authenticate(proc.host.fs, user, pw)) return 'ok';
  await proc.sleep(FAIL_DELAY_NS);
  return 'fail';
}

export type ChauthtokResult = 'ok' | 'mismatch' | 'failed' | 'badcurrent' | 'eof' | 'ioerror';

/** pam_unix's obscure checks (for users, not root): what it says, or null when acceptable. */
function obscureProblem(current: string | null, next: string): string | null {
  if (current !== null && current === next) return 'The password has not been changed.';
  if (next.length < 6) return 'You must choose a longer password.';
  return null;
}

/**
 * pam_chauthtok through Debian 12's pam_unix (obscure): a user changing their own password
 * first sees "Changing password for NAME." and "Current password:". Then up to three tries of
 * "New password:" / "Retype new password:": a mismatch ends at once, an empty or (for a user)
 * weak password is refused and asked again. Writes the hash to /etc/shadow on success.
 */
export async function pamChauthtok(proc: Process, input: LineInput, user: string, opts: { asRoot: boolean }): Promise<ChauthtokResult> {
  let current: string | null = null;
  if (!opts.asRoot) {
    proc.stdout.write(pamText(proc, 'Changing password for %s.', user) + '\n');
    current = await askSecret(proc, input, pamText(proc, 'Current password: '));
    if (current === null) return 'eof';
    if (!authenticate(proc.host.fs, user, current)) {
      await proc.sleep(FAIL_DELAY_NS);
      return 'badcurrent';
    }
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const first = await askSecret(proc, input, pamText(proc, 'New password: '));
    if (first === null) return 'eof';
    const second = await askSecret(proc, input, pamText(proc, 'Retype new password: '));
    if (second === null) return 'eof';
    if (first !== second) {
      proc.stderr.write(pamText(proc, 'Sorry, passwords do not match.') + '\n');
      return 'mismatch';
    }
    if (first === '') {
      proc.stderr.write(pamText(proc, 'No password has been supplied.') + '\n');
      continue;
    }
    const problem = opts.asRoot ? null : obscureProblem(current, first);
    if (problem !== null) {
      proc.stderr.write(pamText(proc, problem) + '\n');
      continue;
    }
    if (!setPasswordHash(proc.host.fs, user, hashPassword(first, proc.host.rng), proc.host.wallTimeMs())) return 'ioerror';
    authLog(proc, 'passwd', `pam_unix(passwd:chauthtok): password changed for ${user}`, 'authpriv', 'notice');
    return 'ok';
  }
  return 'failed';
}
