// Postfix's $parameter expansion (mac_expand(3) as of 3.7): $name, ${name}, $(name),
// ${name?value}, ${name:value}, ${name?{then}:{else}} and the relational form
// ${{left} op {right} ? {then} : {else}} used by the compatibility-level defaults.

/** A parameter's raw value, or undefined when it has none (neither main.cf nor a default). */
export type Lookup = (name: string) => string | undefined;

const NAME_CHAR = /[A-Za-z0-9_]/;
/** Postfix gives up at this nesting ("unreasonable macro call nesting"): we return what we have. */
const MAX_DEPTH = 100;

/** Expand `text` recursively: every value a $name brings in is expanded in turn. */
export function expandValue(text: string, lookup: Lookup): string {
  return expand(text, lookup, 0);
}

function expand(text: string, lookup: Lookup, depth: number): string {
  if (depth > MAX_DEPTH || !text.includes('$')) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '{' || next === '(') {
      const close = matching(text, i + 1);
      if (close < 0) {
        // Postfix: "unmatched '{'": the text stays as it is.
        out += text.slice(i);
        break;
      }
      out += expandBraced(text.slice(i + 2, close), lookup, depth);
      i = close + 1;
    } else if (next !== undefined && NAME_CHAR.test(next)) {
      let j = i + 1;
      while (j < text.length && NAME_CHAR.test(text[j])) j++;
      out += named(text.slice(i + 1, j), lookup, depth);
      i = j;
    } else {
      out += '$';
      i++;
    }
  }
  return out;
}

function named(name: string, lookup: Lookup, depth: number): string {
  const v = lookup(name);
  return v === undefined ? '' : expand(v, lookup, depth + 1);
}

/** Index of the bracket closing the one at `open` (`{` or `(`), nesting counted; -1 if none. */
function matching(text: string, open: number): number {
  const o = text[open];
  const c = o === '{' ? '}' : ')';
  let level = 0;
  for (let k = open; k < text.length; k++) {
    if (text[k] === o) level++;
    else if (text[k] === c && --level === 0) return k;
  }
  return -1;
}

function expandBraced(inner: string, lookup: Lookup, depth: number): string {
  const body = inner.trim();
  if (body.startsWith('{')) return relational(body, lookup, depth);
  let j = 0;
  while (j < body.length && NAME_CHAR.test(body[j])) j++;
  const name = body.slice(0, j);
  const op = body[j];
  if (op === undefined) return named(name, lookup, depth);
  const rest = body.slice(j + 1);
  const v = lookup(name);
  const set = v !== undefined && expand(v, lookup, depth + 1) !== '';
  if (op === '?') {
    const alt = thenElse(rest);
    if (alt !== null) return expand(set ? alt[0] : alt[1], lookup, depth + 1);
    return set ? expand(rest, lookup, depth + 1) : '';
  }
  if (op === ':') return set ? '' : expand(rest, lookup, depth + 1);
  return '';
}

/** `{then}:{else}` (whitespace allowed around the colon), or null when `s` is not that form. */
function thenElse(s: string): [string, string] | null {
  const t = s.trim();
  if (!t.startsWith('{')) return null;
  const a = matching(t, 0);
  if (a < 0) return null;
  const after = t.slice(a + 1).trimStart();
  if (!after.startsWith(':')) return null;
  const b = after.slice(1).trimStart();
  if (!b.startsWith('{')) return null;
  const e = matching(b, 0);
  if (e < 0 || b.slice(e + 1).trim() !== '') return null;
  return [t.slice(1, a), b.slice(1, e)];
}

function relational(body: string, lookup: Lookup, depth: number): string {
  const le = matching(body, 0);
  if (le < 0) return '';
  const left = expand(body.slice(1, le), lookup, depth + 1).trim();
  let rest = body.slice(le + 1).trimStart();
  const m = /^([<>=!]=?(?:level)?|[<>](?:level)?)\s*/.exec(rest);
  if (m === null) return '';
  const op = m[1];
  rest = rest.slice(m[0].length);
  if (!rest.startsWith('{')) return '';
  const re = matching(rest, 0);
  if (re < 0) return '';
  const right = expand(rest.slice(1, re), lookup, depth + 1).trim();
  rest = rest.slice(re + 1).trimStart();
  if (!rest.startsWith('?')) return '';
  const alt = thenElse(rest.slice(1));
  if (alt === null) return '';
  return expand(compare(left, op, right) ? alt[0] : alt[1], lookup, depth + 1);
}

function compare(left: string, op: string, right: string): boolean {
  if (op === '==') return left === right;
  if (op === '!=') return left !== right;
  const level = op.endsWith('level');
  const sign = level ? compareLevels(left, right) : Math.sign(Number(left) - Number(right));
  switch (level ? op.slice(0, -5) : op) {
    case '<':
      return sign < 0;
    case '<=':
      return sign <= 0;
    case '>':
      return sign > 0;
    case '>=':
      return sign >= 0;
    default:
      return false;
  }
}

/** Compatibility levels compare field by field: 3.6 > 2 > 1 > 0. */
export function compareLevels(a: string, b: string): number {
  const pa = a.split('.').map((x) => Number(x) || 0);
  const pb = b.split('.').map((x) => Number(x) || 0);
  for (let k = 0; k < Math.max(pa.length, pb.length); k++) {
    const d = (pa[k] ?? 0) - (pb[k] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}
