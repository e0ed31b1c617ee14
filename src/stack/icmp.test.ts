import { afterEach, describe, expect, it } from 'vitest';
import { MS, SECOND } from '../engine/time.ts';
import {
  ICMP_DEST_UNREACH,
  ICMP_ECHO_REPLY,
  ICMP_ECHO_REQUEST,
  ICMP_HOST_UNREACH,
  ICMP_PORT_UNREACH,
  ICMP_TIME_EXCEEDED,
  icmpEchoId,
  icmpEchoSeq,
  parseIcmp,
} from '../wire/icmp.ts';
import { parseIpv4Packet } from '../wire/ipv4.ts';
import { drainLabProblems, echoRequest, ip, Lab, rawIcmp } from './testing/lab.ts';

// Every frame a stack sent re-parses with src/wire, and none was modified after it was handed over.
afterEach(() => {
  expect(drainLabProblems()).toEqual([]);
});

function lan() {
  const lab = new Lab();
  const net = lab.network('lan');
  const a = lab.host('a', [{ net, address: '192.168.0.28/24' }]);
  const b = lab.host('b', [{ net, address: '192.168.0.1/24' }]);
  return { lab, net, a, b };
}

/** a (10.0.1.2) -- r (10.0.1.1 | 10.0.2.1) -- c (10.0.2.2). */
function routed(forward: boolean) {
  const lab = new Lab();
  const left = lab.network('left');
  const right = lab.network('right');
  const a = lab.host('a', [{ net: left, address: '10.0.1.2/24' }], { gateway: '10.0.1.1' });
  const r = lab.host('r', [{ net: left, address: '10.0.1.1/24' }, { net: right, address: '10.0.2.1/24' }], { forward });
  const c = lab.host('c', [{ net: right, address: '10.0.2.2/24' }], { gateway: '10.0.2.1' });
  return { lab, a, r, c };
}

function ipOf(frame: Uint8Array) {
  const p = parseIpv4Packet(frame, 14);
  if (!p.ok) throw new Error(p.error.message);
  return p.value;
}

describe('ping between two hosts of a LAN', () => {
  it('gets an echo reply with the same id, sequence and data, ttl 64', () => {
    const { lab, a } = lan();
    const { socket, received } = rawIcmp(a);
    expect(socket.send(ip('192.168.0.1'), echoRequest(0x6a35, 1), { dontFragment: true })).toBeNull();
    lab.run(10 * MS);
    expect(received).toHaveLength(1);
    const { meta, message } = received[0];
    expect(message.type).toBe(ICMP_ECHO_REPLY);
    expect([icmpEchoId(message), icmpEchoSeq(message)]).toEqual([0x6a35, 1]);
    expect(message.payload).toEqual(echoRequest(0x6a35, 1).payload);
    expect(meta).toMatchObject({ src: ip('192.168.0.1'), dst: ip('192.168.0.28'), ttl: 64, iface: 'eth0' });
    expect(lab.problems()).toEqual([]);
  });

  it('sends the request with DF as ping asks and the kernel reply without DF (fidelity capture)', () => {
    const { lab, a } = lan();
    rawIcmp(a).socket.send(ip('192.168.0.1'), echoRequest(1, 1), { dontFragment: true });
    lab.run(10 * MS);
    const ipFrames = lab.framesOf('a', 'eth0').filter((f) => f.frame[13] === 0x00);
    const [request, reply] = ipFrames.map((f) => ipOf(f.frame));
    expect(request.dontFragment).toBe(true);
    expect(reply.dontFragment).toBe(false);
    expect(ipFrames.map((f) => f.frame.length)).toEqual([98, 98]);
  });

  it('lets the raw sockets of the target see the request too, as Linux raw sockets do', () => {
    const { lab, a, b } = lan();
    const onB = rawIcmp(b);
    rawIcmp(a).socket.send(ip('192.168.0.1'), echoRequest(1, 1));
    lab.run(10 * MS);
    expect(onB.received.map((d) => d.message.type)).toEqual([ICMP_ECHO_REQUEST]);
  });

  it('counts echo requests and replies per type', () => {
    const { lab, a, b } = lan();
    rawIcmp(a).socket.send(ip('192.168.0.1'), echoRequest(1, 1));
    lab.run(10 * MS);
    expect(b.counters.icmp.inByType[ICMP_ECHO_REQUEST]).toBe(1);
    expect(b.counters.icmp.outByType[ICMP_ECHO_REPLY]).toBe(1);
    expect(a.counters.icmp.inByType[ICMP_ECHO_REPLY]).toBe(1);
  });
});

describe('ping across a router', () => {
  it('arrives with ttl 63 when ip_forward=1, and the reply too', () => {
    const { lab, a, c } = routed(true);
    const atC = rawIcmp(c);
    const { socket, received } = rawIcmp(a);
    expect(socket.send(ip('10.0.2.2'), echoRequest(9, 1))).toBeNull();
    lab.run(50 * MS);
    expect(atC.received.map((d) => [d.message.type, d.meta.ttl])).toEqual([[ICMP_ECHO_REQUEST, 63]]);
    expect(received.map((d) => [d.message.type, d.meta.src, d.meta.ttl])).toEqual([[ICMP_ECHO_REPLY, ip('10.0.2.2'), 63]]);
    expect(lab.hosts.get('r')!.counters.ip.forwDatagrams).toBe(2);
    expect(lab.problems()).toEqual([]);
  });

  it('goes nowhere when the router does not forward (Debian default)', () => {
    const { lab, a, r } = routed(false);
    const { socket, received } = rawIcmp(a);
    socket.send(ip('10.0.2.2'), echoRequest(9, 1));
    lab.run(5 * SECOND);
    expect(received).toEqual([]);
    expect(lab.framesOf('r', 'eth1')).toEqual([]);
    expect(r.counters.ip.inAddrErrors).toBe(1);
  });

  it('answers an expiring TTL with Time Exceeded from the router, quoting the packet', () => {
    const { lab, a } = routed(true);
    const { socket, received } = rawIcmp(a);
    socket.send(ip('10.0.2.2'), echoRequest(9, 1), { ttl: 1 });
    lab.run(50 * MS);
    expect(received).toHaveLength(1);
    const { meta, message } = received[0];
    expect([message.type, message.code]).toEqual([ICMP_TIME_EXCEEDED, 0]);
    expect(meta.src).toBe(ip('10.0.1.1'));
    expect(meta.tos).toBe(0xc0);
    const quoted = parseIpv4Packet(message.payload, 0, { verifyChecksum: false });
    expect(quoted.ok && [quoted.value.src, quoted.value.dst]).toEqual([ip('10.0.1.2'), ip('10.0.2.2')]);
    expect(lab.framesOf('r', 'eth1')).toEqual([]);
    expect(lab.problems()).toEqual([]);
  });

  it('answers a destination with no route with Network Unreachable from the router', () => {
    const { lab, a } = routed(true);
    const { socket, received } = rawIcmp(a);
    socket.send(ip('172.16.0.1'), echoRequest(9, 1));
    lab.run(50 * MS);
    expect(received.map((d) => [d.message.type, d.message.code, d.meta.src])).toEqual([[ICMP_DEST_UNREACH, 0, ip('10.0.1.1')]]);
  });

  it('sends Host Unreachable back to the source when the next hop never answers ARP', () => {
    const { lab, a } = routed(true);
    const { socket, received } = rawIcmp(a);
    socket.send(ip('10.0.2.99'), echoRequest(9, 1));
    lab.run(5 * SECOND);
    expect(received.map((d) => [d.message.type, d.message.code, d.meta.src])).toEqual([
      [ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, ip('10.0.1.1')],
    ]);
    expect(Math.round(lab.scheduler.now / SECOND)).toBe(5);
  });
});

describe('an unreachable neighbour', () => {
  it('gives "Destination Host Unreachable" from the host\'s own address after about 3 s', () => {
    const { lab, a } = lan();
    const { socket, received } = rawIcmp(a);
    socket.send(ip('192.168.0.99'), echoRequest(0x1234, 1));
    let at = -1;
    socket.onMessage.on(() => (at = lab.scheduler.now));
    lab.run(5 * SECOND);
    expect(received).toHaveLength(1);
    const { meta, message } = received[0];
    expect([message.type, message.code]).toEqual([ICMP_DEST_UNREACH, ICMP_HOST_UNREACH]);
    expect(meta.src).toBe(ip('192.168.0.28'));
    expect(meta.iface).toBe('lo');
    // The quoted echo request lets ping print its icmp_seq.
    const inner = parseIcmp(message.payload.subarray(20), 0, { verifyChecksum: false });
    expect(inner.ok && icmpEchoSeq(inner.value)).toBe(1);
    expect(at).toBeGreaterThanOrEqual(3 * SECOND);
    expect(at).toBeLessThan(3 * SECOND + 10 * MS);
    // It went through lo, like Linux's icmp_send to itself.
    expect(lab.framesOf('a', 'lo', 'out')).toHaveLength(1);
    expect(lab.problems()).toEqual([]);
  });
});

describe('ICMP errors are not sent', () => {
  it('about a broadcast datagram to a closed port', () => {
    const { lab, a, b } = lan();
    const s = a.udp.open();
    s.bindToDevice('eth0');
    expect(s.sendTo(new Uint8Array([1]), ip('255.255.255.255'), 9999)).toBeNull();
    lab.run(10 * MS);
    expect(b.counters.udp.noPorts).toBe(1);
    expect(b.counters.icmp.outMsgs).toBe(0);
  });

  it('more than 6 at once to one destination, then one per second (icmp_ratelimit)', () => {
    const { lab, a, b } = lan();
    rawIcmp(a).socket.send(ip('192.168.0.1'), echoRequest(1, 1)); // resolve ARP first
    lab.run(10 * MS);
    const s = a.udp.open();
    for (let i = 0; i < 10; i++) s.sendTo(new Uint8Array([i]), ip('192.168.0.1'), 9);
    lab.run(10 * MS);
    const portUnreach = () => b.counters.icmp.outByType[ICMP_DEST_UNREACH];
    expect(portUnreach()).toBe(6);
    expect(b.counters.icmp.outRateLimited).toBe(4);
    lab.run(SECOND);
    s.sendTo(new Uint8Array([0]), ip('192.168.0.1'), 9);
    s.sendTo(new Uint8Array([0]), ip('192.168.0.1'), 9);
    lab.run(10 * MS);
    expect(portUnreach()).toBe(7);
    expect(a.counters.icmp.inByType[ICMP_DEST_UNREACH]).toBe(7);
    expect(ICMP_PORT_UNREACH).toBe(3);
  });
});
