import { describe, expect, it } from 'vitest';
import { hexDumpText, hexLines, inRange } from './hex-dump.ts';

// Packet 1 of fidelity/pcap/smtp_local_lo/hexdump_x_first4.txt (`tshark -r smtp_local_lo.pcap -x -c 4`
// on Debian 12), a SYN on lo: copied here so the test runs without the recordings.
const RECORDED = [
  '0000  00 00 00 00 00 00 00 00 00 00 00 00 08 00 45 00   ..............E.',
  '0010  00 3c b3 2e 40 00 40 06 89 8b 7f 00 00 01 7f 00   .<..@.@.........',
  '0020  00 01 e4 34 00 19 a3 6b 89 42 00 00 00 00 a0 02   ...4...k.B......',
  '0030  ff d7 fe 30 00 00 02 04 ff d7 04 02 08 0a 07 07   ...0............',
  '0040  c5 42 00 00 00 00 01 03 03 0a                     .B........',
];

function recordedFirstPacket(): { lines: string[]; bytes: Uint8Array } {
  const hex = RECORDED.map((l) => l.slice(6, 6 + 48).trim()).join(' ');
  return { lines: RECORDED, bytes: Uint8Array.from(hex.split(/\s+/), (h) => parseInt(h, 16)) };
}

describe('hex pane layout', () => {
  it('lays bytes out exactly as tshark -x (recording of a SYN on lo)', () => {
    const { lines, bytes } = recordedFirstPacket();
    expect(bytes.length).toBe(74);
    expect(hexDumpText(bytes)).toBe(lines.join('\n'));
  });

  it('gives 16 bytes a line with printable ASCII or dots', () => {
    const bytes = new TextEncoder().encode('EHLO client.example\r\n\u0001');
    const lines = hexLines(bytes);
    expect(lines.map((l) => l.offset)).toEqual(['0000', '0010']);
    expect(lines[0].ascii.join('')).toBe('EHLO client.exam');
    expect(lines[1].ascii.join('')).toBe('ple...');
    expect(lines[1].start).toBe(16);
  });

  it('shows nothing for an empty frame and widens offsets past 64 KiB', () => {
    expect(hexLines(new Uint8Array())).toEqual([]);
    const big = hexLines(new Uint8Array(0x10010));
    expect(big[big.length - 1].offset).toBe('00010000');
  });

  it('highlights the half-open range of the selected field', () => {
    const r = { offset: 14, length: 20 };
    expect([13, 14, 33, 34].map((i) => inRange(i, r))).toEqual([false, true, true, false]);
    expect(inRange(0, null)).toBe(false);
    expect(inRange(5, { offset: 5, length: 0 })).toBe(false);
  });
});
