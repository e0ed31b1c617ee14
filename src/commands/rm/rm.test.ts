import { describe, it, expect } from 'vitest';
import { rm } from './rm.ts';
import { run, LANG_C, LANG_FR } from '../testing/fake-process.ts';
import { TestFs } from '../testing/test-fs.ts';

const ETUDIANT = { uid: 1000, gid: 1000, groups: [1000, 100] };

function mailFs(): TestFs {
  return new TestFs().dir('/var/mail', { gid: 8, mode: 0o2775 }).put('/var/mail/etudiant', 'x', { uid: 1000, gid: 8, mode: 0o600 });
}

describe('rm', () => {
  it('cannot remove a mailbox from /var/mail as its owner (seed 003)', async () => {
    const fs = mailFs();
    const r = await run(rm, { argv: ['rm', 'etudiant'], cwd: '/var/mail', fs, env: LANG_C, cred: ETUDIANT });
    expect(r.stderr).toBe("rm: cannot remove 'etudiant': Permission denied\n");
    expect(r.code).toBe(1);
    expect(fs.exists('/var/mail/etudiant')).toBe(true);
    const fr = await run(rm, { argv: ['rm', 'etudiant'], cwd: '/var/mail', fs, env: LANG_FR, cred: ETUDIANT });
    expect(fr.stderr).toBe("rm: impossible de supprimer 'etudiant': Permission non accordée\n");
  });

  it('refuses directories without -r and removes trees with -r', async () => {
    const fs = new TestFs().put('/tmp/d/a/b', '').put('/tmp/d/c', '');
    const r = await run(rm, { argv: ['rm', '/tmp/d'], fs, env: LANG_C });
    expect(r.stderr).toBe("rm: cannot remove '/tmp/d': Is a directory\n");
    const v = await run(rm, { argv: ['rm', '-rv', '/tmp/d'], fs, env: LANG_C });
    expect(v.stdout).toBe("removed '/tmp/d/a/b'\nremoved directory '/tmp/d/a'\nremoved '/tmp/d/c'\nremoved directory '/tmp/d'\n");
    expect(fs.exists('/tmp/d')).toBe(false);
  });

  it('is quiet about missing files with -f and fails without', async () => {
    expect((await run(rm, { argv: ['rm', '-f', 'nope'], env: LANG_C })).code).toBe(0);
    const r = await run(rm, { argv: ['rm', 'nope'], env: LANG_C });
    expect(r.stderr).toBe("rm: cannot remove 'nope': No such file or directory\n");
    const m = await run(rm, { argv: ['rm'], env: LANG_C });
    expect(m.stderr).toBe("rm: missing operand\nTry 'rm --help' for more information.\n");
  });

  it('asks with -i and keeps the file on no', async () => {
    const fs = new TestFs().put('/tmp/f', '');
    const r = await run(rm, { argv: ['rm', '-i', '/tmp/f'], fs, env: LANG_C, stdin: 'n\n' });
    expect(r.stderr).toBe("rm: remove regular empty file '/tmp/f'? ");
    expect(fs.exists('/tmp/f')).toBe(true);
    await run(rm, { argv: ['rm', '-i', '/tmp/f'], fs, env: LANG_C, stdin: 'y\n' });
    expect(fs.exists('/tmp/f')).toBe(false);
  });

  it('protects / and refuses . and ..', async () => {
    const r = await run(rm, { argv: ['rm', '-rf', '/'], env: LANG_C });
    expect(r.stderr).toBe("rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n");
    const d = await run(rm, { argv: ['rm', '-r', '.'], env: LANG_C });
    expect(d.stderr).toBe("rm: refusing to remove '.' or '..' directory: skipping '.'\n");
  });
});
