// DNS messages (RFC 1035 §4): header, question and the three resource record sections, with
// A, AAAA (RFC 3596), NS, CNAME, SOA, PTR, MX, TXT, SRV (RFC 2782) and the EDNS0 OPT pseudo-record
// (RFC 6891). Other types keep their rdata raw (RFC 3597). Names are presentation strings with a
// trailing dot ('s54.tp541.iut.', root '.'), case preserved, with the master-file escapes
// (RFC 1035 §5.1: `\.`, `\\`, `\DDD`) for bytes that would be ambiguous.
import type { Ipv4 } from './addr.ts';
import { readU16, readU32, writeU16, writeU32 } from './bytes.ts';
import { fail, ok, type Result } from './result.ts';

export const DNS_HEADER_LENGTH = 12;
/** RFC 1035 §2.3.4. */
export const DNS_MAX_LABEL_LENGTH = 63;
export const DNS_MAX_NAME_LENGTH = 255;

// RR TYPEs (IANA "Resource Record (RR) TYPEs").
export const DNS_TYPE_A = 1;
export const DNS_TYPE_NS = 2;
export const DNS_TYPE_CNAME = 5;
export const DNS_TYPE_SOA = 6;
export const DNS_TYPE_PTR = 12;
export const DNS_TYPE_MX = 15;
export const DNS_TYPE_TXT = 16;
export const DNS_TYPE_AAAA = 28;
export const DNS_TYPE_SRV = 33;
export const DNS_TYPE_OPT = 41;
/** Query-only types (RFC 1995, RFC 1035 §3.2.3). */
export const DNS_TYPE_IXFR = 251;
export const DNS_TYPE_AXFR = 252;
export const DNS_TYPE_ANY = 255;

export const DNS_CLASS_IN = 1;
export const DNS_CLASS_CH = 3;
export const DNS_CLASS_ANY = 255;

export const DNS_OPCODE_QUERY = 0;
export const DNS_OPCODE_STATUS = 2;
export const DNS_OPCODE_NOTIFY = 4; // RFC 1996
export const DNS_OPCODE_UPDATE = 5; // RFC 2136

export const DNS_RCODE_NOERROR = 0;
export const DNS_RCODE_FORMERR = 1;
export const DNS_RCODE_SERVFAIL = 2;
export const DNS_RCODE_NXDOMAIN = 3;
export const DNS_RCODE_NOTIMP = 4;
export const DNS_RCODE_REFUSED = 5;
export const DNS_RCODE_NOTAUTH = 9;

/** EDNS option codes (IANA "DNS EDNS0 Option Codes"). */
export const EDNS_OPTION_NSID = 3;
export const EDNS_OPTION_COOKIE = 10; // RFC 7873

export interface DnsQuestion {
  name: string;
  type: number;
  class: number;
}

export type DnsRData =
  | { kind: 'A'; address: Ipv4 }
  /** 16 bytes, network order. */
  | { kind: 'AAAA'; address: Uint8Array }
  | { kind: 'NS' | 'CNAME' | 'PTR'; target: string }
  | {
      kind: 'SOA';
      mname: string;
      rname: string;
      serial: number;
      refresh: number;
      retry: number;
      expire: number;
      minimum: number;
    }
  | { kind: 'MX'; preference: number; exchange: string }
  /** Each <character-string> as a binary string (one char per byte, 0-255), at most 255 long. */
  | { kind: 'TXT'; strings: string[] }
  | { kind: 'SRV'; priority: number; weight: number; port: number; target: string }
  /** Any other type, the typed ones in a class other than IN (A, AAAA), or empty rdata (UPDATE). */
  | { kind: 'raw'; data: Uint8Array };

export interface DnsRecord {
  name: string;
  type: number;
  class: number;
  ttl: number;
  data: DnsRData;
}

export interface EdnsOption {
  code: number;
  /** Raw option data (a COOKIE is the 8-byte client cookie, then the server cookie if any). */
  data: Uint8Array;
}

/** The OPT pseudo-record (RFC 6891 §6.1.2-6.1.3): its CLASS and TTL fields carry these. */
export interface DnsEdns {
  udpPayloadSize: number;
  /** Upper 8 bits of the 12-bit RCODE. */
  extendedRcode: number;
  version: number;
  /** DNSSEC OK (RFC 3225). */
  dnssecOk: boolean;
  /** The other 15 flag bits, "must be zero" but kept. */
  z: number;
  options: EdnsOption[];
}

export interface DnsMessage {
  id: number;
  qr: boolean;
  opcode: number;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  /** The reserved bit (RFC 1035 §4.1.1), zero in practice. */
  z: boolean;
  /** Authentic data and checking disabled (RFC 4035 §3.2). */
  ad: boolean;
  cd: boolean;
  /** Lower 4 bits of the RCODE. */
  rcode: number;
  questions: DnsQuestion[];
  answers: DnsRecord[];
  authority: DnsRecord[];
  /** The additional section without the OPT record, which is `edns`. */
  additional: DnsRecord[];
  /** Emitted as the last additional record (where BIND and dig put it). */
  edns?: DnsEdns;
}

// ---------------------------------------------------------------- names

// Bytes that need a backslash in presentation format, as BIND prints them (dns_name_totext).
function specialChar(b: number): boolean {
  return b === 0x2e || b === 0x5c || b === 0x22 || b === 0x28 || b === 0x29 || b === 0x3b || b === 0x40 || b === 0x24;
}

function labelToText(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) {
    const b = bytes[i];
    if (specialChar(b)) s += '\\' + String.fromCharCode(b);
    else if (b <= 0x20 || b >= 0x7f) s += '\\' + String(b).padStart(3, '0');
    else s += String.fromCharCode(b);
  }
  return s;
}

/**
 * A presentation name (absolute or not: the trailing dot is optional here) as its wire labels,
 * checked against RFC 1035 §2.3.4 limits.
 */
export function dnsNameLabels(name: string): Result<Uint8Array[]> {
  if (name === '.' || name === '') return ok([]);
  const labels: Uint8Array[] = [];
  let cur: number[] = [];
  let total = 1; // the root label's length byte
  const close = (at: number): Result<null> => {
    if (cur.length === 0) return fail('bad-value', `empty label in "${name}"`, at);
    if (cur.length > DNS_MAX_LABEL_LENGTH) return fail('bad-value', `label longer than 63 bytes in "${name}"`, at);
    labels.push(Uint8Array.from(cur));
    total += cur.length + 1;
    cur = [];
    return ok(null);
  };
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x2e) {
      const r = close(i);
      if (!r.ok) return r;
      continue;
    }
    if (c === 0x5c) {
      const d = /^[0-9]{3}/.exec(name.slice(i + 1, i + 4));
      if (d !== null) {
        const v = Number(d[0]);
        if (v > 255) return fail('bad-value', `bad escape \\${d[0]} in "${name}"`, i);
        cur.push(v);
        i += 3;
      } else if (i + 1 < name.length) {
        cur.push(name.charCodeAt(++i) & 0xff);
      } else {
        return fail('bad-value', `trailing backslash in "${name}"`, i);
      }
      continue;
    }
    if (c > 0xff) return fail('bad-value', `non-byte character in "${name}"`, i);
    cur.push(c);
  }
  if (cur.length > 0) {
    const r = close(name.length);
    if (!r.ok) return r;
  }
  if (total > DNS_MAX_NAME_LENGTH) return fail('bad-value', `name longer than 255 bytes: "${name}"`);
  return ok(labels);
}

interface Cursor {
  /** Message start: pointers are offsets from here. */
  base: number;
  end: number;
}

/**
 * Reads a possibly compressed name (RFC 1035 §4.1.4) at `at`. Each pointer must go strictly
 * backwards from the previous one (BIND's rule), which rejects loops and forward pointers.
 */
function readName(bytes: Uint8Array, at: number, c: Cursor): Result<{ name: string; next: number }> {
  let pos = at;
  let next = -1;
  let limit = at;
  let wireLength = 1;
  const parts: string[] = [];
  for (;;) {
    if (pos >= c.end) return fail('truncated', 'name runs past the end of the message', pos);
    const len = bytes[pos];
    if (len === 0) {
      if (next < 0) next = pos + 1;
      break;
    }
    const top = len & 0xc0;
    if (top === 0xc0) {
      if (pos + 2 > c.end) return fail('truncated', 'compression pointer cut short', pos);
      const target = c.base + (readU16(bytes, pos) & 0x3fff);
      if (target >= limit) return fail('bad-value', 'compression pointer does not point backwards', pos);
      if (next < 0) next = pos + 2;
      limit = target;
      pos = target;
      continue;
    }
    if (top !== 0) return fail('bad-value', `reserved label type 0x${top.toString(16)}`, pos);
    if (pos + 1 + len > c.end) return fail('truncated', 'label runs past the end of the message', pos);
    wireLength += len + 1;
    if (wireLength > DNS_MAX_NAME_LENGTH) return fail('bad-value', 'name longer than 255 bytes', pos);
    parts.push(labelToText(bytes, pos + 1, pos + 1 + len));
    pos += 1 + len;
  }
  return ok({ name: parts.length === 0 ? '.' : parts.join('.') + '.', next });
}

// ---------------------------------------------------------------- parse

function rdataKind(type: number): 'NS' | 'CNAME' | 'PTR' | null {
  return type === DNS_TYPE_NS ? 'NS' : type === DNS_TYPE_CNAME ? 'CNAME' : type === DNS_TYPE_PTR ? 'PTR' : null;
}

function readRData(bytes: Uint8Array, type: number, cls: number, at: number, end: number, c: Cursor): Result<DnsRData> {
  const length = end - at;
  const raw = (): Result<DnsRData> => ok({ kind: 'raw', data: bytes.slice(at, end) });
  if (length === 0) return raw();
  const exact = <T>(value: T, used: number): Result<T> =>
    used === end ? ok(value) : fail('bad-length', `RDATA length ${length} does not match its content`, at);
  // Names inside rdata may point anywhere earlier in the message, but not past RDLENGTH.
  const inside: Cursor = { base: c.base, end };
  const name = rdataKind(type);
  if (name !== null) {
    const n = readName(bytes, at, inside);
    if (!n.ok) return n;
    return exact({ kind: name, target: n.value.name }, n.value.next);
  }
  switch (type) {
    case DNS_TYPE_A:
      if (cls !== DNS_CLASS_IN) return raw();
      return exact({ kind: 'A', address: readU32(bytes, at) }, at + 4 <= end ? at + 4 : -1);
    case DNS_TYPE_AAAA:
      if (cls !== DNS_CLASS_IN) return raw();
      return exact({ kind: 'AAAA', address: bytes.slice(at, at + 16) }, at + 16 <= end ? at + 16 : -1);
    case DNS_TYPE_MX: {
      if (length < 3) return fail('bad-length', 'MX RDATA too short', at);
      const n = readName(bytes, at + 2, inside);
      if (!n.ok) return n;
      return exact({ kind: 'MX', preference: readU16(bytes, at), exchange: n.value.name }, n.value.next);
    }
    case DNS_TYPE_SRV: {
      if (length < 7) return fail('bad-length', 'SRV RDATA too short', at);
      const n = readName(bytes, at + 6, inside);
      if (!n.ok) return n;
      const srv = { kind: 'SRV' as const, priority: readU16(bytes, at), weight: readU16(bytes, at + 2) };
      return exact({ ...srv, port: readU16(bytes, at + 4), target: n.value.name }, n.value.next);
    }
    case DNS_TYPE_SOA: {
      const m = readName(bytes, at, inside);
      if (!m.ok) return m;
      const r = readName(bytes, m.value.next, inside);
      if (!r.ok) return r;
      const p = r.value.next;
      if (p + 20 > end) return fail('bad-length', 'SOA RDATA too short', at);
      return exact(
        {
          kind: 'SOA',
          mname: m.value.name,
          rname: r.value.name,
          serial: readU32(bytes, p),
          refresh: readU32(bytes, p + 4),
          retry: readU32(bytes, p + 8),
          expire: readU32(bytes, p + 12),
          minimum: readU32(bytes, p + 16),
        },
        p + 20,
      );
    }
    case DNS_TYPE_TXT: {
      const strings: string[] = [];
      let p = at;
      while (p < end) {
        const n = bytes[p];
        if (p + 1 + n > end) return fail('bad-length', 'TXT string runs past RDATA', p);
        strings.push(String.fromCharCode(...bytes.subarray(p + 1, p + 1 + n)));
        p += 1 + n;
      }
      return ok({ kind: 'TXT', strings });
    }
    default:
      return raw();
  }
}

function readEdns(bytes: Uint8Array, cls: number, ttl: number, at: number, end: number): Result<DnsEdns> {
  const options: EdnsOption[] = [];
  let p = at;
  while (p < end) {
    if (p + 4 > end) return fail('bad-length', 'EDNS option header cut short', p);
    const length = readU16(bytes, p + 2);
    if (p + 4 + length > end) return fail('bad-length', 'EDNS option runs past RDATA', p + 2);
    options.push({ code: readU16(bytes, p), data: bytes.slice(p + 4, p + 4 + length) });
    p += 4 + length;
  }
  const flags = ttl & 0xffff;
  return ok({
    udpPayloadSize: cls,
    extendedRcode: ttl >>> 24,
    version: (ttl >>> 16) & 0xff,
    dnssecOk: (flags & 0x8000) !== 0,
    z: flags & 0x7fff,
    options,
  });
}

/**
 * The DNS message fills `bytes` from `offset` to the end (a UDP payload, or a TCP message
 * without its 2-byte length prefix, RFC 1035 §4.2.2). Trailing bytes are refused, as BIND does.
 */
export function parseDns(bytes: Uint8Array, offset = 0): Result<DnsMessage> {
  const c: Cursor = { base: offset, end: bytes.length };
  if (offset < 0 || bytes.length - offset < DNS_HEADER_LENGTH) {
    return fail('truncated', `DNS header needs 12 bytes, got ${Math.max(0, bytes.length - offset)}`, offset);
  }
  const flags = readU16(bytes, offset + 2);
  const counts = [4, 6, 8, 10].map((o) => readU16(bytes, offset + o));
  const msg: DnsMessage = {
    id: readU16(bytes, offset),
    qr: (flags & 0x8000) !== 0,
    opcode: (flags >>> 11) & 0xf,
    aa: (flags & 0x0400) !== 0,
    tc: (flags & 0x0200) !== 0,
    rd: (flags & 0x0100) !== 0,
    ra: (flags & 0x0080) !== 0,
    z: (flags & 0x0040) !== 0,
    ad: (flags & 0x0020) !== 0,
    cd: (flags & 0x0010) !== 0,
    rcode: flags & 0xf,
    questions: [],
    answers: [],
    authority: [],
    additional: [],
  };
  let p = offset + DNS_HEADER_LENGTH;
  for (let i = 0; i < counts[0]; i++) {
    const n = readName(bytes, p, c);
    if (!n.ok) return n;
    p = n.value.next;
    if (p + 4 > c.end) return fail('truncated', 'question cut short', p);
    msg.questions.push({ name: n.value.name, type: readU16(bytes, p), class: readU16(bytes, p + 2) });
    p += 4;
  }
  const sections = [msg.answers, msg.authority, msg.additional];
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < counts[s + 1]; i++) {
      const n = readName(bytes, p, c);
      if (!n.ok) return n;
      p = n.value.next;
      if (p + 10 > c.end) return fail('truncated', 'resource record header cut short', p);
      const type = readU16(bytes, p);
      const cls = readU16(bytes, p + 2);
      const ttl = readU32(bytes, p + 4);
      const length = readU16(bytes, p + 8);
      const start = p + 10;
      if (start + length > c.end) return fail('truncated', `RDATA of ${length} bytes runs past the message`, p + 8);
      if (type === DNS_TYPE_OPT) {
        // RFC 6891 §6.1.1: one OPT, in the additional section, owned by the root.
        if (s !== 2 || msg.edns !== undefined || n.value.name !== '.') {
          return fail('bad-value', 'misplaced or repeated OPT record', p);
        }
        const e = readEdns(bytes, cls, ttl, start, start + length);
        if (!e.ok) return e;
        msg.edns = e.value;
      } else {
        const d = readRData(bytes, type, cls, start, start + length, c);
        if (!d.ok) return d;
        sections[s].push({ name: n.value.name, type, class: cls, ttl, data: d.value });
      }
      p = start + length;
    }
  }
  if (p !== c.end) return fail('bad-length', `${c.end - p} bytes of trailing garbage`, p);
  return ok(msg);
}

// ---------------------------------------------------------------- emit

/** A growable output buffer with the compression table (RFC 1035 §4.1.4). */
class Writer {
  buf = new Uint8Array(512);
  len = 0;
  /** Exact label sequence (case-sensitive, so case survives) -> offset of its first label. */
  readonly seen = new Map<string, number>();

  room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.buf.subarray(0, this.len));
    this.buf = bigger;
  }
  u8(v: number): void {
    this.room(1);
    this.buf[this.len++] = v;
  }
  u16(v: number): void {
    this.room(2);
    writeU16(this.buf, this.len, v);
    this.len += 2;
  }
  u32(v: number): void {
    this.room(4);
    writeU32(this.buf, this.len, v);
    this.len += 4;
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  name(name: string, compress: boolean): void {
    const r = dnsNameLabels(name);
    if (!r.ok) throw new RangeError(`cannot emit DNS name: ${r.error.message}`);
    const labels = r.value;
    const keys: string[] = [];
    // Length-prefixed, so a label holding a dot byte cannot pass for two labels.
    let key = '';
    for (let i = labels.length - 1; i >= 0; i--) {
      key = String.fromCharCode(labels[i].length, ...labels[i]) + key;
      keys[i] = key;
    }
    for (let i = 0; i < labels.length; i++) {
      const found = compress ? this.seen.get(keys[i]) : undefined;
      if (found !== undefined) {
        this.u16(0xc000 | found);
        return;
      }
      // Only offsets a 14-bit pointer can reach are remembered.
      if (compress && this.len < 0x4000 && !this.seen.has(keys[i])) this.seen.set(keys[i], this.len);
      this.u8(labels[i].length);
      this.bytes(labels[i]);
    }
    this.u8(0);
  }
}

function writeRData(w: Writer, d: DnsRData): void {
  switch (d.kind) {
    case 'A':
      w.u32(d.address);
      return;
    case 'AAAA':
      if (d.address.length !== 16) throw new RangeError(`AAAA address of ${d.address.length} bytes`);
      w.bytes(d.address);
      return;
    case 'NS':
    case 'CNAME':
    case 'PTR':
      w.name(d.target, true);
      return;
    case 'SOA':
      w.name(d.mname, true);
      w.name(d.rname, true);
      for (const v of [d.serial, d.refresh, d.retry, d.expire, d.minimum]) w.u32(v);
      return;
    case 'MX':
      w.u16(d.preference);
      w.name(d.exchange, true);
      return;
    case 'TXT':
      for (const s of d.strings) {
        if (s.length > 255) throw new RangeError(`TXT string of ${s.length} bytes exceeds 255`);
        w.u8(s.length);
        for (let i = 0; i < s.length; i++) w.u8(s.charCodeAt(i));
      }
      return;
    case 'SRV':
      w.u16(d.priority);
      w.u16(d.weight);
      w.u16(d.port);
      // RFC 2782: "name compression is not to be used for this field".
      w.name(d.target, false);
      return;
    case 'raw':
      w.bytes(d.data);
      return;
  }
}

function writeRecord(w: Writer, rr: DnsRecord): void {
  w.name(rr.name, true);
  w.u16(rr.type);
  w.u16(rr.class);
  w.u32(rr.ttl);
  const at = w.len;
  w.u16(0);
  writeRData(w, rr.data);
  const length = w.len - at - 2;
  if (length > 0xffff) throw new RangeError(`RDATA of ${length} bytes exceeds 65535`);
  writeU16(w.buf, at, length);
}

/** Compresses owner names and the names in NS, CNAME, PTR, SOA and MX rdata, as BIND does. */
export function emitDns(msg: DnsMessage): Uint8Array {
  const w = new Writer();
  w.u16(msg.id);
  const flags =
    (msg.qr ? 0x8000 : 0) |
    ((msg.opcode & 0xf) << 11) |
    (msg.aa ? 0x0400 : 0) |
    (msg.tc ? 0x0200 : 0) |
    (msg.rd ? 0x0100 : 0) |
    (msg.ra ? 0x0080 : 0) |
    (msg.z ? 0x0040 : 0) |
    (msg.ad ? 0x0020 : 0) |
    (msg.cd ? 0x0010 : 0) |
    (msg.rcode & 0xf);
  w.u16(flags);
  const extra = msg.edns === undefined ? 0 : 1;
  for (const n of [msg.questions.length, msg.answers.length, msg.authority.length, msg.additional.length + extra]) {
    if (n > 0xffff) throw new RangeError(`${n} entries in one DNS section`);
    w.u16(n);
  }
  for (const q of msg.questions) {
    w.name(q.name, true);
    w.u16(q.type);
    w.u16(q.class);
  }
  for (const rr of msg.answers) writeRecord(w, rr);
  for (const rr of msg.authority) writeRecord(w, rr);
  for (const rr of msg.additional) writeRecord(w, rr);
  if (msg.edns !== undefined) {
    const e = msg.edns;
    w.u8(0); // root owner
    w.u16(DNS_TYPE_OPT);
    w.u16(e.udpPayloadSize);
    w.u8(e.extendedRcode);
    w.u8(e.version);
    w.u16((e.dnssecOk ? 0x8000 : 0) | (e.z & 0x7fff));
    let length = 0;
    for (const o of e.options) length += 4 + o.data.length;
    if (length > 0xffff) throw new RangeError(`EDNS options of ${length} bytes exceed 65535`);
    w.u16(length);
    for (const o of e.options) {
      w.u16(o.code);
      w.u16(o.data.length);
      w.bytes(o.data);
    }
  }
  return w.buf.slice(0, w.len);
}
