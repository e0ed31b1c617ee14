// Autocompletion in the display filter bar, as Wireshark's: the field name being typed at the
// caret, and the known names that start with it (the next level first: typing "tcp." offers
// "tcp.flags" before "tcp.flags.syn").

export interface Completion {
  /** Where the word being typed starts and ends in the text. */
  readonly start: number;
  readonly end: number;
  readonly word: string;
  readonly suggestions: readonly string[];
}

const NAME_CHAR = /[A-Za-z0-9_.-]/;

/** The field-name-like word around `caret`, or null (caret in an operator, a string, a space). */
export function wordAt(text: string, caret: number): { start: number; end: number; word: string } | null {
  let start = caret;
  while (start > 0 && NAME_CHAR.test(text[start - 1])) start--;
  let end = caret;
  while (end < text.length && NAME_CHAR.test(text[end])) end++;
  if (start === end) return null;
  const word = text.slice(start, end);
  // Literals are not names: numbers, addresses (start with a digit), and the inside of strings.
  if (/^[0-9]/.test(word) || insideString(text, start)) return null;
  return { start, end, word };
}

function insideString(text: string, at: number): boolean {
  let quoted = false;
  for (let i = 0; i < at; i++) {
    if (text[i] === '\\' && quoted) i++;
    else if (text[i] === '"') quoted = !quoted;
  }
  return quoted;
}

/** Names starting with `prefix`, fewer dots first, then alphabetical; at most `limit`. */
export function suggest(names: Iterable<string>, prefix: string, limit = 12): string[] {
  const lower = prefix.toLowerCase();
  const found = new Set<string>();
  for (const n of names) if (n.startsWith(lower) && n !== lower) found.add(n);
  const dots = (s: string): number => s.split('.').length;
  return [...found].sort((a, b) => dots(a) - dots(b) || (a < b ? -1 : a > b ? 1 : 0)).slice(0, limit);
}

export function complete(text: string, caret: number, names: Iterable<string>, limit = 12): Completion | null {
  const w = wordAt(text, caret);
  if (w === null) return null;
  const suggestions = suggest(names, w.word, limit);
  return suggestions.length === 0 ? null : { ...w, suggestions };
}

/** The text with the completed word in place, and the caret after it. */
export function applyCompletion(text: string, c: Pick<Completion, 'start' | 'end'>, name: string): { text: string; caret: number } {
  return { text: text.slice(0, c.start) + name + text.slice(c.end), caret: c.start + name.length };
}
