// BOOTP/DHCP messages (RFC 2131 §2, RFC 951) with the vendor options of RFC 2132 that a lab's
// dhcpd and dhclient exchange. Options keep their order; ones we do not decode, or whose length
// does not fit their type, stay raw, so a message re-emits as it came.
import { readIpv4, readMac, writeIpv4, writeMac, type Ipv4, type Mac } from './addr.ts';
import { readU16, readU32, writeU16, writeU32 } from './bytes.ts';
import { fail, ok, type Result } from './result.ts';

export const DHCP_SERVER_PORT = 67;
export const DHCP_CLIENT_PORT = 68;
export const BOOTREQUEST = 1;
export const BOOTREPLY = 2;
export const HTYPE_ETHERNET = 1;
/** RFC 2131 §2: the broadcast bit of `flags`. */
export const DHCP_FLAG_BROADCAST = 0x8000;
/** RFC 2131 §3: 99.130.83.99. */
export const DHCP_MAGIC_COOKIE = 0x63825363;
/** Fixed fields (236 bytes) and the cookie. */
export const DHCP_MIN_LENGTH = 240;
/** RFC 951 §3: a BOOTP message is at least 300 bytes; dhclient and dhcpd pad to it. */
export const BOOTP_MIN_LENGTH = 300;

// Option 53 values (RFC 2132 §9.6).
export const DHCPDISCOVER = 1;
export const DHCPOFFER = 2;
export const DHCPREQUEST = 3;
export const DHCPDECLINE = 4;
export const DHCPACK = 5;
export const DHCPNAK = 6;
export const DHCPRELEASE = 7;
export const DHCPINFORM = 8;

export type DhcpOption =
  | { kind: 'pad' } // 0
  | { kind: 'subnet-mask'; address: Ipv4 } // 1
  | { kind: 'routers'; addresses: Ipv4[] } // 3
  | { kind: 'dns-servers'; addresses: Ipv4[] } // 6
  /** Strings are binary (one char per byte), not NUL-terminated (RFC 2132 §2). */
  | { kind: 'host-name'; name: string } // 12
  | { kind: 'domain-name'; name: string } // 15
  | { kind: 'requested-address'; address: Ipv4 } // 50
  | { kind: 'lease-time'; seconds: number } // 51
  | { kind: 'message-type'; type: number } // 53
  | { kind: 'server-id'; address: Ipv4 } // 54
  | { kind: 'parameter-request-list'; codes: number[] } // 55
  | { kind: 'renewal-time'; seconds: number } // 58, T1
  | { kind: 'rebinding-time'; seconds: number } // 59, T2
  /** RFC 2132 §9.14: a hardware type, then the identifier (dhclient: 1 and the MAC). */
  | { kind: 'client-id'; htype: number; id: Uint8Array } // 61
  | { kind: 'raw'; code: number; data: Uint8Array };

export interface DhcpMessage {
  op: number;
  htype: number;
  hlen: number;
  hops: number;
  xid: number;
  secs: number;
  /** DHCP_FLAG_BROADCAST and 15 bits that must be zero. */
  flags: number;
  ciaddr: Ipv4;
  yiaddr: Ipv4;
  siaddr: Ipv4;
  giaddr: Ipv4;
  /** The 16-byte client hardware address field, as on the wire (see dhcpChaddr). */
  chaddr: Uint8Array;
  /** Server host name and boot file name, up to their first NUL (binary strings). */
  sname: string;
  file: string;
  /** In order, without the end option (emit appends it). */
  options: DhcpOption[];
}

const CODES = {
  pad: 0,
  'subnet-mask': 1,
  routers: 3,
  'dns-servers': 6,
  'host-name': 12,
  'domain-name': 15,
  'requested-address': 50,
  'lease-time': 51,
  'message-type': 53,
  'server-id': 54,
  'parameter-request-list': 55,
  'renewal-time': 58,
  'rebinding-time': 59,
  'client-id': 61,
} as const;
const OPT_END = 255;

/** A MAC as the 16-byte chaddr field (padded with zeros). */
export function dhcpChaddr(mac: Mac): Uint8Array {
  const out = new Uint8Array(16);
  writeMac(out, 0, mac);
  return out;
}

/** The MAC in chaddr (its first 6 bytes). */
export function dhcpClientMac(msg: DhcpMessage): Mac {
  return readMac(msg.chaddr, 0);
}

/** The first option of a kind, typed: `dhcpOption(msg, 'message-type')?.type`. */
export function dhcpOption<K extends DhcpOption['kind']>(
  msg: DhcpMessage,
  kind: K,
): Extract<DhcpOption, { kind: K }> | undefined {
  return msg.options.find((o): o is Extract<DhcpOption, { kind: K }> => o.kind === kind);
}

function binaryString(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

function cString(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  return binaryString(nul < 0 ? bytes : bytes.subarray(0, nul));
}

function addresses(d: Uint8Array): Ipv4[] | null {
  if (d.length === 0 || d.length % 4 !== 0) return null;
  const out: Ipv4[] = [];
  for (let i = 0; i < d.length; i += 4) out.push(readIpv4(d, i));
  return out;
}

function decodeOption(code: number, d: Uint8Array): DhcpOption {
  const one = d.length === 4 ? readIpv4(d, 0) : null;
  const u32 = d.length === 4 ? readU32(d, 0) : null;
  switch (code) {
    case CODES['subnet-mask']:
      if (one !== null) return { kind: 'subnet-mask', address: one };
      break;
    case CODES.routers:
    case CODES['dns-servers']: {
      const list = addresses(d);
      if (list !== null) return { kind: code === CODES.routers ? 'routers' : 'dns-servers', addresses: list };
      break;
    }
    case CODES['host-name']:
    case CODES['domain-name']:
      if (d.length > 0) return { kind: code === CODES['host-name'] ? 'host-name' : 'domain-name', name: binaryString(d) };
      break;
    case CODES['requested-address']:
    case CODES['server-id']:
      if (one !== null) return { kind: code === CODES['server-id'] ? 'server-id' : 'requested-address', address: one };
      break;
    case CODES['lease-time']:
    case CODES['renewal-time']:
    case CODES['rebinding-time']:
      if (u32 !== null) {
        const kind = code === CODES['lease-time'] ? 'lease-time' : code === CODES['renewal-time'] ? 'renewal-time' : 'rebinding-time';
        return { kind, seconds: u32 };
      }
      break;
    case CODES['message-type']:
      if (d.length === 1) return { kind: 'message-type', type: d[0] };
      break;
    case CODES['parameter-request-list']:
      if (d.length > 0) return { kind: 'parameter-request-list', codes: [...d] };
      break;
    case CODES['client-id']:
      if (d.length >= 2) return { kind: 'client-id', htype: d[0], id: d.slice(1) };
      break;
  }
  return { kind: 'raw', code, data: d.slice() };
}

/**
 * The message fills `bytes` from `offset` (a UDP payload). Pads after the end option are
 * dropped (emit pads again); a message without the cookie (plain BOOTP) or without the end
 * option (RFC 2131 §4.1) is refused. Option overloading (52) is not interpreted.
 */
export function parseDhcp(bytes: Uint8Array, offset = 0): Result<DhcpMessage> {
  const available = bytes.length - offset;
  if (offset < 0 || available < DHCP_MIN_LENGTH) {
    return fail('truncated', `DHCP message needs 240 bytes, got ${Math.max(0, available)}`, offset);
  }
  if (readU32(bytes, offset + 236) !== DHCP_MAGIC_COOKIE) {
    return fail('unsupported', 'no DHCP magic cookie (plain BOOTP)', offset + 236);
  }
  const options: DhcpOption[] = [];
  let p = offset + DHCP_MIN_LENGTH;
  for (;;) {
    if (p >= bytes.length) return fail('truncated', 'options end without the end option (255)', p);
    const code = bytes[p];
    if (code === OPT_END) break;
    if (code === CODES.pad) {
      options.push({ kind: 'pad' });
      p++;
      continue;
    }
    if (p + 2 > bytes.length || p + 2 + bytes[p + 1] > bytes.length) {
      return fail('truncated', `option ${code} runs past the message`, p);
    }
    options.push(decodeOption(code, bytes.subarray(p + 2, p + 2 + bytes[p + 1])));
    p += 2 + bytes[p + 1];
  }
  return ok({
    op: bytes[offset],
    htype: bytes[offset + 1],
    hlen: bytes[offset + 2],
    hops: bytes[offset + 3],
    xid: readU32(bytes, offset + 4),
    secs: readU16(bytes, offset + 8),
    flags: readU16(bytes, offset + 10),
    ciaddr: readIpv4(bytes, offset + 12),
    yiaddr: readIpv4(bytes, offset + 16),
    siaddr: readIpv4(bytes, offset + 20),
    giaddr: readIpv4(bytes, offset + 24),
    chaddr: bytes.slice(offset + 28, offset + 44),
    sname: cString(bytes.subarray(offset + 44, offset + 108)),
    file: cString(bytes.subarray(offset + 108, offset + 236)),
    options,
  });
}

function optionData(o: Exclude<DhcpOption, { kind: 'pad' }>): { code: number; data: number[] } {
  const ip = (a: Ipv4) => [a >>> 24, (a >>> 16) & 0xff, (a >>> 8) & 0xff, a & 0xff];
  const text = (s: string) => Array.from(s, (c) => c.charCodeAt(0) & 0xff);
  switch (o.kind) {
    case 'subnet-mask':
    case 'requested-address':
    case 'server-id':
      return { code: CODES[o.kind], data: ip(o.address) };
    case 'routers':
    case 'dns-servers':
      return { code: CODES[o.kind], data: o.addresses.flatMap(ip) };
    case 'host-name':
    case 'domain-name':
      return { code: CODES[o.kind], data: text(o.name) };
    case 'lease-time':
    case 'renewal-time':
    case 'rebinding-time':
      return { code: CODES[o.kind], data: ip(o.seconds) };
    case 'message-type':
      return { code: CODES[o.kind], data: [o.type] };
    case 'parameter-request-list':
      return { code: CODES[o.kind], data: o.codes };
    case 'client-id':
      return { code: CODES[o.kind], data: [o.htype, ...o.id] };
    case 'raw':
      return { code: o.code, data: [...o.data] };
  }
}

function writeString(buf: Uint8Array, at: number, size: number, s: string, what: string): void {
  if (s.length > size) throw new RangeError(`${what} of ${s.length} bytes does not fit in ${size}`);
  for (let i = 0; i < s.length; i++) buf[at + i] = s.charCodeAt(i);
}

/** Options, then the end option, then zero pads up to the 300-byte BOOTP minimum. */
export function emitDhcp(msg: DhcpMessage): Uint8Array {
  const encoded: number[] = [];
  for (const o of msg.options) {
    if (o.kind === 'pad') {
      encoded.push(0);
      continue;
    }
    const { code, data } = optionData(o);
    // Longer values would need RFC 3396 splitting, which no lab option needs.
    if (data.length > 255) throw new RangeError(`DHCP option ${code} of ${data.length} bytes exceeds 255`);
    encoded.push(code, data.length, ...data);
  }
  encoded.push(OPT_END);
  const buf = new Uint8Array(Math.max(BOOTP_MIN_LENGTH, DHCP_MIN_LENGTH + encoded.length));
  buf[0] = msg.op;
  buf[1] = msg.htype;
  buf[2] = msg.hlen;
  buf[3] = msg.hops;
  writeU32(buf, 4, msg.xid);
  writeU16(buf, 8, msg.secs);
  writeU16(buf, 10, msg.flags);
  writeIpv4(buf, 12, msg.ciaddr);
  writeIpv4(buf, 16, msg.yiaddr);
  writeIpv4(buf, 20, msg.siaddr);
  writeIpv4(buf, 24, msg.giaddr);
  if (msg.chaddr.length > 16) throw new RangeError(`chaddr of ${msg.chaddr.length} bytes exceeds 16`);
  buf.set(msg.chaddr, 28);
  writeString(buf, 44, 64, msg.sname, 'sname');
  writeString(buf, 108, 128, msg.file, 'file');
  writeU32(buf, 236, DHCP_MAGIC_COOKIE);
  buf.set(encoded, DHCP_MIN_LENGTH);
  return buf;
}
