// The client side of one SMTP connection for smtp(8): connect with a timeout, read multi-line
// replies (RFC 5321 section 4.2: "250-" continues, "250 " ends), write commands. Every wait is a
// promise woken by socket events or a scheduler timer, so it runs in virtual time.
import type { Timer } from '../../../engine/scheduler.ts';
import type { Process } from '../../../os/program.ts';
import type { TcpConnection } from '../../../stack/tcp/tcp-module.ts';
import type { NetError } from '../../../stack/transport.ts';
import type { Ipv4 } from '../../../wire/addr.ts';

const SECOND = 1_000_000_000;
const enc = new TextEncoder();
const latin1 = new TextDecoder('latin1');

export interface SmtpReply {
  readonly code: number;
  /** Every line of the reply joined with a space, as Postfix quotes it in logs ("250 2.0.0 Ok: queued as X"). */
  readonly text: string;
  readonly lines: readonly string[];
}

/** strerror() of the connect errors smtp(8) logs ("connect to H[IP]:25: Network is unreachable"). */
export function connectErrorText(e: NetError | 'timeout'): string {
  switch (e) {
    case 'ENETUNREACH':
      return 'Network is unreachable';
    case 'EHOSTUNREACH':
      return 'No route to host';
    case 'ECONNREFUSED':
      return 'Connection refused';
    case 'ECONNRESET':
      return 'Connection reset by peer';
    case 'timeout':
    case 'ETIMEDOUT':
      return 'Connection timed out';
    default:
      return 'Connection refused';
  }
}

export class SmtpClientConnection {
  private buffer = '';
  private ended = false;
  private wake: (() => void) | null = null;

  private constructor(
    private readonly proc: Process,
    readonly conn: TcpConnection,
  ) {
    conn.onData.on((d) => {
      this.buffer += latin1.decode(d);
      this.poke();
    });
    conn.onEnd.on(() => {
      this.ended = true;
      this.poke();
    });
    conn.onClose.on(() => {
      this.ended = true;
      this.poke();
    });
  }

  /** TCP connect to address:port, or why not. */
  static async open(proc: Process, address: Ipv4, port: number, timeoutSeconds: number): Promise<SmtpClientConnection | NetError | 'timeout'> {
    const conn = proc.host.net.tcp.connect({ address, port, owner: { pid: proc.pid, name: proc.comm } });
    const outcome = await new Promise<'up' | NetError | 'timeout'>((resolve) => {
      let timer: Timer | null = null;
      const subs = [
        conn.onConnect.on(() => done('up')),
        conn.onClose.on((e) => done(e ?? 'ECONNRESET')),
      ];
      const done = (v: 'up' | NetError | 'timeout'): void => {
        proc.host.scheduler.noteAsyncWake();
        timer?.cancel();
        for (const s of subs) s.dispose();
        resolve(v);
      };
      timer = proc.host.scheduler.after(timeoutSeconds * SECOND, () => done('timeout'));
    });
    if (outcome === 'up') return new SmtpClientConnection(proc, conn);
    if (outcome === 'timeout') conn.abort();
    return outcome;
  }

  private poke(): void {
    const w = this.wake;
    this.wake = null;
    if (w !== null) {
      this.proc.host.scheduler.noteAsyncWake();
      w();
    }
  }

  /** The next complete reply, or null when the server went away or `timeoutSeconds` passed. */
  async readReply(timeoutSeconds: number): Promise<SmtpReply | null> {
    const lines: string[] = [];
    for (;;) {
      const nl = this.buffer.indexOf('\n');
      if (nl >= 0) {
        const line = this.buffer.slice(0, nl).replace(/\r$/, '');
        this.buffer = this.buffer.slice(nl + 1);
        lines.push(line);
        if (!/^\d{3}-/.test(line)) {
          const code = /^\d{3}/.test(line) ? Number(line.slice(0, 3)) : 0;
          return { code, text: lines.join(' '), lines };
        }
        continue;
      }
      if (this.ended) return null;
      const woke = await new Promise<boolean>((resolve) => {
        const timer = this.proc.host.scheduler.after(timeoutSeconds * SECOND, () => {
          this.wake = null;
          this.proc.host.scheduler.noteAsyncWake();
          resolve(false);
        });
        this.wake = () => {
          timer.cancel();
          resolve(true);
        };
      });
      if (!woke) return null;
    }
  }

  write(text: string | Uint8Array): void {
    this.conn.send(typeof text === 'string' ? enc.encode(text) : text);
  }

  close(): void {
    this.conn.close();
  }
}
