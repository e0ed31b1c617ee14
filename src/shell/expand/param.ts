// The string operations of parameter expansion that need no shell state:
// ${var:offset:length} and the case modifiers ${var^} ${var^^} ${var,} ${var,,}.
import { matchPattern } from './pattern.ts';

/** ${v:off:len}; null when the length resolves before the offset (bash: "substring expression < 0"). */
export function substring(v: string, off: bigint, len: bigint | null): string | null {
  const chars = [...v];
  const n = chars.length;
  let start = Number(off);
  if (start < 0) start = n + start;
  if (start < 0 || start > n) return '';
  let end = n;
  if (len !== null) {
    const l = Number(len);
    end = l < 0 ? n + l : start + l;
    if (end < start) return l < 0 ? null : '';
  }
  return chars.slice(start, Math.min(end, n)).join('');
}

export function caseChange(v: string, op: '^' | '^^' | ',' | ',,', pattern: string | null): string {
  const upper = op.startsWith('^');
  const all = op.length === 2;
  const chars = [...v];
  for (let i = 0; i < chars.length; i++) {
    if (!all && i > 0) break;
    if (pattern !== null && !matchPattern(pattern, chars[i])) continue;
    chars[i] = upper ? chars[i].toUpperCase() : chars[i].toLowerCase();
  }
  return chars.join('');
}
