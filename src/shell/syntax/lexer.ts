// The tokenizer of the shell language (bash(1) "DEFINITIONS", "QUOTING", "EXPANSION"). It turns
// source text into operators and words; a word keeps its quoting as parts (see ast.ts). Command
// substitutions are parsed recursively through `parseSubstitution`, given by the parser (so the
// lexer does not import it), and here-document bodies are read after the next newline token.
import type { HereDoc, ParamExp, ParamOp, Redirect, Script, Word, WordPart } from './ast.ts';
import { SyntaxFault } from './fault.ts';

export type Token =
  | { kind: 'word'; word: Word; raw: string; start: number; end: number; line: number }
  | { kind: 'op'; op: string; fd: number | null; start: number; end: number; line: number }
  | { kind: 'eof'; start: number; end: number; line: number };

const METACHARS = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')']);
const OPERATORS = [
  ';;&', '&>>', '<<-', '<<<',
  '&&', '||', ';;', ';&', '|&', '>>', '<<', '>&', '<&', '<>', '>|', '&>',
  ';', '&', '|', '(', ')', '<', '>', '\n',
];
const SPECIAL_PARAMS = new Set(['@', '*', '#', '?', '$', '!', '-', '0']);
const PARAM_OPS: ParamOp[] = [':-', ':=', ':+', ':?', '##', '%%', '//', '/#', '/%', '^^', ',,', '-', '=', '+', '?', '#', '%', '/', '^', ',', ':'];

/** bash: "warning: here-document at line N delimited by end-of-file (wanted `EOF')". */
export interface HereDocWarning {
  line: number;
  heredocLine: number;
  delimiter: string;
}

export interface LexerHooks {
  /** Parse a command list up to the closing `)` of `$(`, leaving the lexer after it. */
  parseSubstitution(lexer: Lexer): Script;
  /** Parse a whole nested source (the inside of `...`). */
  parseNested(source: string, firstLine: number): Script;
}

const isNameStart = (c: string): boolean => /[A-Za-z_]/.test(c);
const isNameChar = (c: string): boolean => /[A-Za-z0-9_]/.test(c);

export class Lexer {
  pos = 0;
  line: number;
  /** Here-documents whose bodies start after the next newline. */
  private pending: Redirect[] = [];

  constructor(
    public src: string,
    private readonly hooks: LexerHooks,
    firstLine = 1,
    /** At end of input, here-documents end there (a script) instead of asking for more lines. */
    private readonly final = false,
  ) {
    this.line = firstLine;
  }

  /** Here-documents the end of input closed: bash warns and runs the command anyway. */
  readonly warnings: HereDocWarning[] = [];

  addHereDoc(redir: Redirect): void {
    this.pending.push(redir);
  }

  get hasPendingHereDocs(): boolean {
    return this.pending.length > 0;
  }

  /** Replace source text (alias expansion) and continue lexing at `start`. */
  splice(start: number, end: number, text: string): void {
    this.src = this.src.slice(0, start) + text + this.src.slice(end);
    this.pos = start;
  }

  private peekChar(offset = 0): string {
    return this.src[this.pos + offset] ?? '';
  }

  private incomplete(quote?: string): never {
    throw new SyntaxFault({ kind: 'incomplete', line: this.line, quote });
  }

  /** Skip blanks, line continuations and comments. */
  private skipBlanks(): void {
    for (;;) {
      const c = this.peekChar();
      if (c === ' ' || c === '\t') this.pos++;
      else if (c === '\\' && this.peekChar(1) === '\n') {
        this.continuation();
        this.pos += 2;
        this.line++;
      } else if (c === '#') {
        while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
      } else return;
    }
  }

  next(): Token {
    this.skipBlanks();
    const start = this.pos;
    const line = this.line;
    if (this.pos >= this.src.length) {
      if (this.pending.length > 0) {
        if (this.final) this.readHereDocs();
        else this.incomplete();
      }
      return { kind: 'eof', start, end: start, line };
    }
    // An IO number: digits glued to a redirection operator (2>, 0<).
    const io = /^(\d+)(?=[<>])/.exec(this.src.slice(this.pos, this.pos + 12));
    if (io) {
      this.pos += io[1].length;
      const op = this.readOperator();
      if (op) return { kind: 'op', op, fd: Number(io[1]), start, end: this.pos, line };
      this.pos = start;
    }
    const op = this.readOperator();
    if (op) {
      if (op === '\n') {
        this.line++;
        if (this.pending.length > 0) this.readHereDocs();
      }
      return { kind: 'op', op, fd: null, start, end: this.pos, line };
    }
    const parts = this.readWordParts((c) => METACHARS.has(c), false);
    const raw = this.src.slice(start, this.pos);
    return { kind: 'word', word: { parts, raw }, raw, start, end: this.pos, line };
  }

  private readOperator(): string | null {
    for (const op of OPERATORS) {
      if (this.src.startsWith(op, this.pos)) {
        this.pos += op.length;
        return op;
      }
    }
    return null;
  }

  /**
   * Read word parts until `stop` says so at top level. `inParam` = inside ${...}: blanks are
   * literal there, and a missing `}` is incomplete input.
   */
  readWordParts(stop: (c: string) => boolean, inParam: boolean): WordPart[] {
    const parts: WordPart[] = [];
    let litBuf = '';
    const flush = (): void => {
      if (litBuf) parts.push({ type: 'lit', value: litBuf, quoted: false });
      litBuf = '';
    };
    for (;;) {
      if (this.pos >= this.src.length) {
        if (inParam) this.incomplete('}');
        break;
      }
      const c = this.src[this.pos];
      if (stop(c)) break;
      if (c === '\\') {
        const n = this.peekChar(1);
        if (n === '\n') {
          this.continuation();
          this.pos += 2;
          this.line++;
          continue;
        }
        flush();
        if (n === '') {
          this.pos++;
          parts.push({ type: 'lit', value: '\\', quoted: true });
          continue;
        }
        this.pos += 2;
        parts.push({ type: 'lit', value: n, quoted: true });
        continue;
      }
      if (c === "'") {
        flush();
        this.pos++;
        const end = this.src.indexOf("'", this.pos);
        if (end < 0) this.incomplete("'");
        const value = this.src.slice(this.pos, end);
        this.countLines(value);
        this.pos = end + 1;
        parts.push({ type: 'sq', value });
        continue;
      }
      if (c === '"') {
        flush();
        this.pos++;
        const inner = this.readDqParts('"', this.line);
        parts.push({ type: 'dq', parts: inner });
        continue;
      }
      if (c === '$' || c === '`') {
        const part = this.readDollarOrBackquote(false);
        if (part) {
          flush();
          parts.push(part);
          continue;
        }
        litBuf += c;
        this.pos++;
        continue;
      }
      if (c === '\n') this.line++;
      litBuf += c;
      this.pos++;
    }
    flush();
    return parts;
  }

  /** A backslash-newline that ends the input asks an interactive shell for another line. */
  private continuation(): void {
    if (!this.final && this.pos + 2 >= this.src.length) this.incomplete();
  }

  private countLines(text: string): void {
    for (const ch of text) if (ch === '\n') this.line++;
  }

  /**
   * Inside double quotes ('"'), a here-document body (null: to the end of the text) or
   * arithmetic ('))'): only $, ` and \ are special.
   */
  readDqParts(end: '"' | null | '))', startLine = this.line): WordPart[] {
    const parts: WordPart[] = [];
    let buf = '';
    let depth = 0;
    const flush = (): void => {
      if (buf) parts.push({ type: 'lit', value: buf, quoted: true });
      buf = '';
    };
    for (;;) {
      if (this.pos >= this.src.length) {
        if (end === null) break;
        throw new SyntaxFault({ kind: 'incomplete', line: startLine, quote: end === '"' ? '"' : ')' });
      }
      const c = this.src[this.pos];
      if (end === '"' && c === '"') {
        this.pos++;
        break;
      }
      if (end === '))') {
        if (c === '(') depth++;
        else if (c === ')') {
          if (depth === 0 && this.peekChar(1) === ')') {
            this.pos += 2;
            break;
          }
          depth--;
        } else if (c === '"') {
          // Quote removal inside arithmetic: the quotes just disappear.
          this.pos++;
          continue;
        }
      }
      if (c === '\\') {
        const n = this.peekChar(1);
        if (n === '\n') {
          this.pos += 2;
          this.line++;
          continue;
        }
        if (n === '$' || n === '`' || n === '\\' || (n === '"' && end === '"')) {
          buf += n;
          this.pos += 2;
          continue;
        }
        buf += c;
        this.pos++;
        continue;
      }
      if (c === '$' || c === '`') {
        const part = this.readDollarOrBackquote(true);
        if (part) {
          flush();
          parts.push(part);
          continue;
        }
        buf += c;
        this.pos++;
        continue;
      }
      if (c === '\n') this.line++;
      buf += c;
      this.pos++;
    }
    flush();
    return parts;
  }

  /** At `$` or a backquote: an expansion part, or null when the `$` is literal. */
  private readDollarOrBackquote(inDq: boolean): WordPart | null {
    const c = this.src[this.pos];
    if (c === '`') return this.readBackquote(inDq);
    const n = this.peekChar(1);
    if (n === '(') {
      if (this.peekChar(2) === '(' && this.looksArithmetic(this.pos + 3)) {
        this.pos += 3;
        const parts = this.readDqParts('))');
        return { type: 'arith', parts };
      }
      this.pos += 2;
      const body = this.hooks.parseSubstitution(this);
      return { type: 'cmdsub', body, backquote: false };
    }
    if (n === '{') {
      this.pos += 2;
      return this.readBraceParam();
    }
    if (n === "'" && !inDq) {
      this.pos += 2;
      return { type: 'sq', value: this.readAnsiC() };
    }
    if (n === '"' && !inDq) {
      // $"..." (locale translation) is a plain double-quoted string without a catalogue.
      this.pos += 2;
      return { type: 'dq', parts: this.readDqParts('"') };
    }
    if (isNameStart(n)) {
      let i = this.pos + 1;
      while (i < this.src.length && isNameChar(this.src[i])) i++;
      const name = this.src.slice(this.pos + 1, i);
      this.pos = i;
      return { type: 'param', name };
    }
    if (/[0-9]/.test(n) || SPECIAL_PARAMS.has(n)) {
      this.pos += 2;
      return { type: 'param', name: n };
    }
    return null;
  }

  /** `$((` starts arithmetic only if a `))` closes it at depth 0 (else it is `$( (...) )`). */
  private looksArithmetic(from: number): boolean {
    let depth = 0;
    for (let i = from; i < this.src.length; i++) {
      const c = this.src[i];
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0) return this.src[i + 1] === ')';
        depth--;
      }
    }
    return true; // unterminated: let the arithmetic reader report incomplete input
  }

  private readBackquote(inDq: boolean): WordPart {
    const startLine = this.line;
    this.pos++;
    let inner = '';
    for (;;) {
      if (this.pos >= this.src.length) throw new SyntaxFault({ kind: 'incomplete', line: startLine, quote: '`' });
      const c = this.src[this.pos];
      if (c === '`') {
        this.pos++;
        break;
      }
      if (c === '\\') {
        const n = this.peekChar(1);
        // Inside backquotes a backslash escapes only $ ` \ (and " within double quotes).
        if (n === '$' || n === '`' || n === '\\' || (inDq && n === '"')) {
          inner += n;
          this.pos += 2;
          continue;
        }
      }
      if (c === '\n') this.line++;
      inner += c;
      this.pos++;
    }
    const body = this.hooks.parseNested(inner, startLine);
    return { type: 'cmdsub', body, backquote: true };
  }

  private readAnsiC(): string {
    let out = '';
    for (;;) {
      if (this.pos >= this.src.length) this.incomplete("'");
      const c = this.src[this.pos];
      if (c === "'") {
        this.pos++;
        return out;
      }
      if (c !== '\\') {
        if (c === '\n') this.line++;
        out += c;
        this.pos++;
        continue;
      }
      const n = this.peekChar(1);
      this.pos += 2;
      const simple: Record<string, string> = {
        n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v',
        '\\': '\\', "'": "'", '"': '"', '?': '?',
      };
      if (n in simple) out += simple[n];
      else if (/[0-7]/.test(n)) {
        let digits = n;
        while (digits.length < 3 && /[0-7]/.test(this.peekChar())) digits += this.src[this.pos++];
        out += String.fromCharCode(parseInt(digits, 8) & 0xff);
      } else if (n === 'x' || n === 'u' || n === 'U') {
        const max = n === 'x' ? 2 : n === 'u' ? 4 : 8;
        let digits = '';
        while (digits.length < max && /[0-9a-fA-F]/.test(this.peekChar())) digits += this.src[this.pos++];
        if (digits) out += String.fromCodePoint(Math.min(parseInt(digits, 16), 0x10ffff));
        else out += '\\' + n;
      } else if (n === 'c' && this.pos < this.src.length) {
        out += String.fromCharCode(this.src[this.pos++].toUpperCase().charCodeAt(0) ^ 0x40);
      } else out += '\\' + n;
    }
  }

  /** After `${`: a parameter expansion up to its `}`. */
  private readBraceParam(): ParamExp {
    const start = this.pos;
    const close = (): void => {
      if (this.peekChar() !== '}') this.badParam(start);
      this.pos++;
    };
    let length = false;
    // ${#} is the count of positional parameters; ${#name} a length.
    if (this.peekChar() === '#' && this.peekChar(1) !== '}' && !/[:\-=+?%/]/.test(this.peekChar(1))) {
      length = true;
      this.pos++;
    }
    const name = this.readParamName();
    if (name === null) return this.badParam(start);
    if (length) {
      close();
      return { type: 'param', name, length: true };
    }
    if (this.peekChar() === '}') {
      this.pos++;
      return { type: 'param', name };
    }
    const op = PARAM_OPS.find((o) => this.src.startsWith(o, this.pos));
    if (!op) return this.badParam(start);
    this.pos += op.length;
    if (op === ':') {
      // ${name:offset} or ${name:offset:length}
      const offset = { parts: this.readWordParts((c) => c === '}' || c === ':', true) };
      let count: Word | undefined;
      if (this.peekChar() === ':') {
        this.pos++;
        count = { parts: this.readWordParts((c) => c === '}', true) };
      }
      close();
      return { type: 'param', name, op, offset, count };
    }
    if (op === '/' || op === '//' || op === '/#' || op === '/%') {
      const arg = { parts: this.readWordParts((c) => c === '}' || c === '/', true) };
      let repl: Word = { parts: [] };
      if (this.peekChar() === '/') {
        this.pos++;
        repl = { parts: this.readWordParts((c) => c === '}', true) };
      }
      close();
      return { type: 'param', name, op, arg, repl };
    }
    const arg = { parts: this.readWordParts((c) => c === '}', true) };
    close();
    return { type: 'param', name, op, arg };
  }

  private readParamName(): string | null {
    const c = this.peekChar();
    if (isNameStart(c)) {
      let i = this.pos;
      while (i < this.src.length && isNameChar(this.src[i])) i++;
      const name = this.src.slice(this.pos, i);
      this.pos = i;
      return name;
    }
    if (/[0-9]/.test(c)) {
      let i = this.pos;
      while (i < this.src.length && /[0-9]/.test(this.src[i])) i++;
      const name = String(Number(this.src.slice(this.pos, i)));
      this.pos = i;
      return name;
    }
    if (SPECIAL_PARAMS.has(c)) {
      this.pos++;
      return c;
    }
    return null;
  }

  /** bash reports `${...}: bad substitution` when the word is expanded, not while parsing. */
  private badParam(start: number): ParamExp {
    let depth = 1;
    let i = start;
    for (; i < this.src.length; i++) {
      if (this.src[i] === '{') depth++;
      else if (this.src[i] === '}' && --depth === 0) break;
    }
    if (i >= this.src.length) this.incomplete('}');
    this.pos = i + 1;
    return { type: 'param', name: '', bad: '${' + this.src.slice(start, i) + '}' };
  }

  /** Read the bodies of pending here-documents, line by line, after a newline. */
  private readHereDocs(): void {
    const docs = this.pending;
    this.pending = [];
    for (const redir of docs) {
      const doc = redir.heredoc as HereDoc;
      const startLine = this.line;
      let body = '';
      let done = false;
      while (this.pos < this.src.length) {
        let eol = this.src.indexOf('\n', this.pos);
        const hasNewline = eol >= 0;
        if (!hasNewline) eol = this.src.length;
        let lineText = this.src.slice(this.pos, eol);
        this.pos = hasNewline ? eol + 1 : eol;
        this.line++;
        if (doc.stripTabs) lineText = lineText.replace(/^\t+/, '');
        if (lineText === doc.delimiter) {
          done = true;
          break;
        }
        body += lineText + '\n';
      }
      if (!done) {
        if (!this.final) {
          throw new SyntaxFault({ kind: 'incomplete', line: this.line, heredoc: doc.delimiter });
        }
        this.warnings.push({ line: this.line - 1, heredocLine: startLine - 1, delimiter: doc.delimiter });
      }
      if (doc.quoted) doc.body = body ? [{ type: 'lit', value: body, quoted: true }] : [];
      else {
        const sub = new Lexer(body, this.hooks, startLine);
        doc.body = sub.readDqParts(null);
      }
    }
  }
}
