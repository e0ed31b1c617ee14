// The Received: header smtpd writes into the queue file, and Postfix's mail_date() (RFC 5322 section 3.3).

/** A time zone at one instant: offset east of UTC and the abbreviation strftime's %Z prints. */
export interface SmtpdZone {
  readonly offsetMinutes: number;
  readonly name: string;
}

export const UTC_ZONE: SmtpdZone = { offsetMinutes: 0, name: 'UTC' };

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * Postfix mail_date(): strftime "%a, %e %b %Y %H:%M:%S " then "+hhmm (%Z)".
 * %e pads the day with a space ("Thu,  5 May 2022"), as seeds show.
 */
export function mailDate(epochMs: number, zone: SmtpdZone = UTC_ZONE): string {
  const local = new Date(Math.floor(epochMs / 1000) * 1000 + zone.offsetMinutes * 60_000);
  const day = local.getUTCDate();
  const sign = zone.offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(zone.offsetMinutes);
  return (
    `${DAYS[local.getUTCDay()]}, ${day < 10 ? ' ' : ''}${day} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()} ` +
    `${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}:${pad2(local.getUTCSeconds())} ` +
    `${sign}${pad2(Math.floor(abs / 60))}${pad2(abs % 60)} (${zone.name})`
  );
}

/** Address as it appears inside brackets in Received: ("IPv6:::1" for IPv6, RFC 5321 section 4.1.3). */
export function rfcAddress(address: string): string {
  return address.includes(':') ? `IPv6:${address}` : address;
}

export interface ReceivedFields {
  readonly heloName: string | null;
  readonly clientName: string;
  readonly clientAddress: string;
  readonly myhostname: string;
  readonly protocol: 'SMTP' | 'ESMTP';
  readonly queueId: string;
  readonly recipients: readonly string[];
  readonly date: string;
}

/**
 * smtpd.c: "from HELO (NAME [ADDR])", then "by HOST (Postfix) with PROTO id ID"; with exactly one
 * recipient "for <RCPT>; DATE" follows, otherwise "...id ID;" and the date alone on the next line.
 */
export function receivedHeader(f: ReceivedFields): string {
  const from = `Received: from ${f.heloName ?? f.clientName} (${f.clientName} [${rfcAddress(f.clientAddress)}])`;
  const by = `\tby ${f.myhostname} (Postfix) with ${f.protocol} id ${f.queueId}`;
  if (f.recipients.length === 1) return `${from}\n${by}\n\tfor <${f.recipients[0]}>; ${f.date}`;
  return `${from}\n${by};\n\t${f.date}`;
}
