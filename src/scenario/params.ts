// The `params:` block: integers a teacher lets vary per student (`X: { default: 128, min: 101,
// max: 199 }`). Values come from the defaults, overridden by the caller (`--param X=130`). The
// block itself is read before templating and is not templated (a param cannot use a param).
import type { ParamSpec } from './schema.ts';
import { childPath, type Reader } from './reader.ts';
import type { TreeNode } from './tree.ts';

export type GivenParams = Readonly<Record<string, string | number>>;

export interface ResolvedParams {
  readonly specs: readonly ParamSpec[];
  readonly values: ReadonlyMap<string, number>;
  /** Declared params without a usable value: templates using them fail without a second report. */
  readonly unresolved: ReadonlySet<string>;
}

const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function resolveParams(node: TreeNode | undefined, reader: Reader, given: GivenParams = {}): ResolvedParams {
  const specs: ParamSpec[] = [];
  const values = new Map<string, number>();
  const unresolved = new Set<string>();
  const declared = new Set<string>();
  const map = node === undefined || (node.kind === 'scalar' && node.isNull) ? undefined : reader.map(node, 'params');

  for (const entry of map?.entries ?? []) {
    const path = childPath('params', entry.key);
    declared.add(entry.key);
    if (!PARAM_NAME.test(entry.key)) {
      reader.error(path, `bad param name ${JSON.stringify(entry.key)} (letters, digits and _, not starting with a digit)`, entry.keyPos);
      continue;
    }
    unresolved.add(entry.key);
    const fields = reader.fields(entry.value, path, ['default', 'min', 'max', 'description']);
    if (!fields) continue;
    const read = (key: string): number | null | undefined => {
      const n = fields.get(key);
      return n === undefined ? null : reader.integer(n, childPath(path, key));
    };
    const def = read('default');
    const min = read('min');
    const max = read('max');
    const descNode = fields.get('description');
    const description = descNode === undefined ? '' : reader.string(descNode, childPath(path, 'description'));
    if (def === undefined || min === undefined || max === undefined || description === undefined) continue;
    if (min !== null && max !== null && min > max) {
      reader.error(childPath(path, 'min'), `min ${min} is above max ${max}`);
      continue;
    }
    if (def !== null && !inRange(def, min, max)) {
      reader.error(childPath(path, 'default'), `default ${def} is outside ${rangeText(min, max)}`);
    }

    let value = def;
    if (Object.hasOwn(given, entry.key)) {
      const raw = given[entry.key];
      const text = String(raw).trim();
      const parsed = Number(text);
      if (!/^[-+]?[0-9]+$/.test(text) || !Number.isSafeInteger(parsed)) {
        reader.error(path, `value ${JSON.stringify(String(raw))} given for ${entry.key} is not an integer`);
        continue;
      }
      if (!inRange(parsed, min, max)) {
        reader.error(path, `value ${parsed} given for ${entry.key} is outside ${rangeText(min, max)}`);
        continue;
      }
      value = parsed;
    }
    if (value === null) {
      reader.error(path, `param ${entry.key} has no default and no value was given`);
      continue;
    }
    specs.push({ name: entry.key, value, default: def, min, max, description });
    values.set(entry.key, value);
    unresolved.delete(entry.key);
  }

  for (const name of Object.keys(given)) {
    if (!declared.has(name)) {
      reader.error(childPath('params', name), `a value is given for ${name}, which is not declared under params`);
    }
  }
  return { specs, values, unresolved };
}

function inRange(value: number, min: number | null, max: number | null): boolean {
  return (min === null || value >= min) && (max === null || value <= max);
}

function rangeText(min: number | null, max: number | null): string {
  if (min !== null && max !== null) return `${min}..${max}`;
  return min !== null ? `${min}..` : `..${max}`;
}
