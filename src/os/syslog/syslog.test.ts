import { describe, it, expect, beforeEach } from 'vitest';
import { readFileSync } from 'node:fs';
import { MemoryFileSystem } from '../fs/memory-fs.ts';
import type { Credentials } from '../fs/types.ts';
import { populateDebianBase } from '../debian-base.ts';
import { readSystemFile } from '../users/user-db.ts';
import { Syslog, sanitizeMessage, type SyslogMessage } from './syslog.ts';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [] };
const fidelity = (name: string) => readFileSync(new URL(`../../../../shared/fidelity/${name}`, import.meta.url), 'utf8');

let clock = 0;
let fs: MemoryFileSystem;
let syslog: Syslog;

beforeEach(() => {
  clock = Date.UTC(2026, 10, 22, 3, 33, 55) + 272.949;
  fs = new MemoryFileSystem({ now: () => clock });
  populateDebianBase(fs, { hostname: 'vm' });
  syslog = new Syslog({ fs, hostname: () => 'vm', now: () => clock });
});

const mail = (message: string, severity: SyslogMessage['severity'] = 'info'): SyslogMessage => ({ facility: 'mail', severity, tag: 'postfix/smtpd', pid: 16464, message });

/** A recorded line back into the message rsyslog got and the instant it got it. */
function parseRecorded(line: string): { ms: number; tag: string; pid?: number; message: string } {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.(\d{6})\+00:00 vm ([^ []+)(?:\[(\d+)\])?: (.*)$/.exec(line);
  if (!m) throw new Error(`unexpected line ${line}`);
  return { ms: Date.parse(`${m[1]}Z`) + Number(m[2]) / 1000, tag: m[3], pid: m[4] === undefined ? undefined : Number(m[4]), message: m[5] };
}

describe('Syslog with Debian 12 rsyslog.conf', () => {
  it('writes /var/log/mail.log byte for byte as the recording (RFC 3339 microsecond timestamps)', () => {
    const recorded = fidelity('smtp/logs/mail.log');
    for (const line of recorded.trimEnd().split('\n')) {
      const r = parseRecorded(line);
      clock = r.ms;
      syslog.log({ facility: 'mail', severity: 'info', tag: r.tag, pid: r.pid, message: r.message });
    }
    expect(readSystemFile(fs, '/var/log/mail.log')).toBe(recorded);
  });

  it('writes the traditional format of the recording when rsyslog.conf asks for it (after reload)', () => {
    const conf = readSystemFile(fs, '/etc/rsyslog.conf')!;
    fs.writeFile('/etc/rsyslog.conf', conf.replace('#### GLOBAL DIRECTIVES ####\n###########################\n', '#### GLOBAL DIRECTIVES ####\n###########################\n\n$ActionFileDefaultTemplate RSYSLOG_TraditionalFileFormat\n'), ROOT);
    syslog.reload();
    const recorded = fidelity('smtp/logs/mail.log');
    for (const line of recorded.trimEnd().split('\n')) {
      const r = parseRecorded(line);
      clock = r.ms;
      syslog.log({ facility: 'mail', severity: 'info', tag: r.tag, pid: r.pid, message: r.message });
    }
    expect(readSystemFile(fs, '/var/log/mail.log')).toBe(fidelity('smtp/logs/mail.traditional-format.log'));
  });

  it('pads a one-digit day with a space in the traditional format, as the seeds show (Nov  7)', () => {
    fs.writeFile('/etc/rsyslog.d/traditional.conf', '$ActionFileDefaultTemplate RSYSLOG_TraditionalFileFormat\n', ROOT);
    syslog.reload();
    clock = Date.UTC(2026, 10, 7, 15, 10, 33, 500);
    syslog.log({ facility: 'mail', severity: 'info', tag: 'postfix/pickup', pid: 235834, message: '487538062A: uid=1001 from=<etudiant@s54>' });
    expect(readSystemFile(fs, '/var/log/mail.log')).toBe('Nov  7 15:10:33 vm postfix/pickup[235834]: 487538062A: uid=1001 from=<etudiant@s54>\n');
  });

  it('routes by facility as Debian 12: mail to mail.log and syslog, auth only to auth.log, no daemon.log', () => {
    syslog.log(mail('connect from localhost[127.0.0.1]'));
    syslog.log({ facility: 'authpriv', severity: 'notice', tag: 'popa3d', pid: 25204, message: 'pam_unix(popa3d:auth): authentication failure' });
    syslog.log({ facility: 'daemon', severity: 'info', tag: 'named', pid: 13960, message: 'running' });
    syslog.log({ facility: 'kern', severity: 'info', tag: 'kernel', message: 'Linux version 6.1.0-37-amd64' });
    const log = (p: string) => readSystemFile(fs, p) ?? '';
    expect(log('/var/log/mail.log')).toContain('postfix/smtpd[16464]: connect');
    expect(log('/var/log/syslog')).toContain('postfix/smtpd[16464]: connect');
    expect(log('/var/log/auth.log')).toContain('popa3d[25204]: pam_unix');
    expect(log('/var/log/syslog')).not.toContain('pam_unix');
    expect(log('/var/log/syslog')).toContain('named[13960]: running');
    expect(log('/var/log/kern.log')).toBe('2026-11-22T03:33:55.272949+00:00 vm kernel: Linux version 6.1.0-37-amd64\n');
    expect(fs.stat('/var/log/daemon.log', ROOT).ok).toBe(false);
    expect(fs.stat('/var/log/user.log', ROOT).ok).toBe(false);
  });

  it('creates log files root:adm 0640 as $FileOwner/$FileGroup/$FileCreateMode say', () => {
    syslog.log(mail('x'));
    const st = fs.stat('/var/log/mail.log', ROOT);
    expect(st.ok && [st.value.mode, st.value.uid, st.value.gid]).toEqual([0o640, 0, 4]);
    // A user outside adm cannot read it (Debian's reason for `sudo tail /var/log/mail.log`).
    expect(fs.readFile('/var/log/mail.log', { uid: 1000, gid: 1000, groups: [] }).ok).toBe(false);
    expect(fs.readFile('/var/log/mail.log', { uid: 1000, gid: 1000, groups: [4] }).ok).toBe(true);
  });

  it('appends to an existing file without touching its owner or mode', () => {
    fs.writeFile('/var/log/mail.log', '', ROOT, { mode: 0o600 });
    syslog.log(mail('one'));
    syslog.log(mail('two'));
    const st = fs.stat('/var/log/mail.log', ROOT);
    expect(st.ok && [st.value.mode, st.value.gid]).toEqual([0o600, 0]);
    expect(readSystemFile(fs, '/var/log/mail.log')!.split('\n')).toHaveLength(3);
  });

  it('logs nothing without /etc/rsyslog.conf (journald only) or while stopped', () => {
    const bare = new MemoryFileSystem({ now: () => clock });
    populateDebianBase(bare, { hostname: 'vm', rsyslog: false });
    const s = new Syslog({ fs: bare, hostname: () => 'vm', now: () => clock });
    s.log(mail('x'));
    expect(s.configured).toBe(false);
    expect(bare.stat('/var/log/mail.log', ROOT).ok).toBe(false);
    syslog.active = false;
    syslog.log(mail('x'));
    expect(fs.stat('/var/log/mail.log', ROOT).ok).toBe(false);
  });

  it('logs the first label of the host name, and without a pid "tag:"', () => {
    const s = new Syslog({ fs, hostname: () => 'smtp.mail128.com', now: () => clock });
    s.log({ facility: 'mail', severity: 'info', tag: 'dovecot', message: 'master: Dovecot v2.3.19.1 starting up' });
    expect(readSystemFile(fs, '/var/log/mail.log')).toBe('2026-11-22T03:33:55.272949+00:00 smtp dovecot: master: Dovecot v2.3.19.1 starting up\n');
  });

  it('writes local time with its offset for Europe/Paris (CET in winter, CEST in summer)', () => {
    const s = new Syslog({ fs, hostname: () => 'vm', now: () => clock, timeZone: 'Europe/Paris' });
    s.log(mail('winter'));
    clock = Date.UTC(2026, 6, 1, 12, 0, 0);
    s.log(mail('summer'));
    expect(readSystemFile(fs, '/var/log/mail.log')).toBe(
      '2026-11-22T04:33:55.272949+01:00 vm postfix/smtpd[16464]: winter\n2026-07-01T14:00:00.000000+02:00 vm postfix/smtpd[16464]: summer\n',
    );
  });
});

describe('rsyslog.conf rules', () => {
  const withRules = (rules: string) => {
    fs.writeFile('/etc/rsyslog.conf', `$FileGroup adm\n$FileCreateMode 0640\n${rules}\n`, ROOT);
    syslog.reload();
  };
  const log = (p: string) => readSystemFile(fs, p) ?? '';

  it('honours severity selectors: "mail.warn" is warning and above, "=info" only info, "!err" drops err and above', () => {
    withRules('mail.warn -/var/log/mail.warn\nmail.=info /var/log/mail.info\nmail.*;mail.!err /var/log/mail.noerr');
    syslog.log(mail('an info', 'info'));
    syslog.log(mail('a warning', 'warning'));
    syslog.log(mail('an error', 'err'));
    expect(log('/var/log/mail.warn')).toMatch(/a warning\n.*an error\n$/);
    expect(log('/var/log/mail.info')).toMatch(/^[^\n]*an info\n$/);
    expect(log('/var/log/mail.noerr')).toMatch(/an info\n.*a warning\n$/);
  });

  it('supports property filters, & continuation and stop', () => {
    withRules(':programname, isequal, "popa3d" /var/log/popa3d.log\n& stop\n*.* /var/log/all.log');
    syslog.log({ facility: 'daemon', severity: 'info', tag: 'popa3d', pid: 1, message: 'Session from 127.0.0.1' });
    syslog.log(mail('postfix line'));
    expect(log('/var/log/popa3d.log')).toContain('popa3d[1]: Session from 127.0.0.1');
    expect(log('/var/log/all.log')).not.toContain('popa3d');
    expect(log('/var/log/all.log')).toContain('postfix line');
  });

  it('reads a per-action template and creates missing directories', () => {
    withRules('mail.* /var/log/lab/mail.log;RSYSLOG_TraditionalFileFormat');
    syslog.log(mail('x'));
    expect(log('/var/log/lab/mail.log')).toBe('Nov 22 03:33:55 vm postfix/smtpd[16464]: x\n');
  });
});

describe('sanitizeMessage', () => {
  it('drops one trailing newline and escapes control characters as #ooo, as rsyslog does', () => {
    expect(sanitizeMessage('line\n')).toBe('line');
    expect(sanitizeMessage('a\tb\nc')).toBe('a#011b#012c');
    expect(sanitizeMessage('bonjour étudiant')).toBe('bonjour étudiant');
  });
});
