// What postdrop leaves in $queue_directory/maildrop for pickup(8): the submitter's uid, the sender
// as given (login name or -f), recipients from the command line, whether to extract recipients
// from the headers (-t), the full name (-F) and the message. One JSON line, then the message bytes.

export interface MaildropRecord {
  readonly uid: number;
  readonly sender: string;
  readonly recipients: readonly string[];
  readonly extract: boolean;
  readonly fullName: string;
  readonly arrivalMs: number;
  readonly content: Uint8Array;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

export function emitMaildrop(r: MaildropRecord): Uint8Array {
  const head = enc.encode(
    `${JSON.stringify({ v: 1, uid: r.uid, sender: r.sender, recipients: r.recipients, extract: r.extract, fullName: r.fullName, arrivalMs: r.arrivalMs })}\n`,
  );
  const out = new Uint8Array(head.length + r.content.length);
  out.set(head);
  out.set(r.content, head.length);
  return out;
}

export function parseMaildrop(bytes: Uint8Array): MaildropRecord | null {
  const nl = bytes.indexOf(0x0a);
  if (nl < 0) return null;
  try {
    const h = JSON.parse(dec.decode(bytes.subarray(0, nl))) as Record<string, unknown>;
    if (h === null || typeof h !== 'object' || h.v !== 1 || !Array.isArray(h.recipients)) return null;
    return {
      uid: Number(h.uid) || 0,
      sender: String(h.sender ?? ''),
      recipients: h.recipients.map(String),
      extract: h.extract === true,
      fullName: String(h.fullName ?? ''),
      arrivalMs: Number(h.arrivalMs) || 0,
      content: bytes.slice(nl + 1),
    };
  } catch {
    return null;
  }
}

/** RFC 5322 address lists of To:/Cc:/Bcc: (sendmail -t): addresses only, groups and comments dropped. */
export function headerRecipients(content: Uint8Array): { recipients: string[]; withoutBcc: Uint8Array } {
  const text = new TextDecoder('latin1').decode(content);
  const end = text.search(/\n\n|^\n/);
  const headerText = end < 0 ? text : text.slice(0, end + 1);
  const lines = headerText.split('\n');
  const fields: { name: string; start: number; count: number; value: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    const m = /^([\x21-\x39\x3b-\x7e]+)[ \t]*:(.*)$/.exec(l);
    if (m === null) {
      const last = fields[fields.length - 1];
      if (last !== undefined && /^[ \t]/.test(l)) {
        last.value += ` ${l.trim()}`;
        last.count += 1;
        continue;
      }
      break;
    }
    fields.push({ name: (m[1] ?? '').toLowerCase(), start: i, count: 1, value: m[2] ?? '' });
  }
  const recipients: string[] = [];
  for (const f of fields) {
    if (!['to', 'cc', 'bcc', 'resent-to', 'resent-cc', 'resent-bcc'].includes(f.name)) continue;
    const value = f.value.replace(/\([^()]*\)/g, '').replace(/"[^"]*"/g, '');
    for (const part of value.replace(/[^:;,]*:([^;]*);/g, '$1').split(',')) {
      const angle = /<([^<>]*)>/.exec(part);
      const address = (angle !== null ? (angle[1] ?? '') : part).trim();
      if (address !== '' && !/\s/.test(address)) recipients.push(address);
    }
  }
  const bcc = fields.filter((f) => f.name === 'bcc');
  if (bcc.length === 0) return { recipients, withoutBcc: content };
  const drop = new Set<number>();
  for (const f of bcc) for (let k = 0; k < f.count; k++) drop.add(f.start + k);
  const kept = text.split('\n').filter((_l, i) => !drop.has(i) || i >= lines.length);
  const out = new Uint8Array(kept.join('\n').length);
  const joined = kept.join('\n');
  for (let i = 0; i < joined.length; i++) out[i] = joined.charCodeAt(i) & 0xff;
  return { recipients, withoutBcc: out };
}
