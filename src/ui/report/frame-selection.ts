// The frames a student picks for the report, typed as Wireshark's print dialog takes them:
// "1,4,7-9" (commas or spaces between items, a range as "from-to").

/** More than this and the report would be a capture dump, not a report. */
export const MAX_REPORT_FRAMES = 50;

export type FrameSelectionError =
  | { readonly kind: 'syntax'; readonly item: string }
  | { readonly kind: 'range'; readonly number: number; readonly count: number }
  | { readonly kind: 'reversed'; readonly item: string }
  | { readonly kind: 'tooMany'; readonly max: number };

export type FrameSelection = { readonly ok: true; readonly numbers: readonly number[] } | { readonly ok: false; readonly error: FrameSelectionError };

/** Frame numbers in ascending order, each once; `count` is how many frames the capture has. */
export function parseFrameSelection(text: string, count: number): FrameSelection {
  const picked = new Set<number>();
  for (const item of text.split(/[\s,;]+/)) {
    if (item === '') continue;
    const m = /^(\d{1,9})(?:-(\d{1,9}))?$/.exec(item);
    if (m === null) return { ok: false, error: { kind: 'syntax', item: item.slice(0, 40) } };
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) return { ok: false, error: { kind: 'reversed', item } };
    for (const k of [from, to]) if (k < 1 || k > count) return { ok: false, error: { kind: 'range', number: k, count } };
    if (to - from + 1 > MAX_REPORT_FRAMES) return { ok: false, error: { kind: 'tooMany', max: MAX_REPORT_FRAMES } };
    for (let k = from; k <= to; k++) picked.add(k);
    if (picked.size > MAX_REPORT_FRAMES) return { ok: false, error: { kind: 'tooMany', max: MAX_REPORT_FRAMES } };
  }
  return { ok: true, numbers: [...picked].sort((a, b) => a - b) };
}
