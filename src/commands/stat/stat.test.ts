import { describe, it, expect } from 'vitest';
import { stat } from './stat.ts';
import { run, LANG_C, LANG_FR } from '../testing/fake-process.ts';
import { TestFs } from '../testing/test-fs.ts';

const T = Date.UTC(2026, 10, 22, 5, 5, 25, 75);
const fs = () => new TestFs().put('/g/a.txt', 'x'.repeat(24), { mtimeMs: T });

describe('stat', () => {
  it('prints the default report', async () => {
    const r = await run(stat, { argv: ['stat', 'a.txt'], fs: fs(), cwd: '/g', env: LANG_C });
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('  File: a.txt');
    expect(lines[1]).toBe('  Size: 24        \tBlocks: 8          IO Block: 4096   regular file');
    expect(lines[2]).toMatch(/^Device: 8,1\tInode: \d+ +Links: 1$/);
    expect(lines[3]).toBe('Access: (0644/-rw-r--r--)  Uid: (    0/    root)   Gid: (    0/    root)');
    expect(lines[5]).toBe('Modify: 2026-11-22 05:05:25.075000000 +0000');
    expect(lines[7]).toBe(' Birth: -');
  });

  it('speaks French and takes -c formats', async () => {
    const fr = await run(stat, { argv: ['stat', 'a.txt'], fs: fs(), cwd: '/g', env: LANG_FR });
    expect(fr.stdout.split('\n')[0]).toBe('  Fichier\u00a0: a.txt');
    const c = await run(stat, { argv: ['stat', '-c', '%n %s %a %U', 'a.txt'], fs: fs(), cwd: '/g' });
    expect(c.stdout).toBe('a.txt 24 644 root\n');
  });

  it('reports missing files', async () => {
    expect((await run(stat, { argv: ['stat', 'nope'], env: LANG_C, cwd: '/tmp' })).stderr).toBe("stat: cannot statx 'nope': No such file or directory\n");
  });
});
