// The fidelity recordings' lab (../shared/fidelity/README.md) for the POP3/IMAP daemon tests: the
// server "vm" 192.168.0.1 with Dovecot's Debian configuration, users etudiant/etudiant and
// toto/toto, /var/mail/etudiant = the recorded mailbox, a syslog that keeps every line; the client
// "cli" 192.168.0.28 on the same switch. Clients are raw TCP sockets that record what they get.
import { readFileSync } from 'node:fs';
import type { Credentials } from '../../src/os/fs/types.ts';
import { PACKAGE_CONTENTS } from '../../src/os/packages/data/contents/index.ts';
import type { SyslogSink } from '../../src/os/services/service-manager.ts';
import type { SyslogMessage } from '../../src/os/syslog/syslog.ts';
import { hashPassword } from '../../src/os/users/sha512-crypt.ts';
import { NetLab, type LabHost } from '../../src/commands/testing-net/net-lab.ts';
import { nodeYield } from '../../src/commands/testing/host-run.ts';
import type { TcpConnection } from '../../src/stack/tcp/tcp-module.ts';
import { parseIpv4 } from '../../src/wire/addr.ts';

export const FIDELITY = new URL('../../../shared/fidelity/', import.meta.url);
export const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };
const dec = new TextDecoder('latin1');
const enc = new TextEncoder();

export function fidelity(path: string): string {
  return readFileSync(new URL(path, FIDELITY), 'latin1');
}

export interface MailLab {
  readonly lab: NetLab;
  readonly server: LabHost;
  readonly client: LabHost;
  /** Every syslog message of the server, in order. */
  readonly logs: SyslogMessage[];
}

function append(h: LabHost, path: string, text: string): void {
  const r = h.host.fs.readFile(path, ROOT);
  h.host.fs.writeFile(path, (r.ok ? dec.decode(r.value) : '') + text, ROOT);
}

/** Adds a user with a password (adduser's result: group, home, shadow line). */
export function addUser(h: LabHost, name: string, uid: number, password: string | null, home = `/home/${name}`): void {
  append(h, '/etc/passwd', `${name}:x:${uid}:${uid}:${name},,,:${home}:/bin/bash\n`);
  append(h, '/etc/group', `${name}:x:${uid}:\n`);
  const hash = password === null ? '!' : hashPassword(password, h.host.rng);
  append(h, '/etc/shadow', `${name}:${hash}:20414:0:99999:7:::\n`);
  h.host.fs.mkdir(home, ROOT, { parents: true, mode: 0o700 });
  h.host.fs.chown(home, uid, uid, ROOT);
}

/** /etc/dovecot as the three packages install it, their binaries' files, and the accounts. */
export function installDovecot(h: LabHost, protocols: readonly ('pop3' | 'imap')[] = ['pop3', 'imap']): void {
  const fs = h.host.fs;
  const pkgs = ['dovecot-core', ...protocols.map((p) => (p === 'pop3' ? 'dovecot-pop3d' : 'dovecot-imapd'))];
  for (const pkg of pkgs) {
    for (const [path, text] of Object.entries(PACKAGE_CONTENTS[pkg])) {
      if (!path.startsWith('/usr/share/dovecot/')) continue;
      fs.mkdir(path.slice(0, path.lastIndexOf('/')), ROOT, { parents: true });
      fs.writeFile(path, text, ROOT);
      const rel = path.slice('/usr/share/dovecot/'.length);
      if (!/^(dovecot\.conf|dovecot-.*\.ext|conf\.d\/.*)$/.test(rel)) continue;
      const target = `/etc/dovecot/${rel}`;
      fs.mkdir(target.slice(0, target.lastIndexOf('/')), ROOT, { parents: true });
      fs.writeFile(target, text, ROOT);
    }
  }
  // ssl-cert's snakeoil pair and the links dovecot-core's postinst makes to it.
  fs.mkdir('/etc/ssl/certs', ROOT, { parents: true });
  fs.mkdir('/etc/ssl/private', ROOT, { parents: true, mode: 0o710 });
  fs.chmod('/etc/ssl/private', 0o710, ROOT);
  fs.writeFile('/etc/ssl/certs/ssl-cert-snakeoil.pem', '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n', ROOT, { mode: 0o644 });
  fs.writeFile('/etc/ssl/private/ssl-cert-snakeoil.key', '-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n', ROOT, { mode: 0o640 });
  fs.mkdir('/etc/dovecot/private', ROOT, { parents: true });
  fs.symlink('/etc/ssl/certs/ssl-cert-snakeoil.pem', '/etc/dovecot/private/dovecot.pem', ROOT);
  fs.symlink('/etc/ssl/private/ssl-cert-snakeoil.key', '/etc/dovecot/private/dovecot.key', ROOT);
  fs.mkdir('/usr/share/dovecot/protocols.d', ROOT, { parents: true });
  fs.mkdir('/usr/lib/dovecot', ROOT, { parents: true });
  for (const p of protocols) {
    fs.writeFile(`/usr/share/dovecot/protocols.d/${p}d.protocol`, `protocols = $protocols ${p}\n`, ROOT);
    fs.writeFile(`/usr/lib/dovecot/${p}-login`, '', ROOT, { mode: 0o755 });
    fs.writeFile(`/usr/lib/dovecot/${p}`, '', ROOT, { mode: 0o755 });
  }
  append(h, '/etc/passwd', 'dovecot:x:107:113:Dovecot mail server,,,:/usr/lib/dovecot:/usr/sbin/nologin\ndovenull:x:108:114:Dovecot login user,,,:/nonexistent:/usr/sbin/nologin\n');
  append(h, '/etc/group', 'dovecot:x:113:\ndovenull:x:114:\n');
}

/** /var/mail/USER owned USER:mail 0600, as Postfix's local delivery leaves it. */
export function writeMailbox(h: LabHost, user: string, bytes: Uint8Array | string, uid: number): void {
  h.host.fs.mkdir('/var/mail', ROOT, { parents: true });
  h.host.fs.writeFile(`/var/mail/${user}`, bytes, ROOT, { mode: 0o600 });
  h.host.fs.chown(`/var/mail/${user}`, uid, 8, ROOT);
  h.host.fs.chmod(`/var/mail/${user}`, 0o600, ROOT);
}

export function readMailbox(h: LabHost, user: string): string {
  const r = h.host.fs.readFile(`/var/mail/${user}`, ROOT);
  return r.ok ? dec.decode(r.value) : `<${r.errno}>`;
}

export function mailLab(): MailLab {
  const lab = new NetLab(nodeYield);
  const lan = lab.network('lan');
  const server = lab.host('vm', [{ net: lan, address: '192.168.0.1/24' }]);
  const client = lab.host('cli', [{ net: lan, address: '192.168.0.28/24' }]);
  const logs: SyslogMessage[] = [];
  const sink: SyslogSink = { log: (m) => logs.push(m) };
  (server.host as unknown as { syslog: SyslogSink }).syslog = sink;
  addUser(server, 'etudiant', 1000, 'etudiant');
  addUser(server, 'toto', 1001, 'toto');
  writeMailbox(server, 'etudiant', readFileSync(new URL('mailutils/var_mail_etudiant_before_reading.mbox', FIDELITY)), 1000);
  return { lab, server, client, logs };
}

/** The lines of the mail log as rsyslog would write them without the timestamp and host. */
export function logLines(logs: readonly SyslogMessage[], facility?: string): string[] {
  return logs.filter((m) => facility === undefined || m.facility === facility).map((m) => `${m.tag}${m.pid === undefined ? '' : `[${m.pid}]`}: ${m.message}`);
}

/** A client socket that keeps every byte it receives. */
export class RawClient {
  received = '';
  /** The server sent FIN (or the connection is gone). */
  closed = false;
  /** The connection is over (onClose). */
  gone = false;
  reset = false;
  readonly conn: TcpConnection;

  constructor(
    private readonly ml: MailLab,
    from: LabHost,
    address: string,
    port: number,
  ) {
    this.conn = from.net.tcp.connect({ address: parseIpv4(address)!, port });
    this.conn.onData.on((d) => (this.received += dec.decode(d)));
    this.conn.onEnd.on(() => (this.closed = true));
    this.conn.onClose.on((e) => {
      this.closed = true;
      this.gone = true;
      // A RST: ECONNRESET, or EPIPE when it answered data we sent after the server's FIN.
      if (e === 'ECONNRESET' || e === 'EPIPE') this.reset = true;
    });
  }

  send(text: string | Uint8Array): void {
    this.conn.send(typeof text === 'string' ? enc.encode(text) : text);
  }

  async run(seconds: number): Promise<void> {
    await this.ml.lab.run(seconds);
  }
}

/**
 * Replays a recorded S:/C: dialogue: sends each C: line (with CR LF) after the server went quiet,
 * and rebuilds the transcript from what came back, in the recordings' format.
 */
export async function replay(ml: MailLab, transcript: string, from: LabHost, address: string, port: number): Promise<string> {
  const c = new RawClient(ml, from, address, port);
  const out: string[] = [];
  let seen = 0;
  const take = (): void => {
    const text = c.received.slice(seen);
    const end = text.lastIndexOf('\r\n');
    if (end < 0) return;
    for (const line of text.slice(0, end).split('\r\n')) out.push(`S: ${line}`);
    seen += end + 2;
  };
  await c.run(1);
  take();
  for (const line of transcript.split('\n')) {
    if (!line.startsWith('C: ')) continue;
    if (c.gone) break;
    out.push(line);
    c.send(`${line.slice(3)}\r\n`);
    await c.run(3);
    take();
  }
  await c.run(1);
  take();
  if (c.closed) out.push(c.reset ? '[connection reset by server]' : '[connection closed by server]');
  if (!c.closed) c.conn.close();
  await c.run(1);
  return out.join('\n') + '\n';
}
