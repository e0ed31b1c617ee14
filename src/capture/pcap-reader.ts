// Reading capture files: classic libpcap (draft-ietf-opsawg-pcap) and pcapng
// (draft-ietf-opsawg-pcapng). A damaged file is normal input (a cut download, a student's file):
// we keep every packet read before the damage and say where it was, as Wireshark does.

export interface ImportedFrame {
  /** Arrival time in ns since 1970 (a bigint: ns since 1970 exceed 2^53). */
  readonly timeNs: bigint;
  /** Captured bytes (caplen of them). */
  readonly bytes: Uint8Array;
  /** Length on the wire (orig_len); larger than bytes.length when the snap length cut it. */
  readonly origLen: number;
  /** tcpdump.org link-layer header type; 1 = Ethernet. */
  readonly linktype: number;
  /** pcapng interface number (0 for classic pcap). */
  readonly interfaceId: number;
  /** pcapng if_name, when the file gives one. */
  readonly interfaceName?: string;
  /** Decimal digits of the file's time resolution (6 = microseconds), for the Time column. */
  readonly tsDigits: number;
}

export interface ReadResult {
  frames: ImportedFrame[];
  /** Set when the file is not a capture or is cut/corrupt; frames holds everything before the damage. */
  error?: string;
}

const PCAP_MICRO = 0xa1b2c3d4;
const PCAP_NANO = 0xa1b23c4d;
const PCAPNG_SHB = 0x0a0d0d0a;
const PCAPNG_BYTE_ORDER = 0x1a2b3c4d;
const BLOCK_IDB = 0x00000001;
const BLOCK_SPB = 0x00000003;
const BLOCK_EPB = 0x00000006;
const OPT_IF_NAME = 2;
const OPT_IF_TSRESOL = 9;
/** Wireshark refuses records larger than this (WTAP_MAX_PACKET_SIZE_STANDARD); so do we, as corruption. */
const MAX_RECORD = 262144 * 4;
const decoder = new TextDecoder();

/** Where a reader hands frames without making an object per frame (a packet list copies them in). */
export interface FrameSink {
  /** A classic pcap record: bytes [at, at + caplen) of the file, its time as seconds and nanoseconds. */
  record(file: Uint8Array, at: number, caplen: number, origLen: number, sec: number, ns: number, linktype: number, tsDigits: number): void;
  /** A frame read the ordinary way (pcapng). */
  importedFrame(f: ImportedFrame): void;
}

export function readCapture(bytes: Uint8Array): ReadResult {
  const frames: ImportedFrame[] = [];
  const error = readCaptureInto(bytes, {
    record(file, at, caplen, origLen, sec, ns, linktype, tsDigits) {
      frames.push({
        timeNs: BigInt(sec) * 1_000_000_000n + BigInt(ns),
        bytes: file.subarray(at, at + caplen),
        origLen,
        linktype,
        interfaceId: 0,
        tsDigits,
      });
    },
    importedFrame(f) {
      frames.push(f);
    },
  });
  return error === undefined ? { frames } : { frames, error };
}

/** readCapture's frames handed to `sink` one by one; returns readCapture's error, if any. */
export function readCaptureInto(bytes: Uint8Array, sink: FrameSink): string | undefined {
  if (bytes.length < 4) return 'The file is too short to be a capture file';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magicLe = view.getUint32(0, true);
  const magicBe = view.getUint32(0, false);
  if (magicLe === PCAPNG_SHB) {
    const read = readPcapng(bytes, view);
    for (const f of read.frames) sink.importedFrame(f);
    return read.error;
  }
  for (const [magic, little] of [
    [magicLe, true],
    [magicBe, false],
  ] as const) {
    if (magic === PCAP_MICRO || magic === PCAP_NANO) return readPcap(bytes, view, little, magic === PCAP_NANO, sink);
  }
  return "The file isn't a capture file in a format we understand (not pcap or pcapng)";
}

function readPcap(bytes: Uint8Array, view: DataView, little: boolean, nano: boolean, sink: FrameSink): string | undefined {
  if (bytes.length < 24) return 'The pcap file header is cut short (24 bytes needed)';
  const linktype = view.getUint32(20, little) & 0x03ffffff; // upper bits: FCS length flags
  const unit = nano ? 1 : 1000;
  const tsDigits = nano ? 9 : 6;
  let count = 0;
  let at = 24;
  while (at < bytes.length) {
    const n = count + 1;
    if (at + 16 > bytes.length) return cut(n, 'its record header');
    const sec = view.getUint32(at, little);
    const frac = view.getUint32(at + 4, little);
    const caplen = view.getUint32(at + 8, little);
    const origLen = view.getUint32(at + 12, little);
    if (caplen > MAX_RECORD) {
      return `The file appears to be damaged or corrupt: packet ${n} is ${caplen} bytes long, bigger than the maximum of ${MAX_RECORD}`;
    }
    if (at + 16 + caplen > bytes.length) return cut(n, 'its data');
    // frac * 1000 < 2^53: exact as a number.
    sink.record(bytes, at + 16, caplen, origLen, sec, frac * unit, linktype, tsDigits);
    count++;
    at += 16 + caplen;
  }
  return undefined;
}

function cut(n: number, what: string): string {
  return `The file appears to have been cut short in the middle of packet ${n} (${what} is incomplete)`;
}

interface Interface {
  linktype: number;
  snaplen: number;
  name?: string;
  /** Ticks per second, from if_tsresol (default 10^6). */
  ticksPerSecond: bigint;
  /** Decimal digits those ticks need (binary resolutions round up to 9). */
  digits: number;
}

function readPcapng(bytes: Uint8Array, view: DataView): ReadResult {
  const frames: ImportedFrame[] = [];
  let interfaces: Interface[] = [];
  let little = true;
  let at = 0;
  while (at < bytes.length) {
    const n = frames.length + 1;
    if (at + 12 > bytes.length) return { frames, error: cut(n, 'a block header') };
    let type = view.getUint32(at, little);
    if (view.getUint32(at, true) === PCAPNG_SHB) {
      // Each section may use its own byte order (section 4.1): the byte-order magic says which.
      if (at + 12 > bytes.length) return { frames, error: cut(n, 'a section header') };
      const bom = view.getUint32(at + 8, true);
      if (bom === PCAPNG_BYTE_ORDER) little = true;
      else if (view.getUint32(at + 8, false) === PCAPNG_BYTE_ORDER) little = false;
      else return { frames, error: 'The file appears to be damaged or corrupt: bad pcapng byte-order magic' };
      type = PCAPNG_SHB;
      interfaces = [];
    }
    const total = view.getUint32(at + 4, little);
    if (total < 12 || total % 4 !== 0) {
      return { frames, error: `The file appears to be damaged or corrupt: pcapng block at byte ${at} has length ${total}` };
    }
    if (at + total > bytes.length) return { frames, error: cut(n, 'its block') };
    if (view.getUint32(at + total - 4, little) !== total) {
      return { frames, error: `The file appears to be damaged or corrupt: pcapng block at byte ${at} has mismatched lengths` };
    }
    const body = at + 8;
    const end = at + total - 4;
    if (type === BLOCK_IDB) {
      if (end - body < 8) return { frames, error: corrupt('interface description block', at) };
      const iface: Interface = {
        linktype: view.getUint16(body, little),
        snaplen: view.getUint32(body + 4, little),
        ticksPerSecond: 1_000_000n,
        digits: 6,
      };
      readOptions(bytes, view, body + 8, end, little, (code, value) => {
        if (code === OPT_IF_NAME) iface.name = decoder.decode(value);
        if (code === OPT_IF_TSRESOL && value.length >= 1) {
          iface.ticksPerSecond = tsresol(value[0]);
          iface.digits = (value[0] & 0x80) === 0 ? Math.min(value[0], 9) : 9;
        }
      });
      interfaces.push(iface);
    } else if (type === BLOCK_EPB) {
      if (end - body < 20) return { frames, error: corrupt('enhanced packet block', at) };
      const id = view.getUint32(body, little);
      const iface = interfaces[id];
      if (iface === undefined) return { frames, error: `The file appears to be damaged or corrupt: packet ${n} names interface ${id}, which was not described` };
      const ticks = (BigInt(view.getUint32(body + 4, little)) << 32n) | BigInt(view.getUint32(body + 8, little));
      const caplen = view.getUint32(body + 12, little);
      const origLen = view.getUint32(body + 16, little);
      if (body + 20 + caplen > end) return { frames, error: corrupt('enhanced packet block', at) };
      frames.push({
        timeNs: (ticks * 1_000_000_000n) / iface.ticksPerSecond,
        bytes: bytes.subarray(body + 20, body + 20 + caplen),
        origLen,
        linktype: iface.linktype,
        interfaceId: id,
        interfaceName: iface.name,
        tsDigits: iface.digits,
      });
    } else if (type === BLOCK_SPB) {
      // Simple packet block (section 4.4): interface 0, no timestamp; caplen = min(orig_len, snaplen, room).
      const iface = interfaces[0];
      if (iface === undefined || end - body < 4) return { frames, error: corrupt('simple packet block', at) };
      const origLen = view.getUint32(body, little);
      const room = end - body - 4;
      const caplen = Math.min(origLen, iface.snaplen === 0 ? origLen : iface.snaplen, room);
      frames.push({
        timeNs: 0n,
        bytes: bytes.subarray(body + 4, body + 4 + caplen),
        origLen,
        linktype: iface.linktype,
        interfaceId: 0,
        interfaceName: iface.name,
        tsDigits: iface.digits,
      });
    }
    // Other blocks (name resolution, statistics, custom) carry nothing we show yet: skip them.
    at += total;
  }
  return { frames };
}

function corrupt(what: string, at: number): string {
  return `The file appears to be damaged or corrupt: ${what} at byte ${at} is too short for its contents`;
}

/** if_tsresol (section 4.2): high bit clear = 10^-n s, set = 2^-n s. */
function tsresol(v: number): bigint {
  const n = BigInt(v & 0x7f);
  return (v & 0x80) === 0 ? 10n ** n : 1n << n;
}

function readOptions(
  bytes: Uint8Array,
  view: DataView,
  from: number,
  end: number,
  little: boolean,
  each: (code: number, value: Uint8Array) => void,
): void {
  let at = from;
  while (at + 4 <= end) {
    const code = view.getUint16(at, little);
    const len = view.getUint16(at + 2, little);
    if (code === 0 || at + 4 + len > end) return;
    each(code, bytes.subarray(at + 4, at + 4 + len));
    at += 4 + ((len + 3) & ~3);
  }
}
