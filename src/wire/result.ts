// Codecs return values, not exceptions: bad bytes are normal input (a student's, a fuzzer's).

export type WireErrorKind =
  | 'truncated' // fewer bytes than the header or a length field says
  | 'bad-checksum'
  | 'bad-version'
  | 'bad-length' // a length field that contradicts the buffer or itself
  | 'bad-value' // a field outside its allowed range
  | 'unsupported';

export interface WireError {
  readonly kind: WireErrorKind;
  readonly message: string;
  /** Byte offset (in the parsed buffer) where the problem was found. */
  readonly offset?: number;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: WireError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(kind: WireErrorKind, message: string, offset?: number): Result<T> {
  return { ok: false, error: { kind, message, offset } };
}
