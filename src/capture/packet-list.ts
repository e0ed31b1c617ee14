// The packet list of a capture as the page keeps it: every frame's bytes packed in large
// buffers, its summary columns in typed arrays (addresses and protocols interned, Info kept as
// one flat string), computed by the lean pass and cached; detail trees only for the packet the
// student opens. A list of 100,000 packets then costs little more than its bytes.
import { CaptureDissector, type FrameInput, type SummaryRow } from './dissect-capture.ts';
import { seconds } from './dissectors/format.ts';
import type { ProtoTree } from './dissectors/tree.ts';
import type { CompiledFilter } from './filter/compile-filter.ts';
import { readCaptureInto, type FrameSink, type ImportedFrame } from './pcap-reader.ts';

const CHUNK_BYTES = 1 << 22;

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** A typed array that doubles when full. */
class Column<T extends Float64Array | Uint32Array | Uint16Array | Uint8Array> {
  data: T;
  constructor(private readonly make: (n: number) => T) {
    this.data = make(1024);
  }
  set(i: number, v: number): void {
    if (i >= this.data.length) {
      const bigger = this.make(Math.max(this.data.length * 2, i + 1));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[i] = v;
  }
}

export class PacketList implements FrameSink {
  private readonly chunks: Uint8Array[] = [];
  private chunkUsed = CHUNK_BYTES;
  private readonly chunkOf = new Column((n) => new Uint16Array(n));
  private readonly offsetOf = new Column((n) => new Uint32Array(n));
  private readonly capLen = new Column((n) => new Uint32Array(n));
  private readonly wireLen = new Column((n) => new Uint32Array(n));
  /** Arrival time in ns after the first frame (exact for 104 days). */
  private readonly relNs = new Column((n) => new Float64Array(n));
  private readonly linktypeOf = new Column((n) => new Uint16Array(n));
  private readonly interfaceOf = new Column((n) => new Uint16Array(n));
  private readonly interfaceNames: (string | undefined)[] = [];
  private firstNs = 0n;
  /** The first frame's time as seconds and nanoseconds, when it came from record(). */
  private firstSec = 0;
  private firstNsOfSec = 0;
  private count = 0;
  private readonly tsDigits: number;

  // Summary columns, valid for the first `summarized` packets.
  private summarized = 0;
  /** The lean pass that fills the columns, and how many frames it has seen. */
  private summarizer: CaptureDissector | null = null;
  private summarizerAt = 0;
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  private readonly sourceId = new Column((n) => new Uint32Array(n));
  private readonly destinationId = new Column((n) => new Uint32Array(n));
  private readonly protocolId = new Column((n) => new Uint32Array(n));
  private readonly protocolsId = new Column((n) => new Uint32Array(n));
  private readonly malformedFlag = new Column((n) => new Uint8Array(n));
  private readonly infos: string[] = [];

  private treeCache: { index: number; tree: ProtoTree[] } | null = null;

  /** `tsDigits`: digits of the Time column (6 for microsecond files, as tshark). */
  constructor(tsDigits = 6) {
    this.tsDigits = tsDigits;
  }

  get length(): number {
    return this.count;
  }

  /**
   * Appends every frame of a capture file (pcap or pcapng), the classic pcap records copied
   * straight from the file; returns readCapture's error (the frames before the damage are kept).
   */
  appendCapture(file: Uint8Array): string | undefined {
    return readCaptureInto(file, this);
  }

  /** Adds a frame at the end; its bytes are copied (the caller may reuse them). */
  append(f: FrameInput): void {
    const i = this.count;
    if (i === 0) {
      this.firstNs = f.timeNs;
      this.firstSec = Number(f.timeNs / 1_000_000_000n);
      this.firstNsOfSec = Number(f.timeNs % 1_000_000_000n);
    }
    this.put(f.bytes, 0, f.bytes.length, f.origLen ?? f.bytes.length, Number(f.timeNs - this.firstNs), f.linktype);
    const iface = f.interfaceId ?? 0;
    this.interfaceOf.set(i, iface);
    if (f.interfaceName !== undefined) this.interfaceNames[iface] = f.interfaceName;
  }

  /** FrameSink: a classic pcap record, copied from the file without a frame object. */
  record(file: Uint8Array, at: number, caplen: number, origLen: number, sec: number, ns: number, linktype: number): void {
    const i = this.count;
    if (i === 0) {
      this.firstNs = BigInt(sec) * 1_000_000_000n + BigInt(ns);
      this.firstSec = sec;
      this.firstNsOfSec = ns;
    }
    // Exact while the capture spans less than 2^53 ns (104 days), as relNs itself.
    this.put(file, at, caplen, origLen, (sec - this.firstSec) * 1e9 + (ns - this.firstNsOfSec), linktype);
    this.interfaceOf.set(i, 0);
  }

  /** FrameSink: a frame read the ordinary way. */
  importedFrame(f: ImportedFrame): void {
    this.append(f);
  }

  private put(from: Uint8Array, at: number, n: number, origLen: number, relNs: number, linktype: number): void {
    const i = this.count;
    if (this.chunkUsed + n > CHUNK_BYTES) {
      this.chunks.push(new Uint8Array(Math.max(CHUNK_BYTES, n)));
      this.chunkUsed = 0;
    }
    const chunk = this.chunks.length - 1;
    this.chunks[chunk].set(at === 0 && n === from.length ? from : from.subarray(at, at + n), this.chunkUsed);
    this.chunkOf.set(i, chunk);
    this.offsetOf.set(i, this.chunkUsed);
    this.chunkUsed += n;
    this.capLen.set(i, n);
    this.wireLen.set(i, origLen);
    this.relNs.set(i, relNs);
    this.linktypeOf.set(i, linktype);
    this.count++;
  }

  /** The frame as the dissectors read it (a view on the packed bytes). */
  frame(i: number): FrameInput {
    return this.frameInto(i, {} as Writable<FrameInput>);
  }

  /** frame(i) written into `f`: a pass that is done with each frame before the next reuses one object. */
  private frameInto(i: number, f: Writable<FrameInput>): FrameInput {
    const chunk = this.chunks[this.chunkOf.data[i]];
    const at = this.offsetOf.data[i];
    const iface = this.interfaceOf.data[i];
    f.timeNs = this.firstNs + BigInt(this.relNs.data[i]);
    f.bytes = chunk.subarray(at, at + this.capLen.data[i]);
    f.origLen = this.wireLen.data[i];
    f.linktype = this.linktypeOf.data[i];
    f.interfaceId = this.interfaceNames[iface] === undefined ? undefined : iface;
    f.interfaceName = this.interfaceNames[iface];
    f.tsDigits = this.tsDigits;
    return f;
  }

  /** The packet list row of packet `i` (0-based), its columns computed once and cached. */
  row(i: number): SummaryRow {
    this.summarize(i + 1);
    return {
      number: i + 1,
      time: seconds(BigInt(this.relNs.data[i]), this.tsDigits),
      source: this.strings[this.sourceId.data[i]],
      destination: this.strings[this.destinationId.data[i]],
      protocol: this.strings[this.protocolId.data[i]],
      length: this.wireLen.data[i],
      info: this.infos[i],
      tree: [],
      protocols: this.strings[this.protocolsId.data[i]],
      malformed: this.malformedFlag.data[i] === 1,
    };
  }

  /** The detail tree of packet `i`: the frames before it are dissected again, lean. */
  tree(i: number): ProtoTree[] {
    if (this.treeCache?.index === i) return this.treeCache.tree;
    const d = new CaptureDissector();
    for (let k = 0; k < i; k++) d.next(this.frame(k), false, false);
    const tree = d.next(this.frame(i), true).tree;
    this.treeCache = { index: i, tree };
    return tree;
  }

  /** The indices of the packets a display filter selects (one lean pass, like tshark -Y). */
  select(filter: CompiledFilter & { ok: true }): number[] {
    const d = new CaptureDissector(filter.fields);
    const out: number[] = [];
    // The dissector keeps nothing of the frame object itself: one serves every frame.
    const scratch = {} as Writable<FrameInput>;
    for (let i = 0; i < this.count; i++) {
      const frame = this.frameInto(i, scratch);
      // The Time column is the list's own (row()); the filter reads fields, not it.
      const row = d.next(frame, false, false);
      // The pass computes the columns anyway: cache them if the list has not yet.
      if (i === this.summarized) this.store(i, row);
      if (filter.filter({ tree: row.tree, protocols: row.protocols, fields: row.fields, bytes: frame.bytes })) out.push(i);
    }
    return out;
  }

  private summarize(upTo: number): void {
    if (upTo <= this.summarized) return;
    const d = (this.summarizer ??= new CaptureDissector());
    // Rows a filter pass cached: the summarizer still has to see their frames (TCP state...).
    while (this.summarizerAt < this.summarized) d.next(this.frame(this.summarizerAt++), false, false);
    while (this.summarized < upTo && this.summarized < this.count) {
      this.summarizerAt++;
      this.store(this.summarized, d.next(this.frame(this.summarized), false, false));
    }
  }

  private store(i: number, row: SummaryRow): void {
    // Consecutive packets mostly repeat the previous one's texts (the same conversation).
    const prev = i - 1;
    const same = i > 0 && prev < this.summarized;
    this.sourceId.set(i, same && this.strings[this.sourceId.data[prev]] === row.source ? this.sourceId.data[prev] : this.id(row.source));
    this.destinationId.set(i, this.id(row.destination));
    this.protocolId.set(i, same && this.strings[this.protocolId.data[prev]] === row.protocol ? this.protocolId.data[prev] : this.id(row.protocol));
    this.protocolsId.set(i, same && this.strings[this.protocolsId.data[prev]] === row.protocols ? this.protocolsId.data[prev] : this.id(row.protocols));
    this.malformedFlag.set(i, row.malformed ? 1 : 0);
    this.infos[i] = flat(row.info);
    this.summarized = i + 1;
  }

  private id(s: string): number {
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.push(s) - 1;
      this.stringIds.set(s, id);
    }
    return id;
  }
}

/**
 * One flat string instead of the tree of pieces a template literal builds (V8 keeps the pieces
 * of a concatenation until the string is flattened); the packet list keeps 100,000 of them.
 */
function flat(s: string): string {
  // Number() reads the characters, which makes V8 flatten the string in place.
  void Number(s);
  return s;
}
