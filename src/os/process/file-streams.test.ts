import { describe, it, expect } from 'vitest';
import { fileInput, fileOutput } from './file-streams.ts';
import { ETUDIANT, ROOT, testMachine } from './testing.ts';

const read = (m: ReturnType<typeof testMachine>, path: string): string => {
  const r = m.fs.readFile(path, ROOT);
  return r.ok ? new TextDecoder().decode(r.value) : `(${r.errno})`;
};

describe('redirection streams', () => {
  it('> truncates and >> appends, creating the file 0644 owned by the user', () => {
    const m = testMachine();
    m.fs.writeFile('/tmp/x', 'old content\n', ETUDIANT);
    const out = fileOutput(m.fs, '/tmp/x', ETUDIANT, false);
    expect(out.ok).toBe(true);
    if (out.ok) out.value.write('one\n');
    const app = fileOutput(m.fs, 'y', ETUDIANT, true, '/tmp');
    if (app.ok) {
      app.value.write('a\n');
      app.value.write('b\n');
    }
    expect(read(m, '/tmp/x')).toBe('one\n');
    expect(read(m, '/tmp/y')).toBe('a\nb\n');
    const st = m.fs.stat('/tmp/y', ROOT);
    expect(st.ok && [st.value.uid, st.value.mode]).toEqual([1000, 0o644]);
  });

  it('reports what bash prints: Permission denied, Is a directory, No such file or directory', () => {
    const m = testMachine();
    expect(fileOutput(m.fs, '/root/x', ETUDIANT, false)).toEqual({ ok: false, errno: 'EACCES' });
    expect(fileOutput(m.fs, '/tmp', ROOT, false)).toEqual({ ok: false, errno: 'EISDIR' });
    expect(fileOutput(m.fs, '/nodir/x', ROOT, false)).toEqual({ ok: false, errno: 'ENOENT' });
    expect(fileInput(m.fs, '/tmp/none', ROOT)).toEqual({ ok: false, errno: 'ENOENT' });
  });

  it('< reads the file, then end of file', async () => {
    const m = testMachine();
    m.fs.writeFile('/tmp/in', 'hello\n', ROOT);
    const r = fileInput(m.fs, '/tmp/in', ETUDIANT);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(new TextDecoder().decode((await r.value.read())!)).toBe('hello\n');
    expect(await r.value.read()).toBeNull();
  });
});
