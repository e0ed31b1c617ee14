// The debconf protocol as a package's config and postinst scripts use it (debconf-devel(7),
// Debconf::ConfModule): INPUT queues a question when its priority is high enough and it was
// not seen yet (or dpkg-reconfigure asks to show everything again), GO shows the queue through
// the frontend and answers 30 when the user backed up, GET/SET/FGET/FSET/SUBST read and change
// the database. The frontend (dialog, readline, noninteractive) is whatever the caller plugs in.
import type { DebconfDb } from './database.ts';
import { localizedField, splitChoices } from './template.ts';

export type Priority = 'low' | 'medium' | 'high' | 'critical';
const PRIORITIES: readonly Priority[] = ['low', 'medium', 'high', 'critical'];

export function isPriority(s: string): s is Priority {
  return (PRIORITIES as readonly string[]).includes(s);
}

/** What a frontend shows: the texts already translated and with ${variables} expanded. */
export interface DebconfQuestion {
  readonly name: string;
  /** boolean, select, multiselect, string, password, note, text, error. */
  readonly type: string;
  readonly description: string;
  readonly extendedDescription: string;
  /** The choices as shown (translated), and the untranslated ones stored as values. */
  readonly choices: readonly string[];
  readonly choicesC: readonly string[];
  /** The current value (the default the frontend offers). */
  readonly value: string;
}

/** A debconf user interface. `ask` resolves the new value, or null when the user backed up. */
export interface DebconfFrontend {
  readonly name: string;
  /** False for Noninteractive: questions are then never shown. */
  readonly interactive: boolean;
  /** The window title (db_title, or "Configuring PACKAGE"). */
  title: string;
  ask(q: DebconfQuestion): Promise<string | null>;
}

export interface ConfmoduleOptions {
  readonly db: DebconfDb;
  readonly frontend: DebconfFrontend;
  /** The package running the script: new questions get it as owner. */
  readonly owner: string;
  /** Questions below this priority are not shown (debconf/priority, DEBIAN_PRIORITY). */
  readonly priority: Priority;
  /** dpkg-reconfigure: show questions again even if seen. */
  readonly reshow?: boolean;
  /** Translation languages (debconfLanguages(env)). */
  readonly langs: readonly string[];
}

/** Return codes of the protocol (Debconf::ConfModule %codes). */
export const SUCCESS = 0;
export const BACKUP = 30;

export class Confmodule {
  private readonly queue: string[] = [];
  private backupCapb = false;

  constructor(private readonly opts: ConfmoduleOptions) {}

  get db(): DebconfDb {
    return this.opts.db;
  }

  get frontend(): DebconfFrontend {
    return this.opts.frontend;
  }

  /** CAPB: the script can go back (Esc, Cancel) through its questions. */
  capb(...caps: string[]): void {
    this.backupCapb = caps.includes('backup');
  }

  title(text: string): void {
    this.opts.frontend.title = text;
  }

  /** INPUT: 0 when queued, 30 when it will not be shown ("question skipped"). */
  input(priority: Priority, name: string): number {
    const db = this.opts.db;
    if (db.question(name) === undefined) return 10;
    let visible = true;
    if (db.type(name) !== 'error') {
      if (PRIORITIES.indexOf(priority) < PRIORITIES.indexOf(this.opts.priority)) visible = false;
      if (!this.opts.reshow && db.fget(name, 'seen') === 'true') visible = false;
    }
    if (visible && !this.opts.frontend.interactive) visible = false;
    if (!visible) return BACKUP;
    if (!this.queue.includes(name)) this.queue.push(name);
    return SUCCESS;
  }

  /** GO: shows what INPUT queued; 30 if the user backed up (only when CAPB backup was given). */
  async go(): Promise<number> {
    const names = this.queue.splice(0);
    for (const name of names) {
      const answer = await this.opts.frontend.ask(this.view(name));
      if (answer === null) {
        if (this.backupCapb) return BACKUP;
        continue;
      }
      const type = this.opts.db.type(name);
      if (type !== 'note' && type !== 'text' && type !== 'error') this.opts.db.set(name, answer);
      this.opts.db.fset(name, 'seen', 'true');
    }
    return SUCCESS;
  }

  get(name: string): string {
    return this.opts.db.get(name) ?? '';
  }

  set(name: string, value: string): void {
    this.opts.db.set(name, value);
  }

  fget(name: string, flag: string): string {
    return this.opts.db.fget(name, flag) ?? 'false';
  }

  fset(name: string, flag: string, value: string): void {
    this.opts.db.fset(name, flag, value);
  }

  subst(name: string, variable: string, value: string): void {
    this.opts.db.subst(name, variable, value);
  }

  /** The question as a frontend shows it. */
  view(name: string): DebconfQuestion {
    return questionView(this.opts.db, name, this.opts.langs);
  }
}

/** ${var} expansion of Debconf::Question->_expand_vars (`\${var}` stays literal). */
export function expandVariables(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(/(\\)?\$\{([^{}]+)\}/g, (_m, esc: string | undefined, v: string) => (esc ? `\${${v}}` : vars.get(v) ?? ''));
}

export function questionView(db: DebconfDb, name: string, langs: readonly string[]): DebconfQuestion {
  const q = db.question(name);
  const fields = db.templateOf(name)?.fields ?? new Map<string, string>();
  const vars = q?.variables ?? new Map<string, string>();
  const tr = (f: string): string => expandVariables(localizedField(fields, f, langs), vars);
  return {
    name,
    type: fields.get('type') ?? '',
    description: tr('description'),
    extendedDescription: tr('extended_description'),
    choices: splitChoices(tr('choices')),
    choicesC: splitChoices(expandVariables(fields.get('choices') ?? '', vars)),
    value: db.get(name) ?? '',
  };
}
