// RFC 3501 section 9 sequence-set ("1,3:5,7:*") as Dovecot's imap_seq_set_parse() reads it: numbers
// are 1..2^32-1, "*" is the largest number in use, a range may be given backwards ("5:3").

export interface SeqRange {
  /** -1 stands for "*". */
  readonly from: number;
  readonly to: number;
}

const STAR = -1;

function parseNumber(s: string): number | null {
  if (s === '*') return STAR;
  if (!/^[1-9]\d{0,9}$/.test(s)) return null;
  const n = Number(s);
  return n > 0xffffffff ? null : n;
}

export function parseSequenceSet(s: string): SeqRange[] | null {
  if (s === '') return null;
  const out: SeqRange[] = [];
  for (const item of s.split(',')) {
    const colon = item.indexOf(':');
    const a = parseNumber(colon < 0 ? item : item.slice(0, colon));
    const b = colon < 0 ? a : parseNumber(item.slice(colon + 1));
    if (a === null || b === null) return null;
    out.push({ from: a, to: b });
  }
  return out;
}

/** The members of `ranges` among 1..max ("*" = max), sorted and without duplicates. */
export function resolveSequence(ranges: readonly SeqRange[], max: number): number[] {
  const picked = new Set<number>();
  for (const r of ranges) {
    const a = r.from === STAR ? max : r.from;
    const b = r.to === STAR ? max : r.to;
    const lo = Math.max(1, Math.min(a, b));
    const hi = Math.min(max, Math.max(a, b));
    for (let n = lo; n <= hi; n++) picked.add(n);
  }
  return [...picked].sort((x, y) => x - y);
}

/**
 * Dovecot's msgset_is_valid(): a message set is refused when the mailbox is empty or when it names
 * a number above the last message ("n:*" is fine while n <= count).
 */
export function sequenceSetValid(ranges: readonly SeqRange[], count: number): boolean {
  if (count === 0 || ranges.length === 0) return false;
  for (const r of ranges) {
    for (const n of [r.from, r.to]) if (n !== STAR && n > count) return false;
  }
  return true;
}

/** UIDs of `uids` (sorted ascending) matching a UID set; "n:*" always includes the highest UID. */
export function resolveUidSet(ranges: readonly SeqRange[], uids: readonly number[]): Set<number> {
  const out = new Set<number>();
  const last = uids[uids.length - 1] ?? 0;
  for (const r of ranges) {
    const a = r.from === STAR ? last : r.from;
    const b = r.to === STAR ? last : r.to;
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    for (const u of uids) if (u >= lo && u <= hi) out.add(u);
  }
  return out;
}

/** A UID list written back as a compact set ("1:3,7") for COPYUID/APPENDUID. */
export function formatUidSet(uids: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < uids.length) {
    let j = i;
    while (j + 1 < uids.length && (uids[j + 1] ?? 0) === (uids[j] ?? 0) + 1) j += 1;
    parts.push(i === j ? String(uids[i]) : `${uids[i]}:${uids[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
