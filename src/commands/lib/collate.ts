// strcoll() order of glibc 2.36: byte (code point) order in C and C.UTF-8; in fr_FR.UTF-8 the
// ISO 14651 table, where case, accents and punctuation only break ties (`a b`, `a_b`, `ab`,
// `a.txt`, `B`, `.bashrc`, `c`). Intl's French collator with punctuation ignored gives the same
// first-level order; exact ties fall back to code points.
import type { Locale } from './locale.ts';

export type Compare = (a: string, b: string) => number;

export function codePointCompare(a: string, b: string): number {
  // UTF-16 order differs from code point order only for astral characters vs U+E000-U+FFFF.
  return a < b ? -1 : a > b ? 1 : 0;
}

let frCollator: Intl.Collator | null = null;

export function collator(loc: Locale): Compare {
  if (!loc.fr || !loc.utf8) return codePointCompare;
  frCollator ??= new Intl.Collator('fr', { ignorePunctuation: true, sensitivity: 'variant', numeric: false });
  const c = frCollator;
  return (a, b) => c.compare(a, b) || codePointCompare(a, b);
}
