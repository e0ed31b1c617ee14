// The Debian control file format (deb-control(5), "RFC 822 style"): stanzas of `Field: value`
// lines separated by blank lines; a line starting with a space or tab continues the field above
// (long descriptions, Conffiles). Used for the archive's Packages data, /var/lib/dpkg/status and
// debconf's databases. Parsing never throws: a stray line is kept as a continuation or skipped.

/** One stanza: field names as written (case kept), in order, values without the leading space. */
export type Stanza = Map<string, string>;

/** Splits text into stanzas; continuation lines are joined to their field with "\n". */
export function parseStanzas(text: string): Stanza[] {
  const out: Stanza[] = [];
  let cur: Stanza | null = null;
  let last: string | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') {
      if (cur !== null && cur.size > 0) out.push(cur);
      cur = null;
      last = null;
      continue;
    }
    if (line[0] === ' ' || line[0] === '\t') {
      if (cur !== null && last !== null) cur.set(last, `${cur.get(last)}\n${line.slice(1)}`);
      continue;
    }
    if (line[0] === '#') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    cur ??= new Map();
    last = line.slice(0, colon);
    cur.set(last, line.slice(colon + 1).replace(/^[ \t]+/, ''));
  }
  if (cur !== null && cur.size > 0) out.push(cur);
  return out;
}

/** The field, whatever its case (field names are case-insensitive). */
export function field(st: Stanza, name: string): string | undefined {
  const direct = st.get(name);
  if (direct !== undefined) return direct;
  const lower = name.toLowerCase();
  for (const [k, v] of st) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** Formats one stanza: multi-line values get their continuation lines indented by one space. */
export function formatStanza(st: Stanza | readonly (readonly [string, string])[]): string {
  const lines: string[] = [];
  for (const [k, v] of st) {
    const parts = v.split('\n');
    lines.push(parts[0] === '' ? `${k}:` : `${k}: ${parts[0]}`);
    for (const p of parts.slice(1)) lines.push(` ${p}`);
  }
  return lines.join('\n') + '\n';
}

/** Stanzas joined by blank lines, as dpkg writes its status file. */
export function formatStanzas(list: readonly (Stanza | readonly (readonly [string, string])[])[]): string {
  return list.map((s) => formatStanza(s)).join('\n');
}
