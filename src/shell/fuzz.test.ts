// Seeded random input typed at an interactive shell: whatever is typed, the prompt comes back
// and the shell still runs commands afterwards.
import { describe, it, expect } from 'vitest';
import { Rng } from '../engine/rng.ts';
import { ShellMachine } from './testing/harness.ts';

const nodeYield = () => new Promise<void>((resolve) => setImmediate(resolve));

const PIECES = [
  'echo', 'cat', 'grep', 'ls', 'cd', 'export', 'unset', 'read', 'for', 'in', 'do', 'done', 'if', 'then', 'fi', 'case', 'esac',
  'while', 'until', '{', '}', '(', ')', '$(', '`', '"', "'", '\\', '$', '${', '}', '$((', '))', '|', '||', '&&', '&', ';', ';;',
  '>', '>>', '<', '<<', '<<EOF', '2>&1', '>&', '*', '?', '[a-', '~', '!', '#', '=', 'x=1', '$?', '$@', '${x:-y}', '${#', '%',
  'kill', '%1', 'jobs', 'wait', 'exec', 'exit', 'history', 'source', 'alias', 'set -e', 'set -u', 'shift', 'trap', 'printf',
  '%s', '%d', 'sleep 0', 'true', 'false', '/tmp', '/etc/passwd', '\x1b[A', '\x1b[D', '\x7f', '\t', '\x15', '\x17', 'é', '\x00',
];

describe('fuzz: random lines at the prompt', () => {
  it('always gets the prompt back', async () => {
    const m = new ShellMachine(nodeYield);
    const rng = new Rng('shell-fuzz');
    let s = await m.login();
    for (let i = 0; i < 300; i++) {
      let line = '';
      const n = rng.int(1, 8);
      for (let k = 0; k < n; k++) line += PIECES[rng.int(0, PIECES.length - 1)] + (rng.int(0, 2) ? ' ' : '');
      // ^C and ^U clear whatever is pending (continuation prompts, a running job).
      await s.type(line + '\r', 2);
      await s.type('\x03\x15', 1);
      if (s.status !== null) s = await m.login();
      const out = await s.type('echo ok-$((i=' + i + '))\r', 2);
      expect(out.replace(/\r/g, '')).toContain(`\nok-${i}\n`);
      expect(out).not.toContain('internal error');
    }
  }, 120_000);
});
