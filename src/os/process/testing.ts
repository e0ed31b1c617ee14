// A bare machine for tests of the process layer and of programs: a scheduler, a file system
// with the directories exec needs, a registry, a process table, and a terminal on demand.
// No Debian tree (see host.ts for the full machine).
import type { Scheduler } from '../../engine/scheduler.ts';
import { Scheduler as SchedulerImpl } from '../../engine/scheduler.ts';
import { Rng } from '../../engine/rng.ts';
import { NetworkStack } from '../../stack/host-stack.ts';
import { MemoryFileSystem } from '../fs/memory-fs.ts';
import type { Credentials } from '../fs/types.ts';
import type { HostContext, Program } from '../program.ts';
import { ProgramRegistry } from '../programs-registry.ts';
import { TerminalDevice } from '../tty/terminal-device.ts';
import { installProgram } from './executable.ts';
import { ProcessTable } from './process-table.ts';

export const ROOT: Credentials = { uid: 0, gid: 0, groups: [] };
export const ETUDIANT: Credentials = { uid: 1000, gid: 1000, groups: [1000] };

export interface TestMachine {
  readonly scheduler: Scheduler;
  readonly fs: MemoryFileSystem;
  readonly registry: ProgramRegistry;
  readonly table: ProcessTable;
  readonly host: HostContext;
  /** Registers `program` and installs it as /usr/bin/NAME (mode 0755 unless told). */
  install(name: string, program: Program, mode?: number): void;
  /** A terminal whose signals reach this table's process groups. */
  terminal(name?: string): TerminalDevice;
}

export function testMachine(): TestMachine {
  const scheduler = new SchedulerImpl();
  const rng = new Rng('test');
  const fs = new MemoryFileSystem({ now: () => 1_700_000_000_000 + scheduler.now / 1e6 });
  for (const d of ['/usr/bin', '/usr/sbin', '/bin', '/tmp', '/home/etudiant', '/root']) fs.mkdir(d, ROOT, { parents: true });
  fs.chmod('/tmp', 0o1777, ROOT);
  fs.chown('/home/etudiant', 1000, 1000, ROOT);
  const registry = new ProgramRegistry();
  const net = new NetworkStack({ scheduler, rng: rng.fork('net'), hostname: 'test' });
  const holder: { table?: ProcessTable } = {};
  const host: HostContext = {
    hostname: 'test',
    fs,
    net,
    scheduler,
    rng,
    get processes() {
      return holder.table!;
    },
    wallTimeMs: () => 1_700_000_000_000 + scheduler.now / 1e6,
  };
  const table = new ProcessTable({ scheduler, registry, host, firstPid: 400 });
  holder.table = table;
  let ptys = 0;
  return {
    scheduler,
    fs,
    registry,
    table,
    host,
    install(name, program, mode = 0o755) {
      registry.register(name, program);
      installProgram(fs, `/usr/bin/${name}`, name, mode);
    },
    terminal(name = `pts/${ptys++}`) {
      const dev = new TerminalDevice({ name, scheduler, signalGroup: (pgid, sig) => table.signalGroup(pgid, sig) });
      table.registerTerminal(dev);
      return dev;
    },
  };
}
