// How the lexer and parser stop on bad input. Internally they unwind with a SyntaxFault; the
// public `parse` catches it and returns a typed result, so callers never see an exception.

export type SyntaxProblem =
  /** The input ended inside a construct: an interactive shell reads another line (PS2). */
  | { kind: 'incomplete'; line: number; quote?: string; heredoc?: string; expecting?: string }
  /** bash: `syntax error near unexpected token `X'` */
  | { kind: 'unexpected'; line: number; token: string }
  /** Any other message after `syntax error: ` or a bare message (bad substitution...). */
  | { kind: 'message'; line: number; message: string };

export class SyntaxFault {
  constructor(readonly problem: SyntaxProblem) {}
}
