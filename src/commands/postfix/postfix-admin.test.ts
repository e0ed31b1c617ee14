// Postfix's administration commands on a host where apt installed postfix as on the recording
// machine (host "vm", "Internet Site", mailname mail128.com, snakeoil key present, a policy-rc.d
// keeping the daemon stopped): postconf, postfix start/stop/status/reload/check, postalias and
// newaliases, compared with shared/fidelity/smtp/admin/{postconf,postfix_misc,
// postfix_stopped,aliases_newaliases}.txt.
// Normalized: PIDs ("PID: 15985"), the only value that differs between two real runs here.
// The master daemon is a stand-in (the daemons' own master comes with the mail daemons): it
// writes $queue_directory/pid/master.pid as Postfix does ("%32lu\n", 33 bytes) and counts SIGHUPs.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { DebconfDb } from '../../os/packages/debconf/database.ts';
import { POSTFIX_TEMPLATES } from '../../os/packages/data/templates/postfix.ts';
import { SIGHUP, SIGTERM, type Program } from '../../os/program.ts';
import { readAliasesDb } from '../../services/postfix/config/aliases.ts';
import { aptGet } from '../apt/apt-get.ts';
import { ls } from '../ls/ls.ts';
import { lf, type TestHost } from '../testing/host-run.ts';
import { packageHost, ROOT } from '../testing/package-host.ts';
import { postalias, runNewaliases } from '../postalias/postalias.ts';
import { postconf } from '../postconf/postconf.ts';
import { postmap } from '../postmap/postmap.ts';
import { postfix } from './postfix.ts';

const fidelity = (name: string): string => readFileSync(new URL(`../../../../shared/fidelity/${name}`, import.meta.url), 'utf8');
const TTY = { tty: { columns: 80, rows: 24 } };

/** `$ cmd` blocks of a transcript, in order: [command, output, exit status]. */
function blocks(text: string): [string, string, number][] {
  return text
    .split(/^\$ /m)
    .slice(1)
    .map((b) => {
      const nl = b.indexOf('\n');
      const m = /# exit status: (\d+)\n/.exec(b);
      return [b.slice(0, nl), b.slice(nl + 1, m?.index ?? b.length), Number(m?.[1] ?? -1)];
    });
}
function block(file: string, cmd: string, nth = 0): { out: string; code: number } {
  const found = blocks(fidelity(file)).filter(([c]) => c === cmd)[nth];
  if (found === undefined) throw new Error(`no "${cmd}" in ${file}`);
  return { out: found[1], code: found[2] };
}
const pids = (s: string): string => s.replace(/PID: \d+/g, 'PID: N');

let hups = 0;
/** The stand-in master: pid file like Postfix's, stays until SIGTERM. */
const fakeMaster: Program = (proc) => {
  const fs = proc.host.fs;
  fs.writeFile('/var/spool/postfix/pid/master.pid', `${String(proc.pid).padStart(32)}\n`, ROOT, { mode: 0o600 });
  proc.onSignal(SIGHUP, () => hups++);
  return new Promise<number>((resolve) => {
    proc.onSignal(SIGTERM, () => {
      fs.unlink('/var/spool/postfix/pid/master.pid', ROOT);
      resolve(0);
    });
  });
};
/** The daemons' sendmail hands newaliases over to runNewaliases. */
const fakeSendmail: Program = async (proc) => ((proc.argv[0] ?? '').endsWith('newaliases') ? runNewaliases(proc) : 0);

async function installed(): Promise<TestHost> {
  const t = packageHost({ add: ['ssl-cert'], remove: ['apt-utils'] }, 'vm');
  t.register('postconf', postconf).register('postfix', postfix).register('postalias', postalias).register('postmap', postmap);
  t.register('postfix/master', fakeMaster).register('sendmail', fakeSendmail);
  const fs = t.host.fs;
  fs.mkdir('/etc/ssl/private', ROOT, { parents: true, mode: 0o710 });
  fs.writeFile('/etc/ssl/private/ssl-cert-snakeoil.key', 'key\n', ROOT);
  fs.writeFile('/usr/sbin/policy-rc.d', '#!/bin/sh\nexit 101\n', ROOT, { mode: 0o755 });
  const db = DebconfDb.load(fs);
  db.loadTemplates('postfix', POSTFIX_TEMPLATES);
  db.preseed('postfix', 'postfix/main_mailer_type', 'select', 'Internet Site');
  db.preseed('postfix', 'postfix/mailname', 'string', 'mail128.com');
  db.save(fs);
  const r = await t.run(aptGet, ['apt-get', 'install', '-y', 'postfix'], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
  expect(r.code).toBe(0);
  fs.unlink('/usr/sbin/policy-rc.d', ROOT);
  hups = 0;
  return t;
}

describe('postconf', () => {
  let t: TestHost;
  beforeEach(async () => {
    t = await installed();
  });

  it('prints what the recording printed: mail_version, -n, names, -d', async () => {
    for (const cmd of [
      'postconf mail_version',
      'postconf -n',
      'postconf myhostname mydomain myorigin mydestination mynetworks inet_interfaces relayhost',
      'postconf -d mydomain myhostname',
      'postconf smtpd_relay_restrictions smtpd_recipient_restrictions local_recipient_maps',
    ]) {
      const want = block('smtp/admin/postconf.txt', cmd);
      const r = await t.run(postconf, cmd.split(' '));
      expect([cmd, r.stdout + r.stderr, r.code]).toEqual([cmd, want.out, want.code]);
    }
  });

  it('lists every parameter with no argument, and expands with -x and -h', async () => {
    const all = await t.run(postconf, ['postconf']);
    const lines = all.stdout.split('\n');
    expect(lines.length).toBeGreaterThan(1000);
    expect(lines).toContain('myhostname = vm');
    expect(lines).toContain('mail_version = 3.7.11');
    expect(lines).toContain('smtpd_banner = $myhostname ESMTP $mail_name (Debian/GNU)');
    expect((await t.run(postconf, ['postconf', '-hx', 'smtpd_banner'])).stdout).toBe('vm ESMTP Postfix (Debian/GNU)\n');
    expect((await t.run(postconf, ['postconf', '-x', 'mydestination'])).stdout).toBe('mydestination = vm, mail128.com, vm, localhost.localdomain, localhost\n');
    expect((await t.run(postconf, ['postconf', '-d', 'mail_version'])).stdout).toBe('mail_version = 3.7.11\n');
    expect((await t.run(postconf, ['postconf', '-o', 'myhostname=other', '-x', 'smtpd_banner'])).stdout).toBe('smtpd_banner = other ESMTP Postfix (Debian/GNU)\n');
    expect((await t.run(postconf, ['postconf', '-l'])).stdout).toBe('flock\nfcntl\ndotlock\n');
  });

  it('edits main.cf with -e (and name=value alone), -# and -X, keeping the rest', async () => {
    const before = t.read('/etc/postfix/main.cf');
    expect((await t.run(postconf, ['postconf', '-e', 'myhostname=smtp.mail128.com', 'message_size_limit = 20480000'])).code).toBe(0);
    const after = t.read('/etc/postfix/main.cf');
    expect(after).toBe(before.replace('myhostname = vm\n', 'myhostname = smtp.mail128.com\n') + 'message_size_limit = 20480000\n');
    await t.run(postconf, ['postconf', 'relayhost=[10.0.0.1]']);
    expect(t.read('/etc/postfix/main.cf')).toContain('\nrelayhost = [10.0.0.1]\n');
    await t.run(postconf, ['postconf', '-#', 'relayhost']);
    expect(t.read('/etc/postfix/main.cf')).toContain('\n#relayhost = [10.0.0.1]\n');
    await t.run(postconf, ['postconf', '-X', 'message_size_limit']);
    expect(t.read('/etc/postfix/main.cf')).not.toContain('message_size_limit');
    expect((await t.run(postconf, ['postconf', '-h', 'myhostname'])).stdout).toBe('smtp.mail128.com\n');
  });

  it('warns about unknown and unused parameters, dies on a broken main.cf (postfix_misc.txt)', async () => {
    t.host.fs.writeFile('/etc/postfix/main.cf', 'myhostnam = oops\n', ROOT, { append: true });
    const want = block('smtp/admin/postfix_misc.txt', 'postconf myhostnam');
    const r = await t.run(postconf, ['postconf', 'myhostnam']);
    expect([r.stdout + r.stderr, r.code]).toEqual([want.out, want.code]);
    t.host.fs.writeFile('/etc/postfix/main.cf', 'smtpd_banner\n', ROOT, { append: true });
    const bad = block('smtp/admin/postfix_misc.txt', 'postconf -n');
    const n = await t.run(postconf, ['postconf', '-n']);
    expect([n.stdout + n.stderr, n.code]).toEqual([bad.out, bad.code]);
  });

  it('answers bad usage and non-root edits as postconf does', async () => {
    const r = await t.run(postconf, ['postconf', '-z']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^postconf: invalid option -- 'z'\npostconf: fatal: usage: postconf /);
    const e = await t.run(postconf, ['postconf', '-e', 'myhostname=x'], { user: 'nobody' });
    expect([e.stderr, e.code]).toEqual(['postconf: fatal: open /etc/postfix/main.cf.tmp: Permission denied\n', 1]);
    const garbage = await t.run(postconf, ['postconf', '-e', '=oops']);
    expect([garbage.stderr, garbage.code]).toEqual(['postconf: fatal: missing attribute name: "=oops"\n', 1]);
    const noArg = await t.run(postconf, ['postconf', '-e']);
    expect([noArg.stderr, noArg.code]).toEqual(['postconf: fatal: -e requires name=value argument\n', 1]);
    const noEq = await t.run(postconf, ['postconf', '-e', 'relayhost']);
    expect([noEq.stderr, noEq.code]).toEqual([`postconf: fatal: missing '=' after attribute name: "relayhost"\n`, 1]);
    const twice = await t.run(postconf, ['postconf', 'relayhost=a', 'relayhost=b']);
    expect([twice.stderr, twice.code]).toEqual(["postconf: warning: ignoring earlier request: 'relayhost = a'\n", 0]);
    expect(t.read('/etc/postfix/main.cf')).toContain('\nrelayhost = b\n');
    expect(t.read('/etc/postfix/main.cf')).not.toContain('oops');
    const huge = await t.run(postconf, ['postconf', 'x'.repeat(100_000)]);
    expect(huge.code).toBe(0);
    expect(huge.stderr).toBe(`postconf: warning: ${'x'.repeat(100_000)}: unknown parameter\n`);
  });
});

describe('postfix', () => {
  let t: TestHost;
  beforeEach(async () => {
    t = await installed();
  });

  it('status, start, status, reload, stop, status as in the recording (on a terminal)', async () => {
    const stopped = block('smtp/admin/postfix_stopped.txt', 'postfix status');
    let r = await t.run(postfix, ['postfix', 'status'], TTY);
    expect([lf(r.screen), r.code]).toEqual([stopped.out, stopped.code]);
    for (const [cmd, nth] of [['postfix start', 0], ['postfix status', 2], ['postfix reload', 0], ['postfix stop', 0], ['postfix status', 1]] as const) {
      const want = block('smtp/admin/postfix_misc.txt', cmd, nth);
      r = await t.run(postfix, cmd.split(' '), TTY);
      expect([cmd, pids(lf(r.screen)), r.code]).toEqual([cmd, pids(want.out), want.code]);
    }
    expect(hups).toBe(1);
  });

  it('writes to mail.log always and to stderr only on a terminal', async () => {
    const r = await t.run(postfix, ['postfix', 'start']);
    expect([r.stdout, r.stderr, r.code]).toEqual(['', '', 0]);
    const s = await t.run(postfix, ['postfix', 'status']);
    expect([s.stderr, s.code]).toEqual(['', 0]);
    const script = t.logged.filter((m) => m.tag === 'postfix/postfix-script').map((m) => `${m.facility}.${m.severity} ${m.message}`);
    expect(pids(script.join('\n'))).toBe('mail.info starting the Postfix mail system\nmail.info the Postfix mail system is running: PID: N');
    const again = await t.run(postfix, ['postfix', 'start'], TTY);
    expect([lf(again.screen), again.code]).toEqual(['postfix/postfix-script: fatal: the Postfix mail system is already running\n', 1]);
    await t.run(postfix, ['postfix', 'stop']);
    const stop2 = await t.run(postfix, ['postfix', 'stop'], TTY);
    expect([lf(stop2.screen), stop2.code]).toEqual(['postfix/postfix-script: fatal: the Postfix mail system is not running\n', 1]);
  });

  it('check: silent when all is well, creates missing queue directories, warns about ownership', async () => {
    const ok = block('smtp/admin/postfix_misc.txt', 'postfix check');
    let r = await t.run(postfix, ['postfix', 'check'], TTY);
    expect([lf(r.screen), r.code]).toEqual([ok.out, ok.code]);
    // hold and trace appear at the first check/start, as on the recording machine (03:31).
    for (const d of ['hold', 'trace']) {
      const st = t.host.fs.stat(`/var/spool/postfix/${d}`, ROOT);
      expect(st.ok && [st.value.mode, st.value.uid !== 0, st.value.gid]).toEqual([0o700, true, 0]);
    }
    t.host.fs.chown('/var/spool/postfix/active', 0, 0, ROOT);
    r = await t.run(postfix, ['postfix', 'check'], TTY);
    expect([lf(r.screen), r.code]).toEqual(['postfix/postfix-script: warning: not owned by postfix: /var/spool/postfix/active\n', 0]);
    t.host.fs.unlink('/etc/postfix/master.cf', ROOT);
    r = await t.run(postfix, ['postfix', 'check'], TTY);
    expect(lf(r.screen)).toContain('postfix/postfix-script: fatal: no /etc/postfix/master.cf file found\n');
    expect(r.code).toBe(1);
  });

  it('repeats postconf warnings and dies on a broken main.cf (postfix_misc.txt)', async () => {
    t.host.fs.writeFile('/etc/postfix/main.cf', 'myhostnam = oops\n', ROOT, { append: true });
    let want = block('smtp/admin/postfix_misc.txt', 'postfix check', 1);
    let r = await t.run(postfix, ['postfix', 'check'], TTY);
    expect([lf(r.screen), r.code]).toEqual([want.out, want.code]);
    await t.run(postfix, ['postfix', 'start']);
    want = block('smtp/admin/postfix_misc.txt', 'postfix reload', 1);
    r = await t.run(postfix, ['postfix', 'reload'], TTY);
    expect([lf(r.screen), r.code]).toEqual([want.out, want.code]);
    t.host.fs.writeFile('/etc/postfix/main.cf', 'smtpd_banner\n', ROOT, { append: true });
    for (const [cmd, nth] of [['postfix check', 2], ['postfix reload', 2]] as const) {
      want = block('smtp/admin/postfix_misc.txt', cmd, nth);
      r = await t.run(postfix, cmd.split(' '), TTY);
      expect([cmd, lf(r.screen), r.code]).toEqual([cmd, want.out, want.code]);
    }
    const fatal = t.logged.filter((m) => m.tag === 'postfix').map((m) => `${m.severity} ${m.message}`);
    expect(fatal).toEqual(Array(2).fill(`crit fatal: /etc/postfix/main.cf, line 49: missing '=' after attribute name: "smtpd_banner"`));
  });

  it('stops on a malformed global parameter as mail_params_init does', async () => {
    t.host.fs.writeFile('/etc/postfix/main.cf', 'message_size_limit = 10M\n', ROOT, { append: true });
    const r = await t.run(postfix, ['postfix', 'check']);
    expect([r.stderr, r.code]).toEqual(['postsuper: fatal: bad numerical configuration: message_size_limit = 10M\n', 1]);
    const st = await t.run(postfix, ['postfix', 'start'], TTY);
    expect([lf(st.screen), st.code]).toEqual([
      'postsuper: fatal: bad numerical configuration: message_size_limit = 10M\npostfix/postfix-script: fatal: Postfix integrity check failed!\n',
      1,
    ]);
    await t.run(postconf, ['postconf', '-e', 'message_size_limit=10240000']);
    expect((await t.run(postfix, ['postfix', 'start'])).code).toBe(0);
    await t.run(postconf, ['postconf', '-e', 'soft_bounce=oui']);
    const b = await t.run(postfix, ['postfix', 'reload'], TTY);
    expect([lf(b.screen), b.code]).toEqual(['postfix/postfix-script: refreshing the Postfix mail system\npostsuper: fatal: bad boolean configuration: soft_bounce = oui\n', 1]);
    expect(hups).toBe(0);
  });

  it('tells about backwards-compatible settings when compatibility_level is below 3.6', async () => {
    await t.run(postconf, ['postconf', '-X', 'compatibility_level']);
    const r = await t.run(postfix, ['postfix', 'status']);
    expect([r.stderr, r.code]).toEqual([
      'postfix: Postfix is using backwards-compatible default settings\n' +
        'postfix: See https://www.postfix.org/COMPATIBILITY_README.html for details\n' +
        'postfix: To disable backwards compatibility use "postconf compatibility_level=3.6" and "postfix reload"\n',
      1,
    ]);
  });

  it('refuses non-root users and unknown commands', async () => {
    const u = await t.run(postfix, ['postfix', 'status'], { user: 'nobody' });
    expect([u.stderr, u.code]).toEqual(['postfix: error: to submit mail, use the Postfix sendmail command\npostfix: fatal: the postfix command is reserved for the superuser\n', 1]);
    const x = await t.run(postfix, ['postfix', 'frobnicate'], TTY);
    expect(lf(x.screen)).toBe(
      "postfix/postfix-script: fatal: unknown command: 'frobnicate'. Usage: postfix start (or stop, reload, abort, flush, check, status, set-permissions, upgrade-configuration, logrotate)\n",
    );
    const none = await t.run(postfix, ['postfix'], TTY);
    expect([lf(none.screen), none.code]).toEqual([
      "postfix/postfix-script: fatal: unknown command: ''. Usage: postfix start (or stop, reload, abort, flush, check, status, set-permissions, upgrade-configuration, logrotate)\n",
      1,
    ]);
    const bad = await t.run(postfix, ['postfix', '-z', 'status']);
    expect([bad.stderr, bad.code]).toEqual(["postfix: invalid option -- 'z'\npostfix: fatal: usage: postfix [-c config_dir] [-Dv] command\n", 1]);
    const rel = await t.run(postfix, ['postfix', '-c', 'etc/postfix', 'status']);
    expect([rel.stderr, rel.code]).toEqual(['postfix: fatal: -c requires absolute pathname\n', 1]);
  });

  it('logrotate has nothing to rotate on Debian (syslog, no maillog_file)', async () => {
    const r = await t.run(postfix, ['postfix', 'logrotate'], TTY);
    expect([lf(r.screen), r.code]).toEqual(["postfix/postfix-script: fatal: empty 'maillog_file' parameter value - logfile rotation failed\n", 1]);
  });

  it('set-permissions gives the queue directories postfix-files owners and modes', async () => {
    t.host.fs.chmod('/var/spool/postfix/deferred', 0o777, ROOT);
    expect((await t.run(postfix, ['postfix', 'set-permissions'])).code).toBe(0);
    const st = t.host.fs.stat('/var/spool/postfix/deferred', ROOT);
    expect(st.ok && st.value.mode).toBe(0o700);
  });
});

describe('aliases: postalias and newaliases', () => {
  let t: TestHost;
  beforeEach(async () => {
    t = await installed();
  });

  it('the install ran newaliases: a 12288-byte aliases.db; lookups follow the .db, not the source', async () => {
    const st = t.host.fs.stat('/etc/aliases.db', ROOT);
    expect(st.ok && [st.value.size, st.value.mode, st.value.uid, st.value.gid]).toEqual([12288, 0o644, 0, 0]);
    const file = 'smtp/admin/aliases_newaliases.txt';
    const q = await t.run(postalias, ['postalias', '-q', 'postmaster', '/etc/aliases']);
    expect([q.stdout, q.code]).toEqual([block(file, 'postalias -q postmaster /etc/aliases').out, 0]);
    t.host.fs.writeFile('/etc/aliases', 'admin:\tetudiant\n', ROOT, { append: true });
    const before = await t.run(postalias, ['postalias', '-q', 'admin', '/etc/aliases']);
    expect([before.stdout, before.code]).toEqual(['', block(file, 'postalias -q admin /etc/aliases').code]);
    const n = await t.run(t.registry.get('sendmail')!, ['newaliases']);
    expect([n.stdout + n.stderr, n.code]).toEqual([block(file, 'newaliases').out, 0]);
    const after = await t.run(postalias, ['postalias', '-q', 'admin', '/etc/aliases']);
    expect([after.stdout, after.code]).toEqual([block(file, 'postalias -q admin /etc/aliases', 1).out, 0]);
    expect(readAliasesDb(t.host.fs)?.get('admin')).toEqual(['etudiant']);
  });

  it('warns about bad lines, dies on a missing file or database, as postalias does', async () => {
    t.host.fs.writeFile('/etc/aliases', 'garbage line\nroot: etudiant\nROOT: other\n', ROOT, { append: true });
    const r = await t.run(postalias, ['postalias', '/etc/aliases']);
    expect(r.stderr).toBe('postalias: warning: /etc/aliases, line 3: need name:value pair\npostalias: warning: /etc/aliases.db: duplicate entry: "root"\n');
    expect(r.code).toBe(0);
    const missing = await t.run(postalias, ['postalias', '/etc/nothere']);
    expect([missing.stderr, missing.code]).toEqual(['postalias: fatal: open /etc/nothere: No such file or directory\n', 1]);
    const nodb = await t.run(postalias, ['postalias', '-q', 'x', '/etc/nothere']);
    expect([nodb.stderr, nodb.code]).toEqual(['postalias: fatal: open database /etc/nothere.db: No such file or directory\n', 1]);
    t.host.fs.writeFile('/etc/garbage.db', 'not a database', ROOT);
    const garbage = await t.run(postalias, ['postalias', '-q', 'x', '/etc/garbage']);
    expect([garbage.stderr, garbage.code]).toEqual(['postalias: fatal: open database /etc/garbage.db: Invalid argument\n', 1]);
    const user = await t.run(postalias, ['postalias', '/etc/aliases'], { user: 'nobody' });
    expect([user.stderr.split('\n').pop() === '' ? user.stderr.trim().split('\n').pop() : '', user.code]).toEqual([
      'postalias: fatal: open database /etc/aliases.db: Permission denied',
      1,
    ]);
  });

  it('postmap builds and queries hash: tables', async () => {
    t.host.fs.writeFile('/etc/postfix/transport', '# t\nExample.com smtp:[10.0.0.1]\nbad\n', ROOT);
    const r = await t.run(postmap, ['postmap', 'hash:/etc/postfix/transport']);
    expect([r.stderr, r.code]).toEqual(['postmap: warning: /etc/postfix/transport, line 3: expected format: key whitespace value\n', 0]);
    const q = await t.run(postmap, ['postmap', '-q', 'EXAMPLE.com', 'hash:/etc/postfix/transport']);
    expect([q.stdout, q.code]).toEqual(['smtp:[10.0.0.1]\n', 0]);
    const miss = await t.run(postmap, ['postmap', '-q', 'other', '/etc/postfix/transport']);
    expect([miss.stdout, miss.code]).toEqual(['', 1]);
  });
});

describe('/var/spool/postfix', () => {
  it('has the directories, owners and modes of the recording after install and the first start', async () => {
    const t = await installed();
    await t.run(postfix, ['postfix', 'start']);
    await t.run(postfix, ['postfix', 'stop']);
    const r = await t.run(ls, ['ls', '-l', '/var/spool/postfix']);
    // Dates, link counts and the "total" differ between machines and runs; defer/deferred have
    // hashed subdirectories there once mail was deferred (link count 5).
    const norm = (s: string): string[] =>
      s
        .split('\n')
        .filter((l) => /^[d-]/.test(l))
        .map((l) => l.replace(/^(\S+)\s+\d+\s+(\S+)\s+(\S+)\s+\d+\s+\w+\s+\d+\s+[\d:]+\s+/, '$1 $2 $3 '));
    expect(norm(r.stdout)).toEqual(norm(block('smtp/admin/postfix_misc.txt', 'ls -l /var/spool/postfix').out));
    expect(t.read('/etc/passwd')).toMatch(/^postfix:x:\d+:\d+::\/var\/spool\/postfix:\/usr\/sbin\/nologin$/m);
    expect(t.read('/etc/group')).toMatch(/^postdrop:x:\d+:$/m);
  });
});
