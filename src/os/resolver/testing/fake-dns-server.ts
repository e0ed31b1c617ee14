// A small authoritative DNS server Program for tests (until and besides the real named): the
// fidelity lab's zones (fidelity/dns/config), answered with the sections BIND 9.18 chose in the
// recordings (minimal responses: MX and NS carry the A of their target in ADDITIONAL; NXDOMAIN and
// NODATA carry the SOA in AUTHORITY; names outside the zones are SERVFAIL, as the lab's named
// without Internet answered). EDNS queries get OPT udp 1232 and a 16-byte server cookie. UDP and
// TCP on port 53 (or the port given).
import { parseIpv4 } from '../../../wire/addr.ts';
import {
  DNS_RCODE_FORMERR,
  DNS_RCODE_NXDOMAIN,
  DNS_RCODE_SERVFAIL,
  DNS_TYPE_A,
  DNS_TYPE_ANY,
  DNS_TYPE_AXFR,
  DNS_TYPE_CNAME,
  DNS_TYPE_MX,
  DNS_TYPE_NS,
  DNS_TYPE_PTR,
  DNS_TYPE_SOA,
  EDNS_OPTION_COOKIE,
  emitDns,
  parseDns,
  type DnsMessage,
  type DnsRData,
  type DnsRecord,
} from '../../../wire/dns.ts';
import type { Process, Program } from '../../program.ts';

const TTL = 604800;
const a = (name: string, addr: string): DnsRecord => ({ name, type: DNS_TYPE_A, class: 1, ttl: TTL, data: { kind: 'A', address: parseIpv4(addr) ?? 0 } });
const rr = (name: string, type: number, data: DnsRData, ttl = TTL): DnsRecord => ({ name, type, class: 1, ttl, data });
const soa = (name: string, mname: string, rname: string, serial: number, times: number[], ttl = TTL): DnsRecord =>
  rr(name, DNS_TYPE_SOA, { kind: 'SOA', mname, rname, serial, refresh: times[0], retry: times[1], expire: times[2], minimum: times[3] }, ttl);

export interface FakeZone {
  origin: string;
  records: DnsRecord[];
}

/** The zones of the fidelity lab's named (db.mail128.com, db.etudiant541.iut, db.10.254.54, db.empty for 168.192). */
export const LAB_ZONES: FakeZone[] = [
  {
    origin: 'mail128.com.',
    records: [
      soa('mail128.com.', 'ns128.mail128.com.', 'root.mail128.com.', 2, [604800, 86400, 2419200, 604800]),
      rr('mail128.com.', DNS_TYPE_NS, { kind: 'NS', target: 'ns128.mail128.com.' }),
      rr('mail128.com.', DNS_TYPE_MX, { kind: 'MX', preference: 10, exchange: 'smtp128.mail128.com.' }),
      a('imap128.mail128.com.', '192.168.0.1'),
      a('ns128.mail128.com.', '192.168.0.1'),
      a('pop128.mail128.com.', '192.168.0.1'),
      a('smtp128.mail128.com.', '192.168.0.1'),
      rr('www.mail128.com.', DNS_TYPE_CNAME, { kind: 'CNAME', target: 'smtp128.mail128.com.' }),
    ],
  },
  {
    origin: 'etudiant541.iut.',
    records: [
      soa('etudiant541.iut.', 'etudiant541.iut.', 'etudiant541.iut.', 2, [604800, 86400, 2419200, 604800]),
      rr('etudiant541.iut.', DNS_TYPE_NS, { kind: 'NS', target: 'S54.etudiant541.iut.' }),
      rr('etudiant541.iut.', DNS_TYPE_MX, { kind: 'MX', preference: 10, exchange: 'smtp.etudiant541.iut.' }),
      a('S54.etudiant541.iut.', '10.254.54.1'),
      a('smtp.etudiant541.iut.', '10.254.54.1'),
    ],
  },
  {
    origin: '54.254.10.in-addr.arpa.',
    records: [
      soa('54.254.10.in-addr.arpa.', 'etudiant541.iut.', 'etudiant541.iut.', 2, [604800, 86400, 2419200, 604800]),
      rr('54.254.10.in-addr.arpa.', DNS_TYPE_NS, { kind: 'NS', target: 'S54.etudiant541.iut.' }),
      rr('1.54.254.10.in-addr.arpa.', DNS_TYPE_PTR, { kind: 'PTR', target: 'S54.etudiant541.iut.' }),
    ],
  },
  {
    // zones.rfc1918 -> db.empty, as Debian's named.conf.default-zones (the recording's SOA).
    origin: '168.192.IN-ADDR.ARPA.',
    records: [soa('168.192.IN-ADDR.ARPA.', '168.192.IN-ADDR.ARPA.', '.', 0, [28800, 7200, 604800, 86400], 86400)],
  },
];

const eq = (x: string, y: string): boolean => x.toLowerCase() === y.toLowerCase();
const under = (name: string, origin: string): boolean => origin === '.' || eq(name, origin) || name.toLowerCase().endsWith('.' + origin.toLowerCase());

/** The reply BIND would give to `query` from `zones` (sans IO). */
export function fakeAnswer(zones: FakeZone[], query: DnsMessage, serverCookie: Uint8Array): DnsMessage {
  const reply: DnsMessage = { ...query, qr: true, aa: false, tc: false, ra: true, ad: false, rcode: 0, answers: [], authority: [], additional: [], edns: undefined };
  if (query.edns !== undefined) {
    const client = query.edns.options.find((o) => o.code === EDNS_OPTION_COOKIE)?.data.subarray(0, 8);
    const options = client === undefined ? [] : [{ code: EDNS_OPTION_COOKIE, data: Uint8Array.from([...client, ...serverCookie]) }];
    reply.edns = { udpPayloadSize: 1232, extendedRcode: 0, version: 0, dnssecOk: false, z: 0, options };
  }
  if (query.questions.length !== 1) return { ...reply, rcode: DNS_RCODE_FORMERR };
  const q = query.questions[0];
  const zone = zones.filter((z) => under(q.name, z.origin)).sort((x, y) => y.origin.length - x.origin.length)[0];
  if (zone === undefined) return { ...reply, rcode: DNS_RCODE_SERVFAIL };
  // A delegation below the origin: a referral (no AA, the child's NS and their glue).
  const cut = zone.records.find((r) => r.type === DNS_TYPE_NS && !eq(r.name, zone.origin) && under(q.name, r.name));
  if (cut !== undefined && q.type !== DNS_TYPE_AXFR) {
    reply.authority = zone.records.filter((r) => r.type === DNS_TYPE_NS && eq(r.name, cut.name));
    for (const ns of reply.authority) {
      if (ns.data.kind === 'NS') {
        const target = ns.data.target;
        reply.additional.push(...zone.records.filter((x) => x.type === DNS_TYPE_A && eq(x.name, target)));
      }
    }
    return reply;
  }
  reply.aa = true;
  const zoneSoa = zone.records.filter((r) => r.type === DNS_TYPE_SOA);
  if (q.type === DNS_TYPE_AXFR) {
    reply.answers = [...zoneSoa, ...zone.records.filter((r) => r.type !== DNS_TYPE_SOA), ...zoneSoa];
    return reply;
  }
  let name = q.name;
  for (let hops = 0; hops < 8; hops++) {
    const owned = zone.records.filter((r) => eq(r.name, name));
    if (owned.length === 0) {
      if (reply.answers.length === 0) reply.rcode = DNS_RCODE_NXDOMAIN;
      if (reply.answers.length === 0) reply.authority = zoneSoa;
      return reply;
    }
    const matching = owned.filter((r) => q.type === DNS_TYPE_ANY || r.type === q.type);
    const cname = owned.find((r) => r.type === DNS_TYPE_CNAME);
    if (matching.length === 0 && cname !== undefined && cname.data.kind === 'CNAME') {
      reply.answers.push(cname);
      name = cname.data.target;
      if (!under(name, zone.origin)) return reply;
      continue;
    }
    if (matching.length === 0) {
      if (reply.answers.length === 0) reply.authority = zoneSoa;
      return reply;
    }
    reply.answers.push(...matching);
    if (q.type !== DNS_TYPE_ANY) {
      for (const r of matching) {
        const target = r.data.kind === 'MX' ? r.data.exchange : r.data.kind === 'NS' ? r.data.target : null;
        if (target !== null) reply.additional.push(...zone.records.filter((x) => x.type === DNS_TYPE_A && eq(x.name, target)));
      }
    }
    return reply;
  }
  return reply;
}

export interface FakeDnsOptions {
  zones?: FakeZone[];
  port?: number;
  /** Seen queries, for assertions. */
  log?: { transport: 'udp' | 'tcp'; query: DnsMessage; from: number }[];
  /** Answer nothing (a server that drops queries). */
  silent?: boolean;
  /** Answer UDP with TC set and no records (the client must ask again over TCP). */
  truncateUdp?: boolean;
  /** Replaces each UDP reply (garbage, a wrong ID...) or drops it (null): bad-input tests. */
  mangle?: (reply: Uint8Array) => Uint8Array | null;
}

/** A DNS server Program on UDP and TCP; runs until killed. */
export function fakeDnsServer(opts: FakeDnsOptions = {}): Program {
  const zones = opts.zones ?? LAB_ZONES;
  const port = opts.port ?? 53;
  return async (proc: Process) => {
    const owner = { pid: proc.pid, name: proc.comm };
    const cookie = (): Uint8Array => {
      const c = new Uint8Array(16);
      c[0] = 1;
      for (let i = 4; i < 16; i++) c[i] = proc.host.rng.int(0, 255);
      return c;
    };
    const answer = (bytes: Uint8Array, transport: 'udp' | 'tcp', from: number): Uint8Array | null => {
      const m = parseDns(bytes);
      if (!m.ok || m.value.qr) return null;
      opts.log?.push({ transport, query: m.value, from });
      if (opts.silent === true) return null;
      return emitDns(fakeAnswer(zones, m.value, cookie()));
    };
    // One UDP socket per address, as named binds them (a query to another 127.x address of lo
    // finds no socket and gets a port unreachable, as in the lab).
    for (const dev of proc.host.net.interfaces.values()) {
      for (const { address } of dev.addresses) {
        const udp = proc.host.net.udp.open();
        udp.owner = owner;
        udp.bind(address, port);
        udp.onMessage.on((msg) => {
          let reply = answer(msg.data, 'udp', msg.from);
          if (reply !== null && opts.truncateUdp === true) {
            const m = parseDns(reply);
            if (m.ok) reply = emitDns({ ...m.value, tc: true, answers: [], authority: [], additional: [] });
          }
          if (reply !== null && opts.mangle !== undefined) reply = opts.mangle(reply);
          if (reply !== null) udp.sendTo(reply, msg.from, msg.fromPort);
        });
      }
    }
    const listener = proc.host.net.tcp.listen({ port, owner });
    if (typeof listener !== 'string') {
      listener.onConnection.on((conn) => {
        let buf = new Uint8Array(0);
        conn.onData.on((d) => {
          buf = Uint8Array.from([...buf, ...d]);
          while (buf.length >= 2 && buf.length >= 2 + ((buf[0] << 8) | buf[1])) {
            const len = (buf[0] << 8) | buf[1];
            const reply = answer(buf.subarray(2, 2 + len), 'tcp', conn.remoteAddress);
            buf = buf.slice(2 + len);
            if (reply !== null) conn.send(Uint8Array.from([reply.length >> 8, reply.length & 0xff, ...reply]));
          }
        });
        conn.onEnd.on(() => conn.close());
      });
    }
    await new Promise<void>(() => {});
    return 0;
  };
}
