import { describe, it, expect } from 'vitest';
import { parseZoneFile } from './zone-file.ts';
import { DNS_TYPE_A, DNS_TYPE_MX, DNS_TYPE_SOA } from '../../wire/dns.ts';

const parse = (text: string, files: Record<string, string> = {}) =>
  parseZoneFile(text, { origin: 'lab.', file: 'db.lab', readFile: (p) => files[p] ?? null });

describe('zone-file parser (RFC 1035 §5.1)', () => {
  it('reads a SOA split over lines with comments, and relative, absolute and @ names', () => {
    const z = parse('$TTL 1d\n@ IN SOA ns root.lab. (\n 7 ; serial\n 1h 15m 1w\n 2h )\nwww IN A 10.0.0.1\nmail.lab. IN MX 10 www\n');
    expect(z.failure).toBeNull();
    expect(z.records.map((r) => [r.name, r.type, r.ttl, r.line])).toEqual([
      ['lab.', DNS_TYPE_SOA, 86400, 2],
      ['www.lab.', DNS_TYPE_A, 86400, 6],
      ['mail.lab.', DNS_TYPE_MX, 86400, 7],
    ]);
    expect(z.records[0].data).toEqual({ kind: 'SOA', mname: 'ns.lab.', rname: 'root.lab.', serial: 7, refresh: 3600, retry: 900, expire: 604800, minimum: 7200 });
    expect(z.records[2].data).toEqual({ kind: 'MX', preference: 10, exchange: 'www.lab.' });
  });

  it('inherits the owner from a line that starts with a blank and takes TTL and class in either order', () => {
    const z = parse('$TTL 60\nhost 300 IN A 10.0.0.1\n IN 120 A 10.0.0.2\n\tTXT "a \\"q\\"" b\n');
    expect(z.records.map((r) => [r.name, r.ttl])).toEqual([['host.lab.', 300], ['host.lab.', 120], ['host.lab.', 60]]);
    expect(z.records[2].data).toEqual({ kind: 'TXT', strings: ['a "q"', 'b'] });
  });

  it('follows $ORIGIN and reads $INCLUDE with its own origin, which ends with the file', () => {
    const z = parse('$TTL 1h\n$INCLUDE inc sub.lab.\nx A 10.0.0.3\n$ORIGIN rev.lab.\n1 PTR x.lab.\n', { inc: 'x A 10.0.0.2\n' });
    expect(z.records.map((r) => `${r.file}:${r.line} ${r.name}`)).toEqual(['inc:1 x.sub.lab.', 'db.lab:3 x.lab.', 'db.lab:5 1.rev.lab.']);
  });

  it('reports rdata errors with the token and the line, as dns_rdata_fromtext does', () => {
    expect(parse('$TTL 1h\nx A 10.0.0.256\n').diagnostics).toEqual([
      { file: 'db.lab', line: 2, message: "dns_rdata_fromtext: db.lab:2: near '10.0.0.256': bad dotted quad", result: 'bad dotted quad' },
    ]);
    expect(parse('$TTL 1h\n@ MX 10\n').diagnostics[0].message).toBe('dns_rdata_fromtext: db.lab:2: near eol: unexpected end of input');
    expect(parse('$TTL 1h\n@ MX 70000 x\n').failure).toBe('out of range');
    expect(parse('$TTL 1h\n@ CNAME a b\n').diagnostics[0].message).toBe("dns_rdata_fromtext: db.lab:2: near 'b': extra input text");
  });

  it('stops at the first fatal error and keeps what it read before', () => {
    const z = parse('$TTL 1h\na A 10.0.0.1\nb AA 10.0.0.2\nc A 10.0.0.3\n');
    expect(z.records.map((r) => r.name)).toEqual(['a.lab.']);
    expect(z.failure).toBe('unknown class/type');
    expect(z.diagnostics[0].message).toBe("db.lab:3: unknown RR type 'AA'");
  });

  it('takes the SOA minimum as TTL when there is no $TTL, with BIND warning', () => {
    const z = parse('@ IN SOA ns root ( 1 2 3 4 5 )\n@ NS ns\n');
    expect(z.records.map((r) => r.ttl)).toEqual([5, 5]);
    expect(z.diagnostics.map((d) => d.message)).toEqual(['dns_master_load: db.lab:1: no TTL specified; using SOA MINTTL instead']);
  });

  it('refuses a missing $INCLUDE file and a bad $TTL', () => {
    expect(parse('$INCLUDE nope\n').failure).toBe('file not found');
    expect(parse('$TTL 1x\n').diagnostics).toEqual([{ file: 'db.lab', line: 1, message: null, result: 'bad ttl' }]);
  });

  it('never throws on garbage', () => {
    let seed = 7;
    const alphabet = 'a1.@$();"\\ \t\nINSOAMXTXT\u00e9';
    for (let n = 0; n < 300; n++) {
      let s = '';
      for (let k = 0; k < 80; k++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        s += alphabet[seed % alphabet.length];
      }
      const z = parse(s);
      expect(z.failure === null || typeof z.failure === 'string').toBe(true);
    }
  });
});
