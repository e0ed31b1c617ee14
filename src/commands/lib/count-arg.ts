// Counts given to head, tail, split...: digits with an optional multiplier suffix as
// xstrtoumax accepts them (b = 512, K = 1024, kB = 1000, M, MB, G, GB...).
const POW: Record<string, number> = { K: 1, k: 1, M: 2, G: 3, T: 4, P: 5, E: 6, Z: 7, Y: 8 };

/** The count, or null when invalid. Values past 2^53 are clamped (they mean "everything"). */
export function parseCount(s: string): number | null {
  const m = /^(\d+)(b|[KkMGTPEZY](?:iB|B)?)?$/.exec(s);
  if (!m) return null;
  let v = Number(m[1]);
  const suf = m[2];
  if (suf === 'b') v *= 512;
  else if (suf) {
    const base = suf.endsWith('iB') ? 1024 : suf.endsWith('B') ? 1000 : 1024;
    v *= base ** POW[suf[0]];
  }
  return Math.min(v, Number.MAX_SAFE_INTEGER);
}
