// The detail tree as the pane shows it: nodes named by their path ("0/2/1"), the rows that an
// expand/collapse state makes visible, keyboard moves, and the byte <-> node correspondence
// (Wireshark: selecting a field highlights its bytes, clicking a byte selects its field).

/** What the pane needs of a ProtoTree node. */
export interface TreeNode {
  readonly label: string;
  readonly offset: number;
  readonly length: number;
  readonly children: readonly TreeNode[];
  readonly generated?: boolean;
}

export interface VisibleNode {
  readonly path: string;
  readonly node: TreeNode;
  readonly depth: number;
}

/** The rows shown: every root, and the children of expanded nodes, depth first. */
export function visibleNodes(roots: readonly TreeNode[], expanded: ReadonlySet<string>): VisibleNode[] {
  const out: VisibleNode[] = [];
  const walk = (nodes: readonly TreeNode[], prefix: string, depth: number): void => {
    nodes.forEach((node, i) => {
      const path = prefix === '' ? String(i) : `${prefix}/${i}`;
      out.push({ path, node, depth });
      if (node.children.length > 0 && expanded.has(path)) walk(node.children, path, depth + 1);
    });
  };
  walk(roots, '', 0);
  return out;
}

export function nodeAt(roots: readonly TreeNode[], path: string): TreeNode | null {
  let nodes = roots;
  let node: TreeNode | null = null;
  for (const part of path.split('/')) {
    node = nodes[Number(part)] ?? null;
    if (node === null) return null;
    nodes = node.children;
  }
  return node;
}

/** The paths of a node's ancestors, nearest last ("0/2/1" -> ["0", "0/2"]). */
export function ancestors(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

/**
 * The deepest node whose bytes cover `index`, the field Wireshark selects on a click in the
 * bytes pane; generated fields cover no bytes of their own and are skipped. The smallest range
 * wins among siblings that overlap.
 */
export function deepestNodeAt(roots: readonly TreeNode[], index: number): string | null {
  let best: string | null = null;
  const walk = (nodes: readonly TreeNode[], prefix: string): void => {
    let chosen = -1;
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i];
      if (n.generated === true || n.length <= 0 || index < n.offset || index >= n.offset + n.length) continue;
      if (chosen < 0 || n.length < nodes[chosen].length) chosen = i;
    }
    if (chosen < 0) return;
    const path = prefix === '' ? String(chosen) : `${prefix}/${chosen}`;
    best = path;
    walk(nodes[chosen].children, path);
  };
  walk(roots, '');
  return best;
}

export type TreeKey = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight' | 'Enter' | ' ' | 'Home' | 'End';

export interface TreeMove {
  readonly selected: string | null;
  readonly expanded: ReadonlySet<string>;
}

/**
 * A key in the tree, as in Wireshark (and any tree view): up/down move, right expands (or goes
 * to the first child), left collapses (or goes to the parent), Enter/Space toggle.
 */
export function treeKey(roots: readonly TreeNode[], state: TreeMove, key: TreeKey): TreeMove {
  const rows = visibleNodes(roots, state.expanded);
  if (rows.length === 0) return state;
  const at = rows.findIndex((r) => r.path === state.selected);
  const row = at >= 0 ? rows[at] : null;
  const withExpanded = (path: string, open: boolean): Set<string> => {
    const next = new Set(state.expanded);
    if (open) next.add(path);
    else next.delete(path);
    return next;
  };
  switch (key) {
    case 'ArrowDown':
      return { ...state, selected: rows[Math.min(rows.length - 1, at + 1)].path };
    case 'ArrowUp':
      return { ...state, selected: rows[Math.max(0, at - 1)].path };
    case 'Home':
      return { ...state, selected: rows[0].path };
    case 'End':
      return { ...state, selected: rows[rows.length - 1].path };
    case 'ArrowRight':
      if (row === null || row.node.children.length === 0) return state;
      if (!state.expanded.has(row.path)) return { selected: row.path, expanded: withExpanded(row.path, true) };
      return { ...state, selected: `${row.path}/0` };
    case 'ArrowLeft': {
      if (row === null) return state;
      if (state.expanded.has(row.path)) return { selected: row.path, expanded: withExpanded(row.path, false) };
      const up = ancestors(row.path);
      return up.length > 0 ? { ...state, selected: up[up.length - 1] } : state;
    }
    case 'Enter':
    case ' ':
      if (row === null || row.node.children.length === 0) return state;
      return { selected: row.path, expanded: withExpanded(row.path, !state.expanded.has(row.path)) };
  }
}
