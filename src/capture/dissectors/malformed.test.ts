import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { readCapture } from '../pcap-reader.ts';
import { dissectCapture, formatSummaryLine } from '../dissect-capture.ts';
import { treeLines } from './tree.ts';

const ping = readCapture(new Uint8Array(readFileSync('/work/shared/fidelity/pcap/ping_arp_eth0.pcap'))).frames;
const smtp = readCapture(new Uint8Array(readFileSync('/work/shared/fidelity/pcap/smtp_local_lo.pcap'))).frames;

function one(bytes: Uint8Array) {
  return dissectCapture([{ timeNs: 0n, bytes, linktype: 1 }])[0];
}

describe('truncated and odd frames', () => {
  it('marks an IPv4 header cut short as [Malformed Packet: IPv4]', () => {
    const row = one(ping[2].bytes.slice(0, 30));
    expect(row.malformed).toBe(true);
    expect(treeLines(row.tree)).toContain('[Malformed Packet: IPv4]');
    expect(row.protocol).toBe('IPv4');
  });

  it('reads a cut IPv4 header as far as its bytes go, like tshark 4.0.17', () => {
    const row = one(ping[2].bytes.slice(0, 30));
    expect(row.source).toBe('192.168.0.28');
    const lines = treeLines(row.tree);
    // Recorded with `tshark -V` on this very frame (the ping request cut after 30 bytes).
    expect(lines.slice(lines.indexOf('Internet Protocol Version 4, Src: 192.168.0.28'))).toEqual([
      'Internet Protocol Version 4, Src: 192.168.0.28',
      '    0100 .... = Version: 4',
      '    .... 0101 = Header Length: 20 bytes (5)',
      '    Differentiated Services Field: 0x00 (DSCP: CS0, ECN: Not-ECT)',
      '        0000 00.. = Differentiated Services Codepoint: Default (0)',
      '        .... ..00 = Explicit Congestion Notification: Not ECN-Capable Transport (0)',
      '    Total Length: 84',
      '        [Expert Info (Error/Protocol): IPv4 total length exceeds packet length (16 bytes)]',
      '            [IPv4 total length exceeds packet length (16 bytes)]',
      '            [Severity level: Error]',
      '            [Group: Protocol]',
      '    Identification: 0x27a6 (10150)',
      '    010. .... = Flags: 0x2, Don\'t fragment',
      '        0... .... = Reserved bit: Not set',
      '        .1.. .... = Don\'t fragment: Set',
      '        ..0. .... = More fragments: Not set',
      '    ...0 0000 0000 0000 = Fragment Offset: 0',
      '    Time to Live: 64',
      '    Protocol: ICMP (1)',
      '    Header Checksum: 0x9195 [validation disabled]',
      '    [Header checksum status: Unverified]',
      '    Source Address: 192.168.0.28',
      '[Malformed Packet: IPv4]',
      '    [Expert Info (Error/Malformed): Malformed Packet (Exception occurred)]',
      '        [Malformed Packet (Exception occurred)]',
      '        [Severity level: Error]',
      '        [Group: Malformed]',
    ]);
  });

  it('keeps the TCP Info and appends [Malformed Packet] when the options run past the header', () => {
    const bytes = smtp[0].bytes.slice();
    bytes[34 + 20 + 1] = 40; // MSS option claims 40 bytes
    const row = one(bytes);
    expect(row.info).toMatch(/^58420 → 25 \[SYN\] Seq=0 Win=65495 Len=0.* \[Malformed Packet\]$/);
  });

  it('shows an Ethernet frame of 10 bytes as malformed without throwing', () => {
    const row = one(new Uint8Array(10));
    expect(formatSummaryLine(row)).toContain('[Malformed Packet]');
  });

  it('shows the padding of a minimum-size ARP frame in the Ethernet tree', () => {
    const padded = new Uint8Array(60);
    padded.set(ping[0].bytes);
    const row = one(padded);
    expect(row.info).toBe('Who has 192.168.0.1? Tell 192.168.0.28');
    expect(treeLines(row.tree)).toContain('    Padding: ' + '00'.repeat(18));
  });

  it('numbers sequence from 1 and leaves the window unscaled when the SYN was not captured', () => {
    const rows = dissectCapture(smtp.slice(3, 5));
    expect(formatSummaryLine(rows[1])).toMatch(/58420 → 25 \[ACK\] Seq=1 Ack=36 Win=64 Len=0/);
    expect(treeLines(rows[1].tree)).toContain('    [Window size scaling factor: -1 (unknown)]');
  });

  it('shows a UDP datagram to an unregistered port with its length and a Data item', () => {
    const dns = readCapture(new Uint8Array(readFileSync('/work/shared/fidelity/pcap/dns_local_lo.pcap'))).frames;
    // The DNS query, readdressed to port 4000 (UDP destination port at offset 36).
    const bytes = dns[0].bytes.slice();
    bytes[36] = 4000 >> 8;
    bytes[37] = 4000 & 0xff;
    const row = dissectCapture([{ ...dns[0], bytes }])[0];
    expect(row.protocol).toBe('UDP');
    expect(row.info).toMatch(/^\d+ → 4000 Len=60$/);
    expect(row.protocols).toBe('eth:ethertype:ip:udp:data');
  });
});
