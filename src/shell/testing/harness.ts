// A machine for the shell's tests: the OS's bare test machine (process table, memory file
// system, terminals) with bash, sh and a few stand-in programs installed, /etc/passwd with root
// and etudiant. Runs scripts with captured output, or a login shell on a terminal fed with keys.
import { runUntilAsync, runUntilIdleAsync, type Yield } from '../../engine/async-drain.ts';
import type { Credentials } from '../../os/fs/types.ts';
import { installProgram } from '../../os/process/executable.ts';
import type { SharedOutput } from '../../os/process/streams.ts';
import { BytesInput } from '../../os/process/streams.ts';
import { testMachine, type TestMachine } from '../../os/process/testing.ts';
import type { TerminalDevice } from '../../os/tty/terminal-device.ts';
import { bashProgram, shProgram } from '../bash.ts';
import { TEST_PROGRAMS } from './programs.ts';

export const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };
export const ETUDIANT: Credentials = { uid: 1000, gid: 1000, groups: [1000] };
const SECOND = 1_000_000_000;

export interface RunResult {
  stdout: string;
  stderr: string;
  status: number;
}

export interface RunOptions {
  stdin?: string;
  cred?: Credentials;
  cwd?: string;
  env?: Record<string, string>;
  /** Virtual seconds to let pass at most. */
  seconds?: number;
}

class Capture implements SharedOutput {
  readonly tty = null;
  private readonly chunks: Uint8Array[] = [];
  write(data: Uint8Array | string): void {
    this.chunks.push(typeof data === 'string' ? new TextEncoder().encode(data) : data.slice());
  }
  close(): void {}
  dup(): SharedOutput {
    return this;
  }
  text(): string {
    return this.chunks.map((c) => new TextDecoder().decode(c)).join('');
  }
}

export class ShellMachine {
  readonly m: TestMachine;

  constructor(private readonly yieldFn: Yield) {
    this.m = testMachine();
    const fs = this.m.fs;
    this.m.install('bash', bashProgram);
    this.m.install('sh', shProgram);
    installProgram(fs, '/bin/bash', 'bash');
    installProgram(fs, '/bin/sh', 'sh');
    for (const [name, program] of Object.entries(TEST_PROGRAMS)) this.m.install(name, program);
    for (const d of ['/etc', '/var/log']) fs.mkdir(d, ROOT, { parents: true });
    this.write('/etc/passwd', 'root:x:0:0:root:/root:/bin/bash\netudiant:x:1000:1000:Etudiant,,,:/home/etudiant:/bin/bash\n');
    this.write('/etc/group', 'root:x:0:\netudiant:x:1000:\n');
  }

  get fs() {
    return this.m.fs;
  }

  write(path: string, content: string, mode = 0o644, cred: Credentials = ROOT): void {
    const r = this.fs.writeFile(path, content, cred, { mode });
    if (!r.ok) throw new Error(`write ${path}: ${r.errno}`);
    this.fs.chmod(path, mode, cred);
  }

  read(path: string): string | null {
    const r = this.fs.readFile(path, ROOT);
    return r.ok ? new TextDecoder().decode(r.value) : null;
  }

  async settle(seconds: number): Promise<void> {
    const s = this.m.scheduler;
    await this.yieldFn();
    await runUntilIdleAsync(s, s.now + seconds * SECOND, this.yieldFn);
  }

  /** Lets `seconds` of virtual time pass (the clock moves even when nothing happens). */
  async wait(seconds: number): Promise<void> {
    const s = this.m.scheduler;
    await this.yieldFn();
    await runUntilAsync(s, s.now + seconds * SECOND, this.yieldFn);
  }

  /** Runs argv (e.g. ['bash', '-c', script]) to its end with captured stdout and stderr. */
  async run(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    const out = new Capture();
    const err = new Capture();
    const cred = opts.cred ?? ROOT;
    const home = cred.uid === 0 ? '/root' : '/home/etudiant';
    const env = new Map<string, string>([
      ['PATH', '/usr/local/bin:/usr/bin:/bin'],
      ['HOME', home],
      ['LANG', 'C.UTF-8'],
      ...Object.entries(opts.env ?? {}),
    ]);
    const child = this.m.table.spawn(this.m.table.init, argv, {
      stdin: new BytesInput(opts.stdin ?? ''),
      stdout: out,
      stderr: err,
      env,
      cwd: opts.cwd ?? home,
      cred,
    });
    if ('error' in child) throw new Error(`spawn ${argv[0]}: ${child.error}`);
    let status: number | null = null;
    void child.wait().then((s) => {
      status = s;
    });
    await this.settle(opts.seconds ?? 60);
    if (status === null) throw new Error(`${argv.join(' ')}: still running`);
    return { stdout: out.text(), stderr: err.text(), status };
  }

  bash(script: string, opts: RunOptions = {}): Promise<RunResult> {
    return this.run(['bash', '-c', script], opts);
  }

  sh(script: string, opts: RunOptions = {}): Promise<RunResult> {
    return this.run(['sh', '-c', script], opts);
  }

  /** A login shell (`-bash`) on a new terminal, as Host.openTerminal starts one. */
  async login(opts: { cred?: Credentials; argv0?: string; path?: string; env?: Record<string, string>; columns?: number } = {}): Promise<Session> {
    const dev = this.m.terminal();
    if (opts.columns) dev.resize(opts.columns, dev.rows);
    const cred = opts.cred ?? ROOT;
    const home = cred.uid === 0 ? '/root' : '/home/etudiant';
    const env = new Map<string, string>([
      ['PATH', '/usr/local/bin:/usr/bin:/bin'],
      ['HOME', home],
      ['USER', cred.uid === 0 ? 'root' : 'etudiant'],
      ['TERM', 'xterm-256color'],
      ['LANG', 'C.UTF-8'],
      ...Object.entries(opts.env ?? {}),
    ]);
    const child = this.m.table.spawn(this.m.table.init, [opts.argv0 ?? '-bash'], {
      path: opts.path ?? '/bin/bash',
      cred,
      env,
      cwd: home,
      stdin: dev.inputStream,
      stdout: dev.outputStream,
      stderr: dev.outputStream,
      setsid: true,
      tty: dev.name,
    } as Parameters<TestMachine['table']['spawn']>[2]);
    if ('error' in child) throw new Error(`login: ${child.error}`);
    dev.sessionLeader = child.pid;
    dev.foregroundPgid = child.pid;
    const session = new Session(this, dev, child.pid);
    void child.wait().then((s) => {
      session.status = s;
    });
    await this.settle(2);
    return session;
  }
}

/** A terminal with a shell on it: type keys, read the screen. */
export class Session {
  private bytes: number[] = [];
  status: number | null = null;

  constructor(
    private readonly machine: ShellMachine,
    readonly dev: TerminalDevice,
    readonly pid: number,
  ) {
    dev.onOutput.on((b) => {
      for (const x of b) this.bytes.push(x);
    });
  }

  /** Everything the screen received so far, raw (ANSI included). */
  get raw(): string {
    return new TextDecoder().decode(new Uint8Array(this.bytes));
  }

  /** The screen output with CR removed (escape sequences kept). */
  get screen(): string {
    return this.raw.replace(/\r/g, '');
  }

  clear(): void {
    this.bytes = [];
  }

  /** Types keys (bytes as a terminal sends them; Enter is "\r") and lets the host settle. */
  async type(keys: string, seconds = 5): Promise<string> {
    const before = this.bytes.length;
    this.dev.input(keys);
    await this.machine.settle(seconds);
    return new TextDecoder().decode(new Uint8Array(this.bytes.slice(before)));
  }
}
