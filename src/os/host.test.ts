import { describe, it, expect } from 'vitest';
import { runUntilIdleAsync, type Yield } from '../engine/async-drain.ts';
import { Rng } from '../engine/rng.ts';
import { Scheduler } from '../engine/scheduler.ts';
import { SECOND } from '../engine/time.ts';
import { MemoryFileSystem } from './fs/memory-fs.ts';
import type { Credentials } from './fs/types.ts';
import { Host } from './host.ts';
import { fileOutput } from './process/file-streams.ts';
import { installProgram } from './process/executable.ts';
import type { Process } from './program.ts';
import { ProgramRegistry } from './programs-registry.ts';
import type { TerminalDevice } from './tty/terminal-device.ts';

const nodeYield: Yield = () => new Promise<void>((resolve) => setImmediate(resolve));
const ROOT: Credentials = { uid: 0, gid: 0, groups: [] };
const decode = (b: Uint8Array): string => new TextDecoder().decode(b);

/** A stand-in for bash: prints what it was started with, then runs "exit" or echoes lines. */
async function fakeBash(p: Process): Promise<number> {
  const env = ['HOME', 'USER', 'PATH', 'TERM', 'LANG'].map((k) => `${k}=${p.env.get(k)}`).join(' ');
  p.stdout.write(`${p.argv.join(' ')} uid=${p.cred.uid} groups=${p.cred.groups.join(',')} cwd=${p.cwd} ${env}\n`);
  for (;;) {
    p.stdout.write(p.cred.uid === 0 ? '# ' : '$ ');
    const line = await p.stdin.read();
    if (line === null || decode(line) === 'exit\n') return 0;
    p.stdout.write(`you said ${decode(line)}`);
  }
}

/** A small machine: accounts, homes and /bin/bash, without the whole Debian tree. */
function smallFs(scheduler: Scheduler): MemoryFileSystem {
  const fs = new MemoryFileSystem({ now: () => Date.UTC(2026, 0, 5) + scheduler.now / 1e6 });
  fs.mkdir('/etc', ROOT);
  fs.writeFile('/etc/passwd', 'root:x:0:0:root:/root:/bin/bash\netudiant:x:1000:1000:Etudiant,,,:/home/etudiant:/bin/bash\n', ROOT);
  fs.writeFile('/etc/group', 'root:x:0:\nmail:x:8:etudiant\netudiant:x:1000:\n', ROOT);
  fs.mkdir('/root', ROOT, { mode: 0o700 });
  fs.mkdir('/home/etudiant', ROOT, { parents: true });
  fs.chown('/home/etudiant', 1000, 1000, ROOT);
  installProgram(fs, '/bin/bash', 'bash');
  return fs;
}

function machine(): { host: Host; scheduler: Scheduler } {
  const scheduler = new Scheduler();
  const registry = new ProgramRegistry().register('bash', fakeBash);
  const host = new Host({ hostname: 'S54', scheduler, rng: new Rng(7), registry, fs: smallFs(scheduler) });
  host.boot();
  return { host, scheduler };
}

function screen(dev: TerminalDevice): () => string {
  let acc = '';
  dev.onOutput.on((b) => {
    acc += decode(b);
  });
  return () => acc;
}

const settle = (s: Scheduler): Promise<number> => runUntilIdleAsync(s, s.now + 10 * SECOND, nodeYield);

describe('Host.openTerminal', () => {
  it('starts root login shell (argv -bash) in /root on pts/0 with the login environment', async () => {
    const { host, scheduler } = machine();
    const dev = host.openTerminal();
    const seen = screen(dev);
    await settle(scheduler);
    expect(dev.name).toBe('pts/0');
    expect(seen()).toBe(
      '-bash uid=0 groups=0 cwd=/root HOME=/root USER=root ' +
        'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin TERM=xterm-256color LANG=C.UTF-8\r\n# ',
    );
    expect(dev.readerWaiting).toBe(true);
    const shell = host.processes.list().find((p) => p.comm === 'bash')!;
    expect(shell).toMatchObject({ ppid: 1, tty: 'pts/0', sessionLeader: true, foreground: true, argv: ['-bash'] });
    expect(shell.pid).toBeGreaterThanOrEqual(300);
  });

  it('logs a user in with their groups, home and PATH, on the next free pts', async () => {
    const { host, scheduler } = machine();
    host.openTerminal();
    const dev = host.openTerminal({ user: 'etudiant' });
    const seen = screen(dev);
    await settle(scheduler);
    expect(dev.name).toBe('pts/1');
    expect(seen()).toContain('uid=1000 groups=1000,8 cwd=/home/etudiant HOME=/home/etudiant USER=etudiant PATH=/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games');
    dev.input('hello\r');
    await settle(scheduler);
    expect(seen()).toContain('$ hello\r\nyou said hello\r\n$ ');
  });

  it('ends the session when the shell exits: the terminal closes and its pts is free again', async () => {
    const { host, scheduler } = machine();
    const dev = host.openTerminal();
    const ended: number[] = [];
    dev.onSessionEnd.on((s) => ended.push(s));
    await settle(scheduler);
    dev.input('exit\r');
    await settle(scheduler);
    expect(ended).toEqual([0]);
    expect(dev.closed).toBe(true);
    expect(host.openTerminal().name).toBe('pts/0');
  });
});

describe('Host', () => {
  it('builds a Debian base tree by default, where /bin/bash (through the /bin -> usr/bin link) logs in', async () => {
    const scheduler = new Scheduler();
    const host = new Host({ hostname: 'debian-12-GNS3', scheduler, rng: new Rng(3), registry: new ProgramRegistry().register('bash', fakeBash) });
    installProgram(host.fs, '/usr/bin/bash', 'bash');
    host.boot();
    const hostname = host.fs.readFile('/etc/hostname', ROOT);
    expect(hostname.ok && decode(hostname.value)).toBe('debian-12-GNS3\n');
    const dev = host.openTerminal();
    const seen = screen(dev);
    await settle(scheduler);
    expect(seen()).toMatch(/^-bash uid=0 groups=0 cwd=\/root /);
  });

  it('turns forwarding on when root writes 1 to /proc/sys/net/ipv4/ip_forward', () => {
    const { host } = machine();
    expect(host.net.ipForward).toBe(false);
    const out = fileOutput(host.fs, '/proc/sys/net/ipv4/ip_forward', ROOT, false);
    if (out.ok) out.value.write('1\n');
    expect(host.net.ipForward).toBe(true);
  });

  it('closes the sockets of a process that a signal ends', async () => {
    const { host, scheduler } = machine();
    host.registry.register('server', async (p) => {
      const s = p.host.net.udp.open();
      s.owner = { pid: p.pid, name: p.comm };
      s.bind(0, 5353);
      p.host.net.tcp.listen({ port: 25, owner: { pid: p.pid, name: p.comm } });
      await p.sleep(1000 * SECOND);
      return 0;
    });
    installProgram(host.fs, '/usr/sbin/server', 'server');
    const c = host.spawn(['/usr/sbin/server']);
    if ('error' in c) throw new Error(c.error);
    await settle(scheduler);
    expect(host.net.udp.sockets().map((s) => s.localPort)).toEqual([5353]);
    expect(host.net.tcp.listeners().map((l) => l.localPort)).toEqual([25]);
    c.kill(15);
    await settle(scheduler);
    expect(host.net.udp.sockets()).toEqual([]);
    expect(host.net.tcp.listeners()).toEqual([]);
  });

  it('gives wall-clock time from the start date plus virtual time', async () => {
    const scheduler = new Scheduler();
    const host = new Host({
      hostname: 'h',
      scheduler,
      rng: new Rng(1),
      registry: new ProgramRegistry(),
      fs: smallFs(scheduler),
      startEpochMs: Date.UTC(2026, 10, 7, 15, 10, 33),
    });
    scheduler.runUntil(90 * SECOND);
    expect(new Date(host.wallTimeMs()).toISOString()).toBe('2026-11-07T15:12:03.000Z');
  });

  it('serializes its file system and comes back from it, /proc mounted again', () => {
    const { host, scheduler } = machine();
    host.fs.writeFile('/root/notes', 'kept\n', ROOT);
    const snap = JSON.parse(JSON.stringify(host.serialize()));
    const r = Host.restore(snap, { scheduler, rng: new Rng(7), registry: host.registry });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const again = r.host;
    expect(again.hostname).toBe('S54');
    const notes = again.fs.readFile('/root/notes', ROOT);
    expect(notes.ok && decode(notes.value)).toBe('kept\n');
    again.net.ipForward = true;
    const fwd = again.fs.readFile('/proc/sys/net/ipv4/ip_forward', ROOT);
    expect(fwd.ok && decode(fwd.value)).toBe('1\n');
  });
});
