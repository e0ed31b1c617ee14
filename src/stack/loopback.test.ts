import { afterEach, describe, expect, it } from 'vitest';
import { MS } from '../engine/time.ts';
import { readMac } from '../wire/addr.ts';
import { ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST } from '../wire/icmp.ts';
import { parseIpv4Packet } from '../wire/ipv4.ts';
import { drainLabProblems, echoRequest, ip, Lab, rawIcmp } from './testing/lab.ts';

// Every frame a stack sent re-parses with src/wire, and none was modified after it was handed over.
afterEach(() => {
  expect(drainLabProblems()).toEqual([]);
});

function host() {
  const lab = new Lab();
  const net = lab.network('lan');
  const a = lab.host('a', [{ net, address: '192.168.0.28/24' }]);
  return { lab, a };
}

describe('loopback', () => {
  it('exists from the start with 127.0.0.1/8, up, MTU 65536', () => {
    const { a } = host();
    const lo = a.interfaces.get('lo')!;
    expect([lo.loopback, lo.up, lo.mtu, lo.index, lo.mac]).toEqual([true, true, 65536, 1, 0]);
    expect(lo.addresses).toEqual([{ address: ip('127.0.0.1'), prefix: 8, broadcast: ip('127.255.255.255') }]);
    expect(a.routes.list()).toHaveLength(1); // only eth0's: lo's networks are in the local table
  });

  it('carries a ping to 127.0.0.1, each packet seen once on lo with zero MACs', () => {
    const { lab, a } = host();
    const { socket, received } = rawIcmp(a);
    socket.send(ip('127.0.0.1'), echoRequest(1, 1));
    lab.run(MS);
    expect(received.map((d) => [d.message.type, d.meta.src, d.meta.iface, d.meta.ttl])).toEqual([
      [ICMP_ECHO_REQUEST, ip('127.0.0.1'), 'lo', 64],
      [ICMP_ECHO_REPLY, ip('127.0.0.1'), 'lo', 64],
    ]);
    const frames = lab.framesOf('a');
    expect(frames.map((f) => [f.iface, f.direction])).toEqual([
      ['lo', 'out'],
      ['lo', 'out'],
    ]);
    for (const f of frames) {
      expect([readMac(f.frame, 0), readMac(f.frame, 6), f.frame[12], f.frame[13]]).toEqual([0, 0, 0x08, 0x00]);
    }
    expect(a.interfaces.get('lo')!.stats).toMatchObject({ txPackets: 2, rxPackets: 2 });
    expect(lab.problems()).toEqual([]);
  });

  it("carries a ping to the host's own eth0 address too, never on eth0", () => {
    const { lab, a } = host();
    const { socket, received } = rawIcmp(a);
    socket.send(ip('192.168.0.28'), echoRequest(1, 1));
    lab.run(MS);
    expect(received.map((d) => [d.message.type, d.meta.src, d.meta.dst, d.meta.iface])).toEqual([
      [ICMP_ECHO_REQUEST, ip('192.168.0.28'), ip('192.168.0.28'), 'lo'],
      [ICMP_ECHO_REPLY, ip('192.168.0.28'), ip('192.168.0.28'), 'lo'],
    ]);
    expect(lab.framesOf('a', 'eth0')).toEqual([]);
    expect(lab.framesOf('a', 'lo')).toHaveLength(2);
  });

  it('answers from any address of 127/8, the request leaving from 127.0.0.1', () => {
    const { lab, a } = host();
    const { socket, received } = rawIcmp(a);
    socket.send(ip('127.0.0.5'), echoRequest(1, 1));
    lab.run(MS);
    const [request, reply] = lab.framesOf('a', 'lo').map((f) => parseIpv4Packet(f.frame, 14));
    expect(request.ok && [request.value.src, request.value.dst]).toEqual([ip('127.0.0.1'), ip('127.0.0.5')]);
    expect(reply.ok && [reply.value.src, reply.value.dst]).toEqual([ip('127.0.0.5'), ip('127.0.0.1')]);
    expect(received).toHaveLength(2);
  });

  it('is where `ip route get` sends a local destination', () => {
    const { a } = host();
    expect(a.route(ip('192.168.0.28'))).toEqual({ ok: true, src: ip('192.168.0.28'), iface: 'lo', mtu: 65536, loopback: true, gateway: null });
    expect(a.route(ip('127.1.2.3'))).toMatchObject({ ok: true, src: ip('127.0.0.1'), iface: 'lo' });
  });

  it('delivers nothing while lo is down', () => {
    const { lab, a } = host();
    a.interfaces.get('lo')!.setUp(false);
    const { socket, received } = rawIcmp(a);
    expect(socket.send(ip('127.0.0.1'), echoRequest(1, 1))).toBe('ENETUNREACH');
    lab.run(MS);
    expect(received).toEqual([]);
  });
});
