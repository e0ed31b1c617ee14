// The bytes pane's layout, as `tshark -x` prints it and Wireshark's byte view shows it:
// "0000  45 00 00 3c ...   E..<", 16 bytes a line, printable ASCII or '.'.

export const BYTES_PER_LINE = 16;

export interface HexLine {
  /** Offset of the line's first byte, 4 hex digits (more when the frame is longer than 64 KiB). */
  readonly offset: string;
  /** Index in the frame of the line's first byte. */
  readonly start: number;
  /** Each byte as two lowercase hex digits. */
  readonly hex: readonly string[];
  /** Each byte as its ASCII character, '.' when not printable. */
  readonly ascii: readonly string[];
}

export function printable(b: number): string {
  return b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
}

export function hexLines(bytes: Uint8Array): HexLine[] {
  const width = bytes.length > 0x10000 ? 8 : 4;
  const out: HexLine[] = [];
  for (let start = 0; start < bytes.length; start += BYTES_PER_LINE) {
    const line = bytes.subarray(start, start + BYTES_PER_LINE);
    out.push({
      offset: start.toString(16).padStart(width, '0'),
      start,
      hex: Array.from(line, (b) => b.toString(16).padStart(2, '0')),
      ascii: Array.from(line, printable),
    });
  }
  return out;
}

/** The lines as `tshark -x` prints them (without its blank line between packets). */
export function hexDumpText(bytes: Uint8Array): string {
  return hexLines(bytes)
    .map((l) => `${l.offset}  ${l.hex.map((h) => `${h} `).join('').padEnd(BYTES_PER_LINE * 3)}  ${l.ascii.join('')}`)
    .join('\n');
}

/** Whether byte `index` lies in the highlighted [offset, offset + length) range. */
export function inRange(index: number, range: { offset: number; length: number } | null): boolean {
  return range !== null && range.length > 0 && index >= range.offset && index < range.offset + range.length;
}
