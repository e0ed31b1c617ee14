// nc against telnet/nc_on_server.txt of ../shared/fidelity (a real terminal: what the user saw)
// and runs of netcat-openbsd 1.219 in network namespaces quoted below.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NetLab, type LabHost } from '../testing-net/net-lab.ts';
import { lineServer, popLike, smtpLike, type LineServerLog } from '../testing-net/line-server.ts';
import { nc } from './nc.ts';

const nodeYield = (): Promise<void> => new Promise((r) => setImmediate(r));
const screen = (name: string): string => readFileSync(new URL(`../../../../shared/fidelity/telnet/${name}`, import.meta.url), 'utf8');

/** One host running an SMTP-like server on 25 and a POP3-like one on 110 (the recording's vm). */
async function server(): Promise<{ lab: NetLab; vm: LabHost; smtp: LineServerLog; pop: LineServerLog }> {
  const lab = new NetLab(nodeYield);
  const lan = lab.network('lan');
  const vm = lab.host('vm', [{ net: lan, address: '192.168.0.1/24' }]);
  const smtp: LineServerLog = { chunks: [] };
  const pop: LineServerLog = { chunks: [] };
  vm.start(lineServer(smtpLike(), smtp), ['master']);
  vm.start(lineServer(popLike(), pop), ['dovecot']);
  await lab.run(0.01);
  return { lab, vm, smtp, pop };
}

describe('nc on the server (nc_on_server.txt)', () => {
  it('talks to the SMTP server line by line with LF, then ^C', async () => {
    const { vm, smtp } = await server();
    const p = vm.start(nc, ['nc', 'localhost', '25'], { tty: true });
    await p.until(() => p.screen.includes('220 '), 5);
    p.type('quit\r');
    await p.until(() => p.screen.includes('221 '), 5);
    // The server closed; nc waits for the keyboard until ^C (exit 130, killed by SIGINT).
    await vm.lab.run(2);
    expect(p.code).toBe(null);
    p.interrupt();
    await p.until(() => p.code !== null, 5);
    const recorded = screen('nc_on_server.txt').split('root@vm:~# ');
    expect(p.screen).toBe(recorded[1].replace(/^nc localhost 25\n/, '').replace(/\n$/, ''));
    expect(p.code).toBe(130);
    expect(smtp.chunks).toEqual(['quit\n']);
  });

  it('sends CR LF with -C', async () => {
    const { vm, pop } = await server();
    const p = vm.start(nc, ['nc', '-C', '127.0.0.1', '110'], { tty: true });
    await p.until(() => p.screen.includes('+OK D'), 5);
    p.type('quit\r');
    await p.until(() => p.screen.includes('Logging out'), 5);
    p.interrupt();
    await p.until(() => p.code !== null, 5);
    const recorded = screen('nc_on_server.txt').split('root@vm:~# ');
    expect(p.screen).toBe(recorded[2].replace(/^nc -C 127\.0\.0\.1 110\n/, '').replace(/\n$/, ''));
    expect(pop.chunks).toEqual(['quit\r\n']);
  });

  it('scans with -zv: succeeded or refused', async () => {
    const { vm } = await server();
    const recorded = screen('nc_on_server.txt').split('root@vm:~# ');
    const ok = await vm.run(nc, ['nc', '-zv', '127.0.0.1', '25']);
    expect([ok.output, ok.code]).toEqual([recorded[3].replace(/^nc -zv 127\.0\.0\.1 25\n/, ''), 0]);
    const refused = await vm.run(nc, ['nc', '-zv', '127.0.0.1', '2525']);
    expect([refused.output, refused.code]).toEqual([recorded[4].replace(/^nc -zv 127\.0\.0\.1 2525\n/, ''), 1]);
  });
});

describe('nc as client and server between two hosts', () => {
  async function pair(): Promise<{ lab: NetLab; a: LabHost; b: LabHost }> {
    const lab = new NetLab(nodeYield);
    const lan = lab.network('lan');
    const a = lab.host('a', [{ net: lan, address: '10.0.1.10/24' }]);
    const b = lab.host('b', [{ net: lan, address: '10.0.1.20/24' }]);
    return { lab, a, b };
  }

  it('keeps the connection open at end of input without -N, closes it with -N', async () => {
    const { a, b } = await pair();
    const server = b.start(nc, ['nc', '-l', '5000']);
    await b.lab.run(0.01);
    const client = a.start(nc, ['nc', '10.0.1.20', '5000']);
    client.type('hi\n');
    client.endInput();
    await a.lab.run(3);
    // Recorded: without -N neither side exits (the server never sees a FIN).
    expect([server.stdout, server.code, client.code]).toEqual(['hi\n', null, null]);
    const server2 = b.start(nc, ['nc', '-l', '5001']);
    await b.lab.run(0.01);
    const client2 = a.start(nc, ['nc', '-N', '10.0.1.20', '5001']);
    client2.type('hi\n');
    client2.endInput();
    await client2.until(() => client2.code !== null && server2.code !== null, 5);
    expect([server2.stdout, server2.code, client2.code]).toEqual(['hi\n', 0, 0]);
  });

  it('prints the listening and connection messages with -v, quits after -q 0', async () => {
    const { a, b } = await pair();
    const server = b.start(nc, ['nc', '-nlv', '4444']);
    await b.lab.run(0.01);
    const client = a.start(nc, ['nc', '-q', '0', '10.0.1.20', '4444']);
    client.type('hello\n');
    client.endInput();
    await server.until(() => server.code !== null, 5);
    expect(server.stderr).toMatch(/^Listening on 0\.0\.0\.0 4444\nConnection received on 10\.0\.1\.10 \d+\n$/);
    expect([server.stdout, server.code, client.code]).toEqual(['hello\n', 0, 0]);
  });

  it('exchanges UDP datagrams with -u and -lu', async () => {
    const { a, b } = await pair();
    const server = b.start(nc, ['nc', '-nluv', '5353']);
    await b.lab.run(0.01);
    const client = a.start(nc, ['nc', '-u', '10.0.1.20', '5353']);
    client.type('udp\n');
    await a.lab.run(1);
    expect(server.stdout).toBe('udp\n');
    expect(server.stderr).toMatch(/^Bound on 0\.0\.0\.0 5353\nConnection received on 10\.0\.1\.10 \d+\n$/);
  });

  it('reports errors as netcat-openbsd does', async () => {
    const { a } = await pair();
    const refused = await a.run(nc, ['nc', '-v', '10.0.1.20', '5002']);
    expect([refused.stderr, refused.code]).toEqual(['nc: connect to 10.0.1.20 port 5002 (tcp) failed: Connection refused\n', 1]);
    const range = await a.run(nc, ['nc', '-zv', '10.0.1.20', '4440-4441']);
    expect(range.stderr).toBe('nc: connect to 10.0.1.20 port 4440 (tcp) failed: Connection refused\nnc: connect to 10.0.1.20 port 4441 (tcp) failed: Connection refused\n');
    const unknown = await a.run(nc, ['nc', 'nosuchhost', '25']);
    // No reachable DNS server (127.0.0.1 refuses): "Temporary failure", as recorded.
    expect(unknown.stderr).toBe('nc: getaddrinfo for host "nosuchhost" port 25: Temporary failure in name resolution\n');
    expect((await a.run(nc, ['nc', '10.0.1.20', 'nosuchservice'])).stderr).toBe('nc: port number invalid: nosuchservice\n');
    expect((await a.run(nc, ['nc', '10.0.1.20', '99999'])).stderr).toBe('nc: port number too large: 99999\n');
    expect((await a.run(nc, ['nc', '10.0.1.20'])).stderr).toBe('nc: missing port number\n');
    expect((await a.run(nc, ['nc', '10.0.9.9', '25'])).stderr).toBe('nc: connect to 10.0.9.9 port 25 (tcp) failed: Network is unreachable\n');
    const usage = await a.run(nc, ['nc']);
    expect([usage.stderr.startsWith('usage: nc [-46CDdFhklNnrStUuvZz]'), usage.code]).toEqual([true, 1]);
    const bad = await a.run(nc, ['nc', '-y']);
    expect(bad.stderr.startsWith("nc: invalid option -- 'y'\nusage: nc ")).toBe(true);
    const low = await a.run(nc, ['nc', '-l', '80'], { user: 'debian' });
    expect([low.stderr, low.code]).toEqual(['nc: Permission denied\n', 1]);
  });

  it('times out a connection with -w when nobody answers', async () => {
    const { a } = await pair();
    const p = await a.run(nc, ['nc', '-w', '2', '-v', '10.0.1.99', '25']);
    expect(p.stderr).toBe('nc: connect to 10.0.1.99 port 25 (tcp) timed out: Operation now in progress\n');
    expect(p.code).toBe(1);
  });

  it('uses service names for the port', async () => {
    const { vm, smtp } = await server();
    const p = vm.start(nc, ['nc', '192.168.0.1', 'smtp']);
    await p.until(() => p.stdout.includes('220 '), 5);
    p.type('quit\n');
    p.endInput();
    await p.until(() => p.code !== null, 5);
    expect(p.stdout).toBe('220 vm ESMTP Postfix (Debian/GNU)\r\n221 2.0.0 Bye\r\n');
    expect(smtp.chunks).toEqual(['quit\n']);
  });
});
