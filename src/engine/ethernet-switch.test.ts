import { describe, it, expect } from 'vitest';
import { Scheduler } from './scheduler.ts';
import { EthernetSwitch, type FrameSink, type SwitchPort } from './ethernet-switch.ts';
import { SECOND } from './time.ts';

const BCAST = 'ff:ff:ff:ff:ff:ff';

function mac(text: string): number[] {
  return text.split(':').map((h) => parseInt(h, 16));
}

/** An Ethernet II frame of `len` bytes (header + zero payload), ethertype 0x88b5 (local experimental). */
function frame(dst: string, src: string, len = 60, tag = 0): Uint8Array {
  const f = new Uint8Array(len);
  f.set(mac(dst), 0);
  f.set(mac(src), 6);
  f[12] = 0x88;
  f[13] = 0xb5;
  if (len > 14) f[14] = tag;
  return f;
}

class Nic implements FrameSink {
  readonly got: { t: number; frame: Uint8Array }[] = [];
  port!: SwitchPort;
  constructor(
    private readonly s: Scheduler,
    readonly mac: string,
  ) {}
  receiveFrame(f: Uint8Array): void {
    this.got.push({ t: this.s.now, frame: f });
  }
  send(dst: string, len = 60, tag = 0): void {
    this.port.send(frame(dst, this.mac, len, tag));
  }
}

function lab(n: number, opts = {}): { s: Scheduler; sw: EthernetSwitch; nics: Nic[] } {
  const s = new Scheduler();
  const sw = new EthernetSwitch(s, 'lan', opts);
  const nics: Nic[] = [];
  for (let i = 0; i < n; i++) {
    const nic = new Nic(s, `02:00:00:00:00:0${i + 1}`);
    nic.port = sw.attach(nic);
    nics.push(nic);
  }
  return { s, sw, nics };
}

describe('EthernetSwitch learning and flooding', () => {
  it('floods a frame for an unknown destination to every port except the sender', () => {
    const { s, nics } = lab(3);
    const [a, b, c] = nics;
    a.send(b.mac);
    s.runUntilIdle();
    expect(a.got.length).toBe(0);
    expect(b.got.length).toBe(1);
    expect(c.got.length).toBe(1);
  });

  it('sends only to the learned port once the destination has spoken', () => {
    const { s, nics } = lab(3);
    const [a, b, c] = nics;
    a.send(b.mac); // flooded; the switch learns A
    s.runUntilIdle();
    b.send(a.mac); // A is known: only A; the switch learns B
    s.runUntilIdle();
    a.send(b.mac); // B is known: only B
    s.runUntilIdle();
    expect(a.got.length).toBe(1);
    expect(b.got.length).toBe(2);
    expect(c.got.length).toBe(1); // only the first, flooded frame
  });

  it('floods broadcast and multicast even when the address was seen as a source', () => {
    const { s, nics } = lab(3);
    const [a, b, c] = nics;
    a.send(BCAST);
    a.send('01:00:5e:00:00:fb'); // IPv4 multicast (mDNS group)
    s.runUntilIdle();
    expect(b.got.length).toBe(2);
    expect(c.got.length).toBe(2);
    expect(a.got.length).toBe(0);
  });

  it('never echoes a frame back to its ingress port, even when the destination lives there', () => {
    const { s, nics } = lab(3);
    const [a, b, c] = nics;
    // A's port also carries 02:00:00:00:00:99 (think of a second host behind a hub).
    a.port.send(frame(BCAST, '02:00:00:00:00:99'));
    s.runUntilIdle();
    a.send('02:00:00:00:00:99');
    s.runUntilIdle();
    expect(a.got.length).toBe(0);
    expect(b.got.length).toBe(1);
    expect(c.got.length).toBe(1);
  });

  it('forgets a learned address after 300 s of silence and floods again', () => {
    const { s, sw, nics } = lab(3);
    const [a, b, c] = nics;
    a.send(BCAST);
    s.runUntilIdle();
    expect(sw.fdb().map((e) => [e.mac, e.port])).toEqual([[a.mac, 1]]);
    s.runUntil(s.now + 299 * SECOND);
    b.send(a.mac);
    s.runUntilIdle();
    expect(c.got.length).toBe(1); // only the broadcast: A still known
    s.runUntil(s.now + 301 * SECOND);
    b.send(a.mac);
    s.runUntilIdle();
    expect(c.got.length).toBe(2); // A aged out: flooded
    expect(a.got.length).toBe(2);
  });

  it('delivers the very same bytes to every receiver (no copy)', () => {
    const { s, nics } = lab(3);
    const f = frame(BCAST, nics[0].mac);
    nics[0].port.send(f);
    s.runUntilIdle();
    expect(nics[1].got[0].frame).toBe(f);
    expect(nics[2].got[0].frame).toBe(f);
  });

  it('drops a frame shorter than an Ethernet header', () => {
    const { s, sw, nics } = lab(2);
    nics[0].port.send(new Uint8Array(13));
    s.runUntilIdle();
    expect(nics[1].got.length).toBe(0);
    expect(sw.framesForwarded).toBe(0);
  });

  it('counts one delivery per receiver', () => {
    const { s, sw, nics } = lab(4);
    nics[0].send(BCAST);
    s.runUntilIdle();
    expect(sw.framesForwarded).toBe(3);
  });

  it('a detached NIC receives nothing more and its address is forgotten', () => {
    const { s, sw, nics } = lab(3);
    const [a, b, c] = nics;
    b.send(BCAST);
    s.runUntilIdle();
    b.port.detach();
    b.port.detach();
    a.send(b.mac);
    b.send(a.mac); // sending on an unplugged cable goes nowhere
    s.runUntilIdle();
    expect(b.got.length).toBe(0);
    expect(c.got.length).toBe(2); // B's broadcast, then A's frame flooded
    expect(a.got.length).toBe(1);
    expect(sw.fdb().map((e) => e.mac)).toEqual([a.mac]);
  });
});

describe('EthernetSwitch timing at 1 Gbit/s', () => {
  // A 1514-byte frame holds the wire for (1514 + 4 FCS + 8 preamble/SFD + 12 IFG) * 8 bits = 12304 ns.
  const FULL = 12_304;
  // A minimum frame (60 bytes + FCS) holds it for 84 * 8 = 672 ns.
  const MIN = 672;

  it('delivers after serialization and propagation on both links (store and forward)', () => {
    const { s, nics } = lab(2);
    nics[0].send(nics[1].mac, 1514);
    nics[0].send(BCAST, 60);
    s.runUntilIdle();
    expect(nics[1].got[0].t).toBe(FULL + 500 + FULL + 500);
    // The small frame waited behind the big one on A's link, then on B's link, which is busy
    // until the big frame's last bit left the switch (2 * FULL + 500).
    expect(nics[1].got[1].t).toBe(2 * FULL + 500 + MIN + 500);
  });

  it('queues frames back-to-back on the sender link', () => {
    const { s, nics } = lab(2);
    for (let i = 0; i < 3; i++) nics[0].send(nics[1].mac, 1514, i);
    s.runUntilIdle();
    const times = nics[1].got.map((g) => g.t);
    expect(times).toEqual([2 * FULL + 1000, 3 * FULL + 1000, 4 * FULL + 1000]);
    expect(nics[1].got.map((g) => g.frame[14])).toEqual([0, 1, 2]);
  });

  it('makes two senders to one receiver share its link', () => {
    const { s, nics } = lab(3);
    const [a, b, c] = nics;
    a.send(c.mac, 1514, 1);
    b.send(c.mac, 1514, 2);
    s.runUntilIdle();
    expect(c.got.map((g) => [g.frame[14], g.t])).toEqual([
      [1, 2 * FULL + 1000],
      [2, 3 * FULL + 1000],
    ]);
  });

  it('pads runt frames to the 64-byte Ethernet minimum when computing wire time', () => {
    const { sw } = lab(0);
    expect(sw.wireTimeNs(42)).toBe(MIN);
    expect(sw.wireTimeNs(60)).toBe(MIN);
    expect(sw.wireTimeNs(1514)).toBe(FULL);
  });

  it('follows the configured link rate and propagation delay', () => {
    const { s, nics } = lab(2, { bitsPerSecond: 100e6, propagationNs: 50 });
    nics[0].send(nics[1].mac, 1514);
    s.runUntilIdle();
    expect(nics[1].got[0].t).toBe(2 * 10 * FULL + 100);
  });
});
