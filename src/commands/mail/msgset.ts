// Message lists of mail(1) commands (mailutils msgset.y, the common part): numbers, ranges
// "2-4", "*" (all), "$" (last), "." (current), "^" (first), ":n" new, ":u" unread, ":r" read,
// "/text" (subject contains), and a word (messages from that sender).
import type { MailMessage } from './mailbox.ts';
import { senderOf, subjectOf } from './headline.ts';

export type MsgsetResult = { ok: true; list: number[] } | { ok: false; error: 'invalid'; token: string } | { ok: false; error: 'none' };

export function parseMsgset(tokens: readonly string[], messages: readonly MailMessage[], cursor: number): MsgsetResult {
  const total = messages.length;
  const out: number[] = [];
  const check = (n: number, token: string): boolean => n >= 1 && n <= total && token !== '';
  for (const t of tokens) {
    if (/^\d+$/.test(t)) {
      const n = Number(t);
      if (!check(n, t)) return { ok: false, error: 'invalid', token: t };
      out.push(n);
    } else if (/^\d+-\d+$/.test(t)) {
      const [a, b] = t.split('-').map(Number);
      if (!check(a, t)) return { ok: false, error: 'invalid', token: String(a) };
      if (!check(b, t)) return { ok: false, error: 'invalid', token: String(b) };
      for (let n = a; n <= b; n++) out.push(n);
    } else if (t === '*') {
      for (let n = 1; n <= total; n++) out.push(n);
    } else if (t === '$') {
      if (total > 0) out.push(total);
    } else if (t === '.') {
      if (cursor > 0) out.push(cursor);
    } else if (t === '^') {
      if (total > 0) out.push(1);
    } else if (/^:[nuroNURO]$/.test(t)) {
      const k = t[1].toLowerCase();
      messages.forEach((m, i) => {
        if ((k === 'n' && !m.seen && !m.shown) || (k === 'u' && !m.read && !m.shown) || (k === 'r' && (m.read || m.shown)) || (k === 'o' && m.seen)) out.push(i + 1);
      });
    } else if (t.startsWith('/')) {
      const want = t.slice(1).toLowerCase();
      messages.forEach((m, i) => {
        if (subjectOf(m).toLowerCase().includes(want)) out.push(i + 1);
      });
    } else {
      const want = t.toLowerCase();
      messages.forEach((m, i) => {
        if (senderOf(m).toLowerCase().includes(want)) out.push(i + 1);
      });
    }
  }
  if (out.length === 0) return { ok: false, error: 'none' };
  return { ok: true, list: [...new Set(out)] };
}
