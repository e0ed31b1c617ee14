import { describe, it, expect } from 'vitest';
import { checkNamedConf, parseNamedConf } from './named-conf.ts';

const files: Record<string, string> = {
  '/etc/bind/named.conf.options': 'options {\n\tdirectory "/var/cache/bind";\n\tlisten-on port 53 { 127.0.0.1; 192.168.0.1; };\n\tallow-query { any; };\n\tallow-recursion { lan; };\n\trecursion yes;\n\tforwarders { 10.0.0.1; };\n\tforward first;\n\tdnssec-validation auto;\n\tlisten-on-v6 { any; };\n};\n',
};
const read = (p: string) => files[p] ?? null;

describe('named.conf parser', () => {
  it('reads options, acl and zones through include, in every comment style', () => {
    const r = parseNamedConf(
      '// c++\ninclude "/etc/bind/named.conf.options";\n# shell\nacl lan { 192.168.0.0/24; };\n/* c */\n' +
        'zone "lab" { type master; file "/etc/bind/db.lab"; allow-transfer { 192.168.0.2; }; };\n' +
        'zone "sec.lab" IN { type slave; primaries { 192.168.0.1; }; file "db.sec"; };\n',
      '/etc/bind/named.conf', read,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { options, zones, acls } = r.conf;
    expect(options).toMatchObject({
      directory: '/var/cache/bind', listenOn: ['127.0.0.1', '192.168.0.1'], allowQuery: ['any'], allowRecursion: ['lan'],
      recursion: true, forwarders: ['10.0.0.1'], forward: 'first', dnssecValidation: 'auto',
    });
    expect(acls.get('lan')).toEqual(['192.168.0.0/24']);
    expect(zones.map((z) => [z.name, z.type, z.file, z.primaries, z.allowTransfer, z.where.line])).toEqual([
      ['lab', 'primary', '/etc/bind/db.lab', [], ['192.168.0.2'], 6],
      ['sec.lab', 'secondary', 'db.sec', ['192.168.0.1'], null, 7],
    ]);
    expect(checkNamedConf(r.conf)).toEqual([]);
  });

  it('reports errors with the file and line of the offending token', () => {
    const err = (text: string) => {
      const r = parseNamedConf(text, 'n.conf', read);
      return r.ok ? null : r.error.text;
    };
    expect(err('zone "a" {\n type maitre;\n};')).toBe("n.conf:2: 'maitre' unexpected");
    expect(err('options {\n recursion yes\n};')).toBe("n.conf:3: missing ';' before '}'");
    expect(err('options { colour blue; };')).toBe("n.conf:1: unknown option 'colour'");
    expect(err('include "/nope";')).toBe('n.conf:1: open: /nope: file not found');
    expect(err('/* never closed')).toBe('n.conf:1: unterminated comment');
    expect(err('zone "a" { type master; }')).toBe("n.conf:1: missing ';' before end of file");
  });
});
