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

/** A scenario in the picker's list before it is opened: its file, text and title. */
export interface ScenarioListItem {
  readonly file: string;
  readonly text: string;
  readonly title: string;
}

/**
 * The bundled scenarios for the list, without checking them: the top-level `name:` line is their
 * title. Each is loaded (and checked) when picked, so the first view does not parse every file.
 */
export function bundledScenarioList(): ScenarioListItem[] {
  return Object.entries(sources)
    .map(([path, text]) => {
      const file = path.replace('../../', '');
      return { file, text, title: nameLine(text) ?? file };
    })
    .sort((a, b) => a.file.localeCompare(b.file));
}

function nameLine(text: string): string | null {
  const m = /^name:[ \t]*(.*?)[ \t]*(?:#.*)?$/m.exec(text);
  if (m === null || m[1] === '') return null;
  const v = m[1];
  return (v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")) ? v.slice(1, -1) : v;
}
