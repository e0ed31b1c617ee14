// fnmatch(3) patterns (`*.txt`, `a?c`, `[!0-9]*`) as find -name/-path use them: no special
// treatment of a leading dot, and for -path `*` also matches '/'.

/** A RegExp matching the whole string against the shell pattern. */
export function globToRegExp(pattern: string, ignoreCase: boolean, _wholePath = false): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '\\' && i + 1 < pattern.length) re += escapeChar(pattern[++i]);
    else if (c === '[') {
      let j = i + 1;
      if (pattern[j] === '!' || pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j++;
      if (j >= pattern.length) {
        re += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, j);
      const neg = body.startsWith('!') || body.startsWith('^');
      if (neg) body = body.slice(1);
      body = body.replace(/\[:(\w+):\]/g, (_m, n: string) => CLASSES[n] ?? '').replace(/\\/g, '\\\\').replace(/\]/g, '\\]').replace(/\[/g, '\\[');
      re += `[${neg ? '^' : ''}${body}]`;
      i = j;
    } else re += escapeChar(c);
  }
  return new RegExp(`^${re}$`, ignoreCase ? 'i' : '');
}

const CLASSES: Record<string, string> = { alpha: 'a-zA-Z', digit: '0-9', alnum: 'a-zA-Z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v', punct: '!-/:-@\\[-`{-~', xdigit: '0-9a-fA-F' };

function escapeChar(c: string): string {
  return /[\\^$.|?*+()[\]{}/]/.test(c) ? '\\' + c : c;
}
