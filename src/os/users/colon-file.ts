// The shape shared by /etc/passwd, /etc/group, /etc/shadow and /etc/gshadow: one record per
// line, fields separated by ':'. Lines that are not a well-formed record (comments, NIS '+'
// lines, a student's typo) are kept verbatim and written back unchanged, as the shadow tools do
// with lines they do not understand; lookups simply skip them.

export type AccountLine<T> = { readonly entry: T } | { readonly raw: string };

export interface AccountFile<T> {
  readonly lines: AccountLine<T>[];
  /** Whether the text ended with a newline (so that parse + format gives back the same bytes). */
  readonly finalNewline: boolean;
}

export function parseAccountFile<T>(text: string, parseLine: (line: string) => T | null): AccountFile<T> {
  const finalNewline = text.endsWith('\n');
  const body = finalNewline ? text.slice(0, -1) : text;
  const lines: AccountLine<T>[] = [];
  if (body !== '' || finalNewline) {
    for (const line of body.split('\n')) {
      const entry = parseLine(line);
      lines.push(entry === null ? { raw: line } : { entry });
    }
  }
  return { lines, finalNewline: finalNewline || lines.length === 0 };
}

export function formatAccountFile<T>(file: AccountFile<T>, formatLine: (entry: T) => string): string {
  if (file.lines.length === 0) return '';
  const text = file.lines.map((l) => ('entry' in l ? formatLine(l.entry) : l.raw)).join('\n');
  return file.finalNewline ? text + '\n' : text;
}

export function entries<T>(file: AccountFile<T>): T[] {
  const out: T[] = [];
  for (const l of file.lines) if ('entry' in l) out.push(l.entry);
  return out;
}

/** A uid/gid as the shadow tools accept it: plain decimal, no sign, no leading zero, < 2^32 - 1. */
export function parseId(field: string): number | null {
  if (!/^(0|[1-9][0-9]{0,9})$/.test(field)) return null;
  const n = Number(field);
  return n <= 0xfffffffe ? n : null;
}

/** An optional day count of /etc/shadow: '' is null. */
export function parseDays(field: string): number | null | undefined {
  if (field === '') return null;
  if (!/^(0|-?[1-9][0-9]{0,9})$/.test(field)) return undefined;
  return Number(field);
}

export function formatDays(n: number | null): string {
  return n === null ? '' : String(n);
}

/** A comma list ('' is empty): group members, gshadow administrators. */
export function parseList(field: string): string[] {
  return field === '' ? [] : field.split(',');
}
