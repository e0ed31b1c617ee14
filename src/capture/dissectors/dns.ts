// DNS (RFC 1035, EDNS RFC 6891, cookies RFC 7873) as Wireshark's packet-dns.c: header flags,
// the four sections with each record's fields, the Info column (`Standard query response 0x6556
// A s54.tp541.iut A 10.254.54.1 OPT`) and the response linked to its query.
import { formatIpv4 } from '../../wire/addr.ts';
import { hexString } from './ethernet.ts';
import { durationText } from './text.ts';
import { seconds } from './format.ts';
import { markMalformed, type Packet } from './packet.ts';
import {
  collecting,
  add,
  bitPicture,
  buildingTree,
  generated,
  hex,
  item,
  type ProtoTree,
} from './tree.ts';


export const DNS_PORT = 53;

export interface DnsQuery {
  frame: number;
  timeNs: bigint;
}

const OPCODES: Record<number, string> = {
  0: 'Standard query',
  1: 'Inverse query',
  2: 'Server status request',
  4: 'Zone change notification',
  5: 'Dynamic update',
};
const RCODES: Record<number, string> = {
  0: 'No error',
  1: 'Format error',
  2: 'Server failure',
  3: 'No such name',
  4: 'Not implemented',
  5: 'Refused',
  6: 'Name exists',
  7: 'RRset exists',
  8: 'RRset does not exist',
  9: 'Not authoritative',
  10: 'Name out of zone',
};
/** Type mnemonics and Wireshark's long names. */
const TYPES: Record<number, readonly [string, string]> = {
  1: ['A', 'A (Host Address)'],
  2: ['NS', 'NS (authoritative Name Server)'],
  5: ['CNAME', 'CNAME (Canonical NAME for an alias)'],
  6: ['SOA', 'SOA (Start Of a zone of Authority)'],
  12: ['PTR', 'PTR (domain name PoinTeR)'],
  15: ['MX', 'MX (Mail eXchange)'],
  16: ['TXT', 'TXT (Text strings)'],
  28: ['AAAA', 'AAAA (IPv6 Address)'],
  33: ['SRV', 'SRV (Server Selection)'],
  41: ['OPT', 'OPT'],
  252: ['AXFR', 'AXFR (transfer of an entire zone)'],
  255: ['ANY', 'ANY (A request for all records the server/cache has available)'],
};
const CLASSES: Record<number, string> = { 1: 'IN', 3: 'CH', 4: 'HS', 254: 'NONE', 255: 'ANY' };
const EDNS_OPTIONS: Record<number, string> = { 3: 'NSID', 8: 'CSUBNET - Client subnet', 10: 'COOKIE', 12: 'PADDING' };

const typeShort = (t: number) => TYPES[t]?.[0] ?? `Unknown (${t})`;
const typeLong = (t: number) => `${TYPES[t]?.[1] ?? 'Unknown'} (${t})`;
const className = (c: number) => CLASSES[c] ?? hex(c, 4);

/** Reads big-endian numbers of [.., end); a read past the end returns 0 and sets `short`. */
class Reader {
  short = false;
  constructor(
    readonly b: Uint8Array,
    readonly end: number,
  ) {}
  u16(at: number): number {
    if (at + 2 > this.end) return this.fail();
    return (this.b[at] << 8) | this.b[at + 1];
  }
  u32(at: number): number {
    if (at + 4 > this.end) return this.fail();
    return ((this.b[at] << 24) | (this.b[at + 1] << 16) | (this.b[at + 2] << 8) | this.b[at + 3]) >>> 0;
  }
  fail(): 0 {
    this.short = true;
    return 0;
  }
}

const NO_NAME: Name = { text: '', length: 0, labels: 0 };

interface Name {
  text: string;
  /** Bytes the name occupies where it is written (a pointer ends it). */
  length: number;
  labels: number;
}

/**
 * Reads a possibly compressed name (RFC 1035 §4.1.4) of the message starting at `base`; a name
 * that runs out of bytes or loops marks the reader short.
 */
function readName(r: Reader, base: number, end: number, at: number): Name {
  const b = r.b;
  const labels: string[] = [];
  let pos = at;
  let length = -1;
  let jumps = 0;
  for (;;) {
    if (pos >= end) {
      r.fail();
      return NO_NAME;
    }
    const len = b[pos];
    if (len === 0) {
      if (length < 0) length = pos + 1 - at;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      if (pos + 1 >= end || ++jumps > 64) {
        r.fail();
        return NO_NAME;
      }
      if (length < 0) length = pos + 2 - at;
      pos = base + (((len & 0x3f) << 8) | b[pos + 1]);
      continue;
    }
    if (pos + 1 + len > end) {
      r.fail();
      return NO_NAME;
    }
    let label = '';
    for (let i = pos + 1; i <= pos + len; i++) label += String.fromCharCode(b[i]);
    labels.push(label);
    pos += 1 + len;
  }
  return { text: labels.length === 0 ? '<Root>' : labels.join('.'), length, labels: labels.length };
}

export function dissectDns(packet: Packet, offset: number, end: number): number {
  const b = packet.bytes;
  const full = buildingTree();
  packet.layers.push('dns');
  packet.cols.protocol = 'DNS';
  const avail = end - offset;
  const r = new Reader(b, end);
  const response = avail >= 3 && (b[offset + 2] & 0x80) !== 0;
  const node = item(full ? `Domain Name System (${response ? 'response' : 'query'})` : '', offset, avail, 'dns');
  packet.tree.push(node);
  let at = offset;
  // Wireshark stops at the first field past the end: what was read stays, then [Malformed Packet].
  const info: string[] = [];
  if (avail < 12) return malformed(packet, info, at, avail);
  const id = r.u16(offset);
  const flags = r.u16(offset + 2);
  const opcode = (flags >> 11) & 0xf;
  const rcode = flags & 0xf;
  const opName = OPCODES[opcode] ?? `Unknown (${opcode})`;
  packet.cols.info = `${opName}${response ? ' response' : ''} ${hex(id, 4)}`;
  if (response && rcode !== 0) packet.cols.info += ` ${RCODES[rcode] ?? `Unknown (${rcode})`}`;
  if (full || collecting('dns')) headerItems(node, offset, id, flags, response, full);
  const counts = [r.u16(offset + 4), r.u16(offset + 6), r.u16(offset + 8), r.u16(offset + 10)];
  const countNames: [string, string][] = [
    ['Questions', 'dns.count.queries'],
    ['Answer RRs', 'dns.count.answers'],
    ['Authority RRs', 'dns.count.auth_rr'],
    ['Additional RRs', 'dns.count.add_rr'],
  ];
  countNames.forEach(([name, field], i) => add(node, item(full ? `${name}: ${counts[i]}` : '', offset + 4 + 2 * i, 2, field, counts[i])));
  at = offset + 12;
  if (counts[0] > 0) {
    const queries = add(node, item('Queries', at, 0, 'dns.qry'));
    for (let i = 0; i < counts[0]; i++) {
      const start = at;
      const name = readName(r, offset, end, at);
      const type = r.u16(at + name.length);
      const cls = r.u16(at + name.length + 2);
      if (r.short) return malformed(packet, info, at, avail);
      const q = add(queries, item(full ? `${name.text}: type ${typeShort(type)}, class ${className(cls)}` : '', start, name.length + 4));
      add(q, item(full ? `Name: ${name.text}` : '', start, name.length, 'dns.qry.name', name.text));
      add(q, generated(full ? `Name Length: ${name.text === '<Root>' ? 6 : name.text.length}` : '', 'dns.qry.name.len'));
      add(q, generated(full ? `Label Count: ${name.labels}` : '', 'dns.count.labels', name.labels));
      add(q, item(full ? `Type: ${typeLong(type)}` : '', start + name.length, 2, 'dns.qry.type', type));
      add(q, item(full ? `Class: ${className(cls)} (${hex(cls, 4)})` : '', start + name.length + 2, 2, 'dns.qry.class', cls));
      info.push(`${typeShort(type)} ${name.text}`);
      at += name.length + 4;
    }
    queries.length = at - queries.offset;
  }
  const sections = ['Answers', 'Authoritative nameservers', 'Additional records'];
  for (let s = 0; s < 3; s++) {
    if (counts[s + 1] === 0) continue;
    const section = add(node, item(sections[s], at, 0));
    for (let i = 0; i < counts[s + 1]; i++) {
      const next = resourceRecord(r, offset, at, section, info);
      if (next < 0) return malformed(packet, info, at, avail);
      at = next;
    }
    section.length = at - section.offset;
  }
  packet.cols.info += ` ${info.join(' ')}`;
  linkQuery(packet, node, id, response);
  return avail;
}

/** Wireshark's answer to a DNS message cut short: what was read stays, then [Malformed Packet]. */
function malformed(packet: Packet, info: readonly string[], at: number, avail: number): number {
  if (info.length > 0) packet.cols.info += ` ${info.join(' ')}`;
  markMalformed(packet, 'DNS', at);
  // DNS's Info has no trailing separator, and tshark glues the marker on: `A x[Malformed Packet]`.
  packet.cols.info = packet.cols.info.replace(/ \[Malformed Packet\]$/, '[Malformed Packet]');
  return avail;
}

/** Transaction ID and the flags, bit by bit. */
function headerItems(node: ProtoTree, offset: number, id: number, flags: number, response: boolean, full: boolean): void {
  const opcode = (flags >> 11) & 0xf;
  const rcode = flags & 0xf;
  const opName = OPCODES[opcode] ?? `Unknown (${opcode})`;
  add(node, item(full ? `Transaction ID: ${hex(id, 4)}` : '', offset, 2, 'dns.id', id));
  const flagText = response ? `${opName} response, ${RCODES[rcode] ?? 'Unknown'}` : opName;
  const f = add(node, item(full ? `Flags: ${hex(flags, 4)} ${flagText}` : '', offset + 2, 2, 'dns.flags', flags));
  const bit = (mask: number, name: string, field: string, on: string, off: string) => {
    const set = (flags & mask) !== 0;
    add(f, item(full ? `${bitPicture(flags, 16, mask)} = ${name}: ${set ? on : off}` : '', offset + 2, 2, field, set));
  };
  bit(0x8000, 'Response', 'dns.flags.response', 'Message is a response', 'Message is a query');
  add(f, item(full ? `${bitPicture(flags, 16, 0x7800)} = Opcode: ${opName} (${opcode})` : '', offset + 2, 2, 'dns.flags.opcode', opcode));
  if (response) bit(0x0400, 'Authoritative', 'dns.flags.authoritative', 'Server is an authority for domain', 'Server is not an authority for domain');
  bit(0x0200, 'Truncated', 'dns.flags.truncated', 'Message is truncated', 'Message is not truncated');
  bit(0x0100, 'Recursion desired', 'dns.flags.recdesired', 'Do query recursively', "Don't do query recursively");
  if (response) bit(0x0080, 'Recursion available', 'dns.flags.recavail', 'Server can do recursive queries', "Server can't do recursive queries");
  add(f, item(full ? `${bitPicture(flags, 16, 0x0040)} = Z: reserved (${(flags >> 6) & 1})` : '', offset + 2, 2, 'dns.flags.z', (flags >> 6) & 1));
  if (response) {
    bit(0x0020, 'Answer authenticated', 'dns.flags.authenticated', 'Answer/authority portion was authenticated by the server', 'Answer/authority portion was not authenticated by the server');
  } else {
    bit(0x0020, 'AD bit', 'dns.flags.authenticated', 'Set', 'Not set');
  }
  bit(0x0010, 'Non-authenticated data', 'dns.flags.checkdisable', 'Acceptable', 'Unacceptable');
  if (response) {
    add(f, item(full ? `${bitPicture(flags, 16, 0x000f)} = Reply code: ${RCODES[rcode] ?? 'Unknown'} (${rcode})` : '', offset + 2, 2, 'dns.flags.rcode', rcode));
  }
}

/** One resource record (RFC 1035 §4.1.3) into `section`; returns where the next starts, -1 if cut short. */
function resourceRecord(r: Reader, base: number, start: number, section: ProtoTree, info: string[]): number {
  const b = r.b;
  const full = buildingTree();
  const name = readName(r, base, r.end, start);
  let at = start + name.length;
  const type = r.u16(at);
  const cls = r.u16(at + 2);
  const ttl = r.u32(at + 4);
  const rdlength = r.u16(at + 8);
  const rdata = at + 10;
  if (r.short || rdata + rdlength > r.end) return -1;
  const rr = add(section, item('', start, rdata + rdlength - start));
  add(rr, item(full ? `Name: ${name.text}` : '', start, name.length, 'dns.resp.name', name.text));
  add(rr, item(full ? `Type: ${typeLong(type)}` : '', at, 2, 'dns.resp.type', type));
  if (type === 41) {
    // OPT pseudo-record (RFC 6891 §6.1.2): class is the UDP size, TTL the extended flags.
    rr.label = `${name.text}: type OPT`;
    add(rr, item(full ? `UDP payload size: ${cls}` : '', at + 2, 2, 'dns.rr.udp_payload_size', cls));
    add(rr, item(full ? `Higher bits in extended RCODE: ${hex(ttl >>> 24, 2)}` : '', at + 4, 1, 'dns.resp.ext_rcode', ttl >>> 24));
    add(rr, item(full ? `EDNS0 version: ${(ttl >> 16) & 0xff}` : '', at + 5, 1, 'dns.resp.edns0_version', (ttl >> 16) & 0xff));
    const z = ttl & 0xffff;
    const zNode = add(rr, item(full ? `Z: ${hex(z, 4)}` : '', at + 6, 2, 'dns.resp.z', z));
    add(zNode, item(full ? `${bitPicture(z, 16, 0x8000)} = DO bit: ${(z & 0x8000) !== 0 ? 'Accepts DNSSEC security RRs' : 'Cannot handle DNSSEC security RRs'}` : '', at + 6, 2, 'dns.resp.z.do'));
    add(zNode, item(full ? `${bitPicture(z, 16, 0x7fff)} = Reserved: ${hex(z & 0x7fff, 4)}` : '', at + 6, 2, 'dns.resp.z.reserved'));
    add(rr, item(full ? `Data length: ${rdlength}` : '', at + 8, 2, 'dns.resp.len', rdlength));
    let o = rdata;
    while (o + 4 <= rdata + rdlength) {
      const code = r.u16(o);
      const len = r.u16(o + 2);
      if (o + 4 + len > rdata + rdlength) return -1;
      const optName = EDNS_OPTIONS[code] ?? 'Unknown';
      const opt = add(rr, item(full ? `Option: ${optName}` : '', o, 4 + len, 'dns.opt'));
      add(opt, item(full ? `Option Code: ${optName} (${code})` : '', o, 2, 'dns.opt.code', code));
      add(opt, item(full ? `Option Length: ${len}` : '', o + 2, 2, 'dns.opt.len', len));
      const data = b.subarray(o + 4, o + 4 + len);
      add(opt, item(full ? `Option Data: ${hexString(data)}` : '', o + 4, len, 'dns.opt.data'));
      if (code === 10) {
        add(opt, item(full ? `Client Cookie: ${hexString(data.subarray(0, 8))}` : '', o + 4, Math.min(8, len), 'dns.opt.cookie.client'));
        add(opt, item(full ? `Server Cookie: ${len > 8 ? hexString(data.subarray(8)) : '<MISSING>'}` : '', o + 12, Math.max(0, len - 8), 'dns.opt.cookie.server'));
      }
      o += 4 + len;
    }
    info.push('OPT');
    return rdata + rdlength;
  }
  add(rr, item(full ? `Class: ${className(cls)} (${hex(cls, 4)})` : '', at + 2, 2, 'dns.resp.class', cls));
  add(rr, item(full ? `Time to live: ${ttl} (${durationText(ttl)})` : '', at + 4, 4, 'dns.resp.ttl', ttl));
  add(rr, item(full ? `Data length: ${rdlength}` : '', at + 8, 2, 'dns.resp.len', rdlength));
  at = rdata;
  const head = full ? `${name.text}: type ${typeShort(type)}, class ${className(cls)}` : '';
  let summary = head;
  let value = '';
  const nameAt = (pos: number) => readName(r, base, r.end, pos);
  switch (type) {
    case 1: {
      if (rdlength !== 4) return -1;
      value = formatIpv4(r.u32(at));
      summary += `, addr ${value}`;
      add(rr, item(full ? `Address: ${value}` : '', at, 4, 'dns.a', value));
      break;
    }
    case 2:
    case 5:
    case 12: {
      const n = nameAt(at);
      value = n.text;
      const [label, field, word] =
        type === 2 ? ['Name Server', 'dns.ns', 'ns '] : type === 5 ? ['CNAME', 'dns.cname', 'cname '] : ['Domain Name', 'dns.ptr.domain_name', ''];
      summary += `, ${word}${value}`;
      add(rr, item(full ? `${label}: ${value}` : '', at, n.length, field, value));
      break;
    }
    case 15: {
      const pref = r.u16(at);
      const n = nameAt(at + 2);
      value = `${pref} ${n.text}`;
      summary += `, preference ${pref}, mx ${n.text}`;
      add(rr, item(full ? `Preference: ${pref}` : '', at, 2, 'dns.mx.preference', pref));
      add(rr, item(full ? `Mail Exchange: ${n.text}` : '', at + 2, n.length, 'dns.mx.mail_exchange', n.text));
      break;
    }
    case 6: {
      const m = nameAt(at);
      const rname = nameAt(at + m.length);
      let o = at + m.length + rname.length;
      value = m.text;
      summary += `, mname ${m.text}`;
      add(rr, item(full ? `Primary name server: ${m.text}` : '', at, m.length, 'dns.soa.mname', m.text));
      add(rr, item(full ? `Responsible authority's mailbox: ${rname.text}` : '', at + m.length, rname.length, 'dns.soa.rname', rname.text));
      const serial = r.u32(o);
      add(rr, item(full ? `Serial Number: ${serial}` : '', o, 4, 'dns.soa.serial_number', serial));
      const intervals: [string, string][] = [
        ['Refresh Interval', 'dns.soa.refresh_interval'],
        ['Retry Interval', 'dns.soa.retry_interval'],
        ['Expire limit', 'dns.soa.expire_limit'],
        ['Minimum TTL', 'dns.soa.minimum_ttl'],
      ];
      o += 4;
      for (const [label, field] of intervals) {
        const v = r.u32(o);
        add(rr, item(full ? `${label}: ${v} (${durationText(v)})` : '', o, 4, field, v));
        o += 4;
      }
      break;
    }
    default: {
      if (rdlength > 0) add(rr, item(full ? `Data: ${hexString(b.subarray(at, at + rdlength))}` : '', at, rdlength, 'dns.data'));
    }
  }
  rr.label = summary;
  info.push(value === '' ? typeShort(type) : `${typeShort(type)} ${value}`);
  if (r.short) return -1;
  return rdata + rdlength;
}

/** [Request In]/[Time] on a response, by conversation and transaction ID (packet-dns.c). */
function linkQuery(packet: Packet, node: ProtoTree, id: number, response: boolean): void {
  const key = ((packet.transport?.stream ?? -1) + 1) * 65536 + id;
  if (!response) {
    packet.state.dns.set(key, { frame: packet.number, timeNs: packet.timeNs });
    return;
  }
  const query = packet.state.dns.get(key);
  if (query === undefined) return;
  const full = buildingTree();
  add(node, generated(full ? `Request In: ${query.frame}` : '', 'dns.response_to', query.frame));
  add(node, generated(full ? `Time: ${seconds(packet.timeNs - query.timeNs)} seconds` : '', 'dns.time'));
}
