// postconf(1) of Postfix 3.7.11: show main.cf parameters (all, -n set in main.cf, -d defaults,
// NAME..., -h values only, -H names only, -x expanded), edit main.cf (-e name=value, or
// name=value alone; -# comment out; -X remove), -M master.cf entries. Warnings as the real one:
// "postconf: warning: NAME: unknown parameter", then "PROG: warning: /etc/postfix/main.cf:
// unused parameter: name=value" for main.cf names nothing uses.
import type { Process, Program } from '../../os/program.ts';
import { editMainCf, parseMainCf, type MainCfEdit, type PostfixConfig } from '../../services/postfix/config/main-cf.ts';
import { readMasterCf, type MasterService } from '../../services/postfix/config/master-cf.ts';
import { configDir, fatal, loadMainCf, mainCfMissing, warn } from './postfix-env.ts';

// postconf.c's getopt string "aAbc:C:deEfFhHlmMno:pPtvxX#" and usage().
const OPTIONS_WITH_ARG = 'cCo';
const FLAGS = '#aAbdeEfFhHlmMnpPtvxX';
const USAGE =
  'usage: postconf [-a (server SASL types)] [-A (client SASL types)] [-b (bounce templates)] [-c config_dir] [-c param_class]' +
  ' [-d (parameter defaults)] [-e (edit configuration)] [-f (fold lines)] [-F (master.cf fields)] [-h (no names)] [-H (no values)]' +
  ' [-l (lock types)] [-m (map types)] [-M (master.cf)] [-n (non-default parameters)] [-o name=value (override parameter value)]' +
  ' [-p (main.cf, default)] [-P (master.cf parameters)] [-t (bounce templates)] [-v (verbose)] [-x (expand parameter values)]' +
  ' [-X (exclude)] [-# (comment-out)] [name...]';

interface PostconfOptions {
  configDir: string | null;
  overrides: [string, string][];
  flags: Set<string>;
  names: string[];
}

/** getopt(3) over postconf's option string; null after printing glibc's message. */
function parseArgs(proc: Process, prog: string): PostconfOptions | null {
  const flags = new Set<string>();
  const overrides: [string, string][] = [];
  let dir: string | null = null;
  const args = proc.argv.slice(1);
  let k = 0;
  for (; k < args.length; k++) {
    const a = args[k];
    if (a === '--') {
      k++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    for (let c = 1; c < a.length; c++) {
      const ch = a[c];
      if (OPTIONS_WITH_ARG.includes(ch)) {
        const value = c + 1 < a.length ? a.slice(c + 1) : args[++k];
        if (value === undefined) {
          proc.stderr.write(`${prog}: option requires an argument -- '${ch}'\n`);
          fatal(proc, prog, USAGE.replace('postconf', prog));
          return null;
        }
        if (ch === 'c') dir = value;
        if (ch === 'o') {
          const eq = value.indexOf('=');
          overrides.push(eq < 0 ? [value.trim(), ''] : [value.slice(0, eq).trim(), value.slice(eq + 1).trim()]);
        }
        break;
      }
      if (!FLAGS.includes(ch)) {
        proc.stderr.write(`${prog}: invalid option -- '${ch}'\n`);
        fatal(proc, prog, USAGE.replace('postconf', prog));
        return null;
      }
      flags.add(ch);
    }
  }
  return { configDir: dir, overrides, flags, names: args.slice(k) };
}

/** "name = value" as postconf prints it: no trailing space when the value is empty. */
function line(name: string, value: string): string {
  return value === '' ? `${name} =\n` : `${name} = ${value}\n`;
}

export const postconf: Program = async (proc) => {
  const prog = proc.argv[0] ?? 'postconf';
  const opts = parseArgs(proc, prog);
  if (opts === null) return 1;
  const dir = configDir(proc, opts.configDir);
  const f = opts.flags;
  const edit = f.has('e') || f.has('#') || f.has('X') || (opts.names.length > 0 && opts.names[0].includes('=') && !f.has('M'));
  if (f.has('M')) return showMaster(proc, prog, dir, opts.names);
  if (f.has('l')) {
    proc.stdout.write('flock\nfcntl\ndotlock\n');
    return 0;
  }
  // Debian builds the Cyrus and Dovecot SASL server plug-ins, and the Cyrus client.
  if (f.has('a') || f.has('A')) {
    proc.stdout.write(f.has('a') ? 'cyrus\ndovecot\n' : 'cyrus\n');
    return 0;
  }
  if (edit) return editMode(proc, prog, dir, opts);

  const defaultsOnly = f.has('d');
  if (!defaultsOnly) {
    const missing = mainCfMissing(proc, dir);
    if (missing !== null) return fatal(proc, prog, missing);
  }
  const read = loadMainCf(proc, dir);
  if (!defaultsOnly && read.fatal !== null) return fatal(proc, prog, read.fatal);
  const loaded = opts.overrides.length > 0 ? read.withOverrides(opts.overrides) : read;
  const cfg = defaultsOnly ? loaded.defaults() : loaded;

  const valueOf = (name: string): string => {
    const v = f.has('x') ? cfg.expand(name) : (cfg.value(name) ?? '');
    return v;
  };
  const print = (name: string): void => {
    if (f.has('H')) proc.stdout.write(`${name}\n`);
    else if (f.has('h')) proc.stdout.write(`${valueOf(name)}\n`);
    else proc.stdout.write(line(name, valueOf(name)));
  };

  if (opts.names.length > 0) {
    for (const name of opts.names) {
      if (cfg.isKnown(name) || (!defaultsOnly && isUserParameter(loaded, name))) print(name);
      else warn(proc, prog, `${name}: unknown parameter`);
    }
  } else if (f.has('n')) {
    for (const name of cfg.explicit().keys()) if (cfg.isKnown(name) || isUserParameter(loaded, name)) print(name);
  } else {
    const names = new Set(cfg.knownNames());
    if (!defaultsOnly) for (const n of loaded.explicit().keys()) if (isUserParameter(loaded, n)) names.add(n);
    for (const name of [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) print(name);
  }
  if (!defaultsOnly) warnUnused(proc, prog, loaded, dir);
  return 0;
};

/** A main.cf parameter Postfix does not know but that another setting uses as $name. */
function isUserParameter(cfg: PostfixConfig, name: string): boolean {
  return cfg.raw(name) !== undefined && !cfg.isKnown(name) && !cfg.unusedParameters().some((e) => e.name === name);
}

/** "/usr/sbin/postconf: warning: /etc/postfix/main.cf: unused parameter: myhostnam=oops". */
export function unusedWarnings(cfg: PostfixConfig, services: readonly MasterService[], dir: string): string[] {
  const names = services.map((s) => s.service);
  const other = services.flatMap((s) => s.overrides.map(([, v]) => v));
  return cfg.unusedParameters(names, other).map((e) => `${dir}/main.cf: unused parameter: ${e.name}=${e.value}`);
}

function warnUnused(proc: Process, prog: string, cfg: PostfixConfig, dir: string): void {
  const master = readMasterCf(proc.host.fs, `${dir}/master.cf`);
  for (const w of unusedWarnings(cfg, master.services, dir)) warn(proc, prog, w);
}

function editMode(proc: Process, prog: string, dir: string, opts: PostconfOptions): number {
  const f = opts.flags;
  const exclude = f.has('#') || f.has('X');
  if (!exclude && opts.names.length === 0) return fatal(proc, prog, '-e requires name=value argument');
  if (opts.names.length === 0) return fatal(proc, prog, 'missing service argument');
  const edits = new Map<string, MainCfEdit>();
  for (const arg of opts.names) {
    if (arg.includes('\n')) return fatal(proc, prog, '-e, -X, or -# accepts no multi-line input');
    const cp = arg.trimStart();
    if (cp.startsWith('#')) return fatal(proc, prog, '-e, -X, or -# accepts no comment input');
    let edit: MainCfEdit;
    if (exclude) {
      if (cp === '') return fatal(proc, prog, '-X or -# requires non-blank parameter names');
      if (cp.includes('=')) return fatal(proc, prog, '-X or -# requires parameter names without value');
      edit = { op: f.has('X') ? 'remove' : 'comment', name: cp.trimEnd() };
    } else {
      // split_nameval(), as for main.cf lines.
      const parsed = parseMainCf(cp + '\n');
      const e = parsed.entries[0];
      if (parsed.error !== null || e === undefined) {
        const why = parsed.error === null ? 'missing attribute name' : parsed.error.message.replace(/: ".*$/s, '');
        return fatal(proc, prog, `${why}: "${cp}"`);
      }
      edit = { op: 'set', name: e.name, value: e.value };
    }
    const earlier = edits.get(edit.name);
    if (earlier !== undefined) warn(proc, prog, `ignoring earlier request: '${edit.name} = ${earlier.op === 'set' ? earlier.value : '(null)'}'`);
    edits.delete(edit.name);
    edits.set(edit.name, edit);
  }
  const missing = mainCfMissing(proc, dir);
  const path = `${dir}/main.cf`;
  if (!proc.host.fs.access(dir, 2, proc.cred).ok) return fatal(proc, prog, `open ${path}.tmp: Permission denied`);
  if (missing !== null) return fatal(proc, prog, missing.replace(`open ${path}:`, `open ${path} for reading:`));
  const done = editMainCf(proc.host.fs, [...edits.values()], proc.cred, path);
  if (done === null) return fatal(proc, prog, `open ${path}.tmp: Permission denied`);
  for (const w of done.warnings) warn(proc, prog, w);
  return 0;
}

/** postconf -M [service[/type]...]: master.cf entries in postconf's column layout. */
function showMaster(proc: Process, prog: string, dir: string, filters: readonly string[]): number {
  const master = readMasterCf(proc.host.fs, `${dir}/master.cf`);
  if (!master.ok) return fatal(proc, prog, master.error);
  const columns = [0, 11, 17, 25, 33, 41, 49, 57];
  const format = (s: MasterService): string => {
    const fields = [s.service, s.type, s.private, s.unpriv, s.chroot, s.wakeup, s.maxproc, s.command];
    let out = '';
    fields.forEach((v, i) => {
      if (out.length > 0) {
        do out += ' ';
        while (out.length < columns[i]);
      }
      out += v;
    });
    for (let k = 0; k < s.args.length; k++) {
      const a = s.args[k];
      out += ' ' + a;
      if (a === '-o' && k + 1 < s.args.length) out += ' ' + s.args[++k];
    }
    return out + '\n';
  };
  const matched = new Array<number>(filters.length).fill(0);
  for (const s of master.services) {
    if (filters.length === 0) {
      proc.stdout.write(format(s));
      continue;
    }
    filters.forEach((flt, i) => {
      const [name, type] = flt.split('/');
      if (name === s.service && (type === undefined || type === s.type)) {
        matched[i]++;
        proc.stdout.write(format(s));
      }
    });
  }
  filters.forEach((flt, i) => {
    if (matched[i] === 0) warn(proc, prog, `unmatched request: "${flt}"`);
  });
  return 0;
}
