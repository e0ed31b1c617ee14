import { describe, expect, it } from 'vitest';
import { parseSessionScript } from './session-script.ts';

describe('session script', () => {
  it('reads every directive of the documented format with its line number', () => {
    const r = parseSessionScript('# set up\n@SMTP\nadduser smtp\n@wait 2.5\n@expect 250 2.1.5 Ok\n@key Up\n^C\n@CLIENT#2\n^D\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.directives).toEqual([
      { kind: 'terminal', line: 2, host: 'SMTP', index: 1 },
      { kind: 'type', line: 3, text: 'adduser smtp' },
      { kind: 'wait', line: 4, seconds: 2.5 },
      { kind: 'expect', line: 5, text: '250 2.1.5 Ok' },
      { kind: 'key', line: 6, name: 'Up', bytes: '\x1b[A' },
      { kind: 'key', line: 7, name: '^C', bytes: '\x03' },
      { kind: 'terminal', line: 8, host: 'CLIENT', index: 2 },
      { kind: 'key', line: 9, name: '^D', bytes: '\x04' },
    ]);
  });

  it('types empty lines and lines with leading spaces as they are', () => {
    const r = parseSessionScript('\n  .\n');
    expect(r.ok && r.directives).toEqual([
      { kind: 'type', line: 1, text: '' },
      { kind: 'type', line: 2, text: '  .' },
    ]);
  });

  it('types a zone file line that starts with "@ " instead of reading a directive', () => {
    const r = parseSessionScript('@   IN  SOA s54. root.s54. (\n@\n');
    expect(r.ok && r.directives).toEqual([
      { kind: 'type', line: 1, text: '@   IN  SOA s54. root.s54. (' },
      { kind: 'type', line: 2, text: '@' },
    ]);
  });

  it('reports every bad directive with its line', () => {
    const r = parseSessionScript('@wait soon\n@key Hyper\n@expect\n@bad host\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.line)).toEqual([1, 2, 3, 4]);
    expect(r.errors[1].message).toMatch(/unknown key "Hyper"/);
  });
});
