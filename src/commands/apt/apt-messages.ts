// What apt 2.6 prints, in English and in French (apt.mo and libapt-pkg6.0.mo of Debian 12), and
// its number formats: SizeToStr (powers of 1000, "%.1f" under 100, a decimal comma in French)
// and TimeToStr.

export interface AptMessages {
  readonly readingLists: string;
  readonly buildingTree: string;
  readonly readingState: string;
  readonly done: string;
  readonly additional: string;
  readonly suggested: string;
  readonly recommended: string;
  readonly newPackages: string;
  readonly removed: string;
  summary(upgraded: number, installed: number, removed: number, notUpgraded: number): string;
  needToGet(size: string): string;
  afterUsed(size: string): string;
  afterFreed(size: string): string;
  readonly continuePrompt: string;
  readonly yesChar: string;
  readonly abort: string;
  get(n: number, what: string): string;
  hit(n: number, what: string): string;
  fetched(size: string, time: string, rate: string): string;
  unableToLocate(p: string): string;
  alreadyNewest(p: string, v: string): string;
  notInstalledNotRemoved(p: string): string;
  setManual(p: string): string;
  lockOpen(path: string): string;
  frontendLock(path: string): string;
  lockDir(path: string): string;
  progress(pct: number): string;
  readonly listing: string;
  readonly sorting: string;
  readonly fullTextSearch: string;
  readonly upToDate: string;
  readonly preconfiguring: string;
  noLongerRequired(n: number): string;
  useAutoremove(n: number, cmd: string): string;
  noteSelecting(real: string, virtual: string): string;
  virtualProvidedBy(p: string): string;
  noCandidate(p: string): string;
  readonly installedTag: string;
  readonly installedAutoTag: string;
  invalidOperation(op: string): string;
}

export const APT_EN: AptMessages = {
  readingLists: 'Reading package lists...',
  buildingTree: 'Building dependency tree...',
  readingState: 'Reading state information...',
  done: ' Done',
  additional: 'The following additional packages will be installed:',
  suggested: 'Suggested packages:',
  recommended: 'Recommended packages:',
  newPackages: 'The following NEW packages will be installed:',
  removed: 'The following packages will be REMOVED:',
  summary: (u, i, r, n) => `${u} upgraded, ${i} newly installed, ${r} to remove and ${n} not upgraded.\n`,
  needToGet: (s) => `Need to get ${s}B of archives.\n`,
  afterUsed: (s) => `After this operation, ${s}B of additional disk space will be used.\n`,
  afterFreed: (s) => `After this operation, ${s}B disk space will be freed.\n`,
  continuePrompt: 'Do you want to continue? [Y/n] ',
  yesChar: 'Y',
  abort: 'Abort.\n',
  get: (n, w) => `Get:${n} ${w}`,
  hit: (n, w) => `Hit:${n} ${w}`,
  fetched: (s, t, r) => `Fetched ${s}B in ${t} (${r}B/s)\n`,
  unableToLocate: (p) => `Unable to locate package ${p}`,
  alreadyNewest: (p, v) => `${p} is already the newest version (${v}).\n`,
  notInstalledNotRemoved: (p) => `Package '${p}' is not installed, so not removed\n`,
  setManual: (p) => `${p} set to manually installed.\n`,
  lockOpen: (p) => `Could not open lock file ${p} - open (13: Permission denied)`,
  frontendLock: (p) => `Unable to acquire the dpkg frontend lock (${p}), are you root?`,
  lockDir: (p) => `Unable to lock directory ${p}`,
  progress: (pct) => `Progress: [${String(pct).padStart(3)}%]`,
  listing: 'Listing...',
  sorting: 'Sorting...',
  fullTextSearch: 'Full Text Search...',
  upToDate: 'All packages are up to date.\n',
  preconfiguring: 'Preconfiguring packages ...\n',
  noLongerRequired: (n) => (n === 1 ? 'The following package was automatically installed and is no longer required:' : 'The following packages were automatically installed and are no longer required:'),
  useAutoremove: (n, c) => (n === 1 ? `Use '${c}' to remove it.\n` : `Use '${c}' to remove them.\n`),
  noteSelecting: (r, v) => `Note, selecting '${r}' instead of '${v}'\n`,
  virtualProvidedBy: (p) => `Package ${p} is a virtual package provided by:\n`,
  noCandidate: (p) => `Package '${p}' has no installation candidate`,
  installedTag: '[installed]',
  installedAutoTag: '[installed,automatic]',
  invalidOperation: (op) => `Invalid operation ${op}`,
};

const NBSP = '\u00a0';

export const APT_FR: AptMessages = {
  readingLists: 'Lecture des listes de paquets...',
  buildingTree: "Construction de l'arbre des dépendances...",
  readingState: "Lecture des informations d'état...",
  done: ' Fait',
  additional: `Les paquets supplémentaires suivants seront installés${NBSP}: `,
  suggested: `Paquets suggérés${NBSP}:`,
  recommended: `Paquets recommandés${NBSP}:`,
  newPackages: `Les NOUVEAUX paquets suivants seront installés${NBSP}:`,
  removed: `Les paquets suivants seront ENLEVÉS${NBSP}:`,
  summary: (u, i, r, n) => `${u} mis à jour, ${i} nouvellement installés, ${r} à enlever et ${n} non mis à jour.\n`,
  needToGet: (s) => `Il est nécessaire de prendre ${s}o dans les archives.\n`,
  afterUsed: (s) => `Après cette opération, ${s}o d'espace disque supplémentaires seront utilisés.\n`,
  afterFreed: (s) => `Après cette opération, ${s}o d'espace disque seront libérés.\n`,
  continuePrompt: `Souhaitez-vous continuer${NBSP}? [O/n] `,
  yesChar: 'O',
  abort: 'Annulation.\n',
  get: (n, w) => `Réception de${NBSP}:${n} ${w}`,
  hit: (n, w) => `Atteint${NBSP}:${n} ${w}`,
  fetched: (s, t, r) => `${s}o réceptionnés en ${t} (${r}o/s)\n`,
  unableToLocate: (p) => `Impossible de trouver le paquet ${p}`,
  alreadyNewest: (p, v) => `${p} est déjà la version la plus récente (${v}).\n`,
  notInstalledNotRemoved: (p) => `Le paquet «${NBSP}${p}${NBSP}» n'est pas installé, et ne peut donc être supprimé\n`,
  setManual: (p) => `${p} passé en «${NBSP}installé manuellement${NBSP}».\n`,
  lockOpen: (p) => `Impossible d'ouvrir le fichier verrou ${p} - open (13: Permission non accordée)`,
  frontendLock: (p) => `Impossible d'obtenir le verrou de dpkg (${p}). Avez-vous les droits du superutilisateur${NBSP}?`,
  lockDir: (p) => `Impossible de verrouiller le répertoire ${p}`,
  progress: (pct) => `Progression : [${String(pct).padStart(3)}%]`,
  listing: 'En train de lister...',
  sorting: 'En train de trier...',
  fullTextSearch: 'Recherche en texte intégral...',
  upToDate: 'Tous les paquets sont à jour.\n',
  preconfiguring: 'Préconfiguration des paquets...\n',
  noLongerRequired: (n) =>
    n === 1
      ? `Le paquet suivant a été installé automatiquement et n'est plus nécessaire${NBSP}:`
      : `Les paquets suivants ont été installés automatiquement et ne sont plus nécessaires${NBSP}:`,
  useAutoremove: (n, c) => (n === 1 ? `Veuillez utiliser «${NBSP}${c}${NBSP}» pour le supprimer.\n` : `Veuillez utiliser «${NBSP}${c}${NBSP}» pour les supprimer.\n`),
  noteSelecting: (r, v) => `Note${NBSP}: sélection de «${NBSP}${r}${NBSP}» au lieu de «${NBSP}${v}${NBSP}»\n`,
  virtualProvidedBy: (p) => `Le paquet ${p} est un paquet virtuel fourni par${NBSP}:\n`,
  noCandidate: (p) => `Le paquet «${NBSP}${p}${NBSP}» n'a pas de version susceptible d'être installée`,
  installedTag: '[installé]',
  installedAutoTag: '[installé, automatique]',
  invalidOperation: (op) => `L'opération ${op} n'est pas valable`,
};

/** apt's SizeToStr (without the unit letter's "B"): "1510 k", "10.9 M", "0 ". */
export function sizeToStr(bytes: number, fr = false): string {
  const ext = ['', 'k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];
  let a = Math.abs(bytes);
  for (let i = 0; i < ext.length; i++) {
    if (a < 100 && i !== 0) {
      const s = a.toFixed(1);
      return `${fr ? s.replace('.', ',') : s} ${ext[i]}`;
    }
    if (a < 10000) return `${Math.round(a)} ${ext[i]}`;
    a /= 1000;
  }
  return `${Math.round(a)} Y`;
}

/** apt's TimeToStr. */
export function timeToStr(sec: number): string {
  const s = Math.floor(sec);
  if (s > 86400) return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h ${Math.floor((s % 3600) / 60)}min ${s % 60}s`;
  if (s > 3600) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}min ${s % 60}s`;
  if (s > 60) return `${Math.floor(s / 60)}min ${s % 60}s`;
  return `${s}s`;
}

/** apt's ShowList: a title, then the items wrapped at the screen width less 3, indented by 2. */
export function showList(title: string, items: readonly string[], screenWidth: number): string {
  if (items.length === 0) return '';
  const width = screenWidth > 3 ? screenWidth - 3 : 0;
  let out = title;
  let used = 0;
  for (const item of items) {
    if (used === 0 || used + item.length >= width) {
      out += '\n  ';
      used = 0;
    } else {
      out += ' ';
      used++;
    }
    out += item;
    used += item.length;
  }
  return out + '\n';
}
