// Word expansion in bash's order (bash(1) "EXPANSION"): tilde, parameter, command
// substitution and arithmetic (left to right), then field splitting on IFS of the unquoted
// results, pathname expansion, and quote removal. Each field is built twice: its text, and a
// glob pattern where quoted characters are escaped, so `"*".txt` never globs but `$x` can.
import type { ParamExp, Word, WordPart } from '../syntax/ast.ts';
import { evaluate } from './arithmetic.ts';
import { braceExpand } from './brace.ts';
import { ExpandError, type ExpandEnv } from './environment.ts';
import { glob } from './glob.ts';
import { hasGlobChars, quotePattern, removeAffix, replacePattern } from './pattern.ts';
import { caseChange, substring } from './param.ts';

type Mode = 'fields' | 'string' | 'pattern';

interface Field {
  text: string;
  pat: string;
}

const IFS_WHITE = ' \t\n';

class Expander {
  private fields: Field[] = [];
  private cur: Field | null = null;
  /** The last delimiter was IFS white space: a following `:` joins it (no empty field). */
  private wsDelim = false;

  constructor(
    private readonly env: ExpandEnv,
    private readonly mode: Mode,
  ) {}

  private ensure(): Field {
    if (!this.cur) this.cur = { text: '', pat: '' };
    this.wsDelim = false;
    return this.cur;
  }

  private addQuoted(s: string): void {
    const f = this.ensure();
    f.text += s;
    f.pat += quotePattern(s);
  }

  /** Unquoted literal text of the source: glob characters stay active. */
  private addLiteral(s: string): void {
    const f = this.ensure();
    f.text += s;
    f.pat += s;
  }

  private endField(): void {
    if (this.cur) this.fields.push(this.cur);
    this.cur = null;
  }

  /** The unquoted result of an expansion: split on IFS (fields mode), globbable. */
  private addExpansion(s: string): void {
    if (s === '') return;
    if (this.mode !== 'fields') {
      this.addLiteral(s);
      return;
    }
    const ifs = this.env.getVar('IFS') ?? IFS_WHITE;
    if (ifs === '') {
      this.addLiteral(s.replace(/\\/g, '\\\\'));
      return;
    }
    for (const c of s) {
      if (ifs.includes(c)) {
        if (IFS_WHITE.includes(c)) {
          if (this.cur) {
            this.endField();
            this.wsDelim = true;
          }
        } else {
          if (this.cur) this.endField();
          else if (!this.wsDelim) this.fields.push({ text: '', pat: '' });
          this.wsDelim = false;
        }
        continue;
      }
      const f = this.ensure();
      f.text += c;
      f.pat += c === '\\' ? '\\\\' : c;
    }
  }

  private add(s: string, quoted: boolean): void {
    if (quoted) this.addQuoted(s);
    else this.addExpansion(s);
  }

  async word(word: Word): Promise<void> {
    let parts = word.parts;
    const first = parts[0];
    if (first && first.type === 'lit' && !first.quoted && first.value.startsWith('~')) {
      const slash = first.value.indexOf('/');
      if (slash >= 0 || parts.length === 1) {
        const prefix = slash >= 0 ? first.value.slice(0, slash) : first.value;
        const home = this.tilde(prefix.slice(1));
        if (home !== null) {
          this.addQuoted(home);
          const rest = first.value.slice(prefix.length);
          parts = rest ? [{ type: 'lit', value: rest, quoted: false }, ...parts.slice(1)] : parts.slice(1);
        }
      }
    }
    await this.parts(parts, false);
  }

  private tilde(user: string): string | null {
    if (user === '') return this.env.getVar('HOME') ?? this.env.homeDir(null);
    if (user === '+') return this.env.getVar('PWD') ?? null;
    if (user === '-') return this.env.getVar('OLDPWD') ?? null;
    if (!/^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/.test(user)) return null;
    return this.env.homeDir(user);
  }

  async parts(parts: readonly WordPart[], quoted: boolean): Promise<void> {
    for (const part of parts) await this.part(part, quoted);
  }

  private async part(part: WordPart, quoted: boolean): Promise<void> {
    switch (part.type) {
      case 'lit':
        if (part.quoted || quoted) this.addQuoted(part.value);
        else this.addLiteral(part.value);
        return;
      case 'sq':
        this.addQuoted(part.value);
        return;
      case 'dq': {
        // "" is an (empty) field; "$@" with no positional parameters is none at all.
        const onlyAt = part.parts.length === 1 && part.parts[0].type === 'param' && part.parts[0].name === '@' && !part.parts[0].op && !part.parts[0].length;
        if (!onlyAt) this.ensure();
        await this.parts(part.parts, true);
        return;
      }
      case 'param':
        await this.param(part, quoted);
        return;
      case 'cmdsub': {
        const out = await this.env.commandSubst(part.body);
        this.add(out, quoted);
        return;
      }
      case 'arith': {
        const text = await expandString({ parts: part.parts }, this.env);
        this.add(String(arith(text, this.env)), quoted);
        return;
      }
    }
  }

  private lookup(name: string): string | undefined {
    if (/^[0-9]+$/.test(name)) {
      if (name === '0') return this.env.special('0');
      return this.env.params()[Number(name) - 1];
    }
    switch (name) {
      case '?':
      case '$':
      case '-':
        return this.env.special(name);
      case '!': {
        const v = this.env.special('!');
        return v === '' ? undefined : v;
      }
      case '#':
        return String(this.env.params().length);
      case '@':
      case '*': {
        const p = this.env.params();
        if (p.length === 0) return undefined;
        const ifs = this.env.getVar('IFS');
        return p.join(name === '*' ? (ifs === undefined ? ' ' : ifs.slice(0, 1)) : ' ');
      }
      default:
        return this.env.getVar(name);
    }
  }

  private unbound(name: string): never {
    throw new ExpandError('%s: unbound variable', [name], 'exit', `${name}: parameter not set`);
  }

  private async param(p: ParamExp, quoted: boolean): Promise<void> {
    if (p.bad !== undefined) throw new ExpandError('%s: bad substitution', [p.bad], 'line', 'Bad substitution');
    const name = p.name;
    const multi = name === '@' || name === '*';
    if (p.length) {
      if (multi) this.add(String(this.env.params().length), quoted);
      else {
        const v = this.lookup(name);
        if (v === undefined && this.env.nounset) this.unbound(name);
        this.add(String([...(v ?? '')].length), quoted);
      }
      return;
    }
    if (multi && !p.op) {
      this.positional(name, quoted);
      return;
    }
    const value = this.lookup(name);
    const op = p.op;
    if (!op) {
      if (value === undefined && this.env.nounset && name !== '!') this.unbound(name);
      this.add(value ?? '', quoted);
      return;
    }
    const colon = op.startsWith(':') && op.length === 2;
    const missing = value === undefined || (colon && value === '');
    switch (op) {
      case ':-':
      case '-':
        if (missing) await this.parts(p.arg!.parts, quoted);
        else this.add(value, quoted);
        return;
      case ':=':
      case '=': {
        if (!missing) {
          this.add(value, quoted);
          return;
        }
        const v = await expandString(p.arg!, this.env);
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
          throw new ExpandError('$%s: cannot assign in this way', [name], 'line', `${name}: bad variable name`);
        }
        if (!this.env.setVar(name, v)) throw new ExpandError('%s: readonly variable', [name], 'line', `${name}: is read only`);
        this.add(v, quoted);
        return;
      }
      case ':?':
      case '?': {
        if (!missing) {
          this.add(value, quoted);
          return;
        }
        if (p.arg!.parts.length) {
          const text = await expandString(p.arg!, this.env);
          throw new ExpandError('%s: %s', [name, text], 'exit', `${name}: ${text}`);
        }
        if (colon) throw new ExpandError('%s: parameter null or not set', [name], 'exit', `${name}: parameter not set or null`);
        throw new ExpandError('%s: parameter not set', [name], 'exit', `${name}: parameter not set`);
      }
      case ':+':
      case '+':
        if (!missing) await this.parts(p.arg!.parts, quoted);
        return;
    }
    if (value === undefined && this.env.nounset) this.unbound(name);
    const v = value ?? '';
    switch (op) {
      case '#':
      case '##':
      case '%':
      case '%%': {
        const pat = await expandPattern(p.arg!, this.env);
        this.add(removeAffix(v, pat, op.startsWith('%'), op.length === 2), quoted);
        return;
      }
      case '/':
      case '//':
      case '/#':
      case '/%': {
        const pat = await expandPattern(p.arg!, this.env);
        const rep = await expandString(p.repl!, this.env);
        this.add(replacePattern(v, pat, rep, op), quoted);
        return;
      }
      case '^':
      case '^^':
      case ',':
      case ',,': {
        const pat = p.arg!.parts.length ? await expandPattern(p.arg!, this.env) : null;
        this.add(caseChange(v, op, pat), quoted);
        return;
      }
      case ':': {
        const off = arith(await expandString(p.offset!, this.env), this.env);
        const len = p.count ? arith(await expandString(p.count, this.env), this.env) : null;
        const r = substring(v, off, len);
        if (r === null) throw new ExpandError('%s: substring expression < 0', [String(len)], 'line', 'Bad substitution');
        this.add(r, quoted);
        return;
      }
    }
  }

  /** $@ and $*: one field per positional parameter, except "$*" which joins them. */
  private positional(name: string, quoted: boolean): void {
    const params = this.env.params();
    if (this.mode !== 'fields' || (quoted && name === '*')) {
      const ifs = this.env.getVar('IFS');
      const sep = name === '*' && this.mode === 'fields' ? (ifs === undefined ? ' ' : ifs.slice(0, 1)) : ' ';
      if (params.length) this.add(params.join(sep), quoted);
      return;
    }
    params.forEach((p, i) => {
      if (i > 0) {
        if (quoted) {
          this.fields.push(this.ensure());
          this.cur = null;
        } else this.endField();
      }
      this.add(p, quoted);
    });
  }

  finishFields(): string[] {
    this.endField();
    const out: string[] = [];
    for (const f of this.fields) {
      if (!this.env.noglob && hasGlobChars(f.pat)) {
        const matches = glob(f.pat, this.env.globFs, (a, b) => this.env.compare(a, b));
        if (matches.length) {
          out.push(...matches);
          continue;
        }
      }
      out.push(f.text);
    }
    return out;
  }

  finishString(): string {
    this.endField();
    return this.fields.map((f) => f.text).join('');
  }

  finishPattern(): string {
    this.endField();
    return this.fields.map((f) => f.pat).join('');
  }
}

function arith(text: string, env: ExpandEnv): bigint {
  const r = evaluate(text, { get: (n) => env.getVar(n), set: (n, v) => void env.setVar(n, v) });
  if (!r.ok) throw arithError(r);
  return r.value;
}

/** bash: `1/0: division by 0 (error token is "0")`; dash: `arithmetic expression: ...: "1/0"`. */
export function arithError(r: { expr: string; error: string; token: string }): ExpandError {
  const dash = r.error === 'division by 0' ? 'division by zero' : 'expecting primary';
  return new ExpandError('%s%s%s: %s (error token is "%s")', ['', '', r.expr, r.error, r.token], 'line', `arithmetic expression: ${dash}: "${r.expr}"`);
}

/** Evaluate arithmetic text (after its own expansion): (( )), let, ${x:off}. */
export function evaluateArithmetic(text: string, env: ExpandEnv): bigint {
  return arith(text, env);
}

/** Command words and `for` lists: split, globbed, quotes removed. */
export async function expandFields(words: readonly Word[], env: ExpandEnv): Promise<string[]> {
  const out: string[] = [];
  for (const word of words) {
    for (const w of env.braceExpand ? braceExpand(word) : [word]) {
      const ex = new Expander(env, 'fields');
      await ex.word(w);
      out.push(...ex.finishFields());
    }
  }
  return out;
}

/** Assignments, here-strings, case subjects: no splitting, no globbing. */
export async function expandString(word: Word, env: ExpandEnv, opts: { tilde?: boolean } = {}): Promise<string> {
  const ex = new Expander(env, 'string');
  if (opts.tilde) await ex.word(word);
  else await ex.parts(word.parts, false);
  return ex.finishString();
}

/** A pattern (case, ${x#pat}, [[ == ]]): quoted parts match literally. */
export async function expandPattern(word: Word, env: ExpandEnv): Promise<string> {
  const ex = new Expander(env, 'pattern');
  await ex.word(word);
  return ex.finishPattern();
}

/** A here-document body (unquoted delimiter): expansions, no splitting. */
export async function expandHereDoc(parts: readonly WordPart[], env: ExpandEnv): Promise<string> {
  const ex = new Expander(env, 'string');
  await ex.parts(parts, true);
  return ex.finishString();
}
