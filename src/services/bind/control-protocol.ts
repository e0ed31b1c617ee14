// The command channel between rndc and named (TCP 127.0.0.1#953). Real rndc speaks BIND's
// HMAC-signed ISCCC protocol; here the request is one line, the command as typed, and the reply
// is a status line ("0" success, else BIND's result text: "not found", "unknown command") and
// the text rndc prints, then named closes the connection.
export const CONTROL_PORT = 953;

export interface ControlReply {
  /** null on success, else isc_result_totext() of the failure. */
  readonly error: string | null;
  readonly text: string;
}

export function encodeControlReply(r: ControlReply): string {
  return `${r.error === null ? 'ok' : `error ${r.error}`}\n${r.text}`;
}

export function decodeControlReply(s: string): ControlReply | null {
  const nl = s.indexOf('\n');
  if (nl < 0) return null;
  const head = s.slice(0, nl);
  const text = s.slice(nl + 1);
  if (head === 'ok') return { error: null, text };
  if (head.startsWith('error ')) return { error: head.slice(6), text };
  return null;
}
