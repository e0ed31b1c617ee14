// The mail client's presence on its host: a "thunderbird" process in the process table (ps shows
// it, `ss -tp` names it as the owner of its connections), run by the account's user when the
// host has one. It only waits; the panel's operations use it as the Process its sockets and
// DNS queries belong to. Killed from a terminal, it is started again by the next operation.
import type { Host } from '../../os/host.ts';
import type { Process } from '../../os/program.ts';
import type { Credentials } from '../../os/fs/types.ts';
import { UserDb } from '../../os/users/user-db.ts';

export const CLIENT_ARGV = ['/usr/lib/thunderbird/thunderbird'] as const;

export class ClientProcess {
  private proc: Promise<Process> | null = null;
  private stop: (() => void) | null = null;

  constructor(
    private readonly machine: Host,
    /** Preferred account on the host (the address's user name); else the first human user, else root. */
    private readonly user: string,
  ) {}

  private credentials(): { cred: Credentials; home: string } {
    const db = UserDb.load(this.machine.fs);
    const candidates = [db.userByName(this.user), db.users.find((u) => u.uid >= 1000 && u.uid < 60000)];
    for (const u of candidates) {
      if (u === undefined) continue;
      const cred = db.credentialsOf(u.name);
      if (cred !== null) return { cred, home: u.home };
    }
    return { cred: { uid: 0, gid: 0, groups: [0] }, home: '/root' };
  }

  /** The running process, started on first use or after it ended. */
  get(): Promise<Process> {
    if (this.proc !== null) return this.proc;
    const { cred, home } = this.credentials();
    const processes = this.machine.processes;
    let ready: (p: Process) => void = () => {};
    this.proc = new Promise<Process>((resolve) => (ready = resolve));
    const child = processes.fork(
      processes.init,
      (proc) =>
        new Promise<number>((resolve) => {
          this.stop = () => resolve(0);
          ready(proc);
        }),
      { argv: CLIENT_ARGV, comm: 'thunderbird', cred, cwd: home },
    );
    void child.wait().then(() => {
      this.proc = null;
      this.stop = null;
    });
    return this.proc;
  }

  /** Ends the process (its sockets close with it). */
  close(): void {
    this.stop?.();
  }
}
