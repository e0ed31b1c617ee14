import { describe, it, expect } from 'vitest';
import { bitPicture, treeLines, item, add } from './tree.ts';

describe('tree text', () => {
  it('draws bitfields as Wireshark does', () => {
    expect(bitPicture(0x45, 8, 0xf0)).toBe('0100 ....');
    expect(bitPicture(0x4000, 16, 0x1fff)).toBe('...0 0000 0000 0000');
    expect(bitPicture(0x002, 12, 0x002)).toBe('.... .... ..1.');
    expect(bitPicture(0x020000, 24, 0x020000)).toBe('.... ..1. .... .... .... ....');
  });

  it('indents children by four spaces per level', () => {
    const root = item('Frame 1', 0, 1);
    add(add(root, item('a', 0, 1)), item('b', 0, 1));
    expect(treeLines([root])).toEqual(['Frame 1', '    a', '        b']);
  });
});
