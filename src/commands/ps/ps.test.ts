import { describe, it, expect } from 'vitest';
import { ps } from './ps.ts';
import { run } from '../testing/fake-process.ts';
import type { ProcessInfo } from '../../os/program.ts';

const base = { pgid: 0, sid: 0, gid: 0, ruid: 0, rgid: 0, state: 'S' as const, startNs: 0, cwd: '/', sessionLeader: false, foreground: false };
const table: ProcessInfo[] = [
  { ...base, pid: 1, ppid: 0, uid: 0, comm: 'systemd', argv: ['/sbin/init'], tty: null, sessionLeader: true },
  { ...base, pid: 312, ppid: 1, uid: 0, comm: 'master', argv: ['/usr/lib/postfix/sbin/master', '-w'], tty: null },
  { ...base, pid: 90, ppid: 1, uid: 0, comm: 'bash', argv: ['-bash'], tty: 'pts/0', sessionLeader: true },
  { ...base, pid: 100, ppid: 90, uid: 0, comm: 'ps', argv: ['ps'], tty: 'pts/0', foreground: true },
  { ...base, pid: 120, ppid: 1, uid: 1000, comm: 'bash', argv: ['-bash'], tty: 'pts/1', sessionLeader: true },
];

describe('ps', () => {
  it('shows this terminal\'s processes by default', async () => {
    const r = await run(ps, { argv: ['ps'], processes: table, tty: { columns: 80, rows: 24 } });
    expect(r.stdout).toBe('    PID TTY          TIME CMD\n     90 pts/0    00:00:00 bash\n    100 pts/0    00:00:00 ps\n');
  });

  it('shows every process with aux and -ef', async () => {
    const aux = await run(ps, { argv: ['ps', 'aux'], processes: table });
    const lines = aux.stdout.split('\n');
    expect(lines[0]).toBe('USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND');
    expect(lines[1]).toBe('root           1  0.0  0.6 168000 12800 ?        Ss   03:33   0:00 /sbin/init');
    expect(lines).toContain('root         100  0.0  0.2  11164  4608 pts/0    R+   03:33   0:00 ps');
    expect(lines).toContain('etudiant     120  0.0  0.2   7236  4096 pts/1    Ss   03:33   0:00 -bash');
    const ef = await run(ps, { argv: ['ps', '-ef'], processes: table });
    expect(ef.stdout.split('\n')[0]).toBe('UID          PID    PPID  C STIME TTY          TIME CMD');
    expect(ef.stdout.split('\n')).toContain('root         312       1  0 03:33 ?        00:00:00 /usr/lib/postfix/sbin/master -w');
  });

  it('selects with -p and -u and formats with -o', async () => {
    expect((await run(ps, { argv: ['ps', '-o', 'pid,comm', '-p', '312'], processes: table })).stdout).toBe('    PID COMMAND\n    312 master\n');
    expect((await run(ps, { argv: ['ps', '-u', 'etudiant'], processes: table })).stdout).toBe('    PID TTY          TIME CMD\n    120 pts/1    00:00:00 bash\n');
  });

  it('rejects unknown options', async () => {
    const r = await run(ps, { argv: ['ps', '-z'], processes: table });
    expect(r.stderr.split('\n')[0]).toBe('error: unsupported SysV option');
    expect(r.code).toBe(1);
  });
});
