// The YAML document as a small located tree: every scalar is a string (YAML's failsafe schema),
// and every node keeps its line and column. Strings everywhere mean no YAML 1.1/1.2 guessing
// (`password: 0123` stays "0123", `no` stays "no"): each field of the schema says how to read
// its text. Aliases are resolved so `&anchor`/`*alias` work for shared file contents.
import { LineCounter, parseDocument, isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface ScalarNode {
  readonly kind: 'scalar';
  readonly value: string;
  /** An empty or `~`/`null` plain scalar: YAML's null, read as "absent" by optional keys. */
  readonly isNull: boolean;
  /** Set when templating failed here: the problem is already reported, readers stay silent. */
  readonly broken: boolean;
  readonly pos?: Position;
}

export interface MapEntry {
  readonly key: string;
  readonly keyPos?: Position;
  readonly value: TreeNode;
}

export interface MapNode {
  readonly kind: 'map';
  readonly entries: readonly MapEntry[];
  readonly pos?: Position;
}

export interface SeqNode {
  readonly kind: 'seq';
  readonly items: readonly TreeNode[];
  readonly pos?: Position;
}

export type TreeNode = ScalarNode | MapNode | SeqNode;

export interface TreeProblem {
  readonly message: string;
  readonly pos?: Position;
}

export type ParsedTree = { readonly root: TreeNode | null; readonly problems: readonly TreeProblem[] };

// Past this many nodes an alias chain is a "billion laughs", not a lab.
const MAX_NODES = 200_000;

const UNQUOTED_TEMPLATE_HINT = 'quote values that contain {{...}}, e.g. address: "10.0.{{X}}.1/24"';

/** Parse YAML text. Syntax problems come back as values; `root` is null when there are any. */
export function parseTree(text: string): ParsedTree {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, schema: 'failsafe', uniqueKeys: false, prettyErrors: false });
  const sourceLines = text.split('\n');
  const problems: TreeProblem[] = [];
  const seenLines = new Set<number>();
  for (const e of [...doc.errors, ...doc.warnings]) {
    const pos = positionAt(lines, e.pos[0]);
    // One bad token derails the parser for the rest of its line: keep the first report per line.
    if (seenLines.has(pos.line)) continue;
    seenLines.add(pos.line);
    let message = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    if (/\{\{/.test(sourceLines[pos.line - 1] ?? '')) message += ` (${UNQUOTED_TEMPLATE_HINT})`;
    problems.push({ message: `YAML: ${message}`, pos });
  }
  if (problems.length > 0) return { root: null, problems };
  if (doc.contents === null) return { root: null, problems: [{ message: 'the file is empty' }] };
  const builder = new Builder(doc, lines, text);
  const root = builder.build(doc.contents as YamlNode);
  return builder.problems.length > 0 ? { root: null, problems: builder.problems } : { root, problems: [] };
}

function positionAt(lines: LineCounter, offset: number): Position {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

class Builder {
  readonly problems: TreeProblem[] = [];
  private count = 0;
  private readonly resolving = new Set<YamlNode>();

  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly text: string,
  ) {}

  build(node: YamlNode): TreeNode {
    if (++this.count > MAX_NODES) {
      if (this.count === MAX_NODES + 1) this.problems.push({ message: `more than ${MAX_NODES} values after expanding aliases` });
      return scalar('', undefined);
    }
    const pos = this.pos(node);
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (target === undefined) return scalar('', pos);
      // An alias inside its own anchor would expand forever.
      if (this.resolving.has(target)) {
        this.problems.push({ message: `alias *${node.source} refers to a node that contains it`, pos });
        return scalar('', pos);
      }
      this.resolving.add(target);
      const built = this.build(target);
      this.resolving.delete(target);
      return built;
    }
    if (isScalar(node)) {
      const value = node.value === null || node.value === undefined ? '' : String(node.value);
      const plain = node.type === 'PLAIN' || node.type === undefined;
      return { kind: 'scalar', value, isNull: plain && (value === '' || value === '~' || value === 'null'), broken: false, pos };
    }
    if (isMap(node)) {
      const entries: MapEntry[] = [];
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null;
        const keyPos = keyNode ? this.pos(keyNode) : pos;
        let key = '';
        if (keyNode !== null && isScalar(keyNode)) key = String(keyNode.value ?? '');
        else if (keyNode !== null && isAlias(keyNode)) {
          const target = keyNode.resolve(this.doc);
          if (target && isScalar(target)) key = String(target.value ?? '');
          else this.problems.push({ message: 'a key must be a plain string', pos: keyPos });
        } else if (keyNode !== null) {
          // `address: {{X}}` parses as a mapping whose key is a mapping: say what was meant.
          const outer = node.range ? this.text.slice(node.range[0], node.range[1]) : '';
          const message = /^\{\{/.test(outer.trimStart())
            ? `YAML reads an unquoted {{...}} as a mapping: ${UNQUOTED_TEMPLATE_HINT}`
            : 'a key must be a plain string';
          this.problems.push({ message, pos: keyPos });
        }
        const value = pair.value === null ? scalar('', keyPos) : this.build(pair.value as YamlNode);
        entries.push({ key, keyPos, value });
      }
      return { kind: 'map', entries, pos };
    }
    if (isSeq(node)) {
      return { kind: 'seq', items: node.items.map((item) => (item === null ? scalar('', pos) : this.build(item as YamlNode))), pos };
    }
    return scalar('', pos);
  }

  private pos(node: YamlNode): Position | undefined {
    return node.range ? positionAt(this.lines, node.range[0]) : undefined;
  }
}

function scalar(value: string, pos: Position | undefined): ScalarNode {
  return { kind: 'scalar', value, isNull: value === '', broken: false, pos };
}
