// `capture`: at least `count` captured frames match a display filter, as the capture pane's
// filter bar would select them (same dissectors, same filter engine, one lean pass). The pass
// is incremental: each (capture store, check) keeps its dissector and count, so re-checking a
// growing capture twice a second only dissects the new frames. A cleared capture starts over.
import { CaptureDissector } from '../../capture/dissect-capture.ts';
import { compileFilter } from '../../capture/filter/compile-filter.ts';
import { epochNsFromMillis, type CapturedFrame } from '../../capture/record.ts';
import type { CaptureStore } from '../../capture/store.ts';
import type { CheckSpec } from '../../scenario/steps.ts';
import type { Simulation } from '../simulation.ts';
import { DONE, notDone, type CheckResult } from './check-result.ts';

type CaptureCheck = Extract<CheckSpec, { kind: 'capture' }>;

interface Pass {
  readonly dissector: CaptureDissector;
  /** Index in the store of the next frame to look at. */
  next: number;
  /** The store's first frame when the pass began: another one means the capture was restarted. */
  first: CapturedFrame | undefined;
  matched: number;
}

const passes = new WeakMap<CaptureStore, Map<string, Pass>>();

export function checkCapture(sim: Simulation, c: CaptureCheck): CheckResult {
  const compiled = compileFilter(c.filter);
  if (!compiled.ok) return notDone(`bad display filter ${JSON.stringify(c.filter)}: ${compiled.message}`);
  const store = sim.capture;
  const frames = store.frames;
  let byCheck = passes.get(store);
  if (byCheck === undefined) passes.set(store, (byCheck = new Map()));
  const key = JSON.stringify([c.filter, c.host, c.iface]);
  let pass = byCheck.get(key);
  if (pass === undefined || frames.length < pass.next || frames[0] !== pass.first) {
    pass = { dissector: new CaptureDissector(compiled.fields), next: 0, first: frames[0], matched: 0 };
    byCheck.set(key, pass);
  }
  const epochNs = epochNsFromMillis(sim.startEpochMs);
  for (; pass.next < frames.length; pass.next++) {
    const f = frames[pass.next];
    // Only the chosen interfaces' frames, as if only they were captured (TCP analysis included).
    if ((c.host !== null && f.host !== c.host) || (c.iface !== null && f.iface !== c.iface)) continue;
    const row = pass.dissector.next({ timeNs: epochNs + BigInt(Math.round(f.time)), bytes: f.bytes, linktype: f.linktype }, false, false);
    if (compiled.filter({ tree: row.tree, protocols: row.protocols, fields: row.fields, bytes: f.bytes })) pass.matched++;
  }
  if (pass.matched >= c.count) return DONE;
  const where = c.host === null ? '' : c.iface === null ? ` on ${c.host}` : ` on ${c.host}:${c.iface}`;
  const seen = pass.matched === 0 ? 'no captured frame' : `${pass.matched} captured frame${pass.matched > 1 ? 's' : ''} of ${c.count}`;
  return notDone(`${seen}${where} matches ${JSON.stringify(c.filter)}`);
}
