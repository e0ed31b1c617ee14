// Test harness for named: the fidelity lab (server "vm" 192.168.0.1 running named with the
// recorded configuration, client 192.168.0.28) on a NetLab, and a raw UDP/TCP DNS client that
// sends one crafted query and hands back the parsed reply. It lives under tests/ because it
// joins layers (services' named, commands' NetLab) that src/ keeps apart.
import { readFileSync } from 'node:fs';
import { NetLab, type LabHost, type RunningProgram } from '../../src/commands/testing-net/net-lab.ts';
import type { Credentials } from '../../src/os/fs/types.ts';
import { parseIpv4, type Ipv4 } from '../../src/wire/addr.ts';
import {
  DNS_CLASS_IN, EDNS_OPTION_COOKIE, emitDns, parseDns, type DnsEdns, type DnsMessage,
} from '../../src/wire/dns.ts';
import { CONTENTS as BIND9_FILES } from '../../src/os/packages/data/contents/bind9.ts';
import { CONTENTS as ROOT_DATA_FILES } from '../../src/os/packages/data/contents/dns-root-data.ts';
import { named } from '../../src/services/bind/named.ts';
import { frameTcp, TcpDnsFramer } from '../../src/services/bind/zone-transfer.ts';

export const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };
export const FIDELITY = '/work/shared/fidelity/dns';

export function fidelityFile(rel: string): string {
  return readFileSync(`${FIDELITY}/${rel}`, 'utf8');
}

const yieldFn = () => new Promise<void>((r) => setImmediate(r));

/** Installs Debian's /etc/bind, the root hints and `extra` files (path -> text) on a host. */
export function installBind(h: LabHost, extra: Record<string, string> = {}): void {
  const fs = h.host.fs;
  fs.mkdir('/etc/bind', ROOT, { parents: true });
  fs.mkdir('/var/cache/bind', ROOT, { parents: true });
  fs.mkdir('/usr/share/dns', ROOT, { parents: true });
  for (const [p, text] of Object.entries(BIND9_FILES)) if (p.startsWith('/etc/bind/')) fs.writeFile(p, text, ROOT);
  for (const [p, text] of Object.entries(ROOT_DATA_FILES)) if (p.startsWith('/usr/share/dns/')) fs.writeFile(p, text, ROOT);
  for (const [p, text] of Object.entries(extra)) {
    fs.mkdir(p.slice(0, p.lastIndexOf('/')) || '/', ROOT, { parents: true });
    fs.writeFile(p, text, ROOT);
  }
}

/** The recording's zones (dns/config) as /etc/bind files. */
export function fidelityZones(): Record<string, string> {
  return {
    '/etc/bind/named.conf.local': fidelityFile('config/named.conf.local'),
    '/etc/bind/db.mail128.com': fidelityFile('config/db.mail128.com'),
    '/etc/bind/db.etudiant541.iut': fidelityFile('config/db.etudiant541.iut'),
    '/etc/bind/db.10.254.54': fidelityFile('config/db.10.254.54'),
  };
}

export interface DnsLab {
  readonly lab: NetLab;
  readonly server: LabHost;
  readonly client: LabHost;
  named: RunningProgram;
}

export async function fidelityLab(extra: Record<string, string> = fidelityZones()): Promise<DnsLab> {
  const lab = new NetLab(yieldFn);
  const sw = lab.network('lan');
  const server = lab.host('vm', [{ net: sw, address: '192.168.0.1/24' }]);
  const client = lab.host('cli', [{ net: sw, address: '192.168.0.28/24' }]);
  installBind(server, extra);
  // As the recording started it (/etc/init.d/named start: no -f), so "running as:" matches.
  const d = server.start(named, ['/usr/sbin/named', '-u', 'bind']);
  await lab.run(0.5);
  return { lab, server, client, named: d };
}

export function syslogOfHost(h: LabHost): string {
  const r = h.host.fs.readFile('/var/log/syslog', ROOT);
  return r.ok ? new TextDecoder().decode(r.value) : '';
}

/** named's lines of /var/log/syslog, without the timestamp/host/pid prefix. */
export function namedLog(h: LabHost): string[] {
  return syslogOfHost(h)
    .split('\n')
    .filter((l) => / named\[\d+\]: /.test(l))
    .map((l) => l.replace(/^.* named\[\d+\]: /, ''));
}

export interface QueryOptions {
  id?: number;
  rd?: boolean;
  /** EDNS as dig sends it (UDP 1232 and an 8-byte client cookie); false for none. */
  edns?: boolean | DnsEdns;
  tcp?: boolean;
  port?: number;
  opcode?: number;
  cls?: number;
}

export function queryMessage(name: string, type: number, o: QueryOptions = {}): DnsMessage {
  const edns: DnsEdns | undefined = o.edns === false ? undefined : o.edns === undefined || o.edns === true
    ? { udpPayloadSize: 1232, extendedRcode: 0, version: 0, dnssecOk: false, z: 0, options: [{ code: EDNS_OPTION_COOKIE, data: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]) }] }
    : o.edns;
  return {
    id: o.id ?? 0x1234, qr: false, opcode: o.opcode ?? 0, aa: false, tc: false, rd: o.rd ?? true, ra: false, z: false, ad: true, cd: false, rcode: 0,
    questions: [{ name, type, class: o.cls ?? DNS_CLASS_IN }], answers: [], authority: [], additional: [], edns,
  };
}

/** Sends raw bytes over UDP from `from` and waits (virtual time) for one reply's bytes. */
export async function sendRaw(lab: NetLab, from: LabHost, server: string, bytes: Uint8Array, port = 53, waitSec = 3): Promise<Uint8Array | null> {
  const sock = from.net.udp.open();
  let reply: Uint8Array | null = null;
  sock.onMessage.on((m) => {
    if (reply === null) reply = m.data;
  });
  sock.sendTo(bytes, parseIpv4(server) as Ipv4, port);
  const limit = lab.scheduler.now + waitSec * 1e9;
  while (reply === null && lab.scheduler.now < limit) await lab.run(0.01);
  sock.close();
  return reply;
}

/** Sends one message over TCP and collects reply messages until the connection is idle. */
export async function sendTcp(lab: NetLab, from: LabHost, server: string, msg: DnsMessage, waitSec = 2): Promise<Uint8Array[]> {
  const conn = from.net.tcp.connect({ address: parseIpv4(server) as Ipv4, port: 53 });
  const framer = new TcpDnsFramer();
  const got: Uint8Array[] = [];
  conn.onConnect.on(() => conn.send(frameTcp(emitDns(msg))));
  conn.onData.on((d) => got.push(...framer.push(d)));
  await lab.run(waitSec);
  conn.close();
  await lab.run(0.1);
  return got;
}

export async function query(l: DnsLab, name: string, type: number, o: QueryOptions & { from?: LabHost; server?: string } = {}): Promise<DnsMessage> {
  const msg = queryMessage(name, type, o);
  const from = o.from ?? l.client;
  const server = o.server ?? '192.168.0.1';
  if (o.tcp === true) {
    const got = await sendTcp(l.lab, from, server, msg);
    if (got.length === 0) throw new Error('no TCP reply');
    const p = parseDns(got[0]);
    if (!p.ok) throw new Error(p.error.message);
    return p.value;
  }
  const raw = await sendRaw(l.lab, from, server, emitDns(msg), o.port ?? 53);
  if (raw === null) throw new Error('no reply');
  const p = parseDns(raw);
  if (!p.ok) throw new Error(p.error.message);
  return p.value;
}
