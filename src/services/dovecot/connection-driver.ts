// Drives one client connection through a sans-IO protocol engine (POP3 or IMAP): bytes from the
// socket into `receive`, replies back, the idle timers of the login and mail processes, the
// auth_failure_delay before a failed login is answered (Dovecot holds the reply, and reads no
// more input, while it waits), and the close when the engine is done or the client went away.
import type { Scheduler, Timer } from '../../engine/scheduler.ts';
import type { TcpConnection } from '../../stack/tcp/connection.ts';

/** What DovecotPop3 and DovecotImap have in common. */
export interface ProtocolEngine {
  start(): Uint8Array;
  receive(bytes: Uint8Array): Uint8Array;
  timeout(): Uint8Array;
  peerClosed(): void;
  readonly closed: boolean;
  readonly loggedInUser: string | null;
  /** IMAP: mailbox changes by others (new mail while IDLE), checked every 30 s. */
  poll?(): Uint8Array;
  /** IMAP IDLE's "* OK Still here" every 2 minutes. */
  keepalive?(): Uint8Array;
}

/** mailbox_idle_check_interval and imap_idle_notify_interval (Dovecot defaults). */
const POLL_SECONDS = 30;
const KEEPALIVE_SECONDS = 120;

export type EndCause = 'server' | 'peer' | 'timeout';

export interface DriverHooks {
  /** Seconds of silence before the engine's timeout(), before and after login. */
  readonly loginIdleSeconds: number;
  readonly mailIdleSeconds: number;
  /** Delay (s) to apply to the replies of the input being processed, else 0 (auth failed). */
  takeReplyDelay(): number;
  /** The engine just logged a user in. */
  onLogin(user: string): void;
  /** The session is over (the socket is closing). */
  onEnd(cause: EndCause, wasLoggedIn: boolean): void;
}

const SECOND = 1_000_000_000;

export class ConnectionDriver {
  private readonly pending: Uint8Array[] = [];
  private busy = false;
  private ended = false;
  private loggedIn = false;
  private idle: Timer | null = null;
  private readonly periodic: Timer[] = [];

  constructor(
    private readonly conn: TcpConnection,
    private readonly engine: ProtocolEngine,
    private readonly scheduler: Scheduler,
    private readonly hooks: DriverHooks,
  ) {}

  /** Sends the greeting and starts listening to the socket. */
  start(): void {
    this.conn.onData.on((data) => {
      // One command line at a time, as the daemons read them: a reply held back (a failed login)
      // does not hold back the replies to the commands before it in the same segment.
      let start = 0;
      for (let lf = data.indexOf(0x0a); lf >= 0; lf = data.indexOf(0x0a, start)) {
        this.pending.push(data.subarray(start, lf + 1));
        start = lf + 1;
      }
      if (start < data.length) this.pending.push(data.subarray(start));
      this.pump();
    });
    this.conn.onEnd.on(() => this.peerGone());
    this.conn.onClose.on(() => this.peerGone());
    this.write(this.engine.start());
    this.armIdle();
  }

  get finished(): boolean {
    return this.ended;
  }

  private pump(): void {
    while (!this.busy && !this.ended && this.pending.length > 0) {
      const chunk = this.pending.shift() as Uint8Array;
      this.armIdle();
      const out = this.engine.receive(chunk);
      const delay = this.hooks.takeReplyDelay();
      if (delay > 0) {
        this.busy = true;
        this.scheduler.after(Math.round(delay * SECOND), () => {
          this.busy = false;
          if (this.ended) return;
          this.write(out);
          this.afterReply();
          this.pump();
        });
        return;
      }
      this.write(out);
      this.afterReply();
    }
  }

  private afterReply(): void {
    const user = this.engine.loggedInUser;
    if (!this.loggedIn && user !== null) {
      this.loggedIn = true;
      this.hooks.onLogin(user);
      this.armIdle();
      if (this.engine.poll !== undefined) this.every(POLL_SECONDS, () => this.engine.poll?.() ?? new Uint8Array(0));
      if (this.engine.keepalive !== undefined) this.every(KEEPALIVE_SECONDS, () => this.engine.keepalive?.() ?? new Uint8Array(0));
    }
    if (this.engine.closed) this.finish('server');
  }

  private peerGone(): void {
    if (this.ended) return;
    this.engine.peerClosed();
    this.finish('peer');
  }

  private armIdle(): void {
    this.idle?.cancel();
    const seconds = this.loggedIn ? this.hooks.mailIdleSeconds : this.hooks.loginIdleSeconds;
    this.idle = this.scheduler.after(seconds * SECOND, () => {
      if (this.ended || this.busy) return;
      this.write(this.engine.timeout());
      this.finish('timeout');
    });
  }

  /** A repeating timer whose output goes to the client (nothing when the engine has nothing). */
  private every(seconds: number, fn: () => Uint8Array): void {
    const arm = (): void => {
      const t = this.scheduler.after(seconds * SECOND, () => {
        this.periodic.splice(this.periodic.indexOf(t), 1);
        if (this.ended) return;
        if (!this.busy) {
          this.write(fn());
          if (this.engine.closed) {
            this.finish('server');
            return;
          }
        }
        arm();
      });
      this.periodic.push(t);
    };
    arm();
  }

  private finish(cause: EndCause): void {
    if (this.ended) return;
    this.ended = true;
    this.idle?.cancel();
    for (const t of this.periodic) t.cancel();
    this.pending.length = 0;
    this.conn.close();
    this.hooks.onEnd(cause, this.loggedIn);
  }

  private write(bytes: Uint8Array): void {
    if (bytes.length > 0 && this.conn.state !== 'CLOSED') this.conn.send(bytes);
  }
}
