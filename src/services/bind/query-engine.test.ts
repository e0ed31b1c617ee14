// The query engine without sockets: one crafted request in, the reply's sections and flags out,
// for the cases of RFC 1034 §4.3.2 and BIND 9.18's defaults, and for bad requests.
import { describe, expect, it } from 'vitest';
import { parseIpv4, type Ipv4 } from '../../wire/addr.ts';
import { emitDns, parseDns, EDNS_OPTION_COOKIE, type DnsEdns, type DnsMessage } from '../../wire/dns.ts';
import { processRequest, renderResponse, udpLimit, type ServedZone, type View } from './query-engine.ts';
import { parseZoneFile } from './zone-file.ts';
import { ZoneDb } from './zone-db.ts';

const ZONE = `$TTL 3600
@ IN SOA ns root ( 7 3600 600 86400 300 )
@ NS ns
@ MX 10 mail
ns A 10.0.0.1
mail A 10.0.0.2
www CNAME web
web A 10.0.0.3
ext CNAME www.elsewhere.test.
sub NS ns.sub
ns.sub A 10.0.1.1
*.wild A 10.0.0.9
big A 10.0.2.1
`;

/** A query as dig 9.18 sends it: RD, AD, EDNS 1232 with an 8-byte client cookie. */
function queryMessage(name: string, type: number, o: { rd?: boolean; edns?: false | DnsEdns; opcode?: number; cls?: number } = {}): DnsMessage {
  const edns = o.edns === false ? undefined : o.edns ?? { udpPayloadSize: 1232, extendedRcode: 0, version: 0, dnssecOk: false, z: 0, options: [{ code: EDNS_OPTION_COOKIE, data: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]) }] };
  return {
    id: 0x1234, qr: false, opcode: o.opcode ?? 0, aa: false, tc: false, rd: o.rd ?? true, ra: false, z: false, ad: true, cd: false, rcode: 0,
    questions: [{ name, type, class: o.cls ?? 1 }], answers: [], authority: [], additional: [], edns,
  };
}

function ip(s: string): Ipv4 {
  return parseIpv4(s) as Ipv4;
}

function zone(origin: string, text: string, extra: Partial<ServedZone> = {}): ServedZone {
  const parsed = parseZoneFile(text, { origin, file: 'db' });
  return { name: origin, kind: 'primary', db: new ZoneDb(origin, parsed.records), allowQuery: null, allowTransfer: null, primaries: [], ...extra };
}

function view(zones: ServedZone[], o: Partial<View> = {}): View {
  return {
    zones: new Map(zones.map((z) => [z.name.toLowerCase(), z])), recursion: true, allowQuery: null, allowRecursion: null, allowTransfer: null,
    acl: { acls: new Map(), localAddresses: () => [{ address: ip('10.0.0.1'), prefix: 24 }, { address: ip('127.0.0.1'), prefix: 8 }] },
    hostname: 'ns1', cookieSecret: new Uint8Array(16), ...o,
  };
}

const bigText = ZONE + Array.from({ length: 60 }, (_, i) => `big A 10.0.3.${i}\n`).join('');
const V = view([zone('lab.test.', bigText)]);
const LOCAL = { address: ip('10.0.0.50'), port: 5353, tcp: false, nowSec: 1_800_000_000 };
const REMOTE = { ...LOCAL, address: ip('192.0.2.7') };

function ask(msg: DnsMessage, v: View = V, client = LOCAL): DnsMessage {
  const out = processRequest(v, emitDns(msg), client);
  if (out.kind === 'drop') throw new Error('dropped');
  const p = parseDns(renderResponse(out.response, client.tcp ? 65535 : udpLimit(msg)));
  if (!p.ok) throw new Error(p.error.message);
  return p.value;
}

const names = (m: DnsMessage, s: 'answers' | 'authority' | 'additional') => m[s].map((r) => `${r.name}/${r.type}/${r.ttl}`);

describe('authoritative answers (RFC 1034 §4.3.2)', () => {
  it('answers with AA; RD set gives no NS in authority (minimal-responses no-auth-recursive)', () => {
    const m = ask(queryMessage('lab.test.', 15));
    expect(m.aa).toBe(true);
    expect(names(m, 'answers')).toEqual(['lab.test./15/3600']);
    expect(names(m, 'authority')).toEqual([]);
    expect(names(m, 'additional')).toEqual(['mail.lab.test./1/3600']);
  });

  it('RD clear: the zone NS in authority and their addresses in additional', () => {
    const m = ask(queryMessage('web.lab.test.', 1, { rd: false }));
    expect(names(m, 'authority')).toEqual(['lab.test./2/3600']);
    expect(names(m, 'additional')).toEqual(['ns.lab.test./1/3600']);
  });

  it('NXDOMAIN and NODATA carry the SOA with TTL min(SOA TTL, MINIMUM) (RFC 2308)', () => {
    const nx = ask(queryMessage('nope.lab.test.', 1));
    expect(nx.rcode).toBe(3);
    expect(names(nx, 'authority')).toEqual(['lab.test./6/300']);
    const nodata = ask(queryMessage('web.lab.test.', 28));
    expect(nodata.rcode).toBe(0);
    expect(nodata.answers).toEqual([]);
    expect(names(nodata, 'authority')).toEqual(['lab.test./6/300']);
    // An empty non-terminal exists: NODATA, not NXDOMAIN.
    expect(ask(queryMessage('wild.lab.test.', 1)).rcode).toBe(0);
  });

  it('follows CNAME chains inside its zones; outside them it recurses for allowed clients', () => {
    const m = ask(queryMessage('www.lab.test.', 1));
    expect(names(m, 'answers')).toEqual(['www.lab.test./5/3600', 'web.lab.test./1/3600']);
    const out = processRequest(V, emitDns(queryMessage('ext.lab.test.', 1)), LOCAL);
    expect(out.kind).toBe('recurse');
    if (out.kind === 'recurse') expect(out.qname).toBe('www.elsewhere.test.');
  });

  it('refers to a delegated subzone without AA, with glue', () => {
    const m = ask(queryMessage('host.sub.lab.test.', 1, { rd: false }));
    expect(m.aa).toBe(false);
    expect(names(m, 'answers')).toEqual([]);
    expect(names(m, 'authority')).toEqual(['sub.lab.test./2/3600']);
    expect(names(m, 'additional')).toEqual(['ns.sub.lab.test./1/3600']);
  });

  it('synthesizes wildcard answers (RFC 4592)', () => {
    const m = ask(queryMessage('anything.wild.lab.test.', 1));
    expect(names(m, 'answers')).toEqual(['anything.wild.lab.test./1/3600']);
  });

  it('answers version.bind in class CHAOS', () => {
    const m = ask(queryMessage('version.bind.', 16, { cls: 3 }));
    expect(m.answers[0].data).toEqual({ kind: 'TXT', strings: ['9.18.49-1~deb12u3-Debian'] });
  });
});

describe('access control and recursion', () => {
  it('refuses recursion to clients outside localnets/localhost (RA clear)', () => {
    const m = ask(queryMessage('www.example.', 1), V, REMOTE);
    expect(m.rcode).toBe(5);
    expect(m.ra).toBe(false);
    const auth = ask(queryMessage('web.lab.test.', 1), V, REMOTE);
    expect(auth.rcode).toBe(0);
    expect(auth.aa).toBe(true);
  });

  it('applies a zone allow-query (REFUSED) and logs it as BIND', () => {
    const v = view([zone('lab.test.', ZONE, { allowQuery: ['10.0.0.0/24'] })]);
    const out = processRequest(v, emitDns(queryMessage('web.lab.test.', 1)), REMOTE);
    expect(out.kind === 'reply' && out.response.rcode).toBe(5);
    expect(out.kind === 'reply' && out.log?.message).toBe("192.0.2.7#5353 (web.lab.test): query 'web.lab.test/A/IN' denied");
  });

  it('an unknown name for a local client goes to the resolver', () => {
    expect(processRequest(V, emitDns(queryMessage('www.google.com.', 1)), LOCAL).kind).toBe('recurse');
  });
});

describe('EDNS, cookies, truncation', () => {
  it('answers EDNS with 1232 and a 24-byte cookie; BADVERS for EDNS version 1', () => {
    const m = ask(queryMessage('web.lab.test.', 1));
    expect(m.edns?.udpPayloadSize).toBe(1232);
    expect(m.edns?.options[0].code).toBe(EDNS_OPTION_COOKIE);
    expect(m.edns?.options[0].data.length).toBe(24);
    const bad = ask(queryMessage('web.lab.test.', 1, { edns: { udpPayloadSize: 1232, extendedRcode: 0, version: 1, dnssecOk: false, z: 0, options: [] } }));
    expect(bad.edns?.extendedRcode).toBe(1);
    expect(bad.rcode).toBe(0);
  });

  it('ANY over UDP without a server cookie gets TC; with the cookie we gave, the answer', () => {
    const first = ask(queryMessage('lab.test.', 255));
    expect(first.tc).toBe(true);
    expect(first.answers).toEqual([]);
    const cookie = first.edns!.options[0].data;
    const again = ask(queryMessage('lab.test.', 255, { edns: { udpPayloadSize: 1232, extendedRcode: 0, version: 0, dnssecOk: false, z: 0, options: [{ code: EDNS_OPTION_COOKIE, data: cookie }] } }));
    expect(again.tc).toBe(false);
    expect(again.answers.map((r) => r.type)).toEqual([6, 2, 15]);
  });

  it('truncates at 512 bytes without EDNS and sends everything over TCP', () => {
    const udp = ask(queryMessage('big.lab.test.', 1, { edns: false }));
    expect(udp.tc).toBe(true);
    expect(udp.answers).toEqual([]);
    const tcp = ask(queryMessage('big.lab.test.', 1, { edns: false }), V, { ...LOCAL, tcp: true });
    expect(tcp.tc).toBe(false);
    expect(tcp.answers.length).toBe(61);
  });
});

describe('bad requests', () => {
  it('drops what is shorter than a header or is a response', () => {
    expect(processRequest(V, new Uint8Array(5), LOCAL).kind).toBe('drop');
    const resp = emitDns({ ...queryMessage('web.lab.test.', 1), qr: true });
    expect(processRequest(V, resp, LOCAL).kind).toBe('drop');
  });

  it('FORMERR for garbage after a header, pointer loops, two questions, a bad cookie', () => {
    const loop = Uint8Array.from([0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1]);
    const out = processRequest(V, loop, LOCAL);
    expect(out.kind === 'reply' && out.response.rcode).toBe(1);
    expect(out.kind === 'reply' && out.response.id).toBe(0x1234);
    const two = queryMessage('web.lab.test.', 1);
    two.questions.push({ name: 'ns.lab.test.', type: 1, class: 1 });
    expect(ask(two).rcode).toBe(1);
    const badCookie = queryMessage('web.lab.test.', 1, { edns: { udpPayloadSize: 1232, extendedRcode: 0, version: 0, dnssecOk: false, z: 0, options: [{ code: 10, data: new Uint8Array(5) }] } });
    expect(ask(badCookie).rcode).toBe(1);
  });

  it('NOTIMP for opcodes other than QUERY, NOTIFY and UPDATE', () => {
    expect(ask(queryMessage('web.lab.test.', 1, { opcode: 2 })).rcode).toBe(4);
  });

  it('never throws on random or cut bytes', () => {
    let seed = 12345;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16;
    const good = emitDns(queryMessage('www.lab.test.', 1));
    for (let i = 0; i < 3000; i++) {
      const len = i % 3 === 0 ? rnd() % good.length : 12 + (rnd() % 300);
      const b = i % 3 === 0 ? good.slice(0, len) : Uint8Array.from({ length: len }, () => rnd() & 0xff);
      if (i % 5 === 0 && b.length > 2) b[2] &= 0x7f;
      const out = processRequest(V, b, LOCAL);
      if (out.kind === 'reply') expect(() => renderResponse(out.response, 512)).not.toThrow();
    }
  });
});
