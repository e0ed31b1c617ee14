// chmod's MODE argument as GNU parses it (modechange.c): octal (`644`, `4755`) or symbolic
// clauses (`u+x,go-w`, `a=r`, `+t`, `g=u`, `X`), applied to a file's current mode; an omitted
// "who" means all, minus the umask bits.
export type ModeChange = (mode: number, isDir: boolean) => number;

const UMASK = 0o022;

export function parseMode(text: string, umask = UMASK): ModeChange | null {
  if (/^[0-7]+$/.test(text)) {
    if (text.length > 5 || parseInt(text, 8) > 0o7777) return null;
    const v = parseInt(text, 8);
    // A directory keeps its setuid/setgid bits unless 5 digits say otherwise (`chmod 00755 d`).
    return (mode, isDir) => (isDir && text.length < 5 ? v | (mode & 0o6000) : v);
  }
  const clauses = text.split(',');
  const steps: ((mode: number, isDir: boolean) => number)[] = [];
  for (const clause of clauses) {
    const m = /^([ugoa]*)((?:[-+=](?:[rwxXst]*|[ugo]))+)$/.exec(clause);
    if (!m) return null;
    const whoText = m[1];
    let who = 0;
    for (const c of whoText) who |= c === 'u' ? 0o4700 : c === 'g' ? 0o2070 : c === 'o' ? 0o1007 : 0o7777;
    const implicit = whoText === '';
    if (implicit) who = 0o7777;
    const ops = m[2].match(/[-+=](?:[rwxXst]*|[ugo])/g)!;
    for (const op of ops) {
      const sign = op[0];
      const perms = op.slice(1);
      steps.push((mode, isDir) => {
        let bits = 0;
        if (/^[ugo]$/.test(perms)) {
          const src = perms === 'u' ? (mode >> 6) & 7 : perms === 'g' ? (mode >> 3) & 7 : mode & 7;
          bits = (src << 6) | (src << 3) | src;
        } else {
          for (const c of perms) {
            if (c === 'r') bits |= 0o444;
            else if (c === 'w') bits |= 0o222;
            else if (c === 'x') bits |= 0o111;
            else if (c === 'X') bits |= isDir || mode & 0o111 ? 0o111 : 0;
            else if (c === 's') bits |= 0o6000;
            else if (c === 't') bits |= 0o1000;
          }
        }
        let mask = who;
        if (implicit) mask &= ~umask;
        bits &= mask;
        if (sign === '+') return mode | bits;
        if (sign === '-') return mode & ~bits;
        // '=': clear the who bits (keeping a directory's setuid/setgid unless named), then set.
        let clear = who & 0o777;
        if (!implicit) clear = who & (isDir ? 0o1777 : 0o7777);
        else clear = isDir ? 0o1777 : 0o7777;
        return (mode & ~clear) | bits;
      });
    }
  }
  return (mode, isDir) => steps.reduce((m, f) => f(m, isDir), mode) & 0o7777;
}
