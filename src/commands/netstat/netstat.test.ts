// netstat and ss against net/netstat_ss_server.txt and net/netstat_established.txt of
// ../shared/fidelity: the same daemons' IPv4 sockets are opened here by stand-in processes
// named like them. Normalized: PIDs and fds (they differ between runs) and trailing spaces after
// the last column (their count follows the PID digits). Deliberate differences: no tcp6/udp6
// lines (no IPv6 in the stack), and each of named's sockets once (it had two threads, each with
// its own SO_REUSEPORT socket; the simulated stack refuses a second bind), so duplicate lines of
// the recording are merged. Rows are compared in sorted order: the kernel lists sockets in the
// order of its hash tables, the simulation in its own.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nc } from '../nc/nc.ts';
import { ss } from '../ss/ss.ts';
import { NetLab, type LabHost } from '../testing-net/net-lab.ts';
import { recorded } from '../testing-net/recording.ts';
import { socketHolder } from '../testing-net/socket-holder.ts';
import { netstat } from './netstat.ts';

const nodeYield = (): Promise<void> => new Promise((r) => setImmediate(r));
const net = (name: string): string => readFileSync(new URL(`../../../../shared/fidelity/net/${name}`, import.meta.url), 'utf8');

function normalize(s: string): string {
  const lines = s
    .replace(/\b\d+\/(\S+) +$/gm, 'PID/$1')
    .replace(/pid=\d+,fd=\d+/g, 'pid=P,fd=F')
    .replace(/geteuid\(\)=\d+/g, 'geteuid()=U')
    .split('\n')
    .map((l) => l.replace(/ +$/, ''))
    .filter((l) => !l.startsWith('tcp6') && !l.startsWith('udp6') && !/\[::|\[fe80/.test(l));
  const merged = lines.filter((l, i) => i === 0 || l !== lines[i - 1]);
  const head = merged.filter((l) => !/^(tcp|udp|LISTEN|UNCONN|ESTAB)/.test(l));
  return [...head, ...merged.filter((l) => /^(tcp|udp|LISTEN|UNCONN|ESTAB)/.test(l)).sort()].join('\n');
}

/** The recording's server: dovecot, postfix's master and named listening on IPv4. */
async function mailServer(): Promise<{ lab: NetLab; h: LabHost }> {
  const lab = new NetLab(nodeYield);
  const h = lab.host('vm', [{ net: lab.network('lan'), address: '192.168.0.1/24' }]);
  h.start(socketHolder([995, 993, 143, 110].map((port) => ({ proto: 'tcp' as const, port, backlog: 100 }))), ['dovecot']);
  await lab.run(0.001);
  h.start(socketHolder([{ proto: 'tcp', port: 25, backlog: 100 }]), ['master']);
  await lab.run(0.001);
  h.start(
    socketHolder([
      { proto: 'tcp', address: '192.168.0.1', port: 53, backlog: 10 },
      { proto: 'tcp', address: '127.0.0.1', port: 953, backlog: 5 },
      { proto: 'tcp', address: '127.0.0.1', port: 53, backlog: 10 },
      { proto: 'udp', address: '192.168.0.1', port: 53 },
      { proto: 'udp', address: '127.0.0.1', port: 53 },
    ]),
    ['named'],
  );
  await lab.run(0.001);
  return { lab, h };
}

async function run(h: LabHost, line: string, user?: string): Promise<{ out: string; status: number }> {
  const argv = line.split(' ');
  const p = await h.run(argv[0] === 'ss' ? ss : netstat, argv, { user });
  return { out: p.output, status: p.code ?? -1 };
}

describe('netstat and ss on the mail server (netstat_ss_server.txt)', () => {
  // (`ss -lnt` and `ss -ltp` were recorded with IPv6 sockets, whose long addresses set the
  // column widths: only the IPv4-only `ss -4lntp` compares.)
  for (const line of ['netstat -lnpt4', 'netstat -lnpt', 'netstat -lnptu', 'netstat -lnt', 'netstat -ltp', 'ss -4lntp']) {
    it(`prints "${line}" as recorded`, async () => {
      const { h } = await mailServer();
      const real = recorded(net('netstat_ss_server.txt'), line);
      const got = await run(h, line);
      expect(normalize(got.out)).toBe(normalize(real.output));
      expect(got.status).toBe(real.status);
    });
  }

  it('hides other users\' processes from a normal user', async () => {
    const { h } = await mailServer();
    const real = recorded(net('netstat_ss_server.txt'), "su etudiant -s /bin/sh -c 'netstat -lnpt4'");
    const got = await run(h, 'netstat -lnpt4', 'debian');
    expect(normalize(got.out)).toBe(normalize(real.output));
  });
});

describe('established connections', () => {
  it('lists a connection on both ends with its program', async () => {
    const lab = new NetLab(nodeYield);
    const lan = lab.network('lan');
    const srv = lab.host('srv', [{ net: lan, address: '10.0.2.20/24' }]);
    const cli = lab.host('cli', [{ net: lan, address: '10.0.2.10/24' }]);
    srv.start(nc, ['nc', '-l', '4000']);
    await lab.run(0.01);
    const client = cli.start(nc, ['nc', '10.0.2.20', '4000']);
    await lab.run(0.1);
    const port = cli.net.tcp.connections()[0].localPort;
    const n = await run(srv, 'netstat -tnp');
    expect(n.out).toBe(
      'Active Internet connections (w/o servers)\nProto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    \n' +
        `tcp        0      0 10.0.2.20:4000          ${`10.0.2.10:${port}`.padEnd(23)} ESTABLISHED ${`${srv.net.tcp.connections()[0].owner!.pid}/nc`.padEnd(20)}\n`,
    );
    // Recorded in a namespace: `ss -tnp` on the client end.
    const s = await run(cli, 'ss -tnp');
    expect(normalize(s.out)).toBe(
      normalize(`State Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess
ESTAB 0      0          10.0.2.10:${port}    10.0.2.20:4000 users:(("nc",pid=20736,fd=3))
`),
    );
    const tan = await run(srv, 'ss -tan');
    expect(tan.out.split('\n')[1]).toMatch(/^ESTAB 0 {6}0 {10}10\.0\.2\.20:4000 {4}10\.0\.2\.10:\d+ *$/);
    client.interrupt();
    await lab.run(1);
    expect((await run(cli, 'netstat -tn')).out).toMatch(/TIME_WAIT/);
    // ss hides TIME-WAIT unless asked (-a).
    expect((await run(cli, 'ss -tn')).out).toBe('State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n');
  });

  it('prints the routing and interface tables', async () => {
    const { h } = await mailServer();
    expect((await run(h, 'netstat -rn')).out).toBe(
      'Kernel IP routing table\nDestination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n192.168.0.0     0.0.0.0         255.255.255.0   U         0 0          0 eth0\n',
    );
    expect((await run(h, 'netstat -i')).out.split('\n')[0]).toBe('Kernel Interface table');
  });
});
