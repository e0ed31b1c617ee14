// postmap(1) of Postfix 3.7.11 for hash: (and btree:) tables: build FILE.db from "key value"
// lines (keys lower-cased, first entry wins with a warning), -q KEY look up in the .db, -s dump.
import type { Program } from '../../os/program.ts';
import { decodeHashDb, encodeHashDb, errnoText } from '../../services/postfix/config/aliases.ts';
import { hashTableFile } from '../postalias/postalias.ts';
import { fatal, tableToolArgs, warn } from '../postconf/postfix-env.ts';

const USAGE = 'usage: postmap [-NfinoprsuUvw] [-c config_dir] [-d key] [-q key] [map_type:]file...';

/** postmap's reading of a table source: logical lines, "key whitespace value". */
export function parseMapSource(text: string, path: string, fold: boolean): { entries: { key: string; value: string }[]; warnings: string[] } {
  const entries: { key: string; value: string }[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].replace(/\r$/, '');
    if (/^\s/.test(l) || l.trim() === '' || l.startsWith('#')) continue;
    const first = i + 1;
    let logical = l.trimEnd();
    while (i + 1 < lines.length && /^\s+\S/.test(lines[i + 1]) && !/^\s*#/.test(lines[i + 1])) logical += ' ' + lines[++i].trim();
    const m = /^(\S+)\s+(\S[\s\S]*)$/.exec(logical);
    if (m === null) {
      warnings.push(`${path}, line ${first}: expected format: key whitespace value`);
      continue;
    }
    const key = fold ? m[1].toLowerCase() : m[1];
    if (seen.has(key)) {
      warnings.push(`${path}.db: duplicate entry: "${key}"`);
      continue;
    }
    seen.add(key);
    entries.push({ key, value: m[2].trim() });
  }
  return { entries, warnings };
}

export const postmap: Program = async (proc) => {
  const prog = 'postmap';
  const args = tableToolArgs(proc, prog, '+c:d:fNinopq:rsuUvw', USAGE);
  if (typeof args === 'number') return args;
  const { query, dump, fold, specs } = args;
  const fs = proc.host.fs;
  for (const spec of specs) {
    const t = hashTableFile(spec);
    if ('error' in t) return fatal(proc, prog, t.error);
    if (query !== null || dump) {
      const r = fs.readFile(`${t.file}.db`, proc.cred);
      if (!r.ok) return fatal(proc, prog, `open database ${t.file}.db: ${errnoText(r.errno)}`);
      const db = decodeHashDb(r.value);
      if (db === null) return fatal(proc, prog, `open database ${t.file}.db: Invalid argument`);
      if (dump) {
        for (const [key, value] of db) proc.stdout.write(`${key}\t${value}\n`);
        continue;
      }
      const key = query ?? '';
      const v = db.get(fold ? key.toLowerCase() : key);
      if (v !== undefined) {
        proc.stdout.write(`${v}\n`);
        return 0;
      }
      continue;
    }
    const src = fs.readFile(t.file, proc.cred);
    if (!src.ok) return fatal(proc, prog, `open ${t.file}: ${errnoText(src.errno)}`);
    const { entries, warnings } = parseMapSource(new TextDecoder().decode(src.value), t.file, fold);
    for (const w of warnings) warn(proc, prog, w);
    const w = fs.writeFile(`${t.file}.db`, encodeHashDb(entries), proc.cred, { mode: 0o644 });
    if (!w.ok) return fatal(proc, prog, `open database ${t.file}.db: ${errnoText(w.errno)}`);
  }
  return query !== null ? 1 : 0;
};
