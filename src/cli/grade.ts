// `netsim grade SCENARIO.yaml LAB-EXPORT... [--csv] [--lang fr|en]`: the teacher's copy of a
// scenario re-evaluates its steps' checks on labs the students exported from the page, one row
// per file. Each lab is restored with its own params, and the teacher's steps are loaded with
// those same params, so `{{X}}` in a check means each student's X. A file that cannot be read
// gives a row with the reason; the others are still graded.
import { readFile } from 'node:fs/promises';
import { evaluateSteps, type StepResult } from '../sim/checks/evaluate.ts';
import { parseLabExport, restoreLab } from '../sim/lab-snapshot.ts';
import type { Simulation } from '../sim/simulation.ts';
import { formatScenarioError } from '../scenario/error.ts';
import { loadScenario } from '../scenario/loader.ts';
import type { Locale, Scenario } from '../scenario/schema.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Io } from './io.ts';
import { nodeYield } from './node-yield.ts';
import { fileErrorReason } from './scenario-file.ts';

export const GRADE_USAGE = 'grade SCENARIO.yaml LAB-EXPORT... [--csv] [--lang fr|en]   re-check the steps on exported labs';

const HELP = `Usage: netsim grade SCENARIO.yaml LAB-EXPORT... [--csv] [--lang fr|en]

Restores each lab exported from the page (one file per student, each with its
own params), evaluates the steps of SCENARIO.yaml on it with those params, and
prints one row per file: the params, each step (✓ done, ✗ not done) and the
count of steps done. A file that cannot be read or restored gets its reason.

Options:
  --csv          comma-separated values with a header row (1 done, 0 not done)
  --lang fr|en   language of the headings and of the step titles (default: the
                 scenario's locale)
  -h, --help     show this help
Exits 0 when every file was graded, 1 when any could not be, 2 on a bad command line.`;

/** One graded file: the params it was restored with and its steps, or why it could not be. */
export interface GradeRow {
  readonly file: string;
  /** Param name -> value used (the export's, defaults filled in by the teacher's scenario). */
  readonly params: Readonly<Record<string, number>>;
  readonly results: readonly StepResult[] | null;
  readonly error: string | null;
}

/** A lab file's text -> its restored simulation and the params it was made with. */
export type LabRestorer = (text: string) => Promise<{ ok: true; sim: Simulation; params: Readonly<Record<string, number>> } | { ok: false; error: string }>;

export const restoreExport: LabRestorer = async (text) => {
  const parsed = parseLabExport(text);
  if (!parsed.ok) return parsed;
  const restored = await restoreLab(parsed.snapshot, { yieldFn: nodeYield });
  if (!restored.ok) return restored;
  return { ok: true, sim: restored.sim, params: restored.source.params };
};

/** Grades one export's text against the teacher's scenario text. */
export async function gradeLab(scenarioText: string, scenarioFile: string, file: string, labText: string, restore: LabRestorer = restoreExport): Promise<GradeRow> {
  const failed = (error: string, params: Readonly<Record<string, number>> = {}): GradeRow => ({ file, params, results: null, error });
  const restored = await restore(labText);
  if (!restored.ok) return failed(restored.error);
  const loaded = loadScenario(scenarioText, scenarioFile, { ...restored.params });
  if (!loaded.ok) return failed(loaded.errors.map(formatScenarioError).join('; '), restored.params);
  const params = Object.fromEntries(loaded.scenario.params.map((p) => [p.name, p.value]));
  if (restored.sim.scenario.name !== loaded.scenario.name) return failed(`a lab of another scenario ("${restored.sim.scenario.name}")`, params);
  return { file, params, results: evaluateSteps(restored.sim, loaded.scenario.steps), error: null };
}

const WORDS: Readonly<Record<Locale, { file: string; done: string; steps: string; error: string }>> = {
  fr: { file: 'fichier', done: 'faites', steps: 'étapes', error: 'erreur' },
  en: { file: 'file', done: 'done', steps: 'steps', error: 'error' },
};

/** The terminal table: columns aligned, then each step id with its title in `lang`. */
export function formatGradeTable(scenario: Scenario, rows: readonly GradeRow[], lang: Locale): string {
  const w = WORDS[lang];
  const names = scenario.params.map((p) => p.name);
  const ids = scenario.steps.map((s) => s.id);
  const header = [w.file, ...names, ...ids, w.done];
  const lines: string[][] = rows.map((r) => {
    const params = names.map((n) => (r.params[n] === undefined ? '' : String(r.params[n])));
    if (r.results === null) return [r.file, ...params, `${w.error}: ${r.error ?? ''}`];
    const marks = ids.map((id) => (r.results!.find((x) => x.id === id)?.done ? '✓' : '✗'));
    return [r.file, ...params, ...marks, `${r.results.filter((x) => x.done).length}/${ids.length}`];
  });
  // An error row's last cell runs on past the columns: it sets no width.
  const widths = header.map((h, i) => Math.max(width(h), ...lines.filter((l) => i < l.length - 1 || l.length === header.length).map((l) => width(l[i]))));
  const pad = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(Math.max(0, widths[i] - width(c)))))
      .join('  ')
      .trimEnd();
  const out = [pad(header), ...lines.map(pad)];
  if (scenario.steps.length > 0) {
    out.push('', `${w.steps}:`);
    const idWidth = Math.max(...ids.map(width));
    for (const s of scenario.steps) out.push(`  ${s.id}${' '.repeat(idWidth - width(s.id))}  ${s.title[lang]}`);
  }
  return out.join('\n');
}

/** RFC 4180 CSV: a header row, 1/0 per step, the count done and the total, then any error. */
export function formatGradeCsv(scenario: Scenario, rows: readonly GradeRow[]): string {
  const names = scenario.params.map((p) => p.name);
  const ids = scenario.steps.map((s) => s.id);
  const out = [['file', ...names, ...ids, 'done', 'total', 'error']];
  for (const r of rows) {
    const params = names.map((n) => (r.params[n] === undefined ? '' : String(r.params[n])));
    if (r.results === null) out.push([r.file, ...params, ...ids.map(() => ''), '', String(ids.length), r.error ?? '']);
    else {
      const marks = ids.map((id) => (r.results!.find((x) => x.id === id)?.done ? '1' : '0'));
      out.push([r.file, ...params, ...marks, String(r.results.filter((x) => x.done).length), String(ids.length), '']);
    }
  }
  return out.map((row) => row.map(csvField).join(',')).join('\n');
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Terminal columns of a text: code points (✓, é and ✗ take one column each). */
function width(s: string): number {
  return [...s].length;
}

export async function grade(args: readonly string[], io: Io, restore: LabRestorer = restoreExport): Promise<number> {
  const files: string[] = [];
  let csv = false;
  let lang: Locale | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') {
      io.out(HELP);
      return EXIT_OK;
    }
    if (arg === '--csv') csv = true;
    else if (arg === '--lang' || arg.startsWith('--lang=')) {
      const value = arg === '--lang' ? args[++i] : arg.slice('--lang='.length);
      if (value !== 'fr' && value !== 'en') {
        io.err(`netsim grade: --lang expects fr or en${value === undefined ? '' : `, not '${value}'`}`);
        return EXIT_USAGE;
      }
      lang = value;
    } else if (arg.startsWith('-') && arg !== '-') {
      io.err(`netsim grade: unknown option '${arg}'\n${HELP}`);
      return EXIT_USAGE;
    } else files.push(arg);
  }
  const [scenarioFile, ...labs] = files;
  if (scenarioFile === undefined || labs.length === 0) {
    io.err(`netsim grade: ${scenarioFile === undefined ? 'no scenario file given' : 'no lab export given'}\n${HELP}`);
    return EXIT_USAGE;
  }
  let scenarioText: string;
  try {
    scenarioText = await readFile(scenarioFile, 'utf8');
  } catch (e) {
    io.err(`netsim grade: cannot read '${scenarioFile}': ${fileErrorReason(e)}`);
    return EXIT_FAILURE;
  }
  // The scenario with its defaults: its steps and params name the columns.
  const base = loadScenario(scenarioText, scenarioFile);
  if (!base.ok) {
    for (const error of base.errors) io.err(formatScenarioError(error));
    return EXIT_FAILURE;
  }
  const rows: GradeRow[] = [];
  for (const file of labs) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      rows.push({ file, params: {}, results: null, error: `cannot read: ${fileErrorReason(e)}` });
      continue;
    }
    rows.push(await gradeLab(scenarioText, scenarioFile, file, text, restore));
  }
  io.out(csv ? formatGradeCsv(base.scenario, rows) : formatGradeTable(base.scenario, rows, lang ?? base.scenario.locale));
  return rows.every((r) => r.error === null) ? EXIT_OK : EXIT_FAILURE;
}
