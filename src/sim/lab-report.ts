// The Markdown lab report ("compte rendu") a student starts from, shaped like the reports handed in
// after the practicals: a title, who and which params, the context, the topology, the commands
// typed (terminal transcripts in code blocks), the frames studied as Wireshark prints them
// (`tshark` summary line and `-V` tree) and free notes. DOM-free: the page and tests build it alike.
import { CaptureDissector, formatSummaryLine, type FrameInput, type SummaryRow } from '../capture/dissect-capture.ts';
import { displayedTrees } from '../capture/displayed-trees.ts';
import { Teletype } from './teletype.ts';

export type ReportLocale = 'fr' | 'en';

export interface ReportParam {
  readonly name: string;
  readonly value: number;
  readonly description?: string;
}

export interface ReportTranscript {
  /** The scenario host id (`CLIENT`). */
  readonly host: string;
  /** What the student calls this session; the host alone when absent. */
  readonly title?: string;
  /** What the terminal showed (escape sequences are stripped again here if any are left). */
  readonly text: string;
}

export interface ReportStep {
  readonly title: string;
  readonly done: boolean;
}

export interface ReportHost {
  readonly name: string;
  /** `172.20.128.1/24`... as the host sheet shows them. */
  readonly addresses: readonly string[];
}

export interface LabReportInput {
  /** A loaded Scenario fits. */
  readonly scenario: { readonly name: string; readonly description: string; readonly params: readonly ReportParam[] };
  /** Language of the report's own words (section titles, labels). */
  readonly locale: ReportLocale;
  /** Date line, as the page formats it (nothing below the UI reads the wall clock). */
  readonly date?: string;
  /** `data:image/png;base64,...` of the topology, or null: no topology section. */
  readonly topologyPng: string | null;
  readonly hosts?: readonly ReportHost[];
  readonly steps?: readonly ReportStep[];
  readonly transcripts: readonly ReportTranscript[];
  /** The whole capture the frame numbers refer to (frame N is `capture[N - 1]`). */
  readonly capture?: readonly FrameInput[];
  /** Frame numbers (1-based) to show; those outside the capture are left out. */
  readonly frames?: readonly number[];
  /** The frames already rendered (renderFrames), instead of capture and frames: a page keeps them between previews. */
  readonly renderedFrames?: readonly ReportFrame[];
  /** Markdown kept as typed. */
  readonly notes: string;
}

const WORDS = {
  fr: {
    title: 'Compte rendu',
    names: 'Noms',
    group: 'Groupe de TP',
    date: 'Date',
    context: 'Contexte',
    hosts: 'Machines',
    noAddress: 'sans adresse',
    topology: 'Topologie',
    topologyAlt: 'Topologie du réseau',
    steps: 'Étapes',
    operations: 'Opérations réalisées',
    frames: 'Analyse des trames',
    frame: 'Trame',
    notes: 'Notes',
    colon: ' :',
  },
  en: {
    title: 'Lab report',
    names: 'Names',
    group: 'Lab group',
    date: 'Date',
    context: 'Context',
    hosts: 'Machines',
    noAddress: 'no address',
    topology: 'Topology',
    topologyAlt: 'Network topology',
    steps: 'Steps',
    operations: 'Operations performed',
    frames: 'Frame analysis',
    frame: 'Frame',
    notes: 'Notes',
    colon: ':',
  },
} as const;

type Words = (typeof WORDS)[ReportLocale];

/** A frame of the report: its number, protocol column, summary line and `-V` tree. */
export interface ReportFrame {
  readonly number: number;
  readonly protocol: string;
  readonly summary: string;
  readonly tree: string;
}

export function buildLabReport(input: LabReportInput): string {
  const w = WORDS[input.locale];
  const out: string[] = [];
  out.push(`# ${w.title}${w.colon} ${oneLine(input.scenario.name)}`, '');
  out.push(`* ${w.names}${w.colon} `, `* ${w.group}${w.colon} `);
  if (input.date !== undefined && input.date.trim() !== '') out.push(`* ${w.date}${w.colon} ${oneLine(input.date)}`);
  for (const p of input.scenario.params) {
    const about = p.description !== undefined && p.description.trim() !== '' ? ` (${oneLine(p.description)})` : '';
    out.push(`* ${oneLine(p.name)}${w.colon} ${p.value}${about}`);
  }

  // Numbered parts, as in the handouts; a part with nothing to say is left out.
  const sections: [string, string[]][] = [];
  const context = contextLines(input, w);
  if (context.length > 0) sections.push([w.context, context]);
  if (input.topologyPng !== null && isPngDataUrl(input.topologyPng)) {
    sections.push([w.topology, [`![${w.topologyAlt}](${input.topologyPng})`]]);
  }
  if (input.steps !== undefined && input.steps.length > 0) {
    sections.push([w.steps, input.steps.map((s) => `- [${s.done ? 'x' : ' '}] ${oneLine(s.title)}`)]);
  }
  const frames = input.renderedFrames ?? (input.capture !== undefined && input.frames !== undefined ? renderFrames(input.capture, input.frames) : []);
  const transcripts = input.transcripts.map((t) => ({ ...t, text: cleanTranscript(t.text) })).filter((t) => t.text !== '');
  if (transcripts.length > 0) {
    const next = sections.length + 1;
    sections.push([w.operations, transcripts.flatMap((t, i) => {
      const title = t.title !== undefined && t.title.trim() !== '' ? `${oneLine(t.host)}${w.colon} ${oneLine(t.title)}` : oneLine(t.host);
      return [...(i > 0 ? [''] : []), `### ${next}.${i + 1} ${title}`, '', ...fenced(t.text)];
    })]);
  }
  if (frames.length > 0) {
    const next = sections.length + 1;
    sections.push([w.frames, frames.flatMap((f, i) => [
      ...(i > 0 ? [''] : []),
      `### ${next}.${i + 1} ${w.frame} ${f.number} (${oneLine(f.protocol)})`,
      '',
      ...fenced(`${f.summary}\n\n${f.tree}`),
    ])]);
  }
  if (input.notes.trim() !== '') sections.push([w.notes, [input.notes.replace(/\n+$/, '')]]);

  // Parts are joined, not spread into push(): a long transcript has more lines than a call takes arguments.
  const parts = sections.map(([title, lines], i) => [`## ${i + 1}. ${title}`, '', ...lines].join('\n'));
  return [out.join('\n'), ...parts].join('\n\n').replace(/\n+$/, '') + '\n';
}

function contextLines(input: LabReportInput, w: Words): string[] {
  const lines: string[] = [];
  const description = input.scenario.description.replace(/\s+$/, '');
  if (description.trim() !== '') lines.push(description);
  if (input.hosts !== undefined && input.hosts.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push(`${w.hosts}${w.colon}`, '');
    for (const h of input.hosts) {
      const addresses = h.addresses.length > 0 ? h.addresses.map((a) => `\`${a}\``).join(', ') : w.noAddress;
      lines.push(`* ${oneLine(h.name)}${w.colon} ${addresses}`);
    }
  }
  return lines;
}

/**
 * The chosen frames as `netsim dissect` prints them: the summary line of `tshark -r` and the tree
 * of `tshark -V -Y` selecting exactly those frames (each frame's "previous displayed frame" delta
 * counts from the chosen frame before it). Every earlier frame is dissected too, lean: TCP
 * analysis and request/response matching depend on them.
 */
export function renderFrames(capture: readonly FrameInput[], numbers: readonly number[]): ReportFrame[] {
  const wanted = new Set(numbers.filter((k) => Number.isInteger(k) && k >= 1 && k <= capture.length));
  if (wanted.size === 0) return [];
  let last = 0;
  for (const k of wanted) last = Math.max(last, k);
  const dissector = new CaptureDissector();
  const rows: SummaryRow[] = [];
  for (let i = 0; i < last; i++) {
    const row = dissector.next(capture[i], wanted.has(i + 1));
    if (wanted.has(i + 1)) rows.push(row);
  }
  const trees = displayedTrees(rows, capture);
  return rows.map((row, i) => ({ number: row.number, protocol: row.protocol, summary: formatSummaryLine(row), tree: trees[i] }));
}

/** A code block that its content cannot close: the fence is longer than any backtick run inside. */
export function fenced(text: string, info = ''): string[] {
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [fence + info, ...text.split('\n'), fence];
}

/**
 * The lines a person saw: escape sequences and CR/BS editing applied (no wrapping: the page's
 * terminal already wrapped), trailing blanks and the empty rows below the last line dropped.
 */
function cleanTranscript(text: string): string {
  let plain = text;
  if (/[\x00-\x08\x0b-\x1f\x7f]/.test(text)) {
    // Wide enough for any terminal line, small enough that a cursor jump cannot fill memory.
    const tty = new Teletype(4096);
    tty.write(text);
    plain = tty.take();
  }
  return plain
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .join('\n')
    .replace(/^\n+/, '')
    .replace(/\n+$/, '');
}

/** Text for a heading or a list item: one line. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function isPngDataUrl(url: string): boolean {
  return /^data:image\/png;base64,[A-Za-z0-9+/]*={0,2}$/.test(url);
}
