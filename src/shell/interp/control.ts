// Non-local control flow of the language (break, continue, return, exit) and the aborts bash
// performs after some errors. They unwind the interpreter's async calls to the construct that
// handles them; none of them escapes the shell program.

export class BreakFlow {
  constructor(public levels: number) {}
}

export class ContinueFlow {
  constructor(public levels: number) {}
}

export class ReturnFlow {
  constructor(readonly status: number) {}
}

export class ExitFlow {
  constructor(readonly status: number) {}
}

/**
 * Abandon the rest of the current command line (an expansion error: bad substitution,
 * arithmetic error) or, when `exitShell`, a non-interactive shell (unbound variable, ${x:?}).
 */
export class AbortFlow {
  constructor(
    readonly status: number,
    readonly exitShell: boolean,
  ) {}
}

export type Flow = BreakFlow | ContinueFlow | ReturnFlow | ExitFlow | AbortFlow;

export function isFlow(e: unknown): e is Flow {
  return e instanceof BreakFlow || e instanceof ContinueFlow || e instanceof ReturnFlow || e instanceof ExitFlow || e instanceof AbortFlow;
}
