import { describe, it, expect } from 'vitest';
import { Scheduler } from './scheduler.ts';
import { runUntilAsync, runUntilIdleAsync, type Yield } from './async-drain.ts';
import { MS, SECOND } from './time.ts';

const nodeYield: Yield = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A socket-like receive queue: data delivered by events, read by programs with `await recv()`. */
class FakeSocket {
  private readonly data: string[] = [];
  private readonly waiters: ((d: string) => void)[] = [];
  constructor(private readonly s: Scheduler) {}
  deliver(d: string): void {
    const w = this.waiters.shift();
    if (w) {
      w(d);
      this.s.noteAsyncWake(); // a program awaits this: let it run before time moves on
    } else {
      this.data.push(d);
    }
  }
  recv(): Promise<string> {
    const d = this.data.shift();
    if (d !== undefined) return Promise.resolve(d);
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

/** A program that answers each line 2 ms after reading it, through several awaits. */
async function echoProgram(s: Scheduler, sock: FakeSocket, peer: FakeSocket, log: string[]): Promise<void> {
  for (let i = 0; i < 2; i++) {
    const line = await sock.recv();
    await Promise.resolve(); // a longer chain of continuations, as real code has
    await (async () => {})();
    log.push(`read ${line} at ${s.now / MS} ms`);
    s.after(2 * MS, () => peer.deliver(`echo ${line}`));
  }
}

describe('runUntilAsync', () => {
  it('resumes an awaiting program at the virtual time of the event that woke it', async () => {
    const s = new Scheduler();
    const sock = new FakeSocket(s);
    const peer = new FakeSocket(s);
    const log: string[] = [];
    void echoProgram(s, sock, peer, log);
    s.at(10 * MS, () => sock.deliver('one'));
    s.at(10 * MS + 1, () => log.push(`unrelated event at ${s.now / MS} ms`));
    s.at(30 * MS, () => sock.deliver('two'));
    const replies: string[] = [];
    void (async () => {
      for (;;) {
        const r = await peer.recv();
        replies.push(`${r} at ${s.now / MS} ms`);
      }
    })();

    await runUntilAsync(s, 1 * SECOND, nodeYield);

    expect(log).toEqual(['read one at 10 ms', 'unrelated event at 10.000001 ms', 'read two at 30 ms']);
    expect(replies).toEqual(['echo one at 12 ms', 'echo two at 32 ms']);
    expect(s.now).toBe(1 * SECOND);
  });

  it('shows why: a synchronous run resumes the program only after the batch, too late', async () => {
    const s = new Scheduler();
    const sock = new FakeSocket(s);
    const log: string[] = [];
    void echoProgram(s, sock, new FakeSocket(s), log);
    s.at(10 * MS, () => sock.deliver('one'));
    s.runUntil(1 * SECOND);
    await nodeYield();
    expect(log).toEqual(['read one at 1000 ms']);
  });

  it('with quiet yield, runs events that a program schedules before any event happened', async () => {
    const s = new Scheduler();
    const log: string[] = [];
    void (async () => {
      await Promise.resolve();
      s.after(5 * MS, () => log.push(`timer at ${s.now / MS} ms`));
    })();
    await runUntilAsync(s, 1 * SECOND, nodeYield);
    expect(log).toEqual(['timer at 5 ms']);
  });

  it('without quiet yield, returns as soon as nothing is due', async () => {
    const s = new Scheduler();
    const log: string[] = [];
    const started = (async () => {
      await nodeYield(); // a macrotask away: only a quiet yield would wait for it
      s.after(5 * MS, () => log.push('late'));
    })();
    await runUntilAsync(s, 1 * SECOND, nodeYield, { quietYield: false });
    await started;
    expect(log).toEqual([]);
    expect(s.pending).toBe(1);
  });

  it('refuses programs that wake each other forever without time passing', async () => {
    const s = new Scheduler();
    let stop = false;
    void (async () => {
      while (!stop) {
        s.noteAsyncWake();
        await Promise.resolve();
      }
    })();
    s.noteAsyncWake();
    await expect(runUntilAsync(s, 1 * SECOND, () => Promise.resolve())).rejects.toThrow(/waking each other/);
    stop = true;
  });
});

describe('runUntilIdleAsync', () => {
  it('runs a request/response exchange to the end and leaves the clock at the last event', async () => {
    const s = new Scheduler();
    const sock = new FakeSocket(s);
    const peer = new FakeSocket(s);
    const log: string[] = [];
    const done = echoProgram(s, sock, peer, log);
    s.at(1 * MS, () => sock.deliver('a'));
    s.at(2 * MS, () => sock.deliver('b'));
    const n = await runUntilIdleAsync(s, undefined, nodeYield);
    await done;
    expect(log).toEqual(['read a at 1 ms', 'read b at 2 ms']);
    expect(n).toBe(4);
    expect(s.now).toBe(4 * MS);
  });

  it('stops before an event past the limit', async () => {
    const s = new Scheduler();
    s.at(1 * MS, () => {});
    s.at(3 * MS, () => {});
    expect(await runUntilIdleAsync(s, 2 * MS, nodeYield)).toBe(1);
    expect(s.nextTime()).toBe(3 * MS);
  });
});
