import { describe, it, expect } from 'vitest';
import { SYSTEM_PROGRAMS } from './system-programs.ts';

describe('SYSTEM_PROGRAMS', () => {
  it('names each program once and installs the setuid ones 4755 as Debian does', () => {
    const names = SYSTEM_PROGRAMS.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    const setuid = SYSTEM_PROGRAMS.filter((p) => p.mode === 0o4755).map((p) => p.path);
    expect(setuid).toEqual(['/usr/bin/passwd', '/usr/bin/chfn', '/usr/bin/su']);
    expect(SYSTEM_PROGRAMS.find((p) => p.name === 'systemctl')?.path).toBe('/usr/bin/systemctl');
  });
});
