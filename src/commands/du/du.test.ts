import { describe, it, expect } from 'vitest';
import { du } from './du.ts';
import { df } from '../df/df.ts';
import { run } from '../testing/fake-process.ts';
import { TestFs } from '../testing/test-fs.ts';

describe('du and df', () => {
  it('du counts ext4 blocks, directories after their contents', async () => {
    const fs = new TestFs().put('/g/a.txt', 'x'.repeat(24)).put('/g/sub/c', 'y');
    expect((await run(du, { argv: ['du'], fs, cwd: '/g' })).stdout).toBe('8\t./sub\n16\t.\n');
    expect((await run(du, { argv: ['du', '-sh', '.'], fs, cwd: '/g' })).stdout).toBe('16K\t.\n');
  });

  it('df prints an aligned table', async () => {
    const lines = (await run(df, { argv: ['df'] })).stdout.split('\n');
    expect(lines[0]).toBe('Filesystem     1K-blocks    Used Available Use% Mounted on');
    expect(lines[3]).toBe('/dev/sda1       19480400 1864940  16641440  11% /');
  });
});
