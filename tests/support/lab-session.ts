// Whole-lab tests' common steps: boot a scenario text, type a session script into its terminals
// (the `netsim run` format), read a file of one of its hosts.
import { expect } from 'vitest';
import { loadScenario, Simulation } from '../../src/sim/index.ts';
import { parseSessionScript } from '../../src/sim/session-script.ts';
import { SessionRunner } from '../../src/sim/session-runner.ts';
import { nodeYield } from '../../src/cli/node-yield.ts';

const ROOT = { uid: 0, gid: 0, groups: [0] };

export interface BootOptions {
  readonly params?: Record<string, number>;
  readonly seed?: number;
  /** HOST:IFACE targets captured from the start. */
  readonly capture?: readonly string[];
}

/** Loads and boots a scenario text (`file` names it in errors). */
export async function bootScenario(text: string, file: string, opts: BootOptions = {}): Promise<Simulation> {
  const loaded = loadScenario(text, file, opts.params);
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
  const sim = new Simulation(loaded.scenario, { seed: opts.seed ?? 1 });
  if (opts.capture !== undefined) sim.startCapture(opts.capture);
  await sim.boot(nodeYield);
  return sim;
}

/** Types a session script (lines, or the whole text); every @expect must hold. Returns the transcript. */
export async function playScript(sim: Simulation, script: readonly string[] | string): Promise<string> {
  const text = typeof script === 'string' ? script : script.join('\n') + '\n';
  const parsed = parseSessionScript(text);
  if (!parsed.ok) throw new Error(`bad session script: ${parsed.errors.map((e) => `${e.line}: ${e.message}`).join('; ')}`);
  const result = await new SessionRunner(sim, nodeYield).run(parsed.directives);
  expect(result.failure, result.transcript).toBeUndefined();
  return result.transcript;
}

/** A file of a host as text, or `missing` when it cannot be read. */
export function readHostFile(sim: Simulation, host: string, path: string, missing = ''): string {
  const r = sim.host(host).machine.fs.readFile(path, ROOT);
  return r.ok ? new TextDecoder().decode(r.value) : missing;
}
