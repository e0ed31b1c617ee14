import { describe, it, expect } from 'vitest';
import { CORE_PROGRAMS } from './core-programs.ts';
import { SIGINT } from '../os/program.ts';
import { run, LANG_C, LANG_FR } from './testing/fake-process.ts';
import { TestFs } from './testing/test-fs.ts';
import { Rng } from '../engine/rng.ts';

describe('the core program table', () => {
  it('names each program once, at its Debian 12 path', () => {
    const names = CORE_PROGRAMS.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const p of CORE_PROGRAMS) expect(p.path).toBe(`/usr/bin/${p.name}`);
    expect(names).toEqual(expect.arrayContaining(['ls', 'cat', 'grep', 'sed', 'find', 'tail', 'ps', 'kill', 'test', '[', 'man', 'less', 'more']));
  });
});

describe('bad input never throws', () => {
  const nasty: string[][] = [
    [], ['-'], ['--'], ['-z'], ['--nope'], ['--help'], ['--version'], ['-n'], ['-e'], ['-c'], ['-d'], ['-f'], ['-k'], ['-t'], ['-s'], ['-o'],
    ['nope'], ['/'], ['/etc/passwd'], ['-r', '/etc'], ['\u0000\u00ff'], ['x'.repeat(5000)], ['-1'], ['+1'], ['(', ')'], ["'"], ['%', '%z', '%5'],
    ['-n', 'x'], ['-c', '-1'], ['-A', '-B'], ['-l', '-a', '/var'], ['a', 'b', 'c', 'd'], ['s/(/', 'x'], ['-E', '[[', '/etc/passwd'], ['\\'],
  ];
  const rng = new Rng('fuzz');
  const junk = () => {
    const n = rng.nextU32() % 40;
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(rng.nextU32() % 256);
    return s;
  };
  for (const { name, program } of CORE_PROGRAMS) {
    it(`${name} answers every argument list with an exit status`, async () => {
      const inputs = [...nasty, [junk(), junk()], ['-' + junk()]];
      for (const args of inputs) {
        const fs = new TestFs().put('/tmp/bin', new Uint8Array([0, 1, 2, 255, 10, 200])).put('/tmp/long', 'y'.repeat(200_000) + '\n');
        for (const env of [LANG_C, LANG_FR]) {
          const r = await run(program, {
            argv: [name, ...args],
            fs,
            env,
            cwd: '/tmp',
            stdin: [new Uint8Array([0, 0xff, 0xfe, 10]), 'line\n', 'x'.repeat(10_000)],
            cred: { uid: 1000, gid: 1000, groups: [1000] },
            hooks: [{ at: 0.05, run: (h) => h.signal(SIGINT) }],
            maxSeconds: 60,
          });
          expect(Number.isInteger(r.code), `${name} ${JSON.stringify(args)}`).toBe(true);
        }
      }
    });
  }
});
