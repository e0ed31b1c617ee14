import { describe, it, expect } from 'vitest';
import { classifyExecutable, executableFile, installProgram } from './executable.ts';
import { testMachine, ROOT } from './testing.ts';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('executable files', () => {
  it('look like a 64-bit x86-64 ELF binary and name their program', () => {
    const f = executableFile('ls');
    expect([...f.subarray(0, 5)]).toEqual([0x7f, 0x45, 0x4c, 0x46, 2]);
    expect(classifyExecutable(f)).toEqual({ kind: 'program', name: 'ls' });
  });

  it('are installed root-owned with the mode asked, setuid included', () => {
    const m = testMachine();
    expect(installProgram(m.fs, '/usr/bin/passwd', 'passwd', 0o4755).ok).toBe(true);
    const st = m.fs.stat('/usr/bin/passwd', ROOT);
    expect(st.ok && [st.value.uid, st.value.mode]).toEqual([0, 0o4755]);
  });

  it('classifies #! lines as the kernel does: the interpreter and one optional argument', () => {
    expect(classifyExecutable(bytes('#!/bin/sh\necho'))).toEqual({ kind: 'script', interpreter: '/bin/sh', arg: null });
    expect(classifyExecutable(bytes('#! /usr/bin/env  bash \n'))).toEqual({ kind: 'script', interpreter: '/usr/bin/env', arg: 'bash' });
    expect(classifyExecutable(bytes('#!/bin/bash\r\n'))).toEqual({ kind: 'script', interpreter: '/bin/bash', arg: null });
  });

  it('leaves anything else, and an ELF without a marker, to ENOEXEC', () => {
    expect(classifyExecutable(bytes('echo hi\n'))).toEqual({ kind: 'unknown' });
    expect(classifyExecutable(bytes('#!\n'))).toEqual({ kind: 'unknown' });
    expect(classifyExecutable(Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0))).toEqual({ kind: 'unknown' });
  });
});
