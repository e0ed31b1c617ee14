// The two line wrappers debconf uses (Debconf::Encoding): Text::WrapI18N (debconf-i18n, width in
// columns, lines up to `columns` wide) and Perl's Text::Wrap (characters, lines up to
// `columns - 1`, and a text of only blank lines wraps to nothing). The fidelity recordings show
// Text::Wrap's layout under LANG=C.UTF-8 and WrapI18N's under fr_FR.UTF-8, so the locale picks.
import { charWidth, strWidth } from '../whiptail/text-width.ts';

function isWhite(ch: string): boolean {
  return /\s/.test(ch);
}

/** Text::Wrap::wrap('', '', text) with $huge = 'wrap', tabs expanded. */
export function textWrap(text: string, columns: number): string {
  const t = [...text.replace(/\t/g, '        ')];
  const ll = Math.max(0, columns - 1);
  let pos = 0;
  let r = '';
  let nl = '';
  let remainder = '';
  const onlyWhiteLeft = (): boolean => t.slice(pos).every(isWhite);
  while (!onlyWhiteLeft()) {
    // The longest run of at most ll characters without a newline that a blank, or the end, follows.
    let maxRun = 0;
    while (maxRun < ll && pos + maxRun < t.length && t[pos + maxRun] !== '\n') maxRun++;
    let n = -1;
    for (let k = maxRun; k >= 0; k--) {
      if (pos + k === t.length || isWhite(t[pos + k])) {
        n = k;
        break;
      }
    }
    if (n >= 0) {
      r += nl + t.slice(pos, pos + n).join('');
      if (pos + n < t.length) {
        remainder = t[pos + n];
        pos += n + 1;
      } else {
        remainder = '';
        pos += n;
      }
    } else {
      r += nl + t.slice(pos, pos + ll).join('');
      remainder = '\n';
      pos += ll;
    }
    nl = '\n';
  }
  return r + remainder;
}

/** Text::WrapI18N::wrap('', '', text). */
export function wrapI18N(text: string, columns: number): string {
  const chars = [...text.replace(/\n+$/, '\n')];
  let out = '';
  let len = 0;
  let word = '';
  let wlen = 0;
  let i = 0;
  while (i < chars.length) {
    const c = chars[i++];
    if (c === '\n') {
      out += word + '\n';
      if (i >= chars.length) return out;
      len = 0;
      word = '';
      wlen = 0;
      continue;
    }
    const cp = c.codePointAt(0)!;
    if (cp < 0x20 || cp === 0x7f) continue;
    const w = charWidth(cp);
    if (len + wlen + w <= columns) {
      if (c === ' ') {
        out += word + c;
        len += wlen + w;
        word = '';
        wlen = 0;
      } else {
        word += c;
        wlen += w;
      }
      continue;
    }
    if (c === ' ') {
      out += word + '\n';
      len = 0;
      word = '';
      wlen = 0;
    } else if (wlen + w <= columns) {
      out += '\n';
      len = 0;
      chars.splice(i, 0, ...word, c);
      word = '';
      wlen = 0;
    } else {
      out += word + '\n';
      len = 0;
      chars.splice(i, 0, c);
      word = '';
      wlen = 0;
    }
  }
  return out + word;
}

/** Which wrapper and width function a locale gets. */
export interface Wrapper {
  wrap(text: string, columns: number): string;
  width(s: string): number;
}

export const TEXT_WRAP: Wrapper = { wrap: textWrap, width: (s) => [...s].length };
export const WRAP_I18N: Wrapper = { wrap: wrapI18N, width: strWidth };

/** Text::Wrap for C/POSIX locales, WrapI18N otherwise (see the header). */
export function wrapperFor(env: ReadonlyMap<string, string>): Wrapper {
  const loc = env.get('LC_ALL') || env.get('LC_MESSAGES') || env.get('LANG') || 'C';
  return /^(C|POSIX)([.@]|$)/.test(loc) ? TEXT_WRAP : WRAP_I18N;
}
