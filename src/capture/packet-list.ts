// The packet list of a capture as the page keeps it: every frame's bytes packed in large
// buffers, its summary columns in typed arrays (addresses and protocols interned, Info kept as
// one flat string), computed by the lean pass and cached; detail trees only for the packet the
// student opens. A list of 100,000 packets then costs little more than its bytes.
import { CaptureDissector, type FrameInput, type SummaryRow } from './dissect-capture.ts';
import { seconds } from './dissectors/format.ts';
import type { ProtoTree } from './dissectors/tree.ts';
import type { CompiledFilter } from './filter/compile-filter.ts';

const CHUNK_BYTES = 1 << 22;

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

export class PacketList {
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

  /** Adds a frame at the end; its bytes are copied (the caller may reuse them). */
  append(f: FrameInput): void {
    const i = this.count;
    const n = f.bytes.length;
    if (this.chunkUsed + n > CHUNK_BYTES) {
      this.chunks.push(new Uint8Array(Math.max(CHUNK_BYTES, n)));
      this.chunkUsed = 0;
    }
    const chunk = this.chunks.length - 1;
    this.chunks[chunk].set(f.bytes, this.chunkUsed);
    this.chunkOf.set(i, chunk);
    this.offsetOf.set(i, this.chunkUsed);
    this.chunkUsed += n;
    this.capLen.set(i, n);
    this.wireLen.set(i, f.origLen ?? n);
    if (i === 0) this.firstNs = f.timeNs;
    this.relNs.set(i, Number(f.timeNs - this.firstNs));
    this.linktypeOf.set(i, f.linktype);
    const iface = f.interfaceId ?? 0;
    this.interfaceOf.set(i, iface);
    if (f.interfaceName !== undefined) this.interfaceNames[iface] = f.interfaceName;
    this.count++;
  }

  /** The frame as the dissectors read it (a view on the packed bytes). */
  frame(i: number): FrameInput {
    const chunk = this.chunks[this.chunkOf.data[i]];
    const at = this.offsetOf.data[i];
    const iface = this.interfaceOf.data[i];
    return {
      timeNs: this.firstNs + BigInt(this.relNs.data[i]),
      bytes: chunk.subarray(at, at + this.capLen.data[i]),
      origLen: this.wireLen.data[i],
      linktype: this.linktypeOf.data[i],
      interfaceId: this.interfaceNames[iface] === undefined ? undefined : iface,
      interfaceName: this.interfaceNames[iface],
      tsDigits: this.tsDigits,
    };
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
    for (let k = 0; k < i; k++) d.next(this.frame(k), false);
    const tree = d.next(this.frame(i), true).tree;
    this.treeCache = { index: i, tree };
    return tree;
  }

  /** The indices of the packets a display filter selects (one lean pass, like tshark -Y). */
  select(filter: CompiledFilter & { ok: true }): number[] {
    const d = new CaptureDissector(filter.fields);
    const out: number[] = [];
    for (let i = 0; i < this.count; i++) {
      const frame = this.frame(i);
      const row = d.next(frame, false);
      // The pass computes the columns anyway: cache them if the list has not yet.
      if (i === this.summarized) this.store(i, row);
      if (filter.filter({ ...row, bytes: frame.bytes })) out.push(i);
    }
    return out;
  }

  private summarize(upTo: number): void {
    if (upTo <= this.summarized) return;
    const d = (this.summarizer ??= new CaptureDissector());
    // Rows a filter pass cached: the summarizer still has to see their frames (TCP state...).
    while (this.summarizerAt < this.summarized) d.next(this.frame(this.summarizerAt++), false);
    while (this.summarized < upTo && this.summarized < this.count) {
      this.summarizerAt++;
      this.store(this.summarized, d.next(this.frame(this.summarized), false));
    }
  }

  private store(i: number, row: SummaryRow): void {
    this.sourceId.set(i, this.id(row.source));
    this.destinationId.set(i, this.id(row.destination));
    this.protocolId.set(i, this.id(row.protocol));
    this.protocolsId.set(i, this.id(row.protocols));
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
