import { describe, it, expect } from 'vitest';
import { kill } from './kill.ts';
import { run, LANG_C } from '../testing/fake-process.ts';
import type { ProcessInfo } from '../../os/program.ts';

const nc: ProcessInfo = { pid: 412, ppid: 300, pgid: 412, sid: 300, uid: 0, gid: 0, ruid: 0, rgid: 0, comm: 'nc', argv: ['nc', '-l', '2525'], state: 'S', startNs: 0, tty: 'pts/0', cwd: '/root', sessionLeader: false, foreground: false };

describe('kill', () => {
  it('sends TERM by default, or the signal asked for', async () => {
    const r = await run(kill, { argv: ['kill', '412'], processes: [nc] });
    expect(r.code).toBe(0);
    const k9 = await run(kill, { argv: ['kill', '-9', '412'], processes: [nc] });
    expect(k9.code).toBe(0);
    const ks = await run(kill, { argv: ['kill', '-s', 'INT', '412'], processes: [nc] });
    expect(ks.code).toBe(0);
  });

  it('reports a missing process and a bad pid', async () => {
    const r = await run(kill, { argv: ['kill', '999999', 'abc'], env: LANG_C });
    expect(r.stderr).toBe("kill: (999999): No such process\nkill: failed to parse argument: 'abc'\n");
    expect(r.code).toBe(1);
  });

  it('lists signals', async () => {
    expect((await run(kill, { argv: ['kill', '-l'] })).stdout).toBe('HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT\nCHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH POLL PWR SYS\n');
    expect((await run(kill, { argv: ['kill', '-l', '15'] })).stdout).toBe('TERM\n');
    expect((await run(kill, { argv: ['kill', '-L'] })).stdout.split('\n')[0]).toBe(' 1 HUP      2 INT      3 QUIT     4 ILL      5 TRAP     6 ABRT     7 BUS');
  });
});
