// What the service manager asks of the process table: start a daemon under init (PID 1, which
// systemd is on Debian 12) in its own session, signal processes as the kernel would for it, and
// list processes (a daemon's "control group" is its session: children it forks stay in it).
import type { ProcessTable } from '../process/process-table.ts';
import type { ChildProcess, OutputStream, ProcessTableView, Program } from '../program.ts';
import type { Credentials } from '../fs/types.ts';
import { nullInput } from '../process/streams.ts';

export interface LaunchOptions {
  readonly argv: readonly string[];
  readonly comm: string;
  readonly env: Map<string, string>;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
}

export interface DaemonTable extends ProcessTableView {
  /** fork+exec under PID 1, as root, in a new session, stdin /dev/null, cwd /. */
  launch(program: Program, opts: LaunchOptions): ChildProcess;
  /** kill(2) from PID 1. */
  signal(pid: number, signal: number): void;
}

const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };

export function daemonTable(table: ProcessTable): DaemonTable {
  return {
    list: () => table.list(),
    get: (pid) => table.get(pid),
    launch(program, opts) {
      return table.fork(table.init, program, {
        argv: opts.argv,
        comm: opts.comm,
        env: opts.env,
        cwd: '/',
        cred: ROOT,
        setsid: true,
        stdin: nullInput(),
        stdout: opts.stdout,
        stderr: opts.stderr,
      });
    },
    signal(pid, signal) {
      table.kill(null, pid, signal);
    },
  };
}
