import { describe, it, expect } from 'vitest';
import { runUntilIdleAsync, type Yield } from '../../engine/async-drain.ts';
import { SECOND } from '../../engine/time.ts';
import { SIGINT, SIGKILL, SIGTERM, type ChildProcess, type Process, type SpawnError } from '../program.ts';
import { Pipe } from './pipe.ts';
import { readAll } from './streams.ts';
import { ETUDIANT, ROOT, testMachine, type TestMachine } from './testing.ts';

const nodeYield: Yield = () => new Promise<void>((resolve) => setImmediate(resolve));
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

/** Collects what a process writes. */
function sink(): { out: { tty: null; write(d: Uint8Array | string): void; close(): void }; text(): string } {
  let acc = '';
  return {
    out: {
      tty: null,
      write(d) {
        acc += typeof d === 'string' ? d : text(d);
      },
      close() {},
    },
    text: () => acc,
  };
}

function isChild(r: ChildProcess | SpawnError): r is ChildProcess {
  return !('error' in r);
}

const echo = async (p: Process): Promise<number> => {
  p.stdout.write(p.argv.slice(1).join(' ') + '\n');
  return 0;
};

function machine(): TestMachine {
  const m = testMachine();
  m.install('echo', echo);
  return m;
}

async function run(m: TestMachine, limit = 100 * SECOND): Promise<void> {
  await runUntilIdleAsync(m.scheduler, limit, nodeYield);
}

describe('spawn', () => {
  it('runs a registered program found through PATH, with a pid after init', async () => {
    const m = machine();
    const s = sink();
    const c = m.table.spawn(m.table.init, ['echo', 'hello', 'world'], {
      stdout: s.out,
      env: new Map([['PATH', '/usr/local/bin:/usr/bin:/bin']]),
    });
    expect(isChild(c)).toBe(true);
    const child = c as ChildProcess;
    expect(child.pid).toBe(400);
    await run(m);
    expect(await child.wait()).toBe(0);
    expect(s.text()).toBe('hello world\n');
  });

  it('reports ENOENT for a name nowhere in PATH and for a missing path', () => {
    const m = machine();
    const env = new Map([['PATH', '/usr/bin:/bin']]);
    expect(m.table.spawn(m.table.init, ['nosuch'], { env })).toEqual({ error: 'ENOENT', path: 'nosuch' });
    expect(m.table.spawn(m.table.init, ['./nosuch'], { env, cwd: '/tmp' })).toEqual({ error: 'ENOENT', path: './nosuch' });
  });

  it('reports EACCES for a file without the x bit, even for root, and EISDIR for a directory', () => {
    const m = machine();
    m.fs.writeFile('/tmp/notes', 'hello\n', ROOT, { mode: 0o644 });
    expect(m.table.spawn(m.table.init, ['/tmp/notes'], {})).toEqual({ error: 'EACCES', path: '/tmp/notes' });
    expect(m.table.spawn(m.table.init, ['/tmp'], {})).toEqual({ error: 'EISDIR', path: '/tmp' });
    // In PATH, a non-executable match is "Permission denied" only if nothing better is found.
    m.fs.writeFile('/tmp/tool', 'x', ROOT, { mode: 0o644 });
    const env = new Map([['PATH', '/tmp:/usr/bin']]);
    expect(m.table.spawn(m.table.init, ['tool'], { env })).toEqual({ error: 'EACCES', path: '/tmp/tool' });
  });

  it('checks the x bit of the caller: a 0700 root program is denied to a user', async () => {
    const m = machine();
    m.install('secret', echo, 0o700);
    const env = new Map([['PATH', '/usr/bin']]);
    expect(isChild(m.table.spawn(m.table.init, ['secret'], { env, stdout: sink().out }))).toBe(true);
    const s = sink();
    m.table.fork(m.table.init, async (p) => {
      p.stdout.write(JSON.stringify(p.spawn(['secret'], { env })));
      return 0;
    }, { cred: ETUDIANT, stdout: s.out });
    await run(m);
    expect(JSON.parse(s.text())).toEqual({ error: 'EACCES', path: '/usr/bin/secret' });
  });

  it('runs a #! script with its interpreter: argv is [interpreter, script, args...], comm is the script', async () => {
    const m = machine();
    const seen: { argv: readonly string[]; comm: string }[] = [];
    m.install('sh', async (p) => {
      seen.push({ argv: p.argv, comm: p.comm });
      return 3;
    });
    m.fs.writeFile('/tmp/init_machine.sh', '#!/usr/bin/sh\necho hi\n', ROOT, { mode: 0o755 });
    const c = m.table.spawn(m.table.init, ['./init_machine.sh', 'a', 'b'], { cwd: '/tmp' }) as ChildProcess;
    await run(m);
    expect(await c.wait()).toBe(3);
    expect(seen).toEqual([{ argv: ['/usr/bin/sh', './init_machine.sh', 'a', 'b'], comm: 'init_machine.sh' }]);
  });

  it('passes the #! optional argument as one word and reports a missing interpreter', async () => {
    const m = machine();
    const seen: (readonly string[])[] = [];
    m.install('sh', async (p) => {
      seen.push(p.argv);
      return 0;
    });
    m.fs.writeFile('/tmp/x', '#! /usr/bin/sh -e -x \n', ROOT, { mode: 0o755 });
    m.table.spawn(m.table.init, ['/tmp/x'], {});
    await run(m);
    expect(seen).toEqual([['/usr/bin/sh', '-e -x', '/tmp/x']]);
    m.fs.writeFile('/tmp/y', '#!/bin/nosuch\n', ROOT, { mode: 0o755 });
    expect(m.table.spawn(m.table.init, ['/tmp/y'], {})).toEqual({ error: 'ENOENT', path: '/tmp/y', interpreter: '/bin/nosuch' });
  });

  it('returns ENOEXEC for an executable that is neither a program nor a #! script', () => {
    const m = machine();
    m.fs.writeFile('/tmp/plain', 'echo hi\n', ROOT, { mode: 0o755 });
    expect(m.table.spawn(m.table.init, ['/tmp/plain'], {})).toEqual({ error: 'ENOEXEC', path: '/tmp/plain' });
  });

  it('runs a setuid program with the owner as effective user and the caller as real user', async () => {
    const m = machine();
    const seen: number[][] = [];
    m.install('passwd', async (p) => {
      seen.push([p.cred.uid, p.realCred.uid]);
      return 0;
    }, 0o4755);
    const s = sink();
    m.table.fork(m.table.init, async (p) => {
      const c = p.spawn(['/usr/bin/passwd']);
      return 'error' in c ? 1 : c.wait();
    }, { cred: ETUDIANT, stdout: s.out });
    await run(m);
    expect(seen).toEqual([[0, 1000]]);
  });

  it('gives a program that throws exit status 70 and one line on its stderr', async () => {
    const m = machine();
    m.install('buggy', async () => {
      throw new Error('boom');
    });
    const err = sink();
    const c = m.table.spawn(m.table.init, ['/usr/bin/buggy'], { stderr: err.out }) as ChildProcess;
    await run(m);
    expect(await c.wait()).toBe(70);
    expect(err.text()).toBe('buggy: internal error: boom\n');
  });
});

describe('signals', () => {
  it('terminates by default with status 128+signal and abandons the program', async () => {
    const m = machine();
    const out = sink();
    const c = m.table.fork(m.table.init, async (p) => {
      await p.sleep(10 * SECOND);
      p.stdout.write('too late\n');
      return 0;
    }, { stdout: out.out });
    m.scheduler.after(SECOND, () => c.kill(SIGTERM));
    await run(m);
    expect(await c.wait()).toBe(128 + SIGTERM);
    expect(c.termSignal).toBe(SIGTERM);
    expect(out.text()).toBe('');
    expect(m.scheduler.now).toBe(SECOND); // the abandoned sleep was cancelled
  });

  it('runs an installed handler instead, but SIGKILL cannot be caught', async () => {
    const m = machine();
    const got: number[] = [];
    const c = m.table.fork(m.table.init, async (p) => {
      p.onSignal(SIGINT, (s) => got.push(s));
      p.onSignal(SIGKILL, () => got.push(-1));
      await p.sleep(10 * SECOND);
      return 0;
    });
    m.scheduler.after(SECOND, () => c.kill(SIGINT));
    m.scheduler.after(2 * SECOND, () => c.kill(SIGKILL));
    await run(m);
    expect(got).toEqual([SIGINT]);
    expect(await c.wait()).toBe(128 + SIGKILL);
  });

  it('lets a user signal only their own processes (kill: Operation not permitted)', async () => {
    const m = machine();
    const rootDaemon = m.table.fork(m.table.init, (p) => p.sleep(100 * SECOND).then(() => 0));
    const userJob = m.table.fork(m.table.init, (p) => p.sleep(100 * SECOND).then(() => 0), { cred: ETUDIANT });
    const results: unknown[] = [];
    m.table.fork(m.table.init, async (p) => {
      results.push(p.kill(rootDaemon.pid, SIGTERM), p.kill(userJob.pid, SIGTERM), p.kill(99999, SIGTERM));
      return 0;
    }, { cred: ETUDIANT });
    await run(m, 10 * SECOND);
    expect(results).toEqual(['EPERM', null, 'ESRCH']);
    expect(m.table.get(rootDaemon.pid)?.state).toBe('S');
    expect(await userJob.wait()).toBe(128 + SIGTERM);
  });
});

describe('process table', () => {
  it('lists processes with what ps and netstat need, and keeps a zombie until wait()', async () => {
    const m = machine();
    let child: ChildProcess | null = null;
    const parent = m.table.fork(m.table.init, async (p) => {
      child = p.fork(async () => 5, { argv: ['worker'], comm: 'worker' });
      await p.sleep(SECOND);
      return 0;
    }, { argv: ['/usr/sbin/master'], comm: 'master', setsid: true });
    await run(m, SECOND / 2);
    const rows = m.table.list();
    expect(rows.map((r) => [r.pid, r.ppid, r.comm, r.state])).toEqual([
      [1, 0, 'systemd', 'S'],
      [400, 1, 'master', 'S'],
      [401, 400, 'worker', 'Z'],
    ]);
    expect(rows[1]).toMatchObject({ pgid: 400, sid: 400, sessionLeader: true, tty: null, argv: ['/usr/sbin/master'] });
    expect(await child!.wait()).toBe(5);
    expect(m.table.get(401)).toBeUndefined();
    await run(m);
    expect(await parent.wait()).toBe(0);
    expect(m.table.list().map((r) => r.pid)).toEqual([1]);
  });

  it('hands orphans to init', async () => {
    const m = machine();
    let orphan = 0;
    m.table.fork(m.table.init, async (p) => {
      orphan = p.fork((c) => c.sleep(10 * SECOND).then(() => 0)).pid;
      return 0;
    });
    await run(m, SECOND);
    expect(m.table.get(orphan)?.ppid).toBe(1);
    await run(m);
    expect(m.table.get(orphan)).toBeUndefined();
  });

  it('runs atExit hooks when a signal ends the process', async () => {
    const m = machine();
    const log: string[] = [];
    const c = m.table.fork(m.table.init, async (p) => {
      p.atExit(() => log.push('cleanup'));
      await p.sleep(10 * SECOND);
      return 0;
    });
    m.scheduler.after(SECOND, () => c.kill(SIGTERM));
    await run(m);
    expect(log).toEqual(['cleanup']);
  });
});

describe('virtual time', () => {
  it('sleeps in simulated time: a 5 s sleep ends at t = 5 s', async () => {
    const m = machine();
    const times: number[] = [];
    m.table.fork(m.table.init, async (p) => {
      await p.sleep(2 * SECOND);
      times.push(m.scheduler.now);
      await p.sleep(3 * SECOND);
      times.push(m.scheduler.now);
      return 0;
    });
    await run(m);
    expect(times).toEqual([2 * SECOND, 5 * SECOND]);
  });
});

describe('pipelines', () => {
  it('connects two programs with a pipe; the reader sees EOF when the writer exits', async () => {
    const m = machine();
    m.install('upper', async (p) => {
      const data = await readAll(p.stdin);
      p.stdout.write(text(data).toUpperCase());
      return 0;
    });
    m.install('count', async (p) => {
      for (let i = 1; i <= 3; i++) {
        p.stdout.write(`line ${i}\n`);
        await p.sleep(SECOND);
      }
      return 0;
    });
    const out = sink();
    const shell = m.table.fork(m.table.init, async (sh) => {
      const pipe = new Pipe(m.scheduler);
      const a = sh.spawn(['/usr/bin/count'], { stdout: pipe.writer }) as ChildProcess;
      const b = sh.spawn(['/usr/bin/upper'], { stdin: pipe.reader }) as ChildProcess;
      pipe.writer.close();
      pipe.reader.close();
      await a.wait();
      return b.wait();
    }, { stdout: out.out });
    await run(m);
    expect(await shell.wait()).toBe(0);
    expect(out.text()).toBe('LINE 1\nLINE 2\nLINE 3\n');
    expect(m.scheduler.now).toBe(3 * SECOND);
  });

  it('kills a writer with SIGPIPE once its reader is gone', async () => {
    const m = machine();
    m.install('yes', async (p) => {
      for (;;) {
        p.stdout.write('y\n');
        await p.sleep(SECOND);
      }
    });
    m.install('head1', async (p) => {
      const c = await p.stdin.read();
      p.stdout.write(c ?? new Uint8Array(0));
      return 0;
    });
    const out = sink();
    let status = -1;
    m.table.fork(m.table.init, async (sh) => {
      const pipe = new Pipe(m.scheduler);
      const a = sh.spawn(['/usr/bin/yes'], { stdout: pipe.writer }) as ChildProcess;
      const b = sh.spawn(['/usr/bin/head1'], { stdin: pipe.reader }) as ChildProcess;
      pipe.writer.close();
      pipe.reader.close();
      await b.wait();
      status = await a.wait();
      return 0;
    }, { stdout: out.out });
    await run(m);
    expect(out.text()).toBe('y\n');
    expect(status).toBe(128 + 13);
  });
});
