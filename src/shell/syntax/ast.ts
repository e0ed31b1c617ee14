// The syntax tree of the bash subset we run, shaped after mvdan/sh's syntax package: a file is
// a list of statements; words keep their quoting as parts so expansion can tell what to split
// and glob. Every command carries the line it started on (error messages cite it as bash does).

/** A piece of a word; quoting is kept so expansion knows what to split, glob and unescape. */
export type WordPart =
  /** Literal text. `quoted` = came from a backslash escape or quotes: never split nor globbed. */
  | { type: 'lit'; value: string; quoted: boolean }
  /** '...' or $'...' (already decoded): literal, quoted. */
  | { type: 'sq'; value: string }
  /** "..." : its parts are expanded but not split nor globbed. */
  | { type: 'dq'; parts: WordPart[] }
  | ParamExp
  /** $(...) or `...` */
  | { type: 'cmdsub'; body: Script; backquote: boolean }
  /** $((...)) : the parts are expanded first, then the text is evaluated. */
  | { type: 'arith'; parts: WordPart[] };

export type ParamOp =
  | ':-' | '-' | ':=' | '=' | ':+' | '+' | ':?' | '?'
  | '#' | '##' | '%' | '%%'
  | '/' | '//' | '/#' | '/%'
  | '^' | '^^' | ',' | ',,'
  | ':';

export interface ParamExp {
  type: 'param';
  /** Variable name, positional digits, or one of @ * # ? $ ! - 0. */
  name: string;
  /** ${#name} */
  length?: boolean;
  op?: ParamOp;
  /** Operand word (pattern, default value...). For '/', the pattern; `repl` holds the replacement. */
  arg?: Word;
  repl?: Word;
  /** ${name:offset:length} */
  offset?: Word;
  count?: Word;
  /** A ${...} bash refuses at expansion time (`bad substitution`); the raw text is kept. */
  bad?: string;
}

export interface Word {
  parts: WordPart[];
  /** The word as written (bash prints function bodies with their words as typed). */
  raw?: string;
}

export interface Assign {
  name: string;
  value: Word;
  /** X+=y */
  append: boolean;
}

export type RedirOp = '>' | '>>' | '<' | '>|' | '<>' | '>&' | '<&' | '&>' | '&>>' | '<<' | '<<-' | '<<<';

export interface Redirect {
  op: RedirOp;
  /** Explicit fd number before the operator (2> ...), or null for the default. */
  fd: number | null;
  /** Target word (file name, fd number for >&, delimiter for here-documents). */
  target: Word;
  /** The target as written (bash quotes it in `$x: ambiguous redirect`). */
  raw: string;
  /** Here-document body, filled when the line after the command is read. */
  heredoc?: HereDoc;
}

export interface HereDoc {
  /** Quoted delimiter ('EOF' or "EOF" or E\OF): the body is taken literally. */
  quoted: boolean;
  stripTabs: boolean;
  delimiter: string;
  /** Body parts (only literal parts when quoted). */
  body: WordPart[];
}

export interface SimpleCommand {
  type: 'simple';
  line: number;
  assigns: Assign[];
  words: Word[];
  redirs: Redirect[];
}

export interface Pipeline {
  type: 'pipeline';
  line: number;
  negated: boolean;
  /** `time` (bash's format) or `time -p` (POSIX's) before the pipeline. */
  timed?: 'bash' | 'posix';
  commands: Command[];
}

export interface AndOr {
  type: 'andor';
  line: number;
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
}

export interface Statement {
  andOr: AndOr;
  background: boolean;
  /** Source text of the statement (for `jobs` and job notices). */
  text: string;
}

export interface Script {
  statements: Statement[];
}

export interface IfClause {
  type: 'if';
  line: number;
  clauses: { cond: Script; body: Script }[];
  elseBody: Script | null;
  redirs: Redirect[];
}

export interface ForClause {
  type: 'for';
  line: number;
  name: string;
  /** null: `for x; do` iterates over "$@". */
  items: Word[] | null;
  body: Script;
  redirs: Redirect[];
}

export interface WhileClause {
  type: 'while';
  line: number;
  until: boolean;
  cond: Script;
  body: Script;
  redirs: Redirect[];
}

export interface CaseItem {
  patterns: Word[];
  body: Script;
  /** ;; stops, ;& falls through, ;;& tests the next patterns. */
  terminator: ';;' | ';&' | ';;&';
}

export interface CaseClause {
  type: 'case';
  line: number;
  word: Word;
  items: CaseItem[];
  redirs: Redirect[];
}

export interface Group {
  type: 'group';
  line: number;
  body: Script;
  /** ( ... ) runs in a subshell; { ...; } in the current shell. */
  subshell: boolean;
  redirs: Redirect[];
}

export interface FunctionDef {
  type: 'function';
  line: number;
  name: string;
  body: Command;
}

/** (( expr )) */
export interface ArithCommand {
  type: 'arithcmd';
  line: number;
  expr: WordPart[];
  redirs: Redirect[];
}

/** [[ ... ]]: kept as words and evaluated by the test logic with pattern matching for == and !=. */
export interface TestCommand {
  type: 'testcmd';
  line: number;
  words: Word[];
  redirs: Redirect[];
}

export type Command =
  | SimpleCommand
  | IfClause
  | ForClause
  | WhileClause
  | CaseClause
  | Group
  | FunctionDef
  | ArithCommand
  | TestCommand;

export function lit(value: string, quoted = false): WordPart {
  return { type: 'lit', value, quoted };
}

/** The literal text of a word if it has no expansions (reserved words, function names). */
export function literalText(word: Word): string | null {
  let out = '';
  for (const part of word.parts) {
    if (part.type === 'lit') out += part.value;
    else if (part.type === 'sq') out += part.value;
    else if (part.type === 'dq' && part.parts.every((p) => p.type === 'lit')) {
      out += part.parts.map((p) => (p as { value: string }).value).join('');
    } else return null;
  }
  return out;
}

/** True when a word is a plain unquoted literal (a reserved word or alias candidate). */
export function plainText(word: Word): string | null {
  if (word.parts.length !== 1) return word.parts.length === 0 ? '' : null;
  const p = word.parts[0];
  return p.type === 'lit' && !p.quoted ? p.value : null;
}
