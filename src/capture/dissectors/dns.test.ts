import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { dissectCapture } from '../dissect-capture.ts';
import { readCapture } from '../pcap-reader.ts';
import { treeLines } from './tree.ts';

const frames = readCapture(new Uint8Array(readFileSync('/work/shared/fidelity/pcap/dns_local_lo.pcap'))).frames;

/** Frame `i` of the DNS capture cut to `length` bytes, IPv4 and UDP lengths adjusted to match. */
function cut(i: number, length: number): Uint8Array {
  const out = frames[i].bytes.slice(0, length);
  const ipLen = length - 14;
  out[16] = ipLen >> 8;
  out[17] = ipLen & 0xff;
  out[38] = (ipLen - 20) >> 8;
  out[39] = (ipLen - 20) & 0xff;
  return out;
}

describe('DNS dissector', () => {
  it('shows a response cut inside its answer as Malformed, keeping what it read', () => {
    const [row] = dissectCapture([{ ...frames[1], bytes: cut(1, 90) }]);
    expect(row.malformed).toBe(true);
    // As tshark prints it for the same bytes.
    expect(row.info).toBe('Standard query response 0x31b0 A smtp128.mail128.com[Malformed Packet]');
    const lines = treeLines(row.tree);
    expect(lines.slice(lines.indexOf('    Queries'))).toEqual([
      '    Queries',
      '        smtp128.mail128.com: type A, class IN',
      '            Name: smtp128.mail128.com',
      '            [Name Length: 19]',
      '            [Label Count: 3]',
      '            Type: A (Host Address) (1)',
      '            Class: IN (0x0001)',
      '    Answers',
      '[Malformed Packet: DNS]',
      '    [Expert Info (Error/Malformed): Malformed Packet (Exception occurred)]',
      '        [Malformed Packet (Exception occurred)]',
      '        [Severity level: Error]',
      '        [Group: Malformed]',
    ]);
  });

  it('survives a compression pointer that points at itself', () => {
    const bytes = frames[0].bytes.slice();
    // The query name starts after the 12-byte header: make it a pointer to its own offset.
    bytes[42 + 12] = 0xc0;
    bytes[42 + 13] = 12;
    const [row] = dissectCapture([{ ...frames[0], bytes }]);
    expect(row.malformed).toBe(true);
    expect(row.protocol).toBe('DNS');
  });

  it('keeps the records read before the cut in Info, as tshark does', () => {
    const [row] = dissectCapture([{ ...frames[3], bytes: cut(3, 100) }]);
    expect(row.info).toBe('Standard query response 0x3349 MX mail128.com MX 10 smtp128.mail128.com[Malformed Packet]');
  });

  it('names every record of a response in Info and links it to its query', () => {
    const rows = dissectCapture(frames.slice(2, 4));
    expect(rows[1].info).toBe('Standard query response 0x3349 MX mail128.com MX 10 smtp128.mail128.com A 192.168.0.1 OPT');
    expect(treeLines(rows[1].tree)).toContain('    [Request In: 1]');
  });
});
