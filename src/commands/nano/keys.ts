// The keys nano reads from a terminal in raw mode: printable text, control keys (^O is 0x0f),
// Meta keys (Esc then a letter, as Alt sends them), the VT100/xterm sequences of the cursor
// and editing keys in both normal and application mode (ESC [ A and ESC O A), and bracketed
// pastes (ESC [ 200~ ... ESC [ 201~, which nano 7 turns on).

export type Key =
  | { readonly t: 'text'; readonly text: string }
  | { readonly t: 'ctrl'; readonly c: string }
  | { readonly t: 'meta'; readonly c: string }
  | { readonly t: 'paste'; readonly text: string }
  | {
      readonly t:
        | 'up' | 'down' | 'left' | 'right' | 'home' | 'end' | 'pgup' | 'pgdn' | 'del' | 'ins' | 'bksp' | 'enter' | 'tab' | 'esc'
        | 'ctrl-left' | 'ctrl-right' | 'ctrl-up' | 'ctrl-down' | 'ctrl-home' | 'ctrl-end' | 'unknown';
    };

const CSI_TILDE: Readonly<Record<string, Key['t']>> = {
  '1': 'home', '7': 'home', '4': 'end', '8': 'end', '2': 'ins', '3': 'del', '5': 'pgup', '6': 'pgdn',
};

function arrow(letter: string, ctrl: boolean): Key {
  const base = ({ A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end' } as const)[letter as 'A'];
  if (base === undefined) return { t: 'unknown' };
  if (!ctrl) return { t: base };
  return { t: `ctrl-${base}` as Key['t'] } as Key;
}

/** Decodes the bytes of one read into keys (a read holds whole sequences, as a terminal sends them). */
export class KeyDecoder {
  private pasting: string | null = null;
  private readonly dec = new TextDecoder();

  decode(bytes: Uint8Array): Key[] {
    const s = this.dec.decode(bytes);
    const keys: Key[] = [];
    let text = '';
    const flush = () => {
      if (text !== '') keys.push({ t: 'text', text });
      text = '';
    };
    let i = 0;
    while (i < s.length) {
      if (this.pasting !== null) {
        const end = s.indexOf('\x1b[201~', i);
        if (end < 0) {
          this.pasting += s.slice(i);
          break;
        }
        this.pasting += s.slice(i, end);
        keys.push({ t: 'paste', text: this.pasting });
        this.pasting = null;
        i = end + 6;
        continue;
      }
      const ch = s[i];
      const code = ch.charCodeAt(0);
      if (code === 0x1b) {
        flush();
        const [key, used] = this.escape(s, i);
        if (key !== null) keys.push(key);
        i += used;
        continue;
      }
      if (code < 0x20 || code === 0x7f) {
        flush();
        keys.push(control(code));
        i++;
        continue;
      }
      const cp = s.codePointAt(i)!;
      text += String.fromCodePoint(cp);
      i += cp > 0xffff ? 2 : 1;
    }
    flush();
    return keys;
  }

  /** An escape sequence at s[i]; returns the key (null when it opened a paste) and its length. */
  private escape(s: string, i: number): [Key | null, number] {
    const next = s[i + 1];
    if (next === undefined) return [{ t: 'esc' }, 1];
    if (next === '[') {
      let j = i + 2;
      while (j < s.length && /[0-9;]/.test(s[j])) j++;
      if (j >= s.length) return [{ t: 'unknown' }, s.length - i];
      const params = s.slice(i + 2, j);
      const final = s[j];
      const used = j - i + 1;
      if (final === '~') {
        if (params === '200') {
          this.pasting = '';
          return [null, used];
        }
        const [n, mod] = params.split(';');
        const t = CSI_TILDE[n];
        if (t === undefined) return [{ t: 'unknown' }, used];
        if (mod === '5' && (t === 'home' || t === 'end')) return [{ t: t === 'home' ? 'ctrl-home' : 'ctrl-end' }, used];
        return [{ t } as Key, used];
      }
      return [arrow(final, params.endsWith(';5')), used];
    }
    if (next === 'O') {
      const f = s[i + 2];
      if (f === undefined) return [{ t: 'unknown' }, 2];
      return [arrow(f, false), 3];
    }
    if (next === '\x1b') return [{ t: 'esc' }, 1];
    // Esc followed by a key: Meta (Alt) of that key.
    return [{ t: 'meta', c: next.toLowerCase() === next ? next : next.toLowerCase() }, 2];
  }
}

function control(code: number): Key {
  switch (code) {
    case 0x0d:
      return { t: 'enter' };
    case 0x09:
      return { t: 'tab' };
    case 0x7f:
    case 0x08:
      return { t: 'bksp' };
    case 0x00:
      return { t: 'ctrl', c: ' ' };
    case 0x1c:
      return { t: 'ctrl', c: '\\' };
    case 0x1d:
      return { t: 'ctrl', c: ']' };
    case 0x1e:
      return { t: 'ctrl', c: '^' };
    case 0x1f:
      return { t: 'ctrl', c: '/' };
    default:
      return { t: 'ctrl', c: String.fromCharCode(code + 0x60) };
  }
}
