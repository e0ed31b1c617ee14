import { afterEach, describe, expect, it } from 'vitest';
import { MS, SECOND } from '../engine/time.ts';
import { IPPROTO_TCP } from '../wire/ipv4.ts';
import { drainLabProblems, ip, Lab } from './testing/lab.ts';
import type { NetError } from './transport.ts';

// Every frame a stack sent re-parses with src/wire, and none was modified after it was handed over.
afterEach(() => {
  expect(drainLabProblems()).toEqual([]);
});

function routed() {
  const lab = new Lab();
  const left = lab.network('left');
  const right = lab.network('right');
  const a = lab.host('a', [{ net: left, address: '10.0.1.2/24' }], { gateway: '10.0.1.1' });
  const r = lab.host('r', [{ net: left, address: '10.0.1.1/24' }, { net: right, address: '10.0.2.1/24' }], { forward: true });
  const c = lab.host('c', [{ net: right, address: '10.0.2.2/24' }], { gateway: '10.0.2.1' });
  return { lab, a, r, c };
}

describe('the host stack', () => {
  it('reaches TCP through the protocol table: a connection across a router carries bytes both ways', () => {
    const { lab, a, r, c } = routed();
    const listener = c.tcp.listen({ port: 25 });
    if (typeof listener === 'string') throw new Error(listener);
    const atServer: number[] = [];
    listener.onConnection.on((conn) => {
      conn.send(new TextEncoder().encode('220 ready\r\n'));
      conn.onData.on((d) => atServer.push(d.length));
    });
    const conn = a.tcp.connect({ address: ip('10.0.2.2'), port: 25 });
    const atClient: string[] = [];
    conn.onData.on((d) => atClient.push(new TextDecoder().decode(d)));
    conn.onConnect.on(() => conn.send(new Uint8Array(100_000)));
    lab.run(100 * MS);
    expect(atClient.join('')).toBe('220 ready\r\n');
    expect(atServer.reduce((x, y) => x + y, 0)).toBe(100_000);
    expect(r.counters.ip.forwDatagrams).toBeGreaterThan(70);
    // TCP segments leave with DF set (Linux path MTU discovery) and ttl 64.
    const seg = lab.framesOf('a', 'eth0', 'out').find((f) => f.frame[23] === IPPROTO_TCP)!;
    expect([seg.frame[20] & 0x40, seg.frame[22]]).toEqual([0x40, 64]);
  });

  it('refuses a TCP connection to a closed port', () => {
    const { lab, a } = routed();
    const conn = a.tcp.connect({ address: ip('10.0.2.2'), port: 25 });
    const closed: Array<NetError | null> = [];
    conn.onClose.on((e) => closed.push(e));
    lab.run(100 * MS);
    expect(closed).toEqual(['ECONNREFUSED']);
  });

  it('fails a TCP connect to a silent neighbour with EHOSTUNREACH after ARP gives up', () => {
    const { lab, a } = routed();
    const conn = a.tcp.connect({ address: ip('10.0.1.77'), port: 25 });
    const closed: Array<NetError | null> = [];
    conn.onClose.on((e) => closed.push(e));
    lab.run(5 * SECOND);
    expect(closed).toEqual(['EHOSTUNREACH']);
  });

  it('has lo and the interfaces it was given, numbered like ifindex', () => {
    const { r } = routed();
    expect([...r.interfaces.values()].map((d) => [d.name, d.index, d.loopback])).toEqual([
      ['lo', 1, true],
      ['eth0', 2, false],
      ['eth1', 3, false],
    ]);
    expect(() => r.addInterface('eth0', 0x02ffffffffff)).toThrow();
    expect(r.ipForward).toBe(true);
  });
});
