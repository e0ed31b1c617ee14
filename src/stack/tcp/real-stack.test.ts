// TCP on the real host stack: two NetworkStacks on an EthernetSwitch (ARP, IPv4, frames as a
// capture shows them), and a host talking to itself through lo.
import { afterEach, describe, expect, it } from 'vitest';
import { MS, SECOND } from '../../engine/time.ts';
import { parseEthernet } from '../../wire/ethernet.ts';
import { IPPROTO_TCP, parseIpv4Packet } from '../../wire/ipv4.ts';
import { parseTcp, type TcpSegment } from '../../wire/tcp.ts';
import { drainLabProblems, ip, Lab, type SeenFrame } from '../testing/lab.ts';
import { concat, sameBytes, watch } from './testing/setups.ts';
import type { TcpConnection } from './tcp-module.ts';

afterEach(() => {
  expect(drainLabProblems()).toEqual([]);
});

function tcpOf(frames: SeenFrame[]): Array<{ length: number; seg: TcpSegment }> {
  const out: Array<{ length: number; seg: TcpSegment }> = [];
  for (const f of frames) {
    const eth = parseEthernet(f.frame);
    if (!eth.ok || eth.value.ethertype !== 0x0800) continue;
    const p = parseIpv4Packet(eth.value.payload);
    if (!p.ok || p.value.protocol !== IPPROTO_TCP) continue;
    const t = parseTcp(p.value.payload, 0, p.value.src, p.value.dst);
    if (t.ok) out.push({ length: f.frame.length, seg: t.value });
  }
  return out;
}

describe('TCP between two Debian hosts on a switch', () => {
  it('handshake frames of 74, 74 and 66 bytes with Linux windows; 200 kB arrive intact', () => {
    const lab = new Lab();
    const lan = lab.network('lan');
    const client = lab.host('client', [{ net: lan, address: '192.168.0.28/24' }]);
    const server = lab.host('server', [{ net: lan, address: '192.168.0.1/24' }]);
    const listener = server.tcp.listen({ port: 25 });
    if (typeof listener === 'string') throw new Error(listener);
    const got: Uint8Array[] = [];
    listener.onConnection.on((c: TcpConnection) => {
      c.onData.on((d) => got.push(d));
      c.onEnd.on(() => c.close());
    });
    const data = new Uint8Array(200_000).map((_, i) => (i * 7) & 0xff);
    const conn = client.tcp.connect({ address: ip('192.168.0.1'), port: 25 });
    const seen = watch(conn);
    conn.onConnect.on(() => {
      conn.send(data);
      conn.close();
    });
    lab.run(2 * SECOND);
    expect(sameBytes(concat(got), data)).toBe(true);
    expect(seen.closed).toBeNull();
    const segs = tcpOf(lab.framesOf('client', 'eth0'));
    expect(segs.slice(0, 3).map((s) => [s.length, s.seg.window])).toEqual([
      [74, 64240],
      [74, 65160],
      [66, 502],
    ]);
    expect(Math.max(...segs.map((s) => s.length))).toBe(1514);
    expect(conn.state).toBe('TIME-WAIT');
    lab.run(60 * SECOND);
    expect(client.tcp.connections()).toEqual([]);
  });
});

describe('TCP through lo', () => {
  it('a host connecting to its own address goes through lo with MSS 65495 and windows 65495/65483/512', () => {
    const lab = new Lab();
    const lan = lab.network('lan');
    const host = lab.host('srv', [{ net: lan, address: '192.168.0.1/24' }]);
    const listener = host.tcp.listen({ port: 110 });
    if (typeof listener === 'string') throw new Error(listener);
    listener.onConnection.on((c: TcpConnection) => c.send(new TextEncoder().encode('+OK Dovecot (Debian) ready.\r\n')));
    const conn = host.tcp.connect({ address: ip('192.168.0.1'), port: 110 });
    const seen = watch(conn);
    lab.run(10 * MS);
    expect(seen.text()).toBe('+OK Dovecot (Debian) ready.\r\n');
    const segs = tcpOf(lab.framesOf('srv', 'lo'));
    expect(segs.slice(0, 3).map((s) => [s.length, s.seg.window])).toEqual([
      [74, 65495],
      [74, 65483],
      [66, 512],
    ]);
    expect(segs[0].seg.options[0]).toEqual({ kind: 'mss', value: 65495 });
    expect(lab.framesOf('srv', 'eth0')).toEqual([]);
  });
});
