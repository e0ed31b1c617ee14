// Saved-lab figures (issue 7, persistence): the page saves the whole lab every few seconds while
// time runs, so a save must stay well inside a frame budget or two.
//   lab_snapshot: snapshotLab() of tp-dns-postfix (five Debian hosts after boot), in ms.
//   lab_export_size: that snapshot as the exported JSON file, in MB.
//   lab_restore: restoreLab() from that file to a running lab, in ms (what a reload waits for).
import { readFileSync } from 'node:fs';
import { loadScenario, parseLabExport, restoreLab, Simulation, snapshotLab } from '../../src/sim/index.ts';
import { nodeYield } from '../../src/cli/node-yield.ts';

const FILE = 'scenarios/tp-dns-postfix.yaml';

export async function runLabBench(report: (name: string, value: number, unit: string) => void): Promise<void> {
  const text = readFileSync(FILE, 'utf8');
  const loaded = loadScenario(text, FILE, {});
  if (!loaded.ok) throw new Error('scenario does not load');
  const sim = new Simulation(loaded.scenario, { seed: 1 });
  await sim.boot(nodeYield);
  const source = { text, file: FILE, params: {} };
  for (let i = 0; i < 5; i++) snapshotLab(sim, source); // warm-up
  const rounds = 20;
  let t0 = performance.now();
  for (let i = 0; i < rounds; i++) snapshotLab(sim, source);
  report('lab_snapshot', (performance.now() - t0) / rounds, 'ms');
  const json = JSON.stringify(snapshotLab(sim, source));
  report('lab_export_size', json.length / 1e6, 'MB');
  const parsed = parseLabExport(json);
  if (!parsed.ok) throw new Error(parsed.error);
  await restoreLab(parsed.snapshot, { yieldFn: nodeYield }); // warm-up
  t0 = performance.now();
  const r = await restoreLab(parseLabExportOrThrow(json), { yieldFn: nodeYield });
  report('lab_restore', performance.now() - t0, 'ms');
  if (!r.ok) throw new Error(r.error);
}

function parseLabExportOrThrow(json: string): Parameters<typeof restoreLab>[0] {
  const p = parseLabExport(json);
  if (!p.ok) throw new Error(p.error);
  return p.snapshot;
}
