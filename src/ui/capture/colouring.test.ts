import { describe, expect, it } from 'vitest';
import { colourOf, ARP, BAD_TCP, BROADCAST, CHECKSUM_ERRORS, ICMP, ICMP_ERRORS, TCP, TCP_RST, TCP_SYN_FIN, TTL_LOW, UDP, type ColourInput } from './colouring.ts';

/** An Ethernet/IPv4 frame with a TCP header carrying `flags` (enough bytes for the rules). */
function ipv4(proto: number, opts: { ttl?: number; dst?: number[]; flags?: number; dstMac?: number } = {}): Uint8Array {
  const b = new Uint8Array(14 + 20 + 20);
  b[0] = opts.dstMac ?? 0x02;
  b[12] = 0x08;
  b[14] = 0x45;
  b[14 + 8] = opts.ttl ?? 64;
  b[14 + 9] = proto;
  b.set(opts.dst ?? [10, 0, 0, 2], 14 + 16);
  b[34 + 2] = 0x00;
  b[34 + 3] = 25;
  b[34 + 13] = opts.flags ?? 0x10;
  return b;
}

function input(protocols: string, info: string, bytes: Uint8Array, malformed = false): ColourInput {
  return { protocols, info, malformed, bytes, linktype: 1 };
}

describe('default colouring rules (Wireshark 4.0 colorfilters)', () => {
  it('colours TCP by its flags: SYN/FIN grey, RST dark red, plain segments light purple', () => {
    expect(colourOf(input('eth:ethertype:ip:tcp', '40000 → 25 [SYN] Seq=0', ipv4(6, { flags: 0x02 })))).toBe(TCP_SYN_FIN);
    expect(colourOf(input('eth:ethertype:ip:tcp', '40000 → 25 [FIN, ACK]', ipv4(6, { flags: 0x11 })))).toBe(TCP_SYN_FIN);
    expect(colourOf(input('eth:ethertype:ip:tcp', '25 → 40000 [RST, ACK]', ipv4(6, { flags: 0x14 })))).toBe(TCP_RST);
    expect(colourOf(input('eth:ethertype:ip:tcp:smtp', 'S: 220 mail ESMTP', ipv4(6)))).toBe(TCP);
    expect(TCP_SYN_FIN.background).toBe('#a0a0a0');
    expect(TCP.background).toBe('#e7e6ff');
  });

  it('marks TCP analysis problems as Bad TCP, but not window updates or keep-alives', () => {
    expect(colourOf(input('eth:ethertype:ip:tcp', '[TCP Retransmission] 40000 → 25 [PSH, ACK]', ipv4(6, { flags: 0x18 })))).toBe(BAD_TCP);
    expect(colourOf(input('eth:ethertype:ip:tcp', '[TCP Dup ACK 6#1] 25 → 40000 [ACK]', ipv4(6)))).toBe(BAD_TCP);
    expect(colourOf(input('eth:ethertype:ip:tcp', '[TCP Window Update] 25 → 40000 [ACK]', ipv4(6)))).toBe(TCP);
    expect(colourOf(input('eth:ethertype:ip:tcp', '[TCP Keep-Alive ACK] 25 → 40000 [ACK]', ipv4(6)))).toBe(TCP);
    expect(BAD_TCP.foreground).toBe('#f78787');
  });

  it('colours ARP, ICMP, ICMP errors, UDP/DNS and broadcasts', () => {
    const arp = new Uint8Array(42).fill(0xff);
    expect(colourOf(input('eth:ethertype:arp', 'Who has 10.0.0.1? Tell 10.0.0.2', arp))).toBe(ARP);
    expect(colourOf(input('eth:ethertype:ip:icmp:data', 'Echo (ping) request  id=0x0001', ipv4(1)))).toBe(ICMP);
    expect(colourOf(input('eth:ethertype:ip:icmp:ip:udp', 'Destination unreachable (Port unreachable)', ipv4(1)))).toBe(ICMP_ERRORS);
    expect(colourOf(input('eth:ethertype:ip:udp:dns', 'Standard query 0x1234 A example.com', ipv4(17)))).toBe(UDP);
    expect(UDP.background).toBe('#daeeff');
    const other = new Uint8Array(60).fill(0xff);
    other[12] = 0x88;
    expect(colourOf(input('eth:ethertype:data', '', other))).toBe(BROADCAST);
    expect(colourOf(input('eth:ethertype:data', '', new Uint8Array(60)))).toBeNull();
  });

  it('flags a low TTL and a link-local multicast whose TTL is not 1', () => {
    expect(colourOf(input('eth:ethertype:ip:udp', '', ipv4(17, { ttl: 2 })))).toBe(TTL_LOW);
    expect(colourOf(input('eth:ethertype:ip:udp', '', ipv4(17, { ttl: 64, dst: [224, 0, 0, 22] })))).toBe(TTL_LOW);
    expect(colourOf(input('eth:ethertype:ip:udp:mdns', '', ipv4(17, { ttl: 255, dst: [224, 0, 0, 251] })))).toBe(UDP);
    expect(colourOf(input('eth:ethertype:ip:udp', '', ipv4(17, { ttl: 1, dst: [239, 1, 1, 1] })))).toBe(UDP);
  });

  it('shows malformed packets with the Checksum Errors colours and never throws on truncated frames', () => {
    expect(colourOf(input('eth:ethertype:ip:udp:dns', '[Malformed Packet]', ipv4(17), true))).toBe(CHECKSUM_ERRORS);
    for (let n = 0; n < 60; n++) {
      expect(() => colourOf(input('eth:ethertype:ip:tcp', '', ipv4(6).subarray(0, n)))).not.toThrow();
    }
  });
});
