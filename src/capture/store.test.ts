import { describe, it, expect } from 'vitest';
import { CaptureStore } from './store.ts';
import { LINKTYPE_ETHERNET, type CapturedFrame } from './record.ts';

function frame(time: number, host: string, iface: string, tag = 0): CapturedFrame {
  return { time, host, iface, bytes: Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x88, 0xb5, tag), linktype: LINKTYPE_ETHERNET };
}

describe('CaptureStore', () => {
  it('keeps frames in arrival order and announces each one', () => {
    const store = new CaptureStore();
    const announced: CapturedFrame[] = [];
    store.onFrame.on((f) => announced.push(f));
    const a = store.add(frame(10, 'CLIENT', 'eth0'));
    const b = store.add(frame(20, 'ROUTEUR', 'eth1'));
    expect(store.frames).toEqual([a, b]);
    expect(store.size).toBe(2);
    expect(announced).toEqual([a, b]);
  });

  it('lists each HOST:IFACE once, in the order it first captured a frame', () => {
    const store = new CaptureStore();
    store.add(frame(1, 'ROUTEUR', 'eth1'));
    store.add(frame(2, 'CLIENT', 'eth0'));
    store.add(frame(3, 'ROUTEUR', 'eth1'));
    store.add(frame(4, 'ROUTEUR', 'eth0'));
    expect(store.interfaces()).toEqual(['ROUTEUR:eth1', 'CLIENT:eth0', 'ROUTEUR:eth0']);
  });

  it('selects the frames of chosen interfaces, in capture order', () => {
    const store = new CaptureStore();
    store.add(frame(1, 'ROUTEUR', 'eth1', 1));
    store.add(frame(2, 'CLIENT', 'eth0', 2));
    store.add(frame(3, 'ROUTEUR', 'eth0', 3));
    store.add(frame(4, 'CLIENT', 'eth0', 4));
    const tags = (fs: CapturedFrame[]): number[] => fs.map((f) => f.bytes[14]);
    expect(tags(store.filterInterfaces(new Set(['CLIENT:eth0'])))).toEqual([2, 4]);
    expect(tags(store.filterInterfaces(['ROUTEUR:eth1', 'ROUTEUR:eth0']))).toEqual([1, 3]);
    expect(store.filterInterfaces([])).toEqual([]);
  });

  it('clear() forgets frames and interfaces and tells observers', () => {
    const store = new CaptureStore();
    let cleared = 0;
    store.onClear.on(() => cleared++);
    store.add(frame(1, 'CLIENT', 'eth0'));
    store.clear();
    expect(store.frames).toEqual([]);
    expect(store.interfaces()).toEqual([]);
    expect(cleared).toBe(1);
    store.add(frame(2, 'SMTP', 'eth0'));
    expect(store.interfaces()).toEqual(['SMTP:eth0']);
  });

  it('stores the producer buffer as is by default', () => {
    const store = new CaptureStore();
    const f = frame(1, 'CLIENT', 'eth0');
    expect(store.add(f).bytes).toBe(f.bytes);
  });

  it('with copy: true, later writes to the producer buffer do not change the capture', () => {
    const store = new CaptureStore({ copy: true });
    const f = frame(1, 'CLIENT', 'eth0', 7);
    const stored = store.add(f);
    f.bytes[14] = 99;
    expect(stored.bytes[14]).toBe(7);
    expect(stored.bytes).not.toBe(f.bytes);
    expect(stored.host).toBe('CLIENT');
  });
});
