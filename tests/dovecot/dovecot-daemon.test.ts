// The running Dovecot (master, login and mail processes) on a simulated host, against the Debian 12
// recordings: every POP3 session of ../fidelity/pop3/sessions replayed over TCP from 127.0.0.1
// ("local") and from 192.168.0.28 ("remote"), the mail.log lines, the mbox left behind.
//
// Normalized, because they differ between any two real runs: UIDL/X-IMAPbase UIDVALIDITY (the time
// the mailbox was first opened), mpid=, the <pid> of the pop3(user) prefix, session=<...> ids (a
// timestamp and the client's ephemeral port), and "in N secs" counts (how fast the client typed).
import { describe, expect, it } from 'vitest';
import { dovecotCommand } from '../../src/services/dovecot/dovecot-command.ts';
import { doveadm } from '../../src/services/dovecot/doveadm.ts';
import { doveconf } from '../../src/services/dovecot/doveconf.ts';
import { RawClient, ROOT, fidelity, installDovecot, logLines, mailLab, readMailbox, replay, writeMailbox, type MailLab } from './mail-lab.ts';

const normalizeUidl = (s: string): string => s.replace(/\b([0-9a-f]{8})[0-9a-f]{8}$/gm, '$1UIDVALID');
const normalizeLog = (s: string): string =>
  s
    .replace(/mpid=\d+/g, 'mpid=N')
    .replace(/<\d+><[A-Za-z0-9+/]+>/g, '<PID><SESSION>')
    .replace(/session=<[A-Za-z0-9+/]+>/g, 'session=<SESSION>')
    .replace(/in \d+ secs/g, 'in N secs');

/** Recorded mail.log lines (after the timestamp and host name), pop3 ones only. */
const RECORDED_LOG = fidelity('pop3/mail.log_dovecot.txt')
  .split('\n')
  .filter((l) => l.includes(' dovecot: pop3'))
  .map((l) => l.replace(/^\S+ vm /, ''));

async function startDovecot(ml: MailLab): Promise<void> {
  installDovecot(ml.server);
  ml.server.start(dovecotCommand, ['/usr/sbin/dovecot', '-F']);
  await ml.lab.run(1);
}

function session(name: string): string {
  return fidelity(`pop3/sessions/${name}.txt`);
}

function allowPlaintext(ml: MailLab): void {
  const fs = ml.server.host.fs;
  const p = '/etc/dovecot/conf.d/10-auth.conf';
  const r = fs.readFile(p, ROOT);
  const text = new TextDecoder().decode(r.ok ? r.value : new Uint8Array());
  fs.writeFile(p, text.replace(/^#disable_plaintext_auth = yes/m, 'disable_plaintext_auth = no'), ROOT);
}

describe('dovecot daemon: the recorded POP3 sessions over TCP', () => {
  it('plays sessions 01, 02, then after disable_plaintext_auth = no and doveadm reload 04 and 05, with the recorded log lines', async () => {
    const ml = mailLab();
    await startDovecot(ml);
    const out01 = await replay(ml, session('pop3_01_remote_default_plaintext_refused'), ml.client, '192.168.0.1', 110);
    expect(out01).toBe(session('pop3_01_remote_default_plaintext_refused'));
    const out02 = await replay(ml, session('pop3_02_local_full'), ml.server, '127.0.0.1', 110);
    expect(normalizeUidl(out02)).toBe(normalizeUidl(session('pop3_02_local_full')));

    allowPlaintext(ml);
    const reload = await ml.server.run(doveadm, ['doveadm', 'reload']);
    expect(reload.code).toBe(0);
    await ml.lab.run(1);
    const out04 = await replay(ml, session('pop3_04_remote_after_config_full'), ml.client, '192.168.0.1', 110);
    expect(normalizeUidl(out04)).toBe(normalizeUidl(session('pop3_04_remote_after_config_full')));
    const out05 = await replay(ml, session('pop3_05_remote_dele_quit'), ml.client, '192.168.0.1', 110);
    expect(out05).toBe(session('pop3_05_remote_dele_quit'));

    const mail = logLines(ml.logs, 'mail').filter((l) => !l.startsWith('dovecot: master: Dovecot v'));
    // The recording has a second local session (TOP 1 0) and IMAP sessions between these; the
    // lines of the sessions replayed here must be the recorded ones, in order.
    const wanted = [RECORDED_LOG[0], RECORDED_LOG[1], RECORDED_LOG[2], 'dovecot: master: Warning: SIGHUP received - reloading configuration', RECORDED_LOG[5], RECORDED_LOG[6], RECORDED_LOG[7], RECORDED_LOG[8]];
    expect(mail.map(normalizeLog)).toEqual(wanted.map(normalizeLog));
    expect(logLines(ml.logs, 'mail')[0]).toBe('dovecot: master: Dovecot v2.3.19.1 (9b53102964) starting up for imap, pop3 (core dumps disabled)');
    expect(ml.lab.frameProblems()).toEqual([]);
  });

  it('IMAP: imap_01 (remote, plaintext refused) and imap_02 (local) over TCP, with their log lines', async () => {
    const ml = mailLab();
    await startDovecot(ml);
    const imap01 = fidelity('imap/sessions/imap_01_remote_default_plaintext_refused.txt');
    expect(await replay(ml, imap01, ml.client, '192.168.0.1', 143)).toBe(imap01);
    // The recording's mailbox had been opened by Dovecot before (POP3 sessions): every message O.
    await replay(ml, 'C: a login etudiant etudiant\nC: b select inbox\nC: c logout\n', ml.server, '127.0.0.1', 143);
    const imap02 = fidelity('imap/sessions/imap_02_local_full.txt');
    const timing = (s: string): string => s.replace(/\(\d+\.\d{3} \+ \d+\.\d{3}(?: \+ \d+\.\d{3})? secs\)/g, '(T secs)').replace(/UIDVALIDITY \d+/g, 'UIDVALIDITY V');
    expect(timing(await replay(ml, imap02, ml.server, '127.0.0.1', 143))).toBe(timing(imap02));
    const recorded = fidelity('pop3/mail.log_dovecot.txt').split('\n').filter((l) => l.includes(' dovecot: imap')).map((l) => l.replace(/^\S+ vm /, ''));
    const got = logLines(ml.logs, 'mail').filter((l) => l.startsWith('dovecot: imap'));
    expect(normalizeLog(got[0])).toBe(normalizeLog(recorded[0]));
    expect(got.slice(3).map(normalizeLog)).toEqual(recorded.slice(1, 3).map(normalizeLog));
  });

  it('IMAP: imap_04 (remote, after disable_plaintext_auth = no) on a mailbox Dovecot never opened', async () => {
    const ml = mailLab();
    await startDovecot(ml);
    allowPlaintext(ml);
    await ml.server.run(doveadm, ['doveadm', 'reload']);
    const imap04 = fidelity('imap/sessions/imap_04_remote_after_config_full.txt');
    const timing = (s: string): string => s.replace(/\(\d+\.\d{3} \+ \d+\.\d{3}(?: \+ \d+\.\d{3})? secs\)/g, '(T secs)').replace(/UIDVALIDITY \d+/g, 'UIDVALIDITY V');
    expect(timing(await replay(ml, imap04, ml.client, '192.168.0.1', 143))).toBe(timing(imap04));
    const login = logLines(ml.logs, 'mail').find((l) => l.startsWith('dovecot: imap-login: Login'));
    expect(normalizeLog(login ?? '')).toBe(normalizeLog('dovecot: imap-login: Login: user=<etudiant>, method=PLAIN, rip=192.168.0.28, lip=192.168.0.1, mpid=1, session=<x>'));
  });

  it('IMAP IDLE: mail appended to /var/mail/etudiant shows up as EXISTS within 30 s', async () => {
    const ml = mailLab();
    await startDovecot(ml);
    const c = new RawClient(ml, ml.server, '127.0.0.1', 143);
    await c.run(1);
    c.send('a login etudiant etudiant\r\nb select inbox\r\nc idle\r\n');
    await c.run(2);
    expect(c.received).toContain('+ idling\r\n');
    const seen = c.received.length;
    const late = 'From toto@mail128.com  Sun Nov 22 04:00:00 2026\nSubject: late\n\nhello\n\n';
    ml.server.host.fs.writeFile('/var/mail/etudiant', late, ROOT, { append: true });
    await c.run(31);
    expect(c.received.slice(seen)).toContain('* 8 EXISTS\r\n');
    c.send('DONE\r\nd logout\r\n');
    await c.run(1);
    expect(c.received).toContain('c OK Idle completed');
    expect(c.closed).toBe(true);
  });

  it('POP3 AUTH PLAIN (RFC 5034), as mail clients log in: initial response, continuation, bad password', async () => {
    const ml = mailLab();
    await startDovecot(ml);
    const b64 = (s: string): string => Buffer.from(s, 'latin1').toString('base64');
    const one = await replay(ml, `C: AUTH\nC: AUTH PLAIN ${b64('\0etudiant\0etudiant')}\nC: STAT\nC: QUIT\n`, ml.server, '127.0.0.1', 110);
    expect(one).toBe(`S: +OK Dovecot (Debian) ready.\nC: AUTH\nS: +OK\nS: PLAIN\nS: .\nC: AUTH PLAIN ${b64('\0etudiant\0etudiant')}\nS: +OK Logged in.\nC: STAT\nS: +OK 7 2898\nC: QUIT\nS: +OK Logging out.\n[connection closed by server]\n`);
    const two = await replay(ml, `C: AUTH PLAIN\nC: ${b64('\0etudiant\0faux')}\nC: QUIT\n`, ml.server, '127.0.0.1', 110);
    expect(two).toBe(`S: +OK Dovecot (Debian) ready.\nC: AUTH PLAIN\nS: + \nC: ${b64('\0etudiant\0faux')}\nS: -ERR [AUTH] Authentication failed.\nC: QUIT\nS: +OK Logging out\n[connection closed by server]\n`);
    expect(logLines(ml.logs, 'mail').filter((l) => l.includes('Login: ')).length).toBe(1);
  });

  it('auth_mechanisms = plain login: CAPA offers both, AUTH LOGIN prompts Username:/Password:', async () => {
    const ml = mailLab();
    installDovecot(ml.server);
    ml.server.host.fs.writeFile('/etc/dovecot/local.conf', 'auth_mechanisms = plain login\n', ROOT);
    ml.server.start(dovecotCommand, ['/usr/sbin/dovecot', '-F']);
    await ml.lab.run(1);
    const b64 = (s: string): string => Buffer.from(s, 'latin1').toString('base64');
    const out = await replay(ml, `C: CAPA\nC: AUTH LOGIN\nC: ${b64('etudiant')}\nC: ${b64('etudiant')}\nC: QUIT\n`, ml.server, '127.0.0.1', 110);
    expect(out).toContain('S: SASL PLAIN LOGIN\n');
    expect(out).toContain(`C: AUTH LOGIN\nS: + VXNlcm5hbWU6\nC: ${b64('etudiant')}\nS: + UGFzc3dvcmQ6\nC: ${b64('etudiant')}\nS: +OK Logged in.\n`);
  });

  it('DELE 2 + QUIT rewrites /var/mail/etudiant exactly as Dovecot did (owner and mode kept)', async () => {
    const ml = mailLab();
    await startDovecot(ml);
    allowPlaintext(ml);
    await ml.server.run(doveadm, ['doveadm', 'reload']);
    await replay(ml, session('pop3_05_remote_dele_quit'), ml.client, '192.168.0.1', 110);
    const norm = (s: string): string => s.replace(/^X-IMAPbase: \d+/m, 'X-IMAPbase: UIDVALIDITY');
    expect(norm(readMailbox(ml.server, 'etudiant'))).toBe(norm(fidelity('pop3/var_mail_etudiant_after_pop3_dele_quit.mbox')));
    const st = ml.server.host.fs.stat('/var/mail/etudiant', ROOT);
    expect(st.ok && [st.value.uid, st.value.gid, st.value.mode]).toEqual([1000, 8, 0o600]);
  });

  it('a wrong password is answered after auth_failure_delay (2 s), logged by PAM in auth.log', async () => {
    const ml = mailLab();
    await startDovecot(ml);
    const c = new RawClient(ml, ml.server, '127.0.0.1', 110);
    await c.run(1);
    c.send('USER etudiant\r\nPASS mauvais\r\n');
    await c.run(1.5);
    expect(c.received).toBe('+OK Dovecot (Debian) ready.\r\n+OK\r\n');
    await c.run(1);
    expect(c.received).toBe('+OK Dovecot (Debian) ready.\r\n+OK\r\n-ERR [AUTH] Authentication failed.\r\n');
    expect(logLines(ml.logs, 'authpriv')).toEqual(['auth: pam_unix(dovecot:auth): authentication failure; logname= uid=0 euid=0 tty=dovecot ruser=etudiant rhost=127.0.0.1  user=etudiant']);
    c.send('QUIT\r\n');
    await c.run(1);
    expect(c.closed).toBe(true);
    expect(normalizeLog(logLines(ml.logs, 'mail').at(-1) ?? '')).toBe(
      normalizeLog('dovecot: pop3-login: Disconnected: Aborted login by logging out (auth failed, 1 attempts in 2 secs): user=<etudiant>, rip=127.0.0.1, lip=127.0.0.1, secured, session=<x>'),
    );
  });

  it('a client that connects and leaves: "Connection closed (no auth attempts ...)", user=<>', async () => {
    const ml = mailLab();
    await startDovecot(ml);
    const c = new RawClient(ml, ml.server, '127.0.0.1', 110);
    await c.run(1);
    c.conn.close();
    await c.run(1);
    expect(normalizeLog(logLines(ml.logs, 'mail').at(-1) ?? '')).toBe(
      normalizeLog('dovecot: pop3-login: Disconnected: Connection closed (no auth attempts in 1 secs): user=<>, rip=127.0.0.1, lip=127.0.0.1, secured, session=<x>'),
    );
  });

  it('login_trusted_networks makes a remote client "secured" (seed 004)', async () => {
    const ml = mailLab();
    installDovecot(ml.server);
    // As seed 004 does it: appended to /etc/dovecot/dovecot.conf.
    ml.server.host.fs.writeFile('/etc/dovecot/dovecot.conf', '\nlogin_trusted_networks = 192.168.0.0/24\n', ROOT, { append: true });
    ml.server.start(dovecotCommand, ['/usr/sbin/dovecot', '-F']);
    await ml.lab.run(1);
    const out = await replay(ml, 'C: USER etudiant\nC: PASS etudiant\nC: QUIT\n', ml.client, '192.168.0.1', 110);
    expect(out).toBe('S: +OK Dovecot (Debian) ready.\nC: USER etudiant\nS: +OK\nC: PASS etudiant\nS: +OK Logged in.\nC: QUIT\nS: +OK Logging out.\n[connection closed by server]\n');
    expect(logLines(ml.logs, 'mail').some((l) => l.includes('rip=192.168.0.28, lip=192.168.0.1, mpid=') && l.includes(', secured, '))).toBe(true);
  });

  it('processes as ps shows them: master, helpers, one pop3-login per connection, then dovecot/pop3 as the user', async () => {
    const ml = mailLab();
    await startDovecot(ml);
    const c = new RawClient(ml, ml.server, '127.0.0.1', 110);
    await c.run(1);
    const ps = (): string[] => ml.server.host.processes.list().filter((p) => p.state === 'S').map((p) => `${p.uid} ${p.argv.join(' ')}`);
    expect(ps()).toEqual(expect.arrayContaining(['0 /usr/sbin/dovecot -F', '107 dovecot/anvil', '0 dovecot/log', '0 dovecot/config', '107 dovecot/auth', '107 dovecot/stats', '108 dovecot/pop3-login']));
    c.send('USER etudiant\r\nPASS etudiant\r\n');
    await c.run(1);
    expect(ps()).toContain('1000 dovecot/pop3');
    expect(ps()).toContain('0 dovecot/auth -w');
    expect(ps()).not.toContain('108 dovecot/pop3-login');
    const who = await ml.server.run(doveadm, ['doveadm', 'who']);
    expect(who.stdout).toMatch(/^username # proto \(pids\) \(ips\)\netudiant 1 pop3  \(\d+\) +\(127\.0\.0\.1\)\n$/);
    // The mail process made the mail root and INBOX's index directory, as the user.
    const idx = ml.server.host.fs.stat('/home/etudiant/mail/.imap/INBOX', ROOT);
    expect(idx.ok && [idx.value.type, idx.value.uid, idx.value.mode]).toEqual(['dir', 1000, 0o700]);
    c.send('QUIT\r\n');
    await c.run(1);
    expect(ps()).not.toContain('1000 dovecot/pop3');
    expect((await ml.server.run(doveadm, ['doveadm', 'who'])).stdout).toBe('username # proto (pids) (ips)\n');
  });

  it('listens on 110, 143, 993, 995; doveadm stop ends it and removes the pid file', async () => {
    const ml = mailLab();
    await startDovecot(ml);
    const ports = ml.server.net.tcp.listeners().map((l) => l.localPort).sort((a, b) => a - b);
    expect(ports).toEqual([110, 143, 993, 995]);
    const stop = await ml.server.run(doveadm, ['doveadm', 'stop']);
    expect(stop.code).toBe(0);
    await ml.lab.run(1);
    expect(ml.server.net.tcp.listeners()).toEqual([]);
    expect(ml.server.host.fs.stat('/run/dovecot/master.pid', ROOT).ok).toBe(false);
    const again = await ml.server.run(doveadm, ['doveadm', 'reload']);
    expect([again.code, again.stderr]).toEqual([89, 'Fatal: Dovecot is not running (read from /run/dovecot/master.pid)\n']);
  });

  it('mail delivered to the mbox during a session is kept when QUIT rewrites the file', async () => {
    const ml = mailLab();
    await startDovecot(ml);
    const c = new RawClient(ml, ml.server, '127.0.0.1', 110);
    await c.run(1);
    c.send('USER etudiant\r\nPASS etudiant\r\nDELE 1\r\n');
    await c.run(1);
    const before = readMailbox(ml.server, 'etudiant');
    const late = 'From toto@mail128.com  Sun Nov 22 04:00:00 2026\nSubject: late\n\narrived during the session\n\n';
    writeMailbox(ml.server, 'etudiant', before + late, 1000);
    c.send('QUIT\r\n');
    await c.run(1);
    const after = readMailbox(ml.server, 'etudiant');
    expect(after).toContain('Subject: late\nX-UID: 8');
    expect(after).not.toContain('Subject: Premier test');
    expect(after.match(/^From /gm)?.length).toBe(7);
  });

  it('dovecot --version, doveconf -n and doveconf NAME on the host', async () => {
    const ml = mailLab();
    installDovecot(ml.server);
    const v = await ml.server.run(dovecotCommand, ['dovecot', '--version']);
    expect(v.stdout).toBe('2.3.19.1 (9b53102964)\n');
    const n = await ml.server.run(doveconf, ['doveconf', '-n']);
    const recorded = fidelity('pop3/dovecot_config/doveconf-n_default.txt');
    const dropOs = (s: string): string => s.replace(/^# OS: .*\n/m, '');
    expect(dropOs(n.stdout)).toBe(dropOs(recorded));
    const one = await ml.server.run(doveconf, ['doveconf', 'disable_plaintext_auth', 'listen']);
    expect(one.stdout).toBe('disable_plaintext_auth = yes\nlisten = *, ::\n');
    const bad = await ml.server.run(doveconf, ['doveconf', 'nope']);
    expect([bad.code, bad.stderr]).toEqual([89, 'doveconf: Fatal: Unknown setting: nope\n']);
  });

  it('the files named by `<` values must open: doveconf as a user cannot read ssl_key, a missing certificate stops the master', async () => {
    const ml = mailLab();
    installDovecot(ml.server);
    const user = await ml.server.run(doveconf, ['doveconf', '-n'], { user: 'etudiant' });
    expect([user.code, user.stdout, user.stderr]).toEqual([
      89,
      '',
      "doveconf: Fatal: Error in configuration file /etc/dovecot/conf.d/10-ssl.conf line 13: ssl_key: Can't open file /etc/dovecot/private/dovecot.key: Permission denied\n",
    ]);
    ml.server.host.fs.unlink('/etc/ssl/certs/ssl-cert-snakeoil.pem', ROOT);
    const start = await ml.server.run(dovecotCommand, ['/usr/sbin/dovecot', '-F']);
    expect([start.code, start.stderr]).toEqual([
      89,
      "doveconf: Fatal: Error in configuration file /etc/dovecot/conf.d/10-ssl.conf line 12: ssl_cert: Can't open file /etc/dovecot/private/dovecot.pem: No such file or directory\n",
    ]);
    expect(ml.server.net.tcp.listeners()).toEqual([]);
  });

  it('doveadm mailbox list and fetch as recorded', async () => {
    const ml = mailLab();
    installDovecot(ml.server);
    const list = await ml.server.run(doveadm, ['doveadm', 'mailbox', 'list', '-u', 'etudiant']);
    expect(list.stdout).toBe('INBOX\n');
    const f = await ml.server.run(doveadm, ['doveadm', 'fetch', '-u', 'etudiant', 'uid flags hdr.subject', 'mailbox', 'INBOX']);
    const text = fidelity('pop3/dovecot_config/doveadm_misc.txt');
    const start = text.indexOf("$ doveadm fetch -u etudiant 'uid flags hdr.subject' mailbox INBOX\n");
    const block = text.slice(text.indexOf('\n', start) + 1, text.indexOf('# exit status', start));
    // The recorded mailbox had message 1 read over IMAP before (flags \Seen); ours is fresh.
    expect(f.stdout).toBe(block.replace('flags: \\Seen', 'flags: '));
  });

  it('bad input: a 1 MB line before login ends the connection; NUL bytes and a dropped connection never break the daemon', async () => {
    const ml = mailLab();
    await startDovecot(ml);
    const big = new RawClient(ml, ml.client, '192.168.0.1', 110);
    await big.run(1);
    big.send(new Uint8Array(1 << 20).fill(0x41));
    await big.run(5);
    expect(big.received).toContain('-ERR Input buffer full, aborting\r\n');
    expect(big.closed).toBe(true);
    const nul = new RawClient(ml, ml.server, '127.0.0.1', 110);
    await nul.run(1);
    nul.send(Uint8Array.from([0x55, 0x53, 0x00, 0x45, 0x52, 0x0d, 0x0a]));
    await nul.run(1);
    expect(nul.received).toBe('+OK Dovecot (Debian) ready.\r\n-ERR Unknown command.\r\n');
    nul.send('USER etudiant\r\nPASS etudiant\r\nDELE 1\r\nRETR');
    await nul.run(1);
    nul.conn.abort();
    await nul.run(1);
    // Dropped before QUIT: nothing expunged, the file is untouched.
    expect(readMailbox(ml.server, 'etudiant')).toBe(fidelity('mailutils/var_mail_etudiant_before_reading.mbox'));
    const after = await replay(ml, 'C: QUIT\n', ml.server, '127.0.0.1', 110);
    expect(after).toBe('S: +OK Dovecot (Debian) ready.\nC: QUIT\nS: +OK Logging out\n[connection closed by server]\n');
  });

  it('thousands of messages: STAT, LIST and a DELE + QUIT over 3,000 messages keep every other one intact', async () => {
    const ml = mailLab();
    const n = 3000;
    const msgs = Array.from({ length: n }, (_, i) => `From toto@mail128.com  Sun Nov 22 03:33:55 2026\nSubject: m${i + 1}\n\nbody ${i + 1}\n>From quoted\n\n`);
    writeMailbox(ml.server, 'etudiant', msgs.join(''), 1000);
    await startDovecot(ml);
    const c = new RawClient(ml, ml.server, '127.0.0.1', 110);
    await c.run(1);
    c.send('USER etudiant\r\nPASS etudiant\r\nSTAT\r\nLIST\r\nDELE 1500\r\nQUIT\r\n');
    await c.run(3);
    expect(c.received).toContain(`+OK ${n} messages:\r\n`);
    expect(c.received).toContain('+OK Logging out, messages deleted.\r\n');
    const after = readMailbox(ml.server, 'etudiant');
    expect(after.match(/^From /gm)?.length).toBe(n - 1);
    expect(after).not.toContain('Subject: m1500\n');
    expect(after).toContain('Subject: m1501\nX-UID: 1501');
    expect(after.match(/^>From quoted$/gm)?.length).toBe(n - 1);
  });

  it('idle timeouts: 3 minutes before login, 10 minutes in the pop3 process', async () => {
    const ml = mailLab();
    await startDovecot(ml);
    const a = new RawClient(ml, ml.server, '127.0.0.1', 110);
    await a.run(179);
    expect(a.closed).toBe(false);
    await a.run(2);
    expect(a.received).toBe('+OK Dovecot (Debian) ready.\r\n-ERR Disconnected for inactivity.\r\n');
    expect(a.closed).toBe(true);
    expect(normalizeLog(logLines(ml.logs, 'mail').at(-1) ?? '')).toBe(
      normalizeLog('dovecot: pop3-login: Disconnected: Inactivity (no auth attempts in 180 secs): user=<>, rip=127.0.0.1, lip=127.0.0.1, secured, session=<x>'),
    );
    const b = new RawClient(ml, ml.server, '127.0.0.1', 110);
    await b.run(1);
    b.send('USER etudiant\r\nPASS etudiant\r\n');
    await b.run(599);
    expect(b.closed).toBe(false);
    await b.run(2);
    expect(b.received.endsWith('-ERR Disconnected for inactivity.\r\n')).toBe(true);
    expect(normalizeLog(logLines(ml.logs, 'mail').at(-1) ?? '')).toBe('dovecot: pop3(etudiant)<PID><SESSION>: Disconnected: Inactivity top=0/0, retr=0/0, del=0/7, size=2898');
  });

  it('`dovecot` from a shell detaches (as the init script runs it); a second one refuses', async () => {
    const ml = mailLab();
    installDovecot(ml.server);
    const first = await ml.server.run(dovecotCommand, ['dovecot']);
    expect([first.code, first.stdout, first.stderr]).toEqual([0, '', '']);
    await ml.lab.run(1);
    expect(ml.server.net.tcp.listeners().length).toBe(4);
    const pid = ml.server.host.fs.readFile('/run/dovecot/master.pid', ROOT);
    const second = await ml.server.run(dovecotCommand, ['dovecot']);
    expect([second.code, second.stderr]).toEqual([89, `Fatal: Dovecot is already running with PID ${new TextDecoder().decode(pid.ok ? pid.value : new Uint8Array()).trim()} (read from /run/dovecot/master.pid)\n`]);
    expect((await ml.server.run(dovecotCommand, ['dovecot', 'stop'])).code).toBe(0);
    await ml.lab.run(1);
    expect(ml.server.net.tcp.listeners()).toEqual([]);
  });

  it('IMAP bad input through the daemon: a 1 MB line before login, a client gone mid-literal; the mbox stays intact', async () => {
    const ml = mailLab();
    await startDovecot(ml);
    const big = new RawClient(ml, ml.client, '192.168.0.1', 143);
    await big.run(1);
    big.send(new Uint8Array(1 << 20).fill(0x61));
    await big.run(5);
    expect(big.received).toContain('* BYE Input buffer full, aborting\r\n');
    expect(big.closed).toBe(true);
    expect(normalizeLog(logLines(ml.logs, 'mail').at(-1) ?? '')).toBe(
      normalizeLog('dovecot: imap-login: Disconnected: Input buffer full (no auth attempts in 0 secs): user=<>, rip=192.168.0.28, lip=192.168.0.1, session=<x>'),
    );
    const lit = new RawClient(ml, ml.server, '127.0.0.1', 143);
    await lit.run(1);
    lit.send('a login etudiant etudiant\r\nb append INBOX {500}\r\nFrom: half\r\n');
    await lit.run(1);
    lit.conn.abort();
    await lit.run(2);
    expect(readMailbox(ml.server, 'etudiant')).toBe(fidelity('mailutils/var_mail_etudiant_before_reading.mbox'));
    const again = await replay(ml, 'C: a logout\n', ml.server, '127.0.0.1', 143);
    expect(again).toContain('a OK Logout completed.');
  });

  it('auth_username_format = %Lu: "USER Etudiant" is etudiant, in the mailbox and the logs', async () => {
    const ml = mailLab();
    await startDovecot(ml);
    const out = await replay(ml, 'C: USER Etudiant\nC: PASS etudiant\nC: STAT\nC: QUIT\n', ml.server, '127.0.0.1', 110);
    expect(out).toContain('C: STAT\nS: +OK 7 2898\n');
    const mail = logLines(ml.logs, 'mail');
    expect(mail.some((l) => l.startsWith('dovecot: pop3-login: Login: user=<etudiant>,'))).toBe(true);
    expect(mail.some((l) => l.startsWith('dovecot: pop3(etudiant)<'))).toBe(true);
  });
});
