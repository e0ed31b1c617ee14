// History expansion of an interactive bash (bash(1) "HISTORY EXPANSION"), done on each line
// before it is parsed: !! !n !-n !string !?string? with the word designators :n :^ :$ :* and
// their short forms !$ !^ !*, and ^old^new. Not inside single quotes, not after a backslash,
// not when `!` is followed by a blank, `=`, `(` or the end of the line (or `"` in a double-quoted
// string). A line that used it is shown expanded before it runs.

export type HistoryExpansion =
  | { ok: true; line: string; changed: boolean }
  | { ok: false; error: string };

/** Splits a command line into words as the history library does (quotes kept together). */
export function historyWords(line: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i])) i++;
    if (i >= line.length) break;
    const start = i;
    if ('|&;<>()'.includes(line[i])) {
      const two = line.slice(i, i + 2);
      i += ['||', '&&', ';;', '>>', '<<', '>&', '<&', '&>'].includes(two) ? 2 : 1;
      words.push(line.slice(start, i));
      continue;
    }
    while (i < line.length && !/\s/.test(line[i]) && !'|&;<>()'.includes(line[i])) {
      const c = line[i];
      if (c === '\\') i += 2;
      else if (c === "'" || c === '"') {
        const end = line.indexOf(c, i + 1);
        i = end < 0 ? line.length : end + 1;
      } else i++;
    }
    words.push(line.slice(start, i));
  }
  return words;
}

function selectWords(words: string[], designator: string): string | null {
  const last = words.length - 1;
  if (designator === '') return words.join(' ');
  if (designator === '$') return last >= 0 ? words[last] : null;
  if (designator === '^') return words.length > 1 ? words[1] : null;
  if (designator === '*') return words.slice(1).join(' ');
  const range = /^(\d*)-(\d*|\$)$/.exec(designator);
  if (range) {
    const from = range[1] === '' ? 0 : Number(range[1]);
    const to = range[2] === '$' || range[2] === '' ? last : Number(range[2]);
    if (from > last || to > last) return null;
    return words.slice(from, to + 1).join(' ');
  }
  if (/^\d+$/.test(designator)) {
    const n = Number(designator);
    return n <= last ? words[n] : null;
  }
  return null;
}

/** `history`: oldest first. `base`: the number of history[0] (for !n). */
export function expandHistory(line: string, history: readonly string[], base = 1): HistoryExpansion {
  if (!line.includes('!') && !line.startsWith('^')) return { ok: true, line, changed: false };
  const last = history[history.length - 1];
  // ^old^new: the previous command with the first `old` replaced.
  if (line.startsWith('^')) {
    const m = /^\^([^^]*)\^([^^]*)\^?(.*)$/.exec(line);
    if (m && last !== undefined) {
      if (!last.includes(m[1])) return { ok: false, error: ':s^' + m[1] + '^' + m[2] + ': substitution failed' };
      return { ok: true, line: last.replace(m[1], m[2]) + m[3], changed: true };
    }
  }
  let out = '';
  let changed = false;
  let inSingle = false;
  let inDouble = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && !inSingle) {
      out += c + (line[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === "'" && !inDouble) inSingle = !inSingle;
    if (c === '"' && !inSingle) inDouble = !inDouble;
    if (c !== '!' || inSingle) {
      out += c;
      continue;
    }
    const next = line[i + 1];
    if (next === undefined || /[\s=(]/.test(next) || (inDouble && next === '"')) {
      out += c;
      continue;
    }
    // The event.
    let j = i + 1;
    let event: string | undefined;
    let spec: string;
    if (next === '!') {
      event = last;
      spec = '!!';
      j = i + 2;
    } else if (next === '$' || next === '^' || next === '*') {
      // !$ = !!:$
      event = last;
      spec = '!' + next;
      const word = event === undefined ? null : selectWords(historyWords(event), next);
      if (word === null) return { ok: false, error: `${spec}: event not found` };
      out += word;
      changed = true;
      i += 1;
      continue;
    } else if (/[-0-9]/.test(next)) {
      const m = /^-?\d+/.exec(line.slice(i + 1));
      if (!m) {
        out += c;
        continue;
      }
      const n = Number(m[0]);
      event = n < 0 ? history[history.length + n] : history[n - base];
      spec = '!' + m[0];
      j = i + 1 + m[0].length;
    } else if (next === '?') {
      const end = line.indexOf('?', i + 2);
      const text = line.slice(i + 2, end < 0 ? line.length : end);
      event = [...history].reverse().find((h) => h.includes(text));
      spec = '!?' + text + (end < 0 ? '' : '?');
      j = end < 0 ? line.length : end + 1;
    } else {
      const m = /^[^\s:;|&<>()"'`]+/.exec(line.slice(i + 1));
      const text = m ? m[0] : '';
      event = [...history].reverse().find((h) => h.startsWith(text));
      spec = '!' + text;
      j = i + 1 + text.length;
    }
    if (event === undefined) return { ok: false, error: `${spec}: event not found` };
    let designator = '';
    const d = /^:(\d+-?\d*|\d*-\$?|\$|\^|\*)/.exec(line.slice(j));
    if (d) {
      designator = d[1];
      j += d[0].length;
    }
    const text = selectWords(historyWords(event), designator);
    if (text === null) return { ok: false, error: `${spec}${d ? d[0] : ''}: bad word specifier` };
    out += text;
    changed = true;
    i = j - 1;
  }
  return { ok: true, line: out, changed };
}
