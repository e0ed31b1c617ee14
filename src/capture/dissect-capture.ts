// A capture through the dissectors, in order (one pass, like `tshark -r`): per frame the packet
// list row (No., Time, Source, Destination, Protocol, Length, Info) and the detail tree.
import { seconds } from './dissectors/format.ts';
import { addProtocols, frameTree } from './dissectors/frame.ts';
import type { Packet } from './dissectors/packet.ts';
import { CaptureState } from './dissectors/state.ts';
import { DEFAULT_TABLES, LINKTYPES } from './dissectors/tables.ts';
import {
  collecting,
  generated,
  leanNode,
  setFieldCollector,
  type FieldCollector,
  type ProtoTree,
} from './dissectors/tree.ts';
import { fieldCompleter, type FieldValues } from './filter/row-fields.ts';


/** What a dissection needs from a frame; ImportedFrame (pcap-reader.ts) fits. */
export interface FrameInput {
  readonly timeNs: bigint;
  readonly bytes: Uint8Array;
  /** Length on the wire; defaults to the captured length. */
  readonly origLen?: number;
  readonly linktype: number;
  readonly interfaceId?: number;
  readonly interfaceName?: string;
  /** Decimal digits of the Time column (6 = microseconds, tshark's default for such files). */
  readonly tsDigits?: number;
}

export interface SummaryRow {
  /** No. */
  readonly number: number;
  /** Seconds since the first frame, formatted (`1.030728`). */
  readonly time: string;
  readonly source: string;
  readonly destination: string;
  readonly protocol: string;
  /** Length on the wire. */
  readonly length: number;
  readonly info: string;
  /** Frame, Ethernet II, ... as `tshark -V` shows them. */
  readonly tree: ProtoTree[];
  /** `eth:ethertype:ip:tcp` */
  readonly protocols: string;
  readonly malformed: boolean;
  /** Lean rows only: the occurrences of the fields asked for (a display filter's). */
  readonly fields?: FieldValues;
}

export interface DissectOptions {
  /**
   * false: Wireshark's first pass without a tree. Rows get the summary columns (identical to a
   * full pass), an empty tree, and `fields` for the names in `fields`: what a packet list and a
   * display filter need, at a fraction of the time and memory.
   */
  readonly tree?: boolean;
  readonly fields?: ReadonlySet<string>;
}

const NO_TREE: ProtoTree[] = [];
/** A lean packet's top-level list: the placeholders pushed into it are dropped (nothing reads it). */
const LEAN_TREE: ProtoTree[] = [];
LEAN_TREE.push = () => 0;

export function dissectCapture(frames: readonly FrameInput[], opts: DissectOptions = {}): SummaryRow[] {
  const d = new CaptureDissector(opts.fields);
  return frames.map((f) => d.next(f, opts.tree !== false));
}

/** One copy of each repeated column text (addresses, protocol names) across the rows. */
export class Interner {
  private readonly strings = new Map<string, string>();
  get(s: string): string {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  }
}

/** `eth:ethertype:ip:tcp` from the layer names, one string per distinct list, without joining each time. */
class LayerNames {
  private readonly root: LayerNode = { text: '', next: new Map() };
  get(layers: readonly string[]): string {
    let node = this.root;
    for (let i = 0; i < layers.length; i++) {
      let child = node.next.get(layers[i]);
      if (child === undefined) {
        child = { text: i === 0 ? layers[i] : node.text + ':' + layers[i], next: new Map() };
        node.next.set(layers[i], child);
      }
      node = child;
    }
    return node.text;
  }
}

interface LayerNode {
  readonly text: string;
  readonly next: Map<string, LayerNode>;
}

/** For rows whose texts the caller interns itself. */
const NO_INTERNER = { get: (s: string): string => s };

/**
 * The dissection of a capture in frame order, one frame at a time (TCP analysis, DNS and ICMP
 * request/response matching need every earlier frame): each frame with its tree, or lean.
 */
export class CaptureDissector {
  private readonly state = new CaptureState();
  private readonly intern = new Interner();
  private readonly layerNames = new LayerNames();
  private readonly wanted: ReadonlySet<string>;
  /** The lean collector when no field is wanted (nothing is ever added to it). */
  private readonly nothingWanted: FieldCollector;
  private readonly completeFields: ReturnType<typeof fieldCompleter>;
  private firstNs: bigint | null = null;
  private previousNs = 0n;
  private count = 0;

  /** `fields`: what lean rows collect for a display filter. */
  constructor(fields?: ReadonlySet<string>) {
    this.wanted = fields ?? new Set<string>();
    this.nothingWanted = { wanted: this.wanted, values: new Map() };
    this.completeFields = fieldCompleter(this.wanted);
  }

  /**
   * The row of the next frame; `tree` false runs the lean pass for it. `time` false, for a caller
   * that keeps its own columns (a PacketList): the Time column is left empty and the texts are
   * not interned (the list interns what it keeps).
   */
  next(f: FrameInput, tree = true, time = true): SummaryRow {
    const collector: FieldCollector | null = tree ? null : this.wanted.size === 0 ? this.nothingWanted : { wanted: this.wanted, values: new Map() };
    setFieldCollector(collector);
    try {
      return this.dissect(f, collector, time);
    } finally {
      setFieldCollector(null);
    }
  }

  private dissect(f: FrameInput, collector: FieldCollector | null, time: boolean): SummaryRow {
    const number = ++this.count;
    const firstNs = (this.firstNs ??= f.timeNs);
    const wireLength = f.origLen ?? f.bytes.length;
    // Lean, with no frame.* field wanted: not even the facts object.
    const frame = collector !== null && !collecting('frame') ? leanNode() : frameTree({
      number,
      timeNs: f.timeNs,
      previousNs: number === 1 ? f.timeNs : this.previousNs,
      firstNs,
      capturedLength: f.bytes.length,
      wireLength,
      linktype: f.linktype,
      interfaceId: f.interfaceId,
      interfaceName: f.interfaceName,
    });
    this.previousNs = f.timeNs;
    const tree = collector === null ? [frame] : LEAN_TREE;
    const layers: string[] = [];
    const packet: Packet = {
      number,
      bytes: f.bytes,
      timeNs: f.timeNs,
      cols: { source: '', destination: '', protocol: '', info: '' },
      tree,
      layers,
      tables: DEFAULT_TABLES,
      state: this.state,
      malformed: false,
    };
    const link = LINKTYPES.get(f.linktype);
    if (link === undefined) {
      packet.cols.protocol = 'WTAP_ENCAP = ' + f.linktype;
      DEFAULT_TABLES.data(packet, 0, f.bytes.length);
    } else {
      link(packet, 0, f.bytes.length);
    }
    const protocols = this.layerNames.get(packet.layers);
    if (collector === null) addProtocols(frame, packet.layers);
    else if (collecting('frame')) generated('', 'frame.protocols', protocols);
    const intern = time ? this.intern : NO_INTERNER;
    const timeText = time ? seconds(f.timeNs - firstNs, f.tsDigits ?? 6) : '';
    if (collector === null || this.wanted.size === 0) {
      return {
        number,
        time: timeText,
        source: intern.get(packet.cols.source),
        destination: intern.get(packet.cols.destination),
        protocol: intern.get(packet.cols.protocol),
        length: wireLength,
        info: packet.cols.info,
        tree: collector === null ? packet.tree : NO_TREE,
        protocols,
        malformed: packet.malformed,
      };
    }
    return {
      number,
      time: timeText,
      source: intern.get(packet.cols.source),
      destination: intern.get(packet.cols.destination),
      protocol: intern.get(packet.cols.protocol),
      length: wireLength,
      info: packet.cols.info,
      tree: NO_TREE,
      protocols,
      malformed: packet.malformed,
      fields: this.completeFields(collector.values, packet.layers),
    };
  }
}

/**
 * tshark's one-line format: No. right-aligned in 5, Time in 10, Source right-aligned and
 * Destination left-aligned in 12, then Protocol, Length and Info separated by single spaces.
 */
export function formatSummaryLine(row: SummaryRow): string {
  return (
    `${String(row.number).padStart(5)} ${row.time.padStart(10)} ${row.source.padStart(12)} → ` +
    `${row.destination.padEnd(12)} ${row.protocol} ${row.length} ${row.info}`
  );
}
