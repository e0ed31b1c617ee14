// The message Thunderbird 115 writes for a plain-text mail (RFC 5322 + MIME): its header order,
// a UUID Message-ID at the sender's domain, an RFC 2047 Subject when it is not ASCII, and a
// format=flowed body (RFC 3676: space-stuffing, soft breaks at 72 columns), 7bit when the text
// is ASCII, else 8bit UTF-8. CRLF line ends throughout.
import type { Rng } from '../../engine/rng.ts';

export interface Draft {
  readonly from: string;
  /** Display name of the sender ("" for none). */
  readonly fromName?: string;
  /** Recipients, comma-separated as typed in the To field. */
  readonly to: string;
  readonly subject: string;
  readonly body: string;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const FLOWED_WIDTH = 72;

const pad = (n: number): string => String(n).padStart(2, '0');

/** Thunderbird's Date header (UTC hosts): "Sun, 2 Nov 2026 09:05:03 +0000" (the day unpadded). */
export function thunderbirdDate(epochMs: number): string {
  const d = new Date(epochMs);
  return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** A random (version 4) UUID from the host's generator. */
export function uuid(rng: Rng): string {
  const hex: string[] = [];
  for (let i = 0; i < 4; i++) hex.push(rng.nextU32().toString(16).padStart(8, '0'));
  const s = hex.join('');
  const variant = ((parseInt(s[16], 16) & 0x3) | 0x8).toString(16);
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${variant}${s.slice(17, 20)}-${s.slice(20, 32)}`;
}

/** RFC 2047 Q-encoding of a header value that is not ASCII (Thunderbird's choice for subjects). */
export function encodeHeaderWord(text: string): string {
  if (!/[^\x20-\x7e]/.test(text)) return text;
  let out = '';
  for (const b of new TextEncoder().encode(text)) {
    const c = String.fromCharCode(b);
    if (b === 0x20) out += '_';
    else if (/[A-Za-z0-9!*+\-/]/.test(c)) out += c;
    else out += `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return `=?UTF-8?Q?${out}?=`;
}

/** One paragraph line as format=flowed lines: stuffed, cut after a space before column 72. */
function flowLine(line: string): string[] {
  const stuffed = /^( |>|From )/.test(line) ? ` ${line}` : line;
  const out: string[] = [];
  let rest = stuffed;
  while (rest.length > FLOWED_WIDTH) {
    const cut = rest.lastIndexOf(' ', FLOWED_WIDTH - 1);
    if (cut <= 0) break; // one long word: sent as is
    out.push(rest.slice(0, cut + 1)); // the trailing space marks a soft break
    rest = rest.slice(cut + 1);
    if (/^( |>|From )/.test(rest)) rest = ` ${rest}`;
  }
  out.push(rest);
  return out;
}

/** The body as format=flowed text: trailing spaces of typed lines dropped (they would mean "flowed"). */
export function flowedBody(body: string): string {
  const lines = body.replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(/ +$/, ''));
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.flatMap(flowLine).join('\r\n') + '\r\n';
}

/** The addresses of a To field ("a@x, b@y"), trimmed, empty ones dropped. */
export function splitAddresses(to: string): string[] {
  return to
    .split(/[,;]/)
    .map((a) => {
      const angle = /<([^>]*)>/.exec(a);
      return (angle !== null ? angle[1] : a).trim();
    })
    .filter((a) => a !== '');
}

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at >= 0 ? address.slice(at + 1) : address;
}

/** The whole message, CRLF line ends, and its Message-ID (without angle brackets). */
export function composeMessage(draft: Draft, epochMs: number, rng: Rng, locale = 'fr'): { text: string; messageId: string } {
  const messageId = `${uuid(rng)}@${domainOf(draft.from)}`;
  const body = flowedBody(draft.body);
  const eightBit = /[^\x00-\x7f]/.test(body);
  const from = draft.fromName !== undefined && draft.fromName !== '' ? `${encodeHeaderWord(draft.fromName)} <${draft.from}>` : draft.from;
  const headers = [
    `Message-ID: <${messageId}>`,
    `Date: ${thunderbirdDate(epochMs)}`,
    'MIME-Version: 1.0',
    'User-Agent: Mozilla Thunderbird',
    `Content-Language: ${locale === 'fr' ? 'fr' : 'en-US'}`,
    `To: ${splitAddresses(draft.to).join(', ')}`,
    `From: ${from}`,
    `Subject: ${encodeHeaderWord(draft.subject)}`,
    'Content-Type: text/plain; charset=UTF-8; format=flowed',
    `Content-Transfer-Encoding: ${eightBit ? '8bit' : '7bit'}`,
  ];
  return { text: headers.join('\r\n') + '\r\n\r\n' + body, messageId };
}
