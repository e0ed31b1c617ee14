// /etc/rsyslog.conf as rsyslogd 8.2302 (Debian 12) reads the parts a lab touches: legacy
// selector lines (`mail.*  -/var/log/mail.log`, `*.*;auth,authpriv.none`, `=info`, `!err`,
// `none`), `&` continuation lines, property filters (`:programname, isequal, "postfix"`), the
// `$ActionFileDefaultTemplate`/`$FileOwner`/`$FileGroup`/`$FileCreateMode`/`$DirCreateMode`
// directives (they apply to the actions that follow them, as in rsyslog), `module(load=
// "builtin:omfile" template=...)`, simple `action(type="omfile" file=... template=...)` and
// `$IncludeConfig` globs. Anything else is ignored, as rsyslog ignores it with a warning.

export const FACILITIES: Readonly<Record<string, number>> = {
  kern: 0, user: 1, mail: 2, daemon: 3, auth: 4, security: 4, syslog: 5, lpr: 6, news: 7, uucp: 8, cron: 9,
  authpriv: 10, ftp: 11, ntp: 12, audit: 13, alert: 14, clock: 15,
  local0: 16, local1: 17, local2: 18, local3: 19, local4: 20, local5: 21, local6: 22, local7: 23,
};

export const SEVERITIES: Readonly<Record<string, number>> = {
  emerg: 0, panic: 0, alert: 1, crit: 2, err: 3, error: 3, warning: 4, warn: 4, notice: 5, info: 6, debug: 7,
};

const FACILITY_COUNT = 24;
const ALL_PRI = 0xff;

export type FileTemplate = 'RSYSLOG_FileFormat' | 'RSYSLOG_TraditionalFileFormat';

export interface FileAction {
  readonly kind: 'file';
  readonly path: string;
  readonly template: FileTemplate;
  readonly fileOwner: string;
  readonly fileGroup: string;
  readonly fileCreateMode: number;
  readonly dirCreateMode: number;
}

export type Action = FileAction | { readonly kind: 'users' } | { readonly kind: 'stop' } | { readonly kind: 'ignored' };

export interface PropertyFilter {
  readonly property: 'msg' | 'programname' | 'syslogtag' | 'hostname';
  readonly op: 'contains' | 'isequal' | 'startswith';
  readonly negate: boolean;
  readonly value: string;
}

export interface Rule {
  /** Per facility, a bit per severity (bit n = severity n) the selector accepts. */
  readonly masks: Uint8Array | null;
  readonly filter: PropertyFilter | null;
  readonly action: Action;
}

export interface RsyslogConfig {
  readonly rules: readonly Rule[];
}

/** How the parser reaches files: the host's file system, read as root. */
export interface ConfigSource {
  readFile(path: string): string | null;
  listDir(path: string): string[] | null;
}

interface Defaults {
  template: FileTemplate | null;
  moduleTemplate: FileTemplate | null;
  fileOwner: string;
  fileGroup: string;
  fileCreateMode: number;
  dirCreateMode: number;
}

function templateName(name: string): FileTemplate {
  return name === 'RSYSLOG_TraditionalFileFormat' ? 'RSYSLOG_TraditionalFileFormat' : 'RSYSLOG_FileFormat';
}

/** `*.*;auth,authpriv.none` -> per-facility severity masks; null if it does not parse. */
export function parseSelector(text: string): Uint8Array | null {
  const masks = new Uint8Array(FACILITY_COUNT);
  for (const part of text.split(';')) {
    const dot = part.lastIndexOf('.');
    if (dot <= 0) return null;
    const facs = part.slice(0, dot).split(',');
    let pri = part.slice(dot + 1).toLowerCase();
    let negate = false;
    let exact = false;
    if (pri.startsWith('!')) {
      negate = true;
      pri = pri.slice(1);
    }
    if (pri.startsWith('=')) {
      exact = true;
      pri = pri.slice(1);
    }
    let bits: number;
    if (pri === '*') bits = ALL_PRI;
    else if (pri === 'none') bits = -1;
    else {
      const sev = SEVERITIES[pri];
      if (sev === undefined) return null;
      // "mail.warning" is warning and everything more severe (numerically lower).
      bits = exact ? 1 << sev : (1 << (sev + 1)) - 1;
    }
    const targets: number[] = [];
    for (const f of facs) {
      const name = f.trim().toLowerCase();
      if (name === '*') for (let i = 0; i < FACILITY_COUNT; i++) targets.push(i);
      else if (name === 'mark') continue;
      else if (FACILITIES[name] !== undefined) targets.push(FACILITIES[name]);
      else return null;
    }
    for (const fac of targets) {
      if (bits === -1) masks[fac] = 0;
      else if (negate) masks[fac] &= ~bits;
      else masks[fac] |= bits;
    }
  }
  return masks;
}

function parseAction(text: string, d: Defaults): Action {
  const t = text.trim();
  if (t === '~' || t === 'stop') return { kind: 'stop' };
  if (t.startsWith(':omusrmsg:') || t === '*') return { kind: 'users' };
  let path = t;
  let template: FileTemplate | null = null;
  const semi = path.indexOf(';');
  if (semi >= 0) {
    template = templateName(path.slice(semi + 1).trim());
    path = path.slice(0, semi).trim();
  }
  if (path.startsWith('-')) path = path.slice(1);
  if (!path.startsWith('/')) return { kind: 'ignored' };
  return fileAction(path, template, d);
}

function fileAction(path: string, template: FileTemplate | null, d: Defaults): FileAction {
  return {
    kind: 'file',
    path,
    template: template ?? d.template ?? d.moduleTemplate ?? 'RSYSLOG_FileFormat',
    fileOwner: d.fileOwner,
    fileGroup: d.fileGroup,
    fileCreateMode: d.fileCreateMode,
    dirCreateMode: d.dirCreateMode,
  };
}

/** name="value" pairs of a RainerScript object such as module(...) or action(...). */
function objectParams(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/([A-Za-z.]+)\s*=\s*"([^"]*)"/g)) out.set(m[1].toLowerCase(), m[2]);
  return out;
}

function parseFilter(line: string): { filter: PropertyFilter; rest: string } | null {
  const m = /^:(\w+)\s*,\s*(!?)(contains|isequal|startswith)\s*,\s*"((?:[^"\\]|\\.)*)"\s*(.*)$/i.exec(line);
  if (!m) return null;
  const prop = m[1].toLowerCase();
  if (prop !== 'msg' && prop !== 'programname' && prop !== 'syslogtag' && prop !== 'hostname') return null;
  return {
    filter: { property: prop, op: m[3].toLowerCase() as PropertyFilter['op'], negate: m[2] === '!', value: m[4].replace(/\\(.)/g, '$1') },
    rest: m[5],
  };
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

function parseText(text: string, src: ConfigSource, d: Defaults, rules: Rule[], depth: number): void {
  let previous: Rule | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('$')) {
      const m = /^\$(\w+)\s*(.*)$/.exec(line);
      if (!m) continue;
      const [, name, arg] = m;
      const value = arg.trim();
      switch (name.toLowerCase()) {
        case 'actionfiledefaulttemplate':
          d.template = templateName(value);
          break;
        case 'fileowner':
          d.fileOwner = value;
          break;
        case 'filegroup':
          d.fileGroup = value;
          break;
        case 'filecreatemode':
          if (/^[0-7]{3,4}$/.test(value)) d.fileCreateMode = parseInt(value, 8);
          break;
        case 'dircreatemode':
          if (/^[0-7]{3,4}$/.test(value)) d.dirCreateMode = parseInt(value, 8);
          break;
        case 'includeconfig':
          if (depth < 8) includeGlob(value, src, d, rules, depth + 1);
          break;
      }
      continue;
    }
    if (/^module\s*\(/i.test(line)) {
      const p = objectParams(line);
      if (p.get('load') === 'builtin:omfile' && p.has('template')) d.moduleTemplate = templateName(p.get('template')!);
      continue;
    }
    if (/^action\s*\(/i.test(line)) {
      // A lone action() has no filter: it gets every message.
      const p = objectParams(line);
      if (p.get('type') === 'omfile' && p.get('file')?.startsWith('/')) {
        const all = new Uint8Array(FACILITY_COUNT).fill(ALL_PRI);
        const tpl = p.has('template') ? templateName(p.get('template')!) : null;
        previous = { masks: all, filter: null, action: fileAction(p.get('file')!, tpl, d) };
        rules.push(previous);
      }
      continue;
    }
    if (line.startsWith('&')) {
      if (previous) {
        previous = { masks: previous.masks, filter: previous.filter, action: parseAction(line.slice(1), d) };
        rules.push(previous);
      }
      continue;
    }
    if (line.startsWith(':')) {
      const f = parseFilter(line);
      if (f) {
        previous = { masks: null, filter: f.filter, action: parseAction(f.rest, d) };
        rules.push(previous);
      }
      continue;
    }
    const m = /^(\S+)\s+(.+)$/.exec(line);
    if (!m) continue;
    const masks = parseSelector(m[1]);
    if (!masks) continue;
    previous = { masks, filter: null, action: parseAction(m[2], d) };
    rules.push(previous);
  }
}

function includeGlob(pattern: string, src: ConfigSource, d: Defaults, rules: Rule[], depth: number): void {
  const slash = pattern.lastIndexOf('/');
  const dir = slash > 0 ? pattern.slice(0, slash) : '/';
  const base = pattern.slice(slash + 1);
  if (!base.includes('*') && !base.includes('?')) {
    const text = src.readFile(pattern);
    if (text !== null) parseText(text, src, d, rules, depth);
    return;
  }
  const names = src.listDir(dir);
  if (!names) return;
  const re = globToRegExp(base);
  for (const name of names.filter((n) => re.test(n)).sort()) {
    const text = src.readFile(`${dir}/${name}`);
    if (text !== null) parseText(text, src, d, rules, depth);
  }
}

/** Null when the main file is missing: rsyslog is not installed (journald only). */
export function loadRsyslogConfig(src: ConfigSource, path = '/etc/rsyslog.conf'): RsyslogConfig | null {
  const text = src.readFile(path);
  if (text === null) return null;
  const rules: Rule[] = [];
  const d: Defaults = { template: null, moduleTemplate: null, fileOwner: 'root', fileGroup: 'root', fileCreateMode: 0o644, dirCreateMode: 0o700 };
  parseText(text, src, d, rules, 0);
  return { rules };
}

export function ruleMatches(rule: Rule, facility: number, severity: number, props: Readonly<Record<PropertyFilter['property'], string>>): boolean {
  if (rule.masks) return (rule.masks[facility] & (1 << severity)) !== 0;
  const f = rule.filter;
  if (!f) return false;
  const v = props[f.property];
  const hit = f.op === 'contains' ? v.includes(f.value) : f.op === 'isequal' ? v === f.value : v.startsWith(f.value);
  return hit !== f.negate;
}
