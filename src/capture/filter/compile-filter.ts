// Display filters, Wireshark's pipeline: scanner.ts -> parser.ts -> semantic check against the
// field registry -> a compiled predicate (compile.ts). Any text gives a value, never an exception.
import { compileNode } from './compile.ts';
import type { Predicate } from './compile.ts';
import { DEFAULT_REGISTRY } from './fields.ts';
import type { FieldRegistry } from './fields.ts';
import { parseFilter } from './parser.ts';

export type { FilterRow } from './row-fields.ts';
export type { Predicate } from './compile.ts';

export type CompiledFilter =
  /** `fields`: what the filter reads, for a lean dissection (dissectCapture's `fields` option). */
  | { readonly ok: true; readonly filter: Predicate; readonly fields: ReadonlySet<string> }
  | { readonly ok: false; readonly message: string; readonly start: number; readonly end: number };

/** An empty filter selects every packet, as an empty display filter bar does. */
export function compileFilter(text: string, registry: FieldRegistry = DEFAULT_REGISTRY): CompiledFilter {
  const parsed = parseFilter(text);
  if (!parsed.ok) return parsed;
  if (parsed.node === undefined) return { ok: true, filter: () => true, fields: new Set() };
  return compileNode(parsed.node, registry);
}
