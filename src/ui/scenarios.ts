// The scenarios bundled with the app (scenarios/*.yaml), loaded with their default params.
import { formatScenarioError, loadScenario } from '../sim/index.ts';

export interface ScenarioSummary {
  name: string;
  hosts: Array<{ name: string; role: string; addresses: string[] }>;
}

export type BundledScenario =
  | { file: string; ok: true; summary: ScenarioSummary }
  | { file: string; ok: false; errors: string[] };

const sources = import.meta.glob('../../scenarios/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export function bundledScenarios(): BundledScenario[] {
  return Object.entries(sources).map(([path, text]) => {
    const file = path.replace('../../', '');
    const loaded = loadScenario(text, file);
    if (!loaded.ok) return { file, ok: false, errors: loaded.errors.map(formatScenarioError) };
    const s = loaded.scenario;
    return {
      file,
      ok: true,
      summary: {
        name: s.name,
        hosts: s.hosts.map((h) => ({
          name: h.name,
          role: h.role,
          addresses: h.interfaces.map((i) => `${i.name} ${i.address ? i.address.text : i.dhcp ? 'DHCP' : '—'}`),
        })),
      },
    };
  });
}
