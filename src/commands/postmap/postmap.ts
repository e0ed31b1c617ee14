// postmap(1) of Postfix 3.7.11 for hash: (and btree:) tables: build FILE.db from "key value"
// lines (keys lower-cased, first entry wins with a warning), -q KEY look up in the .db, -s dump.
import type { Program } from '../../os/program.ts';
import { decodeHashDb, encodeHashDb, errnoText } from '../../services/postfix/config/aliases.ts';
import { hashTableFile } from '../postalias/postalias.ts';
import { configDir, fatal, mainCfMissing, warn } from '../postconf/postfix-env.ts';
import { getopt } from '../lib/getopt.ts';
import { localeOf } from '../lib/locale.ts';

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
  let dir: string | null = null;
  let query: string | null = null;
  let dump = false;
  let fold = true;
  // Postfix's tools use glibc's getopt (option letters up to the first operand).
  const opts = getopt(proc.argv.slice(1), { short: '+c:d:fNinopq:rsuUvw' }, prog, localeOf(proc.env), proc.env);
  if (!opts.ok) {
    proc.stderr.write(opts.message);
    return fatal(proc, prog, USAGE);
  }
  for (const o of opts.options) {
    if (o.key === 'c') dir = o.arg ?? null;
    else if (o.key === 'q') query = o.arg ?? null;
    else if (o.key === 's') dump = true;
    else if (o.key === 'f') fold = false;
  }
  const specs = opts.operands;
  if (specs.length === 0) return fatal(proc, prog, USAGE);
  const missing = mainCfMissing(proc, configDir(proc, dir));
  if (missing !== null) return fatal(proc, prog, missing);
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
