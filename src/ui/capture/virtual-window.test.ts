import { describe, expect, it } from 'vitest';
import { moveSelection, rowWindow, scrollToShow } from './virtual-window.ts';

describe('virtualized packet list', () => {
  it('renders only the visible rows and a few around them, even for 100,000 packets', () => {
    const w = rowWindow(20 * 50_000, 400, 20, 100_000);
    expect(w.first).toBe(50_000 - 8);
    expect(w.last - w.first).toBeLessThan(50);
    expect(w.top).toBe(w.first * 20);
    expect(rowWindow(0, 400, 20, 5)).toEqual({ first: 0, last: 5, top: 0 });
    expect(rowWindow(1e9, 400, 20, 10).last).toBe(10);
    expect(rowWindow(0, 400, 20, 0)).toEqual({ first: 0, last: 0, top: 0 });
  });

  it('moves the selection with the keys, clamped to the list', () => {
    expect(moveSelection(-1, 'ArrowDown', 10, 5)).toBe(0);
    expect(moveSelection(3, 'ArrowUp', 10, 5)).toBe(2);
    expect(moveSelection(0, 'ArrowUp', 10, 5)).toBe(0);
    expect(moveSelection(0, 'PageDown', 10, 5)).toBe(4);
    expect(moveSelection(8, 'PageDown', 10, 5)).toBe(9);
    expect(moveSelection(8, 'PageUp', 10, 5)).toBe(4);
    expect(moveSelection(5, 'Home', 10, 5)).toBe(0);
    expect(moveSelection(5, 'End', 10, 5)).toBe(9);
    expect(moveSelection(0, 'ArrowDown', 0, 5)).toBe(-1);
  });

  it('scrolls just enough to show the selected row', () => {
    expect(scrollToShow(5, 0, 200, 20)).toBe(0);
    expect(scrollToShow(20, 0, 200, 20)).toBe(220);
    expect(scrollToShow(2, 100, 200, 20)).toBe(40);
  });
});
