// POSIX regular expressions (BRE and ERE, with the GNU extensions grep and sed accept: \+ \? \|
// in BRE, \w \W \s \S \b \B \< \> \` \') translated to a JavaScript RegExp. Errors come back as
// the message GNU's regcomp gives (`Unmatched ( or \(`), never as an exception.

export type RegexResult = { ok: true; source: string; groups: number } | { ok: false; error: string };

const CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z\\u00aa\\u00b5\\u00ba\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u024f',
  digit: '0-9',
  alnum: '0-9a-zA-Z\\u00aa\\u00b5\\u00ba\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u024f',
  upper: 'A-Z\\u00c0-\\u00d6\\u00d8-\\u00de',
  lower: 'a-z\\u00b5\\u00df-\\u00f6\\u00f8-\\u00ff',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  print: ' -~\\u00a0-\\uffff',
  graph: '!-~\\u00a1-\\uffff',
  cntrl: '\\x00-\\x1f\\x7f',
  xdigit: '0-9A-Fa-f',
};

const JS_SPECIAL = new Set([...'\\^$.|?*+()[]{}/-']);

function lit(ch: string): string {
  return JS_SPECIAL.has(ch) ? '\\' + ch : ch;
}

/** Parses a bracket expression starting at `i` (the '['); returns JS source and next index. */
function bracket(re: string, i: number): { src: string; next: number } | null {
  let j = i + 1;
  let neg = false;
  if (re[j] === '^') {
    neg = true;
    j++;
  }
  let body = '';
  let first = true;
  while (j < re.length) {
    const c = re[j];
    if (c === ']' && !first) {
      return { src: `[${neg ? '^' : ''}${body}]`, next: j + 1 };
    }
    first = false;
    if (c === '[' && (re[j + 1] === ':' || re[j + 1] === '=' || re[j + 1] === '.')) {
      const kind = re[j + 1];
      const end = re.indexOf(kind + ']', j + 2);
      if (end < 0) return null;
      const name = re.slice(j + 2, end);
      if (kind === ':') {
        const cls = CLASSES[name];
        if (cls === undefined) return null;
        body += cls;
      } else {
        body += name.split('').map(lit).join('');
      }
      j = end + 2;
      continue;
    }
    // Inside brackets a backslash is an ordinary character in POSIX.
    if (c === '\\' || c === ']' || c === '[' || c === '^') body += '\\' + c;
    else if (c === '-' && (body === '' || re[j + 1] === ']')) body += '\\-';
    else body += c;
    j++;
  }
  return null;
}

/**
 * Translates a POSIX regex. `extended` = ERE (grep -E, sed -E/-r); else BRE (grep, sed).
 */
export function translateRegex(re: string, extended: boolean): RegexResult {
  let out = '';
  let groups = 0;
  const open: number[] = [];
  // Where an anchor or a leading '*' is special: start of the pattern, after ( or |.
  let atStart = true;
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    const wasStart = atStart;
    atStart = false;
    if (c === '\\') {
      const n = re[i + 1];
      i++;
      if (n === undefined) return { ok: false, error: 'Trailing backslash' };
      if (!extended && n === '(') {
        groups++;
        open.push(groups);
        out += '(';
        atStart = true;
      } else if (!extended && n === ')') {
        if (open.length === 0) return { ok: false, error: 'Unmatched ) or \\)' };
        open.pop();
        out += ')';
      } else if (!extended && n === '|') {
        out += '|';
        atStart = true;
      } else if (!extended && (n === '+' || n === '?')) {
        if (wasStart) out += lit(n);
        else out += n;
      } else if (!extended && n === '{') {
        const m = /^(\d*)(,(\d*))?\\\}/.exec(re.slice(i + 1));
        if (!m) return { ok: false, error: 'Unmatched \\{' };
        if (m[1] === '' && m[2] === undefined) return { ok: false, error: 'Invalid content of \\{\\}' };
        out += `{${m[1] || '0'}${m[2] ?? ''}}`;
        i += m[0].length;
      } else if (n >= '1' && n <= '9') {
        if (Number(n) > groups) return { ok: false, error: 'Invalid back reference' };
        out += '\\' + n;
      } else if (n === 'w' || n === 'W' || n === 's' || n === 'S' || n === 'b' || n === 'B') {
        out += '\\' + n;
      } else if (n === '<') out += '\\b(?=\\w)';
      else if (n === '>') out += '\\b(?<=\\w)';
      else if (n === '`') out += '^';
      else if (n === "'") out += '$';
      else if (n === 'n') out += '\\n';
      else if (n === 't') out += '\\t';
      else out += lit(n);
      continue;
    }
    if (c === '[') {
      const b = bracket(re, i);
      if (!b) return { ok: false, error: 'Unmatched [, [^, [:, [., or [=' };
      out += b.src;
      i = b.next - 1;
      continue;
    }
    if (c === '.') {
      out += '.';
      continue;
    }
    if (c === '*') {
      out += wasStart ? '\\*' : '*';
      continue;
    }
    if (c === '^') {
      if (extended || wasStart) {
        out += '^';
        atStart = true;
      } else out += '\\^';
      continue;
    }
    if (c === '$') {
      const rest = re.slice(i + 1);
      if (extended || rest === '' || rest.startsWith('\\)') || rest.startsWith('\\|')) out += '$';
      else out += '\\$';
      continue;
    }
    if (extended) {
      if (c === '(') {
        groups++;
        open.push(groups);
        out += '(';
        atStart = true;
        continue;
      }
      if (c === ')') {
        if (open.length === 0) return { ok: false, error: 'Unmatched ) or \\)' };
        open.pop();
        out += ')';
        continue;
      }
      if (c === '|') {
        out += '|';
        atStart = true;
        continue;
      }
      if (c === '+' || c === '?') {
        out += wasStart ? lit(c) : c;
        continue;
      }
      if (c === '{') {
        const m = /^(\d*)(,(\d*))?\}/.exec(re.slice(i + 1));
        if (!m || (m[1] === '' && m[2] === undefined)) {
          out += '\\{';
          continue;
        }
        out += `{${m[1] || '0'}${m[2] ?? ''}}`;
        i += m[0].length;
        continue;
      }
    }
    out += lit(c);
  }
  if (open.length > 0) return { ok: false, error: 'Unmatched ( or \\(' };
  try {
    new RegExp(out);
  } catch {
    return { ok: false, error: 'Invalid regular expression' };
  }
  return { ok: true, source: out, groups };
}

/** A fixed string as a JS regex source (grep -F). */
export function escapeLiteral(s: string): string {
  return s.split('').map(lit).join('');
}
