// The debconf database as files, in the format debconf's File driver writes them
// (Debconf::Format::822): /var/cache/debconf/templates.dat holds the templates (fields sorted,
// newlines escaped as `\n`, Owners), config.dat the questions (Template, Value, Owners, Flags,
// Variables). Files are the truth: every program loads them, changes, and saves them back.
import type { Credentials, FileSystem } from '../../fs/types.ts';
import { parseTemplates } from './template.ts';

export const CONFIG_DAT = '/var/cache/debconf/config.dat';
export const TEMPLATES_DAT = '/var/cache/debconf/templates.dat';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };

export interface TemplateRecord {
  readonly fields: Map<string, string>;
  readonly owners: Set<string>;
}

export interface QuestionRecord {
  template: string;
  /** Undefined: never set, the template's Default stands in. */
  value: string | undefined;
  readonly owners: Set<string>;
  /** Flags set to true ("seen", and the ones maintainer scripts invent: "changed"...). */
  readonly flags: Set<string>;
  readonly variables: Map<string, string>;
}

interface RawRecord {
  name: string;
  fields: Map<string, string>;
  owners: string[];
  flags: string[];
  variables: Map<string, string>;
}

/** Debconf::Format::822->read over a whole file. */
function readRecords(text: string): RawRecord[] {
  const out: RawRecord[] = [];
  let cur: RawRecord | null = null;
  let inVars = false;
  for (const line of text.split('\n')) {
    if (line === '') {
      if (cur !== null && cur.name !== '') out.push(cur);
      cur = null;
      inVars = false;
      continue;
    }
    cur ??= { name: '', fields: new Map(), owners: [], flags: [], variables: new Map() };
    if (inVars) {
      if (/^\s/.test(line)) {
        const t = line.replace(/^\s+/, '');
        const m = /^(.*?)\s*=\s?(.*)$/.exec(t);
        if (m !== null) cur.variables.set(m[1], m[2].replace(/\\n/g, '\n'));
        continue;
      }
      inVars = false;
    }
    const m = /^([^:]*):\s?(.*)$/.exec(line);
    if (m === null) continue;
    const key = m[1].toLowerCase();
    const value = m[2];
    if (key === 'owners') cur.owners.push(...value.split(/,\s+/).filter((s) => s !== ''));
    else if (key === 'flags') cur.flags.push(...value.split(/,\s+/).filter((s) => s !== ''));
    else if (key === 'variables') inVars = true;
    else if (key === 'name') cur.name = value;
    else if (key !== '') cur.fields.set(key, value.replace(/\\n/g, '\n'));
  }
  if (cur !== null && cur.name !== '') out.push(cur);
  return out;
}

function ucfirst(s: string): string {
  return s.length === 0 ? s : s[0].toUpperCase() + s.slice(1);
}

/** Debconf::Format::822->write of one record. */
function writeRecord(name: string, fields: ReadonlyMap<string, string>, owners: Iterable<string>, flags: Iterable<string>, variables: ReadonlyMap<string, string>): string {
  let s = `Name: ${name}\n`;
  for (const k of [...fields.keys()].sort()) s += `${ucfirst(k)}: ${fields.get(k)!.replace(/\n/g, '\\n')}\n`;
  const o = [...owners].sort();
  if (o.length > 0) s += `Owners: ${o.join(', ')}\n`;
  const f = [...flags].sort();
  if (f.length > 0) s += `Flags: ${f.join(', ')}\n`;
  if (variables.size > 0) {
    s += 'Variables:\n';
    for (const k of [...variables.keys()].sort()) s += ` ${k} = ${variables.get(k)!.replace(/\n/g, '\\n')}\n`;
  }
  return s + '\n';
}

function readText(fs: FileSystem, path: string): string {
  const r = fs.readFile(path, ROOT);
  return r.ok ? new TextDecoder().decode(r.value) : '';
}

export class DebconfDb {
  readonly templates = new Map<string, TemplateRecord>();
  readonly questions = new Map<string, QuestionRecord>();

  /** Reads both files (missing files: an empty database). */
  static load(fs: FileSystem): DebconfDb {
    const db = new DebconfDb();
    for (const r of readRecords(readText(fs, TEMPLATES_DAT))) {
      db.templates.set(r.name, { fields: r.fields, owners: new Set(r.owners) });
    }
    for (const r of readRecords(readText(fs, CONFIG_DAT))) {
      db.questions.set(r.name, {
        template: r.fields.get('template') ?? r.name,
        value: r.fields.get('value'),
        owners: new Set(r.owners),
        flags: new Set(r.flags),
        variables: r.variables,
      });
    }
    return db;
  }

  /** Writes both files, records sorted by name as the File driver does. */
  save(fs: FileSystem): void {
    fs.mkdir('/var/cache/debconf', ROOT, { parents: true, mode: 0o755 });
    let t = '';
    for (const name of [...this.templates.keys()].sort()) {
      const rec = this.templates.get(name)!;
      t += writeRecord(name, rec.fields, rec.owners, [], new Map());
    }
    let c = '';
    for (const name of [...this.questions.keys()].sort()) {
      const q = this.questions.get(name)!;
      const fields = new Map<string, string>([['template', q.template]]);
      if (q.value !== undefined) fields.set('value', q.value);
      c += writeRecord(name, fields, q.owners, q.flags, q.variables);
    }
    fs.writeFile(TEMPLATES_DAT, t, ROOT, { mode: 0o644 });
    fs.writeFile(CONFIG_DAT, c, ROOT, { mode: 0o644 });
  }

  /**
   * Debconf::Template->load(file, owner): every template of the file replaces the stored one,
   * and a question of the same name is created (owned by the package) if there is none.
   */
  loadTemplates(owner: string, text: string): string[] {
    const names: string[] = [];
    for (const tpl of parseTemplates(text)) {
      const old = this.templates.get(tpl.name);
      const owners = old?.owners ?? new Set<string>();
      owners.add(tpl.name);
      this.templates.set(tpl.name, { fields: tpl.fields, owners });
      const q = this.questions.get(tpl.name);
      if (q === undefined) {
        this.questions.set(tpl.name, { template: tpl.name, value: undefined, owners: new Set([owner]), flags: new Set(), variables: new Map() });
      } else q.owners.add(owner);
      names.push(tpl.name);
    }
    return names;
  }

  /** A package's purge (db_purge): its questions lose that owner, and go when none is left. */
  purgeOwner(owner: string): void {
    for (const [name, q] of this.questions) {
      q.owners.delete(owner);
      if (q.owners.size === 0) {
        this.questions.delete(name);
        const t = this.templates.get(q.template);
        if (t !== undefined) {
          t.owners.delete(name);
          if (t.owners.size === 0) this.templates.delete(q.template);
        }
      }
    }
  }

  question(name: string): QuestionRecord | undefined {
    return this.questions.get(name);
  }

  templateOf(name: string): TemplateRecord | undefined {
    const q = this.questions.get(name);
    return this.templates.get(q?.template ?? name);
  }

  /** The question's type (string, boolean, select, note...), '' if unknown. */
  type(name: string): string {
    return this.templateOf(name)?.fields.get('type') ?? '';
  }

  /** db_get: the value, else the template's Default, else ''. */
  get(name: string): string | undefined {
    const q = this.questions.get(name);
    if (q === undefined) return undefined;
    if (q.value !== undefined) return q.value;
    return this.templates.get(q.template)?.fields.get('default') ?? '';
  }

  set(name: string, value: string): boolean {
    const q = this.questions.get(name);
    if (q === undefined) return false;
    q.value = value;
    return true;
  }

  /** db_fget; "isdefault" is the old, inverted name of "seen". */
  fget(name: string, flag: string): string | undefined {
    const q = this.questions.get(name);
    if (q === undefined) return undefined;
    if (flag === 'isdefault') return q.flags.has('seen') ? 'false' : 'true';
    return q.flags.has(flag) ? 'true' : 'false';
  }

  fset(name: string, flag: string, value: string): boolean {
    const q = this.questions.get(name);
    if (q === undefined) return false;
    let f = flag;
    let v = value === 'true';
    if (flag === 'isdefault') {
      f = 'seen';
      v = !v;
    }
    if (v) q.flags.add(f);
    else q.flags.delete(f);
    return true;
  }

  subst(name: string, variable: string, value: string): boolean {
    const q = this.questions.get(name);
    if (q === undefined) return false;
    q.variables.set(variable, value);
    return true;
  }

  /**
   * debconf-set-selections: sets the value (creating the question, with a bare template of
   * that type, if no package has registered it yet) and marks it seen unless told otherwise.
   */
  preseed(owner: string, name: string, type: string, value: string, markSeen = true): void {
    if (!this.templates.has(name)) this.templates.set(name, { fields: new Map([['type', type]]), owners: new Set([name]) });
    let q = this.questions.get(name);
    if (q === undefined) {
      q = { template: name, value: undefined, owners: new Set(), flags: new Set(), variables: new Map() };
      this.questions.set(name, q);
    }
    q.owners.add(owner);
    q.value = value;
    if (markSeen) q.flags.add('seen');
  }

  /** The questions a package owns, in the order they were first registered. */
  owned(owner: string): string[] {
    return [...this.questions.entries()].filter(([, q]) => q.owners.has(owner)).map(([n]) => n);
  }
}
