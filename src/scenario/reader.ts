// Reading typed values out of the located tree while collecting every problem with its path
// (`hosts[2].interfaces[0].address`) and source position. Each method reports and returns
// undefined on a bad value, so callers keep going and the teacher gets the whole list at once.
import type { ScenarioError } from './error.ts';
import type { MapNode, Position, ScalarNode, SeqNode, TreeNode } from './tree.ts';

/** `parent.key`, or `parent["/etc/hosts"]` when the key is not a plain word. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

export class Reader {
  readonly errors: ScenarioError[] = [];
  /** Where each visited path starts, so later checks can report by path alone. */
  private readonly positions = new Map<string, Position>();

  constructor(readonly file: string) {}

  error(path: string, message: string, pos?: Position): void {
    const at = pos ?? this.positionOf(path);
    this.errors.push({ file: this.file, path, line: at?.line, column: at?.column, message });
  }

  /** The recorded position of `path`, or of its nearest recorded ancestor. */
  positionOf(path: string): Position | undefined {
    for (let p = path; ; p = parentPath(p)) {
      const pos = this.positions.get(p);
      if (pos !== undefined || p === '') return pos;
    }
  }

  visit(path: string, node: TreeNode): void {
    if (node.pos) this.positions.set(path, node.pos);
  }

  /**
   * A mapping with a fixed set of keys. Returns its present entries (null values dropped, so
   * `key:` with nothing reads as absent), or undefined if `node` is not a mapping.
   */
  fields(node: TreeNode, path: string, allowed: readonly string[], required: readonly string[] = []): Map<string, TreeNode> | undefined {
    const map = this.map(node, path);
    if (!map) return undefined;
    const out = new Map<string, TreeNode>();
    for (const entry of map.entries) {
      const at = childPath(path, entry.key);
      if (!allowed.includes(entry.key)) {
        const guess = closest(entry.key, allowed);
        this.error(at, `unknown key '${entry.key}'` + (guess ? ` (did you mean '${guess}'?)` : ''), entry.keyPos);
        continue;
      }
      this.visit(at, entry.value);
      if (entry.value.kind === 'scalar' && entry.value.isNull) continue;
      out.set(entry.key, entry.value);
    }
    for (const key of required) {
      if (!out.has(key)) this.error(path, `missing key '${key}'`, map.pos);
    }
    return out;
  }

  /** Any mapping (file paths, debconf questions): entries in order, duplicates reported. */
  map(node: TreeNode, path: string): MapNode | undefined {
    this.visit(path, node);
    if (node.kind === 'map') {
      const seen = new Set<string>();
      for (const entry of node.entries) {
        if (seen.has(entry.key)) this.error(childPath(path, entry.key), `duplicate key '${entry.key}'`, entry.keyPos);
        seen.add(entry.key);
      }
      return node;
    }
    if (!isBroken(node)) this.error(path, `expected a mapping (key: value), found ${describe(node)}`);
    return undefined;
  }

  seq(node: TreeNode, path: string): SeqNode | undefined {
    this.visit(path, node);
    if (node.kind === 'seq') {
      node.items.forEach((item, i) => this.visit(childPath(path, i), item));
      return node;
    }
    if (!isBroken(node)) this.error(path, `expected a list, found ${describe(node)}`);
    return undefined;
  }

  string(node: TreeNode, path: string): string | undefined {
    this.visit(path, node);
    if (node.kind === 'scalar') return node.broken ? undefined : node.value;
    this.error(path, `expected a string, found ${describe(node)}`);
    return undefined;
  }

  /** A string matching `pattern`: `bad WHAT "text" (EXPECTED)` otherwise. */
  word(node: TreeNode, path: string, pattern: RegExp, what: string, expected?: string): string | undefined {
    const text = this.string(node, path);
    if (text === undefined) return undefined;
    if (pattern.test(text)) return text;
    this.error(path, `bad ${what} ${JSON.stringify(text)}` + (expected ? ` (${expected})` : ''));
    return undefined;
  }

  boolean(node: TreeNode, path: string): boolean | undefined {
    const text = this.string(node, path);
    if (text === undefined) return undefined;
    if (text === 'true' || text === 'false') return text === 'true';
    this.error(path, `expected true or false, found ${JSON.stringify(text)}`);
    return undefined;
  }

  /** Integers in decimal; a templated string like "{{X+1}}" reads the same as a literal. */
  integer(node: TreeNode, path: string): number | undefined {
    const text = this.string(node, path);
    if (text === undefined) return undefined;
    const value = Number(text.trim());
    if (/^\s*[-+]?[0-9]+\s*$/.test(text) && Number.isSafeInteger(value)) return value;
    this.error(path, `expected an integer, found ${JSON.stringify(text)}`);
    return undefined;
  }

  oneOf<T extends string>(node: TreeNode, path: string, choices: readonly T[], what: string): T | undefined {
    const text = this.string(node, path);
    if (text === undefined) return undefined;
    if ((choices as readonly string[]).includes(text)) return text as T;
    this.error(path, `unknown ${what} ${JSON.stringify(text)} (expected ${choices.join(', ')})`);
    return undefined;
  }

  /** A list of strings; a bad item is reported and left out. */
  strings(node: TreeNode, path: string, read: (item: TreeNode, path: string) => string | undefined = (n, p) => this.string(n, p)): string[] | undefined {
    const list = this.seq(node, path);
    if (!list) return undefined;
    const out: string[] = [];
    list.items.forEach((item, i) => {
      const value = read(item, childPath(path, i));
      if (value !== undefined) out.push(value);
    });
    return out;
  }
}

function parentPath(path: string): string {
  const m = /^(.*?)(?:\.[A-Za-z_][A-Za-z0-9_]*|\[(?:[0-9]+|"(?:[^"\\]|\\.)*")\])$/.exec(path);
  return m ? m[1] : '';
}

function isBroken(node: TreeNode): boolean {
  return node.kind === 'scalar' && node.broken;
}

function describe(node: TreeNode): string {
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  return (node as ScalarNode).isNull ? 'nothing' : `the string ${JSON.stringify(node.value)}`;
}

/** The allowed key nearest to a misspelt one (edit distance at most 2), for "did you mean". */
function closest(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of allowed) {
    const d = distance(key.toLowerCase(), candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    prev = row;
  }
  return prev[b.length];
}
