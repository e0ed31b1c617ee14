// The IMAP half of the client (RFC 3501), a simplified Thunderbird 115 session: numeric tags and
// lower-case verbs as it sends them (`1 capability`, `2 login "u" "p"`, `4 select "INBOX"`,
// `5 UID fetch 1:* (...)`), strings quoted, or sent as synchronizing literals when they hold
// 8-bit or CR/LF (§4.3: wait for the server's "+" before the bytes).
import { MailError } from './mail-error.ts';
import type { MailConnection } from './mail-connection.ts';
import { fetchAttributes, readImapResponse, valueText, type ImapResponse, type ImapValue } from './imap-response.ts';

/** A piece of a command: text as is, or a string argument (quoted or literal as needed). */
type Part = string | { readonly str: string; readonly secret?: boolean };

export interface ImapFetched {
  readonly uid: number;
  readonly flags: readonly string[];
  readonly size: number;
  /** The section asked for (headers or the whole message), as bytes decoded as UTF-8. */
  readonly section: string;
}

/** Headers Thunderbird asks for to fill its message list. */
const LIST_HEADERS = 'From To Cc Subject Date Message-ID';

const encoder = new TextEncoder();

function needsLiteral(s: string): boolean {
  // CR, LF, NUL and 8-bit cannot be quoted (RFC 3501 §4.3); quotes and backslashes are escaped.
  return /[^\x20-\x7e]/.test(s);
}

function quote(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export class ImapSession {
  private tag = 0;
  /** Untagged responses seen by the last command. */
  private untagged: ImapResponse[] = [];

  constructor(private readonly conn: MailConnection) {}

  /** Closes the connection (harmless after QUIT/LOGOUT closed it). */
  close(): void {
    this.conn.close();
  }

  /** "* OK ... ready." (or PREAUTH); "* BYE" refuses us. */
  async greeting(): Promise<void> {
    const r = await readImapResponse(this.conn);
    if (/^\* (OK|PREAUTH)\b/i.test(r.text)) return;
    if (/^\* BYE\b/i.test(r.text)) throw new MailError('rejected', r.text);
    throw new MailError('protocol', `${this.conn.serverName}: not an IMAP greeting: ${r.text.slice(0, 200)}`);
  }

  /** Runs one command; returns the untagged responses; NO/BAD become MailError `kind`. */
  private async run(parts: readonly Part[], kind: 'rejected' | 'auth' = 'rejected'): Promise<ImapResponse[]> {
    const tag = String(++this.tag);
    this.untagged = [];
    let pending = `${tag} `;
    let shown = pending;
    for (const p of parts) {
      if (typeof p === 'string') {
        pending += p;
        shown += p;
        continue;
      }
      if (!needsLiteral(p.str)) {
        pending += quote(p.str);
        shown += p.secret === true ? '"****"' : quote(p.str);
        continue;
      }
      const bytes = encoder.encode(p.str);
      this.conn.send(`${pending}{${bytes.length}}\r\n`);
      await this.continuation(tag);
      this.conn.send(bytes);
      pending = '';
      shown += `{${bytes.length}}`;
    }
    this.conn.send(`${pending}\r\n`);
    for (;;) {
      const r = await readImapResponse(this.conn);
      if (r.text.startsWith('* ')) {
        if (/^\* BYE\b/i.test(r.text) && !/^LOGOUT/i.test(parts[0] as string)) throw new MailError('closed', r.text);
        this.untagged.push(r);
        continue;
      }
      if (r.text.startsWith('+')) continue; // a continuation nobody asked for
      const m = /^(\S+) (OK|NO|BAD)\b ?(.*)$/i.exec(r.text);
      if (m === null || m[1] !== tag) {
        if (m !== null) continue; // a late answer to an earlier tag
        throw new MailError('protocol', `${this.conn.serverName}: not an IMAP response: ${r.text.slice(0, 200)}`);
      }
      if (m[2].toUpperCase() !== 'OK') throw new MailError(kind, `${shown.trim()} -> ${m[2].toUpperCase()} ${m[3]}`);
      return this.untagged;
    }
  }

  private async continuation(tag: string): Promise<void> {
    for (;;) {
      const r = await readImapResponse(this.conn);
      if (r.text.startsWith('+')) return;
      const m = /^(\S+) (NO|BAD)\b ?(.*)$/i.exec(r.text);
      if (m !== null && m[1] === tag) throw new MailError('rejected', r.text);
      if (r.text.startsWith('* ')) this.untagged.push(r);
    }
  }

  async capability(): Promise<string[]> {
    const out = await this.run(['capability']);
    const line = out.find((r) => /^\* CAPABILITY /i.test(r.text));
    return line === undefined ? [] : line.text.slice('* CAPABILITY '.length).split(' ');
  }

  async login(user: string, password: string): Promise<void> {
    await this.run(['login ', { str: user }, ' ', { str: password, secret: true }], 'auth');
  }

  /** LIST "" "*": the mailbox names (Thunderbird's folder pane). */
  async list(): Promise<string[]> {
    const out = await this.run(['list "" "*"']);
    return out.filter((r) => /^\* LIST /i.test(r.text)).map((r) => r.text.replace(/^\* LIST \([^)]*\) (?:"[^"]*"|NIL) /i, '').replace(/^"(.*)"$/, '$1'));
  }

  /** SELECT "INBOX" (read-write: flags can be stored); the number of messages. */
  async select(mailbox = 'INBOX'): Promise<number> {
    const out = await this.run(['select ', { str: mailbox }]);
    let exists = 0;
    for (const r of out) {
      const m = /^\* (\d+) EXISTS/i.exec(r.text);
      if (m !== null) exists = Number(m[1]);
    }
    return exists;
  }

  /** UID FETCH of the list headers of every message. */
  async fetchHeaders(): Promise<ImapFetched[]> {
    const out = await this.run([`UID fetch 1:* (UID RFC822.SIZE FLAGS BODY.PEEK[HEADER.FIELDS (${LIST_HEADERS})])`]);
    return fetched(out);
  }

  /** UID FETCH of one whole message (BODY.PEEK: reading does not mark it, STORE does). */
  async fetchMessage(uid: number): Promise<ImapFetched | null> {
    const out = await this.run([`UID fetch ${uid} (UID RFC822.SIZE FLAGS BODY.PEEK[])`]);
    return fetched(out).find((f) => f.uid === uid) ?? null;
  }

  /** UID STORE uid +FLAGS (...). */
  async addFlags(uid: number, flags: readonly string[]): Promise<void> {
    await this.run([`UID store ${uid} +FLAGS (${flags.join(' ')})`]);
  }

  async expunge(): Promise<void> {
    await this.run(['expunge']);
  }

  async logout(): Promise<void> {
    await this.run(['logout']);
    await this.conn.closeAfterServer();
  }
}

function bodySection(attrs: Map<string, ImapValue>): string {
  for (const [name, value] of attrs) if (name.startsWith('BODY[')) return valueText(value);
  return '';
}

function fetched(out: readonly ImapResponse[]): ImapFetched[] {
  const list: ImapFetched[] = [];
  for (const r of out) {
    const attrs = fetchAttributes(r);
    if (attrs === null) continue;
    const uid = Number(valueText(attrs.get('UID')));
    if (!Number.isInteger(uid) || uid <= 0) continue;
    const flags = attrs.get('FLAGS');
    list.push({
      uid,
      flags: flags?.t === 'list' ? flags.v.map(valueText) : [],
      size: Number(valueText(attrs.get('RFC822.SIZE'))) || 0,
      section: bodySection(attrs),
    });
  }
  return list;
}
