// What one check says about the live simulation: done or not, and when not, why (for the
// steps panel's tooltip and `netsim grade`'s error column). Shared by every check kind.
import type { SimHost, Simulation } from '../simulation.ts';

export interface CheckResult {
  readonly done: boolean;
  /** Why the check is not done yet, in a few words ("postfix is not installed on SMTP"). */
  readonly detail?: string;
}

export const DONE: CheckResult = { done: true };

export function notDone(detail: string): CheckResult {
  return { done: false, detail };
}

/** The host a check names, or the result saying it is missing (a lab exported from another scenario). */
export function hostOf(sim: Simulation, name: string): SimHost | CheckResult {
  return sim.hosts.get(name) ?? notDone(`no host ${name} in this lab`);
}

const dec = new TextDecoder();

/** A file's text as root, without touching its access time; null when it cannot be read. */
export function peekText(host: SimHost, path: string): string | null {
  const r = host.machine.fs.peekFile(path);
  return r.ok ? dec.decode(r.value) : null;
}
