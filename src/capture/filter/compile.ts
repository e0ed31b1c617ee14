// Semantic check and code generation (Wireshark epan/dfilter/semcheck.c and gencode.c): every
// name is resolved against the field registry, every literal converted to its field's type,
// and the tree becomes one closure per node.
//
// Multi-valued fields (ip.addr, tcp.port, eth.addr, ...) follow Wireshark 4.0: `==` is "any
// occurrence equals", and since 3.6 `!=` is "all occurrences differ", the same as `!(a == b)`
// when the field is present ("ip.addr != 1.1.1.1" means neither side is 1.1.1.1); `~=`, `!==`
// and any_ne keep the old "some occurrence differs"; `===`/all_eq asks every occurrence to be
// equal (Wireshark 3.6.0 and 4.0.0 release notes; wireshark-filter(4), "Operators"; checked
// against tshark 4.0.17).
import type { FieldRegistry, FieldType } from './fields.ts';
import { typeName } from './fields.ts';
import { convertLiteral } from './literal.ts';
import type { Ipv4Net, Literal } from './literal.ts';
import type { Entity, FilterError, FilterNode } from './parser.ts';
import type { CmpOp } from './scanner.ts';
import { fieldValues, normalize, wantedFields } from './row-fields.ts';
import type { FieldValues, FilterRow } from './row-fields.ts';

export type Predicate = (row: FilterRow) => boolean;

/** One packet as the compiled tests see it: the fields the filter names, and the frame bytes. */
interface Ctx {
  readonly fields: FieldValues;
  readonly bytes: Uint8Array | undefined;
}
type Test = (ctx: Ctx) => boolean;
export type CompileResult = { readonly ok: true; readonly filter: Predicate; readonly fields: ReadonlySet<string> } | FilterError;

type Value = number | string | Uint8Array;

class SemanticError {
  constructor(readonly error: FilterError) {}
}

function fail(message: string, e: Entity): never {
  throw new SemanticError({ ok: false, message, start: e.tok.start, end: e.tok.end });
}

export function compileNode(node: FilterNode, registry: FieldRegistry): CompileResult {
  try {
    const names = new Set<string>();
    const test = gen(node, new Gen(registry, names));
    const wanted = wantedFields(names);
    return { ok: true, fields: wanted, filter: (row) => test({ fields: row.fields ?? fieldValues(row, wanted), bytes: row.bytes }) };
  } catch (e) {
    if (e instanceof SemanticError) return e.error;
    throw e;
  }
}

/** The registry, and the field names the filter uses (collected while compiling). */
class Gen {
  constructor(
    readonly registry: FieldRegistry,
    readonly names: Set<string>,
  ) {}
}

function fieldOf(e: Entity, g: Gen): FieldType | undefined {
  const type = e.tok.kind === 'word' ? g.registry.get(e.tok.text) : undefined;
  if (type !== undefined) g.names.add(e.tok.text);
  return type;
}

function literal(e: Entity, name: string, type: FieldType): Literal {
  const r = convertLiteral(e.tok, name, type);
  if (!r.ok) throw new SemanticError(r);
  return r.value;
}

function gen(node: FilterNode, g: Gen): Test {
  switch (node.kind) {
    case 'and': {
      const l = gen(node.left, g);
      const r = gen(node.right, g);
      return (ctx) => l(ctx) && r(ctx);
    }
    case 'or': {
      const l = gen(node.left, g);
      const r = gen(node.right, g);
      return (ctx) => l(ctx) || r(ctx);
    }
    case 'xor': {
      const l = gen(node.left, g);
      const r = gen(node.right, g);
      return (ctx) => l(ctx) !== r(ctx);
    }
    case 'not': {
      const e = gen(node.expr, g);
      return (ctx) => !e(ctx);
    }
    case 'test': {
      const name = node.entity.tok.text;
      if (fieldOf(node.entity, g) === undefined) fail(`${name} is neither a field nor a protocol name.`, node.entity);
      return (ctx) => ctx.fields.has(name);
    }
    case 'cmp':
      return genCompare(node.op, node.opTok.text, node.left, node.right, g);
    case 'contains':
    case 'matches':
      return genMatch(node.kind, node.opTok.text, node.left, node.right, g);
    case 'in':
      return genIn(node.opTok.text, node.left, node.items, g);
  }
}

function leftField(op: string, left: Entity, g: Gen): FieldType {
  const type = fieldOf(left, g);
  if (type === undefined) fail(`Left side of "${op}" expression must be a field or function, not ${left.tok.text}.`, left);
  return type;
}

function values(ctx: Ctx, name: string): Value[] {
  const out: Value[] = [];
  for (const v of ctx.fields.get(name) ?? []) {
    const n = normalize(v, ctx.bytes);
    if (n !== undefined) out.push(n);
  }
  return out;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Order of two values of one type; NaN when they cannot be compared. */
function order(a: Value, b: Literal): number {
  if (typeof a === 'number') {
    if (typeof b === 'number') return a - b;
    if (typeof b === 'object' && !(b instanceof Uint8Array)) return a - b.net;
    return NaN;
  }
  if (typeof a === 'string') return typeof b === 'string' ? (a < b ? -1 : a > b ? 1 : 0) : NaN;
  return b instanceof Uint8Array ? compareBytes(a, b) : NaN;
}

function equal(a: Value, b: Literal): boolean {
  if (typeof a === 'number' && typeof b === 'object' && !(b instanceof Uint8Array)) {
    const net = b as Ipv4Net;
    return ((a & net.mask) >>> 0) === net.net;
  }
  return order(a, b) === 0;
}

function test(op: CmpOp, a: Value, b: Literal): boolean {
  switch (op) {
    case 'any_eq':
    case 'all_eq':
      return equal(a, b);
    case 'all_ne':
    case 'any_ne':
      return !equal(a, b);
    case 'gt':
      return order(a, b) > 0;
    case 'lt':
      return order(a, b) < 0;
    case 'ge':
      return order(a, b) >= 0;
    case 'le':
      return order(a, b) <= 0;
  }
}

/** Wireshark's quantifiers over a field's occurrences; an absent field never matches. */
function quantify(op: CmpOp, list: readonly Value[], one: (v: Value) => boolean): boolean {
  if (list.length === 0) return false;
  return op === 'all_eq' || op === 'all_ne' ? list.every(one) : list.some(one);
}

function compatible(a: FieldType, b: FieldType): boolean {
  const numeric = (t: FieldType): boolean => t.kind === 'uint' || t.kind === 'int' || t.kind === 'bool';
  const bytesLike = (t: FieldType): boolean => t.kind === 'bytes' || t.kind === 'protocol';
  return a.kind === b.kind || (numeric(a) && numeric(b)) || (bytesLike(a) && bytesLike(b));
}

function genCompare(op: CmpOp, opText: string, left: Entity, right: Entity, g: Gen): Test {
  const type = leftField(opText, left, g);
  const name = left.tok.text;
  const rightType = fieldOf(right, g);
  if (rightType !== undefined) {
    // A field on the right: compare occurrences pairwise (`tcp.srcport == tcp.dstport`).
    if (!compatible(type, rightType)) fail(`${name} and ${right.tok.text} are not of compatible types.`, right);
    const other = right.tok.text;
    return (ctx) => {
      const bs = values(ctx, other);
      return quantify(op, values(ctx, name), (a) => quantify(op, bs, (b) => test(op, a, b)));
    };
  }
  // A label (FT_NONE) has no value to compare: tshark accepts the test and it never matches.
  if (type.kind === 'none') return () => false;
  const lit = literal(right, name, type);
  return (ctx) => quantify(op, values(ctx, name), (a) => test(op, a, lit));
}

const LATIN1 = new TextDecoder('latin1');

function asText(v: Value): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : LATIN1.decode(v);
}

function includes(hay: Value, needle: Literal): boolean {
  if (typeof hay === 'string') return typeof needle === 'string' ? hay.includes(needle) : hay.includes(asText(needle as Uint8Array));
  if (!(hay instanceof Uint8Array) || !(needle instanceof Uint8Array)) return false;
  if (needle.length === 0) return true;
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

function genMatch(kind: 'contains' | 'matches', opText: string, left: Entity, right: Entity, g: Gen): Test {
  const type = leftField(opText, left, g);
  const name = left.tok.text;
  if (type.kind !== 'string' && type.kind !== 'bytes' && type.kind !== 'protocol')
    fail(`${name} (type=${typeName(type)}) cannot participate in ${opText} comparison.`, left);
  if (kind === 'contains') {
    const lit = literal(right, name, type);
    return (ctx) => values(ctx, name).some((v) => includes(v, lit));
  }
  // `matches` is case-insensitive in Wireshark; a leading (?i) (PCRE syntax) is accepted too.
  const source = right.tok.value.replace(/^\(\?i\)/, '');
  let re: RegExp;
  try {
    re = new RegExp(source, 'i');
  } catch (e) {
    fail(`Regex compilation error: ${pcreMessage(e instanceof Error ? e.message : String(e))}.`, right);
  }
  return (ctx) => values(ctx, name).some((v) => re.test(asText(v)));
}

// JavaScript's RegExp errors under the PCRE2 texts tshark prints for the same mistakes.
const PCRE_MESSAGES: readonly (readonly [string, string])[] = [
  ['Unterminated group', 'missing closing parenthesis'],
  ["Unmatched ')'", 'unmatched closing parenthesis'],
  ['Nothing to repeat', 'quantifier does not follow a repeatable item'],
  ['Unterminated character class', 'missing terminating ] for character class'],
  ['\\ at end of pattern', '\\ at end of pattern'],
  ['numbers out of order in {} quantifier', 'numbers out of order in {} quantifier'],
];

function pcreMessage(js: string): string {
  const hit = PCRE_MESSAGES.find(([k]) => js.includes(k));
  return hit !== undefined ? hit[1] : js.replace(/^Invalid regular expression: \/.*\/\w*: /, '');
}

function genIn(opText: string, left: Entity, items: readonly { lo: Entity; hi?: Entity }[], g: Gen): Test {
  const type = leftField(opText, left, g);
  const name = left.tok.text;
  const tests = items.map(({ lo, hi }) => {
    const a = literal(lo, name, type);
    if (hi === undefined) return (v: Value): boolean => equal(v, a);
    const b = literal(hi, name, type);
    return (v: Value): boolean => order(v, a) >= 0 && order(v, b) <= 0;
  });
  return (ctx) => values(ctx, name).some((v) => tests.some((t) => t(v)));
}
