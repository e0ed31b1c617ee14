import { afterEach, describe, expect, it } from 'vitest';
import { MS, SECOND } from '../engine/time.ts';
import { MAC_BROADCAST, readMac } from '../wire/addr.ts';
import { ARP_REPLY, ARP_REQUEST, emitArpInto, parseArp } from '../wire/arp.ts';
import { emitEthernetInto, ETHERTYPE_ARP, ETHERTYPE_IPV4 } from '../wire/ethernet.ts';
import { drainLabProblems, echoRequest, ip, Lab, rawIcmp, type SeenFrame } from './testing/lab.ts';

// Every frame a stack sent re-parses with src/wire, and none was modified after it was handed over.
afterEach(() => {
  expect(drainLabProblems()).toEqual([]);
});

function twoHosts() {
  const lab = new Lab();
  const lan = lab.network('lan');
  const a = lab.host('a', [{ net: lan, address: '192.168.0.28/24' }]);
  const b = lab.host('b', [{ net: lan, address: '192.168.0.1/24' }]);
  return { lab, lan, a, b };
}

function arpOf(f: SeenFrame) {
  const r = parseArp(f.frame, 14);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const isArp = (f: SeenFrame) => ((f.frame[12] << 8) | f.frame[13]) === ETHERTYPE_ARP;

describe('ARP resolution (RFC 826, Linux neighbour states)', () => {
  it('broadcasts a 42-byte who-has, sends the waiting packet after the reply, as the fidelity capture shows', () => {
    const { lab, a, b } = twoHosts();
    rawIcmp(a).socket.send(ip('192.168.0.1'), echoRequest(0x6a35, 1), { dontFragment: true });
    lab.run(10 * MS);
    const out = lab.framesOf('a', 'eth0');
    expect(out.map((f) => `${f.direction} ${isArp(f) ? 'arp' : 'ip'}`)).toEqual(['out arp', 'in arp', 'out ip', 'in ip']);
    const request = arpOf(out[0]);
    expect(readMac(out[0].frame, 0)).toBe(MAC_BROADCAST);
    expect(out[0].frame.length).toBe(42);
    expect(request).toMatchObject({ op: ARP_REQUEST, senderIp: ip('192.168.0.28'), targetIp: ip('192.168.0.1'), targetMac: 0 });
    const reply = arpOf(out[1]);
    expect(reply).toMatchObject({ op: ARP_REPLY, senderIp: ip('192.168.0.1'), senderMac: b.interfaces.get('eth0')!.mac });
    expect(out[1].frame.length).toBe(42);
    // The asker learnt from the reply; the answerer learnt from the request (STALE) and, having
    // used the entry for its echo reply, waits in DELAY (fidelity/net/ping_arp.txt).
    expect(a.arp.get(ip('192.168.0.1'))).toMatchObject({ state: 'REACHABLE', mac: b.interfaces.get('eth0')!.mac, iface: 'eth0' });
    expect(b.arp.get(ip('192.168.0.28'))?.state).toBe('DELAY');
    expect(lab.problems()).toEqual([]);
  });

  it('answers an idle neighbour in DELAY by probing it with unicast requests, then REACHABLE', () => {
    const { lab, a, b } = twoHosts();
    rawIcmp(a).socket.send(ip('192.168.0.1'), echoRequest(1, 1));
    lab.run(5 * SECOND + 100 * MS);
    expect(b.arp.get(ip('192.168.0.28'))?.state).toBe('REACHABLE');
    const probe = lab.framesOf('b', 'eth0', 'out').filter(isArp).at(-1)!;
    expect(arpOf(probe)).toMatchObject({ op: ARP_REQUEST, targetIp: ip('192.168.0.28') });
    expect(readMac(probe.frame, 0)).toBe(a.interfaces.get('eth0')!.mac);
  });

  it('turns REACHABLE into STALE once the random reachable_time (15-45 s) has passed', () => {
    const { lab, a } = twoHosts();
    rawIcmp(a).socket.send(ip('192.168.0.1'), echoRequest(1, 1));
    lab.run(MS);
    const reachable = a.arp.reachableTimeNs;
    expect(reachable).toBeGreaterThanOrEqual(15 * SECOND);
    expect(reachable).toBeLessThan(45 * SECOND);
    lab.run(reachable - 10 * MS);
    expect(a.arp.get(ip('192.168.0.1'))?.state).toBe('REACHABLE');
    lab.run(20 * MS);
    expect(a.arp.get(ip('192.168.0.1'))?.state).toBe('STALE');
  });

  it('uses a STALE entry at once and moves it to DELAY, without a new request', () => {
    const { lab, a } = twoHosts();
    const { socket } = rawIcmp(a);
    socket.send(ip('192.168.0.1'), echoRequest(1, 1));
    lab.run(50 * SECOND);
    expect(a.arp.get(ip('192.168.0.1'))?.state).toBe('STALE');
    const before = lab.framesOf('a', 'eth0', 'out').length;
    socket.send(ip('192.168.0.1'), echoRequest(1, 2));
    expect(a.arp.get(ip('192.168.0.1'))?.state).toBe('DELAY');
    const sent = lab.framesOf('a', 'eth0', 'out').slice(before);
    expect(sent.map(isArp)).toEqual([false]);
  });

  it('forgets an unused STALE entry after 60 s', () => {
    const { lab, a } = twoHosts();
    rawIcmp(a).socket.send(ip('192.168.0.1'), echoRequest(1, 1));
    lab.run(46 * SECOND);
    expect(a.arp.get(ip('192.168.0.1'))?.state).toBe('STALE');
    lab.run(61 * SECOND);
    expect(a.arp.get(ip('192.168.0.1'))).toBeUndefined();
  });

  it('marks a silent neighbour FAILED after 3 broadcast requests 1 s apart', () => {
    const { lab, a } = twoHosts();
    rawIcmp(a).socket.send(ip('192.168.0.99'), echoRequest(1, 1));
    lab.run(2500 * MS);
    expect(a.arp.get(ip('192.168.0.99'))?.state).toBe('INCOMPLETE');
    lab.run(1000 * MS);
    expect(a.arp.get(ip('192.168.0.99'))).toMatchObject({ state: 'FAILED', mac: null });
    const requests = lab.framesOf('a', 'eth0', 'out').filter(isArp);
    expect(requests.map((f) => Math.round(f.time / MS))).toEqual([0, 1000, 2000]);
    expect(requests.every((f) => arpOf(f).targetIp === ip('192.168.0.99'))).toBe(true);
  });

  it('ignores requests for addresses it does not own, and answers a duplicate-address probe', () => {
    const { lab, lan, b } = twoHosts();
    const heard: Uint8Array[] = [];
    const port = lan.attach({ receiveFrame: (f) => heard.push(f) });
    const mac = 0x02aabbccddee;
    const who = (senderIp: number, targetIp: number) => {
      const buf = new Uint8Array(42);
      emitArpInto({ op: ARP_REQUEST, senderMac: mac, senderIp, targetMac: 0, targetIp }, buf, 14);
      emitEthernetInto({ dst: MAC_BROADCAST, src: mac, ethertype: ETHERTYPE_ARP, payload: buf.subarray(14) }, buf, 0);
      return buf;
    };
    port.send(who(ip('192.168.0.50'), ip('192.168.0.77')));
    lab.run(MS);
    expect(heard.filter((f) => readMac(f, 0) === mac)).toEqual([]);
    expect(b.arp.get(ip('192.168.0.50'))).toBeUndefined();
    port.send(who(0, ip('192.168.0.1')));
    lab.run(MS);
    const replies = heard.filter((f) => readMac(f, 0) === mac).map((f) => parseArp(f, 14));
    expect(replies).toHaveLength(1);
    expect(replies[0].ok && replies[0].value).toMatchObject({ op: ARP_REPLY, senderIp: ip('192.168.0.1'), targetIp: 0 });
    expect(b.arp.list()).toEqual([]);
  });

  it('sends through a permanent entry without asking, and delete/flush empty the cache', () => {
    const { lab, a, b } = twoHosts();
    const bMac = b.interfaces.get('eth0')!.mac;
    expect(a.arp.addPermanent(ip('192.168.0.1'), bMac, 'eth0')).toBeNull();
    expect(a.arp.addPermanent(ip('192.168.0.1'), bMac, 'eth7')).toBe('ENODEV');
    rawIcmp(a).socket.send(ip('192.168.0.1'), echoRequest(1, 1));
    lab.run(100 * SECOND);
    const requests = lab.framesOf('a', 'eth0', 'out').filter((f) => isArp(f) && arpOf(f).op === ARP_REQUEST);
    expect(requests).toHaveLength(0);
    expect(a.arp.get(ip('192.168.0.1'))?.state).toBe('PERMANENT');
    expect(a.arp.delete(ip('192.168.0.1'))).toBe(true);
    expect(a.arp.delete(ip('192.168.0.1'))).toBe(false);
    b.arp.flush();
    expect(b.arp.list()).toEqual([]);
  });

  it('keeps at most 3 packets per unresolved neighbour, dropping the oldest', () => {
    const { lab, a } = twoHosts();
    const { socket, received } = rawIcmp(a);
    for (let seq = 1; seq <= 5; seq++) socket.send(ip('192.168.0.99'), echoRequest(7, seq));
    lab.run(4 * SECOND);
    // Each packet still queued at the failure comes back as a host unreachable quoting it.
    const quotedSeqs = received
      .filter((d) => d.message.type === 3)
      .map((d) => (d.message.payload[20 + 6] << 8) | d.message.payload[20 + 7]);
    expect(quotedSeqs).toEqual([3, 4, 5]);
    expect(a.arp.unresolvedDiscards).toBe(2);
  });

  it('writes no IPv4 frame before the neighbour answered', () => {
    const { lab, a } = twoHosts();
    rawIcmp(a).socket.send(ip('192.168.0.99'), echoRequest(1, 1));
    lab.run(10 * SECOND);
    const ipFrames = lab.framesOf('a', 'eth0').filter((f) => ((f.frame[12] << 8) | f.frame[13]) === ETHERTYPE_IPV4);
    expect(ipFrames).toHaveLength(0);
  });
});
