// SHA-512-crypt ("$6$"), Ulrich Drepper's "Unix crypt using SHA-256 and SHA-512" as glibc and
// libxcrypt implement it (https://www.akkadia.org/drepper/SHA-crypt.txt, steps numbered as there).
//
// Deliberate difference from Debian 12: its passwd/chpasswd write yescrypt ("$y$j9T$..."), which
// is far heavier to implement; hashes this machine writes are "$6$" (Debian's previous default,
// still accepted by PAM on Debian 12). A "$y$" hash pasted into /etc/shadow cannot be verified.
import type { Rng } from '../../engine/rng.ts';
import { Sha512 } from './sha512.ts';

/** crypt(3)'s base-64 alphabet (not RFC 4648's). */
export const CRYPT_ALPHABET = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const ROUNDS_DEFAULT = 5000;
const ROUNDS_MIN = 1000;
const ROUNDS_MAX = 999_999_999;
const SALT_MAX = 16;

const encoder = new TextEncoder();

/** Repeats `src` to fill `len` bytes (steps 16 and 20). */
function repeatTo(src: Uint8Array, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i += src.length) out.set(src.subarray(0, Math.min(src.length, len - i)), i);
  return out;
}

/** The 64-byte digest in crypt's byte order and base-64 (step 22). */
function encodeDigest(d: Uint8Array): string {
  let out = '';
  const b64 = (b2: number, b1: number, b0: number, n: number) => {
    let w = (b2 << 16) | (b1 << 8) | b0;
    for (let i = 0; i < n; i++) {
      out += CRYPT_ALPHABET[w & 0x3f];
      w >>>= 6;
    }
  };
  // Byte i goes with i+21 and i+42, the triple rotated by i mod 3 (glibc's b64_from_24bit list).
  for (let i = 0; i < 21; i++) {
    const t = [i, i + 21, i + 42];
    const r = i % 3;
    b64(d[t[r]], d[t[(r + 1) % 3]], d[t[(r + 2) % 3]], 4);
  }
  b64(0, 0, d[63], 2);
  return out;
}

/**
 * crypt(password, "$6$[rounds=N$]salt") as glibc: the salt is cut at 16 characters and at the
 * first '$'; rounds are clamped to [1000, 999999999] and written back only if given.
 */
export function sha512Crypt(password: string, setting: string): string {
  let rest = setting.startsWith('$6$') ? setting.slice(3) : setting;
  let rounds = ROUNDS_DEFAULT;
  let customRounds = false;
  const m = /^rounds=(\d+)\$/.exec(rest);
  if (m) {
    rounds = Math.min(ROUNDS_MAX, Math.max(ROUNDS_MIN, Number(m[1])));
    customRounds = true;
    rest = rest.slice(m[0].length);
  }
  const dollar = rest.indexOf('$');
  const saltStr = (dollar >= 0 ? rest.slice(0, dollar) : rest).slice(0, SALT_MAX);
  const P = encoder.encode(password);
  const S = encoder.encode(saltStr);

  // Steps 4-8: digest B = SHA512(P S P).
  const B = new Sha512().update(P).update(S).update(P).digest();
  // Steps 1-3, 9-12: digest A.
  const ctxA = new Sha512().update(P).update(S);
  let n = P.length;
  for (; n > 64; n -= 64) ctxA.update(B);
  ctxA.update(B.subarray(0, n));
  for (let len = P.length; len > 0; len >>>= 1) ctxA.update(len & 1 ? B : P);
  const A = ctxA.digest();
  // Steps 13-16: P' from DP = SHA512(P repeated |P| times).
  const ctxDP = new Sha512();
  for (let i = 0; i < P.length; i++) ctxDP.update(P);
  const Pp = repeatTo(ctxDP.digest(), P.length);
  // Steps 17-20: S' from DS = SHA512(S repeated 16 + A[0] times).
  const ctxDS = new Sha512();
  for (let i = 0; i < 16 + A[0]; i++) ctxDS.update(S);
  const Sp = repeatTo(ctxDS.digest(), S.length);
  // Step 21: the rounds (one hasher and one digest buffer reused: thousands of short messages).
  const c = new Sha512();
  for (let i = 0; i < rounds; i++) {
    c.reset();
    c.update(i & 1 ? Pp : A);
    if (i % 3 !== 0) c.update(Sp);
    if (i % 7 !== 0) c.update(Pp);
    c.update(i & 1 ? A : Pp);
    c.digest(A);
  }
  const prefix = customRounds ? `$6$rounds=${rounds}$` : '$6$';
  return `${prefix}${saltStr}$${encodeDigest(A)}`;
}

/** A fresh "$6$" hash with a 16-character salt drawn from `rng` (5000 rounds, as glibc's default). */
export function hashPassword(password: string, rng: Rng): string {
  let salt = '';
  for (let i = 0; i < SALT_MAX; i++) salt += CRYPT_ALPHABET[rng.int(0, 63)];
  return sha512Crypt(password, `$6$${salt}`);
}

/**
 * Checks a password against a /etc/shadow (or passwd) hash field, as pam_unix with `nullok`
 * (Debian's common-auth): an empty field accepts any password; '!' or '*' prefixes (locked,
 * no password) and schemes other than $6$ never match.
 */
export function verifyPassword(password: string, hash: string): boolean {
  if (hash === '') return true;
  if (!hash.startsWith('$6$')) return false;
  const expected = sha512Crypt(password, hash);
  if (expected.length !== hash.length) return false;
  let diff = 0;
  for (let i = 0; i < hash.length; i++) diff |= hash.charCodeAt(i) ^ expected.charCodeAt(i);
  return diff === 0;
}
