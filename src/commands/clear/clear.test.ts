import { describe, it, expect } from 'vitest';
import { clear } from './clear.ts';
import { run } from '../testing/fake-process.ts';

describe('clear', () => {
  it('homes, erases the screen and the scrollback on xterm', async () => {
    expect((await run(clear, { argv: ['clear'], env: { TERM: 'xterm-256color' } })).stdout).toBe('\x1b[H\x1b[2J\x1b[3J');
    expect((await run(clear, { argv: ['clear', '-x'], env: { TERM: 'xterm' } })).stdout).toBe('\x1b[H\x1b[2J');
  });

  it('needs TERM', async () => {
    const r = await run(clear, { argv: ['clear'] });
    expect(r.stderr).toBe('TERM environment variable not set.\n');
    expect(r.code).toBe(1);
  });
});
