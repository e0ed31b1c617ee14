// The values of every field of one dissected packet, as the filter engine looks them up
// (Wireshark's interesting-fields pass over the proto_tree), computed once per row.
import type { ProtoTree } from '../dissectors/tree.ts';

/** What a filter reads from a packet; SummaryRow (dissect-capture.ts) fits, plus its bytes. */
export interface FilterRow {
  readonly tree: readonly ProtoTree[];
  /** `eth:ethertype:ip:tcp`: protocols present even when a tree line lacks the field name. */
  readonly protocols?: string;
  /** The frame's bytes, for `frame contains ...` and other protocol-as-bytes tests. */
  readonly bytes?: Uint8Array;
  /** Collected by a lean dissection for this filter's fields: used instead of walking the tree. */
  readonly fields?: FieldValues;
}

/** Field name -> its occurrences; a protocol's occurrence is its node (for its bytes). */
export type FieldValues = ReadonlyMap<string, readonly unknown[]>;

// Wireshark adds hidden "either side" fields so `ip.addr == x` matches source or destination.
const TWO_SIDED: readonly (readonly [string, string, string])[] = [
  ['ip.addr', 'ip.src', 'ip.dst'],
  ['tcp.port', 'tcp.srcport', 'tcp.dstport'],
  ['udp.port', 'udp.srcport', 'udp.dstport'],
  ['eth.addr', 'eth.src', 'eth.dst'],
];

/** The names to collect from a tree so that `names` can be answered (two-sided fields need both sides). */
export function wantedFields(names: Iterable<string>): Set<string> {
  const wanted = new Set(names);
  for (const [both, a, b] of TWO_SIDED) {
    if (wanted.has(both)) {
      wanted.add(a);
      wanted.add(b);
    }
  }
  return wanted;
}

/**
 * The occurrences of the `wanted` fields in one packet, gathered in one walk of its tree
 * (Wireshark's "interesting fields"): nothing is kept once the filter has answered.
 */
export function fieldValues(row: FilterRow, wanted: ReadonlySet<string>): FieldValues {
  const map = new Map<string, unknown[]>();
  const walk = (nodes: readonly ProtoTree[]): void => {
    for (const n of nodes) {
      if (n.field !== undefined && wanted.has(n.field)) {
        const v = n.value === undefined ? n : n.value;
        const list = map.get(n.field);
        if (list === undefined) map.set(n.field, [v]);
        else list.push(v);
      }
      if (n.children.length > 0) walk(n.children);
    }
  };
  walk(row.tree);
  return completeFieldValues(map, wanted, row.protocols);
}

/** Adds the two-sided fields (ip.addr...) and the protocols present without a tree line. */
/** `protocols`: `eth:ethertype:ip:tcp`, or its layer names (a lean pass has them split). */
export function completeFieldValues(map: Map<string, unknown[]>, wanted: ReadonlySet<string>, protocols: string | readonly string[] | undefined): FieldValues {
  for (let i = 0; i < TWO_SIDED.length; i++) {
    const [both, a, b] = TWO_SIDED[i];
    if (!wanted.has(both) || map.has(both)) continue;
    const sideA = map.get(a);
    const sideB = map.get(b);
    if (sideA === undefined && sideB === undefined) continue;
    const values = sideA === undefined ? [...(sideB ?? [])] : sideB === undefined ? [...sideA] : [...sideA, ...sideB];
    if (values.length > 0) map.set(both, values);
  }
  if (protocols !== undefined) {
    const layers = typeof protocols === 'string' ? protocols.split(':') : protocols;
    for (let i = 0; i < layers.length; i++) {
      const p = layers[i];
      if (wanted.has(p) && !map.has(p)) map.set(p, []);
    }
  }
  return map;
}

/**
 * completeFieldValues for one wanted set, its two-sided fields looked up once: what a lean pass
 * calls for every packet, with the packet's layer names.
 */
export function fieldCompleter(wanted: ReadonlySet<string>): (map: Map<string, unknown[]>, layers: readonly string[]) => FieldValues {
  const pairs = TWO_SIDED.filter(([both]) => wanted.has(both));
  // Layer names have no dot: only the wanted names without one can be protocols present.
  const protocols = [...wanted].filter((name) => !name.includes('.'));
  return (map, layers) => {
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i];
      if (map.has(pair[0])) continue;
      const sideA = map.get(pair[1]);
      const sideB = map.get(pair[2]);
      const values = sideA === undefined ? (sideB === undefined ? undefined : sideB.slice()) : sideB === undefined ? sideA.slice() : sideA.concat(sideB);
      if (values !== undefined && values.length > 0) map.set(pair[0], values);
    }
    for (let i = 0; i < protocols.length; i++) {
      const p = protocols[i];
      if (layers.includes(p) && !map.has(p)) map.set(p, []);
    }
    return map;
  };
}

/** A value from the tree in the form literals take: numbers, strings or bytes. */
export function normalize(v: unknown, bytes: Uint8Array | undefined): number | string | Uint8Array | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'object' && v !== null && 'offset' in v && 'length' in v && bytes !== undefined) {
    const node = v as ProtoTree;
    return bytes.subarray(node.offset, node.offset + node.length);
  }
  return undefined;
}
