// Literal values of the filter language, converted to the type of the field they are compared
// with (Wireshark's ftypes *_from_literal / *_from_string), with its exact error texts.
import type { Token } from './scanner.ts';
import { typeName } from './fields.ts';
import type { FieldType } from './fields.ts';
import type { FilterError } from './parser.ts';

/** An IPv4 literal with its CIDR mask (`192.168.0.0/24`); a plain address has mask /32. */
export interface Ipv4Net {
  readonly net: number;
  readonly mask: number;
}

export type Literal = number | string | Uint8Array | Ipv4Net;

export type LiteralResult = { readonly ok: true; readonly value: Literal } | FilterError;

function fail(message: string, tok: Token): FilterError {
  return { ok: false, message, start: tok.start, end: tok.end };
}

const INTEGER = /^-?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;

/** Decimal, 0x hex, 0b binary and leading-zero octal, as strtoull with base 0 (plus 0b). */
function parseInteger(text: string): bigint | undefined {
  if (!INTEGER.test(text)) return undefined;
  const neg = text.startsWith('-');
  const body = neg ? text.slice(1) : text;
  let v: bigint;
  if (/^0[xXbB]/.test(body)) v = BigInt(body);
  else if (body.length > 1 && body.startsWith('0')) v = BigInt('0o' + body.slice(1));
  else v = BigInt(body);
  return neg ? -v : v;
}

/** Hex bytes separated by `:`, `-` or `.` (`65:68:6c:6f`), or one run of hex pairs. */
export function parseByteString(text: string): Uint8Array | undefined {
  const groups = /[:\-.]/.test(text) ? text.split(/[:\-.]/) : text.length % 2 === 0 ? (text.match(/../g) ?? []) : [text];
  if (groups.length === 0) return undefined;
  const out: number[] = [];
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,2}$/.test(g)) return undefined;
    out.push(parseInt(g, 16));
  }
  return Uint8Array.from(out);
}

function parseEther(text: string, tok: Token): LiteralResult {
  // Cisco style aaaa.bbbb.cccc is three 16-bit groups.
  const cisco = /^([0-9a-fA-F]{4})\.([0-9a-fA-F]{4})\.([0-9a-fA-F]{4})$/.exec(text);
  const bytes = cisco !== null ? parseByteString(cisco.slice(1).join('')) : parseByteString(text);
  if (bytes === undefined) return fail(`"${text}" is not a valid Ethernet address.`, tok);
  if (bytes.length < 6) return fail(`"${text}" contains too few bytes to be a valid Ethernet address.`, tok);
  let v = 0;
  for (const b of bytes.subarray(0, 6)) v = v * 256 + b;
  return { ok: true, value: v };
}

function parseIpv4(text: string, tok: Token): LiteralResult {
  const slash = text.indexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(addr);
  const parts = m === null ? [] : m.slice(1).map(Number);
  if (m === null || parts.some((p) => p > 255)) return fail(`"${addr}" is not a valid hostname or IPv4 address.`, tok);
  let mask = 0xffffffff;
  if (slash >= 0) {
    const bitsText = text.slice(slash + 1);
    if (!/^\d+$/.test(bitsText)) return fail('FT_IPv4 cannot /.', tok);
    const bits = Number(bitsText);
    if (bits > 32) return fail(`Netmask bits in a CIDR IPv4 address should be <= 32, not ${bits}`, tok);
    mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  }
  const net = ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
  return { ok: true, value: { net: (net & mask) >>> 0, mask } };
}

/** A quoted string's bytes: chars below 256 (\xhh escapes) as themselves, others as UTF-8. */
export function stringBytes(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 256) out.push(cp);
    else out.push(...new TextEncoder().encode(ch));
  }
  return Uint8Array.from(out);
}

/** Converts the literal `tok` for a comparison with field `name` of type `type`. */
export function convertLiteral(tok: Token, name: string, type: FieldType): LiteralResult {
  const quoted = tok.kind === 'string';
  const text = tok.value;
  switch (type.kind) {
    case 'uint':
    case 'int': {
      if (quoted) return fail(`${typeName(type)} cannot be converted from a string ("${text}").`, tok);
      const v = parseInteger(text);
      if (v === undefined) return fail(`"${text}" is not a valid number.`, tok);
      const bits = BigInt((type.bytes ?? 4) * 8);
      const max = type.kind === 'uint' ? (1n << bits) - 1n : (1n << (bits - 1n)) - 1n;
      if (v > max) return fail(`"${text}" too big for this field, maximum ${max}.`, tok);
      return { ok: true, value: Number(v) };
    }
    case 'bool': {
      // tshark 4.0 takes any integer (non-zero is true) and the words True/False.
      const v = quoted ? undefined : parseInteger(text);
      if (v !== undefined) return { ok: true, value: v !== 0n ? 1 : 0 };
      if (text === 'True' || text === 'TRUE') return { ok: true, value: 1 };
      if (text === 'False' || text === 'FALSE') return { ok: true, value: 0 };
      return fail(`"${text}" cannot be found among the possible values for ${name}.`, tok);
    }
    case 'ipv4':
      if (quoted) return fail(`${typeName(type)} cannot be converted from a string ("${text}").`, tok);
      return parseIpv4(text, tok);
    case 'ether':
      if (quoted) return fail(`${typeName(type)} cannot be converted from a string ("${text}").`, tok);
      return parseEther(text, tok);
    case 'double':
    case 'time': {
      const v = Number(text);
      if (quoted || text === '' || !Number.isFinite(v)) return fail(`"${text}" is not a valid number.`, tok);
      return { ok: true, value: v };
    }
    case 'string':
      return { ok: true, value: text };
    case 'bytes':
    case 'protocol':
    case 'none': {
      if (quoted) return { ok: true, value: stringBytes(text) };
      const b = parseByteString(text);
      if (b === undefined) return fail(`"${text}" is not a valid byte string.`, tok);
      return { ok: true, value: b };
    }
  }
}
