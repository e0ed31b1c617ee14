// Shell pattern matching (bash(1) "Pattern Matching", POSIX XCU 2.13): `*`, `?`, bracket
// expressions with ranges, negation and [:classes:]. A pattern here is text where a backslash
// quotes the next character: the expander escapes whatever came from quotes.

const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v', blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f',
  cntrl: '\\x00-\\x1f\\x7f', print: '\\x20-\\x7e', graph: '\\x21-\\x7e', word: 'A-Za-z0-9_',
};

const reEscape = (c: string): string => c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/** True when the pattern has an unquoted `*`, `?` or `[` (only then is it a glob). */
export function hasGlobChars(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?') return true;
    else if (c === '[' && bracketEnd(pattern, i) > 0) return true;
  }
  return false;
}

/** Escape text so it matches itself as a pattern. */
export function quotePattern(text: string): string {
  return text.replace(/[\\*?[\]]/g, '\\$&');
}

/** Remove the quoting backslashes of a pattern (a pattern without glob chars is a literal). */
export function unquotePattern(pattern: string): string {
  return pattern.replace(/\\(.)/gs, '$1');
}

/** Index of the `]` closing the bracket expression at `start`, or -1. */
function bracketEnd(p: string, start: number): number {
  let i = start + 1;
  if (p[i] === '!' || p[i] === '^') i++;
  if (p[i] === ']') i++;
  for (; i < p.length; i++) {
    if (p[i] === '\\') i++;
    else if (p[i] === '[' && p[i + 1] === ':') {
      const end = p.indexOf(':]', i + 2);
      if (end > 0) i = end + 1;
    } else if (p[i] === ']') return i;
  }
  return -1;
}

/** The regular-expression source for a pattern (unanchored). */
export function patternSource(p: string): string {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      i++;
      out += i < p.length ? reEscape(p[i]) : '\\\\';
    } else if (c === '*') out += '[\\s\\S]*';
    else if (c === '?') out += '[\\s\\S]';
    else if (c === '[') {
      const end = bracketEnd(p, i);
      if (end < 0) {
        out += '\\[';
        continue;
      }
      let j = i + 1;
      let cls = '';
      if (p[j] === '!' || p[j] === '^') {
        cls += '^';
        j++;
      }
      for (; j < end; j++) {
        if (p[j] === '\\') {
          j++;
          cls += reEscape(p[j]);
        } else if (p[j] === '[' && p[j + 1] === ':') {
          const close = p.indexOf(':]', j + 2);
          cls += CLASSES[p.slice(j + 2, close)] ?? '';
          j = close + 1;
        } else if (p[j] === '-' && j > i + 1 && j + 1 < end) cls += '-';
        else cls += reEscape(p[j]);
      }
      out += cls === '^' ? '[\\s\\S]' : `[${cls}]`;
      i = end;
    } else out += reEscape(c);
  }
  return out;
}

const cache = new Map<string, RegExp>();

/** Whole-string match, as `case` and `[[ == ]]` do. */
export function matchPattern(pattern: string, text: string): boolean {
  let re = cache.get(pattern);
  if (!re) {
    try {
      re = new RegExp(`^${patternSource(pattern)}$`);
    } catch {
      re = new RegExp(`^${reEscape(unquotePattern(pattern))}$`);
    }
    if (cache.size > 500) cache.clear();
    cache.set(pattern, re);
  }
  return re.test(text);
}

/**
 * ${var#pat} ${var##pat} ${var%pat} ${var%%pat}: the text with the shortest or longest
 * matching prefix or suffix removed.
 */
export function removeAffix(text: string, pattern: string, suffix: boolean, longest: boolean): string {
  const n = text.length;
  if (!suffix) {
    if (longest) {
      for (let i = n; i >= 0; i--) if (matchPattern(pattern, text.slice(0, i))) return text.slice(i);
    } else {
      for (let i = 0; i <= n; i++) if (matchPattern(pattern, text.slice(0, i))) return text.slice(i);
    }
  } else if (longest) {
    for (let i = 0; i <= n; i++) if (matchPattern(pattern, text.slice(i))) return text.slice(0, i);
  } else {
    for (let i = n; i >= 0; i--) if (matchPattern(pattern, text.slice(i))) return text.slice(0, i);
  }
  return text;
}

/** ${var/pat/rep}, ${var//pat/rep}, anchored ${var/#pat/rep} and ${var/%pat/rep}. */
export function replacePattern(text: string, pattern: string, rep: string, mode: '/' | '//' | '/#' | '/%'): string {
  if (pattern === '') return text;
  const n = text.length;
  if (mode === '/#') {
    for (let i = n; i >= 0; i--) if (matchPattern(pattern, text.slice(0, i))) return rep + text.slice(i);
    return text;
  }
  if (mode === '/%') {
    for (let i = 0; i <= n; i++) if (matchPattern(pattern, text.slice(i))) return text.slice(0, i) + rep;
    return text;
  }
  let out = '';
  let i = 0;
  while (i <= n) {
    let matched = -1;
    // Longest match starting at i.
    for (let j = n; j > i; j--) {
      if (matchPattern(pattern, text.slice(i, j))) {
        matched = j;
        break;
      }
    }
    if (matched < 0) {
      if (i < n) out += text[i];
      i++;
      continue;
    }
    out += rep;
    i = matched;
    if (mode === '/') return out + text.slice(i);
  }
  return out;
}
