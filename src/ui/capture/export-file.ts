// Saving a capture from the pane: which frames (all or the displayed ones) in which format,
// as the bytes of the file and its name. The pane hands the bytes to the browser as a download.
import { writePcap, writePcapng, type CapturedFrame } from '../../sim/index.ts';

export type ExportFormat = 'pcapng' | 'pcap';

export type ExportOutcome = { ok: true; bytes: Uint8Array; name: string } | { ok: false; message: string };

/** `frames` in time order; `epochNs`: the wall date their virtual time 0 stands for. */
export function exportFrames(frames: readonly CapturedFrame[], format: ExportFormat, epochNs: bigint, baseName: string): ExportOutcome {
  if (frames.length === 0) return { ok: false, message: 'Aucun paquet à exporter.' };
  const out = format === 'pcapng' ? writePcapng(frames, { epochNs }) : writePcap(frames, { epochNs });
  if (!out.ok) return { ok: false, message: out.error.message };
  return { ok: true, bytes: out.value, name: `${safeName(baseName)}.${format}` };
}

/** A file name without path separators or control characters (the base may come from a file). */
export function safeName(name: string): string {
  const cleaned = name.replace(/\.(pcapng|pcap)$/i, '').replace(/[\u0000-\u001f/\\:*?"<>|]+/g, '_').trim();
  return cleaned === '' ? 'capture' : cleaned.slice(0, 100);
}
