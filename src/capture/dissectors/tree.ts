// The detail tree of one packet, as Wireshark's proto_tree: each line carries its filter field
// name and the bytes it covers (offset/length in the frame), which the hex pane highlights.

export interface ProtoTree {
  /** The line as `tshark -V` prints it, without indentation. */
  label: string;
  /** Wireshark display filter field name, e.g. `ip.ttl`. */
  field?: string;
  value?: unknown;
  offset: number;
  length: number;
  children: ProtoTree[];
  /** A field Wireshark computes rather than reads ([Stream index], [Next Sequence Number]). */
  generated?: boolean;
}

/**
 * Lean dissection (Wireshark's first pass without a tree): while a collector is set, no node is
 * built; items only hand the fields a display filter asked for to the collector. Every item then
 * returns the same placeholder node, whose children ignore pushes, so dissectors need not know.
 */
export interface FieldCollector {
  readonly wanted: ReadonlySet<string>;
  /** Field name -> occurrences (a value, or the item's bytes as {offset, length}). */
  readonly values: Map<string, unknown[]>;
}

let collector: FieldCollector | null = null;
const noChildren: ProtoTree[] = [];
noChildren.push = () => 0;
const PLACEHOLDER: ProtoTree = { label: '', offset: 0, length: 0, children: noChildren };

/** The protocols (text before the first dot) of the wanted fields; '_ws' (expert infos) wants all. */
let wantedProtocols: ReadonlySet<string> = new Set();
let wantsEverything = false;
let lastWanted: ReadonlySet<string> | null = null;
const protocolsOfWanted = new WeakMap<ReadonlySet<string>, ReadonlySet<string>>();
/** The wanted fields by protocol, for the current wanted set. */
let fieldsByProtocol = new Map<string, string[]>();
const NO_FIELDS: readonly string[] = [];

/** Switches lean dissection on (a collector) or off (null), for the packets dissected next. */
export function setFieldCollector(c: FieldCollector | null): void {
  collector = c;
  if (c === null || c.wanted === lastWanted) return;
  lastWanted = c.wanted;
  let protocols = protocolsOfWanted.get(c.wanted);
  if (protocols === undefined) {
    protocols = new Set([...c.wanted].map((f) => f.split('.')[0]));
    protocolsOfWanted.set(c.wanted, protocols);
  }
  wantedProtocols = protocols;
  wantsEverything = protocols.has('_ws');
  fieldsByProtocol = new Map();
  for (const f of c.wanted) {
    const p = f.split('.')[0];
    const list = fieldsByProtocol.get(p);
    if (list === undefined) fieldsByProtocol.set(p, [f]);
    else list.push(f);
  }
}

/** The fields of `protocol` a lean pass collects (`ip`, `ip.src`...); none while a tree is built. */
export function wantedFieldsOf(protocol: string): readonly string[] {
  if (collector === null) return NO_FIELDS;
  return fieldsByProtocol.get(protocol) ?? NO_FIELDS;
}

/** Whether trees are being built (labels are worth computing). */
export function buildingTree(): boolean {
  return collector === null;
}

/**
 * Whether items of `protocol`'s fields (`tcp` for tcp.*, and expert infos) matter now: a tree is
 * built, or the filter reads one of them. When not, a lean dissector skips its items altogether.
 */
export function collecting(protocol: string): boolean {
  return collector === null || wantsEverything || wantedProtocols.has(protocol);
}

/** The node that stands for every skipped item in lean dissection. */
export function leanNode(): ProtoTree {
  PLACEHOLDER.children = noChildren;
  return PLACEHOLDER;
}

function collect(c: FieldCollector, field: string | undefined, value: unknown, offset: number, length: number): ProtoTree {
  if (field !== undefined && c.wanted.has(field)) {
    const v = value === undefined ? { offset, length } : value;
    const list = c.values.get(field);
    if (list === undefined) c.values.set(field, [v]);
    else list.push(v);
  }
  PLACEHOLDER.children = noChildren;
  return PLACEHOLDER;
}

export function item(label: string, offset: number, length: number, field?: string, value?: unknown): ProtoTree {
  if (collector !== null) return collect(collector, field, value, offset, length);
  const node: ProtoTree = { label, offset, length, children: [] };
  if (field !== undefined) node.field = field;
  if (value !== undefined) node.value = value;
  return node;
}

/** A computed field: printed in brackets, covering no bytes of its own. */
export function generated(label: string, field?: string, value?: unknown, offset = 0, length = 0): ProtoTree {
  if (collector !== null) return collect(collector, field, value, offset, length);
  const node = item(`[${label}]`, offset, length, field, value);
  node.generated = true;
  return node;
}

/** Appends and returns the child, so a subtree can be filled in place. */
export function add(parent: ProtoTree, child: ProtoTree): ProtoTree {
  if (collector !== null) return child;
  parent.children.push(child);
  return child;
}

/**
 * Wireshark's bitfield picture: one character per bit of a `bits`-wide value, the bits of `mask`
 * shown as 0/1 and the others as dots, a space every four bits (`.1.. ....`).
 */
export function bitPicture(value: number, bits: number, mask: number): string {
  // Only the masked bits show, and a capture repeats the same few flag values: remember them.
  const shown = mask < 2 ** 31 ? (value & mask) >>> 0 : value % 2 ** bits;
  let byMask = pictures.get(mask * 64 + bits);
  if (byMask === undefined) pictures.set(mask * 64 + bits, (byMask = new Map()));
  let out = byMask.get(shown);
  if (out === undefined) {
    out = drawBits(shown, bits, mask);
    if (byMask.size < 256) byMask.set(shown, out);
  }
  return out;
}

const pictures = new Map<number, Map<number, string>>();

function drawBits(value: number, bits: number, mask: number): string {
  let out = '';
  for (let i = bits - 1; i >= 0; i--) {
    const bit = 2 ** i;
    out += Math.floor(mask / bit) % 2 === 1 ? (Math.floor(value / bit) % 2 === 1 ? '1' : '0') : '.';
    if (i > 0 && i % 4 === 0) out += ' ';
  }
  return out;
}

/** A one-bit flag line: `.1.. .... = Don't fragment: Set`. */
export function flagItem(
  name: string,
  value: number,
  bits: number,
  mask: number,
  offset: number,
  length: number,
  field: string,
  set = 'Set',
  unset = 'Not set',
): ProtoTree {
  const on = (value & mask) !== 0;
  if (collector !== null) return collect(collector, field, on, offset, length);
  return item(`${bitPicture(value, bits, mask)} = ${name}: ${on ? set : unset}`, offset, length, field, on);
}

/** Tree lines indented by four spaces per level, as `tshark -V` prints them. */
export function treeLines(nodes: readonly ProtoTree[], depth = 0): string[] {
  const out: string[] = [];
  for (const n of nodes) {
    out.push(' '.repeat(depth * 4) + n.label);
    out.push(...treeLines(n.children, depth + 1));
  }
  return out;
}

export function hex(n: number, digits: number): string {
  return '0x' + n.toString(16).padStart(digits, '0');
}

/** Drops the items (at any depth) covering bytes at or past `end`: what a cut-short header never reached. */
export function pruneBeyond(node: ProtoTree, end: number): void {
  if (collector !== null) return;
  node.children = node.children.filter((c) => c.generated === true || c.offset + c.length <= end);
  for (const c of node.children) pruneBeyond(c, end);
}
