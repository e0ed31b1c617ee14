// A problem found in a scenario file. The loader collects every one of them before answering,
// so a teacher fixes a file in one pass, like a compiler's error list.

export interface ScenarioError {
  /** The file name as given to the loader (a path, or a label like "<editor>"). */
  readonly file: string;
  /** Where in the document: `hosts[2].interfaces[0].address`; empty for the whole file. */
  readonly path: string;
  /** 1-based, when the problem has a place in the source. */
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

/** `FILE:LINE:COL: PATH: MESSAGE`, dropping the parts that are unknown. */
export function formatScenarioError(e: ScenarioError): string {
  let where = e.file;
  if (e.line !== undefined) where += `:${e.line}` + (e.column !== undefined ? `:${e.column}` : '');
  return e.path === '' ? `${where}: ${e.message}` : `${where}: ${e.path}: ${e.message}`;
}

/** Source order, so the list reads top to bottom; errors without a place come last. */
export function sortScenarioErrors(errors: readonly ScenarioError[]): ScenarioError[] {
  const rank = (e: ScenarioError): [number, number] => [e.line ?? Number.MAX_SAFE_INTEGER, e.column ?? 0];
  return errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => {
      const [la, ca] = rank(a.e);
      const [lb, cb] = rank(b.e);
      return la - lb || ca - cb || a.i - b.i;
    })
    .map(({ e }) => e);
}
