import { describe, expect, it } from 'vitest';
import { ancestors, deepestNodeAt, nodeAt, treeKey, visibleNodes, type TreeNode } from './tree-navigation.ts';

function n(label: string, offset: number, length: number, children: TreeNode[] = [], generated = false): TreeNode {
  return { label, offset, length, children, generated };
}

// Frame / Ethernet / IPv4 with a generated child, like a real tree's shape.
const TREE: TreeNode[] = [
  n('Frame 1: 74 bytes on wire', 0, 74, [n('Arrival Time', 0, 0)]),
  n('Ethernet II', 0, 14, [n('Destination', 0, 6, [n('Address', 0, 6)]), n('Source', 6, 6), n('Type: IPv4', 12, 2)]),
  n('Internet Protocol Version 4', 14, 20, [n('Time to Live: 64', 22, 1), n('Stream index: 0', 0, 0, [], true), n('Source Address', 26, 4)]),
];

describe('detail tree navigation', () => {
  it('shows roots, and children of expanded nodes only', () => {
    expect(visibleNodes(TREE, new Set()).map((r) => r.path)).toEqual(['0', '1', '2']);
    const rows = visibleNodes(TREE, new Set(['1', '1/0']));
    expect(rows.map((r) => `${r.depth}:${r.node.label}`)).toEqual([
      '0:Frame 1: 74 bytes on wire', '0:Ethernet II', '1:Destination', '2:Address', '1:Source', '1:Type: IPv4', '0:Internet Protocol Version 4',
    ]);
  });

  it('finds nodes by path and their ancestors', () => {
    expect(nodeAt(TREE, '2/0')?.label).toBe('Time to Live: 64');
    expect(nodeAt(TREE, '9/1')).toBeNull();
    expect(ancestors('1/0/0')).toEqual(['1', '1/0']);
    expect(ancestors('2')).toEqual([]);
  });

  it('picks the deepest field covering a clicked byte (the frame node only when nothing else does)', () => {
    expect(deepestNodeAt(TREE, 3)).toBe('1/0/0');
    expect(deepestNodeAt(TREE, 22)).toBe('2/0');
    expect(deepestNodeAt(TREE, 28)).toBe('2/2');
    expect(deepestNodeAt(TREE, 15)).toBe('2');
    expect(deepestNodeAt(TREE, 60)).toBe('0');
    expect(deepestNodeAt(TREE, 500)).toBeNull();
  });

  it('moves with the keyboard: down/up, right expands then enters, left collapses then climbs', () => {
    let s = { selected: '1' as string | null, expanded: new Set<string>() as ReadonlySet<string> };
    s = treeKey(TREE, s, 'ArrowRight');
    expect([s.selected, [...s.expanded]]).toEqual(['1', ['1']]);
    s = treeKey(TREE, s, 'ArrowRight');
    expect(s.selected).toBe('1/0');
    s = treeKey(TREE, s, 'ArrowDown');
    expect(s.selected).toBe('1/1');
    s = treeKey(TREE, s, 'ArrowLeft');
    expect(s.selected).toBe('1');
    s = treeKey(TREE, s, 'ArrowLeft');
    expect([s.selected, [...s.expanded]]).toEqual(['1', []]);
    s = treeKey(TREE, s, 'End');
    expect(s.selected).toBe('2');
    s = treeKey(TREE, s, 'Enter');
    expect([...s.expanded]).toEqual(['2']);
    s = treeKey(TREE, s, 'ArrowDown');
    s = treeKey(TREE, s, 'ArrowDown');
    s = treeKey(TREE, s, 'ArrowDown');
    s = treeKey(TREE, s, 'ArrowDown');
    expect(s.selected).toBe('2/2');
    s = treeKey(TREE, { selected: null, expanded: new Set() }, 'ArrowDown');
    expect(s.selected).toBe('0');
    expect(treeKey([], s, 'ArrowDown')).toBe(s);
  });
});
