// nano's messages in the process's language: English, or French from Debian's catalog.
import { format } from '../lib/locale.ts';
import { NANO_FR } from './nano-fr.ts';

export class Messages {
  constructor(readonly fr: boolean) {}

  /** _(msgid), printf-formatted. `%*zd` takes its width from the argument before the number. */
  t(msgid: string, ...args: readonly (string | number)[]): string {
    const tmpl = this.fr ? (NANO_FR.get(msgid)?.[0] ?? msgid) : msgid;
    return printf(tmpl, args);
  }

  /** P_(singular, plural, n): the English plural is the singular plus "s". */
  n(singular: string, n: number): string {
    const forms = this.fr ? NANO_FR.get(singular) : undefined;
    // French: n <= 1 is singular (plural rule n > 1).
    const tmpl = forms !== undefined ? forms[n > 1 ? 1 : 0] ?? forms[0] : n === 1 ? singular : `${singular}s`;
    return format(tmpl, n);
  }

  /** The first letters that answer Yes and No ("Yy"/"Nn", "Oo"/"Nn" in French). */
  get yes(): string {
    return this.fr ? 'Oo' : 'Yy';
  }
}

/** printf with widths (%2d, %3d, %*zd) and %% as nano's status messages need them. */
function printf(tmpl: string, args: readonly (string | number)[]): string {
  let k = 0;
  return tmpl.replace(/%(-?)(\*|\d*)(?:\.\*)?(?:z|l)?([sdu%])/g, (m, minus: string, width: string, conv: string) => {
    if (conv === '%') return '%';
    let w = 0;
    if (width === '*') w = Number(args[k++]);
    else if (width !== '') w = Number(width);
    if (m.includes('.*')) k++; // precision argument of %.*s (the whole string is printed)
    const v = String(args[k++] ?? '');
    return minus === '-' ? v.padEnd(w) : v.padStart(w);
  });
}
