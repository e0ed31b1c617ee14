// Keys as a full-screen program reads them from a raw terminal: bytes to key names, for the
// sequences xterm (and xterm.js) send. A lone ESC in a chunk is the Escape key; ESC [ and ESC O
// start cursor and function keys.

export type KeyName =
  | 'up' | 'down' | 'left' | 'right' | 'home' | 'end' | 'pgup' | 'pgdn' | 'insert' | 'delete'
  | 'tab' | 'backtab' | 'enter' | 'esc' | 'backspace' | 'f12' | 'unknown';

export type Key = { readonly name: KeyName } | { readonly char: string };

const CSI: Readonly<Record<string, KeyName>> = {
  A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end', Z: 'backtab',
  '1~': 'home', '2~': 'insert', '3~': 'delete', '4~': 'end', '5~': 'pgup', '6~': 'pgdn',
  '7~': 'home', '8~': 'end', '24~': 'f12',
};

/** Splits a chunk of terminal input into keys. */
export function parseKeys(text: string): Key[] {
  const keys: Key[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\x1b') {
      const next = text[i + 1];
      if (next === '[' || next === 'O') {
        let j = i + 2;
        while (j < text.length && /[0-9;]/.test(text[j])) j++;
        const body = text.slice(i + 2, j + 1);
        const finalKey = body.replace(/^1;\d+(?=[A-Z])/, '');
        keys.push({ name: CSI[finalKey] ?? 'unknown' });
        i = j + 1;
        continue;
      }
      keys.push({ name: 'esc' });
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') keys.push({ name: 'enter' });
    else if (ch === '\t') keys.push({ name: 'tab' });
    else if (ch === '\x7f' || ch === '\b') keys.push({ name: 'backspace' });
    else keys.push({ char: ch });
    i += ch.length;
  }
  return keys;
}

export function isNamed(k: Key, name: KeyName): boolean {
  return 'name' in k && k.name === name;
}
