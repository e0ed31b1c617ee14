import { describe, it, expect } from 'vitest';
import { whoami } from './whoami.ts';
import { id } from '../id/id.ts';
import { run, LANG_FR, LANG_UTF8 } from '../testing/fake-process.ts';

const ETUDIANT = { uid: 1000, gid: 1000, groups: [1000, 100] };

describe('whoami and id', () => {
  it('name the user', async () => {
    expect((await run(whoami, { argv: ['whoami'] })).stdout).toBe('root\n');
    expect((await run(whoami, { argv: ['whoami'], cred: ETUDIANT })).stdout).toBe('etudiant\n');
  });

  it('print ids as coreutils id', async () => {
    expect((await run(id, { argv: ['id'] })).stdout).toBe('uid=0(root) gid=0(root) groups=0(root)\n');
    expect((await run(id, { argv: ['id'], cred: ETUDIANT })).stdout).toBe('uid=1000(etudiant) gid=1000(etudiant) groups=1000(etudiant),100(users)\n');
    expect((await run(id, { argv: ['id', 'toto'] })).stdout).toBe('uid=1001(toto) gid=1001(toto) groups=1001(toto),100(users)\n');
    // coreutils' French catalogue: " groups=" -> " groupes=" (uid= and gid= stay).
    expect((await run(id, { argv: ['id'], env: LANG_FR })).stdout).toBe('uid=0(root) gid=0(root) groupes=0(root)\n');
    expect((await run(id, { argv: ['id', '-un'], cred: ETUDIANT })).stdout).toBe('etudiant\n');
    expect((await run(id, { argv: ['id', '-G'], cred: ETUDIANT })).stdout).toBe('1000 100\n');
    expect((await run(id, { argv: ['id', 'x'], env: LANG_UTF8 })).stderr).toBe('id: \u2018x\u2019: no such user\n');
    expect((await run(id, { argv: ['id', '-n'], env: LANG_UTF8 })).stderr).toBe('id: cannot print only names or real IDs in default format\n');
  });
});
