import { describe, it, expect } from 'vitest';
import { Scheduler } from '../../engine/scheduler.ts';
import { Pipe } from './pipe.ts';

const text = (b: Uint8Array | null): string | null => (b === null ? null : new TextDecoder().decode(b));

describe('Pipe', () => {
  it('returns what was written, then end of file once the last writer handle closes', async () => {
    const p = new Pipe(null);
    const second = p.writer.dup();
    p.writer.write('one ');
    second.write('two');
    expect(text(await p.reader.read())).toBe('one two');
    p.writer.close();
    const pending = p.reader.read();
    second.write('!');
    expect(text(await pending)).toBe('!');
    second.close();
    expect(await p.reader.read()).toBeNull();
  });

  it('wakes a waiting reader and tells the scheduler so an async driver lets it run', async () => {
    const s = new Scheduler();
    const p = new Pipe(s);
    const pending = p.reader.read();
    expect(s.asyncWake).toBe(false);
    p.writer.write('x');
    expect(s.asyncWake).toBe(true);
    expect(text(await pending)).toBe('x');
  });

  it('drops writes once every reader is closed and reports the pipe broken', () => {
    const p = new Pipe(null);
    expect(p.writer.broken).toBe(false);
    p.reader.close();
    p.writer.write('lost');
    expect(p.writer.broken).toBe(true);
  });

  it('does not let a later write change bytes a reader already got', async () => {
    const p = new Pipe(null);
    const buf = new TextEncoder().encode('abc');
    p.writer.write(buf);
    buf[0] = 0x7a;
    expect(text(await p.reader.read())).toBe('abc');
  });
});
