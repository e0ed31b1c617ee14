// The POP3 half of the client (RFC 1939, CAPA from RFC 2449), in the order Thunderbird uses:
// CAPA, USER, PASS, STAT, LIST, UIDL, RETR, DELE, QUIT. Messages are named by their UIDL, which
// stays the same across sessions where message numbers do not.
import { MailError } from './mail-error.ts';
import type { MailConnection } from './mail-connection.ts';

export interface Pop3Listing {
  readonly number: number;
  readonly size: number;
  /** The UIDL, or "#N" when the server has no UIDL. */
  readonly uid: string;
}

export class Pop3Session {
  constructor(private readonly conn: MailConnection) {}

  /** Closes the connection (harmless after QUIT/LOGOUT closed it). */
  close(): void {
    this.conn.close();
  }

  /** Reads "+OK ..." or throws the "-ERR ..." as `kind`. */
  private async status(command: string, kind: 'rejected' | 'auth' = 'rejected'): Promise<string> {
    const line = await this.conn.readLine();
    if (line.startsWith('+OK')) return line;
    if (line.startsWith('-ERR')) throw new MailError(kind, `${command} -> ${line}`);
    throw new MailError('protocol', `${this.conn.serverName}: not a POP3 reply: ${line.slice(0, 200)}`);
  }

  private async command(text: string, kind: 'rejected' | 'auth' = 'rejected', shown = text): Promise<string> {
    this.conn.send(`${text}\r\n`);
    return this.status(shown, kind);
  }

  /** A multi-line answer's lines, dot-unstuffed (RFC 1939 §3), up to the "." line. */
  private async multiline(): Promise<string[]> {
    const lines: string[] = [];
    for (;;) {
      const line = await this.conn.readLine();
      if (line === '.') return lines;
      lines.push(line.startsWith('.') ? line.slice(1) : line);
    }
  }

  async greeting(): Promise<void> {
    await this.status(`${this.conn.serverName}`);
  }

  /** CAPA: the capability names; none when the server refuses CAPA (an old server). */
  async capa(): Promise<string[]> {
    this.conn.send('CAPA\r\n');
    const line = await this.conn.readLine();
    if (!line.startsWith('+OK')) return [];
    return (await this.multiline()).map((l) => l.split(' ')[0].toUpperCase());
  }

  async login(user: string, password: string): Promise<void> {
    await this.command(`USER ${user}`, 'auth');
    await this.command(`PASS ${password}`, 'auth', 'PASS ****');
  }

  async stat(): Promise<{ count: number; size: number }> {
    const line = await this.command('STAT');
    const m = /^\+OK (\d+) (\d+)/.exec(line);
    if (m === null) throw new MailError('protocol', `STAT -> ${line}`);
    return { count: Number(m[1]), size: Number(m[2]) };
  }

  /** LIST then UIDL (when `uidl`): every message with its size and unique id. */
  async list(uidl: boolean): Promise<Pop3Listing[]> {
    await this.command('LIST');
    const sizes = new Map<number, number>();
    for (const l of await this.multiline()) {
      const m = /^(\d+) (\d+)/.exec(l);
      if (m !== null) sizes.set(Number(m[1]), Number(m[2]));
    }
    const uids = new Map<number, string>();
    if (uidl) {
      this.conn.send('UIDL\r\n');
      const first = await this.conn.readLine();
      if (first.startsWith('+OK')) {
        for (const l of await this.multiline()) {
          const m = /^(\d+) (\S+)/.exec(l);
          if (m !== null) uids.set(Number(m[1]), m[2]);
        }
      }
    }
    return [...sizes].map(([number, size]) => ({ number, size, uid: uids.get(number) ?? `#${number}` }));
  }

  /** RETR: the message as the server stores it, CRLF line ends. */
  async retr(n: number): Promise<string> {
    await this.command(`RETR ${n}`);
    return (await this.multiline()).join('\r\n') + '\r\n';
  }

  async dele(n: number): Promise<void> {
    await this.command(`DELE ${n}`);
  }

  /** QUIT: the server applies the deletions (UPDATE state) and closes. */
  async quit(): Promise<void> {
    await this.command('QUIT');
    await this.conn.closeAfterServer();
  }
}
