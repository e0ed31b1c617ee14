// Programs that packages install but the simulator does not run yet (a daemon of a later
// issue, a rarely used tool): the executable exists, as on Debian, and running it says so on
// stderr and exits 1. The simulation registers these for every program name of the catalogue
// that nothing else registered.
import type { Program } from '../program.ts';
import type { ProgramRegistry } from '../programs-registry.ts';
import { bookworm, type Catalogue } from './catalogue.ts';

export function notImplementedProgram(name: string): Program {
  return async (proc) => {
    const shown = proc.argv[0] !== undefined && proc.argv[0] !== '' ? proc.argv[0].slice(proc.argv[0].lastIndexOf('/') + 1) : name;
    proc.stderr.write(`${shown}: not implemented in this simulator yet\n`);
    return 1;
  };
}

/** Every program name the catalogue's executables run. */
export function catalogueProgramNames(cat: Catalogue = bookworm()): string[] {
  const names = new Set<string>();
  for (const def of cat.all()) for (const f of def.files) if (f.kind === 'exec') names.add(f.program);
  return [...names].sort();
}

/** Registers the stub for each catalogue program not registered yet; returns their names. */
export function registerMissingPrograms(registry: ProgramRegistry, cat: Catalogue = bookworm()): string[] {
  const added: string[] = [];
  for (const n of catalogueProgramNames(cat)) {
    if (registry.has(n)) continue;
    registry.register(n, notImplementedProgram(n));
    added.push(n);
  }
  return added;
}
