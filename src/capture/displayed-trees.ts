// The `tshark -V` text of the packets a display filter shows: each one's detail tree, with the
// "previous displayed frame" delta counted from the last packet shown (the one thing a filter
// changes in a tree). `netsim dissect -V` and the lab report print it, so both agree byte for byte.
import type { FrameInput, SummaryRow } from './dissect-capture.ts';
import { seconds } from './dissectors/format.ts';
import { treeLines, type ProtoTree } from './dissectors/tree.ts';

/**
 * One text per shown row, in order, without the blank line tshark prints after each tree.
 * `frames` is the whole capture: row N's frame is `frames[N - 1]`.
 */
export function displayedTrees(shown: readonly SummaryRow[], frames: readonly Pick<FrameInput, 'timeNs'>[]): string[] {
  let previousShownNs: bigint | undefined;
  return shown.map((row) => {
    const timeNs = frames[row.number - 1].timeNs;
    const delta = seconds(previousShownNs === undefined ? 0n : timeNs - previousShownNs);
    previousShownNs = timeNs;
    const tree = row.tree.map((node, i) => (i === 0 ? withDisplayedDelta(node, delta) : node));
    return treeLines(tree).join('\n');
  });
}

function withDisplayedDelta(frame: ProtoTree, delta: string): ProtoTree {
  const children = frame.children.map((c) =>
    c.field === 'frame.time_delta_displayed' ? { ...c, label: `[Time delta from previous displayed frame: ${delta} seconds]` } : c,
  );
  return { ...frame, children };
}
