// Runs programs on a real simulated Debian host (Host: Debian base tree, process table, service
// manager, optional syslog) in tests: with captured stdout/stderr, or on a real pseudo-terminal
// (TerminalDevice with its line discipline) fed with keys each time the program waits for the
// keyboard. Virtual time advances only through the scheduler.
import { runUntilIdleAsync, type Yield } from '../../engine/async-drain.ts';
import { Rng } from '../../engine/rng.ts';
import { Scheduler } from '../../engine/scheduler.ts';
import { SECOND } from '../../engine/time.ts';
import type { Credentials } from '../../os/fs/types.ts';
import { Host } from '../../os/host.ts';
import { BytesInput } from '../../os/process/streams.ts';
import type { OutputStream, Program } from '../../os/program.ts';
import { ProgramRegistry } from '../../os/programs-registry.ts';
import { installServiceManager } from '../../os/services/host-services.ts';
import type { ServiceManager, SyslogSink } from '../../os/services/service-manager.ts';
import type { SyslogMessage } from '../../os/syslog/syslog.ts';
import { TerminalDevice } from '../../os/tty/terminal-device.ts';
import { UserDb } from '../../os/users/user-db.ts';

/**
 * A macrotask yield so every chained continuation runs (tests only, in Node; the browser and the
 * simulation use their own driver): Node's setImmediate, reached without its typings.
 */
const nodeGlobals = globalThis as unknown as { setImmediate: (fn: () => void) => void };
export const nodeYield: Yield = () => new Promise<void>((resolve) => nodeGlobals.setImmediate(resolve));
const dec = new TextDecoder();

export interface RunOnHostOptions {
  /** Run as this user (credentials from /etc/passwd and /etc/group); default root. */
  user?: string;
  env?: Record<string, string>;
  cwd?: string;
  /** stdin bytes when there is no terminal. */
  stdin?: string;
  /** Run on a terminal of this size; keys are typed one chunk per wait for input. */
  tty?: { columns: number; rows: number };
  /** Key chunks, or a window resize (the terminal then sends SIGWINCH to the foreground group). */
  keys?: readonly (string | Uint8Array | { resize: { columns: number; rows: number } })[];
  /** Give up after this many virtual seconds. */
  maxSeconds?: number;
}

export interface RunOnHostResult {
  code: number;
  /** Without a terminal: what stdout and stderr got. */
  stdout: string;
  stderr: string;
  /** With a terminal: every byte the screen received (echo included), and keys left unused. */
  screen: string;
  screenBytes: Uint8Array[];
  keysLeft: number;
}

export class TestHost {
  readonly scheduler = new Scheduler();
  readonly registry = new ProgramRegistry();
  readonly host: Host;
  readonly services: ServiceManager;
  /** What went to syslog (systemd's lines, auth.log lines). */
  readonly logged: SyslogMessage[] = [];

  constructor(hostname = 'vm', opts: { lang?: string } = {}) {
    const syslog: SyslogSink = { log: (m) => this.logged.push(m) };
    this.host = new Host({ hostname, scheduler: this.scheduler, rng: new Rng(42), registry: this.registry, lang: opts.lang, startEpochMs: Date.UTC(2026, 10, 22, 3, 33, 55) });
    (this.host as unknown as { syslog: SyslogSink }).syslog = syslog;
    this.services = installServiceManager(this.host, syslog);
  }

  register(name: string, program: Program): this {
    this.registry.register(name, program);
    return this;
  }

  async settle(seconds = 5): Promise<void> {
    await nodeYield();
    await runUntilIdleAsync(this.scheduler, this.scheduler.now + seconds * SECOND, nodeYield);
  }

  credentials(user: string): Credentials {
    const c = UserDb.load(this.host.fs).credentialsOf(user);
    if (c === null) throw new Error(`test host: no user ${user}`);
    return c;
  }

  read(path: string): string {
    const r = this.host.fs.readFile(path, { uid: 0, gid: 0, groups: [] });
    return r.ok ? dec.decode(r.value) : `<${r.errno}>`;
  }

  async run(program: Program, argv: readonly string[], opts: RunOnHostOptions = {}): Promise<RunOnHostResult> {
    const user = opts.user ?? 'root';
    const cred = this.credentials(user);
    const home = UserDb.load(this.host.fs).userByName(user)?.home ?? '/';
    const env = new Map<string, string>([
      ['HOME', home], ['USER', user], ['LOGNAME', user], ['PATH', cred.uid === 0 ? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' : '/usr/local/bin:/usr/bin:/bin'],
      ['LANG', 'C.UTF-8'], ['TERM', 'xterm-256color'],
      ...Object.entries(opts.env ?? {}),
    ]);
    const table = this.host.processes;
    const out: Uint8Array[] = [];
    const err: Uint8Array[] = [];
    const screen: Uint8Array[] = [];
    const keys = [...(opts.keys ?? [])];
    let dev: TerminalDevice | null = null;
    const sink = (list: Uint8Array[]): OutputStream => ({
      tty: null,
      write: (d) => list.push(typeof d === 'string' ? new TextEncoder().encode(d) : d.slice()),
      close() {},
    });
    let child;
    if (opts.tty) {
      dev = new TerminalDevice({ name: 'pts/9', scheduler: this.scheduler, signalGroup: (g, s) => table.signalGroup(g, s), columns: opts.tty.columns, rows: opts.tty.rows });
      table.registerTerminal(dev);
      dev.onOutput.on((b) => screen.push(b));
      child = table.fork(table.init, program, {
        argv, cred, env, cwd: opts.cwd ?? home, stdin: dev.inputStream, stdout: dev.outputStream, stderr: dev.outputStream, setsid: true, tty: 'pts/9',
      } as Parameters<typeof table.fork>[2]);
      dev.foregroundPgid = child.pid;
    } else {
      child = table.fork(table.init, program, {
        argv, cred, env, cwd: opts.cwd ?? home, stdin: new BytesInput(opts.stdin ?? ''), stdout: sink(out), stderr: sink(err), setsid: true,
      });
    }
    let code: number | null = null;
    void child.wait().then((c) => (code = c));
    const limit = this.scheduler.now + (opts.maxSeconds ?? 600) * SECOND;
    while (code === null && this.scheduler.now <= limit) {
      await this.settle(2);
      if (code !== null) break;
      if (dev !== null && dev.readerWaiting && keys.length > 0) {
        const k = keys.shift()!;
        if (typeof k === 'object' && 'resize' in k) dev.resize(k.resize.columns, k.resize.rows);
        else dev.input(k);
        continue;
      }
      if (this.scheduler.nextTime() === undefined) {
        if (dev !== null && dev.readerWaiting) break; // waits for keys nobody types
        await this.settle(2);
        if (code === null && this.scheduler.nextTime() === undefined) break;
      }
    }
    if (dev !== null) table.unregisterTerminal('pts/9');
    const join = (l: Uint8Array[]) => dec.decode(concat(l));
    return { code: code ?? -1, stdout: join(out), stderr: join(err), screen: join(screen), screenBytes: screen, keysLeft: keys.length };
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const o = new Uint8Array(n);
  let i = 0;
  for (const p of parts) {
    o.set(p, i);
    i += p.length;
  }
  return o;
}

/** The screen text with CR LF turned into LF (what a transcript shows). */
export function lf(s: string): string {
  return s.replace(/\r\n/g, '\n');
}
