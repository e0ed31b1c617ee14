// What the mail panel shows, computed without the DOM: an error line, a sender's name, a date.
import type { MailFailure } from '../../sim/index.ts';
import { errorKey, problemKey, type MailText } from './mail-i18n.ts';
import type { SettingsProblem } from '../../sim/index.ts';

const PROBLEMS: readonly SettingsProblem[] = ['address', 'incomingHost', 'incomingPort', 'outgoingHost', 'outgoingPort', 'username'];

/** "Échec de l’authentification : PASS **** -> -ERR [AUTH] Authentication failed." */
export function errorLine(t: MailText, e: MailFailure): string {
  const sep = t('colon');
  if (e.kind === 'settings') {
    const parts = e.message.split(', ').map((p) => (PROBLEMS.includes(p as SettingsProblem) ? t(problemKey(p as SettingsProblem)) : p));
    return t(errorKey(e.kind)) + sep + parts.join(', ');
  }
  return t(errorKey(e.kind)) + sep + e.message;
}

/** The display name of a From header ("Toto <toto@x>" -> "Toto"), else the address. */
export function senderName(from: string): string {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]*)>\s*$/.exec(from);
  if (m === null) return from.trim();
  return m[1] !== '' ? m[1] : m[2];
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** A Date header as "2026-11-22 03:33" (UTC, the hosts' zone); unparseable dates as they are. */
export function shortDate(date: string): string {
  const ms = Date.parse(date.replace(/\s*\([^)]*\)\s*$/, ''));
  if (Number.isNaN(ms)) return date;
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}
