import { describe, it, expect } from 'vitest';
import { runUntilIdleAsync, type Yield } from '../../engine/async-drain.ts';
import { Rng } from '../../engine/rng.ts';
import { Scheduler } from '../../engine/scheduler.ts';
import { SECOND } from '../../engine/time.ts';
import { NetworkStack } from '../../stack/host-stack.ts';
import { MemoryFileSystem } from '../fs/memory-fs.ts';
import type { Credentials } from '../fs/types.ts';
import { ProcessTable } from '../process/process-table.ts';
import { SIGHUP, SIGKILL, type HostContext, type Process, type Program } from '../program.ts';
import { ProgramRegistry } from '../programs-registry.ts';
import type { SyslogMessage } from '../syslog/syslog.ts';
import { daemonTable } from './daemon-table.ts';
import { formatJournalLine } from './journal.ts';
import { ServiceManager } from './service-manager.ts';
import type { UnitDefinition } from './unit.ts';

const nodeYield: Yield = () => new Promise<void>((resolve) => setImmediate(resolve));
const ROOT: Credentials = { uid: 0, gid: 0, groups: [] };
const dec = new TextDecoder();

/** A daemon that runs until a signal ends it; SIGHUP counts reloads. */
const reloads: number[] = [];
const steady: Program = async (p: Process) => {
  p.onSignal(SIGHUP, () => reloads.push(p.pid));
  for (;;) await p.sleep(3600 * SECOND);
};
/** Finds its config broken and exits 1 with a message on stderr (the journal). */
const broken: Program = async (p: Process) => {
  p.stderr.write('fatal: /etc/x.conf, line 3: syntax error\n');
  return 1;
};
/** Ignores SIGTERM: only SIGKILL ends it. */
const stubborn: Program = async (p: Process) => {
  p.onSignal(15, () => {});
  for (;;) await p.sleep(3600 * SECOND);
};
const oneshot: Program = async () => 0;

function machine() {
  const scheduler = new Scheduler();
  const start = Date.UTC(2026, 10, 22, 3, 33, 55);
  const fs = new MemoryFileSystem({ now: () => start + scheduler.now / 1e6 });
  fs.mkdir('/etc', ROOT);
  const registry = new ProgramRegistry()
    .register('steady', steady)
    .register('broken', broken)
    .register('stubborn', stubborn)
    .register('oneshot', oneshot);
  const rng = new Rng(1);
  const host = { hostname: 'vm', fs, scheduler, rng, net: new NetworkStack({ scheduler, rng, hostname: 'vm' }), wallTimeMs: () => start + scheduler.now / 1e6 } as unknown as HostContext & { processes: ProcessTable };
  const table = new ProcessTable({ scheduler, registry, host, firstPid: 1000 });
  (host as { processes: ProcessTable }).processes = table;
  const logged: SyslogMessage[] = [];
  const sm = new ServiceManager({
    fs, scheduler, programs: registry, processes: daemonTable(table), hostname: () => 'vm', wallTimeMs: host.wallTimeMs,
    syslog: { log: (m) => logged.push(m) },
  });
  // A yield first: work started by the test itself (a job) runs before the drain steps events.
  const settle = async (seconds = 5) => {
    await nodeYield();
    return runUntilIdleAsync(scheduler, scheduler.now + seconds * SECOND, nodeYield);
  };
  return { scheduler, fs, table, sm, logged, settle };
}

const unit = (over: Partial<UnitDefinition> = {}): UnitDefinition => ({
  name: 'demo.service',
  description: 'Demo Daemon',
  program: 'steady',
  argv: ['/usr/sbin/demod', '-f'],
  comm: 'demod',
  type: 'simple',
  ...over,
});

async function job<T>(m: ReturnType<typeof machine>, p: Promise<T>, seconds = 5): Promise<T> {
  let r: T | undefined;
  void p.then((v) => (r = v));
  await m.settle(seconds);
  return r as T;
}

const journal = (m: ReturnType<typeof machine>, name = 'demo') => m.sm.journal(name).map((e) => e.message);

describe('ServiceManager unit state machine', () => {
  it('starts a simple daemon as a root process of its own session and says Started', async () => {
    const m = machine();
    m.sm.register(unit());
    expect(await job(m, m.sm.start('demo'))).toBe('done');
    const st = m.sm.status('demo')!;
    expect(st).toMatchObject({ activeState: 'active', subState: 'running', mainComm: 'demod' });
    const p = m.table.get(st.mainPid)!;
    expect(p).toMatchObject({ ppid: 1, uid: 0, comm: 'demod', argv: ['/usr/sbin/demod', '-f'], sid: st.mainPid, tty: null });
    expect(journal(m)).toEqual(['Started demo.service - Demo Daemon.']);
    expect(m.logged).toEqual([{ facility: 'daemon', severity: 'info', tag: 'systemd', pid: 1, message: 'Started demo.service - Demo Daemon.' }]);
    expect(formatJournalLine(m.sm.journal('demo')[0])).toBe('Nov 22 03:33:55 vm systemd[1]: Started demo.service - Demo Daemon.');
  });

  it('stops with SIGTERM: the process is gone and the unit inactive (dead)', async () => {
    const m = machine();
    m.sm.register(unit());
    await job(m, m.sm.start('demo'));
    const pid = m.sm.status('demo')!.mainPid;
    expect(await job(m, m.sm.stop('demo'))).toBe('done');
    expect(m.table.get(pid)).toBeUndefined();
    expect(m.sm.status('demo')).toMatchObject({ activeState: 'inactive', subState: 'dead', result: 'success', mainComm: null });
    expect(m.sm.status('demo')!.execMain).toMatchObject({ pid, code: 'killed', status: 15 });
    expect(journal(m)).toEqual([
      'Started demo.service - Demo Daemon.',
      'Stopping demo.service - Demo Daemon...',
      'demo.service: Deactivated successfully.',
      'Stopped demo.service - Demo Daemon.',
    ]);
  });

  it('fails a forking start whose daemon exits 1, with its stderr in the journal', async () => {
    const m = machine();
    m.sm.register(unit({ program: 'broken', type: 'forking' }));
    expect(await job(m, m.sm.start('demo'))).toBe('failed');
    const st = m.sm.status('demo')!;
    expect(st).toMatchObject({ activeState: 'failed', subState: 'failed', result: 'exit-code' });
    expect(st.execMain).toMatchObject({ code: 'exited', status: 1 });
    expect(journal(m)).toEqual([
      'Starting demo.service - Demo Daemon...',
      'fatal: /etc/x.conf, line 3: syntax error',
      'demo.service: Main process exited, code=exited, status=1/FAILURE',
      "demo.service: Failed with result 'exit-code'.",
      'Failed to start demo.service - Demo Daemon.',
    ]);
    expect(m.sm.journal('demo')[1]).toMatchObject({ ident: 'demod', pid: st.mainPid });
  });

  it('marks a running daemon killed by SIGKILL as failed (signal)', async () => {
    const m = machine();
    m.sm.register(unit());
    await job(m, m.sm.start('demo'));
    const pid = m.sm.status('demo')!.mainPid;
    m.table.kill(null, pid, SIGKILL);
    await m.settle();
    expect(m.sm.status('demo')).toMatchObject({ activeState: 'failed', result: 'signal' });
    expect(journal(m).slice(-2)).toEqual(['demo.service: Main process exited, code=killed, status=9/KILL', "demo.service: Failed with result 'signal'."]);
  });

  it('kills a daemon that ignores SIGTERM after TimeoutStopSec and fails with timeout', async () => {
    const m = machine();
    m.sm.register(unit({ program: 'stubborn', timeoutStopSec: 90 }));
    await job(m, m.sm.start('demo'));
    const t0 = m.scheduler.now;
    const r = await job(m, m.sm.stop('demo'), 200);
    expect(r).toBe('done');
    expect(m.scheduler.now - t0).toBeGreaterThanOrEqual(90 * SECOND);
    expect(m.sm.status('demo')).toMatchObject({ activeState: 'failed', result: 'timeout' });
    const pid = m.sm.status('demo')!.execMain!.pid;
    expect(journal(m).slice(1)).toEqual([
      'Stopping demo.service - Demo Daemon...',
      "demo.service: State 'stop-sigterm' timed out. Killing.",
      `demo.service: Killing process ${pid} (demod) with signal SIGKILL.`,
      'demo.service: Main process exited, code=killed, status=9/KILL',
      "demo.service: Failed with result 'timeout'.",
      'Stopped demo.service - Demo Daemon.',
    ]);
  });

  it('reloads by sending SIGHUP to the main process', async () => {
    const m = machine();
    m.sm.register(unit());
    await job(m, m.sm.start('demo'));
    const pid = m.sm.status('demo')!.mainPid;
    reloads.length = 0;
    expect(await job(m, m.sm.reload('demo'))).toBe('done');
    expect(reloads).toEqual([pid]);
    expect(m.sm.status('demo')).toMatchObject({ activeState: 'active', subState: 'running', mainPid: pid });
    expect(journal(m).slice(-2)).toEqual(['Reloading demo.service - Demo Daemon...', 'Reloaded demo.service - Demo Daemon.']);
  });

  it('refuses to reload an inactive unit and one without ExecReload', async () => {
    const m = machine();
    m.sm.register(unit());
    m.sm.register(unit({ name: 'plain.service', reloadSignal: null }));
    expect(await job(m, m.sm.reload('demo'))).toBe('not-active');
    await job(m, m.sm.start('plain'));
    expect(await job(m, m.sm.reload('plain'))).toBe('not-reloadable');
  });

  it('restarts with a new main process', async () => {
    const m = machine();
    m.sm.register(unit());
    await job(m, m.sm.start('demo'));
    const before = m.sm.status('demo')!.mainPid;
    expect(await job(m, m.sm.restart('demo'))).toBe('done');
    const after = m.sm.status('demo')!.mainPid;
    expect(after).not.toBe(before);
    expect(m.sm.isActive('demo')).toBe(true);
  });

  it('fails at once with status 203/EXEC when the daemon program is not installed', async () => {
    const m = machine();
    m.sm.register(unit({ program: 'nothing', type: 'forking' }));
    expect(await job(m, m.sm.start('demo'))).toBe('failed');
    expect(m.sm.status('demo')!.execMain).toMatchObject({ code: 'exited', status: 203 });
  });

  it('runs a oneshot unit to completion and keeps it active (exited) with RemainAfterExit', async () => {
    const m = machine();
    m.sm.register(unit({ program: 'oneshot', type: 'oneshot', remainAfterExit: true }));
    expect(await job(m, m.sm.start('demo'))).toBe('done');
    expect(m.sm.status('demo')).toMatchObject({ activeState: 'active', subState: 'exited' });
    expect(journal(m)).toEqual(['Starting demo.service - Demo Daemon...', 'Finished demo.service - Demo Daemon.']);
  });

  it('answers for its aliases', async () => {
    const m = machine();
    m.sm.register(unit({ name: 'named.service', aliases: ['bind9.service'] }));
    await job(m, m.sm.start('bind9'));
    expect(m.sm.isActive('named.service')).toBe(true);
    expect(m.sm.resolve('bind9')).toBe('named.service');
  });
});

describe('ServiceManager files', () => {
  it('writes the unit file on register and enables with a symlink in multi-user.target.wants', () => {
    const m = machine();
    m.sm.register(unit({ documentation: ['man:demod(8)'] }));
    const text = m.fs.readFile('/lib/systemd/system/demo.service', ROOT);
    expect(text.ok && dec.decode(text.value)).toContain('Description=Demo Daemon\nDocumentation=man:demod(8)\n');
    expect(m.sm.isEnabled('demo')).toBe(false);
    expect(m.sm.enable('demo')).toEqual([['/etc/systemd/system/multi-user.target.wants/demo.service', '/lib/systemd/system/demo.service']]);
    const link = m.fs.readlink('/etc/systemd/system/multi-user.target.wants/demo.service', ROOT);
    expect(link).toEqual({ ok: true, value: '/lib/systemd/system/demo.service' });
    expect(m.sm.isEnabled('demo')).toBe(true);
    expect(m.sm.enable('demo')).toEqual([]);
    expect(m.sm.disable('demo')).toEqual(['/etc/systemd/system/multi-user.target.wants/demo.service']);
    expect(m.sm.isEnabled('demo')).toBe(false);
  });

  it('sees a link removed by hand as disabled (files are the truth)', () => {
    const m = machine();
    m.sm.register(unit());
    m.sm.enable('demo');
    m.fs.unlink('/etc/systemd/system/multi-user.target.wants/demo.service', ROOT);
    expect(m.sm.isEnabled('demo')).toBe(false);
  });

  it('boot starts the enabled units only', async () => {
    const m = machine();
    m.sm.register(unit());
    m.sm.register(unit({ name: 'other.service' }));
    m.sm.enable('other');
    await job(m, m.sm.boot());
    expect(m.sm.isActive('other')).toBe(true);
    expect(m.sm.isActive('demo')).toBe(false);
  });

  it('unregister kills the daemon and removes the unit file', async () => {
    const m = machine();
    m.sm.register(unit());
    m.sm.enable('demo');
    await job(m, m.sm.start('demo'));
    const pid = m.sm.status('demo')!.mainPid;
    m.sm.unregister('demo');
    await m.settle();
    expect(m.table.get(pid)).toBeUndefined();
    expect(m.fs.stat('/lib/systemd/system/demo.service', ROOT).ok).toBe(false);
    expect(m.fs.lstat('/etc/systemd/system/multi-user.target.wants/demo.service', ROOT).ok).toBe(false);
    expect(m.sm.status('demo')).toBeUndefined();
  });
});
