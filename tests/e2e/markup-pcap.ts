// A small pcap whose contents carry markup: a TCP session to port 25 whose client sends the
// strings, and a DNS query for a name made of them. Built by hand (checksums included) so the
// test controls every byte the capture pane shows.

/** The strings an attacker would hope the page turns into elements. */
export const MARKUP_IMG = '<img src=x onerror="window.__xss=1">';
export const MARKUP_SCRIPT = '<script>window.__xss=1</script>';

const CLIENT = [10, 0, 0, 2];
const SERVER = [10, 0, 0, 1];
const CLIENT_MAC = [0x02, 0, 0, 0, 0, 2];
const SERVER_MAC = [0x02, 0, 0, 0, 0, 1];

function checksum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i] << 8) | (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** Ethernet + IPv4 around a transport segment whose checksum field sits at `csumAt`. */
function frame(src: number[], dst: number[], proto: 6 | 17, segment: Buffer, csumAt: number): Buffer {
  const pseudo = Buffer.concat([Buffer.from([...src, ...dst, 0, proto]), Buffer.from([segment.length >> 8, segment.length & 0xff]), segment]);
  segment.writeUInt16BE(checksum(pseudo), csumAt);
  const ip = Buffer.alloc(20);
  ip.writeUInt8(0x45, 0);
  ip.writeUInt16BE(20 + segment.length, 2);
  ip.writeUInt16BE(0x4000, 6); // DF
  ip.writeUInt8(64, 8);
  ip.writeUInt8(proto, 9);
  ip.set(src, 12);
  ip.set(dst, 16);
  ip.writeUInt16BE(checksum(ip), 10);
  const fromClient = src === CLIENT;
  const eth = Buffer.from([...(fromClient ? SERVER_MAC : CLIENT_MAC), ...(fromClient ? CLIENT_MAC : SERVER_MAC), 0x08, 0x00]);
  return Buffer.concat([eth, ip, segment]);
}

function tcp(fromClient: boolean, seq: number, ack: number, flags: number, payload = ''): Buffer {
  const data = Buffer.from(payload, 'utf8');
  const s = Buffer.alloc(20 + data.length);
  s.writeUInt16BE(fromClient ? 40000 : 25, 0);
  s.writeUInt16BE(fromClient ? 25 : 40000, 2);
  s.writeUInt32BE(seq >>> 0, 4);
  s.writeUInt32BE(ack >>> 0, 8);
  s.writeUInt8(5 << 4, 12);
  s.writeUInt8(flags, 13);
  s.writeUInt16BE(64240, 14);
  data.copy(s, 20);
  return fromClient ? frame(CLIENT, SERVER, 6, s, 16) : frame(SERVER, CLIENT, 6, s, 16);
}

function dnsQuery(name: string): Buffer {
  const labels = name.split('.').map((l) => Buffer.from(l, 'utf8'));
  const qname = Buffer.concat([...labels.flatMap((l) => [Buffer.from([l.length]), l]), Buffer.from([0])]);
  const dns = Buffer.concat([Buffer.from([0x13, 0x37, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]), qname, Buffer.from([0, 1, 0, 1])]);
  const udp = Buffer.alloc(8 + dns.length);
  udp.writeUInt16BE(53000, 0);
  udp.writeUInt16BE(53, 2);
  udp.writeUInt16BE(udp.length, 4);
  dns.copy(udp, 8);
  return frame(CLIENT, SERVER, 17, udp, 6);
}

/** The frames, then a classic pcap (microsecond, Ethernet) around them. */
export function markupPcap(): Buffer {
  const SYN = 0x02, ACK = 0x10, PSH = 0x08;
  const line = `${MARKUP_IMG} ${MARKUP_SCRIPT}\r\n`;
  const banner = `220 ${MARKUP_SCRIPT} ESMTP\r\n`;
  const c = 1000, s = 5000;
  const frames = [
    tcp(true, c, 0, SYN),
    tcp(false, s, c + 1, SYN | ACK),
    tcp(true, c + 1, s + 1, ACK),
    tcp(false, s + 1, c + 1, PSH | ACK, banner),
    tcp(true, c + 1, s + 1 + banner.length, PSH | ACK, line),
    tcp(false, s + 1 + banner.length, c + 1 + Buffer.byteLength(line), ACK),
    dnsQuery(`${MARKUP_IMG}.${MARKUP_SCRIPT}.example`),
  ];
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262144, 16);
  header.writeUInt32LE(1, 20);
  const records = frames.map((f, i) => {
    const r = Buffer.alloc(16);
    r.writeUInt32LE(1_700_000_000 + i, 0);
    r.writeUInt32LE(0, 4);
    r.writeUInt32LE(f.length, 8);
    r.writeUInt32LE(f.length, 12);
    return Buffer.concat([r, f]);
  });
  return Buffer.concat([header, ...records]);
}
