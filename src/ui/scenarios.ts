// The scenarios bundled with the app (scenarios/*.yaml) and files opened from disk, loaded with
// their default params to show their name, description and params form.
import { formatScenarioError, loadScenario, type Scenario } from '../sim/scenario-facade.ts';

export interface ScenarioSummary {
  name: string;
  hosts: Array<{ name: string; role: string; addresses: string[] }>;
}

export type ScenarioEntry =
  | { file: string; text: string; ok: true; scenario: Scenario; summary: ScenarioSummary }
  | { file: string; text: string; ok: false; errors: string[] };

/** Kept for callers of the first page: the same entries. */
export type BundledScenario = ScenarioEntry;

const sources = import.meta.glob('../../scenarios/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

/** A scenario text checked with its defaults; errors come formatted with their paths. */
export function scenarioEntry(file: string, text: string): ScenarioEntry {
  const loaded = loadScenario(text, file);
  if (!loaded.ok) return { file, text, ok: false, errors: loaded.errors.map(formatScenarioError) };
  const s = loaded.scenario;
  return {
    file,
    text,
    ok: true,
    scenario: s,
    summary: {
      name: s.name,
      hosts: s.hosts.map((h) => ({
        name: h.name,
        role: h.role,
        addresses: h.interfaces.map((i) => `${i.name} ${i.address ? i.address.text : i.dhcp ? 'DHCP' : '—'}`),
      })),
    },
  };
}

export function bundledScenarios(): ScenarioEntry[] {
  return Object.entries(sources)
    .map(([path, text]) => scenarioEntry(path.replace('../../', ''), text))
    .sort((a, b) => a.file.localeCompare(b.file));
}
