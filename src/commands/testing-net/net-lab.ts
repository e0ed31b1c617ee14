// Test harness for the network programs: real simulated Debian hosts (Host: base tree, process
// table, terminals) whose stacks share one scheduler and talk through Ethernet switches, like a
// scenario does. Programs run as processes of a host, with stdout/stderr captured or on a real
// terminal; tests type keys and send ^C at chosen virtual times. Every frame the stacks send is
// checked against our codecs (what tshark will read).
import { runUntilAsync, type Yield } from '../../engine/async-drain.ts';
import { EthernetSwitch, type LinkOptions } from '../../engine/ethernet-switch.ts';
import { Rng } from '../../engine/rng.ts';
import { Scheduler } from '../../engine/scheduler.ts';
import { SECOND } from '../../engine/time.ts';
import { Host } from '../../os/host.ts';
import { Pipe } from '../../os/process/pipe.ts';
import { SIGINT, type OutputStream, type Program } from '../../os/program.ts';
import { ProgramRegistry } from '../../os/programs-registry.ts';
import { TerminalDevice } from '../../os/tty/terminal-device.ts';
import { UserDb } from '../../os/users/user-db.ts';
import { NetworkStack } from '../../stack/host-stack.ts';
import { checkFrame } from '../../stack/testing/lab.ts';
import { parseCidr, parseIpv4, type Ipv4 } from '../../wire/addr.ts';

const dec = new TextDecoder();
const enc = new TextEncoder();

export interface NicSpec {
  /** The switch its cable goes to; none leaves it unplugged (NO-CARRIER). */
  net?: EthernetSwitch;
  /** "a.b.c.d/n" (configured as ifupdown does, with its broadcast); none leaves it unaddressed. */
  address?: string;
  name?: string;
  /** Default 02:00:00:00:00:NN in creation order. */
  mac?: number;
}

export interface HostSpec {
  gateway?: string;
  forward?: boolean;
  /** Extra lines for /etc/hosts. */
  hosts?: string;
}

export interface StartOptions {
  /** Run as this user of /etc/passwd (default root). */
  user?: string;
  /** A terminal (default 80x24) for stdin/stdout/stderr; else pipes. */
  tty?: boolean | { columns: number; rows: number };
  env?: Record<string, string>;
}

function ip(s: string): Ipv4 {
  const a = parseIpv4(s);
  if (a === null) throw new Error(`bad address ${s}`);
  return a;
}

export class NetLab {
  /** `yieldFn` lets pending promise chains run (tests pass a setImmediate-based one). */
  constructor(private readonly yieldFn: Yield) {}

  readonly scheduler = new Scheduler();
  readonly rng = new Rng('net-lab');
  readonly registry = new ProgramRegistry();
  readonly hosts = new Map<string, LabHost>();
  private readonly problems: string[] = [];
  private nextMac = 1;

  network(name: string, opts?: LinkOptions): EthernetSwitch {
    return new EthernetSwitch(this.scheduler, name, opts);
  }

  host(name: string, nics: NicSpec[], spec: HostSpec = {}): LabHost {
    const rng = this.rng.fork(`host:${name}`);
    const net = new NetworkStack({ scheduler: this.scheduler, rng: rng.fork('net'), hostname: name });
    nics.forEach((n, i) => {
      const dev = net.addInterface(n.name ?? `eth${i}`, n.mac ?? 0x020000000000 + this.nextMac++);
      if (n.net !== undefined) dev.connect(n.net);
      if (n.address !== undefined) {
        const c = parseCidr(n.address);
        if (c === null) throw new Error(`bad CIDR ${n.address}`);
        dev.addAddress(c.address, c.prefix);
      }
    });
    if (spec.gateway !== undefined) net.routes.add({ dest: 0, prefix: 0, gateway: ip(spec.gateway) });
    net.ipForward = spec.forward === true;
    net.onFrame.on((e) => {
      if (e.direction !== 'out') return;
      const p = checkFrame(e.frame);
      if (p !== null) this.problems.push(`${name} ${e.iface}: ${p}`);
    });
    const host = new Host({ hostname: name, scheduler: this.scheduler, rng, registry: this.registry, net, startEpochMs: Date.UTC(2026, 10, 22, 3, 33, 55) });
    if (spec.hosts !== undefined) {
      const root = { uid: 0, gid: 0, groups: [0] };
      const cur = host.fs.readFile('/etc/hosts', root);
      const text = cur.ok ? dec.decode(cur.value) : '';
      host.fs.writeFile('/etc/hosts', text + spec.hosts, root);
    }
    host.boot();
    const lh = new LabHost(this, host);
    this.hosts.set(name, lh);
    return lh;
  }

  /** Advances virtual time by `seconds`, letting programs run at each event. */
  async run(seconds: number): Promise<void> {
    await this.yieldFn();
    await runUntilAsync(this.scheduler, this.scheduler.now + Math.round(seconds * SECOND), this.yieldFn);
  }

  /** Frames our codecs refuse (a test asserts this stays empty). */
  frameProblems(): string[] {
    return [...this.problems];
  }
}

export class LabHost {
  constructor(
    readonly lab: NetLab,
    readonly host: Host,
  ) {}

  get net(): NetworkStack {
    return this.host.net;
  }

  /** Starts `program` as a child of init; drive time with `lab.run` or `until`. */
  start(program: Program, argv: readonly string[], opts: StartOptions = {}): RunningProgram {
    return new RunningProgram(this, program, argv, opts);
  }

  /** Runs a program to its end (at most `maxSeconds` of virtual time). */
  async run(program: Program, argv: readonly string[], opts: StartOptions & { maxSeconds?: number } = {}): Promise<RunningProgram> {
    const p = this.start(program, argv, opts);
    await p.until(() => p.code !== null, opts.maxSeconds ?? 120);
    return p;
  }
}

let ttyCount = 0;

export class RunningProgram {
  code: number | null = null;
  readonly pid: number;
  private readonly out: Uint8Array[] = [];
  private readonly err: Uint8Array[] = [];
  /** stdout and stderr in the order they were written (what a terminal would show). */
  private readonly both: Uint8Array[] = [];
  private readonly screenBytes: Uint8Array[] = [];
  readonly terminal: TerminalDevice | null = null;
  private readonly stdinPipe: Pipe | null = null;

  constructor(
    readonly where: LabHost,
    program: Program,
    argv: readonly string[],
    opts: StartOptions,
  ) {
    const host = where.host;
    const table = host.processes;
    const user = opts.user ?? 'root';
    const db = UserDb.load(host.fs);
    const cred = db.credentialsOf(user);
    if (cred === null) throw new Error(`no user ${user}`);
    const home = db.userByName(user)?.home ?? '/';
    const env = new Map<string, string>([
      ['HOME', home],
      ['USER', user],
      ['LOGNAME', user],
      ['PATH', cred.uid === 0 ? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' : '/usr/local/bin:/usr/bin:/bin'],
      ['LANG', 'C.UTF-8'],
      ['TERM', 'xterm-256color'],
      ...Object.entries(opts.env ?? {}),
    ]);
    const comm = (argv[0] ?? '').split('/').pop() ?? '';
    const sink = (list: Uint8Array[]): OutputStream => ({
      tty: null,
      write: (d) => {
        const bytes = typeof d === 'string' ? enc.encode(d) : d.slice();
        list.push(bytes);
        this.both.push(bytes);
      },
      close() {},
    });
    if (opts.tty) {
      const size = opts.tty === true ? { columns: 80, rows: 24 } : opts.tty;
      const name = `pts/${10 + ttyCount++}`;
      const dev = new TerminalDevice({ name, scheduler: host.scheduler, signalGroup: (g, s) => table.signalGroup(g, s), ...size });
      table.registerTerminal(dev);
      dev.onOutput.on((b) => this.screenBytes.push(b));
      this.terminal = dev;
      const child = table.fork(table.init, program, {
        argv, comm, cred, env, cwd: home, stdin: dev.inputStream, stdout: dev.outputStream, stderr: dev.outputStream, setsid: true, tty: name,
      } as Parameters<typeof table.fork>[2]);
      dev.foregroundPgid = child.pid;
      this.pid = child.pid;
      void child.wait().then((c) => (this.code = c));
    } else {
      this.stdinPipe = new Pipe(host.scheduler);
      const child = table.fork(table.init, program, {
        argv, comm, cred, env, cwd: home, stdin: this.stdinPipe.reader, stdout: sink(this.out), stderr: sink(this.err), setsid: true,
      });
      this.pid = child.pid;
      void child.wait().then((c) => (this.code = c));
    }
  }

  get stdout(): string {
    return dec.decode(concat(this.out));
  }

  get stderr(): string {
    return dec.decode(concat(this.err));
  }

  /** stdout and stderr interleaved as written. */
  get output(): string {
    return dec.decode(concat(this.both));
  }

  /** What the terminal showed, line ends as LF (a transcript's view: CR CR LF looks like CR LF). */
  get screen(): string {
    return dec.decode(concat(this.screenBytes)).replace(/\r+\n/g, '\n');
  }

  /** Keys on the terminal (Enter is "\r"), or bytes into the stdin pipe. */
  type(data: string | Uint8Array): void {
    if (this.terminal !== null) this.terminal.input(data);
    else this.stdinPipe!.writer.write(data);
  }

  /** End of input: ^D on the terminal, or the pipe's writer closes. */
  endInput(): void {
    if (this.terminal !== null) this.terminal.input('\x04');
    else this.stdinPipe!.writer.close();
  }

  /** ^C: SIGINT to the program (through the terminal when it has one). */
  interrupt(): void {
    if (this.terminal !== null) this.terminal.input('\x03');
    else this.where.host.processes.signalGroup(this.pid, SIGINT);
  }

  /** Runs virtual time until `cond` holds or `maxSeconds` passed (in steps of 10 ms). */
  async until(cond: () => boolean, maxSeconds = 60): Promise<void> {
    const lab = this.where.lab;
    const limit = lab.scheduler.now + maxSeconds * SECOND;
    await lab.run(0);
    while (!cond() && lab.scheduler.now < limit) {
      const next = lab.scheduler.nextTime();
      if (next === undefined) {
        await lab.run(0);
        if (cond() || lab.scheduler.nextTime() === undefined) break;
        continue;
      }
      await lab.run(Math.max(0.001, Math.min((next - lab.scheduler.now) / SECOND, 1)));
    }
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

/**
 * The recordings' machines asked a DNS server that answered NXDOMAIN ("Name or service not
 * known"); a test lab without one gets glibc's "Temporary failure" instead. Looking names up in
 * /etc/hosts only (nsswitch.conf `hosts: files`) gives the recorded NOTFOUND without a server.
 */
export function hostsFileOnly(lh: LabHost): void {
  const root = { uid: 0, gid: 0, groups: [0] };
  const cur = lh.host.fs.readFile('/etc/nsswitch.conf', root);
  const text = cur.ok ? new TextDecoder().decode(cur.value) : '';
  lh.host.fs.writeFile('/etc/nsswitch.conf', /^hosts:/m.test(text) ? text.replace(/^hosts:.*$/m, 'hosts:          files') : `${text}hosts:          files\n`, root);
}
