// Sending with mail(1) (mailutils mail/send.c): the headers given by options, the Cc: and
// Subject: prompts on a terminal, the body until ^D, a lone "." or "~.", two ^C to give up (the
// letter goes to ~/dead.letter), then User-Agent: and Date: and the message on the standard input
// of `/usr/sbin/sendmail -oi -f USER@HOST -t`. Postfix's pickup then logs `uid=... from=<USER@HOST>`
// and cleanup adds Message-Id: and From: (var_mail_etudiant_before_reading.mbox).
import type { Process } from '../../os/program.ts';
import { BytesInput } from '../../os/process/streams.ts';
import { strftime } from '../lib/strftime.ts';
import { C_LOCALE } from '../lib/locale.ts';
import { strerror } from '../lib/errno.ts';
import type { LineReader } from './line-reader.ts';
import type { MailText } from './messages.ts';

export const USER_AGENT = 'mail (GNU Mailutils 3.15)';
export const SENDMAIL = '/usr/sbin/sendmail';

/** Ordered message headers; set() replaces a header in place or appends it (mu_header_set_value). */
export class HeaderList {
  readonly fields: { name: string; value: string }[] = [];

  get(name: string): string | null {
    const f = this.fields.find((x) => x.name.toLowerCase() === name.toLowerCase());
    return f ? f.value : null;
  }

  set(name: string, value: string): void {
    if (value === '') return;
    const f = this.fields.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (f) f.value = value;
    else this.fields.push({ name, value });
  }

  /** COMPOSE_SINGLE_LINE: a second address joins the first with a comma. */
  addAddress(name: string, value: string): void {
    if (value === '') return;
    const old = this.get(name);
    this.set(name, old === null || old === '' ? value : `${old},${value}`);
  }

  append(name: string, value: string): void {
    this.fields.push({ name, value });
  }

  text(): string {
    return this.fields.map((f) => `${f.name}: ${f.value}\n`).join('');
  }
}

export interface ComposeContext {
  proc: Process;
  reader: LineReader;
  text: MailText;
  /** USER@HOST: the envelope sender and the dead.letter From_ line. */
  sender: string;
  home: string;
}

const BODY_PROMPT = ' \b';

/** Reads the body. Returns null when the letter was killed (two interrupts, ~x). */
async function readBody(ctx: ComposeContext): Promise<{ body: string; killed: boolean }> {
  const { proc, reader } = ctx;
  let body = '';
  let interrupts = 0;
  for (;;) {
    const r = await reader.read(BODY_PROMPT);
    if (r.kind === 'interrupt') {
      if (++interrupts === 2) {
        proc.stdout.write('\n');
        return { body, killed: true };
      }
      // What the real terminal shows after the first ^C (mail_send_C.txt): the line is cleared,
      // the prompt is shown again on the next line, then the notice.
      proc.stdout.write(`\r\x1b[K\n${BODY_PROMPT}\n`);
      proc.stderr.write(ctx.text.interrupt());
      continue;
    }
    if (r.kind === 'eof') {
      if (reader.interactive) proc.stdout.write('\n');
      return { body, killed: false };
    }
    interrupts = 0;
    const line = r.text;
    if (line === '.') return { body, killed: false };
    if (line.startsWith('~')) {
      if (line[1] === '~') body += line.slice(1) + '\n';
      else if (line[1] === '.') return { body, killed: false };
      else if (line[1] === 'x' || line[1] === 'q') return { body, killed: true };
      else proc.stderr.write(`mail: ${ctx.text.unknownEscape(line.slice(1).split(/\s+/)[0] ?? '')}`);
      continue;
    }
    body += line + '\n';
  }
}

function deadLetter(ctx: ComposeContext, headers: HeaderList, body: string): void {
  const { proc } = ctx;
  const now = proc.host.wallTimeMs();
  const head = headers.fields.length > 0 ? headers.text() + '\n' : '\n';
  const text = `From ${ctx.sender} ${strftime('%a %b %e %H:%M:%S %Y', now, C_LOCALE)}\n${head}${body}\n`;
  const path = proc.env.get('DEAD') ?? `${ctx.home}/dead.letter`;
  const r = proc.host.fs.writeFile(path, text, proc.cred, { mode: 0o600, cwd: proc.cwd });
  if (!r.ok) proc.stderr.write(`mail: Cannot open file ${path}: ${strerror(r.errno, ctx.text.loc)}\n`);
}

/** Hands the message to sendmail; resolves 0 when it was accepted. */
export async function submit(ctx: ComposeContext, headers: HeaderList, body: string): Promise<number> {
  const { proc } = ctx;
  const message = headers.text() + '\n' + body;
  const child = proc.spawn([SENDMAIL, '-oi', '-f', ctx.sender, '-t'], { stdin: new BytesInput(message) });
  if ('error' in child) {
    proc.stderr.write(`mail: ${ctx.text.cannotSend(strerror(child.error === 'ENOENT' ? 'ENOENT' : 'EACCES', ctx.text.loc))}`);
    deadLetter(ctx, headers, body);
    return 1;
  }
  const code = await child.wait();
  if (code !== 0) {
    proc.stderr.write(`mail: ${ctx.text.processFailed()}\n`);
    deadLetter(ctx, headers, body);
    return 1;
  }
  return 0;
}

export interface SendOptions {
  headers: HeaderList;
  recipients: readonly string[];
  /** -s was given: no Subject: prompt. */
  subjectGiven: boolean;
  /** false for a reply: its headers are already shown, no To:/Cc:/Subject: questions. */
  prompts?: boolean;
}

/** `mail [options] address...`: compose and send one letter. */
export async function sendMail(ctx: ComposeContext, o: SendOptions): Promise<number> {
  const { proc, reader, text } = ctx;
  const headers = o.headers;
  for (const r of o.recipients) headers.addAddress('To', r);
  if (o.prompts === false) {
    // reply: headers prepared by the caller
  } else if (reader.interactive) {
    if (o.recipients.length === 0) {
      const r = await reader.read('To: ');
      if (r.kind === 'line') headers.set('To', r.text.trim());
      else if (r.kind === 'interrupt') proc.stdout.write('\n');
    }
    const cc = await reader.read('Cc: ');
    if (cc.kind === 'line') headers.set('Cc', cc.text.trim());
    else if (cc.kind === 'interrupt') proc.stdout.write('\n');
    if (!o.subjectGiven) {
      const s = await reader.read('Subject: ');
      if (s.kind === 'line') headers.set('Subject', s.text.trim());
      else if (s.kind === 'interrupt') proc.stdout.write('\n');
    }
  } else if (o.recipients.length === 0) {
    proc.stderr.write(`mail: ${text.noRecipients()}`);
    return 1;
  }
  const { body, killed } = await readBody(ctx);
  if (killed) {
    deadLetter(ctx, headers, body);
    return 1;
  }
  if (headers.get('To') === null && headers.get('Cc') === null && headers.get('Bcc') === null) {
    proc.stderr.write(`mail: ${text.noRecipients()}`);
    deadLetter(ctx, headers, body);
    return 1;
  }
  if (body === '') proc.stderr.write(`mail: ${text.nullBody()}`);
  headers.set('User-Agent', USER_AGENT);
  headers.set('Date', strftime('%a, %d %b %Y %H:%M:%S %z', proc.host.wallTimeMs(), C_LOCALE));
  return submit(ctx, headers, body);
}
