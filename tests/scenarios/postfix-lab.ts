// The fidelity recordings' lab as a scenario (../shared/fidelity/README.md): the server "vm"
// (192.168.0.1, Postfix "Internet Site" with mailname mail128.com) and the client 192.168.0.28 on
// one link, users etudiant and toto. Helpers replay an SMTP transcript with a client program on
// either host, read files and the mail log, and let virtual time pass.
import { readFileSync } from 'node:fs';
import { runUntilAsync } from '../../src/engine/async-drain.ts';
import { SECOND } from '../../src/engine/time.ts';
import type { Process } from '../../src/os/program.ts';
import { loadScenario, Simulation } from '../../src/sim/index.ts';
import { parseIpv4 } from '../../src/wire/addr.ts';
import { DNS_RCODE_NOERROR, DNS_RCODE_NXDOMAIN, DNS_RCODE_SERVFAIL, DNS_TYPE_A, DNS_TYPE_MX, emitDns, parseDns, type DnsMessage, type DnsRecord } from '../../src/wire/dns.ts';

export const yieldFn = (): Promise<void> => new Promise((r) => setImmediate(r));
const enc = new TextEncoder();
const dec = new TextDecoder();
const latin1 = new TextDecoder('latin1');
const ROOT = { uid: 0, gid: 0, groups: [0] };

export const FIDELITY = '/work/shared/fidelity';

export function fidelity(path: string): string {
  return readFileSync(`${FIDELITY}/${path}`, 'latin1');
}

export function labScenario(extra = ''): string {
  return `name: mail lab
networks:
  - { name: lan }
hosts:
  - name: VM
    hostname: vm
    interfaces:
      - { name: eth0, network: lan, address: "192.168.0.1/24" }
    packages: [postfix]
    debconf:
      postfix/main_mailer_type: Internet Site
      postfix/mailname: mail128.com
    services: [postfix]
    users:
      - { name: etudiant, password: etudiant }
      - { name: toto, password: toto }
    files:
      /etc/resolv.conf: "nameserver 127.0.0.1\\n"
${extra}  - name: CLIENT
    hostname: client
    interfaces:
      - { name: eth0, network: lan, address: "192.168.0.28/24" }
    users:
      - { name: etudiant, password: etudiant }
`;
}

export async function bootLab(scenario = labScenario()): Promise<Simulation> {
  const loaded = loadScenario(scenario, 'lab.yaml');
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
  const sim = new Simulation(loaded.scenario, { seed: 7, startEpochMs: Date.UTC(2026, 10, 22, 3, 33, 0) });
  await sim.boot(yieldFn);
  return sim;
}

export async function runFor(sim: Simulation, seconds: number): Promise<void> {
  await runUntilAsync(sim.scheduler, sim.scheduler.now + seconds * SECOND, yieldFn);
}

export function readFile(sim: Simulation, host: string, path: string): string {
  const r = sim.host(host).machine.fs.readFile(path, ROOT);
  return r.ok ? latin1.decode(r.value) : `<${r.errno}>`;
}

/** Runs a program on a host (as root unless cred says otherwise) and lets time pass until it ends. */
export async function runProgram(sim: Simulation, host: string, program: (proc: Process) => Promise<number>, maxSeconds = 120): Promise<number> {
  const machine = sim.host(host).machine;
  const child = machine.processes.fork(machine.processes.init, program, { argv: ['test-client'], cred: ROOT });
  let code: number | null = null;
  void child.wait().then((c) => (code = c));
  for (let i = 0; i < maxSeconds * 10 && code === null; i++) await runFor(sim, 0.1);
  if (code === null) throw new Error('test program did not finish');
  return code;
}

/** The "S:"/"C:" lines of a recorded session. */
export function sessionLines(text: string): { kind: 'S' | 'C'; text: string }[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('S: ') || l.startsWith('C: ') || l === 'S:' || l === 'C:')
    .map((l) => ({ kind: l[0] as 'S' | 'C', text: l.slice(3) }));
}

/**
 * Plays the client side of a transcript against server:25 from `host`: each "C:" line is sent
 * once every "S:" line before it has arrived. Returns every line the server sent.
 */
export async function replaySmtp(sim: Simulation, host: string, server: string, lines: { kind: 'S' | 'C'; text: string }[]): Promise<string[]> {
  const received: string[] = [];
  await runProgram(sim, host, async (proc) => {
    const address = parseIpv4(server);
    if (address === null) throw new Error('bad address');
    const conn = proc.host.net.tcp.connect({ address, port: 25, owner: { pid: proc.pid, name: 'test-client' } });
    let buffer = '';
    let closed = false;
    let wake: (() => void) | null = null;
    conn.onData.on((d) => {
      buffer += latin1.decode(d);
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        received.push(buffer.slice(0, nl).replace(/\r$/, ''));
        buffer = buffer.slice(nl + 1);
      }
      wake?.();
    });
    conn.onClose.on(() => {
      closed = true;
      wake?.();
    });
    conn.onEnd.on(() => {
      closed = true;
      wake?.();
    });
    let expected = 0;
    for (const l of lines) {
      if (l.kind === 'S') {
        expected += 1;
        while (received.length < expected && !closed) await new Promise<void>((r) => (wake = r));
        continue;
      }
      conn.send(enc.encode(`${l.text}\r\n`));
    }
    while (!closed) await new Promise<void>((r) => (wake = r));
    conn.close();
    return 0;
  });
  return received;
}

/** mail.log lines of postfix programs, without the timestamp and host ("postfix/smtpd[PID]: ..."). */
export function mailLog(sim: Simulation, host = 'VM'): string[] {
  return readFile(sim, host, '/var/log/mail.log')
    .split('\n')
    .filter((l) => l.includes(' postfix/'))
    .map((l) => l.slice(l.indexOf('postfix/')));
}

/**
 * What differs between any two real runs: PIDs, queue IDs (time and inode), the delays, dates
 * the Message-Id time stamps and the deferred/ hash directory (the ID's first character).
 * Each is replaced by a placeholder.
 */
export function normalize(text: string): string {
  return text
    .replace(/\[\d+\]: /g, '[PID]: ')
    .replace(/\b[0-9A-F]{5}[0-9A-F]{1,8}\b(?=[:;>, )\n]|$)/gm, 'QID')
    .replace(/\b[0-9A-F]{5}[0-9A-F]{1,8}\b/g, 'QID')
    .replace(/delay=[\d.]+, delays=[\d./]+/g, 'delay=D, delays=D')
    .replace(/<\d{14}\.QID@/g, '<STAMP.QID@')
    .replace(/\w{3}, [ \d]\d \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4} \(\w+\)/g, 'DATE')
    .replace(/\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}/g, 'CTIME')
    .replace(/\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d/g, 'ARRIVAL')
    .replace(/QID\.\d+\/vm/g, 'QID.EPOCH/vm')
    .replace(/deferred\/[0-9A-F]\/QID/g, 'deferred/H/QID');
}

export { dec };

/** A DNS answer table for startFakeDns: MX and A records by owner name (lower case, no final dot). */
export interface FakeZone {
  readonly mx?: Readonly<Record<string, readonly [number, string][]>>;
  readonly a?: Readonly<Record<string, string>>;
  /** Suffixes this server is authoritative for: other names under them are NXDOMAIN, the rest SERVFAIL. */
  readonly authoritative: readonly string[];
}

/**
 * A minimal authoritative DNS server (UDP port 53) run as a process of `host`, standing in for
 * the recording machine's named (../shared/fidelity/dns/config): names outside its zones get
 * SERVFAIL, as the recording's named answered for Internet names without a route out.
 */
export function startFakeDns(sim: Simulation, host: string, zone: FakeZone): void {
  const machine = sim.host(host).machine;
  machine.processes.fork(machine.processes.init, async (proc) => {
    const sock = proc.host.net.udp.open();
    sock.bind(0, 53);
    sock.onMessage.on((m) => {
      const q = parseDns(m.data);
      if (!q.ok) return;
      const question = q.value.questions[0];
      if (question === undefined) return;
      const name = question.name.replace(/\.$/, '').toLowerCase();
      const answers: DnsRecord[] = [];
      const mx = zone.mx?.[name];
      const a = zone.a?.[name];
      if (question.type === DNS_TYPE_MX && mx !== undefined) {
        for (const [preference, exchange] of mx) answers.push({ name: question.name, type: DNS_TYPE_MX, class: 1, ttl: 600, data: { kind: 'MX', preference, exchange } });
      }
      if (question.type === DNS_TYPE_A && a !== undefined) {
        answers.push({ name: question.name, type: DNS_TYPE_A, class: 1, ttl: 600, data: { kind: 'A', address: parseIpv4(a) ?? 0 } });
      }
      const known = mx !== undefined || a !== undefined;
      const ours = zone.authoritative.some((z) => name === z || name.endsWith(`.${z}`));
      const rcode = known ? DNS_RCODE_NOERROR : ours ? DNS_RCODE_NXDOMAIN : DNS_RCODE_SERVFAIL;
      const reply: DnsMessage = { ...q.value, qr: true, aa: ours, ra: true, rcode, answers, authority: [], additional: [], edns: undefined };
      sock.sendTo(emitDns(reply), m.from, m.fromPort);
    });
    await new Promise<void>(() => {});
    return 0;
  }, { argv: ['named', '-u', 'bind'], comm: 'named', cred: ROOT });
}
