import { describe, expect, it } from 'vitest';
import { compareVersions, satisfies } from './version.ts';

describe('Debian version comparison (deb-version(7))', () => {
  it('orders epochs, upstream and revision as dpkg does', () => {
    expect(compareVersions('1:9.18.49-1~deb12u3', '9.99')).toBeGreaterThan(0);
    expect(compareVersions('3.7.11-0+deb12u1', '3.7.10-0+deb12u1')).toBeGreaterThan(0);
    expect(compareVersions('1.0~rc1', '1.0')).toBeLessThan(0);
    expect(compareVersions('4.53', '4.41')).toBeGreaterThan(0);
    expect(compareVersions('2.10', '2.9')).toBeGreaterThan(0);
    expect(compareVersions('1.0-1', '1.0-1')).toBe(0);
  });

  it('a versioned Conflicts holds only for the versions it names', () => {
    expect(satisfies('4.53', '<<', '4.41')).toBe(false);
    expect(satisfies('4.40', '<<', '4.41')).toBe(true);
    expect(satisfies('1.2', null, null)).toBe(true);
  });
});
