// Sort order of pathname expansion. bash sorts matches with strcoll(3): in the C/POSIX locale
// by byte value; in glibc's UTF-8 locales (fr_FR.UTF-8, en_US.UTF-8) punctuation is ignored
// at first and letters compare case-insensitively, lower case first on a tie. This is a
// close, deterministic approximation of glibc's ISO 14651 table for ASCII names.

export function isCLocale(env: ReadonlyMap<string, string>): boolean {
  const locale = env.get('LC_ALL') || env.get('LC_COLLATE') || env.get('LANG') || 'C';
  return locale === 'C' || locale === 'POSIX' || locale.startsWith('C.');
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function primary(s: string): string {
  return s.replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();
}

export function localeCompare(a: string, b: string): number {
  const pa = primary(a);
  const pb = primary(b);
  if (pa !== pb) return byCodePoint(pa, pb);
  const la = a.replace(/[^\p{L}\p{N}]/gu, '');
  const lb = b.replace(/[^\p{L}\p{N}]/gu, '');
  if (la !== lb) {
    // Same letters, different case: lower case sorts first.
    for (let i = 0; i < la.length; i++) {
      if (la[i] !== lb[i]) return la[i] === la[i].toLowerCase() ? -1 : 1;
    }
  }
  return byCodePoint(a, b);
}

export function collator(env: ReadonlyMap<string, string>): (a: string, b: string) => number {
  return isCLocale(env) ? byCodePoint : localeCompare;
}
