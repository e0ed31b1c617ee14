// The session script of `netsim run` (a contract teachers rely on; documented in README):
//   @HOST / @HOST#2   switch the keyboard to HOST's first (second...) terminal
//   @wait SECONDS     advance simulated time
//   @expect TEXT      the current terminal printed TEXT since the last typed line
//   @key NAME         a special key (Up, Down, Left, Right, Tab, Enter, Esc, Backspace, PageUp, PageDown)
//   ^C, ^D, ^X ...    alone on a line: that control key
//   # comment         ignored
//   anything else     typed, then Enter (also a line starting with "@ ": zone files' origin)
export type Directive =
  | { kind: 'terminal'; line: number; host: string; index: number }
  | { kind: 'wait'; line: number; seconds: number }
  | { kind: 'expect'; line: number; text: string }
  | { kind: 'key'; line: number; name: string; bytes: string }
  | { kind: 'type'; line: number; text: string };

export interface ScriptError {
  line: number;
  message: string;
}

/** What each named key sends, as xterm.js sends it (normal cursor mode). */
export const KEY_BYTES: Readonly<Record<string, string>> = {
  Up: '\x1b[A',
  Down: '\x1b[B',
  Right: '\x1b[C',
  Left: '\x1b[D',
  Home: '\x1b[H',
  End: '\x1b[F',
  PageUp: '\x1b[5~',
  PageDown: '\x1b[6~',
  Delete: '\x1b[3~',
  Tab: '\t',
  Enter: '\r',
  Esc: '\x1b',
  Backspace: '\x7f',
  Space: ' ',
};

/** `^C` -> "\x03"; also ^@ ^[ ^\ ^] ^^ ^_ and ^? (DEL). */
export function controlKey(spec: string): string | null {
  const m = /^\^([A-Za-z@[\\\]^_?])$/.exec(spec);
  if (!m) return null;
  const c = m[1].toUpperCase();
  if (c === '?') return '\x7f';
  return String.fromCharCode(c.charCodeAt(0) - 64);
}

export function parseSessionScript(text: string): { ok: true; directives: Directive[] } | { ok: false; errors: ScriptError[] } {
  const directives: Directive[] = [];
  const errors: ScriptError[] = [];
  const lines = text.split(/\r?\n/);
  // A trailing newline does not make an extra empty line to type.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.startsWith('#')) return;
    const ctrl = controlKey(raw.trim());
    if (ctrl !== null) {
      directives.push({ kind: 'key', line, name: raw.trim(), bytes: ctrl });
      return;
    }
    // A lone "@" or "@ ..." is text to type (a zone file's "@   IN  SOA ..." in a here-document).
    if (!raw.startsWith('@') || raw === '@' || /^@\s/.test(raw)) {
      directives.push({ kind: 'type', line, text: raw });
      return;
    }
    const space = raw.indexOf(' ');
    const word = space < 0 ? raw : raw.slice(0, space);
    const arg = space < 0 ? '' : raw.slice(space + 1);
    switch (word) {
      case '@wait': {
        const seconds = Number(arg.trim());
        if (arg.trim() === '' || !Number.isFinite(seconds) || seconds < 0) errors.push({ line, message: `@wait needs a number of seconds, got "${arg}"` });
        else directives.push({ kind: 'wait', line, seconds });
        return;
      }
      case '@expect':
        if (arg === '') errors.push({ line, message: '@expect needs a text' });
        else directives.push({ kind: 'expect', line, text: arg });
        return;
      case '@key': {
        const name = arg.trim();
        const bytes = KEY_BYTES[name] ?? controlKey(name);
        if (bytes === undefined || bytes === null) errors.push({ line, message: `unknown key "${name}" (known: ${Object.keys(KEY_BYTES).join(', ')}, ^C...)` });
        else directives.push({ kind: 'key', line, name, bytes });
        return;
      }
      default: {
        const m = /^@([A-Za-z0-9_-]+)(?:#(\d+))?$/.exec(raw.trim());
        if (!m) errors.push({ line, message: `unknown directive "${word}"` });
        else directives.push({ kind: 'terminal', line, host: m[1], index: m[2] ? Number(m[2]) : 1 });
      }
    }
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, directives };
}
