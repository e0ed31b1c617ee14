// Messages about commands that could not run, worded as bash 5.2 and dash 0.5.12 word them
// (execve failures, syntax errors). The interpreter decides where they go.
import type { SpawnError } from '../../os/program.ts';
import type { Messages } from '../messages.ts';
import type { SyntaxProblem } from '../syntax/fault.ts';

/** What bash prints after its prefix for a failed exec, and the status (126/127). */
export function execFailure(err: SpawnError, name: string, msg: Messages, dash: boolean): { text: string; status: number } {
  const hasSlash = name.includes('/');
  if (dash) {
    if (err.error === 'ENOENT') return { text: `${name}: not found`, status: 127 };
    return { text: `${name}: Permission denied`, status: 126 };
  }
  switch (err.error) {
    case 'ENOENT':
      if (err.interpreter !== undefined) return { text: msg.t('%s: cannot execute: required file not found', name), status: 127 };
      if (!hasSlash) return { text: msg.t('%s: command not found', name), status: 127 };
      return { text: `${name}: ${msg.strerror('ENOENT')}`, status: 127 };
    case 'EACCES':
      if (err.interpreter !== undefined) {
        return { text: `${msg.t('%s: %s: bad interpreter', name, err.interpreter)}: ${msg.strerror('EACCES')}`, status: 126 };
      }
      return { text: `${name}: ${msg.strerror('EACCES')}`, status: 126 };
    case 'EISDIR':
      return { text: `${name}: ${msg.strerror('EISDIR')}`, status: 126 };
    case 'ENOEXEC':
      return { text: msg.t('%s: cannot execute binary file: %s', name, msg.strerror('ENOEXEC')), status: 126 };
  }
}

/** The text of a syntax error after the prefix (bash and dash wordings). */
export function syntaxMessage(problem: SyntaxProblem, msg: Messages, dash: boolean): string {
  if (dash) {
    if (problem.kind === 'unexpected') return `Syntax error: "${problem.token === 'newline' ? 'newline' : problem.token}" unexpected`;
    if (problem.kind === 'incomplete') {
      if (problem.quote === "'" || problem.quote === '"') return 'Syntax error: Unterminated quoted string';
      return `Syntax error: end of file unexpected${problem.expecting ? ` (expecting "${problem.expecting}")` : ''}`;
    }
    return `Syntax error: ${problem.message}`;
  }
  if (problem.kind === 'unexpected') return msg.t("syntax error near unexpected token `%s'", problem.token);
  if (problem.kind === 'incomplete') {
    if (problem.quote) return msg.t("unexpected EOF while looking for matching `%s'", problem.quote);
    return msg.t('syntax error: unexpected end of file');
  }
  return problem.message;
}

/** Quote a word for `set -x` traces and `declare -p` as bash does (single quotes when needed). */
export function shellQuote(s: string): string {
  if (s === '') return "''";
  if (/^[A-Za-z0-9_./=:,+@%^-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, "'\\''")}'`;
}
