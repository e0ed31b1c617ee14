import { describe, expect, it } from 'vitest';
import { bookworm } from '../os/packages/catalogue.ts';
import { PACKAGE_PROGRAMS } from './package-programs.ts';

describe('PACKAGE_PROGRAMS', () => {
  it('each program is what its package\'s executable at that path runs', () => {
    const cat = bookworm();
    for (const p of PACKAGE_PROGRAMS) {
      if (p.path === null) continue;
      const files = cat.get(p.package)?.files ?? [];
      const exec = files.find((f) => f.kind === 'exec' && f.path === p.path);
      expect(exec, p.path).toMatchObject({ program: p.name });
    }
  });
});
