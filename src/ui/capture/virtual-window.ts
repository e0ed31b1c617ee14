// Which rows of a long list to render: the ones in the viewport plus a few either side, at a
// fixed row height (100,000 packets scroll as if they were all there), and the keyboard's moves.

export interface RowWindow {
  /** First and one-past-last row to render. */
  readonly first: number;
  readonly last: number;
  /** Offset in px of the first rendered row from the top of the list. */
  readonly top: number;
}

export function rowWindow(scrollTop: number, viewportHeight: number, rowHeight: number, count: number, overscan = 8): RowWindow {
  const firstVisible = Math.max(0, Math.floor(scrollTop / rowHeight));
  const visible = Math.ceil(viewportHeight / rowHeight) + 1;
  const last = Math.min(count, firstVisible + visible + overscan);
  // Scrolled past the end (the list just shrank): render the tail.
  const first = Math.max(0, Math.min(firstVisible, last - visible) - overscan);
  return { first, last: Math.max(first, last), top: first * rowHeight };
}

export type ListKey = 'ArrowUp' | 'ArrowDown' | 'PageUp' | 'PageDown' | 'Home' | 'End';

/** The row a key moves the selection to (position in the displayed rows), clamped. */
export function moveSelection(current: number, key: ListKey, count: number, pageRows: number): number {
  if (count === 0) return -1;
  const page = Math.max(1, pageRows - 1);
  const next =
    key === 'ArrowUp' ? current - 1
    : key === 'ArrowDown' ? current + 1
    : key === 'PageUp' ? current - page
    : key === 'PageDown' ? current + page
    : key === 'Home' ? 0
    : count - 1;
  return Math.min(count - 1, Math.max(0, current < 0 && key === 'ArrowDown' ? 0 : next));
}

/** The scrollTop that brings row `index` into view (unchanged when it already is). */
export function scrollToShow(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewportHeight) return top + rowHeight - viewportHeight;
  return scrollTop;
}
