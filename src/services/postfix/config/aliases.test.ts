// /etc/aliases parsing and the aliases.db file (fidelity smtp/install/aliases.default and
// smtp/admin/aliases_newaliases.txt: 12288-byte .db, lookups only after a rebuild).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigTestFs as TestFs } from './testing.ts';
import { buildAliasesDb, decodeHashDb, encodeAliasesDb, parseAliases, readAliasesDb, splitAliasValue } from './aliases.ts';

const fidelity = (name: string): string => readFileSync(new URL(`../../../../../shared/fidelity/${name}`, import.meta.url), 'utf8');
const ROOT = { uid: 0, gid: 0, groups: [0] };

describe('aliases', () => {
  it('reads the Debian default /etc/aliases', () => {
    const { entries, warnings } = parseAliases(fidelity('smtp/install/aliases.default'));
    expect(warnings).toEqual([]);
    expect(entries.map((e) => [e.key, e.value])).toEqual([['postmaster', 'root']]);
  });

  it('parses continuations, lists, :include:, |commands, /files and quoted names', () => {
    const text = '# c\nRoot: etudiant\nlist: a,\n  b, "|/usr/bin/x y, z",\n\t:include:/etc/l\n"We:ird": /tmp/file\nbroken line\nempty:\nroot: other\n';
    const { entries, warnings } = parseAliases(text);
    expect(entries.map((e) => [e.key, e.value, e.line])).toEqual([
      ['root', 'etudiant', 2],
      ['list', 'a, b, "|/usr/bin/x y, z", :include:/etc/l', 3],
      ['we:ird', '/tmp/file', 6],
    ]);
    expect(splitAliasValue(entries[1].value)).toEqual(['a', 'b', '"|/usr/bin/x y, z"', ':include:/etc/l']);
    expect(warnings).toEqual([
      '/etc/aliases, line 7: need name:value pair',
      '/etc/aliases, line 8: need name:value pair',
      '/etc/aliases.db: duplicate entry: "root"',
    ]);
  });

  it('builds a separate .db, 12288 bytes like the real one, that changes only when rebuilt', () => {
    const fs = new TestFs().put('/etc/aliases', fidelity('smtp/install/aliases.default'));
    expect(readAliasesDb(fs)).toBeNull();
    expect(buildAliasesDb(fs)).toEqual({ ok: true, warnings: [] });
    const st = fs.stat('/etc/aliases.db', ROOT);
    expect(st.ok && [st.value.size, st.value.mode, st.value.uid]).toEqual([12288, 0o644, 0]);
    expect(readAliasesDb(fs)).toEqual(new Map([['postmaster', ['root']]]));
    const before = st.ok ? st.value.mtimeMs : 0;
    fs.nowMs = fs.nowMs + 60_000;
    fs.writeFile('/etc/aliases', 'admin:\tetudiant\n', ROOT, { append: true });
    expect(readAliasesDb(fs)?.get('admin')).toBeUndefined();
    const st2 = fs.stat('/etc/aliases.db', ROOT);
    expect(st2.ok && st2.value.mtimeMs).toBe(before);
    buildAliasesDb(fs);
    expect(readAliasesDb(fs)?.get('admin')).toEqual(['etudiant']);
    const st3 = fs.stat('/etc/aliases.db', ROOT);
    expect(st3.ok && st3.value.mtimeMs).toBe(before + 60_000);
  });

  it('grows by 4 KB pages, and rejects foreign or truncated bytes', () => {
    const many = Array.from({ length: 2000 }, (_, i) => ({ key: `user${i}`, value: `dest${i}` }));
    const db = encodeAliasesDb(many);
    expect(db.length % 4096).toBe(0);
    expect(decodeHashDb(db)?.get('user1999')).toBe('dest1999');
    expect(decodeHashDb(new Uint8Array([1, 2, 3]))).toBeNull();
    expect(decodeHashDb(db.subarray(0, 30))).not.toBeUndefined();
    const fs = new TestFs().put('/etc/aliases.db', 'garbage');
    expect(readAliasesDb(fs)).toBeNull();
  });

  it('reports a missing source as postalias does', () => {
    const r = buildAliasesDb(new TestFs(), '/etc/nothere');
    expect(r).toEqual({ ok: false, warnings: [], error: 'open /etc/nothere: No such file or directory' });
  });

  it('survives CRLF, NUL bytes, 8-bit text and a 1 MB line without losing other entries', () => {
    const big = 'x'.repeat(1_000_000);
    const text = `a: b\r\nnul\0key: v\0al\nlatin: \u00e9t\u00e9\nhuge: ${big}\nz: last\n`;
    const { entries } = parseAliases(text);
    expect(entries.map((e) => e.key)).toEqual(['a', 'nul\0key', 'latin', 'huge', 'z']);
    expect(entries[0].value).toBe('b');
    const fs = new TestFs().put('/etc/aliases', text);
    expect(buildAliasesDb(fs).ok).toBe(true);
    const db = readAliasesDb(fs);
    expect(db?.get('huge')?.[0].length).toBe(1_000_000);
    expect(db?.get('z')).toEqual(['last']);
    expect(db?.get('latin')).toEqual(['\u00e9t\u00e9']);
  });
});
