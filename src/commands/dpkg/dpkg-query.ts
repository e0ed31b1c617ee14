// dpkg-query (dpkg 1.21), what `dpkg -l/-L/-s/-S` run: the package list with dpkg's columns
// (each as wide as its widest entry, at least 14/12/12/33), the files of a package, its status
// record, the package owning a path, --get-selections. Everything read from
// /var/lib/dpkg/status and /var/lib/dpkg/info/*.list.
import { field } from '../../os/packages/deb822.ts';
import { DpkgDb, readList, type StatusEntry } from '../../os/packages/dpkg-db.ts';
import type { Process, Program } from '../../os/program.ts';
import { isFrench } from '../debconf/texts.ts';
import { strWidth } from '../whiptail/text-width.ts';

const NBSP = '\u00a0';

function globToRegExp(glob: string): RegExp {
  const re = glob.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`);
}

const WANT: Record<string, string> = { unknown: 'u', install: 'i', hold: 'h', deinstall: 'r', purge: 'p' };
const STATE: Record<string, string> = {
  'not-installed': 'n', 'config-files': 'c', 'half-installed': 'H', unpacked: 'U', 'half-configured': 'F',
  'triggers-awaited': 'W', 'triggers-pending': 't', installed: 'i',
};

function synopsis(e: StatusEntry, fr: boolean): string {
  const d = field(e.fields, 'Description');
  if (d === undefined) return fr ? "(aucune description n'est disponible)" : '(no description available)';
  return d.split('\n')[0];
}

/** dpkg-query -l [PATTERN...]. */
export function listPackages(proc: Process, patterns: readonly string[]): number {
  const fr = isFrench(proc.env);
  const db = DpkgDb.load(proc.host.fs);
  const all = db.list();
  let rows: StatusEntry[];
  let code = 0;
  if (patterns.length === 0) rows = all.filter((e) => e.state !== 'not-installed' || e.want !== 'unknown');
  else {
    rows = [];
    for (const p of patterns) {
      const re = globToRegExp(p);
      const m = all.filter((e) => re.test(e.name));
      if (m.length === 0) {
        proc.stderr.write(fr ? `dpkg-query: aucun paquet ne correspond à ${p}\n` : `dpkg-query: no packages found matching ${p}\n`);
        code = 1;
      }
      for (const e of m) if (!rows.includes(e)) rows.push(e);
    }
    rows.sort((a, b) => (a.name < b.name ? -1 : 1));
  }
  if (rows.length === 0) return code;
  const ver = (e: StatusEntry): string => (e.state === 'not-installed' ? '<none>' : (field(e.fields, 'Version') ?? ''));
  const arch = (e: StatusEntry): string => (e.state === 'not-installed' ? '<none>' : (field(e.fields, 'Architecture') ?? ''));
  let nw = 14;
  let vw = 12;
  let aw = 12;
  let dw = 33;
  for (const e of rows) {
    nw = Math.max(nw, strWidth(e.name));
    vw = Math.max(vw, strWidth(ver(e)));
    aw = Math.max(aw, strWidth(arch(e)));
    dw = Math.max(dw, strWidth(synopsis(e, fr)));
  }
  const pad = (s: string, w: number): string => s + ' '.repeat(Math.max(0, w - strWidth(s)));
  let out = fr
    ? 'Souhait=inconnU/Installé/suppRimé/Purgé/H=à garder\n| État=Non/Installé/fichier-Config/dépaqUeté/échec-conFig/H=semi-installé/W=attend-traitement-déclenchements\n|/ Err?=(aucune)/besoin Réinstallation (État,Err: majuscule=mauvais)\n'
    : 'Desired=Unknown/Install/Remove/Purge/Hold\n| Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend\n|/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)\n';
  out += `||/ ${pad(fr ? 'Nom' : 'Name', nw)} ${pad('Version', vw)} ${pad('Architecture', aw)} Description\n`;
  out += `+++-${'='.repeat(nw)}-${'='.repeat(vw)}-${'='.repeat(aw)}-${'='.repeat(dw)}\n`;
  for (const e of rows) {
    out += `${WANT[e.want] ?? 'u'}${STATE[e.state] ?? 'n'}  ${pad(e.name, nw)} ${pad(ver(e), vw)} ${pad(arch(e), aw)} ${synopsis(e, fr)}\n`;
  }
  proc.stdout.write(out);
  return code;
}

function notInstalled(proc: Process, name: string, fr: boolean): void {
  proc.stderr.write(
    fr
      ? `dpkg-query: le paquet «${NBSP}${name}${NBSP}» n'est pas installé et aucune information n'est disponible\nUtilisez dpkg --info (= dpkg-deb --info) pour examiner les fichiers d'archive.\n`
      : `dpkg-query: package '${name}' is not installed and no information is available\nUse dpkg --info (= dpkg-deb --info) to examine archive files.\n`,
  );
}

/** dpkg-query -L PACKAGE... */
export function listFiles(proc: Process, names: readonly string[]): number {
  const fr = isFrench(proc.env);
  const db = DpkgDb.load(proc.host.fs);
  let code = 0;
  names.forEach((n, i) => {
    const e = db.get(n);
    if (e === undefined || e.state === 'not-installed') {
      proc.stderr.write(fr ? `dpkg-query: paquet «${NBSP}${n}${NBSP}» n'est pas installé\n` : `dpkg-query: package '${n}' is not installed\n`);
      code = 1;
      return;
    }
    if (i > 0) proc.stdout.write('\n');
    const paths = readList(proc.host.fs, n, e);
    if (paths.length === 0) proc.stdout.write(fr ? 'Le paquet ne contient aucun fichier.\n' : 'Package does not contain any files (!)\n');
    else proc.stdout.write(paths.join('\n') + '\n');
  });
  return code;
}

/** dpkg-query -s PACKAGE... */
export function showStatus(proc: Process, names: readonly string[]): number {
  const fr = isFrench(proc.env);
  const db = DpkgDb.load(proc.host.fs);
  let code = 0;
  const parts: string[] = [];
  for (const n of names) {
    const e = db.get(n);
    if (e === undefined) {
      notInstalled(proc, n, fr);
      code = 1;
      continue;
    }
    const one = new DpkgDb();
    one.set(e);
    parts.push(one.format());
  }
  if (parts.length > 0) proc.stdout.write(parts.join('\n'));
  return code;
}

/** dpkg-query -S PATTERN...: which package a path belongs to. */
export function searchFiles(proc: Process, patterns: readonly string[]): number {
  const fr = isFrench(proc.env);
  const db = DpkgDb.load(proc.host.fs);
  let code = 0;
  const lists = db
    .list()
    .filter((e) => e.state !== 'not-installed')
    .map((e) => ({ name: e.name, paths: readList(proc.host.fs, e.name, e) }));
  for (const p of patterns) {
    const re = p.includes('*') || p.includes('?') ? globToRegExp(p) : null;
    const hits = new Map<string, string[]>();
    for (const l of lists) {
      for (const path of l.paths) {
        if (path === '/.') continue;
        const ok = re !== null ? re.test(path) : p.startsWith('/') ? path === p : path.includes(p);
        if (!ok) continue;
        const owners = hits.get(path) ?? [];
        owners.push(l.name);
        hits.set(path, owners);
      }
    }
    if (hits.size === 0) {
      proc.stderr.write(fr ? `dpkg-query: aucun chemin ne correspond à ${p}\n` : `dpkg-query: no path found matching pattern ${p}\n`);
      code = 1;
      continue;
    }
    for (const [path, owners] of hits) proc.stdout.write(`${owners.join(', ')}: ${path}\n`);
  }
  return code;
}

/** --get-selections [PATTERN...]. */
export function getSelections(proc: Process, patterns: readonly string[]): number {
  const db = DpkgDb.load(proc.host.fs);
  const res = patterns.map(globToRegExp);
  for (const e of db.list()) {
    if (res.length > 0 && !res.some((r) => r.test(e.name))) continue;
    if (res.length === 0 && e.want !== 'install' && e.want !== 'hold' && e.want !== 'deinstall') continue;
    const name = field(e.fields, 'Multi-Arch') === 'same' ? `${e.name}:${field(e.fields, 'Architecture')}` : e.name;
    const tabs = '\t'.repeat(Math.max(1, 6 - Math.floor(name.length / 8)));
    proc.stdout.write(`${name}${tabs}${e.want}\n`);
  }
  return 0;
}

export async function dpkgQueryMain(proc: Process, args: readonly string[], prog: string): Promise<number> {
  const [op, ...rest] = args;
  switch (op) {
    case '-l':
    case '--list':
      return listPackages(proc, rest);
    case '-L':
    case '--listfiles':
      return listFiles(proc, rest);
    case '-s':
    case '--status':
      return showStatus(proc, rest);
    case '-S':
    case '--search':
      return searchFiles(proc, rest);
    case '--get-selections':
      return getSelections(proc, rest);
    case '-W':
    case '--show': {
      const db = DpkgDb.load(proc.host.fs);
      for (const e of db.list()) {
        if (rest.length > 0 && !rest.some((p) => globToRegExp(p).test(e.name))) continue;
        if (e.state === 'not-installed') continue;
        proc.stdout.write(`${e.name}\t${field(e.fields, 'Version') ?? ''}\n`);
      }
      return 0;
    }
    default:
      proc.stderr.write(`${prog}: need an action option\n\nType ${prog} --help for help about querying packages;\nType dpkg --help for help about installing and deinstalling packages.\n`);
      return 2;
  }
}

export const dpkgQuery: Program = async (proc) => dpkgQueryMain(proc, proc.argv.slice(1), 'dpkg-query');
