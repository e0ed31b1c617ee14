// Whole-lab checks of the network core: the example scenario (two LANs and a router) is built
// through the sim facade, traffic crosses it through the socket API only, and every capture is
// judged by the real tshark (no malformed packet, no bad checksum, no expert warning or error).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario, Simulation, SECOND, MS } from '../../src/sim/index.ts';
import { parseIpv4 } from '../../src/wire/addr.ts';
import { ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST, makeEcho, icmpEchoSeq } from '../../src/wire/icmp.ts';
import type { TcpConnection } from '../../src/stack/tcp/tcp-module.ts';
import { complaints, requireTshark, summary, tshark as execTshark, writeTemp } from '../support/tshark.ts';

const ip = (s: string) => parseIpv4(s)!;
const text = (s: string) => new TextEncoder().encode(s);

function twoLans(seed: number | string = 1): Simulation {
  const file = 'scenarios/two-lans.yaml';
  const loaded = loadScenario(readFileSync(file, 'utf8'), file);
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
  return new Simulation(loaded.scenario, { seed });
}

const ALL_TARGETS = ['PC1:eth0', 'ROUTER:eth0', 'ROUTER:eth1', 'PC2:eth0'];

/** PC1 pings PC2 three times, one second apart, through the router. */
function pingAcross(sim: Simulation): { ttls: number[] } {
  const pc1 = sim.host('PC1').stack;
  const sock = pc1.icmp.open();
  const ttls: number[] = [];
  sock.onMessage.on(({ meta, message }) => {
    if (message.type === ICMP_ECHO_REPLY) ttls[icmpEchoSeq(message) - 1] = meta.ttl;
  });
  const payload = new Uint8Array(56).map((_, i) => i);
  for (let seq = 1; seq <= 3; seq++) {
    sim.scheduler.at((seq - 1) * SECOND, () => {
      sock.send(ip('10.0.2.10'), makeEcho(ICMP_ECHO_REQUEST, 0x1234, seq, payload));
    });
  }
  sim.runUntil(4 * SECOND);
  sock.close();
  return { ttls };
}

/** A TCP session through the router: the client sends lines, the server answers each, both close. */
function tcpSession(sim: Simulation, client: string, server: string, serverAddress: string): { got: string; answered: string } {
  const srv = sim.host(server).stack;
  const cli = sim.host(client).stack;
  let answered = '';
  const listener = srv.tcp.listen({ port: 25 });
  if (typeof listener === 'string') throw new Error(listener);
  listener.onConnection.on((conn: TcpConnection) => {
    conn.send(text('220 server ready\r\n'));
    conn.onData.on((data) => {
      answered += new TextDecoder().decode(data);
      conn.send(text('250 ok\r\n'));
    });
    conn.onEnd.on(() => conn.close());
  });
  let got = '';
  const conn = cli.tcp.connect({ address: ip(serverAddress), port: 25 });
  conn.onData.on((d) => (got += new TextDecoder().decode(d)));
  const lines = ['HELO client\r\n', 'MAIL FROM:<a@b>\r\n', 'QUIT\r\n'];
  lines.forEach((line, i) => sim.scheduler.at((i + 1) * SECOND, () => conn.send(text(line))));
  sim.scheduler.at(5 * SECOND, () => conn.shutdown());
  sim.runUntil(10 * SECOND);
  return { got, answered };
}

describe('network core through the sim facade', () => {
  beforeAll(() => requireTshark());

  it('pings across the router with ttl=63 and a capture tshark finds clean on every interface', () => {
    const sim = twoLans();
    sim.startCapture(ALL_TARGETS);
    const { ttls } = pingAcross(sim);
    expect(ttls).toEqual([63, 63, 63]);

    const file = writeTemp('ping.pcapng', sim.exportPcapng());
    expect(complaints(file)).toEqual([]);
    const lines = summary(file);
    expect(lines.some((l) => /ARP .*Who has 10\.0\.1\.1\? Tell 10\.0\.1\.10/.test(l))).toBe(true);
    expect(lines.some((l) => /ARP .*10\.0\.1\.1 is at /.test(l))).toBe(true);
    expect(lines.filter((l) => /10\.0\.2\.10 → 10\.0\.1\.10 .*ICMP 98 Echo \(ping\) reply .*ttl=64/.test(l)).length).toBeGreaterThan(0);
    // Each reply crosses the router: seen with ttl=63 on ROUTER:eth0 and on PC1:eth0.
    expect(lines.filter((l) => /10\.0\.2\.10 → 10\.0\.1\.10 .*ICMP 98 Echo \(ping\) reply .*ttl=63/.test(l)).length).toBe(6);
  });

  it('drops transit packets when the router does not forward (net.ipv4.ip_forward = 0)', () => {
    const sim = twoLans();
    sim.host('ROUTER').stack.ipForward = false;
    const { ttls } = pingAcross(sim);
    expect(ttls.filter((t) => t !== undefined)).toEqual([]);
  });

  it('writes a one-interface pcap of an ARP exchange that tshark reads', () => {
    const sim = twoLans();
    sim.startCapture(['PC1:eth0']);
    pingAcross(sim);
    const file = writeTemp('arp.pcap', sim.exportPcap('PC1:eth0'));
    expect(complaints(file)).toEqual([]);
    const arp = summary(file, 'arp');
    expect(arp.length).toBeGreaterThanOrEqual(2);
    expect(arp[0]).toMatch(/Broadcast +ARP 42 Who has 10\.0\.1\.1\? Tell 10\.0\.1\.10/);
  });

  it('exchanges UDP datagrams both ways and answers a closed port with ICMP port unreachable', () => {
    const sim = twoLans();
    sim.startCapture(ALL_TARGETS);
    const pc1 = sim.host('PC1').stack;
    const pc2 = sim.host('PC2').stack;
    const server = pc2.udp.open();
    expect(server.bind(0, 9999)).toBeNull();
    server.onMessage.on((m) => server.sendTo(text(`echo:${new TextDecoder().decode(m.data)}`), m.from, m.fromPort));
    const client = pc1.udp.open();
    const received: string[] = [];
    client.onMessage.on((m) => received.push(new TextDecoder().decode(m.data)));
    sim.scheduler.at(0, () => client.sendTo(text('bonjour'), ip('10.0.2.10'), 9999));
    const refused: string[] = [];
    const probe = pc1.udp.open();
    probe.onError.on((e) => refused.push(e));
    sim.scheduler.at(SECOND, () => {
      probe.connect(ip('10.0.2.10'), 7777);
      probe.send(text('anyone?'));
    });
    sim.runUntil(3 * SECOND);
    expect(received).toEqual(['echo:bonjour']);
    expect(refused).toEqual(['ECONNREFUSED']);

    const file = writeTemp('udp.pcapng', sim.exportPcapng());
    expect(complaints(file)).toEqual([]);
    expect(summary(file, 'icmp.type == 3 && icmp.code == 3').length).toBeGreaterThan(0);
    expect(summary(file, 'udp.port == 9999').length).toBe(8); // 2 datagrams seen on 4 interfaces
  });

  it('runs a complete TCP session through the router that reads like Linux on the wire', () => {
    const sim = twoLans();
    sim.startCapture(['PC1:eth0']);
    const { got, answered } = tcpSession(sim, 'PC1', 'PC2', '10.0.2.10');
    expect(answered).toBe('HELO client\r\nMAIL FROM:<a@b>\r\nQUIT\r\n');
    expect(got).toBe('220 server ready\r\n250 ok\r\n250 ok\r\n250 ok\r\n');

    const file = writeTemp('tcp.pcap', sim.exportPcap('PC1:eth0'));
    expect(complaints(file)).toEqual([]);
    const tcp = summary(file, 'tcp');
    expect(tcp[0]).toMatch(/10\.0\.1\.10 → 10\.0\.2\.10 +TCP 74 \d+ → 25 \[SYN\] Seq=0 Win=64240 Len=0 MSS=1460 SACK_PERM TSval=\d+ TSecr=0 WS=128/);
    expect(tcp[1]).toMatch(/25 → \d+ \[SYN, ACK\] Seq=0 Ack=1 Win=65160 Len=0 MSS=1460 SACK_PERM TSval=\d+ TSecr=\d+ WS=128/);
    // tshark shows the scaled window: 502 << 7 = 64256, as between two Debian 12 machines.
    expect(tcp[2]).toMatch(/\[ACK\] Seq=1 Ack=1 Win=64256 Len=0/);
    expect(tcp.filter((l) => /\[FIN, ACK\]/.test(l)).length).toBe(2);
    // Each typed line is one segment, then its own ACK (quick-ack after an idle receiver).
    const helo = tcp.findIndex((l) => /C: HELO client/.test(l));
    expect(helo).toBeGreaterThan(0);
    expect(tcp[helo + 1]).toMatch(/25 → \d+ \[ACK\] Seq=19 Ack=14 .*Len=0/);
    expect(tcp[helo + 2]).toMatch(/S: 250 ok/);
    // What Follow TCP Stream shows.
    const follow = followStream(file);
    expect(follow).toContain('HELO client');
    expect(follow).toContain('220 server ready');
  });

  it('captures loopback traffic with zero MACs and the loopback MSS', () => {
    const sim = twoLans();
    sim.startCapture(['PC2:lo']);
    tcpSession(sim, 'PC2', 'PC2', '127.0.0.1');
    const file = writeTemp('lo.pcap', sim.exportPcap('PC2:lo'));
    expect(complaints(file)).toEqual([]);
    const lines = summary(file);
    expect(lines[0]).toMatch(/127\.0\.0\.1 → 127\.0\.0\.1 +TCP 74 \d+ → 25 \[SYN\] Seq=0 Win=65495 Len=0 MSS=65495 SACK_PERM/);
    expect(lines[2]).toMatch(/\[ACK\] Seq=1 Ack=1 Win=65536 Len=0/);
    const eth = tsharkFields(file, ['eth.src', 'eth.dst']);
    expect(new Set(eth)).toEqual(new Set(['00:00:00:00:00:00\t00:00:00:00:00:00']));
  });

  it('gives byte-identical captures for the same scenario, inputs and seed', () => {
    const run = (seed: number) => {
      const sim = twoLans(seed);
      sim.startCapture(ALL_TARGETS);
      pingAcross(sim);
      tcpSession(sim, 'PC1', 'PC2', '10.0.2.10');
      return sim.exportPcapng();
    };
    const a = run(7);
    const b = run(7);
    const c = run(8);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
    expect(a.length).toBeGreaterThan(1000);
  });

  it('reports a refused connection and a timeout to the socket user', () => {
    const sim = twoLans();
    const pc1 = sim.host('PC1').stack;
    const errors: (string | null)[] = [];
    const refused = pc1.tcp.connect({ address: ip('10.0.2.10'), port: 2222 });
    refused.onClose.on((e) => errors.push(e));
    sim.runUntil(100 * MS);
    expect(errors).toEqual(['ECONNREFUSED']);
  });
});

function followStream(file: string): string {
  return execTshark(file, ['-q', '-z', 'follow,tcp,ascii,0']);
}

function tsharkFields(file: string, fields: string[]): string[] {
  const args = ['-T', 'fields', ...fields.flatMap((f) => ['-e', f])];
  return execTshark(file, args).split('\n').filter((l) => l.length > 0);
}

