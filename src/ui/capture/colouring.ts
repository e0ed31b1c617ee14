// Wireshark's default colouring rules: the "colorfilters" file shipped with Wireshark 4.0
// (wireshark/colorfilters, 16-bit [background][foreground] triplets), first match wins.
// We match on what the packet list already has (the Protocols column, Info, the Malformed flag,
// the frame bytes) rather than running 20 display filters per row: each rule below says which
// Wireshark filter it approximates. Rules for protocols we never dissect (SMB, DCERPC, HSRP,
// OSPF, SCTP, sysdig) are left out.

export interface ColourRule {
  /** The rule's name in Wireshark's View > Coloring Rules. */
  readonly name: string;
  /** CSS colours. */
  readonly background: string;
  readonly foreground: string;
}

export interface ColourInput {
  /** The frame's protocol stack, `eth:ethertype:ip:tcp:smtp`. */
  readonly protocols: string;
  readonly info: string;
  readonly malformed: boolean;
  /** The frame's first bytes (Ethernet: destination MAC first). */
  readonly bytes: Uint8Array;
  /** 1 = Ethernet. */
  readonly linktype: number;
}

/** #rrggbb from one of colorfilters' 16-bit-per-channel triplets. */
function rgb(r: number, g: number, b: number): string {
  const hex = (v: number): string => Math.round(v / 257).toString(16).padStart(2, '0');
  return `#${hex(r)}${hex(g)}${hex(b)}`;
}

const DARK = rgb(4626, 10023, 11822);

function rule(name: string, background: string, foreground = DARK): ColourRule {
  return { name, background, foreground };
}

export const BAD_TCP = rule('Bad TCP', DARK, rgb(63479, 34695, 34695));
export const ICMP_ERRORS = rule('ICMP errors', DARK, rgb(47031, 63479, 29812));
export const ARP = rule('ARP', rgb(64250, 61680, 55255));
export const ICMP = rule('ICMP', rgb(64764, 57568, 65535));
export const TCP_RST = rule('TCP RST', rgb(42148, 0, 0), rgb(65535, 64764, 40092));
export const TTL_LOW = rule('TTL low or unexpected', rgb(42148, 0, 0), rgb(60652, 61680, 60395));
/** Wireshark has no rule for malformed packets; we show them as its "Checksum Errors". */
export const CHECKSUM_ERRORS = rule('Checksum Errors', DARK, rgb(63479, 34695, 34695));
export const HTTP = rule('HTTP', rgb(58596, 65535, 51143));
export const ROUTING = rule('Routing', rgb(65535, 62451, 54998));
export const TCP_SYN_FIN = rule('TCP SYN/FIN', rgb(41120, 41120, 41120));
export const TCP = rule('TCP', rgb(59367, 59110, 65535));
export const UDP = rule('UDP', rgb(56026, 61166, 65535));
export const BROADCAST = rule('Broadcast', rgb(65535, 65535, 65535), rgb(47802, 48573, 46774));

/** Every rule, in the file's order (first match wins). */
export const COLOUR_RULES: readonly ColourRule[] = [
  BAD_TCP, ICMP_ERRORS, ARP, ICMP, TCP_RST, TTL_LOW, CHECKSUM_ERRORS, HTTP, ROUTING, TCP_SYN_FIN, TCP, UDP, BROADCAST,
];

/** TCP analysis prefixes of Info that are not "Bad TCP" (the rule excludes window updates and keep-alives). */
const BENIGN_ANALYSIS = ['[TCP Window Update]', '[TCP Keep-Alive]', '[TCP Keep-Alive ACK]'];
/** ICMP types 3..5 and 11 as their Info starts (icmp.type in {3..5, 11}). */
const ICMP_ERROR_INFO = ['Destination unreachable', 'Source quench', 'Redirect', 'Time-to-live exceeded'];

function hasLayer(protocols: string, layer: string): boolean {
  return protocols === layer || protocols.startsWith(`${layer}:`) || protocols.includes(`:${layer}:`) || protocols.endsWith(`:${layer}`);
}

/** The TCP flags byte of an Ethernet/IPv4 frame, or null. */
function tcpFlags(bytes: Uint8Array, linktype: number): number | null {
  const ip = ipv4Offset(bytes, linktype);
  if (ip === null || bytes[ip + 9] !== 6) return null;
  const at = ip + (bytes[ip] & 0x0f) * 4 + 13;
  return at < bytes.length ? bytes[at] : null;
}

function ipv4Offset(bytes: Uint8Array, linktype: number): number | null {
  if (linktype !== 1 || bytes.length < 34 || bytes[12] !== 0x08 || bytes[13] !== 0x00) return null;
  return (bytes[14] >> 4) === 4 ? 14 : null;
}

/** `ip.dst != 224.0.0.0/4 && ip.ttl < 5`, or a link-local multicast (224.0.0.0/24, not mDNS) with a TTL other than 1. */
function ttlLowOrUnexpected(bytes: Uint8Array, linktype: number, protocols: string): boolean {
  const ip = ipv4Offset(bytes, linktype);
  if (ip === null) return false;
  const ttl = bytes[ip + 8];
  const d = bytes.subarray(ip + 16, ip + 20);
  const multicast = (d[0] & 0xf0) === 0xe0;
  if (!multicast) return ttl < 5 && !hasLayer(protocols, 'ospf');
  const linkLocal = d[0] === 224 && d[1] === 0 && d[2] === 0;
  return linkLocal && d[3] !== 251 && ttl !== 1 && !hasLayer(protocols, 'vrrp');
}

/** The first default rule the packet matches, or null (no colour). */
export function colourOf(p: ColourInput): ColourRule | null {
  const tcp = hasLayer(p.protocols, 'tcp');
  if (tcp && p.info.startsWith('[TCP ') && !BENIGN_ANALYSIS.some((b) => p.info.startsWith(b))) return BAD_TCP;
  const icmp = hasLayer(p.protocols, 'icmp');
  if (icmp && ICMP_ERROR_INFO.some((e) => p.info.startsWith(e))) return ICMP_ERRORS;
  if (hasLayer(p.protocols, 'arp')) return ARP;
  if (icmp || hasLayer(p.protocols, 'icmpv6')) return ICMP;
  const flags = tcp ? tcpFlags(p.bytes, p.linktype) : null;
  if (flags !== null && (flags & 0x04) !== 0) return TCP_RST;
  if (ttlLowOrUnexpected(p.bytes, p.linktype, p.protocols)) return TTL_LOW;
  if (p.malformed) return CHECKSUM_ERRORS;
  if (hasLayer(p.protocols, 'http') || (tcp && tcpPort(p.bytes, p.linktype, 80))) return HTTP;
  if (['igmp', 'ospf', 'bgp', 'vrrp', 'cdp', 'eigrp'].some((l) => hasLayer(p.protocols, l))) return ROUTING;
  if (flags !== null && (flags & 0x03) !== 0) return TCP_SYN_FIN;
  if (tcp) return TCP;
  if (hasLayer(p.protocols, 'udp')) return UDP;
  if (p.linktype === 1 && p.bytes.length > 0 && (p.bytes[0] & 1) === 1) return BROADCAST;
  return null;
}

function tcpPort(bytes: Uint8Array, linktype: number, port: number): boolean {
  const ip = ipv4Offset(bytes, linktype);
  if (ip === null) return false;
  const at = ip + (bytes[ip] & 0x0f) * 4;
  if (at + 4 > bytes.length) return false;
  const src = (bytes[at] << 8) | bytes[at + 1];
  const dst = (bytes[at + 2] << 8) | bytes[at + 3];
  return src === port || dst === port;
}
