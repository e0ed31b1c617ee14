// A recursive-descent parser for the bash grammar subset (bash(1) "SHELL GRAMMAR"; POSIX XCU
// 2.10). Reserved words are recognised only where a command may start; aliases are expanded
// there too (bash does it while reading). Errors are returned as values, never thrown.
import type {
  AndOr, Assign, CaseItem, Command, Group, Pipeline, Redirect, RedirOp, Script, SimpleCommand, Statement, Word, WordPart,
} from './ast.ts';
import { literalText, plainText } from './ast.ts';
import { SyntaxFault, type SyntaxProblem } from './fault.ts';
import { Lexer, type HereDocWarning, type Token } from './lexer.ts';

export type ParseResult =
  | { ok: true; script: Script; warnings: HereDocWarning[] }
  | { ok: false; problem: SyntaxProblem };

export interface ParseOptions {
  firstLine?: number;
  /** A script file or -c string: end of input ends here-documents (with a warning). */
  final?: boolean;
  /** Alias table (interactive shells); looked up for the first word of simple commands. */
  aliases?: ReadonlyMap<string, string>;
}

const REDIR_OPS = new Set(['<', '>', '>>', '<<', '<<-', '<<<', '>&', '<&', '<>', '>|', '&>', '&>>']);
/** Words that end a list: they may not start a command. */
const CLOSERS = new Set(['then', 'elif', 'else', 'fi', 'do', 'done', 'esac', '}']);
const ASSIGN = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/;

export function parse(source: string, opts: ParseOptions = {}): ParseResult {
  const parser = new Parser(source, opts);
  try {
    const script = parser.parseProgram();
    return { ok: true, script, warnings: parser.lexer.warnings };
  } catch (e) {
    if (e instanceof SyntaxFault) return { ok: false, problem: e.problem };
    throw e;
  }
}

/**
 * Text expanded like a here-document body: $x, ${...}, $(...), `...`, $((...)) and backslash
 * escapes of $ ` \ (PS1 after its backslash escapes). null if it does not parse.
 */
export function parseTemplate(text: string): WordPart[] | null {
  const parser = new Parser(text, { final: true });
  try {
    return parser.lexer.readDqParts(null);
  } catch (e) {
    if (e instanceof SyntaxFault) return null;
    throw e;
  }
}

export type LineResult =
  | { ok: true; script: Script; warnings: HereDocWarning[] }
  | { ok: true; script: null }
  | { ok: false; problem: SyntaxProblem };

/**
 * Reads a script one complete command line at a time, as bash does: the commands before a
 * syntax error run, and an error (or `exit`) stops the rest without parsing it.
 */
export class ScriptReader {
  private readonly parser: Parser;

  constructor(source: string, opts: ParseOptions = {}) {
    this.parser = new Parser(source, { final: true, ...opts });
  }

  /** The next command line, null at the end. */
  next(): LineResult {
    const warnings = this.parser.lexer.warnings;
    const before = warnings.length;
    try {
      const script = this.parser.parseLine();
      if (script === null) return { ok: true, script: null };
      return { ok: true, script, warnings: warnings.slice(before) };
    } catch (e) {
      if (e instanceof SyntaxFault) return { ok: false, problem: e.problem };
      throw e;
    }
  }

  /** Aliases defined by the script apply to the lines read after. */
  setAliases(aliases: ReadonlyMap<string, string>): void {
    this.parser.setAliases(aliases);
  }
}

class Parser {
  readonly lexer: Lexer;
  private peeked: Token | null = null;

  constructor(
    source: string | Lexer,
    private opts: ParseOptions,
  ) {
    this.lexer =
      typeof source === 'string'
        ? new Lexer(source, this.hooks(), opts.firstLine ?? 1, opts.final ?? false)
        : source;
  }

  private hooks() {
    const opts = this.opts;
    return {
      parseSubstitution: (lexer: Lexer): Script => {
        const sub = new Parser(lexer, opts);
        const script = sub.parseList(new Set(), true);
        const t = sub.next();
        if (t.kind === 'eof') throw new SyntaxFault({ kind: 'incomplete', line: t.line, quote: ')' });
        if (!(t.kind === 'op' && t.op === ')')) sub.unexpected(t);
        return script;
      },
      parseNested: (source: string, firstLine: number): Script => {
        const sub = new Parser(source, { ...opts, firstLine });
        return sub.parseProgram();
      },
    };
  }

  setAliases(aliases: ReadonlyMap<string, string>): void {
    this.opts = { ...this.opts, aliases };
  }

  /** One command line: the statements up to a newline at top level (here-documents included). */
  parseLine(): Script | null {
    this.skipNewlines();
    if (this.peek().kind === 'eof') return null;
    return this.parseList(new Set(), false, true);
  }

  parseProgram(): Script {
    const script = this.parseList(new Set(), false);
    const t = this.peek();
    if (t.kind !== 'eof') this.unexpected(t);
    return script;
  }

  private peek(): Token {
    if (!this.peeked) this.peeked = this.lexer.next();
    return this.peeked;
  }

  private next(): Token {
    const t = this.peek();
    this.peeked = null;
    return t;
  }

  private isOp(t: Token, ...ops: string[]): boolean {
    return t.kind === 'op' && ops.includes(t.op);
  }

  private isWord(t: Token, ...words: string[]): boolean {
    return t.kind === 'word' && words.includes(plainText(t.word) ?? '\0');
  }

  /** The closing words the constructs being parsed wait for (dash names the innermost). */
  private readonly expecting: string[] = [];

  private expect<T>(word: string, fn: () => T): T {
    this.expecting.push(word);
    try {
      return fn();
    } finally {
      this.expecting.pop();
    }
  }

  private unexpected(t: Token): never {
    if (t.kind === 'eof') {
      const expecting = this.expecting[this.expecting.length - 1];
      throw new SyntaxFault({ kind: 'incomplete', line: t.line, ...(expecting ? { expecting } : {}) });
    }
    const token = t.kind === 'op' ? (t.op === '\n' ? 'newline' : t.op) : t.raw;
    throw new SyntaxFault({ kind: 'unexpected', line: t.line, token });
  }

  private skipNewlines(): void {
    while (this.isOp(this.peek(), '\n')) this.next();
  }

  /**
   * A list of statements, up to a closing reserved word in `stopWords`, a `)` when `inParens`,
   * a `;;` (case items), or the end of input. Bash requires at least one command inside
   * compound commands; the caller checks emptiness where it matters.
   */
  private parseList(stopWords: Set<string>, inParens: boolean, oneLine = false): Script {
    const statements: Statement[] = [];
    if (!oneLine) this.skipNewlines();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') break;
      if (this.isOp(t, ')') && inParens) break;
      if (this.isOp(t, ';;', ';&', ';;&') && stopWords.has('esac')) break;
      if (t.kind === 'word') {
        const w = plainText(t.word);
        if (w !== null && stopWords.has(w)) break;
      }
      const start = t.start;
      const andOr = this.parseAndOr();
      let background = false;
      const sep = this.peek();
      if (this.isOp(sep, '&')) {
        background = true;
        this.next();
      } else if (this.isOp(sep, ';')) this.next();
      else if (this.isOp(sep, '\n')) {
        /* consumed below */
      } else if (sep.kind !== 'eof' && !(this.isOp(sep, ')') && inParens) && !this.isOp(sep, ';;', ';&', ';;&')) {
        if (!(sep.kind === 'word' && stopWords.has(plainText(sep.word) ?? '\0'))) this.unexpected(sep);
      }
      statements.push({ andOr, background, text: this.lexer.src.slice(start, sep.start).trim() });
      if (oneLine) {
        if (this.isOp(this.peek(), '\n')) {
          this.next();
          break;
        }
        continue;
      }
      this.skipNewlines();
    }
    return { statements };
  }

  private parseAndOr(): AndOr {
    const first = this.parsePipeline();
    const rest: AndOr['rest'] = [];
    for (;;) {
      const t = this.peek();
      if (!this.isOp(t, '&&', '||')) break;
      this.next();
      this.skipNewlines();
      rest.push({ op: (t as { op: '&&' | '||' }).op, pipeline: this.parsePipeline() });
    }
    return { type: 'andor', line: first.line, first, rest };
  }

  private parsePipeline(): Pipeline {
    let t = this.peek();
    const line = t.line;
    let negated = false;
    let timed: Pipeline['timed'];
    if (this.isWord(t, 'time')) {
      this.next();
      timed = 'bash';
      t = this.peek();
      if (this.isWord(t, '-p')) {
        this.next();
        timed = 'posix';
        t = this.peek();
      }
      // `time` alone times nothing.
      if (t.kind === 'eof' || this.isOp(t, '\n', ';', '&')) return { type: 'pipeline', line, negated, timed, commands: [] };
    }
    while (this.isWord(t, '!')) {
      this.next();
      negated = !negated;
      t = this.peek();
    }
    const commands: Command[] = [this.parseCommand()];
    for (;;) {
      const p = this.peek();
      if (!this.isOp(p, '|', '|&')) break;
      this.next();
      if ((p as { op: string }).op === '|&') {
        // cmd |& cmd2 is cmd 2>&1 | cmd2
        const prev = commands[commands.length - 1];
        if ('redirs' in prev) prev.redirs.push({ op: '>&', fd: 2, target: { parts: [{ type: 'lit', value: '1', quoted: false }] }, raw: '1' });
      }
      this.skipNewlines();
      commands.push(this.parseCommand());
    }
    return { type: 'pipeline', line, negated, commands, ...(timed ? { timed } : {}) };
  }

  private parseCommand(): Command {
    let t = this.peek();
    // Alias expansion of the command word (interactive shells).
    t = this.expandAlias(t, new Set());
    if (t.kind === 'eof') this.unexpected(t);
    if (t.kind === 'op') {
      if (t.op === '(') {
        this.next();
        const p = this.peek();
        if (this.isOp(p, '(') && p.start === t.end) return this.parseArithCommand(t.line);
        return this.withRedirs(this.parseGroupBody(t.line, true));
      }
      if (!REDIR_OPS.has(t.op)) this.unexpected(t);
      return this.parseSimple();
    }
    const w = plainText(t.word);
    switch (w) {
      case 'if':
        return this.withRedirs(this.parseIf());
      case 'while':
      case 'until':
        return this.withRedirs(this.parseWhile(w === 'until'));
      case 'for':
        return this.withRedirs(this.parseFor());
      case 'case':
        return this.withRedirs(this.parseCase());
      case '{': {
        this.next();
        return this.withRedirs(this.parseGroupBody(t.line, false));
      }
      case '[[':
        return this.withRedirs(this.parseTestCommand());
      case 'function':
        return this.parseFunctionKeyword();
      default:
        if (w !== null && CLOSERS.has(w)) this.unexpected(t);
        return this.parseSimple();
    }
  }

  /** Replace an alias by its value; an alias already expanded in this chain stops (ls='ls -F'). */
  private expandAlias(t: Token, seen: Set<string>): Token {
    const aliases = this.opts.aliases;
    if (!aliases || t.kind !== 'word') return t;
    const w = plainText(t.word);
    if (w === null || !aliases.has(w) || seen.has(w)) return t;
    seen.add(w);
    this.peeked = null;
    this.lexer.splice(t.start, t.end, aliases.get(w)!);
    return this.expandAlias(this.peek(), seen);
  }

  private withRedirs<T extends Command>(cmd: T): T {
    if (!('redirs' in cmd)) return cmd;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'op' && REDIR_OPS.has(t.op)) cmd.redirs.push(this.parseRedirect());
      else break;
    }
    return cmd;
  }

  private parseRedirect(): Redirect {
    const t = this.next() as Extract<Token, { kind: 'op' }>;
    const target = this.next();
    if (target.kind !== 'word') this.unexpected(target);
    const op = t.op as RedirOp;
    const redir: Redirect = { op, fd: t.fd, target: target.word, raw: target.raw };
    if (op === '<<' || op === '<<-') {
      const quoted = target.word.parts.some((p) => p.type !== 'lit' || p.quoted);
      const delimiter = literalText(target.word) ?? target.raw;
      redir.heredoc = { quoted, stripTabs: op === '<<-', delimiter, body: [] };
      this.lexer.addHereDoc(redir);
    }
    return redir;
  }

  private parseSimple(): Command {
    const first = this.peek();
    const cmd: SimpleCommand = { type: 'simple', line: first.line, assigns: [], words: [], redirs: [] };
    for (;;) {
      const t = this.peek();
      if (t.kind === 'op') {
        if (REDIR_OPS.has(t.op)) {
          cmd.redirs.push(this.parseRedirect());
          continue;
        }
        if (t.op === '(' && cmd.words.length === 1 && cmd.assigns.length === 0) {
          return this.parseFunctionDef(cmd);
        }
        if (t.op === '(') this.unexpected(t);
        break;
      }
      if (t.kind === 'eof') break;
      this.next();
      if (cmd.words.length === 0) {
        const assign = toAssign(t.word);
        if (assign) {
          cmd.assigns.push(assign);
          continue;
        }
      }
      cmd.words.push(t.word);
    }
    return cmd;
  }

  /** `name () compound-command` */
  private parseFunctionDef(cmd: SimpleCommand): Command {
    const name = literalText(cmd.words[0]) ?? '';
    this.next(); // (
    const close = this.next();
    if (!this.isOp(close, ')')) this.unexpected(close);
    this.skipNewlines();
    const body = this.parseCommand();
    if (body.type === 'simple') {
      throw new SyntaxFault({ kind: 'unexpected', line: body.line, token: body.words[0] ? (literalText(body.words[0]) ?? '') : 'newline' });
    }
    return { type: 'function', line: cmd.line, name, body };
  }

  private parseFunctionKeyword(): Command {
    const kw = this.next();
    const nameTok = this.next();
    if (nameTok.kind !== 'word') this.unexpected(nameTok);
    if (this.isOp(this.peek(), '(')) {
      this.next();
      const close = this.next();
      if (!this.isOp(close, ')')) this.unexpected(close);
    }
    this.skipNewlines();
    const body = this.parseCommand();
    return { type: 'function', line: kw.line, name: nameTok.raw, body };
  }

  /** Expect a reserved word (after optional newlines were handled by the list). */
  private expectWord(word: string): void {
    const t = this.next();
    if (!this.isWord(t, word)) this.unexpected(t);
  }

  private nonEmpty(script: Script, at: Token): Script {
    if (script.statements.length === 0) this.unexpected(at);
    return script;
  }

  private parseIf(): Command {
    const line = this.next().line;
    const clauses: { cond: Script; body: Script }[] = [];
    let elseBody: Script | null = null;
    const condStops = new Set(['then']);
    const bodyStops = new Set(['elif', 'else', 'fi']);
    for (;;) {
      const cond = this.expect('then', () => {
        const list = this.nonEmpty(this.parseList(condStops, false), this.peek());
        this.expectWord('then');
        return list;
      });
      const t = this.expect('fi', () => {
        const body = this.nonEmpty(this.parseList(bodyStops, false), this.peek());
        clauses.push({ cond, body });
        const end = this.next();
        if (this.isWord(end, 'else')) {
          elseBody = this.nonEmpty(this.parseList(new Set(['fi']), false), this.peek());
          this.expectWord('fi');
        } else if (!this.isWord(end, 'elif') && !this.isWord(end, 'fi')) this.unexpected(end);
        return end;
      });
      if (this.isWord(t, 'elif')) continue;
      break;
    }
    return { type: 'if', line, clauses, elseBody, redirs: [] };
  }

  private parseDoGroup(): Script {
    this.expect('do', () => this.expectWord('do'));
    return this.expect('done', () => {
      const body = this.nonEmpty(this.parseList(new Set(['done']), false), this.peek());
      this.expectWord('done');
      return body;
    });
  }

  private parseWhile(until: boolean): Command {
    const line = this.next().line;
    const cond = this.expect('do', () => this.nonEmpty(this.parseList(new Set(['do']), false), this.peek()));
    const body = this.parseDoGroup();
    return { type: 'while', line, until, cond, body, redirs: [] };
  }

  private parseFor(): Command {
    const line = this.next().line;
    const nameTok = this.next();
    if (nameTok.kind !== 'word') this.unexpected(nameTok);
    const name = plainText(nameTok.word);
    if (name === null || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new SyntaxFault({ kind: 'message', line: nameTok.line, message: `\`${nameTok.raw}': not a valid identifier` });
    }
    let items: Word[] | null = null;
    let t = this.peek();
    if (this.isOp(t, ';')) {
      this.next();
    } else {
      this.skipNewlines();
      t = this.peek();
      if (this.isWord(t, 'in')) {
        this.next();
        items = [];
        for (;;) {
          const w = this.peek();
          if (w.kind !== 'word') break;
          this.next();
          items.push(w.word);
        }
        const sep = this.next();
        if (!this.isOp(sep, ';', '\n')) this.unexpected(sep);
      }
    }
    this.skipNewlines();
    const body = this.parseDoGroup();
    return { type: 'for', line, name, items, body, redirs: [] };
  }

  private parseCase(): Command {
    const line = this.next().line;
    const wordTok = this.next();
    if (wordTok.kind !== 'word') this.unexpected(wordTok);
    this.skipNewlines();
    this.expectWord('in');
    const items: CaseItem[] = [];
    const stops = new Set(['esac']);
    for (;;) {
      this.skipNewlines();
      let t = this.next();
      if (this.isWord(t, 'esac')) break;
      if (this.isOp(t, '(')) t = this.next();
      const patterns: Word[] = [];
      for (;;) {
        if (t.kind !== 'word') this.unexpected(t);
        patterns.push(t.word);
        const sep = this.next();
        if (this.isOp(sep, ')')) break;
        if (!this.isOp(sep, '|')) this.unexpected(sep);
        t = this.next();
      }
      const body = this.parseList(stops, false);
      const end = this.next();
      if (this.isWord(end, 'esac')) {
        items.push({ patterns, body, terminator: ';;' });
        break;
      }
      if (!this.isOp(end, ';;', ';&', ';;&')) this.unexpected(end);
      items.push({ patterns, body, terminator: (end as { op: CaseItem['terminator'] }).op });
    }
    return { type: 'case', line, word: wordTok.word, items, redirs: [] };
  }

  private parseGroupBody(line: number, subshell: boolean): Group {
    return this.expect(subshell ? ')' : '}', () => {
      const body = subshell ? this.parseList(new Set(), true) : this.parseList(new Set(['}']), false);
      const end = this.next();
      if (subshell ? !this.isOp(end, ')') : !this.isWord(end, '}')) this.unexpected(end);
      if (body.statements.length === 0) this.unexpected(end);
      return { type: 'group', line, body, subshell, redirs: [] } as Group;
    });
  }

  /** `(( expr ))` : read raw up to the matching `))` as arithmetic text. */
  private parseArithCommand(line: number): Command {
    // The lexer already consumed `((` as two `(` tokens; rewind to just after them.
    const open = this.next();
    this.lexer.pos = open.end;
    const expr = this.lexer.readDqParts('))');
    return this.withRedirs({ type: 'arithcmd', line, expr, redirs: [] });
  }

  private parseTestCommand(): Command {
    const line = this.next().line;
    const words: Word[] = [];
    for (;;) {
      const t = this.next();
      if (t.kind === 'eof') this.unexpected(t);
      if (this.isWord(t, ']]')) break;
      if (t.kind === 'op') {
        // Inside [[ ]], && || ( ) < > are operators of the test, not of the shell.
        if (['&&', '||', '(', ')', '<', '>', '!'].includes(t.op)) {
          words.push({ parts: [{ type: 'lit', value: t.op, quoted: false }] });
          continue;
        }
        this.unexpected(t);
      }
      words.push(t.word);
    }
    return { type: 'testcmd', line, words, redirs: [] };
  }
}

function toAssign(word: Word): Assign | null {
  const first = word.parts[0];
  if (!first || first.type !== 'lit' || first.quoted) return null;
  const m = ASSIGN.exec(first.value);
  if (!m) return null;
  const restFirst = first.value.slice(m[0].length);
  const parts = [...word.parts.slice(1)];
  if (restFirst) parts.unshift({ type: 'lit', value: restFirst, quoted: false });
  const raw = word.raw?.slice(m[0].length);
  return { name: m[1], value: { parts, raw }, append: m[2] === '+' };
}
