// DHCP/BOOTP (RFC 2131, options RFC 2132) as Wireshark's packet-dhcp.c: the fixed BOOTP fields,
// the magic cookie, then each option with its length and value; Info `DHCP Discover - Transaction
// ID 0x3903f326` (the type padded to 8 characters, as tshark prints it).
import { formatIpv4 } from '../../wire/addr.ts';
import {
  DHCP_MAGIC_COOKIE,
  DHCP_MIN_LENGTH,
} from '../../wire/dhcp.ts';
import { hexString } from './ethernet.ts';
import { macWithRaw } from './oui.ts';
import { markMalformed, type Packet } from './packet.ts';
import { durationText, formatText } from './text.ts';
import {
  add,
  bitPicture,
  buildingTree,
  collecting,
  hex,
  item,
  type ProtoTree,
} from './tree.ts';


export const DHCP_SERVER_PORT = 67;
export const DHCP_CLIENT_PORT = 68;

const MESSAGE_TYPES: Record<number, string> = {
  1: 'Discover',
  2: 'Offer',
  3: 'Request',
  4: 'Decline',
  5: 'ACK',
  6: 'NAK',
  7: 'Release',
  8: 'Inform',
};

type Kind = 'ip' | 'ips' | 'string' | 'time' | 'u16' | 'u32s' | 'other';
/** Option names as Wireshark prints them, and how their value reads. */
const OPTIONS: Record<number, readonly [string, Kind]> = {
  1: ['Subnet Mask', 'ip'],
  2: ['Time Offset', 'u32s'],
  3: ['Router', 'ips'],
  6: ['Domain Name Server', 'ips'],
  12: ['Host Name', 'string'],
  15: ['Domain Name', 'string'],
  26: ['Interface MTU', 'u16'],
  28: ['Broadcast Address', 'ip'],
  42: ['Network Time Protocol Servers', 'ips'],
  44: ['NetBIOS over TCP/IP Name Server', 'ips'],
  47: ['NetBIOS over TCP/IP Scope', 'string'],
  50: ['Requested IP Address', 'ip'],
  51: ['IP Address Lease Time', 'time'],
  53: ['DHCP Message Type', 'other'],
  54: ['DHCP Server Identifier', 'ip'],
  55: ['Parameter Request List', 'other'],
  57: ['Maximum DHCP Message Size', 'u16'],
  58: ['Renewal Time Value', 'time'],
  59: ['Rebinding Time Value', 'time'],
  60: ['Vendor class identifier', 'string'],
  61: ['Client identifier', 'other'],
  119: ['Domain Search', 'other'],
  121: ['Classless Static Route', 'other'],
  252: ['Private/Proxy autodiscovery', 'string'],
};
/** Options whose title repeats their address. */
const TITLED = new Set([1, 50, 54]);

export function dissectDhcp(packet: Packet, offset: number, end: number): number {
  const b = packet.bytes;
  packet.layers.push('dhcp');
  packet.cols.protocol = 'DHCP';
  const avail = end - offset;
  if (!buildingTree() && !collecting('dhcp')) return leanDhcp(packet, offset, end);
  const node = item('Dynamic Host Configuration Protocol', offset, avail, 'dhcp');
  packet.tree.push(node);
  const u16 = (at: number) => (b[at] << 8) | b[at + 1];
  const u32 = (at: number) => ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
  if (avail < DHCP_MIN_LENGTH) {
    markMalformed(packet, 'DHCP', offset);
    return avail;
  }
  const op = b[offset];
  const htype = b[offset + 1];
  const hlen = b[offset + 2];
  const xid = u32(offset + 4);
  const flags = u16(offset + 10);
  add(node, item(`Message type: ${op === 1 ? 'Boot Request' : op === 2 ? 'Boot Reply' : 'Unknown'} (${op})`, offset, 1, 'dhcp.type', op));
  add(node, item(`Hardware type: ${htype === 1 ? 'Ethernet' : 'Unknown'} (${hex(htype, 2)})`, offset + 1, 1, 'dhcp.hw.type', htype));
  add(node, item(`Hardware address length: ${hlen}`, offset + 2, 1, 'dhcp.hw.len', hlen));
  add(node, item(`Hops: ${b[offset + 3]}`, offset + 3, 1, 'dhcp.hops', b[offset + 3]));
  add(node, item(`Transaction ID: ${hex(xid, 8)}`, offset + 4, 4, 'dhcp.id', xid));
  add(node, item(`Seconds elapsed: ${u16(offset + 8)}`, offset + 8, 2, 'dhcp.secs', u16(offset + 8)));
  const broadcast = (flags & 0x8000) !== 0;
  const f = add(node, item(`Bootp flags: ${hex(flags, 4)}${broadcast ? ', Broadcast flag (Broadcast)' : ' (Unicast)'}`, offset + 10, 2, 'dhcp.flags', flags));
  add(f, item(`${bitPicture(flags, 16, 0x8000)} = Broadcast flag: ${broadcast ? 'Broadcast' : 'Unicast'}`, offset + 10, 2, 'dhcp.flags.bc', broadcast));
  add(f, item(`${bitPicture(flags, 16, 0x7fff)} = Reserved flags: ${hex(flags & 0x7fff, 4)}`, offset + 10, 2, 'dhcp.flags.reserved', flags & 0x7fff));
  const addrs: [string, string][] = [
    ['Client IP address', 'dhcp.ip.client'],
    ['Your (client) IP address', 'dhcp.ip.your'],
    ['Next server IP address', 'dhcp.ip.server'],
    ['Relay agent IP address', 'dhcp.ip.relay'],
  ];
  addrs.forEach(([label, field], i) => {
    const a = formatIpv4(u32(offset + 12 + 4 * i));
    add(node, item(`${label}: ${a}`, offset + 12 + 4 * i, 4, field, a));
  });
  const chaddr = offset + 28;
  if (htype === 1 && hlen === 6) {
    const mac = b.subarray(chaddr, chaddr + 6).reduce((m, x) => m * 256 + x, 0);
    add(node, item(`Client MAC address: ${macWithRaw(mac)}`, chaddr, 6, 'dhcp.hw.mac_addr', mac));
    add(node, item(`Client hardware address padding: ${hexString(b.subarray(chaddr + 6, chaddr + 16))}`, chaddr + 6, 10, 'dhcp.hw.addr_padding'));
  } else {
    add(node, item(`Client hardware address: ${hexString(b.subarray(chaddr, chaddr + 16))}`, chaddr, 16, 'dhcp.hw.addr'));
  }
  const cString = (at: number, size: number) => {
    const nul = b.subarray(at, at + size).indexOf(0);
    return formatText(b, at, nul < 0 ? at + size : at + nul);
  };
  const sname = cString(offset + 44, 64);
  add(node, item(sname === '' ? 'Server host name not given' : `Server host name: ${sname}`, offset + 44, 64, 'dhcp.server', sname));
  const file = cString(offset + 108, 128);
  add(node, item(file === '' ? 'Boot file name not given' : `Boot file name: ${file}`, offset + 108, 128, 'dhcp.file', file));
  const cookie = u32(offset + 236);
  add(node, item(cookie === DHCP_MAGIC_COOKIE ? 'Magic cookie: DHCP' : `Magic cookie: ${hex(cookie, 8)}`, offset + 236, 4, 'dhcp.cookie', cookie));
  const { type, at, intact } = walkOptions(b, offset + 240, end, cookie, {
    option: (code, optAt, len) => option(b, node, code, optAt, len),
    end: (endAt) => {
      const o = add(node, item('Option: (255) End', endAt, 1, 'dhcp.option.type', 255));
      add(o, item('Option End: 255', endAt, 1, 'dhcp.option.end', 255));
    },
  });
  if (cookie === DHCP_MAGIC_COOKIE && intact && at < end) add(node, item(`Padding: ${hexString(b.subarray(at, end))}`, at, end - at, 'dhcp.option.padding'));
  const name = type === undefined ? (op === 1 ? 'Boot Request' : 'Boot Reply') : (MESSAGE_TYPES[type] ?? 'Unknown');
  node.label = `Dynamic Host Configuration Protocol (${name})`;
  packet.cols.info = `DHCP ${name.padEnd(8)} - Transaction ID ${hex(xid, 8)}`;
  if (!intact) markMalformed(packet, 'DHCP', at);
  return avail;
}

/** The Info column and malformation alone (a lean pass that wants no dhcp.* field), as dissectDhcp finds them. */
function leanDhcp(packet: Packet, offset: number, end: number): number {
  const b = packet.bytes;
  const avail = end - offset;
  if (avail < DHCP_MIN_LENGTH) {
    markMalformed(packet, 'DHCP', offset);
    return avail;
  }
  const op = b[offset];
  const xid = ((b[offset + 4] << 24) | (b[offset + 5] << 16) | (b[offset + 6] << 8) | b[offset + 7]) >>> 0;
  const cookie = ((b[offset + 236] << 24) | (b[offset + 237] << 16) | (b[offset + 238] << 8) | b[offset + 239]) >>> 0;
  const { type, at, intact } = walkOptions(b, offset + 240, end, cookie, null);
  const name = type === undefined ? (op === 1 ? 'Boot Request' : 'Boot Reply') : (MESSAGE_TYPES[type] ?? 'Unknown');
  packet.cols.info = `DHCP ${name.padEnd(8)} - Transaction ID ${hex(xid, 8)}`;
  if (!intact) markMalformed(packet, 'DHCP', at);
  return avail;
}

interface OptionVisitor {
  option(code: number, at: number, len: number): void;
  end(at: number): void;
}

/**
 * The options after the magic cookie (RFC 2132): pads skipped, End stops, a length past the
 * packet is damage. Returns the message type (option 53), where the walk stopped, and whether
 * the options were whole; `visit` (null in the lean pass) sees each option and the End.
 */
function walkOptions(b: Uint8Array, start: number, end: number, cookie: number, visit: OptionVisitor | null): { type: number | undefined; at: number; intact: boolean } {
  let type: number | undefined;
  let at = start;
  if (cookie !== DHCP_MAGIC_COOKIE) return { type, at, intact: true };
  while (at < end) {
    const code = b[at];
    if (code === 0) {
      at++;
      continue;
    }
    if (code === 255) {
      visit?.end(at);
      return { type, at: at + 1, intact: true };
    }
    if (at + 2 > end || at + 2 + b[at + 1] > end) return { type, at, intact: false };
    const len = b[at + 1];
    visit?.option(code, at, len);
    if (code === 53 && len >= 1) type = b[at + 2];
    at += 2 + len;
  }
  return { type, at, intact: true };
}

function option(b: Uint8Array, parent: ProtoTree, code: number, at: number, len: number): ProtoTree {
  const [name, kind] = OPTIONS[code] ?? ['Unknown', 'other'];
  const v = at + 2;
  const u32 = (p: number) => ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
  let title = `Option: (${code}) ${name}`;
  if (TITLED.has(code) && len === 4) title += ` (${formatIpv4(u32(v))})`;
  if (code === 53 && len === 1) title += ` (${MESSAGE_TYPES[b[v]] ?? 'Unknown'})`;
  const o = add(parent, item(title, at, 2 + len, 'dhcp.option.type', code));
  add(o, item(`Length: ${len}`, at + 1, 1, 'dhcp.option.length', len));
  const value = (label: string, p: number, l: number, field = 'dhcp.option.value') => add(o, item(label, p, l, field));
  if (kind === 'ip' && len === 4) value(`${name}: ${formatIpv4(u32(v))}`, v, 4);
  else if (kind === 'ips' && len % 4 === 0) for (let p = v; p < v + len; p += 4) value(`${name}: ${formatIpv4(u32(p))}`, p, 4);
  else if (kind === 'string') value(`${name}: ${formatText(b, v, v + len)}`, v, len);
  else if (kind === 'time' && len === 4) {
    const s = u32(v);
    value(`${name}: (${s}s) ${s === 0xffffffff ? 'Infinity' : durationText(s)}`, v, 4);
  } else if (kind === 'u16' && len === 2) value(`${name}: ${(b[v] << 8) | b[v + 1]}`, v, 2);
  else if (kind === 'u32s' && len === 4) value(`${name}: ${u32(v) | 0}`, v, 4);
  else if (code === 53 && len === 1) value(`DHCP: ${MESSAGE_TYPES[b[v]] ?? 'Unknown'} (${b[v]})`, v, 1, 'dhcp.option.dhcp');
  else if (code === 55) {
    for (let p = v; p < v + len; p++) value(`Parameter Request List Item: (${b[p]}) ${OPTIONS[b[p]]?.[0] ?? 'Unknown'}`, p, 1, 'dhcp.option.request_list_item');
  } else if (code === 61 && len === 7 && b[v] === 1) {
    value('Hardware type: Ethernet (0x01)', v, 1, 'dhcp.hw.type');
    const mac = b.subarray(v + 1, v + 7).reduce((m, x) => m * 256 + x, 0);
    value(`Client MAC address: ${macWithRaw(mac)}`, v + 1, 6, 'dhcp.hw.mac_addr');
  } else if (len > 0) value(`Value: ${hexString(b.subarray(v, v + len))}`, v, len);
  return o;
}
