// Exports return values, not exceptions: a bad option or an unexportable capture is something the
// user's action can cause, so the UI shows the message (STYLE.md habit 5).

export type ExportErrorKind =
  | 'mixed-linktype' // classic pcap has one link type per file
  | 'bad-option' // an option outside its allowed range
  | 'bad-time'; // a frame time that cannot be written (before 1970, past the format's range)

export interface ExportError {
  readonly kind: ExportErrorKind;
  readonly message: string;
}

export type ExportResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ExportError };

export function exported<T>(value: T): ExportResult<T> {
  return { ok: true, value };
}

export function exportFailed<T = never>(kind: ExportErrorKind, message: string): ExportResult<T> {
  return { ok: false, error: { kind, message } };
}
