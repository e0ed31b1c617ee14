// The sending half of the client: one SMTP transaction as Thunderbird 115 runs it without TLS or
// authentication (RFC 5321): greeting, EHLO with our address literal (HELO if EHLO is refused),
// MAIL FROM (with SIZE= and BODY=8BITMIME when the server offers them, RFC 1870 / RFC 6152), one
// RCPT TO per recipient, DATA with dot-stuffing (§4.5.2), QUIT. A refusal ends as a MailError
// carrying the server's reply.
import { formatIpv4 } from '../../wire/addr.ts';
import { MailError } from './mail-error.ts';
import type { MailConnection } from './mail-connection.ts';

export interface SmtpReply {
  readonly code: number;
  /** Every line of the reply, as sent ("250-vm", "250 8BITMIME"). */
  readonly lines: readonly string[];
}

export interface SmtpEnvelope {
  readonly from: string;
  readonly to: readonly string[];
}

/** A reply (RFC 5321 §4.2): lines "ddd-text" then "ddd text" (or a bare "ddd"). */
export async function readSmtpReply(conn: MailConnection): Promise<SmtpReply> {
  const lines: string[] = [];
  for (;;) {
    const line = await conn.readLine();
    const m = /^(\d{3})([ -]|$)/.exec(line);
    if (m === null) throw new MailError('protocol', `${conn.serverName}: not an SMTP reply: ${line.slice(0, 200)}`);
    lines.push(line);
    if (m[2] !== '-') return { code: Number(m[1]), lines };
  }
}

function replyText(r: SmtpReply): string {
  return r.lines.join('\n');
}

/** Sends `command` and checks the reply's class; a refusal becomes MailError 'rejected'. */
async function exchange(conn: MailConnection, command: string, expect: number): Promise<SmtpReply> {
  conn.send(`${command}\r\n`);
  const r = await readSmtpReply(conn);
  if (Math.floor(r.code / 100) !== Math.floor(expect / 100)) throw new MailError('rejected', `${command} -> ${replyText(r)}`);
  return r;
}

/** The message with every line starting with "." doubled, CRLF line ends, then CRLF.CRLF. */
export function dotStuff(message: string): string {
  const lines = message.replace(/\r?\n/g, '\n').split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.startsWith('.') ? `.${l}` : l)).join('\r\n') + '\r\n.\r\n';
}

/** EHLO keywords ("SIZE 10240000" -> SIZE), from the lines after the first. */
function extensions(r: SmtpReply): Set<string> {
  return new Set(r.lines.slice(1).map((l) => l.slice(4).split(' ')[0].toUpperCase()));
}

/** One whole transaction on a fresh connection; closes it. */
export async function sendSmtp(conn: MailConnection, envelope: SmtpEnvelope, message: string): Promise<void> {
  try {
    const greeting = await readSmtpReply(conn);
    if (greeting.code !== 220) throw new MailError('rejected', `${conn.serverName}: ${replyText(greeting)}`);
    const literal = `[${formatIpv4(conn.localAddress)}]`;
    conn.send(`EHLO ${literal}\r\n`);
    const hello = await readSmtpReply(conn);
    let ext = new Set<string>();
    if (hello.code === 250) ext = extensions(hello);
    else await exchange(conn, `HELO ${literal}`, 250);
    const bytes = new TextEncoder().encode(message).length;
    let mailFrom = `MAIL FROM:<${envelope.from}>`;
    // Thunderbird announces 8-bit bodies and the size when the server says it understands them.
    if (ext.has('8BITMIME') && /[^\x00-\x7f]/.test(message)) mailFrom += ' BODY=8BITMIME';
    if (ext.has('SIZE')) mailFrom += ` SIZE=${bytes}`;
    await exchange(conn, mailFrom, 250);
    for (const rcpt of envelope.to) await exchange(conn, `RCPT TO:<${rcpt}>`, 250);
    await exchange(conn, 'DATA', 354);
    conn.send(dotStuff(message));
    const done = await readSmtpReply(conn);
    if (done.code !== 250) throw new MailError('rejected', `DATA -> ${replyText(done)}`);
    conn.send('QUIT\r\n');
    await readSmtpReply(conn).catch(() => null);
    await conn.closeAfterServer();
  } catch (e) {
    // Leave politely after a refusal, as Thunderbird does; a dead connection is just closed.
    if (e instanceof MailError && (e.kind === 'rejected' || e.kind === 'protocol')) conn.send('QUIT\r\n');
    conn.close();
    throw e;
  }
}
