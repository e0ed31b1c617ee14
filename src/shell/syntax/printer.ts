// Prints a syntax tree back as bash does for `type f` and `declare -f f` (print_cmd.c): a
// function as `f () ` then its body in braces, one command per line indented by four spaces,
// `;` after each but the last, words as they were typed, `elif` shown as a nested `else if`.
import type { AndOr, Command, Pipeline, Redirect, Script, Statement, Word } from './ast.ts';

const INDENT = '    ';

function word(w: Word): string {
  if (w.raw !== undefined) return w.raw;
  return w.parts.map((p) => (p.type === 'lit' ? p.value : p.type === 'sq' ? `'${p.value}'` : '')).join('');
}

function redirect(r: Redirect): string {
  const fd = r.fd === null ? '' : String(r.fd);
  if (r.op === '>&' || r.op === '<&') return `${fd}${r.op}${word(r.target)}`;
  if (r.heredoc) return `${fd}${r.op} ${r.raw}`;
  return `${fd}${r.op} ${word(r.target)}`;
}

function withRedirs(text: string, redirs: readonly Redirect[]): string {
  return redirs.length ? `${text} ${redirs.map(redirect).join(' ')}` : text;
}

function pipeline(p: Pipeline, level: number): string {
  const text = p.commands.map((c) => command(c, level)).join(' | ');
  return p.negated ? `! ${text}` : text;
}

function andOr(a: AndOr, level: number): string {
  return [pipeline(a.first, level), ...a.rest.map((r) => `${r.op} ${pipeline(r.pipeline, level)}`)].join(' ');
}

/** Statements inline: `a; b` (conditions of if/while). */
function inline(s: Script, level: number): string {
  return s.statements.map((st, i) => andOr(st.andOr, level) + (st.background ? ' &' : i < s.statements.length - 1 ? ';' : '')).join(' ');
}

/** Statements one per line at `level`, `;` after all but the last. */
function block(s: Script, level: number): string {
  const pad = INDENT.repeat(level);
  return s.statements.map((st: Statement, i) => pad + andOr(st.andOr, level) + (st.background ? ' &' : i < s.statements.length - 1 ? ';' : '')).join('\n');
}

function command(c: Command, level: number): string {
  const pad = INDENT.repeat(level);
  switch (c.type) {
    case 'simple':
      return [...c.assigns.map((a) => `${a.name}${a.append ? '+' : ''}=${word(a.value)}`), ...c.words.map(word), ...c.redirs.map(redirect)].join(' ');
    case 'group':
      if (c.subshell) {
        const inner = c.body.statements.map((st, i) => andOr(st.andOr, level) + (st.background ? ' &' : i < c.body.statements.length - 1 ? ';' : '')).join(`\n${pad}`);
        return withRedirs(`( ${inner} )`, c.redirs);
      }
      return withRedirs(`{ \n${block(c.body, level + 1)}\n${pad}}`, c.redirs);
    case 'if': {
      const [first, ...rest] = c.clauses;
      let text = `if ${inline(first.cond, level)}; then\n${block(first.body, level + 1)};\n`;
      if (rest.length > 0) {
        const nested: Command = { type: 'if', line: c.line, clauses: rest, elseBody: c.elseBody, redirs: [] };
        text += `${pad}else\n${INDENT.repeat(level + 1)}${command(nested, level + 1)};\n`;
      } else if (c.elseBody) text += `${pad}else\n${block(c.elseBody, level + 1)};\n`;
      return withRedirs(`${text}${pad}fi`, c.redirs);
    }
    case 'for': {
      const items = c.items === null ? '' : ` in ${c.items.map(word).join(' ')}`;
      return withRedirs(`for ${c.name}${items};\n${pad}do\n${block(c.body, level + 1)};\n${pad}done`, c.redirs);
    }
    case 'while':
      return withRedirs(`${c.until ? 'until' : 'while'} ${inline(c.cond, level)}; do\n${block(c.body, level + 1)};\n${pad}done`, c.redirs);
    case 'case': {
      let text = `case ${word(c.word)} in \n`;
      for (const item of c.items) {
        text += `${INDENT.repeat(level + 1)}${item.patterns.map(word).join(' | ')})\n`;
        if (item.body.statements.length) text += block(item.body, level + 2) + '\n';
        text += `${INDENT.repeat(level + 1)}${item.terminator}\n`;
      }
      return withRedirs(`${text}${pad}esac`, c.redirs);
    }
    case 'function':
      return printFunction(c.name, c.body, level);
    case 'arithcmd':
      return withRedirs(`(( ${c.expr.map((p) => (p.type === 'lit' ? p.value : '')).join('')} ))`, c.redirs);
    case 'testcmd':
      return withRedirs(`[[ ${c.words.map(word).join(' ')} ]]`, c.redirs);
  }
}

/** `NAME () ` then the body; a body that is not a { } group is wrapped in one. */
export function printFunction(name: string, body: Command, level = 0): string {
  const pad = INDENT.repeat(level);
  if (body.type === 'group' && !body.subshell) return `${name} () \n${pad}{ \n${block(body.body, level + 1)}\n${pad}}${body.redirs.length ? ' ' + body.redirs.map(redirect).join(' ') : ''}`;
  return `${name} () \n${pad}{ \n${INDENT.repeat(level + 1)}${command(body, level + 1)}\n${pad}}`;
}
