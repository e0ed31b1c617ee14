// MAIL FROM:/RCPT TO: argument parsing with Postfix's tolerance (strict_rfc821_envelopes = no):
// "FROM:<a@b>", "FROM: <a@b>" (the space students type), "FROM:a@b" without brackets, ESMTP
// parameters after the path (RFC 5321 section 4.1.2, RFC 1870/6152/3461).

export type PathResult =
  | { readonly ok: true; readonly address: string; readonly params: readonly string[] }
  | { readonly ok: false; readonly error: 'syntax' | 'address' };

/** Parses the text after the verb; `keyword` is "from" or "to". */
export function parsePath(rest: string, keyword: 'from' | 'to'): PathResult {
  const prefix = `${keyword}:`;
  if (rest.slice(0, prefix.length).toLowerCase() !== prefix) return { ok: false, error: 'syntax' };
  const arg = rest.slice(prefix.length).replace(/^[ \t]+/, '');
  if (arg === '') return { ok: false, error: 'syntax' };
  let address: string;
  let tail: string;
  if (arg.startsWith('<')) {
    const close = arg.indexOf('>');
    if (close < 0) return { ok: false, error: 'address' };
    address = arg.slice(1, close);
    tail = arg.slice(close + 1);
  } else {
    const m = /^(\S+)(.*)$/s.exec(arg);
    if (m === null) return { ok: false, error: 'syntax' };
    address = m[1] ?? '';
    tail = m[2] ?? '';
  }
  // Source routes "@a,@b:user@dom" are ignored (RFC 5321 section 4.1.1.3, appendix C).
  const route = /^@[^:]*:/.exec(address);
  if (route !== null) address = address.slice(route[0].length);
  if (/[\s<>]/.test(address)) return { ok: false, error: 'address' };
  if (tail !== '' && !/^\s/.test(tail)) return { ok: false, error: 'address' };
  const params = tail.split(/\s+/).filter((p) => p !== '');
  return { ok: true, address, params };
}

/** Splits an address at its last '@'; a bare local part has domain null (qualified with $myorigin). */
export function splitAddress(address: string): { localPart: string; domain: string | null } {
  const at = address.lastIndexOf('@');
  if (at < 0) return { localPart: address, domain: null };
  return { localPart: address.slice(0, at), domain: address.slice(at + 1) };
}
