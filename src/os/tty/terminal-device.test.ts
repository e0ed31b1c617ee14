import { describe, it, expect } from 'vitest';
import { runUntilIdleAsync, type Yield } from '../../engine/async-drain.ts';
import { SECOND } from '../../engine/time.ts';
import { SIGINT, SIGWINCH, type ChildProcess, type Process } from '../program.ts';
import { testMachine, type TestMachine } from '../process/testing.ts';
import { TerminalDevice } from './terminal-device.ts';

const nodeYield: Yield = () => new Promise<void>((resolve) => setImmediate(resolve));
const decode = (b: Uint8Array): string => new TextDecoder().decode(b);

/** The screen as a string of everything the terminal showed. */
function screen(dev: TerminalDevice): () => string {
  let acc = '';
  dev.onOutput.on((b) => {
    acc += decode(b);
  });
  return () => acc;
}

/** `cat` with no argument: copies its input until end of file. */
const cat = async (p: Process): Promise<number> => {
  for (;;) {
    const c = await p.stdin.read();
    if (c === null) return 0;
    p.stdout.write(c);
  }
};

/** Starts `main` as the session leader on the terminal, in the foreground, like a login. */
function login(m: TestMachine, dev: TerminalDevice, main: (p: Process) => Promise<number>): ChildProcess {
  const c = m.table.fork(m.table.init, main, {
    setsid: true,
    tty: dev.name,
    stdin: dev.inputStream,
    stdout: dev.outputStream,
    stderr: dev.outputStream,
  } as Parameters<typeof m.table.fork>[2]);
  dev.sessionLeader = c.pid;
  dev.foregroundPgid = c.pid;
  return c;
}

async function settle(m: TestMachine): Promise<void> {
  await runUntilIdleAsync(m.scheduler, m.scheduler.now + 10 * SECOND, nodeYield);
}

/** Lines a program read, as JSON strings (null = end of file). */
function reader(lines: (string | null)[], count: number) {
  return async (p: Process): Promise<number> => {
    for (let i = 0; i < count; i++) {
      const c = await p.stdin.read();
      lines.push(c === null ? null : decode(c));
    }
    return 0;
  };
}

describe('canonical mode', () => {
  it('echoes typed keys, turns Enter into a newline and shows output lines with CR LF', async () => {
    const m = testMachine();
    const dev = m.terminal();
    const seen = screen(dev);
    login(m, dev, cat);
    await settle(m);
    dev.input('hello\r');
    await settle(m);
    expect(seen()).toBe('hello\r\nhello\r\n');
  });

  it('edits the line: Backspace erases with "\\b \\b", ^U kills the line, ^W a word', async () => {
    const m = testMachine();
    const dev = m.terminal();
    const seen = screen(dev);
    const lines: (string | null)[] = [];
    login(m, dev, reader(lines, 3));
    await settle(m);
    dev.input('hwl\x7f\x7fello\r');
    dev.input('rm -rf /\x15ls\r');
    dev.input('cat /etc/hosts\x17passwd\r');
    await settle(m);
    expect(lines).toEqual(['hello\n', 'ls\n', 'cat /etc/passwd\n']);
    expect(seen()).toContain('hwl\b \b\b \bello\r\n');
    expect(seen()).toContain('rm -rf /' + '\b \b'.repeat(8) + 'ls\r\n');
  });

  it('erases a whole UTF-8 character and the two columns of an echoed control character', async () => {
    const m = testMachine();
    const dev = m.terminal();
    const seen = screen(dev);
    const lines: (string | null)[] = [];
    login(m, dev, reader(lines, 1));
    await settle(m);
    dev.input('é\x01\x7f\x7fa\r');
    await settle(m);
    expect(lines).toEqual(['a\n']);
    expect(seen()).toBe('é^A\b \b\b \b\b \ba\r\n');
  });

  it('gives end of file for ^D at the start of a line, and the line without newline for ^D after text', async () => {
    const m = testMachine();
    const dev = m.terminal();
    const lines: (string | null)[] = [];
    login(m, dev, reader(lines, 3));
    await settle(m);
    dev.input('abc\x04');
    await settle(m);
    dev.input('\x04');
    await settle(m);
    dev.input('next\r');
    await settle(m);
    expect(lines).toEqual(['abc', null, 'next\n']);
  });

  it('queues lines typed ahead and hands them out one per read', async () => {
    const m = testMachine();
    const dev = m.terminal();
    const lines: (string | null)[] = [];
    dev.input('one\rtwo\r');
    login(m, dev, reader(lines, 2));
    await settle(m);
    expect(lines).toEqual(['one\n', 'two\n']);
  });
});

describe('signal keys', () => {
  it('^C echoes ^C and kills a foreground cat with SIGINT; the next line goes to the next reader', async () => {
    const m = testMachine();
    const dev = m.terminal();
    const seen = screen(dev);
    const statuses: number[] = [];
    const lines: (string | null)[] = [];
    login(m, dev, async (sh) => {
      const c = sh.fork(cat, { pgid: 0 });
      dev.foregroundPgid = c.pid;
      statuses.push(await c.wait());
      dev.foregroundPgid = sh.pgid;
      lines.push(decode((await sh.stdin.read())!));
      return 0;
    });
    await settle(m);
    expect(dev.readerWaiting).toBe(true);
    dev.input('par\x03');
    await settle(m);
    expect(statuses).toEqual([128 + SIGINT]);
    expect(seen()).toBe('par^C');
    dev.input('ls\r');
    await settle(m);
    expect(lines).toEqual(['ls\n']); // the killed cat's read was withdrawn, "par" was flushed
  });

  it('a program with a SIGINT handler survives ^C', async () => {
    const m = testMachine();
    const dev = m.terminal();
    const got: number[] = [];
    const lines: (string | null)[] = [];
    const c = login(m, dev, async (p) => {
      p.onSignal(SIGINT, (s) => got.push(s));
      return reader(lines, 1)(p);
    });
    await settle(m);
    dev.input('\x03');
    await settle(m);
    dev.input('still here\r');
    await settle(m);
    expect(got).toEqual([SIGINT]);
    expect(lines).toEqual(['still here\n']);
    expect(await c.wait()).toBe(0);
  });

  it('does not signal when ISIG is off: ^C is an ordinary byte', async () => {
    const m = testMachine();
    const dev = m.terminal();
    const chunks: string[] = [];
    login(m, dev, async (p) => {
      p.stdin.tty!.isig = false;
      p.stdin.tty!.canonical = false;
      chunks.push(decode((await p.stdin.read())!));
      return 0;
    });
    await settle(m);
    dev.input('\x03');
    await settle(m);
    expect(chunks).toEqual(['\x03']);
  });

  it('a resize sends SIGWINCH to the foreground group and updates the size', async () => {
    const m = testMachine();
    const dev = m.terminal();
    const got: number[] = [];
    login(m, dev, async (p) => {
      p.onSignal(SIGWINCH, () => got.push(p.stdout.tty!.columns));
      await p.sleep(100 * SECOND);
      return 0;
    });
    await settle(m);
    dev.resize(132, 43);
    await settle(m);
    expect(got).toEqual([132]);
    expect(dev.rows).toBe(43);
  });
});

describe('raw mode', () => {
  it('passes bytes unchanged, without echo, signals or CR translation, one read per burst', async () => {
    const m = testMachine();
    const dev = m.terminal();
    const seen = screen(dev);
    const chunks: string[] = [];
    login(m, dev, async (p) => {
      p.stdin.tty!.setRaw(true);
      for (let i = 0; i < 2; i++) chunks.push(decode((await p.stdin.read())!));
      p.stdin.tty!.setRaw(false);
      return 0;
    });
    await settle(m);
    dev.input('\x1b[A');
    await settle(m);
    dev.input('\x03\r\x7f');
    await settle(m);
    expect(chunks).toEqual(['\x1b[A', '\x03\r\x7f']);
    expect(seen()).toBe('');
    expect(dev.canonical).toBe(true);
  });

  it('keeps output processing (ONLCR) in raw mode', async () => {
    const m = testMachine();
    const dev = m.terminal();
    const seen = screen(dev);
    login(m, dev, async (p) => {
      p.stdout.tty!.setRaw(true);
      p.stdout.write('a\nb');
      return 0;
    });
    await settle(m);
    expect(seen()).toBe('a\r\nb');
  });
});

describe('readerWaiting', () => {
  it('is true only while a foreground process waits for the keyboard', async () => {
    const m = testMachine();
    const dev = m.terminal();
    const lines: (string | null)[] = [];
    login(m, dev, async (p) => {
      await p.sleep(SECOND);
      return reader(lines, 1)(p);
    });
    await runUntilIdleAsync(m.scheduler, SECOND / 2, nodeYield);
    expect(dev.readerWaiting).toBe(false);
    await settle(m);
    expect(dev.readerWaiting).toBe(true);
    dev.input('x\r');
    await settle(m);
    expect(dev.readerWaiting).toBe(false);
    expect(lines).toEqual(['x\n']);
  });

  it('a background group does not get keyboard input', async () => {
    const m = testMachine();
    const dev = m.terminal();
    const bg: (string | null)[] = [];
    const fg: (string | null)[] = [];
    login(m, dev, async (sh) => {
      sh.fork(reader(bg, 1), { pgid: 0 }); // a job started with &
      await sh.sleep(SECOND);
      return reader(fg, 1)(sh);
    });
    await settle(m);
    dev.input('for the shell\r');
    await settle(m);
    expect(fg).toEqual(['for the shell\n']);
    expect(bg).toEqual([]);
  });

  it('hangup sends SIGHUP to the session and ends pending reads', async () => {
    const m = testMachine();
    const dev = m.terminal();
    const c = login(m, dev, cat);
    await settle(m);
    dev.hangup();
    await settle(m);
    expect(await c.wait()).toBe(128 + 1);
  });
});
