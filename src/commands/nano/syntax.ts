// The "default" syntax of Debian 12's nano (/usr/share/nano/default.nanorc, included by
// /etc/nanorc): what colours a file no other syntax claims, such as main.cf or a zone file.
// Rules apply in the file's order, a later match painting over an earlier one.
import type { Attr } from './screen.ts';

const RULES: readonly [RegExp, Attr][] = [
  [/ +\t+/g, 'redbg'],
  [/<[A-Za-z0-9.%_+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}>/g, 'magenta'],
  [/\bhttps?:\/\/\S+\.\S+[^\])>\s,.]/g, 'lblue'],
  [/^\[[^[\]]+\]$/g, 'bgreen'],
  [/^[ \t]*#.*/g, 'cyan'],
  [/[\x00-\x08\x0b-\x1f\x7f]/g, 'orange'],
];

/** The colour of each character of a line. */
export function colorLine(line: string): Attr[] {
  const out: Attr[] = new Array<Attr>(line.length).fill('');
  for (const [re, attr] of RULES) {
    re.lastIndex = 0;
    for (let m = re.exec(line); m !== null; m = re.exec(line)) {
      for (let i = m.index; i < m.index + m[0].length; i++) out[i] = attr;
      if (m[0].length === 0) re.lastIndex++;
    }
  }
  return out;
}
