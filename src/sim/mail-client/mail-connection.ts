// One TCP connection of the mail client to a server, on the host's own sockets: the name resolved
// by the host's resolver (/etc/hosts, then DNS on the wire, as glibc does for Thunderbird), the
// connection owned by the client's process (ss -tp shows it), and reads of CRLF lines or of
// counted bytes (IMAP literals) that wait in virtual time, with a timeout so a silent server ends
// as an error instead of a dialogue that never finishes.
import type { Process } from '../../os/program.ts';
import type { TcpConnection } from '../../stack/tcp/tcp-module.ts';
import type { NetError } from '../../stack/transport.ts';
import { SECOND } from '../../engine/time.ts';
import { formatIpv4, type Ipv4 } from '../../wire/addr.ts';
import { EventQueue } from '../../commands/lib/event-queue.ts';
import { netStrerror } from '../../commands/lib/net-errors.ts';
import { gaiStrerror, lookupHost } from '../../commands/lib/resolve.ts';
import { socketOwner } from '../../commands/lib/socket-table.ts';
import { MailError } from './mail-error.ts';

/** Thunderbird waits 100 s for a server (mailnews.tcptimeout); a minute is enough here. */
export const READ_TIMEOUT_NS = 60 * SECOND;
/** A line longer than this is not a mail protocol's line (RFC 5321 §4.5.3.1.5 allows 512). */
const MAX_LINE = 64 * 1024;

type Event = { kind: 'data'; data: Uint8Array } | { kind: 'end' } | { kind: 'closed'; error: NetError | null } | { kind: 'timeout' };

const decoder = new TextDecoder();
const encoder = new TextEncoder();

export class MailConnection {
  private readonly q: EventQueue<Event>;
  private buf = new Uint8Array(0);
  private ended = false;
  private endError: NetError | null = null;

  private constructor(
    proc: Process,
    private readonly conn: TcpConnection,
    /** The server's name as typed, for messages. */
    readonly serverName: string,
  ) {
    this.q = new EventQueue<Event>(proc.host.scheduler);
    conn.onData.on((data) => this.q.push({ kind: 'data', data }));
    conn.onEnd.on(() => this.q.push({ kind: 'end' }));
    conn.onClose.on((error) => this.q.push({ kind: 'closed', error }));
  }

  /** Resolves `host` and connects to `port`; MailError 'resolve' or 'connect' when it cannot. */
  static async open(proc: Process, host: string, port: number): Promise<MailConnection> {
    const found = await lookupHost(proc, host);
    if (!found.ok) throw new MailError('resolve', `${host}: ${gaiStrerror(found.error)}`);
    const conn = proc.host.net.tcp.connect({ address: found.address, port, owner: socketOwner(proc) });
    const wait = new EventQueue<'up' | NetError>(proc.host.scheduler);
    const subs = [conn.onConnect.on(() => wait.push('up')), conn.onClose.on((e) => wait.push(e ?? 'ECONNRESET'))];
    const r = await wait.next();
    for (const s of subs) s.dispose();
    if (r !== 'up') {
      conn.abort();
      throw new MailError('connect', `${host} (${formatIpv4(found.address)}) port ${port}: ${netStrerror(r)}`);
    }
    return new MailConnection(proc, conn, host);
  }

  /** Our address on this connection (Thunderbird's EHLO argument). */
  get localAddress(): Ipv4 {
    return this.conn.localAddress;
  }

  send(data: string | Uint8Array): void {
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    // The send buffer takes 256 KiB or more; a panel message is far smaller.
    this.conn.send(bytes);
  }

  /** One line without its CR LF (bytes as UTF-8). MailError when the server closes or stalls. */
  async readLine(): Promise<string> {
    for (;;) {
      const lf = this.buf.indexOf(0x0a);
      if (lf >= 0) {
        const end = lf > 0 && this.buf[lf - 1] === 0x0d ? lf - 1 : lf;
        const line = decoder.decode(this.buf.subarray(0, end));
        this.buf = this.buf.slice(lf + 1);
        return line;
      }
      if (this.buf.length > MAX_LINE) throw new MailError('protocol', `${this.serverName}: a reply line longer than ${MAX_LINE} bytes`);
      await this.fill();
    }
  }

  /** Exactly `n` bytes (an IMAP literal). */
  async readBytes(n: number): Promise<Uint8Array> {
    while (this.buf.length < n) await this.fill();
    const out = this.buf.slice(0, n);
    this.buf = this.buf.slice(n);
    return out;
  }

  /** Closes our side (FIN after what is queued). */
  close(): void {
    this.conn.close();
  }

  /** Waits for the server's FIN (after QUIT/LOGOUT), at most a few seconds, then closes. */
  async closeAfterServer(): Promise<void> {
    const timer = this.q.after(5 * SECOND, { kind: 'timeout' });
    while (!this.ended) {
      const ev = await this.q.next();
      if (ev.kind === 'timeout') break;
      if (ev.kind === 'end' || ev.kind === 'closed') this.ended = true;
    }
    timer.cancel();
    this.conn.close();
  }

  private async fill(): Promise<void> {
    if (this.ended) throw this.closedError();
    const timer = this.q.after(READ_TIMEOUT_NS, { kind: 'timeout' });
    const ev = await this.q.next();
    timer.cancel();
    switch (ev.kind) {
      case 'data': {
        const next = new Uint8Array(this.buf.length + ev.data.length);
        next.set(this.buf);
        next.set(ev.data, this.buf.length);
        this.buf = next;
        return;
      }
      case 'end':
        this.ended = true;
        throw this.closedError();
      case 'closed':
        this.ended = true;
        this.endError = ev.error;
        throw this.closedError();
      case 'timeout':
        this.conn.abort();
        this.ended = true;
        throw new MailError('timeout', `${this.serverName}: no answer from the server for ${READ_TIMEOUT_NS / SECOND} s`);
    }
  }

  private closedError(): MailError {
    const why = this.endError !== null ? netStrerror(this.endError) : 'connection closed by the server';
    return new MailError('closed', `${this.serverName}: ${why}`);
  }
}
