// Mail figures (issue 4, Benchmarks):
//   smtp_sessions: complete SMTP sessions per wall-clock second between two hosts across a router:
//   connect, EHLO, MAIL, RCPT, DATA of 2 KB, QUIT, each message delivered to /var/mail/etudiant by
//   the server's Postfix (smtpd, cleanup, qmgr, local). Ten client processes run sessions side by
//   side (smtp-source -s 10), each command waiting for its reply. A warm-up of 1,000 sessions (JIT)
//   is not measured.
import { runUntilAsync } from '../../src/engine/async-drain.ts';
import { SECOND } from '../../src/engine/time.ts';
import type { Process } from '../../src/os/program.ts';
import { loadScenario, Simulation } from '../../src/sim/index.ts';
import { parseIpv4 } from '../../src/wire/addr.ts';

const SCENARIO = `name: mail bench
networks:
  - { name: lan1 }
  - { name: lan2 }
hosts:
  - name: CLIENT
    gateway: 10.0.1.1
    interfaces:
      - { name: eth0, network: lan1, address: "10.0.1.10/24" }
  - name: ROUTER
    forwarding: true
    interfaces:
      - { name: eth0, network: lan1, address: 10.0.1.1/24 }
      - { name: eth1, network: lan2, address: 10.0.2.1/24 }
  - name: SERVER
    hostname: vm
    gateway: 10.0.2.1
    interfaces:
      - { name: eth0, network: lan2, address: "10.0.2.10/24" }
    packages: [postfix]
    debconf:
      postfix/main_mailer_type: Internet Site
      postfix/mailname: mail128.com
    services: [postfix]
    users:
      - { name: etudiant, password: etudiant }
`;

const WARMUP = 1000;
const SESSIONS = 3000;
const yieldFn = (): Promise<void> => new Promise((r) => setImmediate(r));
const enc = new TextEncoder();
const dec = new TextDecoder();

/** 2 KB of message: headers and body lines of 64 bytes. */
function message(): string {
  const lines = ['From: toto@mail128.com', 'To: etudiant@mail128.com', 'Subject: bench', ''];
  let size = lines.join('\r\n').length;
  while (size < 2048) {
    const l = 'abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz';
    lines.push(l);
    size += l.length + 2;
  }
  return `${lines.join('\r\n')}\r\n.\r\n`;
}

/** One client program running `count` sessions back to back. */
function client(count: number, done: () => void): (proc: Process) => Promise<number> {
  const data = enc.encode(message());
  return async (proc) => {
    const server = parseIpv4('10.0.2.10') ?? 0;
    for (let i = 0; i < count; i++) {
      const conn = proc.host.net.tcp.connect({ address: server, port: 25 });
      let buffer = '';
      let waiter: (() => void) | null = null;
      let closed = false;
      conn.onData.on((d) => {
        buffer += dec.decode(d);
        waiter?.();
      });
      conn.onClose.on(() => {
        closed = true;
        waiter?.();
      });
      const reply = async (): Promise<string> => {
        for (;;) {
          const m = /(^|\n)(\d{3}) [^\n]*\n/.exec(buffer);
          if (m !== null) {
            buffer = buffer.slice((m.index ?? 0) + m[0].length);
            return m[2] ?? '';
          }
          if (closed) throw new Error('bench: connection closed');
          await new Promise<void>((r) => (waiter = r));
        }
      };
      if ((await reply()) !== '220') throw new Error('bench: no banner');
      for (const [cmd, want] of [['EHLO client\r\n', '250'], ['MAIL FROM:<toto@mail128.com>\r\n', '250'], ['RCPT TO:<etudiant@mail128.com>\r\n', '250'], ['DATA\r\n', '354']]) {
        conn.send(enc.encode(cmd));
        const got = await reply();
        if (got !== want) throw new Error(`bench: ${cmd.trim()} -> ${got}`);
      }
      conn.send(data);
      if ((await reply()) !== '250') throw new Error('bench: message refused');
      conn.send(enc.encode('QUIT\r\n'));
      await reply();
      conn.close();
    }
    done();
    return 0;
  };
}

/** Sessions run by this many client processes at once (as smtp-source -s does); Postfix serves up to 100. */
const PARALLEL = 10;

async function runSessions(sim: Simulation, count: number): Promise<void> {
  const machine = sim.host('CLIENT').machine;
  let finished = 0;
  for (let p = 0; p < PARALLEL; p++) {
    const share = Math.floor(count / PARALLEL) + (p < count % PARALLEL ? 1 : 0);
    machine.processes.fork(machine.processes.init, client(share, () => finished++), { argv: ['smtp-bench'] });
  }
  while (finished < PARALLEL) await runUntilAsync(sim.scheduler, sim.scheduler.now + SECOND, yieldFn);
  // Let the last deliveries reach the mailbox.
  await runUntilAsync(sim.scheduler, sim.scheduler.now + 2 * SECOND, yieldFn);
}

export async function runMailBench(report: (name: string, value: number, unit: string) => void): Promise<void> {
  const loaded = loadScenario(SCENARIO, 'mail-bench.yaml');
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
  const sim = new Simulation(loaded.scenario, { seed: 'mail-bench' });
  await sim.boot(yieldFn);
  await runSessions(sim, WARMUP);
  const t0 = performance.now();
  await runSessions(sim, SESSIONS);
  const seconds = (performance.now() - t0) / 1000;
  const mbox = sim.host('SERVER').machine.fs.readFile('/var/mail/etudiant', { uid: 0, gid: 0, groups: [0] });
  const delivered = mbox.ok ? (dec.decode(mbox.value).match(/^From toto@mail128\.com {2}/gm) ?? []).length : 0;
  if (delivered !== WARMUP + SESSIONS) throw new Error(`bench: ${delivered} messages delivered, ${WARMUP + SESSIONS} sent`);
  report('smtp_sessions', SESSIONS / seconds, '/s');
}
