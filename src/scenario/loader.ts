// Text of a scenario file -> the resolved model, or every problem found. Stages, each feeding
// the next: YAML syntax (tree.ts), params (params.ts), templating (templating.ts), fields
// (validate.ts), relations (consistency.ts). A file with any problem yields no scenario at all.
import { sortScenarioErrors, type ScenarioError } from './error.ts';
import { resolveParams, type GivenParams } from './params.ts';
import { childPath, Reader } from './reader.ts';
import type { Scenario } from './schema.ts';
import { expandTree } from './templating.ts';
import { parseTree, type TreeNode } from './tree.ts';
import { readScenario } from './validate.ts';
import { checkConsistency } from './consistency.ts';

export type LoadResult = { readonly ok: true; readonly scenario: Scenario } | { readonly ok: false; readonly errors: readonly ScenarioError[] };

/**
 * `file` only labels the errors; `params` override the defaults (`{ X: 128 }` or `{ X: "128" }`).
 */
export function loadScenario(text: string, file: string, params: GivenParams = {}): LoadResult {
  const parsed = parseTree(text);
  if (parsed.root === null) {
    const errors = parsed.problems.map((p) => ({ file, path: '', line: p.pos?.line, column: p.pos?.column, message: p.message }));
    return { ok: false, errors };
  }
  const reader = new Reader(file);
  const root = parsed.root;
  if (root.kind !== 'map') {
    reader.error('', 'expected a mapping at the top of the file (name:, hosts:, ...)', root.pos);
    return { ok: false, errors: reader.errors };
  }
  const paramsNode = root.entries.find((e) => e.key === 'params')?.value;
  const resolved = resolveParams(paramsNode, reader, params);
  // The params block is not templated; everything else is, keys included.
  const templated: TreeNode = {
    ...root,
    entries: root.entries.map((e) => (e.key === 'params' ? e : { ...e, value: expandTree(e.value, childPath('', e.key), resolved, reader) })),
  };
  const read = readScenario(templated, resolved.specs, reader);
  if (read) checkConsistency(read, reader);
  if (reader.errors.length > 0 || !read) return { ok: false, errors: sortScenarioErrors(reader.errors) };
  return { ok: true, scenario: read.scenario };
}
