// The state of one packet list in the pane: the live capture of the simulation, or a file the
// student opened (read-only, same tools). The PacketList holds the packets; this class holds
// what the page shows of it (displayed rows, selection, tree, filter) as Svelte runes.
import {
  CaptureDissector, compileFilter, PacketList, type CompiledFilter, type FrameInput, type ProtoTree, type SummaryRow,
} from '../../sim/index.ts';
import { KNOWN_FIELD_NAMES } from './field-names.ts';
import { FilterHistory } from './filter-history.ts';

export interface FilterProblem {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

/** Field names of the known list plus those learned from opened trees (shared by every list). */
export const fieldNames = new Set<string>(KNOWN_FIELD_NAMES);

function learnNames(nodes: readonly ProtoTree[]): void {
  for (const n of nodes) {
    if (n.field !== undefined) fieldNames.add(n.field);
    learnNames(n.children);
  }
}

/** A display filter pass over the list, resumable: it picks up the packets that arrive later. */
interface FilterRun {
  readonly filter: CompiledFilter & { ok: true };
  readonly dissector: CaptureDissector;
  /** The next packet to test. */
  at: number;
  readonly selected: number[];
}

/** Packets a filter pass or the summarizer handles between two clock checks. */
const BATCH = 32;
/** Detail trees kept for packets recently opened, and computed ahead when the dissection restarts. */
const TREES_KEPT = 64;

/**
 * The detail trees of the packets a student opens. A tree needs every earlier frame dissected
 * (TCP analysis, request/response matching), so the dissector stays where it stopped: the next
 * packet down costs one dissection, not a pass from the start. Going back restarts the pass and
 * keeps the trees of the packets just before the one asked for, so walking up is cheap too.
 */
class TreeCursor {
  private dissector = new CaptureDissector();
  /** The next frame the dissector will see. */
  private at = 0;
  private readonly kept = new Map<number, ProtoTree[]>();

  tree(list: PacketList, index: number): ProtoTree[] {
    const known = this.kept.get(index);
    if (known !== undefined) {
      this.kept.delete(index);
      this.kept.set(index, known);
      return known;
    }
    if (index < this.at) {
      this.dissector = new CaptureDissector();
      this.at = 0;
    }
    const fullFrom = Math.max(this.at, index - TREES_KEPT + 1);
    for (; this.at < fullFrom; this.at++) this.dissector.next(list.frame(this.at), false);
    for (; this.at <= index; this.at++) this.keep(this.at, this.dissector.next(list.frame(this.at), true).tree);
    return this.kept.get(index) ?? [];
  }

  private keep(index: number, tree: ProtoTree[]): void {
    this.kept.set(index, tree);
    if (this.kept.size > TREES_KEPT) this.kept.delete(this.kept.keys().next().value as number);
  }
}

export class PacketListState {
  list: PacketList;
  /** Packets in the list; bumped on every append so views re-read it. */
  count = $state(0);
  /** The applied filter's text ('' = none). */
  applied = $state('');
  /** The selected packet (0-based index in the list), -1 = none. */
  selected = $state(-1);
  /** Bumped whenever the displayed packets change (the array itself grows in place). */
  private version = $state(0);
  /** Packets the filter pass has tested, for the progress shown while it runs. */
  filtered = $state(0);
  readonly history = new FilterHistory();
  private run: FilterRun | null = null;
  private trees = new TreeCursor();
  private fullRows: {
    dissector: CaptureDissector;
    rows: SummaryRow[];
    frames: FrameInput[];
    shown?: number;
    view?: { rows: SummaryRow[]; frames: FrameInput[] };
  } | null = null;
  /** Packets whose list columns are computed (row() of a later one computes those before it). */
  private summarized = 0;
  /** Bumped as background work computes more columns: rows shown as placeholders can fill in. */
  summaryVersion = $state(0);

  constructor(
    readonly title: string,
    readonly readOnly: boolean,
    private tsDigits = 9,
  ) {
    this.list = new PacketList(tsDigits);
  }

  /** Indices (0-based, ascending) the applied filter selects so far, or null: every packet. */
  get displayed(): readonly number[] | null {
    void this.version;
    return this.run === null ? null : this.run.selected;
  }

  /** Rows shown, in order. */
  get shownCount(): number {
    const d = this.displayed;
    return d === null ? this.count : d.length;
  }

  /** Whether the filter has packets left to test (a long capture, or new packets). */
  get filtering(): boolean {
    return this.run !== null && this.filtered < this.count;
  }

  /** The packet index of displayed row `row`. */
  packetAt(row: number): number {
    const d = this.displayed;
    return d === null ? row : (d[row] ?? -1);
  }

  /** The displayed row of packet `index`, or -1 when the filter hides it. */
  rowOf(index: number): number {
    if (index < 0) return -1;
    const d = this.displayed;
    if (d === null) return index < this.count ? index : -1;
    let lo = 0;
    let hi = d.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (d[mid] === index) return mid;
      if (d[mid] < index) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  append(frame: FrameInput): void {
    this.list.append(frame);
    this.count = this.list.length;
  }

  /** Starts again from an empty list (the store was cleared); the filter stays applied. */
  reset(): void {
    this.list = new PacketList(this.tsDigits);
    this.count = 0;
    this.selected = -1;
    this.fullRows = null;
    this.summarized = 0;
    this.trees = new TreeCursor();
    if (this.run !== null) this.startRun(this.run.filter);
  }

  /**
   * Compiles and applies a filter; returns the problem (nothing applied) or null. The pass runs
   * for at most `budgetMs` (then `work` carries on): a long capture never freezes the page.
   */
  applyFilter(text: string, budgetMs = Infinity): FilterProblem | null {
    const compiled = compileFilter(text);
    if (!compiled.ok) return { message: compiled.message, start: compiled.start, end: compiled.end };
    this.history.push(text);
    this.applied = text.trim();
    if (this.applied === '') {
      this.run = null;
      this.filtered = 0;
      this.version++;
    } else {
      this.startRun(compiled);
      this.work(budgetMs);
    }
    return null;
  }

  private startRun(filter: CompiledFilter & { ok: true }): void {
    this.run = { filter, dissector: new CaptureDissector(filter.fields), at: 0, selected: [] };
    this.filtered = 0;
    this.version++;
  }

  /**
   * Background work for at most `budgetMs`: the filter over packets it has not tested, then the
   * list columns of packets not yet shown (so jumping to the end of 100,000 packets is instant).
   * Returns whether work remains.
   */
  work(budgetMs: number): boolean {
    const until = performance.now() + budgetMs;
    const run = this.run;
    if (run !== null && run.at < this.count) {
      const before = run.selected.length;
      while (run.at < this.count) {
        const end = Math.min(this.count, run.at + BATCH);
        for (; run.at < end; run.at++) {
          const frame = this.list.frame(run.at);
          const row = run.dissector.next(frame, false, false);
          if (run.filter.filter({ tree: row.tree, protocols: row.protocols, fields: row.fields, bytes: frame.bytes })) run.selected.push(run.at);
        }
        if (performance.now() >= until) break;
      }
      this.filtered = run.at;
      if (run.selected.length !== before || run.at === this.count) this.version++;
      if (run.at < this.count) return true;
    }
    // At least one batch per call, so a zero budget still makes progress.
    const before = this.summarized;
    while (this.summarized < this.count) {
      this.summarized = Math.min(this.count, this.summarized + BATCH);
      this.list.row(this.summarized - 1);
      if (performance.now() >= until) break;
    }
    if (this.summarized !== before) this.summaryVersion++;
    return this.summarized < this.count;
  }

  /**
   * The row of packet `index` when its columns are computed or close to (a few batches), else
   * null: the view shows a placeholder while background work catches up, instead of freezing
   * the page to dissect every packet before a row far down the list.
   */
  rowIfReady(index: number): SummaryRow | null {
    void this.summaryVersion;
    return index < this.summarized + 4 * BATCH ? this.row(index) : null;
  }

  row(index: number): SummaryRow {
    if (index >= this.summarized) this.summarized = index + 1;
    return this.list.row(index);
  }

  frame(index: number): FrameInput {
    return this.list.frame(index);
  }

  tree(index: number): ProtoTree[] {
    const tree = this.trees.tree(this.list, index);
    learnNames(tree);
    return tree;
  }

  /**
   * Every packet with its full tree and its frame, what the statistics views read. The dissector
   * stays where it stopped: packets that arrive later cost one dissection each, not a new pass.
   */
  dissected(): { rows: SummaryRow[]; frames: FrameInput[] } {
    this.fullRows ??= { dissector: new CaptureDissector(), rows: [], frames: [] };
    const full = this.fullRows;
    for (let i = full.frames.length; i < this.count; i++) {
      const frame = this.list.frame(i);
      full.frames.push(frame);
      full.rows.push(full.dissector.next(frame, true));
    }
    // Views compare the arrays they got: new ones when packets were added.
    if (full.rows.length !== full.shown) {
      full.shown = full.rows.length;
      full.view = { rows: full.rows.slice(), frames: full.frames.slice() };
    }
    return full.view!;
  }

  /** The frames of the displayed packets (all when no filter). */
  displayedFrames(): FrameInput[] {
    const d = this.displayed;
    if (d === null) return Array.from({ length: this.count }, (_, i) => this.list.frame(i));
    return d.map((i) => this.list.frame(i));
  }
}

/** The value of the first `field` in a tree (e.g. tcp.stream of the selected packet). */
export function fieldValue(nodes: readonly ProtoTree[], field: string): unknown {
  for (const n of nodes) {
    if (n.field === field) return n.value;
    const v = fieldValue(n.children, field);
    if (v !== undefined) return v;
  }
  return undefined;
}
