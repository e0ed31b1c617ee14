// One mail account of the client panel, attached to a host of the simulation: check the inbox,
// read, send, delete, each a dialogue with the servers over that host's sockets, in virtual time
// (the page's driver or a test moves time; these promises settle when the dialogues end).
// Every failure a server, the network or the settings can cause resolves as { ok: false }.
// With POP3 the messages are downloaded by the check (RETR) and read locally, as Thunderbird
// does; with IMAP the list comes from headers and a message is fetched when opened.
import type { Rng } from '../../engine/rng.ts';
import type { Simulation } from '../simulation.ts';
import type { AccountSettings } from './account-settings.ts';
import { localPartOf, settingsProblems } from './account-settings.ts';
import { ClientProcess } from './client-process.ts';
import { composeMessage, splitAddresses, type Draft } from './compose-message.ts';
import { ImapSession } from './imap-client.ts';
import { MailConnection } from './mail-connection.ts';
import { MailError, type MailResult } from './mail-error.ts';
import { parseMessage, type ParsedMessage } from './parse-message.ts';
import { Pop3Session } from './pop3-client.ts';
import { sendSmtp } from './smtp-client.ts';

export interface MessageSummary {
  /** The UIDL (POP3) or the UID (IMAP), as text. */
  readonly id: string;
  readonly from: string;
  readonly subject: string;
  readonly date: string;
  readonly size: number;
  readonly seen: boolean;
}

export interface MailMessage extends ParsedMessage {
  readonly id: string;
  /** The message as the server gave it. */
  readonly raw: string;
}

export type SendDraft = Omit<Draft, 'from' | 'fromName'>;

interface Downloaded {
  readonly summary: MessageSummary;
  readonly raw: string;
}

function summaryOf(id: string, text: string, size: number, seen: boolean): MessageSummary {
  const p = parseMessage(text);
  return { id, from: p.from, subject: p.subject, date: p.date, size, seen };
}

export class MailAccount {
  private readonly client: ClientProcess;
  private readonly rng: Rng;
  /** POP3: the messages downloaded, by UIDL, in the server's order. */
  private readonly downloaded = new Map<string, Downloaded>();
  private readonly seenLocally = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly sim: Simulation,
    readonly hostName: string,
    readonly settings: AccountSettings,
  ) {
    const machine = sim.host(hostName).machine;
    this.client = new ClientProcess(machine, localPartOf(settings.address));
    this.rng = machine.rng.fork(`thunderbird:${settings.address}`);
  }

  /** Fetches the inbox: new messages first as the server lists them (the page sorts). */
  check(): Promise<MailResult<MessageSummary[]>> {
    return this.run(() => (this.settings.protocol === 'imap' ? this.checkImap() : this.checkPop3()));
  }

  read(id: string): Promise<MailResult<MailMessage>> {
    return this.run(() => (this.settings.protocol === 'imap' ? this.readImap(id) : this.readPop3(id)));
  }

  /** Sends through the outgoing server; resolves the Message-ID. */
  send(draft: SendDraft): Promise<MailResult<{ messageId: string }>> {
    return this.run(() => this.sendSmtp(draft));
  }

  delete(id: string): Promise<MailResult<void>> {
    return this.run(() => (this.settings.protocol === 'imap' ? this.deleteImap(id) : this.deletePop3(id)));
  }

  /** Ends the client process (the panel closed). */
  close(): void {
    this.client.close();
  }

  /** One operation at a time, as one client window; failures become values. */
  private run<T>(op: () => Promise<T>): Promise<MailResult<T>> {
    const result = this.queue.then(async (): Promise<MailResult<T>> => {
      const problems = settingsProblems(this.settings);
      if (problems.length > 0) return { ok: false, error: { kind: 'settings', message: problems.join(', ') } };
      try {
        return { ok: true, value: await op() };
      } catch (e) {
        if (e instanceof MailError) return { ok: false, error: e.failure };
        throw e;
      }
    });
    this.queue = result.catch(() => null);
    return result;
  }

  private async connect(host: string, port: number): Promise<MailConnection> {
    const proc = await this.client.get();
    return MailConnection.open(proc, host.trim(), port);
  }

  // ---- POP3 ----------------------------------------------------------------------------

  private async pop3(): Promise<Pop3Session> {
    const conn = await this.connect(this.settings.incomingHost, this.settings.incomingPort);
    const s = new Pop3Session(conn);
    try {
      await s.greeting();
      await s.capa();
      await s.login(this.settings.username.trim(), this.settings.password);
    } catch (e) {
      s.close();
      throw e;
    }
    return s;
  }

  /** A logged-in POP3 session for `fn`, then QUIT; the connection is closed whatever happens. */
  private async withPop3<T>(fn: (s: Pop3Session) => Promise<T>): Promise<T> {
    const s = await this.pop3();
    try {
      const value = await fn(s);
      await s.quit();
      return value;
    } finally {
      s.close();
    }
  }

  private async checkPop3(): Promise<MessageSummary[]> {
    const listing = await this.withPop3(async (s) => {
      await s.stat();
      const found = await s.list(true);
      for (const m of found) {
        if (this.downloaded.has(m.uid)) continue;
        const raw = await s.retr(m.number);
        this.downloaded.set(m.uid, { raw, summary: summaryOf(m.uid, raw, m.size, false) });
      }
      return found;
    });
    // What the server no longer has (deleted elsewhere) leaves the list.
    const present = new Set(listing.map((m) => m.uid));
    for (const uid of [...this.downloaded.keys()]) if (!present.has(uid)) this.downloaded.delete(uid);
    return [...this.downloaded.values()].map((d) => ({ ...d.summary, seen: this.seenLocally.has(d.summary.id) }));
  }

  private async readPop3(id: string): Promise<MailMessage> {
    const d = this.downloaded.get(id);
    if (d === undefined) throw new MailError('rejected', `no message ${id}`);
    this.seenLocally.add(id);
    return { id, raw: d.raw, ...parseMessage(d.raw) };
  }

  private async deletePop3(id: string): Promise<void> {
    const found = await this.withPop3(async (s) => {
      const m = (await s.list(true)).find((x) => x.uid === id);
      if (m !== undefined) await s.dele(m.number);
      return m;
    });
    this.downloaded.delete(id);
    if (found === undefined) throw new MailError('rejected', `no message ${id} on the server`);
  }

  // ---- IMAP ----------------------------------------------------------------------------

  private async imap(): Promise<{ s: ImapSession; exists: number }> {
    const conn = await this.connect(this.settings.incomingHost, this.settings.incomingPort);
    const s = new ImapSession(conn);
    try {
      await s.greeting();
      await s.capability();
      await s.login(this.settings.username.trim(), this.settings.password);
      await s.list();
      const exists = await s.select('INBOX');
      return { s, exists };
    } catch (e) {
      s.close();
      throw e;
    }
  }

  /** A logged-in IMAP session with INBOX selected for `fn`, then LOGOUT; always closed. */
  private async withImap<T>(fn: (s: ImapSession, exists: number) => Promise<T>): Promise<T> {
    const { s, exists } = await this.imap();
    try {
      const value = await fn(s, exists);
      await s.logout();
      return value;
    } finally {
      s.close();
    }
  }

  private async checkImap(): Promise<MessageSummary[]> {
    const list = await this.withImap((s, exists) => (exists > 0 ? s.fetchHeaders() : Promise.resolve([])));
    return list.map((f) => summaryOf(String(f.uid), f.section, f.size, f.flags.some((x) => x.toLowerCase() === '\\seen')));
  }

  private uid(id: string): number {
    const uid = Number(id);
    if (!/^\d+$/.test(id) || uid <= 0) throw new MailError('rejected', `no message ${id}`);
    return uid;
  }

  private async readImap(id: string): Promise<MailMessage> {
    const uid = this.uid(id);
    const f = await this.withImap(async (s) => {
      const m = await s.fetchMessage(uid);
      if (m !== null) await s.addFlags(uid, ['\\Seen']);
      return m;
    });
    if (f === null) throw new MailError('rejected', `no message ${id} on the server`);
    return { id, raw: f.section, ...parseMessage(f.section) };
  }

  private async deleteImap(id: string): Promise<void> {
    const uid = this.uid(id);
    await this.withImap(async (s) => {
      await s.addFlags(uid, ['\\Deleted', '\\Seen']);
      await s.expunge();
    });
  }

  // ---- SMTP ----------------------------------------------------------------------------

  private async sendSmtp(draft: SendDraft): Promise<{ messageId: string }> {
    const to = splitAddresses(draft.to);
    if (to.length === 0) throw new MailError('settings', 'to');
    const bad = to.find((a) => !/^[^\s@<>]+(@[^\s@<>]+)?$/.test(a));
    if (bad !== undefined) throw new MailError('settings', `to: ${bad}`);
    const machine = this.sim.host(this.hostName).machine;
    const message = composeMessage({ ...draft, from: this.settings.address.trim(), fromName: this.settings.name }, machine.wallTimeMs(), this.rng);
    const conn = await this.connect(this.settings.outgoingHost, this.settings.outgoingPort);
    await sendSmtp(conn, { from: this.settings.address.trim(), to }, message.text);
    return { messageId: message.messageId };
  }
}
