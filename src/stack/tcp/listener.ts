// A listening socket (RFC 9293 LISTEN) and its accept queue. Children appear here once
// ESTABLISHED; the application takes them by subscribing to onConnection (push) or by calling
// accept() (pull). While nobody takes them the queue fills, and a SYN finding it full is dropped
// (Linux tcp_conn_request, sk_acceptq_is_full), so the client retries its SYN.
import { Emitter, type Disposable } from '../../engine/events.ts';
import type { Scheduler } from '../../engine/scheduler.ts';
import type { Ipv4 } from '../../wire/addr.ts';
import { Connection, type TcpConnection } from './connection.ts';
import { sendReset } from './send.ts';
import type { AcceptQueue, SocketOwner, Tcb } from './tcb.ts';

export interface TcpListener {
  readonly state: 'LISTEN' | 'CLOSED';
  readonly localAddress: Ipv4;
  readonly localPort: number;
  owner?: SocketOwner;
  /** Each new ESTABLISHED connection, from a scheduler event; subscribing late still gets the queued ones. */
  readonly onConnection: Emitter<TcpConnection>;
  /** Takes the oldest connection of the accept queue, or null. */
  accept(): TcpConnection | null;
  /** Connections waiting in the accept queue (`ss` shows it as Recv-Q of a listener). */
  readonly queueLength: number;
  /** The backlog given to listen() (`ss` shows it as Send-Q). */
  readonly backlog: number;
  /** Stops listening: connections not yet accepted are reset, half-open ones forgotten. */
  close(): void;
}

/** An Emitter that wakes the accept queue when someone subscribes. */
class ConnectionEmitter extends Emitter<TcpConnection> {
  constructor(private readonly wake: () => void) {
    super();
  }

  override on(listener: (value: TcpConnection) => void): Disposable {
    const d = super.on(listener);
    this.wake();
    return d;
  }
}

export interface ListenerHost {
  readonly scheduler: Scheduler;
  removeListener(l: Listener): void;
}

export class Listener implements TcpListener, AcceptQueue {
  state: 'LISTEN' | 'CLOSED' = 'LISTEN';
  owner?: SocketOwner;
  readonly onConnection: Emitter<TcpConnection>;
  private readonly queue: Connection[] = [];
  private readonly halfOpen = new Set<Tcb>();
  private flushScheduled = false;

  constructor(
    private readonly host: ListenerHost,
    readonly localAddress: Ipv4,
    readonly localPort: number,
    readonly backlog: number,
  ) {
    this.onConnection = new ConnectionEmitter(() => this.scheduleFlush());
  }

  get queueLength(): number {
    return this.queue.length;
  }

  /** Linux sk_acceptq_is_full: more than `backlog` connections wait. */
  get full(): boolean {
    return this.queue.length > this.backlog;
  }

  /** A SYN created this half-open child. */
  adopt(tcb: Tcb): void {
    this.halfOpen.add(tcb);
  }

  offer(tcb: Tcb): boolean {
    if (!(tcb instanceof Connection)) throw new Error('a listener child must be a Connection');
    if (this.state !== 'LISTEN' || this.full) return false;
    this.halfOpen.delete(tcb);
    this.queue.push(tcb);
    this.scheduleFlush();
    return true;
  }

  forget(tcb: Tcb): void {
    this.halfOpen.delete(tcb);
    const i = this.queue.indexOf(tcb as Connection);
    if (i >= 0) this.queue.splice(i, 1);
  }

  accept(): TcpConnection | null {
    const c = this.queue.shift();
    if (c === undefined) return null;
    c.parent = null;
    c.accepted = true;
    if (c.owner === undefined && this.owner !== undefined) c.owner = { ...this.owner };
    c.scheduleFlush();
    return c;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.queue.length === 0) return;
    this.flushScheduled = true;
    this.host.scheduler.after(0, this.flush);
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    while (this.queue.length > 0 && this.onConnection.hasListeners && this.state === 'LISTEN') {
      this.onConnection.fire(this.accept()!);
    }
  };

  close(): void {
    if (this.state === 'CLOSED') return;
    this.state = 'CLOSED';
    this.host.removeListener(this);
    // Linux inet_csk_listen_stop: established children nobody accepted are reset.
    for (const c of this.queue.splice(0)) {
      c.parent = null;
      sendReset(c);
      c.destroy(null);
    }
    for (const t of [...this.halfOpen]) {
      t.parent = null;
      t.destroy(null);
    }
    this.halfOpen.clear();
  }
}
