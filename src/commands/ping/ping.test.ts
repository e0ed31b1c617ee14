// ping against recordings of Debian 12's iputils-ping (../shared/fidelity/net, and runs of the
// real ping in network namespaces quoted below). Normalized: reply times, the elapsed time of
// the statistics and the rtt line, which depend on the machine; addresses are the recordings'.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hostsFileOnly, NetLab, type LabHost } from '../testing-net/net-lab.ts';
import { normalizePing, recorded } from '../testing-net/recording.ts';
import { ping } from './ping.ts';
import { formatLoss, formatRtt } from './ping-format.ts';

const nodeYield = (): Promise<void> => new Promise((r) => setImmediate(r));
const net = (name: string): string => readFileSync(new URL(`../../../../shared/fidelity/net/${name}`, import.meta.url), 'utf8');

/** The recordings' LAN: the client 192.168.0.28 and the server 192.168.0.1. */
function recordingLan(): { lab: NetLab; client: LabHost; server: LabHost } {
  const lab = new NetLab(nodeYield);
  const lan = lab.network('lan');
  const server = lab.host('vm', [{ net: lan, address: '192.168.0.1/24', mac: 0x020000000001 }], {
    hosts: '192.168.0.1\tsmtp128.mail128.com\n',
  });
  const client = lab.host('client', [{ net: lan, address: '192.168.0.28/24', mac: 0x02000000001c }], {
    hosts: '192.168.0.1\tsmtp128.mail128.com\n',
  });
  return { lab, client, server };
}

/** Two LANs joined by a router: a 10.0.1.10 -- r 10.0.1.1 | 10.0.2.1 -- b 10.0.2.20. */
function routedLab(): { lab: NetLab; a: LabHost; r: LabHost; b: LabHost } {
  const lab = new NetLab(nodeYield);
  const lan1 = lab.network('lan1');
  const lan2 = lab.network('lan2');
  const a = lab.host('a', [{ net: lan1, address: '10.0.1.10/24' }], { gateway: '10.0.1.1' });
  const r = lab.host('r', [{ net: lan1, address: '10.0.1.1/24' }, { net: lan2, address: '10.0.2.1/24' }], { forward: true });
  const b = lab.host('b', [{ net: lan2, address: '10.0.2.20/24' }], { gateway: '10.0.2.1' });
  return { lab, a, r, b };
}

describe('ping on the recordings LAN', () => {
  it('prints three replies and the statistics block as Debian does', async () => {
    const { lab, client } = recordingLan();
    const p = await client.run(ping, ['ping', '-c', '3', '192.168.0.1']);
    const real = recorded(net('ping_arp.txt'), 'ping -c 3 192.168.0.1');
    expect(normalizePing(p.stdout)).toBe(normalizePing(real.output));
    expect(p.code).toBe(real.status);
    expect(p.stdout).toContain('time 2000ms');
    expect(lab.frameProblems()).toEqual([]);
  });

  it('names the host and each reply when given a name', async () => {
    const { client } = recordingLan();
    const p = await client.run(ping, ['ping', '-c', '3', 'smtp128.mail128.com']);
    const real = recorded(net('ping_arp.txt'), 'ping -c 3 smtp128.mail128.com');
    // Deliberate difference: /etc/hosts names 192.168.0.1 here, so the reverse lookup finds
    // "smtp128.mail128.com" where the recording's DNS had no PTR record and printed the address.
    expect(normalizePing(p.stdout)).toBe(normalizePing(real.output).replace(/from 192\.168\.0\.1 \(/g, 'from smtp128.mail128.com ('));
  });

  it('quiet mode prints only the header and the statistics', async () => {
    const { client } = recordingLan();
    const p = await client.run(ping, ['ping', '-c', '2', '-q', '192.168.0.1']);
    expect(normalizePing(p.stdout)).toBe(normalizePing(recorded(net('ping_arp.txt'), 'ping -c 2 -q 192.168.0.1').output));
    expect(p.stdout).toContain('time 1000ms');
  });

  it('pings its own loopback with time 0ms for one request', async () => {
    const { client } = recordingLan();
    const p = await client.run(ping, ['ping', '-c', '1', '127.0.0.1']);
    expect(normalizePing(p.stdout)).toBe(normalizePing(recorded(net('ping_arp.txt'), 'ping -c 1 127.0.0.1').output));
    expect(p.stdout).toContain('time 0ms');
  });

  it('fails at once with exit 2 when no route leads to the destination', async () => {
    const { client } = recordingLan();
    const p = await client.run(ping, ['ping', '-c', '3', '10.254.54.1']);
    const real = recorded(net('ping_arp.txt'), 'ping -c 3 10.254.54.1');
    expect(p.stdout + p.stderr).toBe(real.output);
    expect(p.code).toBe(2);
  });

  it('reports an unknown name with exit 2', async () => {
    const { client } = recordingLan();
    hostsFileOnly(client);
    const p = await client.run(ping, ['ping', '-c', '1', '-W', '1', 'nexistepas.mail128.com']);
    expect(p.stderr).toBe(recorded(net('ping_arp.txt'), 'ping -c 1 -W 1 nexistepas.mail128.com').output);
    expect(p.code).toBe(2);
  });

  it('stops on ^C with the statistics, exit 0 after replies', async () => {
    const { client } = recordingLan();
    const p = client.start(ping, ['ping', '192.168.0.1'], { tty: true });
    await client.lab.run(2.5);
    p.interrupt();
    await p.until(() => p.code !== null, 5);
    // Recorded with `timeout -s INT 2.5 ping 10.0.1.1` in a network namespace.
    expect(normalizePing(p.screen)).toBe(
      normalizePing(
        [
          'PING 192.168.0.1 (192.168.0.1) 56(84) bytes of data.',
          '64 bytes from 192.168.0.1: icmp_seq=1 ttl=64 time=0.031 ms',
          '64 bytes from 192.168.0.1: icmp_seq=2 ttl=64 time=0.062 ms',
          '64 bytes from 192.168.0.1: icmp_seq=3 ttl=64 time=0.067 ms',
          '^C',
          '--- 192.168.0.1 ping statistics ---',
          '3 packets transmitted, 3 received, 0% packet loss, time 2050ms',
          'rtt min/avg/max/mdev = 0.031/0.053/0.067/0.015 ms',
          '',
        ].join('\n'),
      ),
    );
    expect(p.code).toBe(0);
  });
});

describe('ping errors seen on the way', () => {
  it('reports Destination Host Unreachable from itself when ARP gets no answer', async () => {
    const { a } = routedLab();
    const p = await a.run(ping, ['ping', '-c', '3', '10.0.1.99']);
    // Real ping in a namespace: the three requests wait for ARP and fail together after 3 s.
    expect(normalizePing(p.stdout)).toBe(
      normalizePing(`PING 10.0.1.99 (10.0.1.99) 56(84) bytes of data.
From 10.0.1.10 icmp_seq=1 Destination Host Unreachable
From 10.0.1.10 icmp_seq=2 Destination Host Unreachable
From 10.0.1.10 icmp_seq=3 Destination Host Unreachable

--- 10.0.1.99 ping statistics ---
3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 2052ms
pipe 3
`),
    );
    expect(p.code).toBe(1);
  });

  it('reports Time to live exceeded from the router', async () => {
    const { a } = routedLab();
    const p = await a.run(ping, ['ping', '-c', '2', '-t', '1', '10.0.2.20']);
    expect(normalizePing(p.stdout)).toBe(
      normalizePing(`PING 10.0.2.20 (10.0.2.20) 56(84) bytes of data.
From 10.0.1.1 icmp_seq=1 Time to live exceeded
From 10.0.1.1 icmp_seq=2 Time to live exceeded

--- 10.0.2.20 ping statistics ---
2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 1019ms

`),
    );
    expect(p.code).toBe(1);
  });

  it('shows the ttl decremented by the router and small payloads without times', async () => {
    const { a } = routedLab();
    const routed = await a.run(ping, ['ping', '-c', '1', '10.0.2.20']);
    expect(routed.stdout).toMatch(/64 bytes from 10\.0\.2\.20: icmp_seq=1 ttl=63 time=\d\.\d{3} ms/);
    const small = await a.run(ping, ['ping', '-c', '2', '-s', '8', '10.0.1.1']);
    expect(normalizePing(small.stdout)).toBe(
      normalizePing(`PING 10.0.1.1 (10.0.1.1) 8(36) bytes of data.
16 bytes from 10.0.1.1: icmp_seq=1 ttl=64
16 bytes from 10.0.1.1: icmp_seq=2 ttl=64

--- 10.0.1.1 ping statistics ---
2 packets transmitted, 2 received, 0% packet loss, time 1019ms

`),
    );
  });

  it('waits -W seconds for a reply that never comes', async () => {
    const { a, lab } = routedLab();
    const start = lab.scheduler.now;
    const p = await a.run(ping, ['ping', '-c', '1', '-W', '1', '10.0.2.99']);
    expect(p.stdout).toBe(`PING 10.0.2.99 (10.0.2.99) 56(84) bytes of data.

--- 10.0.2.99 ping statistics ---
1 packets transmitted, 0 received, 100% packet loss, time 0ms

`);
    expect(p.code).toBe(1);
    expect(lab.scheduler.now - start).toBeLessThan(2e9);
  });

  it('stops at the -w deadline', async () => {
    const { a } = routedLab();
    const p = await a.run(ping, ['ping', '-w', '2', '10.0.1.1']);
    expect(p.stdout).toContain('2 packets transmitted, 2 received, 0% packet loss');
    expect(p.code).toBe(0);
  });

  it('refuses bad arguments as iputils does', async () => {
    const { a } = routedLab();
    const none = await a.run(ping, ['ping']);
    expect([none.stderr, none.code]).toEqual(['ping: usage error: Destination address required\n', 1]);
    const count = await a.run(ping, ['ping', '-c', 'abc', '10.0.1.1']);
    expect([count.stderr, count.code]).toEqual(["ping: invalid argument: 'abc'\n", 1]);
    const zero = await a.run(ping, ['ping', '-c', '0', '10.0.1.1']);
    expect(zero.stderr).toBe("ping: invalid argument: '0': out of range: 1 <= value <= 9223372036854775807\n");
    const ttl = await a.run(ping, ['ping', '-c', '1', '-t', '300', '10.0.1.1']);
    expect(ttl.stderr).toBe("ping: invalid argument: '300': out of range: 0 <= value <= 255\n");
    const bad = await a.run(ping, ['ping', '-x', '1.2.3.4']);
    expect(bad.stderr.startsWith("ping: invalid option -- 'x'\n\nUsage\n  ping [options] <destination>\n")).toBe(true);
    expect(bad.code).toBe(2);
    const bcast = await a.run(ping, ['ping', '-c', '1', '10.0.1.255']);
    expect(bcast.stderr).toBe('ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules\n');
    const flood = await a.run(ping, ['ping', '-c', '2', '-i', '0.001', '10.0.1.1'], { user: 'debian' });
    expect(flood.stderr).toBe('ping: cannot flood; minimal interval allowed for user is 2ms\n');
  });
});

describe('ping number formats', () => {
  it('prints reply times with 3, 2, 1 or no decimals as iputils does', () => {
    expect(formatRtt(45)).toBe('0.045');
    expect(formatRtt(1234)).toBe('1.23');
    expect(formatRtt(12345)).toBe('12.3');
    expect(formatRtt(123456)).toBe('123');
  });

  it('prints the packet loss like printf %g of a float', () => {
    expect(formatLoss(3, 3)).toBe('0');
    expect(formatLoss(3, 2)).toBe('33.3333');
    expect(formatLoss(3, 1)).toBe('66.6667');
    expect(formatLoss(4, 0)).toBe('100');
    expect(formatLoss(8, 1)).toBe('87.5');
  });
});
