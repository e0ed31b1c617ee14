// bounce(8): the non-delivery report Postfix sends to the sender, "Undelivered Mail Returned to
// Sender" from MAILER-DAEMON, a multipart/report (RFC 6522) with the human notification, the
// message/delivery-status part (RFC 3464) and the returned message, worded and wrapped as
// Postfix 3.7's default bounce template (../fidelity/smtp/mbox/var_mail_toto_bounce.mbox).
import { mailDate, type SmtpdZone } from '../smtpd/received.ts';

const enc = new TextEncoder();

export interface BouncedRecipient {
  /** Final recipient address and the one the client gave (for "(expanded from <...>)"). */
  readonly address: string;
  readonly original: string;
  readonly dsn: string;
  readonly reason: string;
  /** A remote server's refusal: "Remote-MTA: dns; HOST[IP]" and "Diagnostic-Code: smtp; REPLY". */
  readonly remote?: { readonly mta: string; readonly reply: string };
}

export interface BounceInput {
  readonly queueId: string;
  readonly sender: string;
  readonly arrivalMs: number;
  readonly nowMs: number;
  readonly zone: SmtpdZone;
  readonly myhostname: string;
  readonly myorigin: string;
  readonly recipients: readonly BouncedRecipient[];
  /** The returned message as queued (headers and body, LF line ends). */
  readonly content: Uint8Array;
}

/** line_wrap(): words carried to lines of at most 79 columns, continuation lines indented 4. */
export function wrapLine(text: string, width = 79, indent = 4): string {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line === '') line = lines.length === 0 ? w : `${' '.repeat(indent)}${w}`;
    else if (line.length + 1 + w.length <= width) line += ` ${w}`;
    else {
      lines.push(line);
      line = `${' '.repeat(indent)}${w}`;
    }
  }
  lines.push(line);
  return lines.join('\n');
}

const NOTIFICATION = (host: string): string =>
  `This is the mail system at host ${host}.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

For further assistance, please send mail to postmaster.

If you do so, please include this problem report. You can
delete your own text from the attached returned message.

                   The mail system
`;

/** The report as bounce(8) hands it to cleanup (cleanup adds Received: and Message-Id:). */
export function nonDeliveryReport(b: BounceInput): Uint8Array {
  const boundary = `${b.queueId}.${Math.floor(b.nowMs / 1000)}/${b.myhostname}`;
  const head = [
    `Date: ${mailDate(b.nowMs, b.zone)}`,
    `From: Mail Delivery System <MAILER-DAEMON@${b.myorigin}>`,
    'Subject: Undelivered Mail Returned to Sender',
    `To: ${b.sender}`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status;',
    `\tboundary="${boundary}"`,
    'Content-Transfer-Encoding: 8bit',
    '',
    'This is a MIME-encapsulated message.',
    '',
    `--${boundary}`,
    'Content-Description: Notification',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    NOTIFICATION(b.myhostname),
  ];
  for (const r of b.recipients) {
    const expanded = r.original !== '' && r.original !== r.address ? ` (expanded from <${r.original}>)` : '';
    head.push(wrapLine(`<${r.address}>${expanded}: ${r.reason}`), '');
  }
  head.push(
    `--${boundary}`,
    'Content-Description: Delivery report',
    'Content-Type: message/delivery-status',
    '',
    `Reporting-MTA: dns; ${b.myhostname}`,
    `X-Postfix-Queue-ID: ${b.queueId}`,
    `X-Postfix-Sender: rfc822; ${b.sender}`,
    `Arrival-Date: ${mailDate(b.arrivalMs, b.zone)}`,
  );
  for (const r of b.recipients) {
    head.push(
      '',
      `Final-Recipient: rfc822; ${r.address}`,
      `Original-Recipient: rfc822;${r.original.includes('@') ? r.original : r.address}`,
      'Action: failed',
      `Status: ${r.dsn}`,
      ...(r.remote === undefined
        ? [wrapLine(`Diagnostic-Code: X-Postfix; ${r.reason}`)]
        : [`Remote-MTA: dns; ${r.remote.mta}`, wrapLine(`Diagnostic-Code: smtp; ${r.remote.reply}`)]),
    );
  }
  head.push('', `--${boundary}`, 'Content-Description: Undelivered Message', 'Content-Type: message/rfc822', 'Content-Transfer-Encoding: 8bit', '', `Return-Path: <${b.sender}>`);
  const top = enc.encode(`${head.join('\n')}\n`);
  let content = b.content;
  if (content.length > 0 && content[content.length - 1] !== 0x0a) content = new Uint8Array([...content, 0x0a]);
  const tail = enc.encode(`\n--${boundary}--\n`);
  const out = new Uint8Array(top.length + content.length + tail.length);
  out.set(top);
  out.set(content, top.length);
  out.set(tail, top.length + content.length);
  return out;
}
