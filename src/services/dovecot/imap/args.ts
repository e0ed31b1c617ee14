// IMAP command arguments as Dovecot's lib-imap/imap-parser.c reads them (RFC 3501 section 9,
// "astring", "list", "literal"): atoms (which may hold '[' ']' '%' '*' as Dovecot accepts them),
// quoted strings with \" and \\ escapes, literals, parenthesized lists, NIL. The error texts are
// imap-parser.c's.

import type { CommandPart } from './command-reader.ts';

export type ImapArg =
  | { readonly kind: 'atom'; readonly value: string }
  | { readonly kind: 'string'; readonly value: string; readonly literal?: Uint8Array }
  | { readonly kind: 'nil' }
  | { readonly kind: 'list'; readonly items: readonly ImapArg[] };

export interface ParsedArgs {
  readonly args: readonly ImapArg[];
}

export interface ArgsError {
  readonly error: string;
}

const latin1 = new TextDecoder('latin1');

/** imap-arg.h IS_ATOM_SPECIAL_INPUT: what may not appear in an atom the client sends. */
function atomSpecial(c: number): boolean {
  return c === 0x28 || c === 0x29 || c === 0x7b || c === 0x22 || c === 0x5c || c <= 0x20 || c === 0x7f;
}

/**
 * Parses the arguments that follow the tag and command name. `text` is the rest of the first line;
 * the other parts are literals and the lines after them.
 */
export function parseArgs(first: string, rest: readonly CommandPart[]): ParsedArgs | ArgsError {
  const root: ImapArg[] = [];
  const stack: ImapArg[][] = [root];
  let current = root;
  let partIndex = 0;
  let text = first;
  for (;;) {
    let i = 0;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x20) {
        i += 1;
        continue;
      }
      if (c === 0x28) {
        const list: ImapArg[] = [];
        current.push({ kind: 'list', items: list });
        stack.push(list);
        current = list;
        i += 1;
        continue;
      }
      if (c === 0x29) {
        if (stack.length === 1) return { error: "Unexpected ')'" };
        stack.pop();
        current = stack[stack.length - 1] ?? root;
        i += 1;
        continue;
      }
      if (c === 0x22) {
        let value = '';
        let j = i + 1;
        let closed = false;
        while (j < text.length) {
          const d = text[j] ?? '';
          if (d === '"') {
            closed = true;
            break;
          }
          if (d === '\\' && j + 1 < text.length) {
            value += text[j + 1] ?? '';
            j += 2;
            continue;
          }
          if (d === '\0') return { error: 'NULs not allowed in strings' };
          value += d;
          j += 1;
        }
        if (!closed) return { error: "Missing '\"'" };
        current.push({ kind: 'string', value });
        i = j + 1;
        continue;
      }
      if (c === 0x7b) {
        const m = /^\{(\d+)(\+?)\}$/.exec(text.slice(i));
        if (m === null) {
          const inner = text.slice(i + 1);
          if (/^\d*\+[^}]/.test(inner)) return { error: "Expecting '}' after '+'" };
          return { error: 'Invalid literal size' };
        }
        const part = rest[partIndex];
        if (part === undefined || part.kind !== 'literal') return { error: 'Invalid literal size' };
        partIndex += 1;
        current.push({ kind: 'string', value: latin1.decode(part.bytes), literal: part.bytes });
        i = text.length;
        continue;
      }
      // An atom: up to SP, ')' or the end of the line.
      let j = i;
      while (j < text.length) {
        const d = text.charCodeAt(j);
        if (d === 0x20 || d === 0x29) break;
        // A flag (\Seen) starts with a backslash: allowed there only.
        if (atomSpecial(d) && !(d === 0x5c && j === i)) return { error: 'Invalid characters in atom' };
        if (d >= 0x80) return { error: '8bit data in atom' };
        j += 1;
      }
      const value = text.slice(i, j);
      current.push(value === 'NIL' ? { kind: 'nil' } : { kind: 'atom', value });
      i = j;
    }
    const next = rest[partIndex];
    if (next === undefined) break;
    if (next.kind === 'literal') return { error: 'Invalid literal size' };
    partIndex += 1;
    text = next.text;
  }
  if (stack.length > 1) return { error: "Missing ')'" };
  return { args: root };
}

/** An astring (atom or string), as imap_arg_get_astring(). */
export function astring(arg: ImapArg | undefined): string | null {
  if (arg === undefined) return null;
  if (arg.kind === 'atom' || arg.kind === 'string') return arg.value;
  return null;
}

/** A string, atom or NIL (NIL is ""), as imap_arg_get_nstring()... for mailbox patterns. */
export function nstring(arg: ImapArg | undefined): string | null {
  if (arg?.kind === 'nil') return '';
  return astring(arg);
}

export function atom(arg: ImapArg | undefined): string | null {
  return arg?.kind === 'atom' ? arg.value : null;
}

/** Writes an argument back as Dovecot's imap_write_args does (for error texts and logs). */
export function writeArg(arg: ImapArg): string {
  switch (arg.kind) {
    case 'atom':
      return arg.value;
    case 'nil':
      return 'NIL';
    case 'string':
      return `"${arg.value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
    case 'list':
      return `(${arg.items.map(writeArg).join(' ')})`;
  }
}
