import { describe, it, expect } from 'vitest';
import { Emitter } from './events.ts';

describe('Emitter', () => {
  it('delivers each fired value to listeners in subscription order', () => {
    const e = new Emitter<number>();
    const log: string[] = [];
    e.on((v) => log.push(`a${v}`));
    e.on((v) => log.push(`b${v}`));
    e.fire(1);
    e.fire(2);
    expect(log).toEqual(['a1', 'b1', 'a2', 'b2']);
  });

  it('stops delivering after dispose, and disposing twice is harmless', () => {
    const e = new Emitter<string>();
    const got: string[] = [];
    const d = e.on((v) => got.push(v));
    e.fire('x');
    d.dispose();
    d.dispose();
    e.fire('y');
    expect(got).toEqual(['x']);
    expect(e.hasListeners).toBe(false);
  });

  it('lets a listener unsubscribe itself during fire without skipping the others', () => {
    const e = new Emitter<number>();
    const log: string[] = [];
    const once = e.on(() => {
      log.push('once');
      once.dispose();
    });
    e.on(() => log.push('always'));
    e.fire(0);
    e.fire(0);
    expect(log).toEqual(['once', 'always', 'always']);
  });

  it('does not call a listener that an earlier listener disposed during the same fire', () => {
    const e = new Emitter<number>();
    const log: string[] = [];
    e.on(() => {
      log.push('first');
      second.dispose();
    });
    const second = e.on(() => log.push('second'));
    e.fire(0);
    expect(log).toEqual(['first']);
  });

  it('a listener added during fire hears only later fires', () => {
    const e = new Emitter<number>();
    const log: number[] = [];
    let added = false;
    e.on(() => {
      if (!added) {
        added = true;
        e.on((v) => log.push(v));
      }
    });
    e.fire(1);
    e.fire(2);
    expect(log).toEqual([2]);
  });

  it('clear() removes every listener', () => {
    const e = new Emitter<void>();
    let n = 0;
    const d = e.on(() => n++);
    expect(e.hasListeners).toBe(true);
    e.clear();
    e.fire();
    d.dispose();
    expect(n).toBe(0);
    expect(e.hasListeners).toBe(false);
  });
});
