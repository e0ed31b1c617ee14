// update-alternatives (dpkg 1.21): a generic name (/bin/nc) is a symlink to
// /etc/alternatives/nc, itself a link to the chosen program (/bin/nc.openbsd); in auto mode the
// highest priority wins. Its state lives in /var/lib/dpkg/alternatives/NAME as dpkg writes it.
import type { Credentials, FileSystem } from '../fs/types.ts';
import type { Alternative } from './types.ts';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };
const ADMIN = '/var/lib/dpkg/alternatives';
const dec = new TextDecoder();

interface Choice {
  path: string;
  priority: number;
  slaves: string[];
}

interface AltState {
  link: string;
  slaveLinks: { name: string; link: string }[];
  choices: Choice[];
}

function load(fs: FileSystem, name: string): AltState | null {
  const r = fs.readFile(`${ADMIN}/${name}`, ROOT);
  if (!r.ok) return null;
  const lines = dec.decode(r.value).split('\n');
  let i = 1;
  const link = lines[i++] ?? '';
  const slaveLinks: { name: string; link: string }[] = [];
  while (i < lines.length && lines[i] !== '') {
    slaveLinks.push({ name: lines[i], link: lines[i + 1] ?? '' });
    i += 2;
  }
  i++;
  const choices: Choice[] = [];
  while (i < lines.length && lines[i] !== '') {
    const path = lines[i++];
    const priority = Number(lines[i++] ?? '0');
    const slaves = slaveLinks.map(() => lines[i++] ?? '');
    choices.push({ path, priority, slaves });
  }
  return { link, slaveLinks, choices };
}

function save(fs: FileSystem, name: string, st: AltState): void {
  let s = `auto\n${st.link}\n`;
  for (const sl of st.slaveLinks) s += `${sl.name}\n${sl.link}\n`;
  s += '\n';
  for (const c of st.choices) s += `${c.path}\n${c.priority}\n${c.slaves.map((x) => `${x}\n`).join('')}`;
  s += '\n';
  fs.mkdir(ADMIN, ROOT, { parents: true, mode: 0o755 });
  fs.writeFile(`${ADMIN}/${name}`, s, ROOT, { mode: 0o644 });
}

function relink(fs: FileSystem, link: string, target: string): void {
  const dir = link.slice(0, link.lastIndexOf('/')) || '/';
  if (!fs.stat(dir, ROOT).ok) fs.mkdir(dir, ROOT, { parents: true, mode: 0o755 });
  fs.unlink(link, ROOT);
  fs.symlink(target, link, ROOT);
}

/** --install: returns update-alternatives' message when the choice changed, else ''. */
export function installAlternative(fs: FileSystem, alt: Alternative, fr = false): string {
  const st = load(fs, alt.name) ?? { link: alt.link, slaveLinks: (alt.slaves ?? []).map((s) => ({ name: s.name, link: s.link })), choices: [] };
  const before = best(st);
  const slaves = st.slaveLinks.map((sl) => alt.slaves?.find((s) => s.name === sl.name)?.path ?? '');
  st.choices = st.choices.filter((c) => c.path !== alt.path);
  st.choices.push({ path: alt.path, priority: alt.priority, slaves });
  save(fs, alt.name, st);
  const now = best(st)!;
  apply(fs, alt.name, st, now);
  if (before !== null && before.path === now.path) return '';
  if (fr) return `update-alternatives: utilisation de «\u00a0${now.path}\u00a0» pour fournir «\u00a0${st.link}\u00a0» (${alt.name}) en mode automatique\n`;
  return `update-alternatives: using ${now.path} to provide ${st.link} (${alt.name}) in auto mode\n`;
}

/** --remove (the package's prerm): the next best choice takes over, or the links go. */
export function removeAlternative(fs: FileSystem, name: string, path: string): void {
  const st = load(fs, name);
  if (st === null) return;
  st.choices = st.choices.filter((c) => c.path !== path);
  if (st.choices.length === 0) {
    fs.unlink(`${ADMIN}/${name}`, ROOT);
    fs.unlink(`/etc/alternatives/${name}`, ROOT);
    fs.unlink(st.link, ROOT);
    for (const sl of st.slaveLinks) {
      fs.unlink(`/etc/alternatives/${sl.name}`, ROOT);
      fs.unlink(sl.link, ROOT);
    }
    return;
  }
  save(fs, name, st);
  apply(fs, name, st, best(st)!);
}

function best(st: AltState): Choice | null {
  let b: Choice | null = null;
  for (const c of st.choices) if (b === null || c.priority > b.priority) b = c;
  return b;
}

function apply(fs: FileSystem, name: string, st: AltState, choice: Choice): void {
  relink(fs, `/etc/alternatives/${name}`, choice.path);
  relink(fs, st.link, `/etc/alternatives/${name}`);
  st.slaveLinks.forEach((sl, i) => {
    if (choice.slaves[i]) {
      relink(fs, `/etc/alternatives/${sl.name}`, choice.slaves[i]);
      relink(fs, sl.link, `/etc/alternatives/${sl.name}`);
    }
  });
}

/**
 * What a set of --install calls leaves on disk, as plain entries (the boot image of the base
 * system writes them without running update-alternatives): the admin files and the links.
 */
export function alternativeEntries(alts: readonly Alternative[]): { path: string; target?: string; text?: string }[] {
  const byName = new Map<string, AltState>();
  for (const alt of alts) {
    const st = byName.get(alt.name) ?? { link: alt.link, slaveLinks: (alt.slaves ?? []).map((s) => ({ name: s.name, link: s.link })), choices: [] };
    const slaves = st.slaveLinks.map((sl) => alt.slaves?.find((x) => x.name === sl.name)?.path ?? '');
    st.choices = st.choices.filter((c) => c.path !== alt.path);
    st.choices.push({ path: alt.path, priority: alt.priority, slaves });
    byName.set(alt.name, st);
  }
  const out: { path: string; target?: string; text?: string }[] = [];
  for (const [name, st] of byName) {
    let text = `auto\n${st.link}\n`;
    for (const sl of st.slaveLinks) text += `${sl.name}\n${sl.link}\n`;
    text += '\n';
    for (const c of st.choices) text += `${c.path}\n${c.priority}\n${c.slaves.map((x) => `${x}\n`).join('')}`;
    out.push({ path: `${ADMIN}/${name}`, text: text + '\n' });
    const b = best(st)!;
    out.push({ path: `/etc/alternatives/${name}`, target: b.path }, { path: st.link, target: `/etc/alternatives/${name}` });
    st.slaveLinks.forEach((sl, i) => {
      if (b.slaves[i]) out.push({ path: `/etc/alternatives/${sl.name}`, target: b.slaves[i] }, { path: sl.link, target: `/etc/alternatives/${sl.name}` });
    });
  }
  return out;
}
