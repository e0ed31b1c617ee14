import { describe, it, expect } from 'vitest';
import { chown } from './chown.ts';
import { chgrp } from '../chgrp/chgrp.ts';
import { run, LANG_C, LANG_UTF8 } from '../testing/fake-process.ts';
import { TestFs } from '../testing/test-fs.ts';

const ROOTC = { uid: 0, gid: 0, groups: [] };

describe('chown and chgrp', () => {
  it('changes owner, owner:group, :group and user: (login group)', async () => {
    const fs = new TestFs().put('/tmp/f', '');
    await run(chown, { argv: ['chown', 'etudiant', '/tmp/f'], fs });
    expect(fs.stat('/tmp/f', ROOTC)).toMatchObject({ ok: true, value: { uid: 1000, gid: 0 } });
    await run(chown, { argv: ['chown', ':mail', '/tmp/f'], fs });
    expect(fs.stat('/tmp/f', ROOTC)).toMatchObject({ ok: true, value: { uid: 1000, gid: 8 } });
    await run(chown, { argv: ['chown', 'toto:', '/tmp/f'], fs });
    expect(fs.stat('/tmp/f', ROOTC)).toMatchObject({ ok: true, value: { uid: 1001, gid: 1001 } });
    await run(chgrp, { argv: ['chgrp', 'mail', '/tmp/f'], fs });
    expect(fs.stat('/tmp/f', ROOTC)).toMatchObject({ ok: true, value: { uid: 1001, gid: 8 } });
  });

  it('recurses with -R', async () => {
    const fs = new TestFs().put('/tmp/d/x/y', '');
    await run(chown, { argv: ['chown', '-R', 'etudiant:etudiant', '/tmp/d'], fs });
    expect(fs.stat('/tmp/d/x/y', ROOTC)).toMatchObject({ ok: true, value: { uid: 1000, gid: 1000 } });
  });

  it('rejects unknown names and refuses non-root', async () => {
    const fs = new TestFs().put('/tmp/f', '');
    expect((await run(chown, { argv: ['chown', 'foo', '/tmp/f'], fs, env: LANG_UTF8 })).stderr).toBe('chown: invalid user: \u2018foo\u2019\n');
    expect((await run(chown, { argv: ['chown', ':foo', '/tmp/f'], fs, env: LANG_UTF8 })).stderr).toBe('chown: invalid group: \u2018:foo\u2019\n');
    expect((await run(chgrp, { argv: ['chgrp', 'foo', '/tmp/f'], fs, env: LANG_UTF8 })).stderr).toBe('chgrp: invalid group: \u2018foo\u2019\n');
    const r = await run(chown, { argv: ['chown', 'etudiant', 'f'], fs, env: LANG_C, cwd: '/tmp', cred: { uid: 1000, gid: 1000, groups: [] } });
    expect(r.stderr).toBe("chown: changing ownership of 'f': Operation not permitted\n");
    expect(r.code).toBe(1);
  });
});
