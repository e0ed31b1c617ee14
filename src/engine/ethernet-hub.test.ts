import { describe, it, expect } from 'vitest';
import { Scheduler } from './scheduler.ts';
import { EthernetHub } from './ethernet-hub.ts';
import type { FrameSink, SwitchPort } from './ethernet-switch.ts';

const BCAST = 'ff:ff:ff:ff:ff:ff';

function mac(text: string): number[] {
  return text.split(':').map((h) => parseInt(h, 16));
}

/** An Ethernet II frame of `len` bytes, ethertype 0x88b5 (local experimental), `tag` first payload byte. */
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

function lab(n: number, opts = {}): { s: Scheduler; hub: EthernetHub; nics: Nic[] } {
  const s = new Scheduler();
  const hub = new EthernetHub(s, 'bleue', opts);
  const nics: Nic[] = [];
  for (let i = 0; i < n; i++) {
    const nic = new Nic(s, `02:00:00:00:00:0${i + 1}`);
    nic.port = hub.attach(nic);
    nics.push(nic);
  }
  return { s, hub, nics };
}

describe('EthernetHub repeats every frame', () => {
  it('gives every other port a copy of a unicast frame, even once the destination has spoken; the sender gets none', () => {
    const { s, hub, nics } = lab(4);
    const [a, b, c, d] = nics;
    b.send(a.mac); // a switch would learn B here and stop flooding frames for it
    s.runUntilIdle();
    a.send(b.mac);
    s.runUntilIdle();
    expect(a.got.length).toBe(1);
    expect(b.got.length).toBe(1);
    expect(c.got.length).toBe(2);
    expect(d.got.length).toBe(2);
    expect(hub.framesForwarded).toBe(6);
    expect(hub.attach({ receiveFrame: () => undefined }).id).toBe(5);
  });

  it('delivers the very same bytes to every receiver at the same instant', () => {
    const { s, nics } = lab(3);
    const f = frame(BCAST, nics[0].mac);
    nics[0].port.send(f);
    s.runUntilIdle();
    expect(nics[1].got[0].frame).toBe(f);
    expect(nics[2].got[0].frame).toBe(f);
    expect(nics[1].got[0].t).toBe(nics[2].got[0].t);
  });

  it('drops a frame shorter than an Ethernet header', () => {
    const { s, hub, nics } = lab(2);
    nics[0].port.send(new Uint8Array(13));
    s.runUntilIdle();
    expect(nics[1].got.length).toBe(0);
    expect(hub.framesForwarded).toBe(0);
  });

  it('a detached NIC receives nothing more and sends nothing; frames in flight from it are lost', () => {
    const { s, nics } = lab(3);
    const [a, b, c] = nics;
    b.send(BCAST); // on the wire when B is unplugged
    b.port.detach();
    b.port.detach();
    a.send(b.mac);
    b.send(a.mac);
    s.runUntilIdle();
    expect(b.got.length).toBe(0);
    expect(a.got.length).toBe(0);
    expect(c.got.length).toBe(1); // A's frame only
  });
});

describe('EthernetHub timing on a shared 100 Mbit/s medium', () => {
  // A 1514-byte frame holds the medium for (1514 + 4 + 8 + 12) * 8 bits at 10 ns per bit.
  const FULL = 123_040;
  const MIN = 6_720;

  it('repeats cut-through: one wire time and two cable delays', () => {
    const { s, hub, nics } = lab(2);
    expect(hub.wireTimeNs(42)).toBe(MIN);
    expect(hub.wireTimeNs(1514)).toBe(FULL);
    nics[0].send(nics[1].mac, 1514);
    s.runUntilIdle();
    expect(nics[1].got[0].t).toBe(FULL + 1000);
  });

  it('makes every sender wait for the medium (half duplex): frames go one after another, in order', () => {
    const { s, nics } = lab(3);
    const [a, b, c] = nics;
    a.send(c.mac, 1514, 1);
    b.send(a.mac, 1514, 2); // a switch would carry this one at the same time, on other links
    a.send(c.mac, 60, 3);
    s.runUntilIdle();
    expect(c.got.map((g) => [g.frame[14], g.t])).toEqual([
      [1, FULL + 1000],
      [2, 2 * FULL + 1000],
      [3, 2 * FULL + MIN + 1000],
    ]);
    expect(a.got.map((g) => g.t)).toEqual([2 * FULL + 1000]);
  });

  it('follows the configured rate and propagation delay', () => {
    const { s, nics } = lab(2, { bitsPerSecond: 1e9, propagationNs: 50 });
    nics[0].send(nics[1].mac, 1514);
    s.runUntilIdle();
    expect(nics[1].got[0].t).toBe(FULL / 10 + 100);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new EthernetHub(new Scheduler(), 'x', { bitsPerSecond: 0 })).toThrow(RangeError);
  });
});
