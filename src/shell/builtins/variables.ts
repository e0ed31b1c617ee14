// export, readonly, unset, local, declare/typeset: variable attributes and their listings
// (`declare -x NAME="value"` as bash prints them, `export NAME='value'` as dash does).
import type { Builtin, ShellApi } from '../interp/api.ts';
import type { FdTable } from '../interp/fds.ts';
import { printFunction } from '../syntax/printer.ts';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** bash's double-quoted form in declare listings: \ " $ ` are escaped. */
function bashQuote(v: string): string {
  return `"${v.replace(/[\\"$`]/g, '\\$&')}"`;
}

function dashQuote(v: string): string {
  return `'${v.replace(/'/g, "'\\''")}'`;
}

function invalid(sh: ShellApi, io: FdTable, name: string, word: string): void {
  if (sh.dash) sh.error(io, `${name}: ${word}: bad variable name`);
  else sh.builtinError(io, name, sh.msg.t("`%s': not a valid identifier", word));
}

function declareLine(sh: ShellApi, name: string, flags: string): string {
  const v = sh.vars.attrs(name);
  const value = v?.value;
  return `declare -${flags} ${name}${value === undefined ? '' : `=${bashQuote(value)}`}\n`;
}

/** Flags bash shows for a variable in `declare -p`. */
function flagsOf(sh: ShellApi, name: string): string {
  const v = sh.vars.attrs(name);
  let f = '';
  if (v?.readonly) f += 'r';
  if (v?.exported) f += 'x';
  return f || '-';
}

/** Parses leading options; returns null (after the usage message) for an unknown one. */
function options(sh: ShellApi, io: FdTable, name: string, args: string[], allowed: string, usage: string): { opts: Set<string>; rest: string[] } | null {
  const opts = new Set<string>();
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      i++;
      break;
    }
    if (!/^[-+][A-Za-z]+$/.test(a)) break;
    for (const c of a.slice(1)) {
      if (!allowed.includes(c)) {
        sh.builtinError(io, name, sh.msg.t('%s: invalid option', `-${c}`));
        sh.usage(io, name, usage);
        return null;
      }
      opts.add(a[0] === '+' ? `+${c}` : c);
    }
  }
  return { opts, rest: args.slice(i) };
}

/** NAME or NAME=value: assign/mark with `mark`; status 1 on any invalid word. */
function assignWords(sh: ShellApi, io: FdTable, builtin: string, words: string[], mark: (name: string) => void): number {
  let status = 0;
  for (const w of words) {
    const eq = w.indexOf('=');
    const plus = eq > 0 && w[eq - 1] === '+';
    const name = eq < 0 ? w : w.slice(0, plus ? eq - 1 : eq);
    if (!NAME.test(name)) {
      invalid(sh, io, builtin, w);
      status = 1;
      continue;
    }
    if (eq >= 0) {
      const value = (plus ? (sh.vars.get(name) ?? '') : '') + w.slice(eq + 1);
      if (!sh.assign(io, name, value)) {
        status = 1;
        continue;
      }
    }
    mark(name);
  }
  return status;
}

export const exportBuiltin: Builtin = (sh, argv, io) => {
  const parsed = options(sh, io, 'export', argv.slice(1), 'fnp', 'export [-fn] [name[=value] ...] or export -p');
  if (!parsed) return 2;
  const { opts, rest } = parsed;
  if (rest.length === 0) {
    for (const name of sh.vars.names()) {
      const v = sh.vars.attrs(name)!;
      if (!v.exported) continue;
      if (sh.dash) io.stdout.write(`export ${name}${v.value === undefined ? '' : `=${dashQuote(v.value)}`}\n`);
      else io.stdout.write(declareLine(sh, name, flagsOf(sh, name)));
    }
    return 0;
  }
  return assignWords(sh, io, 'export', rest, (name) => sh.vars.setExported(name, !opts.has('n')));
};

export const readonlyBuiltin: Builtin = (sh, argv, io) => {
  const parsed = options(sh, io, 'readonly', argv.slice(1), 'aAfp', 'readonly [-aAf] [name[=value] ...] or readonly -p');
  if (!parsed) return 2;
  if (parsed.rest.length === 0) {
    for (const name of sh.vars.names()) {
      const v = sh.vars.attrs(name)!;
      if (!v.readonly) continue;
      if (sh.dash) io.stdout.write(`readonly ${name}${v.value === undefined ? '' : `=${dashQuote(v.value)}`}\n`);
      else io.stdout.write(declareLine(sh, name, flagsOf(sh, name)));
    }
    return 0;
  }
  return assignWords(sh, io, 'readonly', parsed.rest, (name) => sh.vars.setReadonly(name));
};

export const unsetBuiltin: Builtin = (sh, argv, io) => {
  const parsed = options(sh, io, 'unset', argv.slice(1), 'fvn', 'unset [-f] [-v] [-n] [name ...]');
  if (!parsed) return 2;
  let status = 0;
  for (const name of parsed.rest) {
    if (parsed.opts.has('f')) {
      sh.functions.delete(name);
      continue;
    }
    if (!NAME.test(name)) {
      invalid(sh, io, 'unset', name);
      status = 1;
      continue;
    }
    if (sh.vars.get(name) === undefined && !sh.vars.attrs(name) && !parsed.opts.has('v') && sh.functions.has(name)) {
      sh.functions.delete(name);
      continue;
    }
    if (!sh.vars.unset(name)) {
      if (sh.dash) sh.error(io, `unset: ${name}: is read only`);
      else sh.builtinError(io, 'unset', sh.msg.t('%s: cannot unset: readonly %s', name, 'variable'));
      status = 1;
    }
  }
  return status;
};

export const localBuiltin: Builtin = (sh, argv, io) => {
  if (!sh.vars.inFunction) {
    sh.builtinError(io, 'local', sh.dash ? 'not in a function' : sh.msg.t('can only be used in a function'));
    return sh.dash ? 2 : 1;
  }
  const parsed = options(sh, io, 'local', argv.slice(1), 'aAfFgiIlnrtux', 'local [option] name[=value] ...');
  if (!parsed) return 2;
  for (const w of parsed.rest) {
    const name = w.split('=')[0].replace(/\+$/, '');
    if (NAME.test(name)) sh.vars.makeLocal(name);
  }
  return assignWords(sh, io, 'local', parsed.rest, (name) => {
    if (parsed.opts.has('x')) sh.vars.setExported(name, true);
    if (parsed.opts.has('r')) sh.vars.setReadonly(name);
  });
};

export const declareBuiltin: Builtin = (sh, argv, io) => {
  const name = argv[0];
  const parsed = options(sh, io, name, argv.slice(1), 'aAfFgiIlnprtux', `${name} [-aAfFgiIlnrtux] [name[=value] ...] or ${name} -p [-aAfFilnrtux] [name ...]`);
  if (!parsed) return 2;
  const { opts, rest } = parsed;
  if (opts.has('f') || opts.has('F')) {
    const names = rest.length ? rest : [...sh.functions.keys()].sort();
    let status = 0;
    for (const n of names) {
      if (!sh.functions.has(n)) {
        status = 1;
        continue;
      }
      io.stdout.write(opts.has('F') ? `declare -f ${n}\n` : `${printFunction(n, sh.functions.get(n)!)}\n`);
    }
    return status;
  }
  if (opts.has('p') || rest.length === 0) {
    const names = rest.length ? rest : sh.vars.names();
    let status = 0;
    for (const n of names) {
      const v = sh.vars.attrs(n);
      if (!v) {
        sh.builtinError(io, name, sh.msg.t('%s: not found', n));
        status = 1;
        continue;
      }
      if (opts.has('x') && !v.exported) continue;
      if (opts.has('r') && !v.readonly) continue;
      if (rest.length === 0 && !opts.has('p') && !opts.size) io.stdout.write(`${n}=${v.value === undefined ? '' : v.value}\n`);
      else io.stdout.write(declareLine(sh, n, flagsOf(sh, n)));
    }
    return status;
  }
  if (sh.vars.inFunction && !opts.has('g')) {
    for (const w of rest) {
      const n = w.split('=')[0].replace(/\+$/, '');
      if (NAME.test(n)) sh.vars.makeLocal(n);
    }
  }
  return assignWords(sh, io, name, rest, (n) => {
    if (opts.has('x')) sh.vars.setExported(n, true);
    if (opts.has('+x')) sh.vars.setExported(n, false);
    if (opts.has('r')) sh.vars.setReadonly(n);
  });
};
